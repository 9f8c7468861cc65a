"""Use cases: review a week against the plan, and name what an off-plan session was for.

The review gathers, for one ISO week, the active plan's sessions, the activities (with their
stored analysis, the purpose the athlete gave, and the evidence the file holds for the planned
session's criteria) and the sessions logged by hand, the daily history readiness and the risk
flags read, and the load model; the judging is `domain.audit.weekly_review`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Protocol

from everyrun.domain.activity import Activity
from everyrun.domain.audit.compliance import judge_against_purpose
from everyrun.domain.audit.evidence import evidence_for
from everyrun.domain.audit.matching import match_sessions
from everyrun.domain.audit.purpose_criteria import purpose_criteria
from everyrun.domain.audit.review_model import (
    DoneSession,
    DoneSource,
    Judgement,
    PurposeSource,
    WeekReview,
)
from everyrun.domain.audit.weekly_review import NAMEABLE, review_week
from everyrun.domain.days import checked_day
from everyrun.domain.errors import EveryrunError
from everyrun.domain.manual_sessions import MOBILITY, STRENGTH
from everyrun.domain.planning.run_targets import RunTargets, run_targets
from everyrun.domain.planning.session import PlannedSession, SessionKind, SuccessCriterion
from everyrun.domain.purpose import Purpose
from everyrun.domain.sport import RUNNING
from everyrun.services.activities import list_activities
from everyrun.services.analysis import local_day
from everyrun.services.load import LoadStore, intensity_seconds, load_report
from everyrun.services.ports import (
    ActivitySummary,
    GivenPurpose,
    GivenPurposeStore,
    PlanStore,
    StoredAnalysis,
    StoredManualSession,
)
from everyrun.services.readiness import history_until

ISO_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
WEEK_HINT = "write the week as YYYY-Www, e.g. 2027-W07"
ANALYZE_HINT = "run `everyrun analyze --all` so they are judged by what they were for"


class ReviewInputError(EveryrunError):
    """A week or a purpose that cannot be read; the hint shows what can."""


class ReviewStore(LoadStore, PlanStore, GivenPurposeStore, Protocol):
    """Activities, analyses, logs, plans and given purposes: all the review reads."""


def week_start(week: str | None, today: date) -> date:
    """The Monday of ISO week `week` ("2027-W07"); of `today`'s week when None."""
    if week is None:
        return today - timedelta(days=today.weekday())
    found = ISO_WEEK.match(week)
    if found is None:
        raise ReviewInputError(f"week {week!r} is not an ISO week", WEEK_HINT)
    try:
        monday = date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise ReviewInputError(f"{week} has no such week", WEEK_HINT) from None
    return checked_day(monday, today, "week")


def done_between(store: ReviewStore, athlete_id: int, first: date, last: date) -> list[DoneSession]:
    """What was done from `first` to `last`: recordings (with their purpose) and manual logs."""
    summaries = list_activities(store, athlete_id, since=first, until=last)
    given = store.given_purposes(athlete_id, [s.id for s in summaries])
    done = [
        _from_activity(s.id, s, _analysis(store, athlete_id, s.id), given.get(s.id))
        for s in reversed(summaries)
    ]
    return done + [_from_log(m) for m in store.manual_sessions_between(athlete_id, first, last)]


def review(store: ReviewStore, athlete_id: int, *, week: str | None, today: date) -> WeekReview:
    """The week's review (default: the week of `today`, the athlete's local day)."""
    first = week_start(week, today)
    last = first + timedelta(days=6)
    notes: list[str] = []
    found = store.active_plan(athlete_id)
    targets = run_targets(found[1].runner, found[1].race_pace_mps) if found else None
    planned = store.planned_sessions_between(athlete_id, first, last + timedelta(days=7))
    if found is None:
        notes.append("no plan: every session is off plan (make one with `everyrun plan create`)")
    summaries = list_activities(store, athlete_id, since=first, until=last)
    analyses = {s.id: _analysis(store, athlete_id, s.id) for s in summaries}
    given = store.given_purposes(athlete_id, [s.id for s in summaries])
    unanalysed = sum(1 for a in analyses.values() if a is None)
    if unanalysed:
        notes.append(
            f"{unanalysed} of the week's activities ha{'s' if unanalysed == 1 else 've'} no "
            f"analysis yet: {ANALYZE_HINT}"
        )
    done = [_from_activity(s.id, s, analyses[s.id], given.get(s.id)) for s in reversed(summaries)]
    done += [_from_log(m) for m in store.manual_sessions_between(athlete_id, first, last)]
    week_planned = [p for p in planned if first <= p.day <= last]
    done = _with_evidence(store, athlete_id, week_planned, done, targets)
    until = min(last, today)
    # Years of analyses are read once for the load report and the readiness history both.
    all_analyses = store.analyses(athlete_id)
    all_summaries = list(store.iter_summaries(athlete_id))
    report = load_report(
        store, athlete_id, until=until, analyses=all_analyses, summaries=all_summaries
    )
    return review_week(
        first,
        planned,
        done,
        today=today,
        targets=targets,
        history=(
            history_until(
                store,
                athlete_id,
                until,
                report=report,
                analyses=all_analyses,
                summaries=all_summaries,
            ).days
            if first <= today
            else ()
        ),
        zone_seconds={
            i: zones
            for i, a in analyses.items()
            if a is not None and (zones := intensity_seconds(a.data)) is not None
        },
        fitness={row.day: (row.fitness, row.fatigue, row.form) for row in report.daily},
        notes=notes,
    )


def give_purpose(
    store: ReviewStore,
    athlete_id: int,
    activity_id: int,
    purpose: Purpose | str,
    note: str | None,
    *,
    now_utc: datetime,
) -> Judgement:
    """Store what the activity was for and judge it against that purpose's criteria."""
    chosen = parse_purpose(purpose)
    text = " ".join(note.split()) if note else None
    store.set_given_purpose(athlete_id, activity_id, chosen, text or None, now_utc)
    activity = store.get_activity(athlete_id, activity_id)
    given = GivenPurpose(activity_id, chosen, text, now_utc)
    done = _from_activity(activity_id, activity, _analysis(store, athlete_id, activity_id), given)
    targets = _targets(store, athlete_id)
    extra = purpose_criteria(chosen, targets, kind=done.kind)
    done = replace(done, evidence=evidence_for(activity, None, extra_criteria=extra))
    return judge_against_purpose(chosen, done, targets)


def parse_purpose(purpose: Purpose | str) -> Purpose:
    """A purpose a session can have, from its name ("easy aerobic", "easy-aerobic" too)."""
    hint = f"name one of: {', '.join(p.value for p in NAMEABLE)}"
    try:
        chosen = Purpose(str(purpose).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        raise ReviewInputError(f"unknown purpose {str(purpose)!r}", hint) from None
    if chosen not in NAMEABLE:
        raise ReviewInputError(f"{chosen.value} is not what a session is for", hint)
    return chosen


# --- done sessions --------------------------------------------------------------------------


def _analysis(store: ReviewStore, athlete_id: int, activity_id: int) -> StoredAnalysis | None:
    found = store.analyses(athlete_id, activity_id)
    return found[0] if found else None


def _targets(store: ReviewStore, athlete_id: int) -> RunTargets | None:
    found = store.active_plan(athlete_id)
    return run_targets(found[1].runner, found[1].race_pace_mps) if found else None


def _from_activity(
    ref: int,
    summary: ActivitySummary | Activity,
    analysis: StoredAnalysis | None,
    given: GivenPurpose | None,
) -> DoneSession:
    purpose: Purpose | None = None
    source = PurposeSource.INFERRED
    if given is not None:
        purpose, source = given.purpose, PurposeSource.ATHLETE
    elif analysis is not None:
        try:
            purpose = Purpose(analysis.purpose)
        except ValueError:
            purpose = None
    seconds = summary.timer_s or summary.elapsed_s
    metres = summary.distance_m or 0.0
    name = summary.name or summary.sport.replace("_", " ").capitalize()
    return DoneSession(
        source=DoneSource.ACTIVITY,
        ref=ref,
        day=local_day(summary.start_utc, summary.utc_offset_s),
        kind=_activity_kind(summary.sport, purpose),
        purpose=purpose,
        purpose_source=source,
        title=f"{name} {metres / 1000:.1f} km" if metres > 0 else name,
        duration_s=seconds,
        distance_m=metres,
        load=analysis.load if analysis is not None else None,
        mean_speed_mps=metres / seconds if metres > 0 and seconds > 0 else None,
    )


def _activity_kind(sport: str, purpose: Purpose | None) -> SessionKind:
    """A recorded gym or yoga session is strength or mobility work, not cross-training."""
    if sport == RUNNING:
        return SessionKind.RUN
    return (
        {Purpose.STRENGTH: SessionKind.STRENGTH, Purpose.MOBILITY: SessionKind.MOBILITY}.get(
            purpose, SessionKind.CROSS
        )
        if purpose is not None
        else SessionKind.CROSS
    )


def _from_log(stored: StoredManualSession) -> DoneSession:
    session = stored.session
    kind = {STRENGTH: SessionKind.STRENGTH, MOBILITY: SessionKind.MOBILITY}.get(
        session.kind, SessionKind.RUN if session.sport == RUNNING else SessionKind.CROSS
    )
    return DoneSession(
        source=DoneSource.LOG,
        ref=stored.id,
        day=session.day,
        kind=kind,
        purpose=session.purpose,
        purpose_source=PurposeSource.INFERRED,
        title=f"{session.kind.capitalize()} {session.minutes:.0f} min",
        duration_s=session.minutes * 60,
        load=stored.load,
    )


def _with_evidence(
    store: ReviewStore,
    athlete_id: int,
    planned: list[PlannedSession],  # the week's
    done: list[DoneSession],
    targets: RunTargets | None,
) -> list[DoneSession]:
    """Each recording reduced to the evidence its planned session (or its purpose) asks for.

    The matching is done here first, as the review will do it again: the evidence depends on
    which planned session a recording carried out, and the matching does not read evidence.
    """
    planned_for = {
        d.ref: p
        for p, d in match_sessions(planned, done)
        if d is not None and d.source is DoneSource.ACTIVITY
    }
    result = []
    for session in done:
        if session.source is not DoneSource.ACTIVITY or session.kind is not SessionKind.RUN:
            result.append(session)
            continue
        plan = planned_for.get(session.ref)
        extra: tuple[SuccessCriterion, ...] = ()
        if plan is None and session.purpose not in (None, Purpose.NO_CLEAR_PURPOSE):
            assert session.purpose is not None
            extra = purpose_criteria(session.purpose, targets, kind=session.kind)
        activity = store.get_activity(athlete_id, session.ref)
        evidence = evidence_for(activity, plan, extra_criteria=extra)
        result.append(replace(session, evidence=evidence))
    return result
