"""Benchmark: build a 24-week marathon plan (every session, strength, mobility, recovery, the
rules report and the load forecast). Prints the median of several runs and the worst of a
sample of random athletes. Target: under 200 ms for the marathon plan.

    python bench/plan_marathon.py [--runs 25]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import (
    Availability,
    Equipment,
    Experience,
    Injury,
    Runner,
    Screening,
)
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M

START = date(2026, 12, 1)


def marathon() -> tuple[Goal, Runner]:
    goal = Goal(
        GoalKind.RACE,
        race_distance_m=MARATHON_M,
        race_date=START + timedelta(weeks=24, days=-2),
        target_time_s=3 * 3600 + 30 * 60,
    )
    runner = Runner(
        vdot=45,
        weekly_km=40,
        experience=Experience.INTERMEDIATE,
        availability=Availability(days_per_week=5, long_run_day=6),
        injuries=(Injury("achilles", "left"),),
        screening=Screening(calf_raises_left=14, calf_raises_right=22, knee_to_wall_left_cm=7),
        equipment=Equipment.DUMBBELLS,
        max_heart_rate_bpm=188,
        weight_kg=64,
    )
    return goal, runner


def random_athlete(rng: random.Random) -> tuple[Goal, Runner]:
    distance = rng.choice([5000.0, 10000.0, HALF_MARATHON_M, MARATHON_M])
    goal = Goal(
        GoalKind.RACE,
        race_distance_m=distance,
        race_date=START + timedelta(days=rng.randint(20, 300)),
    )
    runner = Runner(
        vdot=rng.uniform(30, 70),
        weekly_km=rng.uniform(0, 120),
        availability=Availability(days_per_week=rng.randint(1, 7)),
    )
    return goal, runner


def timed_ms(goal: Goal, runner: Runner) -> tuple[float, int]:
    began = time.perf_counter()
    plan = build_plan(goal, runner, START)
    return (time.perf_counter() - began) * 1000.0, len(plan.sessions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    goal, runner = marathon()
    timed_ms(goal, runner)  # warm caches and imports
    times = [timed_ms(goal, runner) for _ in range(args.runs)]
    median = statistics.median(t for t, _ in times)
    print(
        f"24-week marathon plan: {times[0][1]} sessions, median {median:.1f} ms "
        f"over {args.runs} runs (target < 200 ms)"
    )
    rng = random.Random(2026)
    sample = [timed_ms(*random_athlete(rng)) for _ in range(200)]
    print(
        f"200 random race plans: median {statistics.median(t for t, _ in sample):.1f} ms, "
        f"worst {max(t for t, _ in sample):.1f} ms"
    )


if __name__ == "__main__":
    main()
