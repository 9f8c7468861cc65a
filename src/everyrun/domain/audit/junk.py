"""Junk: training that cost recovery and bought nothing the plan needed, and recovery skipped.

Each flag says what happened in numbers and what to do instead, tied to the week: the next key
session it takes from, the pace a recovery run should stay slower than, the plan's own sleep
and mobility. The thresholds for sleep debt, days without rest and niggles are the risk flags'
own (`domain.risk_flags`); readiness is `domain.readiness`'s verdict. Nothing is restated here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from everyrun.domain.audit.junk_recovery import recovery_flags
from everyrun.domain.audit.junk_week import (
    EASY_PURPOSES,
    QUALITY_PURPOSES,
    JunkWeek,
    day_name,
    describe,
    key_phrase,
    recovery_pace,
)
from everyrun.domain.audit.review_model import (
    CriterionResult,
    DoneSession,
    Evidence,
    JunkFlag,
    JunkKind,
    PurposeSource,
    SessionMatch,
)
from everyrun.domain.planning.session import Check, PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import DayHistory, Level, Readiness
from everyrun.domain.science.vdot import TrainingPaces
from everyrun.domain.units import format_pace

_EASY_CHECKS = frozenset({Check.EASY_BELOW_HEART_RATE, Check.EASY_SLOWER_THAN})
_QUALITY_CHECKS = frozenset({Check.REPS_IN_PACE_BAND, Check.BLOCK_IN_PACE_BAND})
# An extra easy or recovery run stands in for a missed one of either: both are easy volume.
_SAME_NEED = {Purpose.RECOVERY: Purpose.EASY_AEROBIC}


def flag_junk(
    matches: Sequence[SessionMatch],
    planned: Sequence[PlannedSession],
    *,
    first: date,
    today: date,
    history: Sequence[DayHistory] = (),
    readiness: Mapping[date, Readiness] | None = None,
    paces: TrainingPaces | None = None,
) -> tuple[JunkFlag, ...]:
    """The junk of the week starting `first`, in day order.

    `matches` are the week's (from `matching.match_sessions`, judged); `planned` may reach past
    the week, so a suggestion can name the next key session; `history` is the daily history up
    to the week's last day (wellness, rest days), `readiness` the verdict of each day known.
    Days after `today` are not judged.
    """
    week = JunkWeek(first, first + timedelta(days=6), today, tuple(planned), paces, readiness or {})
    flags: list[JunkFlag] = []
    for match in matches:
        done = match.done
        if done is None or not week.first <= done.day <= week.last:
            continue
        if done.kind is SessionKind.RUN:
            flag = _run_flag(match, done, matches, week)
        elif done.kind is SessionKind.STRENGTH and match.planned is None:
            flag = _random_strength(done, week)
        else:
            flag = None
        if flag is not None:
            flags.append(flag)
    flags.extend(_sporadic_mobility(matches, week))
    flags.extend(recovery_flags(matches, history, week))
    return tuple(sorted(flags, key=lambda f: (f.day, list(JunkKind).index(f.kind))))


# --- runs ----------------------------------------------------------------------------------


def _run_flag(
    match: SessionMatch, done: DoneSession, matches: Sequence[SessionMatch], week: JunkWeek
) -> JunkFlag | None:
    verdict = week.readiness.get(done.day)
    if verdict is not None and verdict.level is Level.rest and done.purpose is not Purpose.RECOVERY:
        return _on_readiness_rest(done, verdict, week)
    planned = match.planned
    if planned is None and _rest_planned(week, done.day):
        return _on_rest_day(done, week)
    intended = planned.purpose if planned is not None else None
    if planned is None and done.purpose_source is PurposeSource.ATHLETE:
        intended = done.purpose
    results = match.judgement.results if match.judgement is not None else ()
    flag = None
    if intended in EASY_PURPOSES:
        flag = _too_hard(done, planned, results, week)
    elif intended is not None and intended in QUALITY_PURPOSES:
        flag = _too_easy(done, planned, intended, results, week)
    if flag is not None or planned is not None:
        return flag
    if done.purpose in (None, Purpose.NO_CLEAR_PURPOSE):
        return _grey_zone(done, week)
    return _unneeded(done, matches, week)


def _rest_planned(week: JunkWeek, day: date) -> PlannedSession | None:
    return next((p for p in week.planned if p.day == day and p.kind is SessionKind.REST), None)


def _on_readiness_rest(done: DoneSession, verdict: Readiness, week: JunkWeek) -> JunkFlag:
    worst = [r.sentence for r in verdict.reasons if r.verdict is Level.rest]
    why = f" ({'; '.join(worst)})" if worst else ""
    return JunkFlag(
        JunkKind.RUN_ON_REST_DAY,
        done.day,
        f"{describe(done)} was run on a day readiness said rest{why}",
        f"On a rest day, rest: one more run takes from {key_phrase(week, done.day)}; walk or "
        "do the mobility instead, and run again when readiness is back to ready or caution.",
        done.ref,
    )


def _on_rest_day(done: DoneSession, week: JunkWeek) -> JunkFlag:
    return JunkFlag(
        JunkKind.RUN_ON_REST_DAY,
        done.day,
        f"{describe(done)} ({done.duration_s / 60:.0f} min) was one more run on a planned rest day",
        f"Keep rest days free of running: the rest is what lets {key_phrase(week, done.day)} "
        "work; walk or do the mobility instead.",
        done.ref,
    )


def _grey_zone(done: DoneSession, week: JunkWeek) -> JunkFlag:
    where = ""
    if week.paces is not None:
        paces = week.paces
        easy = f"{format_pace(paces.easy_fast_mps).removesuffix('/km')}–"
        easy += format_pace(paces.easy_slow_mps)
        where = f" (easy is {easy}, threshold {format_pace(paces.threshold_mps)})"
    return JunkFlag(
        JunkKind.GREY_ZONE,
        done.day,
        f"{describe(done)} had no purpose: {done.duration_s / 60:.0f} min too hard to recover "
        f"from quickly and too easy to build anything{where}",
        f"Make it a recovery run {recovery_pace(week)}, or drop it — "
        f"{key_phrase(week, done.day)} needs fresh legs.",
        done.ref,
    )


def _failed(results: Sequence[CriterionResult], checks: frozenset[Check]) -> list[CriterionResult]:
    return [r for r in results if r.criterion.check in checks and r.met is False]


def _planned_as(planned: PlannedSession | None, done: DoneSession) -> str:
    if planned is not None:
        return f"planned as {planned.title[0].lower()}{planned.title[1:]}"
    assert done.purpose is not None
    return f"named {done.purpose.label}"


def _too_hard(
    done: DoneSession,
    planned: PlannedSession | None,
    results: Sequence[CriterionResult],
    week: JunkWeek,
) -> JunkFlag | None:
    failed = _failed(results, _EASY_CHECKS)
    judged = any(r.criterion.check in _EASY_CHECKS and r.met is not None for r in results)
    inferred_hard = done.purpose_source is PurposeSource.INFERRED and (
        done.purpose in QUALITY_PURPOSES or done.purpose is Purpose.NO_CLEAR_PURPOSE
    )
    if failed:
        numbers = "; ".join(r.detail for r in failed)
    elif not judged and inferred_hard and done.purpose is not None:
        numbers = f"it reads as {done.purpose.label}"
    else:
        return None
    if week.paces is not None:
        paces = week.paces
        easy = f"between {format_pace(paces.easy_fast_mps).removesuffix('/km')} and "
        easy += format_pace(paces.easy_slow_mps)
    else:
        easy = "at an effort you could chat at"
    return JunkFlag(
        JunkKind.EASY_TOO_HARD,
        done.day,
        f"{describe(done)}, {_planned_as(planned, done)}, was run too hard: {numbers}",
        f"Run easy days easy, {easy}, so {key_phrase(week, done.day)} gets your best effort.",
        done.ref,
    )


def _ran_slow(result: CriterionResult, evidence: Evidence | None) -> bool:
    """The quality criterion was missed on the slow side (or no work was found at all)."""
    slow = result.criterion.params.get("slow_mps")
    if evidence is None or slow is None:
        return True
    if result.criterion.check is Check.BLOCK_IN_PACE_BAND:
        speed = evidence.final_block_speed_mps
        return speed is None or speed < slow
    speeds = [rep.speed_mps for rep in evidence.reps]
    return not speeds or 2 * sum(1 for s in speeds if s < slow) >= len(speeds)


def _too_easy(
    done: DoneSession,
    planned: PlannedSession | None,
    intended: Purpose,
    results: Sequence[CriterionResult],
    week: JunkWeek,
) -> JunkFlag | None:
    failed = [r for r in _failed(results, _QUALITY_CHECKS) if _ran_slow(r, done.evidence)]
    judged = any(r.criterion.check in _QUALITY_CHECKS and r.met is not None for r in results)
    inferred_easy = done.purpose_source is PurposeSource.INFERRED and (
        done.purpose in EASY_PURPOSES or done.purpose is Purpose.NO_CLEAR_PURPOSE
    )
    if failed:
        numbers = "; ".join(r.detail for r in failed)
    elif not judged and inferred_easy and done.purpose is not None:
        numbers = f"it reads as {done.purpose.label}"
    else:
        return None
    return JunkFlag(
        JunkKind.HARD_TOO_EASY,
        done.day,
        f"{describe(done)}, {_planned_as(planned, done)}, was run too easy: {numbers}",
        f"The {intended.label} stimulus comes only at its pace: hit the band from the first rep, "
        "or, if the legs are not there, stop and call it an easy run rather than jog the work.",
        done.ref,
    )


def _unneeded(
    done: DoneSession, matches: Sequence[SessionMatch], week: JunkWeek
) -> JunkFlag | None:
    """Unplanned, with a clear purpose: needed only to make up a missed session of that purpose."""
    assert done.purpose is not None
    missed = {
        _SAME_NEED.get(m.planned.purpose, m.planned.purpose)
        for m in matches
        if m.planned is not None and m.done is None and m.planned.kind is SessionKind.RUN
    }
    if _SAME_NEED.get(done.purpose, done.purpose) in missed:
        return None
    planned_same = [
        p
        for p in week.planned
        if week.first <= p.day <= week.last
        and p.kind is SessionKind.RUN
        and _SAME_NEED.get(p.purpose, p.purpose) == _SAME_NEED.get(done.purpose, done.purpose)
    ]
    had = (
        f"the week's {len(planned_same)} planned {done.purpose.label} "
        f"run{'s' if len(planned_same) != 1 else ''} were all done"
        if planned_same
        else f"the week planned no {done.purpose.label} run"
    )
    return JunkFlag(
        JunkKind.UNNEEDED_RUN,
        done.day,
        f"{describe(done)} ({done.purpose.label}, {done.duration_s / 60:.0f} min) was not in "
        f"the plan, and {had}",
        f"Drop it, or make it a recovery run {recovery_pace(week)} no longer than 30 min — "
        f"{key_phrase(week, done.day)} needs fresh legs more than this run needed doing.",
        done.ref,
    )


# --- strength and mobility ---------------------------------------------------------------


def _random_strength(done: DoneSession, week: JunkWeek) -> JunkFlag:
    slots = [
        p
        for p in week.planned
        if week.first <= p.day <= week.last and p.kind is SessionKind.STRENGTH
    ]
    if slots:
        days = ", ".join(day_name(p.day) for p in slots)
        suggestion = (
            f"Do strength in the plan's slots ({days}) with its exercises "
            f"({slots[0].title}): placed after the hard runs, it adds to them instead of "
            "taking from them."
        )
        reason = f"{describe(done)} was off plan: the plan's strength this week was on {days}"
    else:
        suggestion = (
            "The plan has no strength this week: keep the lifting for the weeks that plan it, "
            f"so {key_phrase(week, done.day)} gets fresh legs."
        )
        reason = f"{describe(done)} was off plan: the plan had no strength this week"
    return JunkFlag(JunkKind.RANDOM_STRENGTH, done.day, reason, suggestion, done.ref)


def _sporadic_mobility(matches: Sequence[SessionMatch], week: JunkWeek) -> list[JunkFlag]:
    """Mobility skipped on most of the days it was due."""
    due = [
        m.planned
        for m in matches
        if m.planned is not None
        and m.planned.kind is SessionKind.MOBILITY
        and m.planned.day <= week.today
    ]
    days = {p.day for p in due}
    done_days = {
        m.done.day
        for m in matches
        if m.done is not None and m.done.kind is SessionKind.MOBILITY and m.done.day in days
    }
    if not days or 2 * len(done_days) >= len(days):
        return []
    minutes = max(p.duration_s for p in due) / 60
    return [
        JunkFlag(
            JunkKind.SPORADIC_MOBILITY,
            max(days),
            f"mobility done on {len(done_days)} of the {len(days)} days it was due",
            f"Short and daily beats long and rare: the plan's {minutes:.0f} min "
            f"({due[0].title}) before each run.",
        )
    ]
