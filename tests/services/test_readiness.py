"""Readiness and risk flags on a real store: the history built from loads, purposes and wellness."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import Level
from everyrun.domain.risk_flags import FlagKind
from everyrun.domain.wellness import WellnessEntry
from everyrun.services import load as load_service
from everyrun.services import logs
from everyrun.services import readiness as readiness_service
from everyrun.store.sql_store import SqlStore
from tests.services.test_load import add_runs, at

DAY = date(2026, 3, 14)  # a Saturday
NOW = datetime(2026, 3, 14, 7, 30, tzinfo=UTC)
BASELINE_HRV = [60.0, 62.0, 58.0, 61.0, 59.0, 63.0, 57.0]  # repeated over the baseline days
FALLING_HRV = [50.0, 48.0, 46.0, 44.0, 42.0, 40.0, 38.0]  # the last 7 days
BASELINE_RHR = [48.0, 50.0, 49.0, 51.0, 47.0]


def _day(offset: int) -> date:
    return DAY - timedelta(days=offset)


def _wellness(store: SqlStore, athlete: int, day: date, **values: object) -> None:
    logs.log_wellness(store, athlete, day, values, today=DAY, now_utc=NOW)


def _session(store: SqlStore, athlete: int, day: date, purpose: str, kind: str = "workout") -> None:
    logs.log_session(
        store,
        athlete,
        kind,
        day,
        rpe=8 if purpose == "tempo_threshold" else 3,
        minutes=60,
        sport="running" if kind == "workout" else None,
        purpose=purpose,
        today=DAY,
        now_utc=NOW,
    )


@pytest.fixture
def strained(sqlite_store: SqlStore) -> tuple[SqlStore, int]:
    """30 days of wellness, HRV falling and resting HR rising over the last week; easy runs
    every day from 12 to 3 days ago, then three hard days back to back up to DAY."""
    store = sqlite_store
    athlete = store.default_athlete_id()
    for offset in range(29, -1, -1):
        if offset >= 7:
            hrv = BASELINE_HRV[offset % len(BASELINE_HRV)]
            rhr = BASELINE_RHR[offset % len(BASELINE_RHR)]
        else:
            hrv = FALLING_HRV[6 - offset]
            rhr = 62.0 if offset == 0 else 53.0 + 7 - offset  # 54 .. 59, then 62 bpm
        _wellness(store, athlete, _day(offset), hrv_rmssd_ms=hrv, resting_heart_rate_bpm=rhr)
    add_runs(store, athlete, [(at(_day(offset)), 50.0) for offset in range(12, 2, -1)])
    for offset in (2, 1, 0):
        _session(store, athlete, _day(offset), "tempo_threshold")
    return store, athlete


def test_falling_hrv_and_rising_resting_hr_say_rest(strained: tuple[SqlStore, int]) -> None:
    store, athlete = strained

    result = readiness_service.readiness_on(store, athlete, DAY)

    assert result.day == DAY and result.level is Level.rest
    reasons = {reason.signal: reason for reason in result.reasons}
    hrv = reasons["hrv"]
    week = [math.log(v) for v in FALLING_HRV]
    assert hrv.verdict is Level.rest
    assert hrv.value == pytest.approx(math.exp(np.mean(week)))
    assert hrv.value == pytest.approx(43.8, abs=0.05)
    rhr = reasons["resting_heart_rate"]
    before = [
        BASELINE_RHR[o % len(BASELINE_RHR)] if o >= 7 else 53.0 + 7 - o for o in range(29, 0, -1)
    ]
    assert rhr.value == 62.0
    assert rhr.verdict is Level.rest  # more than 10 bpm above the mean of the days before
    assert f"{np.mean(before):.1f} bpm" in rhr.sentence
    report = load_service.load_report(store, athlete, until=DAY)
    assert reasons["form"].value == pytest.approx(report.daily[-1].form)
    assert any(text.startswith("sleep") for text in result.missing)
    assert any(text.startswith("soreness") for text in result.missing)


def test_hard_days_back_to_back_and_no_rest_day_are_flagged(
    strained: tuple[SqlStore, int],
) -> None:
    store, athlete = strained

    flags = {flag.kind: flag for flag in readiness_service.flags_on(store, athlete, DAY)}

    hard = flags[FlagKind.hard_back_to_back]
    assert hard.day == DAY and hard.numbers == {"days": 3.0}
    assert str(_day(2)) in hard.sentence
    no_rest = flags[FlagKind.no_rest_day]
    assert no_rest.numbers["days"] == 13.0  # runs 12..3 days ago, then the three hard days
    assert f"since {_day(12)}" in no_rest.sentence


def test_the_history_has_every_day_with_purposes_and_wellness(
    strained: tuple[SqlStore, int],
) -> None:
    store, athlete = strained
    _session(store, athlete, _day(20), "mobility", kind="mobility")

    history = readiness_service.history_until(store, athlete, DAY)

    assert len(history.days) == readiness_service.HISTORY_DAYS
    assert [d.day for d in history.days] == [
        _day(o) for o in range(readiness_service.HISTORY_DAYS - 1, -1, -1)
    ]
    days = {d.day: d for d in history.days}
    assert days[_day(20)].rested and days[_day(20)].load_points > 0  # mobility only
    assert days[_day(13)].rested and days[_day(13)].load_points == 0.0
    assert not days[_day(5)].rested and not days[_day(5)].hard  # an easy run
    assert days[_day(1)].hard and not days[_day(1)].rested
    assert days[_day(40)].wellness is None and days[_day(40)].form is None
    entry = days[DAY].wellness
    assert entry is not None and entry.hrv_rmssd_ms == 38.0


def test_whole_weeks_only(strained: tuple[SqlStore, int]) -> None:
    store, athlete = strained
    report = load_service.load_report(store, athlete, until=DAY)
    monday = _day(5)  # 2026-03-09

    # The mobility session 20 days ago starts the report in a week begun on its Monday.
    history = readiness_service.history_until(store, athlete, DAY)
    assert monday.weekday() == 0
    assert report.weekly[-1].first_day == monday
    assert history.weekly_loads == [
        row.load
        for row in report.weekly[:-1]
        if row.first_day >= report.first_day  # type: ignore[operator]
    ]
    assert readiness_service.whole_weeks(report, monday + timedelta(days=6)) == [
        row.load
        for row in report.weekly
        if row.first_day >= report.first_day  # type: ignore[operator]
    ]


def test_sessions_without_a_purpose_and_unanalysed_activities_are_not_rest(
    sqlite_store: SqlStore,
) -> None:
    athlete = sqlite_store.default_athlete_id()
    add_runs(sqlite_store, athlete, [(at(_day(1)), None)], analysed=False)
    report = load_service.load_report(sqlite_store, athlete, until=DAY)

    history = readiness_service.history_until(sqlite_store, athlete, DAY)
    built = readiness_service.build_history(
        DAY,
        report,
        [(_day(2), None), (_day(3), Purpose.RECOVERY), (_day(3), "rest"), (_day(4), "unknown")],
        [WellnessEntry(_day(2), sleep_hours=6.0), WellnessEntry(DAY + timedelta(days=1))],
        days=7,
    )

    assert not {d.day: d for d in history.days}[_day(1)].rested
    flags = {d.day: (d.rested, d.hard) for d in built.days}
    assert flags[_day(2)] == (False, False)
    assert flags[_day(3)] == (True, False)
    assert flags[_day(4)] == (False, False)
    assert [d.day for d in built.days if d.wellness is not None] == [_day(2)]
    assert built.weekly_loads == []


def test_an_empty_store_is_ready_with_everything_missing(sqlite_store: SqlStore) -> None:
    athlete = sqlite_store.default_athlete_id()

    result = readiness_service.readiness_on(sqlite_store, athlete, DAY)

    assert result.level is Level.ready and result.reasons == []
    assert len(result.missing) == 8
    assert readiness_service.flags_on(sqlite_store, athlete, DAY) == []
