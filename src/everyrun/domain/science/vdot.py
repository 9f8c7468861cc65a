"""VDOT: a runner's aerobic fitness read from one race, and the races and paces it implies.

Daniels & Gilbert (1979), *Oxygen Power: Performance Tables for Distance Runners*. Public VDOT
tables and calculators are often wrong, so everything here is regenerated from the two equations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from everyrun.domain.science.errors import ScienceInputError

METHOD = "Daniels & Gilbert 1979"
PACES_METHOD = "GoldenCheetah fractions of the velocity at VDOT (Daniels & Gilbert 1979)"

# Daniels & Gilbert fitted their equations to runners between these speeds (m/min).
MIN_SPEED_M_PER_MIN = 50.0
MAX_SPEED_M_PER_MIN = 1000.0
# Daniels' published tables run from VDOT 30 to 85; these limits leave room either side and stop
# the inverse functions from extrapolating to numbers no runner produces.
MIN_VDOT = 10.0
MAX_VDOT = 100.0

# Oxygen cost of running, ml/kg/min, at v m/min (Daniels & Gilbert 1979).
_COST_INTERCEPT = -4.60
_COST_LINEAR = 0.182258
_COST_QUADRATIC = 0.000104

# Training intensities as fractions of the velocity at VDOT (GoldenCheetah's VDOT calculator;
# within 3 s/km of Daniels' published paces).
EASY_FRACTION = 0.72
MARATHON_FRACTION = 0.85
THRESHOLD_FRACTION = 0.90
INTERVAL_FRACTION = 0.98
REPETITION_FRACTION = 1.05
# Easy running is 59-74 % of VO2max (Daniels, *Daniels' Running Formula*).
EASY_LOW_VO2_FRACTION = 0.59
EASY_HIGH_VO2_FRACTION = 0.74

_TOLERANCE_S = 0.001  # bisection stops well inside the 0.1 s a runner could notice


def oxygen_cost(speed_m_per_min: float) -> float:
    """VO2 in ml/kg/min needed to run at this speed."""
    v = speed_m_per_min
    return _COST_INTERCEPT + _COST_LINEAR * v + _COST_QUADRATIC * v * v  # Daniels & Gilbert 1979


def sustainable_fraction(minutes: float) -> float:
    """Fraction of VO2max a runner can hold for a race lasting this many minutes."""
    # Daniels & Gilbert 1979: F(t) = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)
    return (
        0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)
    )


def _check_race(distance_m: float, time_s: float) -> None:
    if not (math.isfinite(distance_m) and distance_m > 0):
        raise ScienceInputError(
            f"race distance {distance_m} m is not a distance", "give a positive distance"
        )
    if not (math.isfinite(time_s) and time_s > 0):
        raise ScienceInputError(f"race time {time_s} s is not a time", "give a positive time")
    speed = distance_m / (time_s / 60.0)
    if not MIN_SPEED_M_PER_MIN <= speed <= MAX_SPEED_M_PER_MIN:
        raise ScienceInputError(
            f"{distance_m:g} m in {time_s:g} s is {speed:.0f} m/min, outside the 50-1000 m/min "
            "the VDOT equations were fitted to",
            "check the distance and time (e.g. 10k in 41:21): walking or sprinting has no VDOT",
        )


def _vdot_unchecked(distance_m: float, time_s: float) -> float:
    minutes = time_s / 60.0
    return oxygen_cost(distance_m / minutes) / sustainable_fraction(minutes)  # VDOT = VO2 / F


def vdot_from_race(distance_m: float, time_s: float) -> float:
    """VDOT of a race: the VO2max that would explain this performance (Daniels & Gilbert 1979)."""
    _check_race(distance_m, time_s)
    return _vdot_unchecked(distance_m, time_s)


def _check_vdot(vdot: float) -> None:
    if not (math.isfinite(vdot) and MIN_VDOT <= vdot <= MAX_VDOT):
        raise ScienceInputError(
            f"VDOT {vdot:g} is outside {MIN_VDOT:g}-{MAX_VDOT:g}",
            "VDOT is usually 30-85; compute yours with `everyrun calc vdot`",
        )


def race_time_s(vdot: float, distance_m: float) -> float:
    """Time in seconds a runner of this VDOT is predicted to need for the distance.

    Solves VDOT(d, t) = vdot for t by bisection; VDOT falls monotonically as t grows over the
    equations' speed range, so the root is unique.
    """
    _check_vdot(vdot)
    if not (math.isfinite(distance_m) and distance_m > 0):
        raise ScienceInputError(
            f"distance {distance_m} m is not a distance", "give a positive distance"
        )
    fastest_s = distance_m / MAX_SPEED_M_PER_MIN * 60.0
    slowest_s = distance_m / MIN_SPEED_M_PER_MIN * 60.0
    if not _vdot_unchecked(distance_m, slowest_s) <= vdot <= _vdot_unchecked(distance_m, fastest_s):
        raise ScienceInputError(
            f"VDOT {vdot:g} over {distance_m:g} m needs a speed outside 50-1000 m/min",
            "choose a race distance between about 400 m and 100 km",
        )
    low_s, high_s = fastest_s, slowest_s
    while high_s - low_s > _TOLERANCE_S:
        middle_s = (low_s + high_s) / 2.0
        if _vdot_unchecked(distance_m, middle_s) > vdot:
            low_s = middle_s  # still too fast for this VDOT
        else:
            high_s = middle_s
    return (low_s + high_s) / 2.0


def _speed_for_oxygen_cost(vo2: float) -> float:
    # Positive root of 0.000104 v² + 0.182258 v + (-4.60 - VO2) = 0 (Daniels & Gilbert 1979).
    c = _COST_INTERCEPT - vo2
    discriminant = _COST_LINEAR * _COST_LINEAR - 4.0 * _COST_QUADRATIC * c
    return (-_COST_LINEAR + math.sqrt(discriminant)) / (2.0 * _COST_QUADRATIC)


def velocity_at_vdot_m_per_min(vdot: float) -> float:
    """Speed in m/min whose oxygen cost equals VDOT: the reference for Daniels' training paces."""
    _check_vdot(vdot)
    return _speed_for_oxygen_cost(vdot)


@dataclass(frozen=True)
class TrainingPaces:
    """Daniels' five training intensities for one VDOT, as speeds in m/s.

    `easy_mps` is the middle of a range (E is 59-74 % VO2max in Daniels): GoldenCheetah's 0.72 of
    the velocity at VDOT. `easy_slow_mps` and `easy_fast_mps` are that range's ends, found by
    solving the oxygen-cost equation for 59 % and 74 % of VDOT (about 0.65 and 0.78 of the
    velocity at VDOT; 0.72 sits in the middle).
    """

    vdot: float
    easy_mps: float
    easy_slow_mps: float
    easy_fast_mps: float
    marathon_mps: float
    threshold_mps: float
    interval_mps: float
    repetition_mps: float


def training_paces(vdot: float) -> TrainingPaces:
    """E/M/T/I/R speeds as GoldenCheetah computes them from the velocity at VDOT."""
    velocity_mps = velocity_at_vdot_m_per_min(vdot) / 60.0
    return TrainingPaces(
        vdot=vdot,
        easy_mps=EASY_FRACTION * velocity_mps,
        easy_slow_mps=_speed_for_oxygen_cost(EASY_LOW_VO2_FRACTION * vdot) / 60.0,
        easy_fast_mps=_speed_for_oxygen_cost(EASY_HIGH_VO2_FRACTION * vdot) / 60.0,
        marathon_mps=MARATHON_FRACTION * velocity_mps,
        threshold_mps=THRESHOLD_FRACTION * velocity_mps,
        interval_mps=INTERVAL_FRACTION * velocity_mps,
        repetition_mps=REPETITION_FRACTION * velocity_mps,
    )
