"""What a hill costs: Minetti's energy cost of running on a slope, and grade-adjusted speed.

Minetti, Moia, Roi, Susta & Ferretti (2002), "Energy cost of walking and running at extreme uphill
and downhill slopes", J Appl Physiol 93:1039-1046.
"""

from __future__ import annotations

from typing import overload

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

METHOD = "Minetti et al. 2002 cost of running"
# Minetti et al. measured slopes from -0.45 to +0.45; the polynomial is not trusted beyond them.
MAX_ABS_GRADE = 0.45


def _cost(grade: FloatArray) -> FloatArray:
    i = np.clip(grade, -MAX_ABS_GRADE, MAX_ABS_GRADE)
    # Minetti et al. 2002: C(i) = 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6 J/kg/m
    cost: FloatArray = ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6
    return cost


FLAT_COST_J_KG_M = 3.6  # C(0), Minetti et al. 2002


@overload
def cost_of_running_j_kg_m(grade: float) -> float: ...
@overload
def cost_of_running_j_kg_m(grade: npt.ArrayLike) -> FloatArray: ...
def cost_of_running_j_kg_m(grade: npt.ArrayLike) -> float | FloatArray:
    """Energy per kilogram per metre at a grade (rise/run, 0.10 = 10 %), clipped to ±0.45.

    NaN grades give NaN: an unknown slope has an unknown cost.
    """
    cost = _cost(np.asarray(grade, dtype=np.float64))
    return float(cost) if cost.ndim == 0 else cost


@overload
def grade_adjusted_speed(speed_mps: float, grade: float) -> float: ...
@overload
def grade_adjusted_speed(speed_mps: npt.ArrayLike, grade: npt.ArrayLike) -> FloatArray: ...
def grade_adjusted_speed(speed_mps: npt.ArrayLike, grade: npt.ArrayLike) -> float | FloatArray:
    """The flat speed that would cost the same energy per second as `speed_mps` up this grade."""
    speed = np.asarray(speed_mps, dtype=np.float64)
    adjusted: FloatArray = speed * _cost(np.asarray(grade, dtype=np.float64)) / FLAT_COST_J_KG_M
    return float(adjusted) if adjusted.ndim == 0 else adjusted
