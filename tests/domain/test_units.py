"""Distances, durations and paces as runners type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from everyrun.domain.errors import EveryrunError
from everyrun.domain.units import (
    HALF_MARATHON_M,
    MARATHON_M,
    METRES_PER_MILE,
    PER_400M,
    PER_KM,
    PER_MILE,
    QuantityFormatError,
    convert_pace,
    format_distance,
    format_duration,
    format_pace,
    parse_distance_m,
    parse_duration_s,
    parse_pace,
    parse_pace_unit,
    seconds_per,
)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("5k", 5000.0),
        ("10K", 10000.0),
        ("half", HALF_MARATHON_M),
        ("half marathon", HALF_MARATHON_M),
        ("Half  Marathon", HALF_MARATHON_M),
        ("marathon", MARATHON_M),
        ("1600", 1600.0),
        ("1600m", 1600.0),
        ("10km", 10000.0),
        ("13.1mi", 13.1 * METRES_PER_MILE),
        ("10 miles", 10 * METRES_PER_MILE),
        ("mile", METRES_PER_MILE),
        ("1.5k", 1500.0),
    ],
)
def test_distances_runners_type(text: str, metres: float) -> None:
    assert parse_distance_m(text) == pytest.approx(metres)


@pytest.mark.parametrize("text", ["", "far", "5 parsecs", "-5k", "0k", "5", "k5"])
def test_unreadable_distances_name_the_accepted_forms(text: str) -> None:
    with pytest.raises(QuantityFormatError) as raised:
        parse_distance_m(text)

    assert isinstance(raised.value, EveryrunError)
    assert raised.value.hint
    assert repr(text) in raised.value.message


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("41:21", 2481.0),
        ("1:31:35", 5495.0),
        ("3:10:49.5", 11449.5),
        ("45s", 45.0),
        ("90min", 5400.0),
        ("1h30m", 5400.0),
        ("1h 30 min", 5400.0),
        ("90:00", 5400.0),
    ],
)
def test_durations_runners_type(text: str, seconds: float) -> None:
    assert parse_duration_s(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "45", "4:75", "1:75:00", "fast", "10 fortnights", "0:00"])
def test_unreadable_durations_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(QuantityFormatError) as raised:
        parse_duration_s(text)

    assert raised.value.hint


@pytest.mark.parametrize(
    ("seconds", "decimals", "text"),
    [
        (2481.0, 0, "41:21"),
        (5495.0, 0, "1:31:35"),
        (11449.5, 1, "3:10:49.5"),
        (59.6, 0, "1:00"),
        (3599.96, 1, "1:00:00.0"),
    ],
)
def test_durations_format_as_runners_read_them(seconds: float, decimals: int, text: str) -> None:
    assert format_duration(seconds, decimals) == text


@pytest.mark.parametrize(
    ("text", "unit", "seconds"),
    [
        ("4:30/km", PER_KM, 270.0),
        ("7:15/mi", PER_MILE, 435.0),
        ("1:34/400m", PER_400M, 94.0),
        ("4:30 min/km", PER_KM, 270.0),
        ("7:15/mile", PER_MILE, 435.0),
    ],
)
def test_paces_runners_type(text: str, unit: object, seconds: float) -> None:
    pace = parse_pace(text)

    assert pace.unit == unit
    assert pace.seconds_per_unit == pytest.approx(seconds)


def test_pace_converts_between_km_mile_and_400m() -> None:
    pace = parse_pace("4:30/km")

    assert format_pace(pace.speed_mps, PER_MILE) == "7:15/mi"
    assert format_pace(pace.speed_mps, PER_400M) == "1:48/400m"
    assert convert_pace(pace, PER_MILE).seconds_per_unit == pytest.approx(270 * 1.609344)


def test_any_distance_can_be_a_pace_unit() -> None:
    assert parse_pace_unit("200m").distance_m == 200.0
    assert parse_pace_unit("200m").name == "200m"
    assert parse_pace_unit("1k") == PER_KM


@pytest.mark.parametrize("text", ["4:30", "4:30/parsec", "fast/km", "4:30/"])
def test_unreadable_paces_are_refused(text: str) -> None:
    with pytest.raises(QuantityFormatError) as raised:
        parse_pace(text)

    assert raised.value.hint


def test_a_speed_that_is_not_moving_has_no_pace() -> None:
    with pytest.raises(QuantityFormatError):
        seconds_per(0.0, PER_KM)


@pytest.mark.parametrize(
    ("metres", "text"),
    [(5000.0, "5K"), (HALF_MARATHON_M, "half"), (15000.0, "15 km"), (1600.0, "1600 m")],
)
def test_distances_format_by_name_where_there_is_one(metres: float, text: str) -> None:
    assert format_distance(metres) == text


@given(st.integers(min_value=1, max_value=100 * 3600))
def test_durations_round_trip(seconds: int) -> None:
    assert parse_duration_s(format_duration(seconds)) == seconds


@given(st.integers(min_value=1, max_value=100 * 36000))
def test_durations_with_tenths_round_trip(tenths: int) -> None:
    assert parse_duration_s(format_duration(tenths / 10, 1)) == pytest.approx(tenths / 10)


@given(st.integers(min_value=100, max_value=300_000))
def test_distances_round_trip(metres: int) -> None:
    assert parse_distance_m(format_distance(float(metres))) == pytest.approx(metres)


@given(
    seconds=st.integers(min_value=60, max_value=20 * 60),
    unit=st.sampled_from([PER_KM, PER_MILE, PER_400M]),
)
def test_paces_round_trip(seconds: int, unit: object) -> None:
    text = f"{format_duration(seconds)}/{unit.name}"  # type: ignore[attr-defined]

    pace = parse_pace(text)

    assert format_pace(pace.speed_mps, pace.unit) == text
