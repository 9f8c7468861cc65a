"""Profile values estimated from the athlete's own history: only what really happened, recent
enough to still be true, and each estimate naming the activity it came from."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from everyrun.domain import activity as act
from everyrun.domain.analysis.activity_analysis import analyse_activity
from everyrun.domain.analysis.estimates import (
    FITNESS_LOOKBACK,
    MAX_HEART_RATE_LOOKBACK,
    EffortFacts,
    estimate_profile,
)
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.science.vdot import training_paces, vdot_from_race
from tests.domain.workouts import block, build_run, easy

TODAY = date(2026, 3, 1)


def facts(
    activity_id: int,
    days_ago: int = 10,
    *,
    sport: str = "running",
    minutes: float = 45,
    max_hr: float | None = None,
    best_20min: float | None = None,
    efforts: list[tuple[str, float, float]] | None = None,
) -> EffortFacts:
    return EffortFacts(
        activity_id=activity_id,
        day=TODAY - timedelta(days=days_ago),
        sport=sport,
        moving_time_s=minutes * 60,
        max_sustained_heart_rate_bpm=max_hr,
        best_20min_heart_rate_bpm=best_20min,
        best_efforts=efforts or [],
    )


def test_no_history_estimates_nothing() -> None:
    assert estimate_profile([], TODAY) == {}
    assert estimate_profile([facts(1)], TODAY) == {}


# --- max heart rate -----------------------------------------------------------------------------


def test_max_heart_rate_is_the_highest_held_for_30_seconds_from_any_sport() -> None:
    found = estimate_profile(
        [facts(1, max_hr=181), facts(2, sport="cycling", max_hr=186), facts(3, max_hr=179.6)],
        TODAY,
    )
    estimate = found["max_heart_rate_bpm"]
    assert estimate.value == 186 and estimate.activity_id == 2
    assert "activity 2" in estimate.evidence and "30 s" in estimate.evidence


def test_a_spike_in_the_stream_does_not_become_the_max() -> None:
    """The facts carry the highest 30-s mean of the stream, not its highest sample."""
    run = build_run([easy(20), block(5, "4:30"), easy(10)], noise=0.02, seed=2)
    beats = np.array(run.streams[act.HEART_RATE])
    beats[900:904] = 235.0  # four seconds of static from a dry strap
    columns = dict(run.streams.columns)
    columns[act.HEART_RATE] = beats
    run = run.with_changes(streams=act.Streams(columns))
    held = analyse_activity(run, AthleteProfile(), TODAY).effort.max_sustained_heart_rate_bpm
    assert held is not None
    assert held < beats.max() - 30
    assert held == pytest.approx(
        float(np.max(np.convolve(beats, np.ones(30) / 30, "valid"))), abs=1
    )
    found = estimate_profile([facts(7, max_hr=held)], TODAY)
    assert found["max_heart_rate_bpm"].value == round(held)


def test_max_heart_rate_looks_back_two_years_and_not_into_the_future() -> None:
    old = facts(1, days_ago=MAX_HEART_RATE_LOOKBACK.days + 1, max_hr=199)
    future = facts(2, days_ago=-3, max_hr=197)
    recent = facts(3, days_ago=MAX_HEART_RATE_LOOKBACK.days - 1, max_hr=188)
    assert estimate_profile([old, future, recent], TODAY)["max_heart_rate_bpm"].value == 188
    assert "max_heart_rate_bpm" not in estimate_profile([old, future], TODAY)


# --- threshold heart rate -------------------------------------------------------------------------


def test_lthr_is_the_best_20_minutes_of_a_run_of_30_minutes_or_more() -> None:
    short = facts(1, minutes=25, best_20min=178)  # Friel's test is a 30-min effort
    ride = facts(2, sport="cycling", minutes=60, best_20min=176)
    tempo = facts(3, minutes=50, best_20min=169.4)
    easy_run = facts(4, minutes=70, best_20min=150)
    estimate = estimate_profile([short, ride, tempo, easy_run], TODAY)["threshold_heart_rate_bpm"]
    assert estimate.value == 169 and estimate.activity_id == 3
    assert "activity 3" in estimate.evidence and "20-min" in estimate.evidence


def test_lthr_looks_back_one_year() -> None:
    stale = facts(1, days_ago=FITNESS_LOOKBACK.days + 1, best_20min=175)
    fresh = facts(2, days_ago=FITNESS_LOOKBACK.days - 1, best_20min=165)
    assert estimate_profile([stale, fresh], TODAY)["threshold_heart_rate_bpm"].value == 165
    assert "threshold_heart_rate_bpm" not in estimate_profile([stale], TODAY)


def test_the_best_20_minutes_come_from_the_stream() -> None:
    run = build_run([easy(15), block(25, "4:20"), easy(10)], noise=0.02, seed=3)
    effort = analyse_activity(run, AthleteProfile(), TODAY).effort
    tempo = run.streams[act.HEART_RATE][15 * 60 + 120 : 40 * 60]
    assert effort.best_20min_heart_rate_bpm is not None
    assert effort.best_20min_heart_rate_bpm == pytest.approx(float(np.mean(tempo)), abs=1.5)


# --- VDOT and threshold pace ---------------------------------------------------------------


def test_vdot_is_the_best_effort_of_3_km_or_more_naming_its_activity() -> None:
    ten_k = ("10k", 10_000.0, 41 * 60 + 21.0)  # VDOT 49.97
    mile = ("1mi", 1609.344, 5 * 60 + 10.0)  # a fast mile overstates aerobic fitness: ignored
    five_k = ("5k", 5000.0, 21 * 60 + 30.0)  # VDOT ~45.9
    found = estimate_profile(
        [facts(11, efforts=[mile, five_k]), facts(12, days_ago=40, efforts=[ten_k])], TODAY
    )
    vdot = found["vdot"]
    assert vdot.value == pytest.approx(round(vdot_from_race(10_000, 2481), 1))
    assert vdot.activity_id == 12
    assert "activity 12" in vdot.evidence and "10k in 41:21" in vdot.evidence
    speed = found["threshold_speed_mps"]
    assert speed.value == pytest.approx(training_paces(vdot.value).threshold_mps)
    assert speed.activity_id == 12


def test_vdot_counts_running_in_the_last_year_only() -> None:
    fast_ride = facts(1, sport="cycling", efforts=[("10k", 10_000.0, 900.0)])
    stale = facts(2, days_ago=FITNESS_LOOKBACK.days + 1, efforts=[("5k", 5000.0, 17 * 60.0)])
    fresh = facts(3, days_ago=100, efforts=[("5k", 5000.0, 22 * 60.0)])
    found = estimate_profile([fast_ride, stale, fresh], TODAY)
    assert found["vdot"].activity_id == 3
    assert found["vdot"].value == pytest.approx(vdot_from_race(5000, 22 * 60), abs=0.05)


def test_an_impossible_effort_is_skipped_not_fatal() -> None:
    teleport = facts(1, efforts=[("5k", 5000.0, 60.0)])  # 83 m/s: beyond the equations
    sound = facts(2, efforts=[("5k", 5000.0, 20 * 60.0)])
    found = estimate_profile([teleport, sound], TODAY)
    assert found["vdot"].activity_id == 2
