"""One activity analysed: load methods and their numbers, efficiency and decoupling, best
efforts, and a reduced analysis (never a crash, never a made-up number) when data is missing."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from everyrun.domain import activity as act
from everyrun.domain.analysis.activity_analysis import ActivityAnalysis, analyse_activity
from everyrun.domain.analysis.effort import SUSTAINED_S
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.cleaning import clean_activity
from everyrun.domain.errors import FileRejectedError
from everyrun.domain.purpose import Purpose
from everyrun.importers.registry import read_activities
from tests.corpus import manifest
from tests.domain.test_purpose_inference import NOW, PROFILE, E, athlete_run
from tests.domain.workouts import Step, build_run, easy

DAY = date(2025, 6, 1)
EMPTY = AthleteProfile()


def analyse(
    run: act.Activity, profile: AthleteProfile = PROFILE, **options: Any
) -> ActivityAnalysis:
    return analyse_activity(run, profile, DAY, **options)


def with_heart_rate(run: act.Activity, beats: np.ndarray) -> act.Activity:
    columns = dict(run.streams.columns)
    columns[act.HEART_RATE] = np.asarray(beats, dtype=np.float64)
    return run.with_changes(streams=act.Streams(columns))


# --- which load method, and its number -------------------------------------------------------


def test_a_road_run_with_pace_and_a_threshold_is_scored_by_rtss() -> None:
    analysis = analyse(athlete_run([easy(40, E)]))
    assert analysis.pace_is_meaningful
    assert analysis.effort.load is not None and analysis.effort.load.method == "rTSS"


def test_a_trail_run_is_scored_by_heart_rate() -> None:
    analysis = analyse(athlete_run([easy(40, E)], sub_sport="trail"))
    assert not analysis.pace_is_meaningful
    assert analysis.effort.load is not None and analysis.effort.load.method == "hrSS"
    assert analysis.effort.gap_speed_mps is None and analysis.effort.efficiency_factor is None
    assert any("pace not comparable" in line for line in analysis.missing)


def test_a_hilly_run_is_scored_by_heart_rate() -> None:
    rolling = [easy(5, E, grade=0.06), easy(5, E, grade=-0.06)] * 4  # ~30 m climbed per km
    analysis = analyse(athlete_run(rolling))
    assert analysis.elevation_gain_m is not None and analysis.distance_m is not None
    assert analysis.elevation_gain_m / (analysis.distance_m / 1000) > 25
    assert not analysis.pace_is_meaningful
    assert analysis.effort.load is not None and analysis.effort.load.method == "hrSS"


def test_a_treadmill_run_without_distance_is_scored_by_heart_rate() -> None:
    run = athlete_run([easy(40, E)], sub_sport="treadmill", speed=False, distance=False)
    analysis = analyse(run)
    assert analysis.effort.load is not None and analysis.effort.load.method == "hrSS"
    assert analysis.distance_m is None and analysis.best_efforts == []
    assert "no speed or distance" in analysis.missing


def test_a_treadmill_run_with_distance_ignores_the_barometer() -> None:
    run = athlete_run([easy(40, E)], sub_sport="treadmill", noise=0.05)
    analysis = analyse(run)
    assert analysis.effort.load is not None and analysis.effort.load.method == "rTSS"
    assert analysis.effort.gap_speed_mps == pytest.approx(1000 / E, rel=0.01)


def test_only_an_rpe_gives_a_session_rpe_load() -> None:
    run = athlete_run([easy(45, E)], heart_rate=False)
    analysis = analyse(run, EMPTY, rpe=6)
    load = analysis.effort.load
    assert load is not None and load.method == "session-RPE"
    assert load.value == pytest.approx(6 * analysis.moving_time_s / 60)


def test_no_load_without_a_method_and_missing_names_the_setting() -> None:
    analysis = analyse(athlete_run([easy(45, E)], heart_rate=False), EMPTY)
    assert analysis.effort.load is None
    assert any("--threshold-pace or --vdot" in line for line in analysis.missing)
    with_hr = analyse(athlete_run([easy(45, E)], speed=False, distance=False), EMPTY)
    assert with_hr.effort.load is None and with_hr.effort.trimp is None
    assert any("--max-hr" in line for line in with_hr.missing)
    assert any("Banister TRIMP" in line and "--sex" in line for line in with_hr.missing)


def test_an_hour_at_4_45_against_a_4_15_threshold_is_80_rtss() -> None:
    run = build_run([easy(60, "4:45")], altitude=False)  # science.md: IF 0.895 -> 80.1
    load = analyse(run, AthleteProfile(threshold_speed_mps=1000 / 255)).effort.load
    assert load is not None and load.method == "rTSS"
    assert load.value == pytest.approx(80.1, abs=0.1)
    assert "89% of threshold for 60 min" in load.detail


def test_banister_trimp_of_half_an_hour_at_130_bpm_is_31_8() -> None:
    run = build_run([easy(30, E)], altitude=False)
    run = with_heart_rate(run, np.full(len(run.streams), 130.0))
    profile = AthleteProfile(sex="male", max_heart_rate_bpm=200, resting_heart_rate_bpm=40)
    effort = analyse(run, profile).effort
    assert effort.trimp == pytest.approx(31.8, abs=0.1)  # science.md (Runalyze: 32 ± 1 %)
    assert effort.load is not None and effort.load.method == "Edwards TRIMP"  # no LTHR


def test_an_hour_at_lthr_is_100_hrss() -> None:
    run = build_run([easy(60, E)], sub_sport="trail")
    run = with_heart_rate(run, np.full(len(run.streams), 170.0))
    load = analyse(run).effort.load
    assert load is not None and load.method == "hrSS"
    assert load.value == pytest.approx(100, abs=0.1)


def test_contradicting_heart_rates_give_no_crash_and_say_why() -> None:
    profile = AthleteProfile(
        sex="female",
        max_heart_rate_bpm=150,
        resting_heart_rate_bpm=160,
        threshold_heart_rate_bpm=170,
    )  # an estimated max below a set LTHR: the dated profile can combine them
    analysis = analyse(athlete_run([easy(40, E)], sub_sport="trail"), profile)
    assert analysis.effort.trimp is None
    assert any("Banister TRIMP" in line for line in analysis.missing)


# --- efficiency factor and decoupling ---------------------------------------------------------


def _steady_hour(second_half_bpm: float) -> ActivityAnalysis:
    run = build_run([easy(60, E)], noise=0.03, seed=4, altitude=False)
    half = len(run.streams) // 2
    beats = np.r_[np.full(half, 150.0), np.full(len(run.streams) - half, second_half_bpm)]
    return analyse(with_heart_rate(run, beats))


def test_heart_rate_drifting_5_percent_at_constant_pace_is_4_8_percent_decoupling() -> None:
    """Pa:HR decoupling = (EF first half - EF second half) / EF first half; with heart rate
    1.05 x higher at the same pace, EF falls to 1/1.05 of itself: 1 - 1/1.05 = 4.76 %."""
    effort = _steady_hour(150 * 1.05).effort
    assert effort.decoupling_pct == pytest.approx((1 - 1 / 1.05) * 100, abs=0.15)
    speed_m_per_min = 1000 / E * 60
    assert effort.efficiency_factor == pytest.approx(speed_m_per_min / (150 * 1.025), rel=0.01)


def test_no_drift_is_no_decoupling() -> None:
    effort = _steady_hour(150).effort
    assert effort.decoupling_pct == pytest.approx(0, abs=0.15)
    assert effort.efficiency_factor == pytest.approx(1000 / E * 60 / 150, rel=0.01)


def test_a_short_run_has_no_decoupling() -> None:
    assert analyse(athlete_run([easy(15, E)])).effort.decoupling_pct is None


# --- best efforts and VDOT ---------------------------------------------------------------------


def test_best_efforts_are_the_fast_middle_to_the_second() -> None:
    steps = [Step(distance_m=3000, pace_s_per_km=360)]
    steps += [Step(distance_m=5000, pace_s_per_km=240), Step(distance_m=3000, pace_s_per_km=360)]
    efforts = {e.name: e for e in analyse(build_run(steps)).best_efforts}
    assert set(efforts) == {"400m", "1k", "1mi", "5k", "10k"}
    assert efforts["400m"].time_s == pytest.approx(96.0)
    assert efforts["1k"].time_s == pytest.approx(240.0)
    assert efforts["1mi"].time_s == pytest.approx(1609.344 * 0.24)
    assert efforts["5k"].time_s == pytest.approx(1200.0)
    assert efforts["5k"].start_s == pytest.approx(1079.0)  # distance at a sample includes it
    assert efforts["10k"].time_s == pytest.approx(1200.0 + 5 * 360.0)


def test_an_easy_ten_km_has_best_efforts_but_no_vdot() -> None:
    analysis = analyse(athlete_run([Step(distance_m=10_000, pace_s_per_km=E)]))
    assert analysis.purpose.purpose is Purpose.EASY_AEROBIC
    assert analysis.vdot_estimate is None
    assert {e.name for e in analysis.best_efforts} >= {"5k"}


# --- movement: what noisy altitude and odd sports used to get wrong ----------------------------


def test_noisy_altitude_does_not_make_a_flat_run_hilly() -> None:
    analysis = analyse(athlete_run([easy(60, E)], noise=0.05))
    assert analysis.elevation_gain_m is not None and analysis.elevation_gain_m < 15
    assert analysis.pace_is_meaningful
    assert analysis.effort.gap_speed_mps == pytest.approx(1000 / E, rel=0.01)


def test_a_session_that_never_moves_counts_all_its_time() -> None:
    run = athlete_run([easy(30, E)], sport="training", sub_sport="strength_training")
    columns = dict(run.streams.columns)
    columns[act.DISTANCE] = np.zeros(len(run.streams))
    columns[act.SPEED] = np.zeros(len(run.streams))
    analysis = analyse(run.with_changes(streams=act.Streams(columns), distance_m=0.0))
    assert analysis.moving_time_s == pytest.approx(30 * 60, abs=2)
    assert analysis.distance_m is None or analysis.distance_m == 0
    assert analysis.effort.load is not None and analysis.effort.load.value > 10
    assert analysis.purpose.purpose is Purpose.STRENGTH


def test_a_spike_is_not_the_sustained_maximum() -> None:
    run = athlete_run([easy(30, E)])
    beats = np.array(run.streams[act.HEART_RATE])
    beats[600:605] = 230.0  # five seconds of a strap's static
    effort = analyse(with_heart_rate(run, beats)).effort
    assert effort.max_sustained_heart_rate_bpm is not None
    assert effort.max_sustained_heart_rate_bpm < 160
    assert SUSTAINED_S == 30


# --- every file of the corpus, with and without a profile --------------------------------------


@cache
def corpus() -> list[tuple[str, int, act.Activity]]:
    found = []
    for entry in manifest():
        try:
            activities = read_activities(entry.format.split()[0], entry.read(), entry.filename)
        except FileRejectedError:
            continue
        for leg, activity in enumerate(activities):
            found.append((entry.filename, leg, clean_activity(activity, now_utc=NOW)))
    return found


def assert_finite(value: Any, where: str = "analysis") -> None:
    """Every number in the analysis is finite or None, all the way down."""
    if isinstance(value, float):
        assert math.isfinite(value), where
    elif isinstance(value, Purpose):
        return
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            assert_finite(getattr(value, item.name), f"{where}.{item.name}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            assert_finite(item, f"{where}[{index}]")


def assert_sound(analysis: ActivityAnalysis) -> None:
    assert_finite(analysis)
    purpose = analysis.purpose
    assert isinstance(purpose.purpose, Purpose)
    assert 0 <= purpose.confidence <= 1
    assert purpose.reason
    assert analysis.moving_time_s >= 0


def test_every_corpus_activity_is_analysed_with_the_test_profile_and_with_none() -> None:
    assert len(corpus()) > 80
    for name, leg, activity in corpus():
        full, bare = analyse(activity), analyse(activity, EMPTY)
        for analysis in (full, bare):
            assert_sound(analysis)
        effort = bare.effort
        assert (effort.heart_rate_zones, effort.pace_zones, effort.intensity) == (None,) * 3
        assert (effort.trimp, effort.load, effort.recovery_share) == (None,) * 3, name
        assert bare.vdot_estimate is None
        if activity.sport == "running" and full.moving_time_s >= 5 * 60:
            assert bare.purpose.confidence < full.purpose.confidence, (name, leg)
        else:
            assert bare.purpose.confidence <= full.purpose.confidence, (name, leg)


def _by_name(filename: str) -> act.Activity:
    return next(activity for name, _, activity in corpus() if name == filename)


def test_missing_says_what_is_absent() -> None:
    hr_only = analyse(_by_name("run_garmin-fr70_hr-only_no-distance.fit"))
    assert "no speed or distance" in hr_only.missing
    assert hr_only.distance_m is None and hr_only.best_efforts == []
    assert hr_only.effort.load is not None and hr_only.effort.load.method == "hrSS"
    no_hr = analyse(_by_name("race10k_garmin-fr15_11laps_no-hr.fit"))
    assert "no heart rate" in no_hr.missing
    assert no_hr.effort.trimp is None and no_hr.effort.efficiency_factor is None
    assert no_hr.effort.load is not None and no_hr.effort.load.method == "rTSS"
    swim = analyse(_by_name("triathlon_garmin-fr920xt_4-chained.fit"))  # leg 0: HR on 6 samples
    assert swim.effort.load is None and swim.effort.trimp is None
    assert any("heart rate on only" in line for line in swim.missing)


def test_the_race_in_the_corpus_gets_a_vdot() -> None:
    race = analyse(_by_name("race10k_garmin-fr15_11laps_no-hr.fit"))
    assert race.purpose.purpose is Purpose.RACE
    assert race.vdot_estimate == pytest.approx(56.9, abs=0.3)  # 10 km in 37:04


@pytest.mark.parametrize(
    ("filename", "device_m"),
    [("run_garmin-fr945_14km_83min.fit", 347), ("halfmarathon_coros_21.5km_22laps.fit", 539)],
)
def test_elevation_gain_is_near_the_devices_own_total(filename: str, device_m: float) -> None:
    gain = analyse(_by_name(filename)).elevation_gain_m
    assert gain == pytest.approx(device_m, rel=0.08)


def test_a_pause_left_over_from_a_clock_jump_does_not_swallow_the_ride() -> None:
    ride = _by_name("ride_magellan_27-day-elapsed-time.fit")
    analysis = analyse(ride)
    assert analysis.moving_time_s == pytest.approx(ride.moving_time_s, rel=0.1)


# --- any run at all ------------------------------------------------------------------------------

_STEP = st.builds(
    Step,
    duration_s=st.floats(5, 900),
    pace_s_per_km=st.floats(150, 900),
    end_pace_s_per_km=st.none() | st.floats(150, 900),
    grade=st.floats(-0.2, 0.2),
    kind=st.sampled_from(["warmup", "work", "recovery", "cooldown", "steady"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(_STEP, min_size=1, max_size=8),
    columns=st.fixed_dictionaries(
        {name: st.booleans() for name in ("speed", "distance", "altitude", "heart_rate")}
    ),
    noise=st.floats(0, 0.2),
    seed=st.integers(0, 2**16),
    sub_sport=st.sampled_from([None, "trail", "treadmill"]),
    profile=st.sampled_from([PROFILE, EMPTY, AthleteProfile(max_heart_rate_bpm=185, vdot=40)]),
    rpe=st.none() | st.floats(0, 10),
)
def test_any_run_is_analysed_without_a_crash(
    steps: list[Step],
    columns: dict[str, bool],
    noise: float,
    seed: int,
    sub_sport: str | None,
    profile: AthleteProfile,
    rpe: float | None,
) -> None:
    options: dict[str, Any] = {**columns, "noise": noise, "seed": seed, "sub_sport": sub_sport}
    run = athlete_run(steps, **options)
    assert_sound(analyse(run, profile, rpe=rpe))
