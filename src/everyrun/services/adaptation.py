"""ADAPT: re-plan the coming days from what happened — sessions done or missed, today's
readiness, sick days and niggles logged, a new VDOT in the profile, the load recorded in the
last three weeks — and keep the old plan as a version.

The rules are the domain's (`domain.adaptation`); this use case gathers what they read, keeps
their suggestions as proposed changes of the active plan version (once: an identical pending
one is not stored again, one the athlete rejected for the same session and day or already
accepted is not proposed again), and applies the ones the athlete accepts to a new version.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from everyrun.domain.adaptation.apply import Refusal, accept_changes
from everyrun.domain.adaptation.changes import Adaptation, Change, ChangeStatus, Rule
from everyrun.domain.adaptation.rules import adapt
from everyrun.domain.audit.matching import match_sessions
from everyrun.domain.errors import EveryrunError, NotFoundError
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.plan_diff import SessionDiff, diff_plans
from everyrun.domain.planning.plan_record import session_to_dict
from everyrun.domain.planning.session import PlannedSession
from everyrun.services.athlete import profile_for_day
from everyrun.services.load import load_report
from everyrun.services.planning import logged_niggles
from everyrun.services.ports import ChangeStore, PlanVersion, StoredChange
from everyrun.services.readiness import readiness_on
from everyrun.services.review import ReviewStore, done_between

LOOKBACK_DAYS = 14  # sick days this far back are read
DONE_LOOKBACK_DAYS = 21  # sessions done this far back (lost training looks three weeks back)
LOAD_DAYS = 21  # the recorded load the coming week is weighed against (three weeks)
VDOT_CHANGE = 1.0  # a profile VDOT this far from the plan's re-paces it (one Daniels point)
_ORDER = (  # the order `adapt` applies its rules in: accepted changes are applied in it
    Rule.NEW_FITNESS,
    Rule.LOST_TIME,
    Rule.MISSED_KEY_SESSION,
    Rule.ILLNESS,
    Rule.READINESS,
    Rule.NIGGLE,
    Rule.LOAD,
)
NO_PLAN_HINT = "make one with `everyrun plan create`"


class AdaptStore(ReviewStore, ChangeStore, Protocol):
    """What adaptation reads (the review's store) and where its suggestions are kept."""


@dataclass(frozen=True)
class AdaptResult:
    plan_id: int  # the plan that was adapted
    plan: Plan  # the adapted plan
    changes: tuple[Change, ...]
    saved_plan_id: int | None  # the new version, when the changes were accepted
    readiness: str | None  # today's verdict, when as_of is today
    sick_days: tuple[date, ...]
    new_vdot: float | None
    suggested: tuple[StoredChange, ...] = ()  # the changes as stored, with their ids
    refused: tuple[Refusal, ...] = ()  # accepted changes that did not fit, with the reason


@dataclass(frozen=True)
class Decision:
    plan_id: int  # the version the changes were proposed against
    saved_plan_id: int | None  # the new version, when an accepted change edited the plan
    accepted: tuple[StoredChange, ...]
    rejected: tuple[StoredChange, ...]
    refused: tuple[tuple[StoredChange, str], ...]  # accepted but left out, with the reason


@dataclass(frozen=True)
class _Read:
    adaptation: Adaptation
    readiness: str | None
    sick: tuple[date, ...]
    new_vdot: float | None


def adapt_plan(
    store: AdaptStore,
    athlete_id: int,
    *,
    as_of: date,
    today: date,
    accept: bool,
    now_utc: datetime,
) -> AdaptResult:
    """The changes the rules make to the active plan from `as_of` on, kept as proposed changes;
    with `accept`, all of them that fit go into a new plan version (the old one kept)."""
    result = suggest_changes(store, athlete_id, as_of=as_of, today=today, now_utc=now_utc)
    if not accept or not result.suggested:
        return result
    decision = decide_changes(
        store, athlete_id, accept=[c.id for c in result.suggested], now_utc=now_utc, strict=False
    )
    refused = tuple(Refusal(stored.change, reason) for stored, reason in decision.refused)
    return AdaptResult(
        result.plan_id,
        result.plan,
        result.changes,
        decision.saved_plan_id,
        result.readiness,
        result.sick_days,
        result.new_vdot,
        result.suggested,
        refused,
    )


def propose_changes(
    store: AdaptStore, athlete_id: int, today: date, now_utc: datetime
) -> list[StoredChange]:
    """After an import or a log: today's suggestions, kept as proposed changes. Cheap without
    an active plan, and never fails the import or log that called it (then: nothing)."""
    try:
        if store.active_plan_id(athlete_id) is None:
            return []
        result = suggest_changes(store, athlete_id, as_of=today, today=today, now_utc=now_utc)
    except EveryrunError:
        return []
    return list(result.suggested)


def pending_changes(store: ChangeStore, athlete_id: int) -> list[StoredChange]:
    """The suggestions still open on the active plan version, oldest first: what a page shows
    as waiting for the athlete, read without running the rules (changes suggested to an older
    version can no longer be accepted and are left out)."""
    plan_id = store.active_plan_id(athlete_id)
    if plan_id is None:
        return []
    return store.plan_changes(athlete_id, plan_id=plan_id, status=ChangeStatus.PROPOSED)


def suggest_changes(
    store: AdaptStore, athlete_id: int, *, as_of: date, today: date, now_utc: datetime
) -> AdaptResult:
    """The rules' changes to the active plan from `as_of` on, stored as proposed (an identical
    pending one is reused), leaving out the ones the athlete already decided."""
    found = store.active_plan(athlete_id)
    if found is None:
        raise NotFoundError("no plan to adapt", NO_PLAN_HINT)
    plan_id, plan = found
    accepted = store.plan_changes(athlete_id, status=ChangeStatus.ACCEPTED)
    rejected = store.plan_changes(athlete_id, status=ChangeStatus.REJECTED)
    settled = {
        c.change.before.id
        for c in accepted
        if c.change.rule is Rule.MISSED_KEY_SESSION and c.change.before is not None
    }
    read = _read(store, athlete_id, plan, as_of=as_of, today=today, settled=settled)
    done_keys = {_decided_key(c.change) for c in accepted}
    no_keys = {(_session_key(c.change), c.as_of) for c in rejected}
    fresh = [
        c
        for c in read.adaptation.changes
        if _decided_key(c) not in done_keys and (_session_key(c), as_of) not in no_keys
    ]
    pending = {
        _identity(c.change): c
        for c in store.plan_changes(athlete_id, plan_id=plan_id, status=ChangeStatus.PROPOSED)
    }
    new = [c for c in fresh if _identity(c) not in pending]
    added = iter(store.add_changes(athlete_id, plan_id, as_of, new, created_at=now_utc))
    suggested = tuple(
        pending[_identity(c)] if _identity(c) in pending else next(added) for c in fresh
    )
    return AdaptResult(
        plan_id,
        read.adaptation.plan,
        read.adaptation.changes,
        None,
        read.readiness,
        read.sick,
        read.new_vdot,
        suggested,
    )


def decide_changes(
    store: AdaptStore,
    athlete_id: int,
    *,
    accept: Sequence[int] = (),
    reject: Sequence[int] = (),
    now_utc: datetime,
    strict: bool = True,
) -> Decision:
    """Reject some suggested changes and accept others into a new plan version, which must
    keep every planning rule the plan keeps. `strict`: one accepted change that does not fit
    refuses them all (ChangeConflictError); otherwise it is left out, still proposed."""
    found = store.active_plan(athlete_id)
    if found is None:
        raise NotFoundError("no plan to adapt", NO_PLAN_HINT)
    plan_id, plan = found
    both = sorted(set(accept) & set(reject))
    if both:
        raise EveryrunError(f"change {both[0]} cannot be both accepted and rejected")
    wanted = [*dict.fromkeys([*accept, *reject])]
    stored = {c.id: c for c in store.plan_changes(athlete_id, ids=wanted)}
    for change_id in wanted:
        _check_open(stored.get(change_id), change_id, plan_id)
    rejected = [stored[i] for i in dict.fromkeys(reject)]
    store.mark_changes(
        athlete_id, [c.id for c in rejected], ChangeStatus.REJECTED, decided_at=now_utc
    )
    chosen = sorted(
        (stored[i] for i in dict.fromkeys(accept)),
        key=lambda c: (_ORDER.index(c.change.rule), c.id),
    )
    result = accept_changes(plan, [c.change for c in chosen], strict=strict)
    applied_ids = {id(change) for change in result.applied}
    applied = [c for c in chosen if id(c.change) in applied_ids]
    refused = tuple(
        (next(c for c in chosen if c.change is r.change), r.reason) for r in result.refused
    )
    saved = None
    if applied:  # a new version even when only drops were accepted: it records the decision
        saved = store.save_adapted_plan(
            athlete_id, result.plan, [c.id for c in applied], created_at=now_utc
        )
    return Decision(plan_id, saved, tuple(applied), tuple(rejected), refused)


def _check_open(stored: StoredChange | None, change_id: int, plan_id: int) -> None:
    hint = "`everyrun plan adapt` lists the changes suggested to the active plan"
    if stored is None:
        raise NotFoundError(f"no suggested change with ID {change_id}", hint)
    if stored.status is not ChangeStatus.PROPOSED:
        raise EveryrunError(f"change {change_id} is already {stored.status.value}", hint)
    if stored.plan_id != plan_id:
        raise EveryrunError(
            f"change {change_id} was suggested for plan {stored.plan_id}, which is no longer "
            f"the active version (plan {plan_id} is)",
            "run `everyrun plan adapt` again: it suggests changes to the active plan",
        )


def _read(
    store: ReviewStore,
    athlete_id: int,
    plan: Plan,
    *,
    as_of: date,
    today: date,
    settled: set[str],
) -> _Read:
    first = max(plan.start, as_of - timedelta(days=LOOKBACK_DAYS))
    done_from = max(plan.start, as_of - timedelta(days=DONE_LOOKBACK_DAYS))
    last = as_of - timedelta(days=1)
    done_days: dict[str, date] = {}
    if done_from <= last:
        planned = [s for s in plan.sessions if done_from <= s.day <= last]
        recorded = done_between(store, athlete_id, done_from, last)
        for session, done in match_sessions(planned, recorded):
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
        settled=settled,
    )
    return _Read(
        adaptation, readiness.level.value if readiness is not None else None, sick, new_vdot
    )


def _session_key(change: Change) -> tuple[str, str]:
    """The rule and the session a change is about (the day, for a plan-wide one)."""
    session = change.before or change.after
    return change.rule.value, session.id if session is not None else change.day.isoformat()


def _decided_key(change: Change) -> tuple[str, str]:
    """An accepted change is not proposed again for the same session (a re-pacing: the same
    day and VDOT)."""
    if change.before is not None:
        return change.rule.value, change.before.id
    return change.rule.value, f"{change.day.isoformat()}@{change.new_vdot}"


def _identity(change: Change) -> tuple[object, ...]:
    """Two suggestions are the same when everything the athlete reads and accepts is."""
    return (
        change.rule.value,
        change.day,
        change.sentence,
        _session_json(change.before),
        _session_json(change.after),
        tuple(_session_json(s) for s in change.removed),
        tuple(_session_json(s) for s in change.added),
        change.new_vdot,
    )


def _session_json(session: PlannedSession | None) -> str | None:
    if session is None:
        return None
    return json.dumps(session_to_dict(session), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class VersionInfo:
    version: PlanVersion
    why: str  # "created", "regenerated" or "adapted: 3 changes"


def plan_versions(store: AdaptStore, athlete_id: int) -> list[VersionInfo]:
    """Every version of the athlete's plan, oldest first, with why it was made."""
    versions = store.plan_versions(athlete_id)
    return [VersionInfo(v, _why_made(v, i)) for i, v in enumerate(versions)]


def plan_diff(
    store: AdaptStore, athlete_id: int, old_id: int, new_id: int
) -> tuple[SessionDiff, ...]:
    """What differs between two of the athlete's plan versions, session by session."""
    return diff_plans(store.plan(athlete_id, old_id), store.plan(athlete_id, new_id))


def _why_made(version: PlanVersion, index: int) -> str:
    if version.adapted_changes:
        n = version.adapted_changes
        return f"adapted: {n} change{'s' if n != 1 else ''}"
    return "created" if index == 0 else "regenerated"
