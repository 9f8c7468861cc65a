"""Critical speed from the linear distance-time model d = CS·t + D′."""

from __future__ import annotations

import pytest

from everyrun.domain.science.critical_speed import critical_speed
from everyrun.domain.science.errors import ScienceInputError


def test_two_trials_are_solved_exactly() -> None:
    result = critical_speed([(1600.0, 360.0), (3200.0, 780.0)])

    assert round(result.cs_m_s, 3) == 3.810
    assert round(result.d_prime_m, 1) == 228.6
    assert result.trial_count == 2
    assert result.r_squared is None
    assert result.warnings == ()


def test_trial_order_does_not_matter() -> None:
    forward = critical_speed([(1600.0, 360.0), (3200.0, 780.0)])
    backward = critical_speed([(3200.0, 780.0), (1600.0, 360.0)])

    assert backward.cs_m_s == pytest.approx(forward.cs_m_s)
    assert backward.d_prime_m == pytest.approx(forward.d_prime_m)


def test_three_trials_on_one_line_recover_it() -> None:
    trials = [(4.0 * t + 200.0, t) for t in (180.0, 420.0, 720.0)]

    result = critical_speed(trials)

    assert result.cs_m_s == pytest.approx(4.0)
    assert result.d_prime_m == pytest.approx(200.0)
    assert result.r_squared == pytest.approx(1.0)


def test_more_trials_are_fitted_by_least_squares() -> None:
    result = critical_speed([(1000.0, 180.0), (1600.0, 340.0), (3200.0, 760.0), (5000.0, 1250.0)])

    assert 3.5 < result.cs_m_s < 4.0
    assert result.r_squared is not None and 0.99 < result.r_squared < 1.0


def test_trials_outside_two_to_fifteen_minutes_warn() -> None:
    result = critical_speed([(400.0, 70.0), (5000.0, 1200.0)])

    assert result.warnings
    assert "15 min" in result.warnings[0]


@pytest.mark.parametrize(
    "trials",
    [
        [],
        [(1600.0, 360.0)],
        [(1600.0, 360.0), (3200.0, 360.0)],  # equal times
        [(3200.0, 360.0), (1600.0, 780.0)],  # longer trial covers less: negative CS
        [(1000.0, 300.0), (3000.0, 700.0)],  # D′ below zero
        [(1600.0, 0.0), (3200.0, 780.0)],
        [(1600.0, float("nan")), (3200.0, 780.0)],
    ],
)
def test_nonsense_trials_are_refused_with_a_hint(trials: list[tuple[float, float]]) -> None:
    with pytest.raises(ScienceInputError) as raised:
        critical_speed(trials)

    assert raised.value.hint
