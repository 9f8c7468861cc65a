"""The load the plan will put on the athlete, day by day, and its acute:chronic ratio.

The forecast uses the rolling, coupled 7/28-day ratio (Hulin et al. 2014), the averaging behind
the 0.8–1.3 band it is held to (Gabbett 2016). A daily EWMA (`everyrun load`'s default) swings
with the shape of a week: with two runs a week it passes 1.3 after every long run at constant
volume, which says nothing about the plan's progression. The ratio is computed over the
athlete's recent running load followed by the plan's; with no history, the athlete is assumed to
have run their current weekly volume steadily at easy pace.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import numpy.typing as npt

from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import PlannedSession
from everyrun.domain.science.vdot import training_paces
from everyrun.domain.science.workload import CHRONIC_DAYS, RatioMethod, acute_chronic_ratio

FloatArray = npt.NDArray[np.float64]
SEED_DAYS = CHRONIC_DAYS
METHOD = "rolling 7/28-day coupled (Hulin et al. 2014), running load"


def steady_daily_load(runner: Runner) -> float:
    """rTSS per day of the current weekly volume at easy pace (IF = easy / threshold speed)."""
    paces = training_paces(runner.vdot)
    factor = paces.easy_mps / paces.threshold_mps
    hours = runner.weekly_km * 1000.0 / paces.easy_mps / 3600.0
    return hours * factor * factor * 100.0 / 7.0


def history(runner: Runner) -> FloatArray:
    if len(runner.recent_daily_load) >= CHRONIC_DAYS:
        return np.asarray(runner.recent_daily_load, dtype=float)
    return np.full(SEED_DAYS, steady_daily_load(runner))


def daily_plan_load(
    sessions: Iterable[PlannedSession], start: date, end: date, *, running_only: bool = True
) -> FloatArray:
    loads = np.zeros((end - start).days + 1)
    for session in sessions:
        if running_only and session.distance_m <= 0:
            continue
        index = (session.day - start).days
        if 0 <= index < loads.size:
            loads[index] += session.expected_load
    return loads


def forecast_ratio(runner: Runner, plan_load: FloatArray) -> FloatArray:
    """A:C for each plan day, on the athlete's history followed by the plan."""
    seed = history(runner)
    ratio = acute_chronic_ratio(np.concatenate((seed, plan_load)), method=RatioMethod.rolling)
    return ratio[seed.size :]
