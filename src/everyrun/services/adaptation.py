"""ADAPT: re-plan the coming days from what happened — sessions done or missed, today's
readiness, sick days and niggles logged, a new VDOT in the profile, the load recorded in the
last three weeks — and keep the old plan as a version.

The rules are the domain's (`domain.adaptation`); this use case only gathers what they read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from everyrun.domain.adaptation.changes import Change
from everyrun.domain.adaptation.rules import adapt
from everyrun.domain.audit.matching import match_sessions
from everyrun.domain.errors import NotFoundError
from everyrun.domain.planning.plan import Plan
from everyrun.services.athlete import profile_for_day
from everyrun.services.load import load_report
from everyrun.services.planning import logged_niggles
from everyrun.services.readiness import readiness_on
from everyrun.services.review import ReviewStore, done_between

LOOKBACK_DAYS = 14  # sessions and sick days this far back are read
LOAD_DAYS = 21  # the recorded load the coming week is weighed against (three weeks)
VDOT_CHANGE = 1.0  # a profile VDOT this far from the plan's re-paces it (one Daniels point)


@dataclass(frozen=True)
class AdaptResult:
    plan_id: int  # the plan that was adapted
    plan: Plan  # the adapted plan
    changes: tuple[Change, ...]
    saved_plan_id: int | None  # the new version, when the changes were accepted
    readiness: str | None  # today's verdict, when as_of is today
    sick_days: tuple[date, ...]
    new_vdot: float | None


def adapt_plan(
    store: ReviewStore,
    athlete_id: int,
    *,
    as_of: date,
    today: date,
    accept: bool,
    now_utc: datetime,
) -> AdaptResult:
    """The changes the rules make to the active plan from `as_of` on; saved as a new plan
    version (the old one is kept, inactive) only when `accept` and something changed."""
    found = store.active_plan(athlete_id)
    if found is None:
        raise NotFoundError("no plan to adapt", "make one with `everyrun plan create`")
    plan_id, plan = found
    first = max(plan.start, as_of - timedelta(days=LOOKBACK_DAYS))
    last = as_of - timedelta(days=1)
    done_days: dict[str, date] = {}
    if first <= last:
        planned = [s for s in plan.sessions if first <= s.day <= last]
        for session, done in match_sessions(planned, done_between(store, athlete_id, first, last)):
            if session is not None and done is not None:
                done_days[session.id] = done.day
    readiness = readiness_on(store, athlete_id, as_of) if as_of == today else None
    sick = tuple(
        entry.day for entry in store.wellness_between(athlete_id, first, as_of) if entry.illness
    )
    profile_vdot = profile_for_day(store, athlete_id, as_of).profile.vdot
    new_vdot = (
        profile_vdot
        if profile_vdot is not None and abs(profile_vdot - plan.runner.vdot) >= VDOT_CHANGE
        else None
    )
    niggles = logged_niggles(store, athlete_id, as_of, plan.runner.injuries)
    report = load_report(store, athlete_id, until=as_of - timedelta(days=1))
    since = as_of - timedelta(days=LOAD_DAYS)
    recent = [row.load for row in report.daily if row.day >= since and math.isfinite(row.load)]
    adaptation = adapt(
        plan,
        as_of=as_of,
        done=done_days,
        readiness=readiness,
        sick_days=sick,
        new_vdot=new_vdot,
        niggles=niggles,
        recent_daily_load=recent,
    )
    saved = None
    if accept and adaptation.changes:
        saved = store.save_plan(athlete_id, adaptation.plan, created_at=now_utc)
    return AdaptResult(
        plan_id,
        adaptation.plan,
        adaptation.changes,
        saved,
        readiness.level.value if readiness is not None else None,
        sick,
        new_vdot,
    )
