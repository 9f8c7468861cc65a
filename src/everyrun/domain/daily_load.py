"""Training load per local day, on one scale, and the model computed from it.

Sessions are measured by different methods (rTSS, hrSS, Edwards TRIMP, session-RPE). The load
model needs one scale, so every session is expressed in *load points*, where one hour at
threshold is 100 — the scale of TSS, rTSS and our hrSS, which pass through unchanged. The two
other methods are converted by everyrun's own stated convention (not a published formula):

- rTSS and hrSS: the value as it is (already 100 for an hour at threshold);
- session-RPE: AU / 4.2 (an hour at threshold feels about RPE 7: 7 × 60 / 100);
- Edwards TRIMP: AU / 2.4 (an hour at threshold sits in the 80–90 % HRmax band, weight 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

POINTS_PER_UNIT = {
    "rTSS": 1.0,
    "hrSS": 1.0,
    "session-RPE": 1 / 4.2,
    "Edwards TRIMP": 1 / 2.4,
}
CONVENTION = (
    "load points: 100 = one hour at threshold (rTSS and hrSS as they are; session-RPE AU / 4.2; "
    "Edwards TRIMP / 2.4 — everyrun's stated convention)"
)


def load_points(value: float, method: str) -> float:
    """One session's load on the common scale; an unknown method counts as nothing."""
    return value * POINTS_PER_UNIT.get(method, 0.0)


@dataclass(frozen=True)
class DailyLoad:
    first_day: date
    points: FloatArray  # one value per local day from first_day, 0 on rest days

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(len(self.points))]


def daily_load(
    sessions: Iterable[tuple[date, float, str]], first_day: date, last_day: date
) -> DailyLoad:
    """Sum (day, load, method) sessions into one array of points per day, rest days 0."""
    length = (last_day - first_day).days + 1
    if length <= 0:
        return DailyLoad(first_day, np.zeros(0))
    points = np.zeros(length)
    for day, value, method in sessions:
        index = (day - first_day).days
        if 0 <= index < length:
            points[index] += load_points(value, method)
    return DailyLoad(first_day, points)
