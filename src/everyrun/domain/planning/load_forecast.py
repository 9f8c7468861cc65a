"""The load the plan will put on the athlete, week by week, and its acute:chronic ratio.

The forecast uses Hulin et al.'s (2014) definition, the one behind the 0.8–1.3 band it is held
to (Gabbett 2016): acute load is one week's total, chronic load the mean of the last four
weeks' totals (coupled: the acute week included). Weeks are the plan's own seven-day blocks.
A daily rolling or EWMA ratio (`everyrun load`) swings with where in a window the long run
falls, which says nothing about the plan's progression. History comes first: the athlete's
recent running load, or with none their current weekly volume run steadily at easy pace.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import numpy.typing as npt

from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import PlannedSession
from everyrun.domain.science.vdot import training_paces

FloatArray = npt.NDArray[np.float64]
CHRONIC_WEEKS = 4
METHOD = "weekly: one week's running load over the mean of the last 4 weeks (Hulin et al. 2014)"


def steady_weekly_load(runner: Runner) -> float:
    """rTSS of the current weekly volume at easy pace (IF = easy / threshold speed)."""
    paces = training_paces(runner.vdot)
    factor = paces.easy_mps / paces.threshold_mps
    hours = runner.weekly_km * 1000.0 / paces.easy_mps / 3600.0
    return hours * factor * factor * 100.0


def history_weeks(runner: Runner) -> FloatArray:
    """The last three weeks' loads before the plan, oldest first."""
    days = np.asarray(runner.recent_daily_load, dtype=float)
    if days.size >= 7 * (CHRONIC_WEEKS - 1):
        recent = days[days.size - 7 * (CHRONIC_WEEKS - 1) :]
        weekly: FloatArray = recent.reshape(CHRONIC_WEEKS - 1, 7).sum(axis=1)
        return weekly
    return np.full(CHRONIC_WEEKS - 1, steady_weekly_load(runner))


def weekly_plan_load(
    sessions: Iterable[PlannedSession], start: date, end: date, *, running_only: bool = True
) -> FloatArray:
    """Load per seven-day block from `start` up to and including `end`."""
    weeks = np.zeros((end - start).days // 7 + 1)
    for session in sessions:
        if running_only and session.distance_m <= 0:
            continue
        offset = (session.day - start).days
        if offset >= 0 and session.day <= end:
            weeks[offset // 7] += session.expected_load
    return weeks


def forecast_ratio(runner: Runner, plan_weeks: FloatArray) -> FloatArray:
    """A:C for each plan week, on the athlete's history followed by the plan."""
    loads = np.concatenate((history_weeks(runner), plan_weeks))
    totals = np.cumsum(np.concatenate(([0.0], loads)))
    chronic = (totals[CHRONIC_WEEKS:] - totals[:-CHRONIC_WEEKS]) / CHRONIC_WEEKS
    acute = loads[CHRONIC_WEEKS - 1 :]
    ratio = np.full(acute.shape, np.nan)
    known = chronic > 0
    ratio[known] = acute[known] / chronic[known]
    return ratio
