"""Critical speed: the fastest pace held without drawing down a finite reserve D′ of distance.

The linear distance-time model d = CS·t + D′ (Monod & Scherrer 1965 for work; Hughson, Orok &
Staudt 1984 for running; reviewed by Jones & Vanhatalo 2017, Sports Med 47:65-78).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from everyrun.domain.science.errors import ScienceInputError

METHOD = "linear distance-time model d = CS·t + D′ (Hughson et al. 1984)"
# Jones & Vanhatalo (2017) recommend all-out trials lasting about 2 to 15 minutes.
SHORTEST_TRIAL_S = 120.0
LONGEST_TRIAL_S = 900.0


@dataclass(frozen=True)
class CriticalSpeed:
    """CS in m/s and D′ in m; `r_squared` is None for two trials (an exact fit)."""

    cs_m_s: float
    d_prime_m: float
    trial_count: int
    r_squared: float | None
    warnings: tuple[str, ...]


def critical_speed(trials: Sequence[tuple[float, float]]) -> CriticalSpeed:
    """CS and D′ from all-out trials given as (distance_m, time_s).

    Two trials are solved exactly; more are fitted by least squares on d = CS·t + D′.
    """
    if len(trials) < 2:
        raise ScienceInputError(
            f"{len(trials)} trial given; critical speed needs at least two",
            "give two or more all-out efforts of different length, e.g. 1600:6:00 3200:13:00",
        )
    distance_m = np.array([float(d) for d, _ in trials])
    time_s = np.array([float(t) for _, t in trials])
    if not (np.all(np.isfinite(distance_m)) and np.all(np.isfinite(time_s))):
        raise ScienceInputError("a trial is not a number", "give each trial as distance and time")
    if np.any(distance_m <= 0) or np.any(time_s <= 0):
        raise ScienceInputError(
            "trial distances and times must be positive", "e.g. 1600 m in 360 s"
        )
    if np.ptp(time_s) == 0:
        raise ScienceInputError(
            "all trials last the same time, so they cannot separate CS from D′",
            "use efforts of clearly different duration, e.g. about 3 and 12 minutes",
        )
    if len(trials) == 2:
        cs_m_s = float((distance_m[1] - distance_m[0]) / (time_s[1] - time_s[0]))  # CS = Δd/Δt
        d_prime_m = float(distance_m[0] - cs_m_s * time_s[0])  # D′ = d1 − CS·t1
        r_squared = None
    else:
        cs, intercept = np.polyfit(time_s, distance_m, 1)  # least squares on d = CS·t + D′
        cs_m_s, d_prime_m = float(cs), float(intercept)
        residual = distance_m - (cs_m_s * time_s + d_prime_m)
        spread = float(np.sum((distance_m - distance_m.mean()) ** 2))
        r_squared = 1.0 - float(np.sum(residual**2)) / spread if spread > 0 else None
    if not (math.isfinite(cs_m_s) and cs_m_s > 0 and d_prime_m > 0):
        raise ScienceInputError(
            f"these trials give CS {cs_m_s:.2f} m/s and D′ {d_prime_m:.0f} m, which no runner has",
            "a longer trial must cover more distance at a slower speed; check each distance:time",
        )
    warnings = []
    if np.any(time_s < SHORTEST_TRIAL_S) or np.any(time_s > LONGEST_TRIAL_S):
        warnings.append(
            "trials shorter than 2 min or longer than 15 min bias CS and D′ "
            "(Jones & Vanhatalo 2017)"
        )
    return CriticalSpeed(
        cs_m_s=cs_m_s,
        d_prime_m=d_prime_m,
        trial_count=len(trials),
        r_squared=r_squared,
        warnings=tuple(warnings),
    )
