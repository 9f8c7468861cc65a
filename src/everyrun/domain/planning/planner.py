"""PLAN: build the whole plan — calendar, each week's runs, strength, mobility, recovery — then
check it against the rules and report what could not be met, what was left out, and why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from everyrun.domain.planning import recovery
from everyrun.domain.planning.feasibility import assess, race_pace
from everyrun.domain.planning.goal import Goal, GoalError, GoalKind
from everyrun.domain.planning.load_forecast import (
    CHRONIC_WEEKS,
    forecast_ratio,
    weekly_plan_load,
)
from everyrun.domain.planning.mobility import mobility_session
from everyrun.domain.planning.periodization import (
    LIGHTER_WEEK_SHARE,
    STARTING_FLOOR_KM,
    Calendar,
    WeekFrame,
    peak_km,
    plan_calendar,
    taper_range,
)
from everyrun.domain.planning.plan import LeftOut, Plan, PlanWeek
from everyrun.domain.planning.plan_rules import ACUTE_CHRONIC_LIMIT, check_plan
from everyrun.domain.planning.run_sessions import SessionContext
from everyrun.domain.planning.run_targets import RunTargets, run_targets
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.planning.strength import strength_session, strength_sessions_per_week
from everyrun.domain.planning.weaknesses import Weakness, find_weaknesses
from everyrun.domain.planning.week_layout import Layout, WeekShape, lay_out, long_run_offset
from everyrun.domain.planning.week_runs import (
    DayPlan,
    WeekRuns,
    build_week_runs,
    quality_menu,
)
from everyrun.domain.purpose import Purpose

MAX_PLAN_WEEKS = 52
MIN_RUN_KM = 4.0  # a week holds no more runs than it has 4 km portions
KM_PER_KEY_SESSION = 15.0  # one key session per 15 km of weekly running
STRENGTH_MINUTES = 40.0  # what a strength session needs beside a run on the same day
LONG_RUN_FUEL_S = 75 * 60.0  # fuel and drink plans for runs longer than this
FORECAST_TRIES = 6
EASY_SHARE_RANGE = (0.75, 0.85)
_TRAINING = (Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.TAPER)


def build_plan(goal: Goal, runner: Runner, start: date) -> Plan:
    """The smallest plan that does the job, with its own report on the rules."""
    if start > goal.day:
        raise GoalError(
            f"the plan would start on {start}, after the goal day {goal.day}",
            "choose a start before the race or the block's end",
        )
    if (goal.day - start).days > MAX_PLAN_WEEKS * 7:
        raise GoalError(
            f"the goal is {(goal.day - start).days // 7} weeks away; plans cover at most "
            f"{MAX_PLAN_WEEKS} weeks",
            "start the plan later, or set a nearer goal first",
        )
    cap_km = _weekly_cap_km(runner)
    lowered: dict[int, float] = {}
    plan = _attempt(goal, runner, start, cap_km, lowered)
    for _ in range(FORECAST_TRIES):
        spike = _first_spike_week(plan)
        if spike is None:
            break
        # Lower the week where the ratio spikes; later weeks grow from it again.
        lowered[spike] = lowered.get(spike, 1.0) * 0.9
        plan = _attempt(goal, runner, start, cap_km, lowered)
    return plan


def _weekly_cap_km(runner: Runner) -> float:
    """What the athlete's running days and minutes can hold, at easy pace."""
    from everyrun.domain.science.vdot import training_paces

    availability = runner.availability
    if availability.minutes_per_day is None and availability.long_run_minutes is None:
        return 1e9
    easy = training_paces(runner.vdot).easy_mps
    per_day = availability.minutes_per_day or 600.0
    long_day = availability.long_run_minutes or per_day
    minutes = long_day + per_day * (availability.days_per_week - 1)
    return minutes * 60.0 * easy / 1000.0 * 0.95


def _attempt(
    goal: Goal, runner: Runner, start: date, cap_km: float, lowered: dict[int, float]
) -> Plan:
    calendar = plan_calendar(goal, runner, start, cap_km)
    feasibility = assess(
        goal,
        runner,
        start,
        max((w.volume_km for w in calendar.weeks), default=0.0),
        peak_km(goal, runner),
        cap_km,
    )
    pace = race_pace(goal, runner, feasibility)
    targets = run_targets(runner, pace)
    weaknesses = find_weaknesses(runner)
    sessions: list[PlannedSession] = []
    left_out: list[LeftOut] = []
    reasons: dict[str, str] = {}
    weeks: list[PlanWeek] = []
    previous_hard_last = False
    # Volume grows from what the plan actually schedules, not only from the calendar's targets:
    # a week the athlete's days cannot fill resets the reference the 10 % rule counts from.
    reference = max(runner.weekly_km, calendar.weeks[0].volume_km / 1.1)
    for planned in calendar.weeks:
        frame = planned
        training = planned.phase in (*_TRAINING, Phase.RETURN)
        if training and planned.phase is not Phase.TAPER:
            ceiling = reference * (LIGHTER_WEEK_SHARE if planned.is_lighter else 1.1)
        else:
            ceiling = reference  # taper, race and recovery scale from the last full week
        volume = min(planned.volume_km, ceiling) * lowered.get(planned.number, 1.0)
        frame = replace(planned, volume_km=math.floor(volume * 10) / 10)
        built, week_left_out = _week(
            goal, runner, calendar, frame, targets, weaknesses, previous_hard_last, reasons
        )
        sessions.extend(built)
        left_out.extend(week_left_out)
        runs = [s for s in built if s.kind is SessionKind.RUN]
        volume = sum(s.distance_m for s in runs if s.purpose is not Purpose.RACE) / 1000.0
        weeks.append(
            PlanWeek(
                frame.number,
                frame.start,
                frame.phase,
                round(volume, 1),
                frame.is_lighter,
                _focus(goal, frame),
            )
        )
        last = frame.days[-1]
        previous_hard_last = any(s.is_hard and s.day == last for s in runs)
        away = any(d in runner.availability.days_away for d in frame.days)
        if training and not frame.is_lighter and not away and len(frame.days) == 7 and volume:
            reference = volume
    notes = list(calendar.notes)
    if lowered:
        weeks_text = ", ".join(str(n) for n in sorted(lowered))
        notes.append(
            f"week {weeks_text} lowered so the forecast acute:chronic ratio stays at or below "
            f"{ACUTE_CHRONIC_LIMIT}"
        )
    if feasibility.volume_message:
        notes.append(feasibility.volume_message)
    draft = Plan(
        goal,
        runner,
        start,
        tuple(weeks),
        tuple(sessions),
        (),
        feasibility,
        tuple(_merge_left_out(left_out)),
        pace,
        tuple(notes),
        calendar.end,
    )
    reasons.update(_known_reasons(runner, calendar, draft))
    return Plan(
        goal,
        runner,
        start,
        tuple(weeks),
        tuple(sessions),
        check_plan(draft, calendar, reasons),
        feasibility,
        tuple(_merge_left_out(left_out)),
        pace,
        tuple(notes),
        calendar.end,
    )


def _first_spike_week(plan: Plan) -> int | None:
    """The first week before race week whose forecast A:C passes the limit."""
    end = _last_forecast_day(plan)
    if end is None:
        return None
    ratio = forecast_ratio(plan.runner, weekly_plan_load(plan.sessions, plan.start, end))
    if plan.runner.weekly_km < STARTING_FLOOR_KM and not plan.runner.recent_daily_load:
        # From (almost) no running, the first month is a spike against an empty history
        # whatever the plan does: the rule report says so; lowering it only wastes weeks.
        ratio[:CHRONIC_WEEKS] = 0.0
    over = np.flatnonzero(np.nan_to_num(ratio) > ACUTE_CHRONIC_LIMIT + 1e-6)
    return int(over[0]) + 1 if over.size else None


def _last_forecast_day(plan: Plan) -> date | None:
    """Training weeks only: the race week holds the race, a planned spike."""
    race_day = plan.goal.race_date
    if race_day is None:
        return plan.end
    weeks_before = (race_day - plan.start).days // 7
    return plan.start + timedelta(days=7 * weeks_before - 1) if weeks_before else None


def _focus(goal: Goal, frame: WeekFrame) -> str:
    lighter = (
        " A lighter week: absorb the last three, then build again." if frame.is_lighter else ""
    )
    text = {
        Phase.BASE: "Aerobic volume, strides and short repetitions, first threshold work, strength "
        "foundations.",
        Phase.BUILD: "Threshold and VO2max work on a growing base; heavier strength, plyometrics.",
        Phase.PEAK: f"Race-specific work for the {goal.label}; strength maintained.",
        Phase.TAPER: "Less volume, same intensity: arrive fresh.",
        Phase.RACE: f"Race week: the {goal.label}.",
        Phase.RECOVERY: "Recover from the race: short easy runs, rest.",
        Phase.RETURN: "Reload the injured tissue gradually: walk-run and easy running only.",
    }[frame.phase]
    return text + lighter


def _week(
    goal: Goal,
    runner: Runner,
    calendar: Calendar,
    frame: WeekFrame,
    targets: RunTargets,
    weaknesses: tuple[Weakness, ...],
    hard_before: bool,
    reasons: dict[str, str],
) -> tuple[list[PlannedSession], list[LeftOut]]:
    availability = runner.availability
    days = frame.days
    open_days = tuple(i for i, d in enumerate(days) if d not in availability.days_away)
    race_offset = next((i for i, d in enumerate(days) if d == calendar.race_day), None)
    if race_offset is not None and race_offset not in open_days:
        open_days = tuple(sorted((*open_days, race_offset)))
    phase = frame.phase
    menu = quality_menu(phase, goal)
    wanted_runs = availability.days_per_week
    has_long = phase in (Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.TAPER) and wanted_runs >= 1
    keys = 0 if wanted_runs <= 1 else 1 if wanted_runs <= 3 else 2
    keys = min(keys, len(menu))
    # Small weeks: fewer, longer runs, and no key session until the volume can carry one.
    by_volume = max(1, int(frame.volume_km // MIN_RUN_KM))
    if by_volume < wanted_runs:
        wanted_runs = by_volume
        if by_volume <= 3:
            reasons.setdefault(
                "long_run",
                f"weeks under {MIN_RUN_KM * 4:g} km hold at most {by_volume} runs of "
                f"{MIN_RUN_KM:g} km or more, so the long run is a larger share",
            )
    if keys > int(frame.volume_km // KM_PER_KEY_SESSION):
        keys = int(frame.volume_km // KM_PER_KEY_SESSION)
        if phase in _TRAINING:
            reasons.setdefault(
                "easy_share",
                f"weeks under {KM_PER_KEY_SESSION:g} km hold no key session (and under "
                f"{2 * KM_PER_KEY_SESSION:g} km only one): volume comes first, so their running "
                "is nearly all easy",
            )
    if phase is Phase.RACE:
        keys = min(keys, 1) if race_offset is not None and race_offset >= 4 else 0
        wanted_runs = min(wanted_runs, 4)
    if phase is Phase.RECOVERY:
        wanted_runs = min(wanted_runs, 3)
    if phase in (Phase.TAPER,):
        keys = min(keys, 1)
    next_start = days[0] + timedelta(days=7)
    next_hard = next_start.weekday() == availability.long_run_day or next_start == calendar.race_day
    hard_after = 7 if next_hard else None
    # The long run may not touch last week's hard day, next week's, or the race.
    long_options = tuple(
        d
        for d in open_days
        if d != race_offset
        and not (hard_before and d == 0)
        and not (next_hard and d == 6)
        and not (race_offset is not None and abs(d - race_offset) <= 1)
    )
    long_day = long_run_offset(days, long_options, availability.long_run_day) if has_long else None
    shape = WeekShape(open_days, wanted_runs, keys, long_day, race_offset, hard_before, hard_after)
    layout = lay_out(shape)
    left_out: list[LeftOut] = []
    if len(layout.key_days) < keys:
        missing = menu[len(layout.key_days) : keys]
        left_out.append(
            LeftOut(
                f"{', '.join(p.label for p in missing)} session in week {frame.number}",
                "not enough days to keep hard days apart: less stimulus for "
                + (
                    "race-specific fitness" if Purpose.RACE_PACE in missing else "speed and stamina"
                ),
            )
        )
    plans = _day_plans(goal, calendar, frame, layout, menu, runner, hard_before)
    runs = _runs_fitting(goal, runner, calendar, frame, targets, plans, reasons)
    left_out.extend(LeftOut(what, cost) for what, cost in runs.dropped)
    if runs.capped_km >= 0.5:
        left_out.append(
            LeftOut(
                f"easy running beyond what your days and minutes hold in week {frame.number}",
                "less aerobic volume than the week's target (single runs of at most 90 min, "
                "never as long as the long run)",
            )
        )
    sessions = list(runs.sessions)
    sessions += _strength(goal, runner, calendar, frame, sessions, weaknesses, left_out, reasons)
    sessions += _recovery_and_mobility(goal, runner, calendar, frame, sessions, weaknesses)
    return sorted(sessions, key=lambda s: (s.day, _KIND_ORDER[s.kind], s.id)), left_out


_KIND_ORDER = {
    SessionKind.RUN: 0,
    SessionKind.CROSS: 1,
    SessionKind.STRENGTH: 2,
    SessionKind.MOBILITY: 3,
    SessionKind.REST: 4,
    SessionKind.RECOVERY: 5,
}


def _label(session: PlannedSession | None, fallback: str) -> str:
    if session is None:
        return fallback
    if session.purpose is Purpose.RACE:
        return "the race"
    return f"{session.day:%A}'s {session.purpose.label}"


def _day_plans(
    goal: Goal,
    calendar: Calendar,
    frame: WeekFrame,
    layout: Layout,
    menu: Sequence[Purpose],
    runner: Runner,
    hard_before: bool,
) -> list[DayPlan]:
    days = frame.days
    keys = sorted(layout.key_days)
    hard = set(layout.hard_days)
    plans: list[DayPlan] = []
    for offset in layout.run_days:
        day = days[offset]
        phase = calendar.phase_on(day)
        share = calendar.volume_share(day)
        minutes = runner.availability.minutes_on(day.weekday())
        if offset == layout.race_day:
            plans.append(DayPlan(day, phase, share, "race", minutes))
        elif offset == layout.long_day:
            plans.append(DayPlan(day, phase, share, "long", minutes))
        elif offset in keys:
            purpose = menu[keys.index(offset)]
            plans.append(DayPlan(day, phase, share, "key", minutes, key_purpose=purpose))
        elif (offset - 1 in hard) or (offset == 0 and hard_before):
            before = day - timedelta(days=1)
            what = (
                "the race"
                if offset - 1 == layout.race_day
                else f"{before:%A}'s long run"
                if offset - 1 == layout.long_day
                else f"{before:%A}'s hard session"
            )
            plans.append(DayPlan(day, phase, share, "recovery", minutes, after=what))
        else:
            later = [h for h in sorted(hard) if h > offset]
            protects = ""
            if later:
                nxt = later[0]
                what = (
                    "race"
                    if nxt == layout.race_day
                    else "long run"
                    if nxt == layout.long_day
                    else menu[keys.index(nxt)].label + " session"
                )
                protects = f"keep {days[nxt]:%A}'s {what} fresh"
            plans.append(DayPlan(day, phase, share, "easy", minutes, protects=protects))
    return plans


def _training_km(sessions: Sequence[PlannedSession]) -> float:
    return (
        sum(
            s.distance_m
            for s in sessions
            if s.kind is SessionKind.RUN and s.purpose is not Purpose.RACE
        )
        / 1000.0
    )


def _hard_share(sessions: Sequence[PlannedSession]) -> float | None:
    easy = hard = 0.0
    for session in sessions:
        if session.kind is SessionKind.RUN and session.purpose is not Purpose.RACE:
            e, h = session.running_seconds()
            easy, hard = easy + e, hard + h
    return hard / (easy + hard) if easy + hard > 0 else None


def _runs_fitting(
    goal: Goal,
    runner: Runner,
    calendar: Calendar,
    frame: WeekFrame,
    targets: RunTargets,
    plans: list[DayPlan],
    reasons: dict[str, str],
) -> WeekRuns:
    """The week's runs, with the work budget tuned until 75–85 % of the running is easy."""
    training = [p for p in plans if p.role != "race"]
    if not training and not plans:
        return WeekRuns()
    mean_share = sum(p.share for p in training) / len(training) if training else 1.0
    week_km = frame.volume_km * mean_share
    ctx = SessionContext(goal, targets, frame.phase, frame.number)
    strides = 0
    if frame.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK):
        strides = 2 if len(training) >= 4 else 1
    elif frame.phase is Phase.TAPER:
        strides = 1
    best: tuple[float, WeekRuns] | None = None
    key_days = [p for p in plans if p.role == "key"]
    # Too small a week for its key sessions: the least important goes first (menu order).
    for kept in range(len(key_days), -1, -1):
        demoted = key_days[kept:]
        trial = [
            DayPlan(p.day, p.phase, p.share, "easy", p.minutes) if p in demoted else p
            for p in plans
        ]
        miss, runs = _tuned(goal, ctx, frame, trial, week_km, strides)
        for p in demoted:
            assert p.key_purpose is not None
            runs.dropped.append(
                (
                    f"the {p.key_purpose.label} session in week {frame.number}",
                    "the week is too small to hold it and stay 75–85 % easy: less stimulus "
                    "until the volume grows",
                )
            )
        if best is None or miss < best[0]:
            best = (miss, runs)
        if miss == 0.0:
            break
    assert best is not None
    share = _hard_share(best[1].sessions)
    if best[0] > 0 and share is not None and share < 1.0 - EASY_SHARE_RANGE[1]:
        reasons.setdefault(
            "easy_share",
            "some weeks' key sessions are already at Daniels' per-session limits (threshold "
            "≤ 10 % of the week's distance, intervals ≤ 8 %, repetitions ≤ 5 %) or at your "
            "minutes per day; more fast running would pass them",
        )
    return best[1]


def _tuned(
    goal: Goal,
    ctx: SessionContext,
    frame: WeekFrame,
    plans: list[DayPlan],
    week_km: float,
    strides: int,
) -> tuple[float, WeekRuns]:
    """The work budget and strides count that bring the week's easy share into 75–85 %."""
    low, high = EASY_SHARE_RANGE
    best: tuple[float, WeekRuns] | None = None
    easy_days = sum(1 for p in plans if p.role == "easy")
    # Strides are the fine adjustment: two minutes of fast running each set of six.
    for count in dict.fromkeys((strides, *range(easy_days + 1))):
        scale = 1.0
        for _ in range(4):
            runs = build_week_runs(goal, ctx, plans, week_km, hard_scale=scale, strides_on=count)
            share = _hard_share(runs.sessions)
            if share is None or frame.phase not in _TRAINING:
                return 0.0, runs
            easy = 1.0 - share
            over = max(0.0, _training_km(runs.sessions) - week_km - 0.05)
            miss = max(0.0, low - easy, easy - high) + over
            if best is None or miss < best[0]:
                best = (miss, runs)
            if miss == 0.0:
                return best
            scale *= (1.0 - (low + high) / 2.0) / max(share, 0.01)
    assert best is not None
    return best


def _strength(
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


def _recovery_and_mobility(
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
                " and ".join(_label(s, "") for s in recent)
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


def _merge_left_out(items: list[LeftOut]) -> list[LeftOut]:
    """One line per kind of omission, naming the weeks it happened in."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for item in items:
        what, _, week = item.what.rpartition(" in week ")
        key = (what if week.isdigit() else item.what, item.cost)
        grouped.setdefault(key, []).append(week if week.isdigit() else "")
    merged = []
    for (what, cost), weeks in grouped.items():
        numbers = sorted({int(w) for w in weeks if w})
        if numbers:
            label = "week" if len(numbers) == 1 else "weeks"
            what = f"{what} in {label} {_ranges(numbers)}"
        merged.append(LeftOut(what, cost))
    return merged


def _ranges(numbers: list[int]) -> str:
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)


def _known_reasons(runner: Runner, calendar: Calendar, plan: Plan) -> dict[str, str]:
    """Why a rule cannot hold for this athlete, for the rules the inputs make unmeetable."""
    reasons: dict[str, str] = {}
    days = runner.availability.days_per_week
    if days <= 3:
        reasons["long_run"] = (
            f"with {days} running day{'s' if days > 1 else ''} a week the long run cannot stay "
            "within 30 % of the week and still be the longest run"
        )
    if days <= 2:
        reasons["easy_share"] = (
            f"with {days} running day{'s' if days > 1 else ''} a week there is room for one key "
            "session at most, so the easy share cannot be tuned into 75–85 %"
        )
    minutes = runner.availability.minutes_per_day
    if minutes is not None and minutes < 50:
        reasons.setdefault(
            "easy_share",
            f"with {minutes:.0f} minutes a day a key session holds only a few minutes of work "
            "after its warm-up and cool-down, so the week stays more than 85 % easy",
        )
    if days == 7:
        reasons["rest_day"] = "you asked for 7 running days; one of them is a recovery run"
    if runner.weekly_km < 8.0 and not runner.recent_daily_load:
        reasons["acute_chronic"] = (
            f"you run {runner.weekly_km:g} km a week now: against an almost empty history any "
            "running is a spike in the ratio; the plan starts from the smallest useful week"
        )
    if runner.weekly_km < 8.0:
        reasons["volume_ramp"] = (
            f"you run {runner.weekly_km:g} km a week now: the first week starts from a minimum "
            "of short easy runs, more than 10 % above nothing"
        )
    race_day = calendar.race_day
    if (
        race_day is not None
        and plan.goal.race_distance_m is not None
        and ((race_day - calendar.start).days < taper_range(plan.goal.race_distance_m)[0])
    ):
        reasons["taper"] = (
            f"only {(race_day - calendar.start).days} days to the race: the taper "
            f"is {calendar.taper_days} days"
        )
    if plan.goal.kind is GoalKind.RACE and plan.goal.priority.value != "A":
        reasons["taper"] = f"a {plan.goal.priority.value} race gets a shorter taper by choice"
    return reasons
