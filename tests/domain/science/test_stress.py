"""Session-RPE load (Foster), TSS form, our rTSS and hrSS variants."""

from __future__ import annotations

import numpy as np
import pytest

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.stress import (
    heart_rate_stress_score,
    intensity_factor,
    mean_graded_speed_mps,
    running_stress_score,
    session_rpe_load,
    training_stress_score,
)
from everyrun.domain.science.trimp import Sex, banister_trimp_block
from everyrun.domain.units import parse_pace


def test_an_hour_at_rpe_6_is_360_units() -> None:
    assert session_rpe_load(6.0, 60.0) == 360.0


@pytest.mark.parametrize(("rpe", "minutes"), [(11.0, 60.0), (-1.0, 60.0), (5.0, -10.0)])
def test_rpe_outside_cr10_or_negative_minutes_are_refused(rpe: float, minutes: float) -> None:
    with pytest.raises(ScienceInputError):
        session_rpe_load(rpe, minutes)


@pytest.mark.parametrize(("factor", "expected"), [(1.0, 100.0), (0.90, 81.0)])
def test_an_hour_scores_hundred_times_if_squared(factor: float, expected: float) -> None:
    assert training_stress_score(3600.0, factor) == pytest.approx(expected)


def test_intensity_factor_is_relative_to_threshold() -> None:
    assert intensity_factor(3.0, 4.0) == pytest.approx(0.75)
    with pytest.raises(ScienceInputError):
        intensity_factor(3.0, 0.0)


def test_an_hour_at_4_45_against_a_4_15_threshold_is_80_1() -> None:
    threshold = parse_pace("4:15/km").speed_mps
    run = parse_pace("4:45/km").speed_mps

    assert round(intensity_factor(run, threshold), 3) == 0.895
    assert round(running_stress_score(3600.0, run, threshold), 1) == 80.1


def test_mean_graded_speed_is_time_weighted_and_adjusts_for_hills() -> None:
    flat = mean_graded_speed_mps([3.0, 4.0], [0.0, 0.0], [30.0, 10.0])
    hilly = mean_graded_speed_mps([3.0, 3.0], [0.05, 0.0], [10.0, 10.0])

    assert flat == pytest.approx(3.25)
    assert hilly > 3.0


def test_mean_graded_speed_skips_samples_it_cannot_use() -> None:
    mean = mean_graded_speed_mps([3.0, np.nan, 5.0], [0.0, 0.0, np.nan], [1.0, 1.0, 1.0])

    assert mean == pytest.approx(3.0)
    with pytest.raises(ScienceInputError):
        mean_graded_speed_mps([np.nan], [0.0], [1.0])


@pytest.mark.parametrize(("minutes", "expected"), [(60.0, 100.0), (30.0, 50.0)])
def test_hrss_scores_one_hour_at_lthr_as_100(minutes: float, expected: float) -> None:
    trimp = banister_trimp_block(
        minutes, 170.0, resting_heart_rate_bpm=45.0, max_heart_rate_bpm=195.0, sex=Sex.male
    )

    score = heart_rate_stress_score(
        trimp,
        threshold_heart_rate_bpm=170.0,
        resting_heart_rate_bpm=45.0,
        max_heart_rate_bpm=195.0,
        sex=Sex.male,
    )

    assert score == pytest.approx(expected)


def test_hrss_refuses_a_threshold_outside_rest_to_max() -> None:
    with pytest.raises(ScienceInputError, match="LTHR"):
        heart_rate_stress_score(
            50.0,
            threshold_heart_rate_bpm=200.0,
            resting_heart_rate_bpm=45.0,
            max_heart_rate_bpm=195.0,
            sex=Sex.female,
        )
