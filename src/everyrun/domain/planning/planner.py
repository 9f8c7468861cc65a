"""PLAN: build the whole plan — calendar, each week's runs, strength, mobility, recovery — then
check it against the rules and report what could not be met, what was left out, and why.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from everyrun.domain.planning.feasibility import assess, race_pace
from everyrun.domain.planning.goal import Goal, GoalError
from everyrun.domain.planning.load_forecast import (
    CHRONIC_WEEKS,
    forecast_ratio,
    weekly_plan_load,
)
from everyrun.domain.planning.periodization import (
    LIGHTER_WEEK_SHARE,
    STARTING_FLOOR_KM,
    Calendar,
    WeekFrame,
    peak_km,
    plan_calendar,
)
from everyrun.domain.planning.plan import LeftOut, Plan, PlanWeek
from everyrun.domain.planning.plan_report import known_reasons, merge_left_out
from everyrun.domain.planning.plan_rules import ACUTE_CHRONIC_LIMIT, check_plan
from everyrun.domain.planning.run_targets import RunTargets, run_targets
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.planning.weaknesses import Weakness, find_weaknesses
from everyrun.domain.planning.week_extras import place_strength, recovery_and_mobility
from everyrun.domain.planning.week_fitting import TRAINING, day_plans, fit_week_runs
from everyrun.domain.planning.week_layout import WeekShape, lay_out, long_run_offset
from everyrun.domain.planning.week_runs import (
    quality_menu,
)
from everyrun.domain.purpose import Purpose

MAX_PLAN_WEEKS = 52
MIN_RUN_KM = 4.0  # a week holds no more runs than it has 4 km portions
KM_PER_KEY_SESSION = 15.0  # one key session per 15 km of weekly running
FORECAST_TRIES = 6


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
        training = planned.phase in (*TRAINING, Phase.RETURN)
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
        tuple(merge_left_out(left_out)),
        pace,
        tuple(notes),
        calendar.end,
    )
    reasons.update(known_reasons(runner, calendar, draft))
    return Plan(
        goal,
        runner,
        start,
        tuple(weeks),
        tuple(sessions),
        check_plan(draft, calendar, reasons),
        feasibility,
        tuple(merge_left_out(left_out)),
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
        if phase in TRAINING:
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
    plans = day_plans(goal, calendar, frame, layout, menu, runner, hard_before)
    runs = fit_week_runs(goal, runner, calendar, frame, targets, plans, reasons)
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
    sessions += place_strength(
        goal, runner, calendar, frame, sessions, weaknesses, left_out, reasons
    )
    sessions += recovery_and_mobility(goal, runner, calendar, frame, sessions, weaknesses)
    return sorted(sessions, key=lambda s: (s.day, _KIND_ORDER[s.kind], s.id)), left_out


_KIND_ORDER = {
    SessionKind.RUN: 0,
    SessionKind.CROSS: 1,
    SessionKind.STRENGTH: 2,
    SessionKind.MOBILITY: 3,
    SessionKind.REST: 4,
    SessionKind.RECOVERY: 5,
}
