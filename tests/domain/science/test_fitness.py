"""Fitness, fatigue and form (Banister impulse-response), against the values in science.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.fitness import (
    Smoothing,
    easy_days_until_form,
    exponentially_weighted,
    fitness_fatigue_form,
    load_for_target_form,
    load_range_for_form,
    ramp_rate,
    smoothing_factor,
)

loads = st.floats(min_value=0.0, max_value=1000.0)
model_values = st.floats(min_value=0.0, max_value=300.0)
smoothings = st.sampled_from(list(Smoothing))


def test_constant_100_from_zero_gives_the_published_day_7_and_day_42_values() -> None:
    series = fitness_fatigue_form(np.full(42, 100.0))

    assert round(series.fitness[6], 2) == 15.35
    assert round(series.fatigue[6], 2) == 63.21
    assert round(series.fitness[41], 2) == 63.21
    assert round(series.fatigue[41], 2) == 99.75
    assert series.smoothing is Smoothing.exponential


def test_the_two_smoothing_conventions_use_their_published_weights() -> None:
    assert smoothing_factor(42, Smoothing.exponential) == pytest.approx(1 - math.exp(-1 / 42))
    assert smoothing_factor(7, Smoothing.ewma) == pytest.approx(2 / 8)
    assert smoothing_factor(7, "ewma") == pytest.approx(0.25)  # type: ignore[arg-type]


def test_runalyze_smoothing_builds_fitness_faster_than_the_exponential_default() -> None:
    daily = np.full(42, 100.0)

    exponential = fitness_fatigue_form(daily)
    ewma = fitness_fatigue_form(daily, smoothing=Smoothing.ewma)

    assert ewma.fitness[41] == pytest.approx(100 * (1 - (41 / 43) ** 42))
    assert ewma.fitness[41] > exponential.fitness[41]


def test_form_is_shown_from_yesterdays_values() -> None:
    series = fitness_fatigue_form([100.0, 0.0, 50.0], start_fitness=40.0, start_fatigue=30.0)

    assert series.form[0] == 10.0
    np.testing.assert_array_equal(series.form[1:], series.form_same_day[:-1])
    np.testing.assert_allclose(series.form_same_day, series.fitness - series.fatigue)


def test_starting_values_carry_into_the_first_day() -> None:
    alpha = smoothing_factor(42)

    series = fitness_fatigue_form([0.0], start_fitness=50.0, start_fatigue=60.0)

    assert series.fitness[0] == pytest.approx(50.0 * (1 - alpha))


def test_an_empty_history_has_empty_series() -> None:
    series = fitness_fatigue_form([])

    assert series.fitness.size == series.form.size == 0


@pytest.mark.parametrize("bad", [[10.0, math.nan], [10.0, -1.0], [[1.0, 2.0]]])
def test_missing_negative_or_misshapen_loads_are_refused(
    bad: list[float] | list[list[float]],
) -> None:
    with pytest.raises(ScienceInputError):
        fitness_fatigue_form(bad)


def test_time_constants_must_be_a_day_or_more_and_fatigue_the_faster() -> None:
    with pytest.raises(ScienceInputError):
        smoothing_factor(0.5)
    with pytest.raises(ScienceInputError):
        load_for_target_form(50.0, 55.0, -10.0, fitness_days=7, fatigue_days=42)
    with pytest.raises(ScienceInputError):
        exponentially_weighted([1.0], 1.5)


def test_ramp_rate_is_the_change_in_fitness_over_seven_days() -> None:
    fitness = np.arange(10.0) * 2

    ramp = ramp_rate(fitness)

    assert np.isnan(ramp[:7]).all()
    np.testing.assert_array_equal(ramp[7:], [14.0, 14.0, 14.0])
    with pytest.raises(ScienceInputError):
        ramp_rate(fitness, days=0)


def test_fitness_50_fatigue_55_needs_101_7_today_for_form_minus_10() -> None:
    needed = load_for_target_form(50.0, 55.0, -10.0)

    assert round(needed.load, 1) == 101.7
    assert needed.is_reachable
    assert needed.form == -10.0


def test_a_target_above_what_rest_gives_is_flagged_and_the_load_clipped_at_zero() -> None:
    alpha_c, alpha_a = smoothing_factor(42), smoothing_factor(7)

    needed = load_for_target_form(50.0, 80.0, 0.0)

    assert needed.load == 0.0
    assert not needed.is_reachable
    assert needed.form == pytest.approx(50.0 * (1 - alpha_c) - 80.0 * (1 - alpha_a))


def test_the_load_range_maps_the_top_of_the_form_band_to_the_least_load() -> None:
    band = load_range_for_form(50.0, 55.0, low=-30.0, high=-10.0)

    assert band.min_load == pytest.approx(load_for_target_form(50.0, 55.0, -10.0).load)
    assert band.max_load == pytest.approx(load_for_target_form(50.0, 55.0, -30.0).load)
    assert band.is_reachable


def test_a_tired_runner_may_train_from_zero_and_an_exhausted_one_not_at_all() -> None:
    tired = load_range_for_form(50.0, 70.0)
    exhausted = load_range_for_form(50.0, 100.0)

    assert tired.min_load == 0.0 < tired.max_load
    assert (exhausted.min_load, exhausted.max_load, exhausted.is_reachable) == (0.0, 0.0, False)
    with pytest.raises(ScienceInputError):
        load_range_for_form(50.0, 55.0, low=-10.0, high=-30.0)


def test_easy_days_until_form_counts_rest_days_and_gives_up_after_max_days() -> None:
    assert easy_days_until_form(50.0, 40.0, target_form=5.0) == 0
    assert easy_days_until_form(50.0, 70.0, target_form=5.0) == 4
    assert easy_days_until_form(50.0, 70.0, target_form=40.0) is None
    with pytest.raises(ScienceInputError):
        easy_days_until_form(50.0, 70.0, easy_load=-1.0)


@given(load=loads, fitness=model_values, fatigue=model_values, smoothing=smoothings)
def test_a_constant_load_brings_fitness_and_fatigue_to_it_and_form_to_zero(
    load: float, fitness: float, fatigue: float, smoothing: Smoothing
) -> None:
    series = fitness_fatigue_form(
        np.full(3000, load), smoothing=smoothing, start_fitness=fitness, start_fatigue=fatigue
    )

    assert series.fitness[-1] == pytest.approx(load, rel=1e-12, abs=1e-9)
    assert series.fatigue[-1] == pytest.approx(load, rel=1e-12, abs=1e-9)
    assert series.form[-1] == pytest.approx(0.0, abs=1e-9)


@given(
    fitness=model_values,
    fatigue=model_values,
    target=st.floats(min_value=-100.0, max_value=50.0),
    smoothing=smoothings,
)
def test_one_day_at_the_computed_load_gives_the_target_form(
    fitness: float, fatigue: float, target: float, smoothing: Smoothing
) -> None:
    needed = load_for_target_form(fitness, fatigue, target, smoothing=smoothing)
    series = fitness_fatigue_form(
        [needed.load], smoothing=smoothing, start_fitness=fitness, start_fatigue=fatigue
    )

    assert series.form_same_day[0] == pytest.approx(needed.form, abs=1e-9)
    if needed.is_reachable:
        assert needed.load >= 0.0
        assert series.form_same_day[0] == pytest.approx(target, abs=1e-9)
    else:
        assert needed.load == 0.0 and needed.form < target


@given(
    fitness=model_values,
    fatigue=model_values,
    target=st.floats(min_value=-20.0, max_value=20.0),
    easy_load=st.floats(min_value=0.0, max_value=60.0),
    smoothing=smoothings,
)
def test_easy_days_until_form_agrees_with_stepping_the_model_day_by_day(
    fitness: float, fatigue: float, target: float, easy_load: float, smoothing: Smoothing
) -> None:
    max_days = 60
    series = fitness_fatigue_form(
        np.full(max_days, easy_load),
        smoothing=smoothing,
        start_fitness=fitness,
        start_fatigue=fatigue,
    )
    form_each_morning = np.concatenate(([fitness - fatigue], series.form_same_day))
    reached = np.flatnonzero(form_each_morning >= target)
    expected = int(reached[0]) if reached.size else None

    days = easy_days_until_form(
        fitness, fatigue, target, easy_load, max_days=max_days, smoothing=smoothing
    )

    assert days == expected
