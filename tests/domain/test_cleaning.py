"""Data that cannot be true is repaired or flagged, never silently trusted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from everyrun.domain import activity as act
from everyrun.domain.cleaning import clean_activity

NOW = datetime(2026, 11, 27, tzinfo=UTC)
START = datetime(2025, 5, 1, 6, 30, tzinfo=UTC)


def _run(seconds: int = 3600, **columns: np.ndarray) -> act.Activity:
    time = columns.pop("time", np.arange(seconds, dtype=np.float64))
    return act.Activity(
        sport="running",
        start_utc=START,
        elapsed_s=float(columns.pop("elapsed", np.array([time[-1]]))[0]),
        timer_s=None,
        distance_m=10000.0,
        streams=act.Streams({act.TIME: time, **columns}),
    )


def test_a_sound_run_passes_unchanged() -> None:
    run = _run(heart_rate_bpm=np.full(3600, 150.0))
    cleaned = clean_activity(run, now_utc=NOW)
    assert cleaned.warnings == []
    np.testing.assert_array_equal(cleaned.streams[act.HEART_RATE], run.streams[act.HEART_RATE])


def test_time_going_back_drops_the_samples_with_a_warning() -> None:
    time = np.arange(100, dtype=np.float64)
    time[50] = 48.0  # one second into the past, like the Fenix 2 ride in the corpus
    cleaned = clean_activity(_run(time=time), now_utc=NOW)
    assert len(cleaned.streams) == 99
    assert np.all(np.diff(cleaned.streams[act.TIME]) > 0)
    assert any("went back" in w for w in cleaned.warnings)


def test_a_clock_jump_of_twenty_days_is_moved_out_of_later_samples_and_laps() -> None:
    time = np.arange(3000, dtype=np.float64)
    jump = 20 * 86400
    time[1000:] += jump
    lap_after = act.Lap(start_utc=START + timedelta(seconds=2000 + jump), elapsed_s=600)
    run = _run(time=time).with_changes(laps=[act.Lap(START, 1000), lap_after], elapsed_s=3000.0)
    cleaned = clean_activity(run, now_utc=NOW)
    assert cleaned.streams[act.TIME][-1] == pytest.approx(2999)
    assert cleaned.laps[1].start_utc == START + timedelta(seconds=2000)
    assert any("jumped forward 20.0 days" in w for w in cleaned.warnings)


def test_a_thirty_day_session_takes_its_length_from_the_samples() -> None:
    run = _run(elapsed=np.array([30 * 86400.0]))
    cleaned = clean_activity(run, now_utc=NOW)
    assert cleaned.elapsed_s == pytest.approx(3599)
    assert any("30.0 days" in w and "used the samples" in w for w in cleaned.warnings)


def test_timer_longer_than_elapsed_is_corrected() -> None:
    run = _run().with_changes(elapsed_s=1632.0, timer_s=2760.0)
    cleaned = clean_activity(run, now_utc=NOW)
    assert cleaned.elapsed_s == pytest.approx(3599)
    assert cleaned.timer_s is not None and cleaned.timer_s <= cleaned.elapsed_s
    assert any("timer time" in w for w in cleaned.warnings)


def test_impossible_altitude_heart_rate_and_positions_are_removed() -> None:
    altitude = np.full(3600, 120.0)
    altitude[10:20] = -500.0
    heart_rate = np.full(3600, 150.0)
    heart_rate[5] = 400.0
    heart_rate[6] = 0.0  # no strap signal: silently missing, not an error
    lat = np.full(3600, 49.0)
    lon = np.full(3600, 8.0)
    lat[:3] = 0.0
    lon[:3] = 0.0
    run = _run(altitude_m=altitude, heart_rate_bpm=heart_rate, latitude_deg=lat, longitude_deg=lon)
    cleaned = clean_activity(run, now_utc=NOW)
    assert np.isnan(cleaned.streams[act.ALTITUDE][10:20]).all()
    assert np.isnan(cleaned.streams[act.HEART_RATE][[5, 6]]).all()
    assert np.isnan(cleaned.streams[act.LATITUDE][:3]).all()
    assert any("10 altitude value(s)" in w for w in cleaned.warnings)
    assert any("1 heart rate value(s)" in w for w in cleaned.warnings)
    assert len(cleaned.streams) == 3600


def test_a_run_at_24_kmh_is_flagged_not_silently_trusted() -> None:
    run = _run().with_changes(distance_m=24000.0, timer_s=3600.0)
    cleaned = clean_activity(run, now_utc=NOW)
    assert cleaned.sport == "running"
    assert any("24.0 km/h is not possible for running" in w for w in cleaned.warnings)


def test_dates_in_the_future_or_before_sport_watches_are_flagged() -> None:
    future = _run().with_changes(start_utc=NOW + timedelta(days=30))
    ancient = _run().with_changes(start_utc=datetime(1990, 7, 9, tzinfo=UTC))
    assert any("future" in w for w in clean_activity(future, now_utc=NOW).warnings)
    assert any(
        "clock was probably not set" in w for w in clean_activity(ancient, now_utc=NOW).warnings
    )


def test_missing_distance_comes_from_positions() -> None:
    lat = np.linspace(49.0, 49.09, 3600)  # ~10 km due north
    lon = np.full(3600, 8.0)
    run = _run(latitude_deg=lat, longitude_deg=lon).with_changes(distance_m=None)
    cleaned = clean_activity(run, now_utc=NOW)
    assert cleaned.distance_m == pytest.approx(10007, rel=0.01)


def test_timer_time_is_elapsed_minus_pauses_when_the_file_has_none() -> None:
    pause = act.Pause(START + timedelta(seconds=600), START + timedelta(seconds=900))
    run = _run().with_changes(pauses=[pause])
    cleaned = clean_activity(run, now_utc=NOW)
    assert cleaned.timer_s == pytest.approx(3599 - 300)


def test_pauses_follow_a_clock_jump_back() -> None:
    time = np.arange(3000, dtype=np.float64)
    jump = 27 * 86400
    time[3:] += jump  # like the Magellan ride: the clock leaps after the third sample
    spanning = act.Pause(START + timedelta(seconds=2), START + timedelta(seconds=jump + 10))
    later = act.Pause(
        START + timedelta(seconds=jump + 1000), START + timedelta(seconds=jump + 1100)
    )
    run = _run(time=time).with_changes(pauses=[spanning, later], elapsed_s=float(time[-1]))
    cleaned = clean_activity(run, now_utc=NOW)
    # The jump (27 days less one sample step) comes out of both: 2 s..10 s, then 1000 s..1100 s.
    assert [p.duration_s for p in cleaned.pauses] == [pytest.approx(8), pytest.approx(100)]
    assert cleaned.pauses[1].start_utc == START + timedelta(seconds=1000)
    assert all(p.duration_s < 3600 for p in cleaned.pauses)
