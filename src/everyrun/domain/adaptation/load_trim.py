"""A coming week too big for what was actually done: its easy runs are shortened until the
forecast acute:chronic ratio is back at 1.3 — key sessions keep their work.

The ratio is the planner's (Hulin et al. 2014: one week's load over the mean of the last four,
the acute week included), on the load actually recorded in the three weeks before `as_of`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from everyrun.domain.adaptation.changes import Adaptation, Change, Rule
from everyrun.domain.planning.load_forecast import CHRONIC_WEEKS
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.plan_rules import ACUTE_CHRONIC_LIMIT
from everyrun.domain.planning.run_sessions import SessionContext, easy_run, recovery_run
from everyrun.domain.planning.run_targets import run_targets
from everyrun.domain.planning.session import PlannedSession
from everyrun.domain.purpose import Purpose

MIN_RUN_M = 1000.0  # an easy run is never trimmed below this (everyrun's convention)
_TRIMMABLE = (Purpose.EASY_AEROBIC, Purpose.RECOVERY)


def load_trim(plan: Plan, recent_daily_load: Sequence[float], as_of: date) -> Adaptation:
    """Shorten the easy runs of the seven days from `as_of` when their forecast A:C passes 1.3."""
    days = 7 * (CHRONIC_WEEKS - 1)
    if len(recent_daily_load) < days:
        return Adaptation(plan)  # less than three weeks of history: no ratio to trust
    history = sum(recent_daily_load[-days:])
    week = [
        s for s in plan.sessions if as_of <= s.day < as_of + timedelta(days=7) and s.distance_m > 0
    ]
    planned = sum(s.expected_load for s in week)
    # L / ((history + L) / 4) ≤ limit  ⇔  L ≤ limit · history / (4 − limit)
    allowed = ACUTE_CHRONIC_LIMIT * history / (CHRONIC_WEEKS - ACUTE_CHRONIC_LIMIT)
    ratio = planned * CHRONIC_WEEKS / (history + planned) if history + planned > 0 else 0.0
    easy = [s for s in week if s.purpose in _TRIMMABLE and not s.is_key]
    easy_load = sum(s.expected_load for s in easy)
    if planned <= allowed or easy_load <= 0:
        return Adaptation(plan)
    share = max(0.0, 1.0 - (planned - allowed) / easy_load)
    targets = run_targets(plan.runner, plan.race_pace_mps)
    why = (
        f"the coming week's forecast acute:chronic ratio is {ratio:.2f} ({planned:.0f} load "
        f"points planned against {history / (CHRONIC_WEEKS - 1):.0f} a week over the last three), "
        f"above {ACUTE_CHRONIC_LIMIT}"
    )
    changes: list[Change] = []
    replaced: dict[str, PlannedSession] = {}
    for session in easy:
        metres = max(MIN_RUN_M, math.floor(session.distance_m * share / 100.0) * 100.0)
        if metres >= session.distance_m:
            continue
        ctx = SessionContext(plan.goal, targets, session.phase, session.week)
        shorter = (
            recovery_run(ctx, session.day, metres, after="the last weeks' load")
            if session.purpose is Purpose.RECOVERY
            else easy_run(ctx, session.day, metres)
        )
        sentence = (
            f"Shortened {session.day:%A}'s {session.title.lower()} to {metres / 1000:.1f} km: {why}"
        )
        shorter = replace(shorter, why=f"{sentence}. {shorter.why}")
        replaced[session.id] = shorter
        changes.append(
            Change(
                Rule.LOAD,
                session.day,
                sentence,
                session,
                shorter,
                removed=(session,),
                added=(shorter,),
            )
        )
    sessions = tuple(replaced.get(s.id, s) for s in plan.sessions)
    return Adaptation(replace(plan, sessions=sessions), tuple(changes))
