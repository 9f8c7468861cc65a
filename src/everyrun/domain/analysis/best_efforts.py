"""The fastest time over each classic distance inside an activity (like Strava's best efforts)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from everyrun.domain import activity as act

MILE_M = 1609.344
BEST_EFFORT_DISTANCES_M: dict[str, float] = {
    "400m": 400.0,
    "1k": 1000.0,
    "1mi": MILE_M,
    "5k": 5000.0,
    "10k": 10000.0,
    "half": 21097.5,
    "marathon": 42195.0,
}


@dataclass(frozen=True)
class BestEffort:
    name: str
    distance_m: float
    time_s: float
    start_s: float  # seconds since the activity's start

    @property
    def speed_mps(self) -> float:
        return self.distance_m / self.time_s


def best_efforts(time_s: act.FloatArray, distance_m: act.FloatArray) -> list[BestEffort]:
    """For every window start, the first sample at least D further on; the quickest wins.

    Interpolated to the exact distance, in O(n log n) with searchsorted, no loop per sample.
    Pauses inside a window count as time: a best effort is continuous.
    """
    found: list[BestEffort] = []
    if len(time_s) < 2 or not np.isfinite(distance_m).all():
        return found
    total = float(distance_m[-1] - distance_m[0])
    for name, length in BEST_EFFORT_DISTANCES_M.items():
        if length > total:
            break
        end = np.searchsorted(distance_m, distance_m + length, side="left")
        valid = end < len(distance_m)
        starts = np.flatnonzero(valid)
        ends = end[valid]
        before = np.maximum(ends - 1, starts)
        span = distance_m[ends] - distance_m[before]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(
                span > 0, (distance_m[starts] + length - distance_m[before]) / span, 1.0
            )
        finish = time_s[before] + share * (time_s[ends] - time_s[before])
        durations = finish - time_s[starts]
        best = int(np.argmin(durations))
        found.append(BestEffort(name, length, float(durations[best]), float(time_s[starts[best]])))
    return found
