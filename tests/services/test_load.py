"""The load use case on real stores: one scale, local days, manual sessions, the model's series."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from everyrun.domain.activity import Activity
from everyrun.domain.analysis.activity_analysis import ANALYSIS_VERSION, ActivityAnalysis
from everyrun.domain.analysis.effort import Effort, ZoneTime
from everyrun.domain.analysis.purpose_inference import PurposeInference
from everyrun.domain.analysis.session_load import Load
from everyrun.domain.daily_load import CONVENTION
from everyrun.domain.manual_sessions import ManualSession, session_load
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.fitness import (
    Smoothing,
    easy_days_until_form,
    fitness_fatigue_form,
    load_range_for_form,
)
from everyrun.domain.science.workload import acute_chronic_ratio, rolling_monotony_and_strain
from everyrun.services import load as load_service
from everyrun.services.ports import NewActivity
from everyrun.store.sql_store import SqlStore

NOW = datetime(2026, 3, 14, 7, 30, tzinfo=UTC)
BERLIN_WINTER = 3600


def analysis(load: float | None, method: str = "rTSS", zones: tuple[float, ...] = ()) -> Any:
    intensity = (
        ZoneTime("three zones", "heart rate", ["Z1", "Z2", "Z3"], [0.0, 140.0, 170.0], list(zones))
        if zones
        else None
    )
    effort = Effort(
        avg_heart_rate_bpm=None,
        max_sustained_heart_rate_bpm=None,
        best_20min_heart_rate_bpm=None,
        gap_speed_mps=None,
        heart_rate_zones=None,
        pace_zones=None,
        intensity=intensity,
        trimp=None,
        load=None if load is None else Load(load, method, "test"),
        efficiency_factor=None,
        decoupling_pct=None,
    )
    return ActivityAnalysis(
        version=ANALYSIS_VERSION,
        sport="running",
        profile_day=date(2026, 1, 1),
        moving_time_s=3600.0,
        distance_m=10_000.0,
        elevation_gain_m=None,
        avg_speed_mps=None,
        pace_is_meaningful=True,
        effort=effort,
        best_efforts=[],
        vdot_estimate=None,
        intervals=None,
        purpose=PurposeInference(Purpose.EASY_AEROBIC, 0.5, "test"),
    )


def add_runs(
    store: SqlStore,
    athlete: int,
    runs: list[tuple[datetime, float | None]],
    *,
    offset_s: int = BERLIN_WINTER,
    method: str = "rTSS",
    zones: tuple[float, ...] = (),
    analysed: bool = True,
) -> list[int]:
    new = [
        NewActivity(
            Activity(sport="running", start_utc=start, elapsed_s=3600.0, utc_offset_s=offset_s),
            f"{start.isoformat()}".ljust(64, "0")[:64],
            NOW,
        )
        for start, _ in runs
    ]
    ids = store.add_activities(athlete, new)
    if analysed:
        store.save_analyses(
            athlete,
            [(i, analysis(value, method, zones)) for i, (_, value) in zip(ids, runs, strict=True)],
            NOW,
        )
    return ids


def at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_empty_store_gives_an_empty_report(store: SqlStore) -> None:
    report = load_service.load_report(store, store.default_athlete_id(), until=date(2026, 3, 14))

    assert report.daily == [] and report.weekly == [] and report.prescription is None
    assert report.first_day is None
    assert report.convention.load_points == CONVENTION


def test_series_matches_the_domain_model(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    first = date(2026, 1, 1)
    rng = np.random.default_rng(1)
    values = [float(v) for v in rng.uniform(20, 120, 50)]
    days = [first + timedelta(days=2 * i) for i in range(50)]
    add_runs(store, athlete, [(at(d), v) for d, v in zip(days, values, strict=True)])
    until = days[-1] + timedelta(days=3)

    report = load_service.load_report(store, athlete, until=until)

    expected = np.zeros((until - first).days + 1)
    for d, v in zip(days, values, strict=True):
        expected[(d - first).days] = v
    model = fitness_fatigue_form(expected)
    ratio = acute_chronic_ratio(expected)
    foster = rolling_monotony_and_strain(expected)
    assert report.first_day == first and len(report.daily) == expected.size
    assert [r.load for r in report.daily] == pytest.approx(expected.tolist())
    assert [r.fitness for r in report.daily] == pytest.approx(model.fitness.tolist())
    assert [r.fatigue for r in report.daily] == pytest.approx(model.fatigue.tolist())
    assert [r.form for r in report.daily] == pytest.approx(model.form.tolist())
    assert all(r.acute_chronic_ratio is None for r in report.daily[:27])
    assert [r.acute_chronic_ratio for r in report.daily[27:]] == pytest.approx(ratio[27:].tolist())
    assert all(r.monotony is None for r in report.daily[:6])
    assert report.daily[-1].monotony == pytest.approx(float(foster.monotony[-1]))
    assert report.activities == 50 and report.unanalysed_activities == 0

    p = report.prescription
    assert p is not None and p.day == until
    band = load_range_for_form(float(model.fitness[-2]), float(model.fatigue[-2]))
    assert (p.min_load, p.max_load) == pytest.approx((band.min_load, band.max_load))
    assert p.easy_days_until_recovered == easy_days_until_form(
        float(model.fitness[-2]), float(model.fatigue[-2])
    )
    assert p.form_today == pytest.approx(report.daily[-1].form)


def test_both_smoothings_follow_their_convention(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    first = date(2026, 2, 1)
    add_runs(store, athlete, [(at(first + timedelta(days=i)), 80.0) for i in range(20)])
    until = first + timedelta(days=25)

    exponential = load_service.load_report(store, athlete, until=until)
    ewma = load_service.load_report(store, athlete, until=until, smoothing=Smoothing.ewma)

    loads = np.array([r.load for r in exponential.daily])
    for report, smoothing in ((exponential, Smoothing.exponential), (ewma, Smoothing.ewma)):
        model = fitness_fatigue_form(loads, smoothing=smoothing)
        assert [r.fitness for r in report.daily] == pytest.approx(model.fitness.tolist())
        assert report.convention.smoothing == smoothing.value
    assert exponential.daily[-1].fitness != pytest.approx(ewma.daily[-1].fitness)
    assert "e^(−1/N)" in exponential.convention.alpha and "2/(N+1)" in ewma.convention.alpha


def test_local_day_across_utc_midnight(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    # 23:30 UTC on 1 March is 00:30 on 2 March in Berlin; 01:00 UTC on 5 March is 20:00 on
    # 4 March in New York.
    add_runs(store, athlete, [(datetime(2026, 3, 1, 23, 30, tzinfo=UTC), 50.0)])
    add_runs(store, athlete, [(datetime(2026, 3, 5, 1, 0, tzinfo=UTC), 70.0)], offset_s=-5 * 3600)

    report = load_service.load_report(store, athlete, until=date(2026, 3, 6))

    by_day = {r.day: r.load for r in report.daily}
    assert report.first_day == date(2026, 3, 2)
    assert by_day[date(2026, 3, 2)] == 50.0
    assert by_day[date(2026, 3, 4)] == 70.0 and by_day[date(2026, 3, 5)] == 0.0


def test_manual_sessions_and_other_methods_count_in_points(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    add_runs(store, athlete, [(at(date(2026, 3, 2)), 240.0)], method="Edwards TRIMP")
    session = ManualSession(date(2026, 3, 3), "strength", "training", 60.0, 7.0)
    store.add_manual_session(athlete, session, session_load(session), NOW)

    report = load_service.load_report(store, athlete, until=date(2026, 3, 4))

    assert [r.load for r in report.daily] == pytest.approx([100.0, 100.0, 0.0])
    assert report.activities == 1 and report.manual_sessions == 1


def test_unanalysed_and_loadless_activities_are_reported(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    add_runs(store, athlete, [(at(date(2026, 3, 2)), 60.0)])
    add_runs(store, athlete, [(at(date(2026, 3, 3)), None)])
    add_runs(store, athlete, [(at(date(2026, 3, 4)), 60.0)], analysed=False)
    add_runs(store, athlete, [(at(date(2026, 3, 9)), 60.0)])

    report = load_service.load_report(store, athlete, until=date(2026, 3, 5))

    assert report.unanalysed_activities == 1 and report.without_load == 1
    assert report.after_until == 1 and report.activities == 1
    assert any("everyrun analyze --all" in note for note in report.notes)


def test_weekly_rows_sum_iso_weeks_with_zones(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    # Wednesday 4 March and Monday 9 March 2026 (ISO weeks 10 and 11).
    add_runs(store, athlete, [(at(date(2026, 3, 4)), 50.0)], zones=(2880.0, 180.0, 540.0))
    add_runs(store, athlete, [(at(date(2026, 3, 9)), 75.0)], zones=(3600.0, 0.0, 0.0))

    report = load_service.load_report(store, athlete, until=date(2026, 3, 10))

    first, second = report.weekly
    assert (first.week, first.first_day, first.load) == ("2026-W10", date(2026, 3, 2), 50.0)
    assert first.zone_seconds == (2880.0, 180.0, 540.0)
    assert first.polarization_index == pytest.approx(math.log10(0.8 / 0.05 * 0.15 * 100))
    assert first.distribution == "polarized"
    assert second.change_pct == pytest.approx(50.0)
    assert second.polarization_index is None


def test_until_before_any_session_is_empty(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    add_runs(store, athlete, [(at(date(2026, 3, 9)), 60.0)])

    report = load_service.load_report(store, athlete, until=date(2026, 3, 1))

    assert report.daily == [] and report.after_until == 1
