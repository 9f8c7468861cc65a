"""ACWR, monotony and strain, weekly ramps, polarization index, against science.md's values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.workload import (
    DistributionLabel,
    RampStreak,
    RatioMethod,
    RatioSeed,
    acute_chronic_loads,
    acute_chronic_ratio,
    find_ramp_streaks,
    monotony_and_strain,
    polarization_index,
    rolling_monotony_and_strain,
    weekly_ramp,
)

# science.md: three weeks of one pattern, then a harder week
FOUR_WEEKS = np.array([60, 0, 80, 40, 0, 100, 50] * 3 + [70, 0, 90, 60, 0, 130, 80], float)
FOSTER_WEEK = [0.0, 20.0, 10.0, 10.0, 10.0, 10.0, 10.0]

daily_series = st.lists(st.floats(min_value=0.0, max_value=400.0), min_size=1, max_size=80)


@pytest.mark.parametrize(
    ("method", "seed", "expected"),
    [
        (RatioMethod.rolling, RatioSeed.first_load, 1.211),
        (RatioMethod.ewma, RatioSeed.first_load, 1.215),
        (RatioMethod.ewma, RatioSeed.zero, 1.421),
    ],
)
def test_day_28_ratio_matches_each_published_variant(
    method: RatioMethod, seed: RatioSeed, expected: float
) -> None:
    ratio = acute_chronic_ratio(FOUR_WEEKS, method=method, seed=seed)

    assert round(ratio[27], 3) == expected


def test_method_and_seed_may_be_given_as_plain_words() -> None:
    words = acute_chronic_ratio(FOUR_WEEKS, method="ewma", seed="zero")  # type: ignore[arg-type]

    assert round(words[27], 3) == 1.421


def test_the_rolling_loads_are_the_7_and_28_day_means() -> None:
    loads = acute_chronic_loads(FOUR_WEEKS, method=RatioMethod.rolling)

    assert loads.acute_load[27] == pytest.approx(430 / 7)
    assert loads.chronic_load[27] == pytest.approx(1420 / 28)
    assert np.isnan(loads.acute_load[:6]).all() and np.isnan(loads.chronic_load[:27]).all()


@given(daily=daily_series, method=st.sampled_from(list(RatioMethod)))
def test_the_ratio_is_never_shown_before_28_days_of_history(
    daily: list[float], method: RatioMethod
) -> None:
    ratio = acute_chronic_ratio(daily, method=method)

    assert ratio.shape == (len(daily),)
    assert np.isnan(ratio[:27]).all()


def test_from_day_28_the_ratio_is_shown_unless_there_was_no_load_at_all() -> None:
    ratio = acute_chronic_ratio(np.concatenate([FOUR_WEEKS, FOUR_WEEKS]))
    idle = acute_chronic_ratio(np.zeros(40), seed=RatioSeed.zero)

    assert np.isfinite(ratio[27:]).all()
    assert np.isnan(idle).all()


def test_acute_window_must_be_shorter_than_the_chronic_one() -> None:
    with pytest.raises(ScienceInputError):
        acute_chronic_ratio(FOUR_WEEKS, acute_days=28, chronic_days=7)


def test_fosters_week_has_monotony_1_871_and_strain_131_with_population_sd() -> None:
    week = monotony_and_strain(FOSTER_WEEK)

    assert week.weekly_load == 70.0
    assert week.monotony is not None and week.strain is not None
    assert round(week.monotony, 3) == 1.871
    assert round(week.strain, 1) == 131.0
    assert week.reason is None


def test_sample_sd_gives_the_lower_1_732_and_121_2_for_contrast() -> None:
    week = monotony_and_strain(FOSTER_WEEK, sample_sd=True)

    assert week.monotony is not None and week.strain is not None
    assert round(week.monotony, 3) == 1.732
    assert round(week.strain, 1) == 121.2


def test_identical_days_are_unboundedly_monotonous_and_a_rest_week_has_no_monotony() -> None:
    same = monotony_and_strain([0.1] * 7)
    rest = monotony_and_strain([0.0] * 7)

    assert same.monotony == math.inf and same.strain == math.inf and same.reason
    assert rest.monotony is None and rest.strain is None and rest.reason


def test_monotony_needs_exactly_seven_days() -> None:
    with pytest.raises(ScienceInputError):
        monotony_and_strain([10.0] * 6)


@given(daily=st.lists(st.sampled_from([0.0, 10.0, 35.5, 80.0, 120.0]), min_size=7, max_size=40))
def test_rolling_monotony_agrees_with_each_week_on_its_own(daily: list[float]) -> None:
    series = rolling_monotony_and_strain(daily)

    assert np.isnan(series.monotony[:6]).all()
    for end in range(6, len(daily)):
        week = monotony_and_strain(daily[end - 6 : end + 1])
        expected = math.nan if week.monotony is None else week.monotony
        strain = math.nan if week.strain is None else week.strain
        assert series.weekly_load[end] == pytest.approx(week.weekly_load)
        assert series.monotony[end] == pytest.approx(expected, nan_ok=True)
        assert series.strain[end] == pytest.approx(strain, nan_ok=True)


def test_a_series_shorter_than_a_week_has_no_monotony() -> None:
    series = rolling_monotony_and_strain([10.0, 20.0])

    assert np.isnan(series.monotony).all() and np.isnan(series.strain).all()


@pytest.mark.parametrize(
    ("zones", "expected", "label"),
    [
        ((0.80, 0.05, 0.15), 2.380, DistributionLabel.polarized),
        ((80.0, 5.0, 15.0), 2.380, DistributionLabel.polarized),  # percent or minutes alike
        ((0.75, 0.20, 0.05), 1.273, DistributionLabel.pyramidal),
    ],
)
def test_published_polarization_indices(
    zones: tuple[float, float, float], expected: float, label: DistributionLabel
) -> None:
    distribution = polarization_index(*zones)

    assert distribution.polarization_index is not None
    assert round(distribution.polarization_index, 3) == expected
    assert distribution.label is label
    assert distribution.is_polarized is (label is DistributionLabel.polarized)
    assert distribution.z1 + distribution.z2 + distribution.z3 == pytest.approx(1.0)


def test_a_zone_2_of_zero_is_entered_as_one_percent() -> None:
    distribution = polarization_index(0.85, 0.0, 0.15)

    assert distribution.polarization_index == pytest.approx(math.log10(0.85 / 0.01 * 0.15 * 100))
    assert distribution.z2 == 0.0
    assert distribution.note and "0.01" in distribution.note
    assert distribution.is_polarized


def test_more_hard_than_easy_time_is_not_polarized_whatever_the_index() -> None:
    distribution = polarization_index(0.30, 0.10, 0.60)

    assert distribution.polarization_index is not None
    assert distribution.polarization_index > 2.0
    assert not distribution.is_polarized
    assert distribution.label is DistributionLabel.other


def test_threshold_and_undefined_distributions() -> None:
    threshold = polarization_index(30.0, 50.0, 20.0)
    no_hard = polarization_index(90.0, 10.0, 0.0)

    assert threshold.label is DistributionLabel.threshold
    assert no_hard.polarization_index is None and no_hard.note
    assert not no_hard.is_polarized and no_hard.label is DistributionLabel.pyramidal


@pytest.mark.parametrize("zones", [(0.0, 0.0, 0.0), (0.5, -0.1, 0.6), (math.nan, 0.2, 0.3)])
def test_zones_that_are_not_a_distribution_are_refused(zones: tuple[float, float, float]) -> None:
    with pytest.raises(ScienceInputError):
        polarization_index(*zones)


def test_weekly_ramp_is_percent_change_and_undefined_after_an_empty_week() -> None:
    change = weekly_ramp([100.0, 110.0, 0.0, 50.0, 40.0])

    np.testing.assert_allclose(change, [np.nan, 10.0, -100.0, np.nan, -20.0])


def test_ramp_streaks_are_three_or_more_weeks_each_above_ten_percent() -> None:
    change = [np.nan, 12.0, 15.0, 11.0, 5.0, 20.0, 20.0, 10.0, 30.0, 30.0, 30.0, 30.0]

    streaks = find_ramp_streaks(change)

    assert streaks == (RampStreak(first_week=1, last_week=3), RampStreak(8, 11))
    assert [streak.weeks for streak in streaks] == [3, 4]
    assert find_ramp_streaks(weekly_ramp([100.0, 111.0, 124.0, 140.0])) == (RampStreak(1, 3),)
    assert find_ramp_streaks([]) == ()
