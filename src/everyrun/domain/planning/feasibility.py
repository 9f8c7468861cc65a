"""Is the goal within reach? Target time against the VDOT the weeks available can realistically
add, and the volume the race needs against what a safe ramp can reach.
"""

from __future__ import annotations

import math
from datetime import date

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.periodization import MAX_WEEKLY_RISE
from everyrun.domain.planning.plan import Feasibility
from everyrun.domain.planning.runner import Experience, Runner
from everyrun.domain.science.vdot import race_time_s, vdot_from_race
from everyrun.domain.units import format_duration, format_pace

# Daniels' Running Formula: raise the training VDOT by about one point every 4–6 weeks of
# consistent training without a race to confirm it. everyrun takes one point per 4 weeks
# (beginners, who improve faster, one per 3; advanced runners one per 6), at most 5 points
# (8 for beginners) in one plan.
WEEKS_PER_VDOT_POINT = {
    Experience.BEGINNER: 3.0,
    Experience.INTERMEDIATE: 4.0,
    Experience.ADVANCED: 6.0,
}
MAX_GAIN = {Experience.BEGINNER: 8.0, Experience.INTERMEDIATE: 5.0, Experience.ADVANCED: 5.0}
# Below these shares of the goal's usual peak week, the race itself is at risk.
UNSAFE_VOLUME_SHARE = 0.6


def reachable_vdot(runner: Runner, start: date, day: date) -> float:
    weeks = max(0.0, (day - start).days / 7.0)
    gain = min(MAX_GAIN[runner.experience], weeks / WEEKS_PER_VDOT_POINT[runner.experience])
    return round(runner.vdot + gain, 1)


def _round_up(seconds: float, step: float) -> float:
    return math.ceil(seconds / step) * step


def assess(
    goal: Goal,
    runner: Runner,
    start: date,
    reachable_peak_km: float,
    goal_peak_km: float,
    cap_km: float,
) -> Feasibility:
    reachable = reachable_vdot(runner, start, goal.day)
    volume_message = None
    if goal.kind is GoalKind.RACE and reachable_peak_km < UNSAFE_VOLUME_SHARE * goal_peak_km:
        usual = f"a {goal.label} usually needs about {goal_peak_km:.0f} km a week"
        if cap_km < UNSAFE_VOLUME_SHARE * goal_peak_km:
            volume_message = (
                f"{usual}; your running days and minutes hold about {cap_km:.0f} km. Find more "
                "time, choose a shorter race, or run this one for completion"
            )
        else:
            weeks_needed = math.ceil(
                math.log(max(goal_peak_km, 1.0) / max(runner.weekly_km, 8.0))
                / math.log(1 + MAX_WEEKLY_RISE)
                * 4
                / 3
            )
            volume_message = (
                f"{usual}; from {runner.weekly_km:.0f} km, rising at most 10 % a week with "
                f"lighter weeks, the plan reaches {reachable_peak_km:.0f} km by race day. "
                f"Building safely to {goal_peak_km:.0f} km takes about {weeks_needed} weeks: "
                "choose a later race or a shorter distance, or run this one for completion"
            )
    if goal.kind is not GoalKind.RACE or goal.race_distance_m is None:
        return Feasibility(
            True,
            runner.vdot,
            None,
            reachable,
            f"no race time to judge: paces from VDOT {runner.vdot:g}",
            None,
            volume_message,
        )
    distance = goal.race_distance_m
    if goal.target_time_s is None:
        now = race_time_s(runner.vdot, distance)
        return Feasibility(
            volume_message is None,
            runner.vdot,
            None,
            reachable,
            f"no target time: your VDOT {runner.vdot:g} is worth {format_duration(now)} today "
            f"and about {format_duration(race_time_s(reachable, distance))} by race day",
            None,
            volume_message,
        )
    needed = round(vdot_from_race(distance, goal.target_time_s), 1)
    target_pace = format_pace(distance / goal.target_time_s)
    target_text = f"{format_duration(goal.target_time_s)} ({target_pace})"
    if needed <= reachable:
        message = (
            f"{target_text} needs VDOT {needed:g}; you are at {runner.vdot:g} and can "
            f"realistically reach {reachable:g} in {(goal.day - start).days // 7} weeks"
        )
        return Feasibility(
            volume_message is None, runner.vdot, needed, reachable, message, None, volume_message
        )
    proposed = _round_up(race_time_s(reachable, distance), 5.0)
    message = (
        f"{target_text} needs VDOT {needed:g}, {needed - runner.vdot:.1f} above your "
        f"{runner.vdot:g}; "
        f"{(goal.day - start).days // 7} weeks of training realistically add "
        f"{reachable - runner.vdot:.1f} (about one point per "
        f"{WEEKS_PER_VDOT_POINT[runner.experience]:g} weeks, Daniels). A realistic target is "
        f"{format_duration(proposed)} ({format_pace(distance / proposed)})"
    )
    return Feasibility(False, runner.vdot, needed, reachable, message, proposed, volume_message)


def race_pace(goal: Goal, runner: Runner, feasibility: Feasibility) -> float | None:
    """The pace race-pace work rehearses: the target when realistic, else the realistic one."""
    if goal.kind is not GoalKind.RACE or goal.race_distance_m is None:
        return None
    distance = goal.race_distance_m
    if goal.target_time_s is not None and feasibility.proposed_target_s is None:
        return distance / goal.target_time_s
    if feasibility.proposed_target_s is not None:
        return distance / feasibility.proposed_target_s
    return distance / race_time_s(runner.vdot, distance)
