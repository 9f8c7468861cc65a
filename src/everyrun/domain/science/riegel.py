"""Riegel's endurance formula: a race time carried to another distance."""

from __future__ import annotations

import math
from dataclasses import dataclass

from everyrun.domain.science.errors import ScienceInputError

METHOD = "Riegel 1977"
RIEGEL_EXPONENT = 1.06  # Riegel 1977 (Runner's World); Riegel 1981, American Scientist 69:285
# Riegel fitted the exponent to races from 1500 m to the marathon; outside that it drifts.
VALID_FROM_M = 1500.0
VALID_TO_M = 42195.0


@dataclass(frozen=True)
class RiegelPrediction:
    """A predicted time, and whether both distances lie where the formula was fitted."""

    time_s: float
    is_within_valid_range: bool
    warning: str | None


def riegel_time_s(
    time_s: float, distance_m: float, to_distance_m: float, exponent: float = RIEGEL_EXPONENT
) -> RiegelPrediction:
    """Predicted time over `to_distance_m` from a race of `time_s` over `distance_m`."""
    for name, value in (("time", time_s), ("distance", distance_m), ("target", to_distance_m)):
        if not (math.isfinite(value) and value > 0):
            raise ScienceInputError(f"{name} {value} must be positive", "e.g. 5k in 25:00")
    if not (math.isfinite(exponent) and 1.0 <= exponent <= 1.2):
        raise ScienceInputError(
            f"exponent {exponent:g} is outside 1.0-1.2",
            "use Riegel's 1.06, or your own fitted exponent between 1.0 and 1.2",
        )
    predicted_s = time_s * (to_distance_m / distance_m) ** exponent  # T2 = T1 (D2/D1)^1.06
    valid = all(VALID_FROM_M <= d <= VALID_TO_M for d in (distance_m, to_distance_m))
    warning = (
        None
        if valid
        else "Riegel's formula was fitted to races from 1500 m to the marathon; "
        "this prediction extrapolates beyond them"
    )
    return RiegelPrediction(time_s=predicted_s, is_within_valid_range=valid, warning=warning)
