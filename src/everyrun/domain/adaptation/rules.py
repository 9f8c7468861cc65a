"""The adaptation rules, one function each, and `adapt` that applies them in a stated order.

Every rule keeps the plan's promises from `as_of` on: hard days never back to back, no strength
the day before a hard day, no running on days away, and never more running than the plan
already held — a missed session is moved onto an easy day (replacing that run) or dropped,
never added on top to catch up. Sessions before `as_of` are history and are never changed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from everyrun.domain.adaptation.changes import Adaptation, Change, Rule
from everyrun.domain.adaptation.load_trim import load_trim
from everyrun.domain.adaptation.lost_weeks import lost_time
from everyrun.domain.adaptation.niggle import niggle_shift
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.recovery import rest_day
from everyrun.domain.planning.run_sessions import SessionContext, easy_run, recovery_run
from everyrun.domain.planning.run_targets import run_targets
from everyrun.domain.planning.runner import WEEKDAYS, Injury
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import Level, Readiness

MISSED_LOOKBACK_DAYS = 7  # a key session missed more than a week ago is gone, not owed
# Readiness swaps (everyrun's convention): "caution" keeps most of the aerobic work without the
# intensity; "rest" keeps only a short recovery jog, which moves the legs without adding load.
CAUTION_EASY_SHARE = 0.8
REST_RECOVERY_MAX_M = 5000.0
# Illness (everyrun's convention, no published source): return over as many days as were sick
# (at most two weeks), easy running only, distance rising linearly from half the planned.
RETURN_MAX_DAYS = 14
RETURN_FIRST_SHARE = 0.5
MIN_RUN_M = 1000.0  # an eased run is never shorter than this (everyrun's convention)
SAME_VDOT = 0.05  # VDOT is given to one decimal: a smaller change is no change
# The planner's order within a day: the run first, recovery items last.
_KIND_ORDER = (
    SessionKind.RUN,
    SessionKind.CROSS,
    SessionKind.STRENGTH,
    SessionKind.MOBILITY,
    SessionKind.REST,
    SessionKind.RECOVERY,
)
_GIVES_WAY = (Purpose.EASY_AEROBIC, Purpose.RECOVERY)  # runs a moved key session may replace


def adapt(
    plan: Plan,
    *,
    as_of: date,
    done: Mapping[str, date],
    readiness: Readiness | None = None,
    sick_days: Collection[date] = (),
    new_vdot: float | None = None,
    niggles: Sequence[Injury] = (),
    recent_daily_load: Sequence[float] = (),
    settled: Collection[str] = (),
) -> Adaptation:
    """All rules, in this order: new paces first (every later change is built at them), then
    lost training (a lost week or two rebuilds the rest of the plan at those paces; it replaces
    the missed-key-session rule, since after a rebuild nothing is owed), else missed key
    sessions, then illness (which pauses or eases whatever was moved into the sick
    spell or the return), then today's readiness, then current niggles, and last the coming
    week's load against what was actually done. `settled` names missed sessions the athlete
    already decided about (a move accepted earlier): they are not owed again."""
    changes: list[Change] = []
    if new_vdot is not None:
        step = new_fitness(plan, new_vdot, as_of)
        plan, changes = step.plan, [*changes, *step.changes]
    step = lost_time(plan, done, as_of)
    if not step.changed:
        step = missed_key_sessions(plan, done, as_of, settled)
    plan, changes = step.plan, [*changes, *step.changes]
    step = illness_pause(plan, sick_days, as_of)
    plan, changes = step.plan, [*changes, *step.changes]
    step = readiness_swap(plan, as_of, readiness, done)
    plan, changes = step.plan, [*changes, *step.changes]
    step = niggle_shift(plan, niggles, as_of)
    plan, changes = step.plan, [*changes, *step.changes]
    step = load_trim(plan, recent_daily_load, as_of)
    plan, changes = step.plan, [*changes, *step.changes]
    return Adaptation(plan, tuple(changes))


def missed_key_sessions(
    plan: Plan,
    done_days_by_session_id: Mapping[str, date],
    as_of: date,
    settled: Collection[str] = (),
) -> Adaptation:
    """Each key session of the last week not done: moved to an easy day later in its week that
    keeps hard days apart, or dropped when there is none. Races are never moved."""
    changes: list[Change] = []
    history = _history(plan, done_days_by_session_id, as_of)
    for session in _missed(plan, done_days_by_session_id, as_of):
        if session.id in settled:
            continue
        reason = f"it was not done on {_day_name(session.day)} ({session.day.isoformat()})"
        plan, change, _ = _move_or_drop(
            plan, session, Rule.MISSED_KEY_SESSION, reason, as_of, history
        )
        changes.append(change)
    return Adaptation(plan, tuple(changes))


def readiness_swap(
    plan: Plan,
    as_of: date,
    readiness: Readiness | None,
    done_days_by_session_id: Mapping[str, date] | None = None,
) -> Adaptation:
    """On a 'caution' day today's quality becomes an easy run, on a 'rest' day a short recovery
    run; the quality moves to a later day of the week that fits, or is dropped."""
    if readiness is None or readiness.day != as_of or readiness.level is Level.ready:
        return Adaptation(plan)
    why = _readiness_words(readiness)
    history = _history(plan, done_days_by_session_id, as_of)
    changes: list[Change] = []
    for session in plan.sessions_on(as_of):
        if not session.is_hard or session.purpose is Purpose.RACE:
            continue
        swapped = _swapped(plan, session, readiness.level, session.distance_m, why)
        plan = _with_sessions(plan, {session.id}, [swapped])
        plan, moved, displaced = _move_or_drop(
            plan, session, Rule.READINESS, why, as_of + timedelta(days=1), history
        )
        if displaced is not None and displaced.distance_m < swapped.distance_m:
            # The quality took an easy run's place: today's run shrinks to that run's size,
            # so the week holds no more running than before.
            swapped = _swapped(plan, session, readiness.level, displaced.distance_m, why)
            plan = _with_sessions(plan, {swapped.id}, [swapped])
        changes.append(
            Change(
                Rule.READINESS,
                as_of,
                f"Swapped today's {_what(session)} ({session.distance_m / 1000:.1f} km) for "
                f"{_what(swapped)}: {why}",
                session,
                swapped,
                removed=(session,),
                added=(swapped,),
            )
        )
        changes.append(moved)
    return Adaptation(plan, tuple(changes))


def _swapped(
    plan: Plan, session: PlannedSession, level: Level, metres: float, why: str
) -> PlannedSession:
    ctx = _context(plan, session)
    if level is Level.rest:
        run = recovery_run(ctx, session.day, min(metres, REST_RECOVERY_MAX_M), after="hard days")
    else:
        run = easy_run(ctx, session.day, min(metres, session.distance_m * CAUTION_EASY_SHARE))
    return replace(run, why=f"Swapped in for {_what(session)}: {why}. {run.why}")


def illness_pause(plan: Plan, sick_days: Collection[date], as_of: date) -> Adaptation:
    """No training on sick days (rest instead), then a graded return: as many easy days as sick
    ones, from half the planned distance up, before hard work comes back."""
    sick = sorted(set(sick_days))
    if not sick:
        return Adaptation(plan)
    changes: list[Change] = []
    spell = f"{len(sick)} day{'s' if len(sick) != 1 else ''} ill"
    for day in sick:
        if day < as_of or not plan.start <= day <= plan.end:
            continue
        plan, paused = _pause_day(plan, day, spell)
        changes.extend(paused)
    last = sick[-1]
    return_days = min(len(sick), RETURN_MAX_DAYS)
    for offset in range(return_days):
        day = last + timedelta(days=offset + 1)
        if day < as_of or day > plan.end:
            continue
        share = RETURN_FIRST_SHARE + (1 - RETURN_FIRST_SHARE) * offset / return_days
        for session in plan.sessions_on(day):
            if session.kind is not SessionKind.RUN or session.purpose is Purpose.RACE:
                continue
            if session.phase is Phase.RETURN:
                continue  # walk-run after injury is already a graded return
            metres = min(session.distance_m, max(MIN_RUN_M, round(session.distance_m * share, -2)))
            ctx = _context(plan, session)
            eased = (
                recovery_run(ctx, day, metres, after="illness")
                if session.purpose is Purpose.RECOVERY
                else easy_run(ctx, day, metres)
            )
            words = (
                f"day {offset + 1} of {return_days} back after {spell}, easy only at "
                f"{share * 100:.0f} % of the planned {session.distance_m / 1000:.1f} km"
            )
            eased = replace(eased, why=f"Graded return from illness: {words}. {eased.why}")
            plan = _with_sessions(plan, {session.id}, [eased])
            changes.append(
                Change(
                    Rule.ILLNESS,
                    day,
                    f"Eased {_day_name(day)}'s {_what(session)} to {_what(eased)}: {words}",
                    session,
                    eased,
                    removed=(session,),
                    added=(eased,),
                )
            )
    return Adaptation(plan, tuple(changes))


def new_fitness(plan: Plan, vdot: float, from_day: date) -> Adaptation:
    """New paces from the first plan week starting on or after `from_day`: the rest of the plan
    is rebuilt by the planner at the new VDOT, growing from the volume already reached."""
    boundary = next((w for w in plan.weeks if w.start >= from_day), None)
    if (
        abs(vdot - plan.runner.vdot) < SAME_VDOT
        or boundary is None
        or boundary.start > plan.goal.day
    ):
        return Adaptation(plan)
    before = [w for w in plan.weeks if w.number < boundary.number]
    reached_km = before[-1].volume_km if before else plan.runner.weekly_km
    runner = replace(plan.runner, vdot=vdot, weekly_km=reached_km)
    rebuilt = build_plan(plan.goal, runner, boundary.start)
    offset = len(before)
    future = [replace(s, week=s.week + offset) for s in rebuilt.sessions]
    weeks = (*before, *(replace(w, number=w.number + offset) for w in rebuilt.weeks))
    kept = [s for s in plan.sessions if s.day < boundary.start]
    merged = replace(
        plan,
        runner=replace(plan.runner, vdot=vdot),
        weeks=weeks,
        sessions=tuple(_sorted([*kept, *future])),
        rules=rebuilt.rules,
        race_pace_mps=rebuilt.race_pace_mps,
        last_day=rebuilt.end,
    )
    changes = [
        Change(
            Rule.NEW_FITNESS,
            boundary.start,
            f"Paces updated from {_day_name(boundary.start)} {boundary.start.isoformat()}: "
            f"VDOT {plan.runner.vdot:.1f} → {vdot:.1f}, weeks {boundary.number}–{weeks[-1].number} "
            f"rebuilt from {reached_km:.1f} km a week",
            None,
            None,
            new_vdot=vdot,
        )
    ]
    # The rebuilt plan cannot see the day before it: keep its first hard day clear of ours.
    first = next((s for s in merged.sessions_on(boundary.start) if s.is_hard), None)
    eve = boundary.start - timedelta(days=1)
    if (
        first is not None
        and first.purpose is not Purpose.RACE
        and _crowded(merged, eve, _History())
    ):
        eased = _eased(merged, first, "the day before was hard or held strength")
        merged = _with_sessions(merged, {first.id}, [eased])
        changes.append(
            Change(
                Rule.NEW_FITNESS,
                first.day,
                f"Eased {_day_name(first.day)}'s {_what(first)} to {_what(eased)}: the day "
                "before is hard or holds strength",
                first,
                eased,
                # no edit of its own: re-pacing at the new VDOT (the change before) includes it
            )
        )
    return Adaptation(merged, tuple(changes))


# --- moving, dropping, pausing ------------------------------------------------------------------


@dataclass(frozen=True)
class _History:
    """What the done sessions say about the days before `as_of`, for spacing hard days."""

    skipped: frozenset[str] = frozenset()  # hard runs and strength planned but not done
    busy: frozenset[date] = frozenset()  # days a hard run or strength was actually done


def _history(plan: Plan, done: Mapping[str, date] | None, as_of: date) -> _History:
    if done is None:
        return _History()
    earliest = as_of - timedelta(days=MISSED_LOOKBACK_DAYS)
    spacing = [s for s in plan.sessions if s.is_hard or s.kind is SessionKind.STRENGTH]
    return _History(
        frozenset(s.id for s in spacing if earliest <= s.day < as_of and s.id not in done),
        frozenset(done[s.id] for s in spacing if s.id in done),
    )


def _missed(plan: Plan, done: Mapping[str, date], as_of: date) -> list[PlannedSession]:
    skipped = _history(plan, done, as_of).skipped
    return [
        s for s in plan.sessions if s.id in skipped and s.is_hard and s.purpose is not Purpose.RACE
    ]


def _move_or_drop(
    plan: Plan,
    session: PlannedSession,
    rule: Rule,
    reason: str,
    earliest: date,
    history: _History,
) -> tuple[Plan, Change, PlannedSession | None]:
    """Onto the first easy or recovery day of its week from `earliest` that keeps hard days
    apart (that day's run gives way, so the week gains no running), else dropped."""
    week = plan.week(session.week)
    day = max(earliest, week.start)
    while day <= min(week.end, plan.end):
        easy = _easy_run_on(plan, day, session.week, history)
        if easy is not None:
            moved = replace(
                session,
                id=f"{day.isoformat()}-run",
                day=day,
                why=f"Moved from {_day_name(session.day)}: {reason}. {session.why}",
            )
            change = Change(
                rule,
                day,
                f"Moved {_day_name(session.day)}'s {_what(session)} to {_day_name(day)}: "
                f"{reason}; it takes the place of the {_what(easy)}, so the week gains no running",
                session,
                moved,
                removed=(easy,),
                added=(moved,),
            )
            return _with_sessions(plan, {easy.id}, [moved]), change, easy
        day += timedelta(days=1)
    dropped = Change(
        rule,
        session.day,
        f"Dropped {_day_name(session.day)}'s {_what(session)}: {reason}, and no easy day left in "
        f"week {session.week} keeps hard days apart (no catching up: the next key session comes "
        "as planned)",
        session,
        None,
    )
    return plan, dropped, None


def _easy_run_on(plan: Plan, day: date, week: int, history: _History) -> PlannedSession | None:
    """The day's easy or recovery run, when a hard session can take its place without crowding
    and the week keeps another rest or recovery day."""
    if day in plan.runner.availability.days_away or not plan.start <= day <= plan.end:
        return None
    runs = [s for s in plan.sessions_on(day) if s.kind is SessionKind.RUN]
    if len(runs) != 1 or runs[0].purpose not in _GIVES_WAY or runs[0].is_hard:
        return None
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    if _crowded(plan, before, history) or any(s.is_hard for s in plan.sessions_on(after)):
        return None
    rested = any(
        s.day != day and (s.kind is SessionKind.REST or s.purpose is Purpose.RECOVERY)
        for s in plan.sessions_in_week(week)
    )
    return runs[0] if rested else None


def _crowded(plan: Plan, day: date, history: _History) -> bool:
    """A hard run or strength on `day` (planned and not skipped, or done): the next day is no
    place for a hard one."""
    return day in history.busy or any(
        (s.kind is SessionKind.STRENGTH or s.is_hard) and s.id not in history.skipped
        for s in plan.sessions_on(day)
    )


def _pause_day(plan: Plan, day: date, spell: str) -> tuple[Plan, list[Change]]:
    changes: list[Change] = []
    removed: set[str] = set()
    rest: PlannedSession | None = None
    for session in plan.sessions_on(day):
        if session.kind not in (SessionKind.RUN, SessionKind.STRENGTH, SessionKind.CROSS):
            continue
        if session.purpose is Purpose.RACE:
            continue  # the race is the runner's call, not the plan's
        removed.add(session.id)
        if rest is None and not any(s.kind is SessionKind.REST for s in plan.sessions_on(day)):
            rest = rest_day(plan.goal, session.phase, session.week, day, "illness")
            rest = replace(
                rest,
                why=f"Ill ({spell}): rest until well, training paused. {rest.why}",
            )
        changes.append(
            Change(
                Rule.ILLNESS,
                day,
                f"Paused {_day_name(day)}'s {_what(session)}: {spell}, no training until well "
                "(a graded return follows)",
                session,
                rest,
                removed=(session,),
                added=(rest,) if rest is not None else (),
            )
        )
    if removed:
        plan = _with_sessions(plan, removed, [rest] if rest is not None else [])
    return plan, changes


def _eased(plan: Plan, session: PlannedSession, reason: str) -> PlannedSession:
    eased = easy_run(_context(plan, session), session.day, session.distance_m * CAUTION_EASY_SHARE)
    return replace(eased, why=f"Eased from {_what(session)}: {reason}. {eased.why}")


# --- small helpers ------------------------------------------------------------------------------


def _context(plan: Plan, session: PlannedSession) -> SessionContext:
    targets = run_targets(plan.runner, plan.race_pace_mps)
    return SessionContext(plan.goal, targets, session.phase, session.week)


def _with_sessions(plan: Plan, remove: set[str], add: list[PlannedSession]) -> Plan:
    kept = [s for s in plan.sessions if s.id not in remove]
    return replace(plan, sessions=tuple(_sorted([*kept, *add])))


def _sorted(sessions: list[PlannedSession]) -> list[PlannedSession]:
    return sorted(sessions, key=lambda s: (s.day, _KIND_ORDER.index(s.kind), s.id))


def _day_name(day: date) -> str:
    return WEEKDAYS[day.weekday()].capitalize()


def _what(session: PlannedSession) -> str:
    title = session.title
    return title[:1].lower() + title[1:]


def _readiness_words(readiness: Readiness) -> str:
    reasons = [r.sentence for r in readiness.reasons if r.verdict is not Level.ready]
    detail = f" ({'; '.join(reasons)})" if reasons else ""
    return f"readiness is '{readiness.level.value}' today{detail}"
