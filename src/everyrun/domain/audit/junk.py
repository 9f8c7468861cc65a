"""Junk: training that cost recovery and bought nothing the plan needed, and recovery skipped.

Each flag says what happened in numbers and what to do instead, tied to the week: the next key
session it takes from, the pace a recovery run should stay slower than, the plan's own sleep
and mobility. The thresholds for sleep debt, days without rest and niggles are the risk flags'
own (`domain.risk_flags`); readiness is `domain.readiness`'s verdict. Nothing is restated here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

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
from everyrun.domain.purpose import HARD_PURPOSES, Purpose
from everyrun.domain.readiness import DayHistory, Level, Readiness
from everyrun.domain.risk_flags import FlagKind, RiskFlag, find_risk_flags
from everyrun.domain.science.vdot import TrainingPaces
from everyrun.domain.units import format_pace

EASY_PURPOSES = frozenset({Purpose.RECOVERY, Purpose.EASY_AEROBIC, Purpose.LONG_RUN})
# Sessions run for a pace: the hard purposes and the short fast work.
QUALITY_PURPOSES = HARD_PURPOSES | {Purpose.VO2MAX_INTERVALS, Purpose.SPEED}
_EASY_CHECKS = frozenset({Check.EASY_BELOW_HEART_RATE, Check.EASY_SLOWER_THAN})
_QUALITY_CHECKS = frozenset({Check.REPS_IN_PACE_BAND, Check.BLOCK_IN_PACE_BAND})
# An extra easy or recovery run stands in for a missed one of either: both are easy volume.
_SAME_NEED = {Purpose.RECOVERY: Purpose.EASY_AEROBIC}


@dataclass(frozen=True)
class _Week:
    first: date
    last: date
    today: date
    planned: tuple[PlannedSession, ...]
    paces: TrainingPaces | None
    readiness: Mapping[date, Readiness]


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
    week = _Week(first, first + timedelta(days=6), today, tuple(planned), paces, readiness or {})
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
    flags.extend(_recovery_flags(matches, history, week))
    return tuple(sorted(flags, key=lambda f: (f.day, list(JunkKind).index(f.kind))))


# --- words shared with the review ---------------------------------------------------------


def day_name(day: date) -> str:
    return f"{day:%A}"


def describe(done: DoneSession) -> str:
    """ "Tuesday's 8.0 km at 5:05/km", "Saturday's 30 min strength"."""
    if done.kind is SessionKind.RUN and done.distance_m > 0:
        speed = done.mean_speed_mps or (done.distance_m / done.duration_s if done.duration_s else 0)
        pace = f" at {format_pace(speed)}" if speed > 0 else ""
        return f"{day_name(done.day)}'s {done.distance_m / 1000:.1f} km{pace}"
    if done.kind in (SessionKind.STRENGTH, SessionKind.MOBILITY):
        return f"{day_name(done.day)}'s {done.duration_s / 60:.0f} min {done.kind.value}"
    return f"{day_name(done.day)}'s {done.title}"


def next_key_session(planned: Sequence[PlannedSession], after: date) -> PlannedSession | None:
    """The first session after `after` that the week is built around (quality, long run, race)."""
    later = [p for p in planned if p.day > after and p.is_hard]
    return min(later, key=lambda p: p.day, default=None)


def _key_phrase(week: _Week, after: date) -> str:
    key = next_key_session(week.planned, after)
    if key is None:
        return "the next hard session"
    return f"{day_name(key.day)}'s {key.title[0].lower()}{key.title[1:]}"


def _recovery_pace(week: _Week) -> str:
    if week.paces is None:
        return "at an effort you could chat at"
    return f"slower than {format_pace(week.paces.easy_slow_mps)}"


# --- runs ----------------------------------------------------------------------------------


def _run_flag(
    match: SessionMatch, done: DoneSession, matches: Sequence[SessionMatch], week: _Week
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


def _rest_planned(week: _Week, day: date) -> PlannedSession | None:
    return next((p for p in week.planned if p.day == day and p.kind is SessionKind.REST), None)


def _on_readiness_rest(done: DoneSession, verdict: Readiness, week: _Week) -> JunkFlag:
    worst = [r.sentence for r in verdict.reasons if r.verdict is Level.rest]
    why = f" ({'; '.join(worst)})" if worst else ""
    return JunkFlag(
        JunkKind.RUN_ON_REST_DAY,
        done.day,
        f"{describe(done)} was run on a day readiness said rest{why}",
        f"On a rest day, rest: one more run takes from {_key_phrase(week, done.day)}; walk or "
        "do the mobility instead, and run again when readiness is back to ready or caution.",
        done.ref,
    )


def _on_rest_day(done: DoneSession, week: _Week) -> JunkFlag:
    return JunkFlag(
        JunkKind.RUN_ON_REST_DAY,
        done.day,
        f"{describe(done)} ({done.duration_s / 60:.0f} min) was one more run on a planned rest day",
        f"Keep rest days free of running: the rest is what lets {_key_phrase(week, done.day)} "
        "work; walk or do the mobility instead.",
        done.ref,
    )


def _grey_zone(done: DoneSession, week: _Week) -> JunkFlag:
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
        f"Make it a recovery run {_recovery_pace(week)}, or drop it — "
        f"{_key_phrase(week, done.day)} needs fresh legs.",
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
    week: _Week,
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
        f"Run easy days easy, {easy}, so {_key_phrase(week, done.day)} gets your best effort.",
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
    week: _Week,
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


def _unneeded(done: DoneSession, matches: Sequence[SessionMatch], week: _Week) -> JunkFlag | None:
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
        f"Drop it, or make it a recovery run {_recovery_pace(week)} no longer than 30 min — "
        f"{_key_phrase(week, done.day)} needs fresh legs more than this run needed doing.",
        done.ref,
    )


# --- strength and mobility ---------------------------------------------------------------


def _random_strength(done: DoneSession, week: _Week) -> JunkFlag:
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
            f"so {_key_phrase(week, done.day)} gets fresh legs."
        )
        reason = f"{describe(done)} was off plan: the plan had no strength this week"
    return JunkFlag(JunkKind.RANDOM_STRENGTH, done.day, reason, suggestion, done.ref)


def _sporadic_mobility(matches: Sequence[SessionMatch], week: _Week) -> list[JunkFlag]:
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


# --- recovery skipped ----------------------------------------------------------------------


def _recovery_flags(
    matches: Sequence[SessionMatch], history: Sequence[DayHistory], week: _Week
) -> list[JunkFlag]:
    if not history:
        return []
    standing: dict[FlagKind, list[RiskFlag]] = {}
    day = week.first
    while day <= min(week.last, week.today):
        for flag in find_risk_flags(history, [], day):
            standing.setdefault(flag.kind, []).append(flag)
        day += timedelta(days=1)
    flags: list[JunkFlag] = []
    debts = standing.get(FlagKind.sleep_debt, [])
    if debts:
        worst = max(debts, key=lambda f: f.numbers["debt_hours"])
        flags.append(_sleep_debt(worst, week))
    rests = standing.get(FlagKind.no_rest_day, [])
    if rests:
        flags.append(_no_rest(rests[-1], week))
    flags.extend(_niggles_ignored(standing.get(FlagKind.repeated_niggle, []), matches, week))
    return flags


def _sleep_debt(flag: RiskFlag, week: _Week) -> JunkFlag:
    sleep = [
        p.success[0].params.get("hours")
        for p in week.planned
        if p.purpose is Purpose.SLEEP and p.success
    ]
    hours = next((h for h in sleep if h), flag.numbers["need_hours"])
    return JunkFlag(
        JunkKind.SLEEP_DEBT,
        flag.day,
        f"{day_name(flag.day)}: {flag.sentence}",
        f"Aim for {hours:g} h a night until the debt is paid: sleep is where training is "
        f"absorbed, and {_key_phrase(week, flag.day)} needs it.",
    )


def _no_rest(flag: RiskFlag, week: _Week) -> JunkFlag:
    rest = next((p for p in week.planned if p.kind is SessionKind.REST and p.day > flag.day), None)
    when = f"{day_name(rest.day)} ({rest.day})" if rest is not None else "tomorrow"
    return JunkFlag(
        JunkKind.NO_REST_DAY,
        flag.day,
        f"{day_name(flag.day)}: {flag.sentence}",
        f"Take {when} fully off — no run, no strength: fitness is built on the rest days, "
        f"and {_key_phrase(week, flag.day)} needs it.",
    )


def _niggles_ignored(
    flags: Sequence[RiskFlag], matches: Sequence[SessionMatch], week: _Week
) -> list[JunkFlag]:
    """A repeated niggle standing, and a hard or extra run that day or the next."""
    found: list[JunkFlag] = []
    seen: set[str] = set()
    for flag in flags:
        where = flag.sentence.split(" niggle", 1)[0]
        if where in seen:
            continue
        for match in matches:
            done = match.done
            if done is None or done.kind is not SessionKind.RUN:
                continue
            if not 0 <= (done.day - flag.day).days <= 1:
                continue
            planned = match.planned
            hard = (planned is not None and planned.is_hard) or done.purpose in QUALITY_PURPOSES
            if not hard and planned is not None:
                continue
            what = "went ahead" if planned is not None else "was added off plan"
            found.append(
                JunkFlag(
                    JunkKind.NIGGLE_IGNORED,
                    done.day,
                    f"{flag.sentence}, and {describe(done)} {what}",
                    f"Swap hard running for easy runs or cross-training until the {where} is "
                    "quiet again, so it does not cost the weeks ahead; if it is still there in "
                    "a week, see a physio.",
                    done.ref,
                )
            )
            seen.add(where)
            break
    return found
