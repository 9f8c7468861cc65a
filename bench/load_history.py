"""Benchmark: `everyrun load` over ten years of stored analyses.

Stores one analysed activity on every training day of 3,650 days (loads and zone minutes from
bench/load_model.py's seeded history; hand-built analyses, no streams) in a SQLite file, then
times, separately: reading the store (analyses, activity list, manual sessions), and computing
the whole `LoadReport` from what was read (daily series, model, ACWR, monotony, weeks with
polarization, prescriptions). Prints medians. Target: the model under 100 ms.

    python bench/load_history.py [--days 3650] [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from everyrun.domain.activity import Activity
from everyrun.domain.analysis.activity_analysis import ANALYSIS_VERSION, ActivityAnalysis
from everyrun.domain.analysis.effort import Effort, Load, ZoneTime
from everyrun.domain.analysis.purpose_inference import PurposeInference
from everyrun.domain.purpose import Purpose
from everyrun.services import load as load_service
from everyrun.services.analysis import local_day
from everyrun.services.ports import NewActivity
from everyrun.store.sql_store import SqlStore
from load_model import build_history  # the sibling bench script's seeded history

UNTIL = date(2026, 3, 14)
NOW = datetime(2026, 3, 14, 12, tzinfo=UTC)


def fake_analysis(load: float, zone_seconds: list[float]) -> ActivityAnalysis:
    effort = Effort(
        avg_heart_rate_bpm=150.0,
        max_sustained_heart_rate_bpm=None,
        best_20min_heart_rate_bpm=None,
        gap_speed_mps=None,
        heart_rate_zones=None,
        pace_zones=None,
        intensity=ZoneTime(
            "three zones", "heart rate", ["Z1", "Z2", "Z3"], [0, 150, 170], zone_seconds
        ),
        trimp=None,
        load=Load(load, "rTSS", "bench"),
        efficiency_factor=None,
        decoupling_pct=None,
    )
    return ActivityAnalysis(
        version=ANALYSIS_VERSION,
        sport="running",
        profile_day=UNTIL,
        moving_time_s=sum(zone_seconds),
        distance_m=None,
        elevation_gain_m=None,
        avg_speed_mps=None,
        pace_is_meaningful=True,
        effort=effort,
        best_efforts=[],
        vdot_estimate=None,
        intervals=None,
        purpose=PurposeInference(Purpose.EASY_AEROBIC, 0.5, "bench"),
    )


def fill(store: SqlStore, days: int) -> int:
    athlete = store.default_athlete_id()
    loads, zone_minutes = build_history(days)
    first = UNTIL - timedelta(days=days - 1)
    new, analyses = [], []
    for index, (load, minutes) in enumerate(
        zip(loads.tolist(), zone_minutes.tolist(), strict=True)
    ):
        if load <= 0:
            continue
        day = first + timedelta(days=index)
        start = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
        activity = Activity(sport="running", start_utc=start, elapsed_s=3600.0, utc_offset_s=3600)
        new.append(NewActivity(activity, f"{index:064d}", NOW))
        analyses.append((load, [m * 60.0 for m in minutes]))
    ids = store.add_activities(athlete, new)
    store.save_analyses(
        athlete, [(i, fake_analysis(*a)) for i, a in zip(ids, analyses, strict=True)], NOW
    )
    return athlete


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        SqlStore(f"sqlite:///{Path(folder) / 'bench.db'}") as store,
    ):
        store.upgrade()
        started = time.perf_counter()
        athlete = fill(store, options.days)
        print(
            f"stored {len(store.analyses(athlete)):,} analyses over {options.days:,} days "
            f"in {time.perf_counter() - started:.1f} s"
        )
        read_ms, model_ms, whole_ms = [], [], []
        report = None
        for _ in range(options.runs):
            started = time.perf_counter()
            analyses = store.analyses(athlete)
            summaries = list(store.iter_summaries(athlete))
            manual = store.manual_sessions_between(athlete, date.min, UNTIL)
            read = time.perf_counter()
            analysed = {a.activity_id for a in analyses}
            report = load_service.build_report(
                [
                    (
                        local_day(a.start_utc, a.utc_offset_s),
                        a.load,
                        a.load_method,
                        load_service.intensity_seconds(a.data),
                    )
                    for a in analyses
                ],
                [(m.session.day, m.load, m.load_method) for m in manual],
                until=UNTIL,
                unanalysed_activities=sum(1 for s in summaries if s.id not in analysed),
            )
            done = time.perf_counter()
            read_ms.append((read - started) * 1000)
            model_ms.append((done - read) * 1000)
            started = time.perf_counter()
            load_service.load_report(store, athlete, until=UNTIL)
            whole_ms.append((time.perf_counter() - started) * 1000)
        assert report is not None
        print(
            f"report: {len(report.daily):,} days, {len(report.weekly):,} weeks, "
            f"{report.activities:,} activities"
        )
        model = statistics.median(model_ms)
        print(
            f"  store read (analyses + activity list + manual sessions): "
            f"median {statistics.median(read_ms):.1f} ms"
        )
        print(
            f"  model (LoadReport from what was read): median {model:.1f} ms "
            f"(min {min(model_ms):.1f}, max {max(model_ms):.1f}); target < 100 ms "
            f"{'met' if model < 100 else 'MISSED'}"
        )
        print(
            f"  load_report end to end: median {statistics.median(whole_ms):.1f} ms "
            f"over {options.runs} runs"
        )


if __name__ == "__main__":
    main()
