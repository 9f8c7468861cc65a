"""A niggle shifts the emphasis: for the coming fortnight, strength and mobility are rebuilt
around the sore place (its exercises first, no plyometrics on it, the easiest level), and the
fastest, highest-impact running gives way to threshold work of the same length.

The fortnight and the swap are everyrun's convention: no published source sets them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from everyrun.domain.adaptation.changes import Adaptation, Change, Rule
from everyrun.domain.planning.mobility import mobility_session
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.run_sessions import SessionContext, easy_run, threshold_session
from everyrun.domain.planning.run_targets import run_targets
from everyrun.domain.planning.runner import Injury
from everyrun.domain.planning.session import PlannedSession, SessionKind, StepKind, flat_steps
from everyrun.domain.planning.strength import strength_session
from everyrun.domain.planning.weaknesses import find_weaknesses
from everyrun.domain.purpose import Purpose

NIGGLE_DAYS = 14
HIGH_IMPACT = frozenset({Purpose.SPEED, Purpose.VO2MAX_INTERVALS})


def niggle_shift(plan: Plan, niggles: Sequence[Injury], as_of: date) -> Adaptation:
    """Strength, mobility and the fastest running of the next fortnight, reshaped around
    the current niggles."""
    current = [n for n in niggles if n.current]
    if not current:
        return Adaptation(plan)
    runner = replace(plan.runner, injuries=(*plan.runner.injuries, *current))
    weaknesses = find_weaknesses(runner)
    where = ", ".join(_where(n) for n in current)
    last = as_of + timedelta(days=NIGGLE_DAYS - 1)
    targets = run_targets(plan.runner, plan.race_pace_mps)
    changes: list[Change] = []
    sessions: list[PlannedSession] = []
    run_days = {s.day for s in plan.sessions if s.kind is SessionKind.RUN}
    for session in plan.sessions:
        if not as_of <= session.day <= last:
            sessions.append(session)
            continue
        new = session
        if session.kind is SessionKind.STRENGTH:
            number = sum(
                1
                for s in plan.sessions
                if s.kind is SessionKind.STRENGTH
                and s.week == session.week
                and s.day <= session.day
            )
            new = strength_session(
                runner, plan.goal, session.phase, session.week, session.day, number, weaknesses
            )
            words = f"Rebuilt {_day(session)} strength around the {where} niggle"
        elif session.kind is SessionKind.MOBILITY:
            new = mobility_session(
                runner,
                plan.goal,
                session.phase,
                session.week,
                session.day,
                session.day in run_days,
                weaknesses,
            )
            words = f"Rebuilt {_day(session)} mobility around the {where} niggle"
        elif session.kind is SessionKind.RUN and session.purpose in HIGH_IMPACT:
            ctx = SessionContext(plan.goal, targets, session.phase, session.week)
            new = _no_longer(ctx, session)
            words = (
                f"Swapped {_day(session)} {session.title.lower()} for "
                f"{new.title.lower()}: the {where} niggle takes less impact at threshold pace "
                "than at interval or repetition speed"
            )
        if new is not session:
            new = replace(new, why=f"{words}. {new.why}")
            changes.append(
                Change(
                    Rule.NIGGLE, session.day, words, session, new, removed=(session,), added=(new,)
                )
            )
        sessions.append(new)
    return Adaptation(replace(plan, sessions=tuple(sessions)), tuple(changes))


def _where(niggle: Injury) -> str:
    side = f"{niggle.side} " if niggle.side else ""
    severity = f" ({niggle.severity:g}/10)" if niggle.severity is not None else ""
    return f"{side}{niggle.area}{severity}"


def _day(session: PlannedSession) -> str:
    return f"{session.day:%A}'s"


def _work_seconds(session: PlannedSession) -> float:
    work = sum(
        times * step.expected_duration_s
        for step, times in flat_steps(session.steps)
        if step.kind is StepKind.WORK
    )
    return max(work, 10 * 60.0)


def _no_longer(ctx: SessionContext, session: PlannedSession) -> PlannedSession:
    """Threshold work in place of the fast session, never more running than it held: fewer
    reps when needed, else an easy run of the same distance."""
    work_s = _work_seconds(session)
    while work_s >= 5 * 60.0:
        swapped = threshold_session(ctx, session.day, work_s)
        if swapped.distance_m <= session.distance_m:
            return swapped
        work_s *= 0.8
    return easy_run(ctx, session.day, session.distance_m)
