"""TRIMP: Banister (Morton et al. 1990), Edwards (1993), Lucia et al. (2003)."""

from __future__ import annotations

import numpy as np
import pytest

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.trimp import (
    Sex,
    banister_trimp,
    banister_trimp_block,
    edwards_trimp,
    edwards_trimp_from_stream,
    heart_rate_reserve_fraction,
    lucia_trimp,
    lucia_trimp_from_stream,
)

REST_BPM = 40.0
MAX_BPM = 200.0


@pytest.mark.parametrize(("sex", "expected"), [(Sex.male, 31.8), (Sex.female, 37.1)])
def test_thirty_minutes_at_130_bpm(sex: Sex, expected: float) -> None:
    trimp = banister_trimp_block(
        30.0, 130.0, resting_heart_rate_bpm=REST_BPM, max_heart_rate_bpm=MAX_BPM, sex=sex
    )

    assert round(trimp, 1) == expected


def test_man_matches_runalyze_fixture_within_one_percent() -> None:
    trimp = banister_trimp_block(
        30.0, 130.0, resting_heart_rate_bpm=REST_BPM, max_heart_rate_bpm=MAX_BPM, sex=Sex.male
    )

    assert trimp == pytest.approx(32.0, rel=0.01)


def test_a_stream_sums_per_sample_to_the_block_value() -> None:
    heart_rate = np.full(1800, 130.0)

    trimp = banister_trimp(
        heart_rate,
        np.ones(1800),
        resting_heart_rate_bpm=REST_BPM,
        max_heart_rate_bpm=MAX_BPM,
        sex=Sex.male,
    )

    assert trimp == pytest.approx(31.8, abs=0.05)


def test_samples_without_heart_rate_count_nothing() -> None:
    with_gap = banister_trimp(
        [130.0, float("nan"), 130.0],
        [60.0, 600.0, 60.0],
        resting_heart_rate_bpm=REST_BPM,
        max_heart_rate_bpm=MAX_BPM,
        sex=Sex.female,
    )
    without = banister_trimp_block(
        2.0, 130.0, resting_heart_rate_bpm=REST_BPM, max_heart_rate_bpm=MAX_BPM, sex=Sex.female
    )

    assert with_gap == pytest.approx(without)


def test_heart_rate_reserve_is_clipped_to_zero_and_one() -> None:
    reserve = heart_rate_reserve_fraction([30.0, 40.0, 120.0, 200.0, 220.0], REST_BPM, MAX_BPM)

    assert reserve.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


@pytest.mark.parametrize(("rest", "maximum"), [(60.0, 60.0), (0.0, 190.0), (180.0, 170.0)])
def test_a_heart_rate_range_that_is_not_one_is_refused(rest: float, maximum: float) -> None:
    with pytest.raises(ScienceInputError):
        heart_rate_reserve_fraction([120.0], rest, maximum)


def test_streams_need_one_time_delta_per_sample_and_no_negative_ones() -> None:
    with pytest.raises(ScienceInputError, match="time deltas"):
        banister_trimp(
            [120.0, 130.0], [1.0], resting_heart_rate_bpm=40, max_heart_rate_bpm=200, sex=Sex.male
        )
    with pytest.raises(ScienceInputError, match="negative"):
        banister_trimp(
            [120.0, 130.0], [1, -1], resting_heart_rate_bpm=40, max_heart_rate_bpm=200, sex=Sex.male
        )


def test_edwards_weights_five_percent_hrmax_zones_one_to_five() -> None:
    assert edwards_trimp([10.0, 20.0, 15.0, 10.0, 5.0]) == pytest.approx(160.0)


def test_edwards_from_a_stream_counts_minutes_per_zone() -> None:
    # 10/20/15/10/5 minutes at 55/65/75/85/95 % of HRmax 200, plus 5 min below 50 % (no zone).
    heart_rate = np.repeat([110.0, 130.0, 150.0, 170.0, 190.0, 80.0], [10, 20, 15, 10, 5, 5])

    trimp = edwards_trimp_from_stream(
        heart_rate, np.full(heart_rate.size, 60.0), max_heart_rate_bpm=200.0
    )

    assert trimp == pytest.approx(160.0)


def test_lucia_weights_three_threshold_zones_one_to_three() -> None:
    assert lucia_trimp([40.0, 15.0, 5.0]) == pytest.approx(85.0)


def test_lucia_from_a_stream() -> None:
    heart_rate = np.repeat([140.0, 165.0, 180.0], [40, 15, 5])

    trimp = lucia_trimp_from_stream(
        heart_rate,
        np.full(heart_rate.size, 60.0),
        vt1_heart_rate_bpm=160.0,
        vt2_heart_rate_bpm=175.0,
    )

    assert trimp == pytest.approx(85.0)


@pytest.mark.parametrize("minutes", [[10.0, 20.0], [10.0, -1.0, 0.0, 0.0, 0.0]])
def test_zone_minutes_must_fit_the_model(minutes: list[float]) -> None:
    with pytest.raises(ScienceInputError):
        edwards_trimp(minutes)
