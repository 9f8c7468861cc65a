"""Benchmark: recompute the whole load-over-time model for ten years of daily loads.

Builds 3,652 days of realistic loads from a seeded RNG (one or two rest days a week, a long run,
a hard day, some weeks off), with minutes in three intensity zones per day, then times the full
recomputation: fitness/fatigue/form, ACWR (EWMA and rolling), rolling monotony and strain, weekly
loads and ramps, and the intensity distribution of every week. Prints the median of several
runs. Target: under 100 ms.

    python bench/load_model.py [--days 3652] [--runs 25]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from everyrun.domain.science.fitness import fitness_fatigue_form
from everyrun.domain.science.workload import (
    RatioMethod,
    acute_chronic_loads,
    find_ramp_streaks,
    polarization_index,
    rolling_monotony_and_strain,
    weekly_ramp,
)

FloatArray = npt.NDArray[np.float64]


def build_history(days: int, seed: int = 2015) -> tuple[FloatArray, FloatArray]:
    """Daily load (TSS-like points) and daily minutes in zones 1-3, shape (days, 3)."""
    rng = np.random.default_rng(seed)
    weekday = np.arange(days) % 7
    minutes = rng.lognormal(mean=np.log(50.0), sigma=0.35, size=days)
    minutes[weekday == 6] *= 2.0  # the long run
    rest = (weekday == 0) | (rng.random(days) < 0.08)
    breaks = np.repeat(rng.random(days // 7 + 1) < 0.03, 7)[:days]  # a week off now and then
    minutes[rest | breaks] = 0.0
    hard = weekday == 3
    shares = np.where(hard[:, None], [0.70, 0.10, 0.20], [0.92, 0.06, 0.02])
    zone_minutes = minutes[:, None] * shares
    intensity = np.where(hard, 1.0, 0.75) * rng.uniform(0.9, 1.1, days)
    daily_load = minutes / 60.0 * intensity**2 * 100.0  # TSS form: hours · IF² · 100
    return daily_load, zone_minutes


def recompute(daily_load: FloatArray, zone_minutes: FloatArray) -> int:
    """Everything the load pages show; returns a count so nothing is optimised away."""
    fitness_fatigue_form(daily_load)
    acute_chronic_loads(daily_load, method=RatioMethod.ewma)
    acute_chronic_loads(daily_load, method=RatioMethod.rolling)
    rolling_monotony_and_strain(daily_load)
    whole_weeks = daily_load.size // 7
    weekly_loads = daily_load[: whole_weeks * 7].reshape(whole_weeks, 7).sum(axis=1)
    streaks = find_ramp_streaks(weekly_ramp(weekly_loads))
    weekly_zones = zone_minutes[: whole_weeks * 7].reshape(whole_weeks, 7, 3).sum(axis=1)
    distributions = [polarization_index(*zones) for zones in weekly_zones.tolist() if sum(zones)]
    return len(streaks) + len(distributions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3652)
    parser.add_argument("--runs", type=int, default=25)
    options = parser.parse_args()
    daily_load, zone_minutes = build_history(options.days)
    rest_days = int(np.count_nonzero(daily_load == 0))
    print(f"history: {options.days:,} days, {rest_days:,} rest days, {daily_load.sum():,.0f} load")
    recompute(daily_load, zone_minutes)  # warm up
    timings_ms = []
    for _ in range(options.runs):
        started = time.perf_counter()
        recompute(daily_load, zone_minutes)
        timings_ms.append((time.perf_counter() - started) * 1000.0)
    parts: dict[str, Callable[[], object]] = {
        "fitness/fatigue/form": lambda: fitness_fatigue_form(daily_load),
        "ACWR ewma + rolling": lambda: (
            acute_chronic_loads(daily_load),
            acute_chronic_loads(daily_load, method=RatioMethod.rolling),
        ),
        "monotony/strain": lambda: rolling_monotony_and_strain(daily_load),
    }
    for name, part in parts.items():
        part_ms = []
        for _ in range(options.runs):
            started = time.perf_counter()
            part()
            part_ms.append((time.perf_counter() - started) * 1000.0)
        print(f"  {name}: {statistics.median(part_ms):.2f} ms")
    median_ms = statistics.median(timings_ms)
    verdict = "met" if median_ms < 100.0 else "MISSED"
    print(
        f"whole model: median {median_ms:.1f} ms over {options.runs} runs "
        f"(min {min(timings_ms):.1f}, max {max(timings_ms):.1f}); target < 100 ms {verdict}"
    )


if __name__ == "__main__":
    main()
