"""The plan's report on itself: what was left out (merged by kind, with its weeks) and why
a rule the athlete's inputs make unmeetable cannot hold."""

from __future__ import annotations

from everyrun.domain.planning.goal import GoalKind
from everyrun.domain.planning.periodization import (
    Calendar,
    taper_range,
)
from everyrun.domain.planning.plan import LeftOut, Plan
from everyrun.domain.planning.runner import Runner


def merge_left_out(items: list[LeftOut]) -> list[LeftOut]:
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


def known_reasons(runner: Runner, calendar: Calendar, plan: Plan) -> dict[str, str]:
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
