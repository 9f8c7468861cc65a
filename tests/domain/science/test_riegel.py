"""Riegel's formula: 5 km in 25:00 carried to the half and the marathon (computed values)."""

from __future__ import annotations

import pytest

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.riegel import riegel_time_s
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M, parse_duration_s


@pytest.mark.parametrize(
    ("to_distance_m", "expected"), [(HALF_MARATHON_M, "1:55:00"), (MARATHON_M, "3:59:47")]
)
def test_five_km_in_25_minutes_predicts_the_computed_times(
    to_distance_m: float, expected: str
) -> None:
    prediction = riegel_time_s(parse_duration_s("25:00"), 5000.0, to_distance_m)

    assert round(prediction.time_s) == parse_duration_s(expected)
    assert prediction.is_within_valid_range
    assert prediction.warning is None


def test_same_distance_predicts_the_same_time() -> None:
    assert riegel_time_s(1500.0, 5000.0, 5000.0).time_s == pytest.approx(1500.0)


def test_a_different_exponent_is_used_as_given() -> None:
    prediction = riegel_time_s(1000.0, 5000.0, 10000.0, exponent=1.1)

    assert prediction.time_s == pytest.approx(1000.0 * 2.0**1.1)


@pytest.mark.parametrize(("distance_m", "to_distance_m"), [(800.0, 5000.0), (10000.0, 100000.0)])
def test_predictions_outside_1500_m_to_the_marathon_are_flagged(
    distance_m: float, to_distance_m: float
) -> None:
    prediction = riegel_time_s(600.0, distance_m, to_distance_m)

    assert not prediction.is_within_valid_range
    assert prediction.warning is not None
    assert "1500 m" in prediction.warning


@pytest.mark.parametrize(
    ("time_s", "distance_m", "to_distance_m", "exponent"),
    [(0.0, 5000.0, 10000.0, 1.06), (1500.0, -1.0, 10000.0, 1.06), (1500.0, 5000.0, 1e4, 2.0)],
)
def test_nonsense_is_refused(
    time_s: float, distance_m: float, to_distance_m: float, exponent: float
) -> None:
    with pytest.raises(ScienceInputError):
        riegel_time_s(time_s, distance_m, to_distance_m, exponent)
