"""Around the runs: strength on days that are not the eve of a key session, mobility every
day, rest days that say what they absorb, sleep, fuelling and hydration."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from everyrun.domain.planning import recovery
from everyrun.domain.planning.goal import Goal
from everyrun.domain.planning.mobility import mobility_session
from everyrun.domain.planning.periodization import (
    Calendar,
    WeekFrame,
)
from everyrun.domain.planning.plan import LeftOut
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.planning.strength import strength_session, strength_sessions_per_week
from everyrun.domain.planning.weaknesses import Weakness
from everyrun.domain.purpose import Purpose

STRENGTH_MINUTES = 40.0  # what a strength session needs beside a run on the same day
LONG_RUN_FUEL_S = 75 * 60.0  # fuel and drink plans for runs longer than this


def _label(session: PlannedSession) -> str:
    """ "Tuesday's tempo threshold", "the race": what a rest day absorbs."""
    if session.purpose is Purpose.RACE:
        return "the race"
    return f"{session.day:%A}'s {session.purpose.label}"


def place_strength(
    goal: Goal,
    runner: Runner,
    calendar: Calendar,
    frame: WeekFrame,
    runs: Sequence[PlannedSession],
    weaknesses: tuple[Weakness, ...],
    left_out: list[LeftOut],
    reasons: dict[str, str],
) -> list[PlannedSession]:
    count = strength_sessions_per_week(frame.phase, frame.is_lighter)
    if count == 0:
        return []
    availability = runner.availability
    hard_days = {s.day for s in runs if s.is_hard}
    by_day = {s.day: s for s in runs}
    rest_days = [d for d in frame.days if d not in by_day and d not in availability.days_away]
    scored: list[tuple[int, date]] = []
    for day in frame.days:
        tomorrow = day + timedelta(days=1)
        if day in availability.days_away or calendar.phase_on(day) in (
            Phase.TAPER,
            Phase.RACE,
            Phase.RECOVERY,
        ):
            continue
        # Never the day before a key session; next week's are not placed yet, so not the
        # week's last day either.
        if tomorrow in hard_days or tomorrow == calendar.race_day or tomorrow > frame.days[-1]:
            continue
        run = by_day.get(day)
        if run is not None and run.purpose is Purpose.LONG_RUN:
            continue
        minutes = availability.minutes_on(day.weekday())
        if (
            minutes is not None
            and run is not None
            and run.duration_s / 60 + STRENGTH_MINUTES > minutes
        ):
            continue
        if run is None and len(rest_days) < 2:
            continue  # keep the week's only rest day a rest day
        score = 3 if run is not None and run.is_hard else 2 if run is not None else 1
        scored.append((score, day))
    chosen: list[date] = []
    for _, day in sorted(scored, key=lambda item: (-item[0], item[1])):
        if all(abs((day - other).days) >= 2 for other in chosen):
            chosen.append(day)
        if len(chosen) == count:
            break
    if len(chosen) < count:
        minutes = availability.minutes_per_day
        why = (
            f"{minutes:.0f} minutes a day leave no room for {STRENGTH_MINUTES:.0f} minutes of "
            "strength beside a run, and the week's rest day stays a rest day"
            if minutes is not None
            else "no day is free that is not the day before a key session"
        )
        left_out.append(
            LeftOut(
                f"{count - len(chosen)} of {count} strength sessions in week {frame.number}",
                f"{why}: less resilience work (15–20 minutes of the same exercises on any free "
                "day keeps most of it)",
            )
        )
        if len(chosen) == 0:
            reasons.setdefault("strength", why)
    return [
        strength_session(
            runner, goal, calendar.phase_on(day), frame.number, day, number + 1, weaknesses
        )
        for number, day in enumerate(sorted(chosen))
    ]


def recovery_and_mobility(
    goal: Goal,
    runner: Runner,
    calendar: Calendar,
    frame: WeekFrame,
    sessions: Sequence[PlannedSession],
    weaknesses: tuple[Weakness, ...],
) -> list[PlannedSession]:
    runs = [s for s in sessions if s.kind is SessionKind.RUN]
    run_days = {s.day for s in runs}
    extra: list[PlannedSession] = []
    for day in frame.days:
        phase = calendar.phase_on(day)
        extra.append(
            mobility_session(runner, goal, phase, frame.number, day, day in run_days, weaknesses)
        )
        if day not in run_days:
            recent = [s for s in runs if s.is_hard and 0 < (day - s.day).days <= 3]
            absorbs = (
                " and ".join(_label(s) for s in recent)
                if recent
                else "the training around it"
                if day not in runner.availability.days_away
                else "a day away: the legs rest while you travel or work"
            )
            extra.append(recovery.rest_day(goal, phase, frame.number, day, absorbs))
    hard = tuple(sorted(s.day for s in runs if s.is_hard))
    extra.append(
        recovery.sleep_target(runner, goal, frame.phase, frame.number, frame.days[0], hard)
    )
    for run in runs:
        phase = calendar.phase_on(run.day)
        if run.duration_s >= LONG_RUN_FUEL_S or run.purpose is Purpose.RACE:
            extra.append(recovery.long_run_fuelling(runner, goal, phase, frame.number, run))
            extra.append(recovery.hydration(runner, goal, phase, frame.number, run))
        if run.is_key and run.purpose is not Purpose.LONG_RUN:
            extra.append(recovery.refuel_after(runner, goal, phase, frame.number, run))
    return extra
