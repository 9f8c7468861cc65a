"""Minetti et al. (2002) cost of running on slopes, and grade-adjusted speed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from everyrun.domain.science.grade import cost_of_running_j_kg_m, grade_adjusted_speed


@pytest.mark.parametrize(("grade", "expected"), [(0.0, 3.60), (0.01, 3.80), (0.10, 5.97)])
def test_cost_matches_the_published_polynomial(grade: float, expected: float) -> None:
    assert round(cost_of_running_j_kg_m(grade), 2) == expected


def test_cost_is_vectorised_and_a_scalar_stays_a_scalar() -> None:
    costs = cost_of_running_j_kg_m(np.array([0.0, 0.01, 0.10]))

    assert isinstance(costs, np.ndarray)
    assert np.round(costs, 2).tolist() == [3.6, 3.8, 5.97]
    assert isinstance(cost_of_running_j_kg_m(0.05), float)


def test_grades_beyond_the_measured_range_are_clipped_to_plus_minus_045() -> None:
    assert cost_of_running_j_kg_m(0.8) == cost_of_running_j_kg_m(0.45)
    assert cost_of_running_j_kg_m(-0.8) == cost_of_running_j_kg_m(-0.45)


def test_unknown_grade_has_unknown_cost() -> None:
    assert math.isnan(cost_of_running_j_kg_m(float("nan")))


def test_gentle_downhill_is_cheaper_and_steep_downhill_is_not() -> None:
    assert cost_of_running_j_kg_m(-0.10) < cost_of_running_j_kg_m(0.0)
    assert cost_of_running_j_kg_m(-0.45) > cost_of_running_j_kg_m(-0.20)


def test_grade_adjusted_speed_scales_by_relative_cost() -> None:
    assert grade_adjusted_speed(3.0, 0.0) == pytest.approx(3.0)
    assert grade_adjusted_speed(3.0, 0.10) == pytest.approx(3.0 * 5.968214 / 3.6)
    speeds = grade_adjusted_speed(np.array([3.0, 3.0]), np.array([0.05, -0.05]))
    assert speeds[0] > 3.0 > speeds[1]
