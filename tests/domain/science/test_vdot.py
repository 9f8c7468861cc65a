"""VDOT against the reference values (Daniels & Gilbert 1979 computed; Runalyze's fixtures)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.vdot import (
    oxygen_cost,
    race_time_s,
    sustainable_fraction,
    training_paces,
    vdot_from_race,
    velocity_at_vdot_m_per_min,
)
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M, parse_duration_s


def test_oxygen_cost_uses_the_published_linear_coefficient() -> None:
    # The linear term is 0.182258; a known open implementation has a typo one digit off.
    quadratic = 0.000104 * 1000.0**2
    assert oxygen_cost(1000.0) - oxygen_cost(0.0) - quadratic == pytest.approx(182.258, abs=1e-9)
    assert oxygen_cost(0.0) == pytest.approx(-4.60)


def test_sustainable_fraction_falls_towards_eighty_percent() -> None:
    assert sustainable_fraction(0.0) == pytest.approx(0.8 + 0.1894393 + 0.2989558)
    assert sustainable_fraction(600.0) == pytest.approx(0.8, abs=1e-3)


@pytest.mark.parametrize(
    ("distance_m", "time", "expected"),
    [
        (5000.0, "20:00", 49.81),
        (10000.0, "40:00", 51.94),
        (10000.0, "41:21", 49.97),
        (HALF_MARATHON_M, "1:30:00", 50.98),
        (MARATHON_M, "3:00:00", 53.53),
    ],
)
def test_vdot_from_race_matches_the_computed_values(
    distance_m: float, time: str, expected: float
) -> None:
    assert round(vdot_from_race(distance_m, parse_duration_s(time)), 2) == expected


RACE_EQUIVALENTS = {  # Runalyze's fixtures, matching Daniels' table
    40: ("24:08", "50:03", "1:50:59", "3:49:45"),
    50: ("19:57", "41:21", "1:31:35", "3:10:49"),
    60: ("17:03", "35:22", "1:18:09", "2:43:25"),
}
RACES_M = (5000.0, 10000.0, HALF_MARATHON_M, MARATHON_M)


@pytest.mark.parametrize(
    ("vdot", "distance_m", "published"),
    [
        (vdot, distance_m, time)
        for vdot, times in RACE_EQUIVALENTS.items()
        for distance_m, time in zip(RACES_M, times, strict=True)
    ],
)
def test_race_equivalents_are_within_one_and_a_half_seconds_per_km(
    vdot: int, distance_m: float, published: str
) -> None:
    predicted_s = race_time_s(vdot, distance_m)

    assert abs(predicted_s - parse_duration_s(published)) <= 1.5 * distance_m / 1000.0


def test_race_time_is_solved_to_a_tenth_of_a_second() -> None:
    time_s = race_time_s(50.0, 10000.0)

    assert vdot_from_race(10000.0, time_s - 0.05) > 50.0 > vdot_from_race(10000.0, time_s + 0.05)


def _per_km(speed_mps: float) -> int:
    return round(1000.0 / speed_mps)


def _per_400m(speed_mps: float) -> int:
    return round(400.0 / speed_mps)


def test_training_paces_at_vdot_50_match_the_computed_values() -> None:
    paces = training_paces(50.0)

    assert _per_km(paces.easy_mps) == parse_duration_s("5:20")
    assert _per_km(paces.marathon_mps) == parse_duration_s("4:31")
    assert _per_km(paces.threshold_mps) == parse_duration_s("4:16")
    assert _per_km(paces.interval_mps) == parse_duration_s("3:55")
    assert _per_400m(paces.interval_mps) == parse_duration_s("1:34")
    assert _per_400m(paces.repetition_mps) == parse_duration_s("1:28")


def test_training_paces_at_vdot_49_are_within_three_seconds_of_daniels() -> None:
    paces = training_paces(49.0)

    assert abs(1000.0 / paces.threshold_mps - parse_duration_s("4:20")) <= 3.0
    assert abs(400.0 / paces.interval_mps - parse_duration_s("1:35")) <= 3.0
    assert abs(400.0 / paces.repetition_mps - parse_duration_s("1:29")) <= 3.0


def test_easy_range_is_59_to_74_percent_of_vdot_with_the_single_easy_pace_inside() -> None:
    paces = training_paces(50.0)

    assert oxygen_cost(paces.easy_slow_mps * 60.0) == pytest.approx(0.59 * 50.0)
    assert oxygen_cost(paces.easy_fast_mps * 60.0) == pytest.approx(0.74 * 50.0)
    assert paces.easy_slow_mps < paces.easy_mps < paces.easy_fast_mps < paces.marathon_mps


def test_velocity_at_vdot_costs_exactly_vdot() -> None:
    assert oxygen_cost(velocity_at_vdot_m_per_min(50.0)) == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("distance_m", "time_s"),
    [(10000.0, 5 * 3600.0), (100.0, 5.0), (0.0, 100.0), (5000.0, -1.0), (5000.0, float("nan"))],
)
def test_races_outside_the_fitted_speeds_are_refused_with_a_hint(
    distance_m: float, time_s: float
) -> None:
    with pytest.raises(ScienceInputError) as raised:
        vdot_from_race(distance_m, time_s)

    assert raised.value.hint


@pytest.mark.parametrize("vdot", [0.0, 5.0, 150.0, float("nan")])
def test_implausible_vdots_are_refused(vdot: float) -> None:
    with pytest.raises(ScienceInputError, match="VDOT"):
        race_time_s(vdot, 10000.0)
    with pytest.raises(ScienceInputError):
        training_paces(vdot)


@given(
    distance_m=st.floats(min_value=1500.0, max_value=MARATHON_M),
    speed_m_per_min=st.floats(min_value=120.0, max_value=400.0),
)
def test_race_time_inverts_vdot_from_race(distance_m: float, speed_m_per_min: float) -> None:
    time_s = distance_m / speed_m_per_min * 60.0
    vdot = vdot_from_race(distance_m, time_s)
    assume(10.0 <= vdot <= 100.0)

    assert race_time_s(vdot, distance_m) == pytest.approx(time_s, abs=0.1)


@given(
    distance_m=st.floats(min_value=800.0, max_value=MARATHON_M),
    vdot=st.floats(min_value=20.0, max_value=84.0),
)
def test_a_higher_vdot_always_runs_faster(distance_m: float, vdot: float) -> None:
    assert race_time_s(vdot + 1.0, distance_m) < race_time_s(vdot, distance_m)
