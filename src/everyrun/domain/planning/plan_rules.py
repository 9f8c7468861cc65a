"""The rules every plan must keep, checked on the finished plan — the same checks the planner's
property tests run. A rule that fails carries the reason the athlete's inputs make it
unmeetable; a failing rule without a reason is a planner bug.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import numpy as np

from everyrun.domain.planning.goal import GoalKind
from everyrun.domain.planning.load_forecast import METHOD, forecast_ratio, weekly_plan_load
from everyrun.domain.planning.periodization import Calendar, taper_range
from everyrun.domain.planning.plan import Plan, RuleResult
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose

ACUTE_CHRONIC_LIMIT = 1.3  # top of Gabbett's (2016) 0.8–1.3 band
MAX_WEEKLY_RISE = 0.10
EASY_SHARE = (0.75, 0.85)
LONG_RUN_SHARE = 0.30
LONG_RUN_MAX_S = 3 * 3600.0
_TOLERANCE = 1e-6
_TRAINING_PHASES = (Phase.BASE, Phase.BUILD, Phase.PEAK)


def check_plan(
    plan: Plan, calendar: Calendar, reasons: Mapping[str, str]
) -> tuple[RuleResult, ...]:
    checks = (
        ("purpose_why_success", _purposes(plan)),
        ("volume_ramp", _volume_ramp(plan)),
        ("acute_chronic", _acute_chronic(plan)),
        ("rest_day", _rest_days(plan)),
        ("hard_days_apart", _hard_days(plan)),
        ("easy_share", _easy_share(plan)),
        ("long_run", _long_run(plan)),
        ("taper", _taper(plan, calendar)),
        ("strength", _strength(plan)),
        ("mobility_daily", _mobility(plan)),
    )
    return tuple(
        RuleResult(
            rule, problem is None, problem or ok, None if problem is None else reasons.get(rule)
        )
        for rule, (problem, ok) in checks
    )


Outcome = tuple[str | None, str]  # (what is wrong, or None; what holds)


def _full_weeks(plan: Plan) -> list[tuple[int, list[date]]]:
    days_in = {}
    for week in plan.weeks:
        days = [week.start + timedelta(days=i) for i in range(7)]
        days_in[week.number] = [d for d in days if d <= plan.end]
    return [(n, days) for n, days in days_in.items() if len(days) == 7]


def _purposes(plan: Plan) -> Outcome:
    bad = [s.id for s in plan.sessions if not s.why.strip() or not s.success or s.purpose is None]
    if bad:
        return f"{len(bad)} sessions lack a why or success criteria: {', '.join(bad[:5])}", ""
    return None, f"all {len(plan.sessions)} sessions have a purpose, a why and success criteria"


def training_km(sessions: Sequence[PlannedSession]) -> float:
    """Running distance of the sessions, the race left out (it is the goal, not training)."""
    return (
        sum(
            s.distance_m
            for s in sessions
            if s.kind is SessionKind.RUN and s.purpose is not Purpose.RACE
        )
        / 1000.0
    )


def _volume_ramp(plan: Plan) -> Outcome:
    """Each training week against the last full week before it (the athlete's current volume
    for the first); lighter weeks and weeks cut short by days away do not move the reference."""
    reference = plan.runner.weekly_km
    away = plan.runner.availability.days_away
    problems = []
    for week in plan.weeks:
        if week.phase not in (*_TRAINING_PHASES, Phase.RETURN):
            continue
        km = week.volume_km
        if km > reference * (1 + MAX_WEEKLY_RISE) + 0.05:
            problems.append(f"week {week.number} {km:.1f} km after {reference:.1f} km")
        days = {week.start + timedelta(days=i) for i in range(7)}
        if not week.is_lighter and not days & away and km > 0:
            reference = km
    if problems:
        return "volume rises more than 10 %: " + "; ".join(problems[:4]), ""
    return None, "weekly volume never rises more than 10 % over the last full week"


def _acute_chronic(plan: Plan) -> Outcome:
    race_day = plan.goal.race_date
    weeks_before = (race_day - plan.start).days // 7 if race_day else len(plan.weeks)
    if weeks_before == 0:
        return None, "no full training week before race week to forecast"
    end = min(plan.end, plan.start + timedelta(days=7 * weeks_before - 1))
    ratio = forecast_ratio(plan.runner, weekly_plan_load(plan.sessions, plan.start, end))
    known = ratio[ratio == ratio]
    worst = float(known.max()) if known.size else 0.0
    if worst > ACUTE_CHRONIC_LIMIT + _TOLERANCE:
        week = int(np.nanargmax(ratio)) + 1
        return f"forecast acute:chronic ratio reaches {worst:.2f} in week {week}", ""
    after = " before race week (the race is the planned spike)" if race_day else ""
    return None, f"forecast acute:chronic ratio at most {worst:.2f}{after} — {METHOD}"


def _rest_days(plan: Plan) -> Outcome:
    missing = []
    for number, days in _full_weeks(plan):
        resting = {
            s.day
            for s in plan.sessions
            if s.day in days and (s.kind is SessionKind.REST or s.purpose is Purpose.RECOVERY)
        }
        if not resting:
            missing.append(str(number))
    if missing:
        return f"no rest or recovery day in week {', '.join(missing)}", ""
    return None, "every week has at least one rest or recovery day"


def _hard_days(plan: Plan) -> Outcome:
    hard = sorted({s.day for s in plan.sessions if s.is_hard})
    clashes = [f"{a} and {b}" for a, b in itertools.pairwise(hard) if (b - a).days == 1]
    if clashes:
        return "hard days back to back: " + "; ".join(clashes[:4]), ""
    return None, f"{len(hard)} hard days, never two in a row"


def _easy_share(plan: Plan) -> Outcome:
    low, high = EASY_SHARE
    problems = []
    full = {number for number, _ in _full_weeks(plan)}
    for week in plan.weeks:
        if week.phase not in (*_TRAINING_PHASES, Phase.TAPER) or week.number not in full:
            continue
        easy = hard = 0.0
        for s in plan.sessions_in_week(week.number):
            if s.kind is SessionKind.RUN and s.purpose is not Purpose.RACE:
                e, h = s.running_seconds()
                easy, hard = easy + e, hard + h
        if easy + hard == 0:
            continue
        share = easy / (easy + hard)
        if not low - _TOLERANCE <= share <= high + _TOLERANCE:
            problems.append(f"week {week.number} {share:.0%}")
    if problems:
        return "easy running outside 75–85 % of running time: " + ", ".join(problems[:6]), ""
    return None, (
        "75–85 % of running time easy in every training week (race, recovery and return "
        "weeks are judged by their own purpose)"
    )


def _long_run(plan: Plan) -> Outcome:
    problems = []
    full = {number for number, _ in _full_weeks(plan)}
    for week in plan.weeks:
        if week.number not in full:
            continue  # a final part-week is judged by its own days, not as a week
        sessions = list(plan.sessions_in_week(week.number))
        km = training_km(sessions)
        for s in sessions:
            if s.purpose is not Purpose.LONG_RUN:
                continue
            share = s.distance_m / 1000.0 / km if km else 1.0
            if share > LONG_RUN_SHARE + 0.005 or s.duration_s > LONG_RUN_MAX_S + 1:
                problems.append(
                    f"week {week.number} {s.distance_m / 1000:.1f} km = {share:.0%} of "
                    f"{km:.1f} km, {s.duration_s / 60:.0f} min"
                )
    if problems:
        return "long run over 30 % of the week or 3 h: " + "; ".join(problems[:4]), ""
    return None, "every long run within 30 % of its week and 3 hours"


def _taper(plan: Plan, calendar: Calendar) -> Outcome:
    goal = plan.goal
    if goal.kind is not GoalKind.RACE or goal.race_distance_m is None:
        return None, "no race: no taper"
    low, high = taper_range(goal.race_distance_m)
    days = calendar.taper_days
    if not low <= days <= high:
        return f"taper of {days} days, outside {low}–{high} for this distance", ""
    return None, f"taper of {days} days ({low}–{high} for this distance)"


def _strength(plan: Plan) -> Outcome:
    problems = []
    for number, _days in _full_weeks(plan):
        week = plan.week(number)
        if week.phase not in (*_TRAINING_PHASES, Phase.RETURN):
            continue
        count = sum(1 for s in plan.sessions_in_week(number) if s.kind is SessionKind.STRENGTH)
        if not 1 <= count <= 2:
            problems.append(f"week {number}: {count}")
    if problems:
        return "strength not 1–2 times a week: " + ", ".join(problems[:6]), ""
    return None, "strength 1–2 times every week outside the taper"


def _mobility(plan: Plan) -> Outcome:
    covered = {s.day for s in plan.sessions if s.kind is SessionKind.MOBILITY}
    day, missing = plan.start, []
    while day <= plan.end:
        if day not in covered:
            missing.append(day)
        day += timedelta(days=1)
    if missing:
        return f"{len(missing)} days without mobility, first {missing[0]}", ""
    return None, "mobility every day"
