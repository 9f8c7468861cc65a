"""The week's review: what was planned against what was done, each session judged by its
purpose, the junk named, and one score for whether every session counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from everyrun.domain.audit.compliance import judge, judge_against_purpose
from everyrun.domain.audit.junk import flag_junk
from everyrun.domain.audit.junk_week import EASY_PURPOSES, describe
from everyrun.domain.audit.matching import match_sessions
from everyrun.domain.audit.review_model import (
    DailyState,
    DoneSession,
    DoneSource,
    Judgement,
    PurposeSource,
    SessionMatch,
    WeekReview,
)
from everyrun.domain.planning.plan_rules import EASY_SHARE
from everyrun.domain.planning.run_targets import RunTargets
from everyrun.domain.planning.session import PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import DayHistory, Readiness, assess_readiness

JUNK_PENALTY = 5.0  # points off the score for each junk flag (everyrun's convention)
ON_PURPOSE = 0.8  # a session scoring this much is "on purpose" (as compliance's verdict)
# Purposes an athlete can name with `everyrun why`: what a session can be for.
NAMEABLE = tuple(
    p
    for p in Purpose
    if p not in (Purpose.REST, Purpose.SLEEP, Purpose.FUELLING, Purpose.HYDRATION)
)
Zones = tuple[float, float, float]  # seconds below VT1, VT1–VT2, above VT2
FitnessDay = tuple[float, float, float]  # fitness, fatigue, form


def iso_week(first: date) -> str:
    year, week, _ = first.isocalendar()
    return f"{year}-W{week:02d}"


def review_week(
    first: date,
    planned: Sequence[PlannedSession],
    done: Sequence[DoneSession],
    *,
    today: date,
    targets: RunTargets | None = None,
    history: Sequence[DayHistory] = (),
    zone_seconds: Mapping[int, Zones] | None = None,
    fitness: Mapping[date, FitnessDay] | None = None,
    notes: Sequence[str] = (),
) -> WeekReview:
    """The review of the seven days from `first` (a Monday).

    `planned` may reach past the week (the next key session names the stake in suggestions);
    `done` carries each activity's evidence for its planned session; `history` is the daily
    history up to the week's last day (wellness, rest, load) from which readiness and the
    recovery flags are read; `zone_seconds` are the three-zone seconds of analysed activities by
    id, `fitness` the load model's (fitness, fatigue, form) by day. Days after `today` are not
    yet due.

    The "every session counts" score, 0–100:

        score = 100 × Σ credit / sessions − 5 × junk flags, clipped to 0–100

    where the sessions are every planned session due by `today` (runs, strength, mobility,
    cross-training and rest days; sleep and fuelling items are advice, not sessions) plus every
    session done off plan; a planned session's credit is its judgement's score (partial credit,
    0 when missed), an off-plan session's is its score against its purpose when it has a clear
    one (named with `everyrun why`, or read from the file), and 0 when it had none.
    """
    last = first + timedelta(days=6)
    week_planned = [p for p in planned if first <= p.day <= last]
    week_done = [d for d in done if first <= d.day <= last]
    matches = _judged(match_sessions(week_planned, week_done), today, targets)
    readiness = _readiness(history, first, min(last, today))
    paces = targets.paces if targets is not None else None
    junk = flag_junk(
        matches,
        planned,
        first=first,
        today=today,
        history=history,
        readiness=readiness,
        paces=paces,
    )
    score, reason = _score(matches, len(junk), today)
    strength_planned = [
        m
        for m in matches
        if m.planned and m.planned.kind is SessionKind.STRENGTH and _due(m, today)
    ]
    mobility_planned = {
        m.planned.day
        for m in matches
        if m.planned and m.planned.kind is SessionKind.MOBILITY and _due(m, today)
    }
    mobility_done = {d.day for d in week_done if d.kind is SessionKind.MOBILITY}
    all_notes = list(notes)
    if today < last:
        all_notes.append(f"the week is not over: sessions after {today} are not yet due")
    return WeekReview(
        iso_week=iso_week(first),
        first=first,
        last=last,
        matches=tuple(matches),
        junk=junk,
        questions=_questions(matches),
        score=score,
        score_reason=reason,
        easy_share=_easy_share(week_done, zone_seconds or {}),
        easy_share_target=EASY_SHARE,
        strength_done=sum(1 for m in strength_planned if m.done is not None),
        strength_planned=len(strength_planned),
        mobility_days=len(mobility_done & mobility_planned),
        mobility_planned=len(mobility_planned),
        days=_days(first, week_planned, week_done, history, readiness, fitness or {}),
        notes=tuple(all_notes),
    )


def _due(match: SessionMatch, today: date) -> bool:
    return match.planned is not None and (match.planned.day <= today or match.done is not None)


def _judged(
    pairs: Sequence[tuple[PlannedSession | None, DoneSession | None]],
    today: date,
    targets: RunTargets | None,
) -> list[SessionMatch]:
    """Each pair judged; a rest day is judged against any run left unmatched on its day."""
    loose_runs = {
        d.day: d for p, d in pairs if p is None and d is not None and d.kind is SessionKind.RUN
    }
    matches = []
    for planned, done in pairs:
        judgement: Judgement | None
        if planned is not None:
            if planned.kind is SessionKind.REST and done is None:
                judgement = judge(planned, loose_runs.get(planned.day), due=planned.day <= today)
            else:
                if done is not None and done.source is DoneSource.LOG:
                    done = replace(done, purpose_source=PurposeSource.PLANNED)
                judgement = judge(planned, done, due=planned.day <= today)
        elif done is not None and done.purpose not in (None, Purpose.NO_CLEAR_PURPOSE):
            assert done.purpose is not None
            judgement = judge_against_purpose(done.purpose, done, targets)
        else:
            judgement = None
        matches.append(SessionMatch(planned, done, judgement))
    return matches


def _readiness(history: Sequence[DayHistory], first: date, last: date) -> dict[date, Readiness]:
    if not history:
        return {}
    found = {}
    day = first
    while day <= last:
        found[day] = assess_readiness(history, day)
        day += timedelta(days=1)
    return found


def _score(matches: Sequence[SessionMatch], junk: int, today: date) -> tuple[float | None, str]:
    credits: list[float] = []
    on = partly = without = 0
    for match in matches:
        if match.planned is not None and not _due(match, today):
            continue
        credit = match.judgement.score if match.judgement is not None else 0.0
        if match.planned is None and match.judgement is None:
            without += 1
        elif credit >= ON_PURPOSE:
            on += 1
        elif credit > 0:
            partly += 1
        credits.append(credit)
    if not credits:
        return None, "nothing planned was due and nothing was done: no session to score yet"
    share = 100.0 * sum(credits) / len(credits)
    score = min(100.0, max(0.0, share - JUNK_PENALTY * junk))
    missed = len(credits) - on - partly - without
    parts = [f"{on} of {len(credits)} sessions on purpose", f"{partly} partly"]
    if missed:
        parts.append(f"{missed} missed or off purpose")
    if without:
        parts.append(f"{without} without a purpose")
    reason = (
        f"{', '.join(parts)}: {sum(credits):.1f} of {len(credits)} in credit = {share:.0f}"
        f", minus {JUNK_PENALTY:g} for each of {junk} junk flag{'s' if junk != 1 else ''}"
        f" = {score:.0f}"
    )
    return score, reason


def _questions(matches: Sequence[SessionMatch]) -> tuple[str, ...]:
    """One for each recording done off plan whose purpose the athlete has not named."""
    asked = []
    for match in matches:
        done = match.done
        if match.planned is not None or done is None or done.source is not DoneSource.ACTIVITY:
            continue
        if done.purpose_source is PurposeSource.ATHLETE:
            continue
        clear = done.purpose not in (None, Purpose.NO_CLEAR_PURPOSE)
        if clear:
            assert done.purpose is not None
            guess = done.purpose
            read = f" (it reads as {done.purpose.label})"
        else:
            guess = Purpose.RECOVERY if done.kind is SessionKind.RUN else Purpose.CROSS_TRAINING
            read = " (no clear purpose)" if done.kind is SessionKind.RUN else ""
        asked.append(
            f"{describe(done)}{read}: what was it for? `everyrun why {done.ref} {guess.value}`"
        )
    return tuple(asked)


def _easy_share(done: Sequence[DoneSession], zones: Mapping[int, Zones]) -> float | None:
    """Share of running time easy: below the first threshold by the analysis's zone seconds;
    by purpose (recovery, easy, long) when no run has zone seconds."""
    runs = [d for d in done if d.kind is SessionKind.RUN and d.source is DoneSource.ACTIVITY]
    zoned = [zones[d.ref] for d in runs if d.ref in zones and sum(zones[d.ref]) > 0]
    if zoned:
        return sum(z[0] for z in zoned) / sum(sum(z) for z in zoned)
    total = sum(d.duration_s for d in runs)
    if total <= 0:
        return None
    return sum(d.duration_s for d in runs if d.purpose in EASY_PURPOSES) / total


def _days(
    first: date,
    planned: Sequence[PlannedSession],
    done: Sequence[DoneSession],
    history: Sequence[DayHistory],
    readiness: Mapping[date, Readiness],
    fitness: Mapping[date, FitnessDay],
) -> tuple[DailyState, ...]:
    wellness = {h.day: h.wellness for h in history}
    days = []
    for offset in range(7):
        day = first + timedelta(days=offset)
        model = fitness.get(day)
        entry = wellness.get(day)
        verdict = readiness.get(day)
        days.append(
            DailyState(
                day=day,
                planned_minutes=sum(
                    p.duration_s for p in planned if p.day == day and p.kind is not SessionKind.REST
                )
                / 60,
                done_minutes=sum(d.duration_s for d in done if d.day == day) / 60,
                load=sum(d.load or 0.0 for d in done if d.day == day),
                fitness=model[0] if model else None,
                fatigue=model[1] if model else None,
                form=model[2] if model else None,
                sleep_h=entry.sleep_hours if entry is not None else None,
                readiness=verdict.level.value if verdict is not None and verdict.reasons else None,
            )
        )
    return tuple(days)
