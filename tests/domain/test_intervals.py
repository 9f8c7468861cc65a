"""The structure of a run: generated workouts come out as built, real files never break it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from everyrun.domain import activity as act
from everyrun.domain.cleaning import clean_activity
from everyrun.domain.intervals import IntervalAnalysis, Segment, detect_intervals
from everyrun.importers.registry import read_activities
from tests.corpus import CorpusFile, manifest
from tests.domain.workouts import (
    START,
    Step,
    block,
    build_run,
    cooldown,
    easy,
    pace_s_per_km,
    plan,
    progression,
    reps,
    warmup,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SIX_800S = [
    warmup(10),
    *reps(6, distance_m=800, pace="3:50", recovery_distance_m=400, recovery_pace="6:00"),
    cooldown(10),
]
TEMPO = [warmup(15), block(20, "4:20"), cooldown(15)]
STRIDES = [easy(40), *reps(10, duration_s=20, pace="3:15", recovery_duration_s=60)]
HILLS = [
    warmup(15),
    *reps(8, duration_s=60, pace="5:00", grade=0.08, recovery_duration_s=90, recovery_pace="6:30"),
    cooldown(10),
]
FARTLEK = [
    warmup(10),
    block(1.5, "4:30"),
    easy(3),
    block(0.5, "4:00"),
    easy(2),
    block(4, "4:40"),
    easy(4),
    block(1, "4:10"),
    easy(1.5),
    block(2.5, "4:30"),
    cooldown(10),
]


def assert_consistent(analysis: IntervalAnalysis, activity: act.Activity) -> None:
    """Segments are ordered, contiguous, inside the run, and the reps are the work among them."""
    segments = analysis.segments
    span_end = max(activity.elapsed_s, 0.0) + 1.0
    for segment in segments:
        assert 0.0 <= segment.start_s < segment.end_s <= span_end
        assert segment.duration_s == pytest.approx(segment.end_s - segment.start_s)
        for value in (segment.distance_m, segment.avg_speed_mps, segment.avg_heart_rate_bpm):
            assert value is None or np.isfinite(value)
    for before, after in pairwise(segments):
        assert before.end_s == pytest.approx(after.start_s)
    assert analysis.reps == [s for s in segments if s.kind == "work"]
    assert (analysis.source == "none") == (not segments)
    assert analysis.summary


def _analyse(steps: list[Step], **options: Any) -> tuple[IntervalAnalysis, act.Activity]:
    run = build_run(steps, **options)
    analysis = detect_intervals(run)
    assert_consistent(analysis, run)
    return analysis, run


# --- generated workouts of known structure ------------------------------------------------


@pytest.mark.parametrize(("noise", "seed"), [(0.0, 0), (0.05, 1), (0.05, 2), (0.1, 3)])
def test_six_800s_with_jogged_400s_are_six_interval_reps(noise: float, seed: int) -> None:
    analysis, _ = _analyse(SIX_800S, noise=noise, seed=seed)
    assert analysis.source == "streams"
    assert analysis.pattern == "intervals"
    assert len(analysis.reps) == 6
    for rep in analysis.reps:
        assert rep.distance_m == pytest.approx(800, rel=0.05)
        assert rep.avg_speed_mps == pytest.approx(1000 / 230, rel=0.05)
    assert [s.kind for s in analysis.segments[:2]] == ["warmup", "work"]
    assert analysis.segments[-1].kind == "cooldown"
    assert analysis.summary.startswith("6 × 800 m")
    assert "400 m recoveries" in analysis.summary


def test_reps_start_and_end_within_a_few_seconds_of_the_truth() -> None:
    analysis, _ = _analyse(SIX_800S, noise=0.05, seed=4)
    truth = [(start, end) for kind, start, end in plan(SIX_800S) if kind == "work"]
    for rep, (start, end) in zip(analysis.reps, truth, strict=True):
        assert rep.start_s == pytest.approx(start, abs=5)
        assert rep.end_s == pytest.approx(end, abs=5)


@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_twenty_minutes_at_tempo_inside_an_easy_run_is_one_tempo_block(noise: float) -> None:
    analysis, _ = _analyse(TEMPO, noise=noise, seed=5)
    assert analysis.pattern == "tempo_block"
    [rep] = analysis.reps
    assert rep.duration_s == pytest.approx(20 * 60, rel=0.05)
    assert rep.avg_speed_mps == pytest.approx(1000 / pace_s_per_km("4:20"), rel=0.03)
    assert [s.kind for s in analysis.segments] == ["warmup", "work", "cooldown"]


def test_a_tempo_block_is_found_from_heart_rate_alone_and_says_so() -> None:
    analysis, _ = _analyse(TEMPO, noise=0.05, seed=6, speed=False, distance=False)
    assert analysis.pattern == "tempo_block"
    [rep] = analysis.reps
    assert rep.duration_s == pytest.approx(20 * 60, rel=0.1)
    assert rep.distance_m is None and rep.avg_speed_mps is None
    assert rep.avg_heart_rate_bpm is not None
    assert any("heart rate only" in line for line in analysis.missing)
    assert "bpm" in analysis.summary


@pytest.mark.parametrize("noise", [0.0, 0.05, 0.1])
def test_ninety_easy_minutes_have_no_pattern_and_no_reps(noise: float) -> None:
    analysis, _ = _analyse([easy(90)], noise=noise, seed=7)
    assert analysis.pattern is None
    assert analysis.reps == []
    assert [s.kind for s in analysis.segments] == ["steady"]


@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_ten_strides_after_forty_easy_minutes_are_strides(noise: float) -> None:
    analysis, _ = _analyse(STRIDES, noise=noise, seed=8)
    assert analysis.pattern == "strides"
    assert len(analysis.reps) == 10
    assert all(rep.duration_s <= 30 for rep in analysis.reps)
    assert analysis.segments[0].kind == "steady"
    assert analysis.segments[0].duration_s == pytest.approx(40 * 60, abs=10)


@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_eight_climbs_at_eight_percent_with_jogs_down_are_hill_repeats(noise: float) -> None:
    analysis, _ = _analyse(HILLS, noise=noise, seed=9)
    assert analysis.pattern == "hill_repeats"
    assert len(analysis.reps) == 8
    for rep in analysis.reps:
        assert rep.avg_grade == pytest.approx(0.08, abs=0.02)
        assert rep.elevation_gain_m is not None and rep.elevation_gain_m > 8
    recoveries = [s for s in analysis.segments if s.kind == "recovery"]
    assert all(r.avg_grade is not None and r.avg_grade < 0 for r in recoveries)


def test_hill_repeats_at_easy_speed_are_found_by_their_cost() -> None:
    """Uphill at the easy run's speed is hard work: grade-adjusted effort finds it."""
    climbs = reps(6, duration_s=90, pace="6:00", grade=0.1, recovery_duration_s=120)
    analysis, _ = _analyse([warmup(10), *climbs, cooldown(10)], noise=0.03, seed=10)
    assert analysis.pattern == "hill_repeats"
    assert len(analysis.reps) == 6


def test_hills_are_not_assessed_without_altitude_and_it_says_so() -> None:
    analysis, _ = _analyse(STRIDES, altitude=False)
    assert analysis.pattern == "strides"
    assert any("no altitude" in line for line in analysis.missing)


@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_an_hour_from_5_45_to_4_30_per_km_is_a_progression(noise: float) -> None:
    analysis, _ = _analyse([progression(60, "5:45", "4:30")], noise=noise, seed=11)
    assert analysis.pattern == "progression"
    assert analysis.reps == []
    speeds = [s.avg_speed_mps or 0.0 for s in analysis.segments]
    assert len(speeds) == 3 and speeds[0] < speeds[1] < speeds[2]


def test_an_easy_run_with_a_fast_finish_is_a_tempo_block_not_a_progression() -> None:
    analysis, _ = _analyse([easy(40), block(20, "4:30")], noise=0.05, seed=12)
    assert analysis.pattern == "tempo_block"


@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_irregular_surges_are_a_fartlek(noise: float) -> None:
    analysis, _ = _analyse(FARTLEK, noise=noise, seed=13)
    assert analysis.pattern == "fartlek"
    assert len(analysis.reps) == 5
    assert analysis.summary.startswith("Fartlek: 5 surges")


def test_run_walk_is_not_a_fartlek() -> None:
    steps: list[Step] = []
    for minutes in (4, 2, 5, 3, 6, 2, 4):
        steps += [easy(minutes, "6:00"), easy(1, "12:00")]
    analysis, _ = _analyse(steps, noise=0.03, seed=14)
    assert analysis.pattern != "fartlek"


# --- laps ---------------------------------------------------------------------------------


def test_a_device_workout_is_read_from_its_laps() -> None:
    analysis, _ = _analyse(SIX_800S, noise=0.05, seed=15, laps="steps")
    assert analysis.source == "laps"
    assert analysis.pattern == "intervals"
    assert len(analysis.reps) == 6
    truth = [(start, end) for kind, start, end in plan(SIX_800S) if kind == "work"]
    assert [(rep.start_s, rep.end_s) for rep in analysis.reps] == truth


def test_laps_alternating_fast_and_slow_are_structure_even_without_intensity() -> None:
    run = build_run(SIX_800S, noise=0.05, seed=16, laps="steps")
    bare = [replace(lap, intensity=None) for lap in run.laps]
    analysis = detect_intervals(run.with_changes(laps=bare))
    assert analysis.source == "laps"
    assert len(analysis.reps) == 6


def test_auto_laps_every_kilometre_are_not_structure() -> None:
    analysis, _ = _analyse(SIX_800S, noise=0.05, seed=17, laps="km")
    assert analysis.source == "streams"
    assert len(analysis.reps) == 6
    analysis, _ = _analyse([easy(60)], laps="km")
    assert analysis.source == "streams"
    assert analysis.pattern is None


def test_laps_alone_without_samples_still_give_structure() -> None:
    run = build_run(SIX_800S, laps="steps")
    analysis = detect_intervals(run.with_changes(streams=act.Streams()))
    assert_consistent(analysis, run)
    assert analysis.source == "laps"
    assert len(analysis.reps) == 6
    assert analysis.reps[0].distance_m == pytest.approx(800, rel=0.01)
    assert any("no samples" in line for line in analysis.missing)


# --- what must not break it ---------------------------------------------------------------


def test_a_pause_inside_a_recovery_keeps_the_reps() -> None:
    truth = [(start, end) for kind, start, end in plan(SIX_800S) if kind == "recovery"]
    standing = (truth[2][0] + 20, 60.0)
    analysis, _ = _analyse(SIX_800S, noise=0.05, seed=18, pauses=[standing])
    assert analysis.pattern == "intervals"
    assert len(analysis.reps) == 6


def test_gps_dropouts_and_speed_spikes_do_not_make_reps() -> None:
    run = build_run([easy(60)], noise=0.05, seed=19)
    speed, distance = run.streams[act.SPEED].copy(), run.streams[act.DISTANCE].copy()
    speed[600:700] = np.nan  # tunnel
    distance[600:700] = np.nan
    speed[[1000, 1500, 2500]] = 40.0  # single-sample GPS jumps
    columns = {**run.streams.columns, act.SPEED: speed, act.DISTANCE: distance}
    columns[act.LATITUDE] = np.full(len(speed), np.nan)
    analysis = detect_intervals(run.with_changes(streams=act.Streams(columns)))
    assert_consistent(analysis, run)
    assert analysis.pattern is None
    assert analysis.reps == []


def _with_columns(run: act.Activity, **columns: np.ndarray) -> act.Activity:
    return run.with_changes(streams=act.Streams({act.TIME: run.streams[act.TIME], **columns}))


@pytest.mark.parametrize(
    "case",
    ["no streams", "one sample", "all nan", "time only", "nan times", "zero speed", "swim", "ride"],
)
def test_degenerate_input_gives_a_consistent_answer(case: str) -> None:
    run = build_run(SIX_800S, noise=0.05, seed=20)
    n = len(run.streams)
    nan = np.full(n, np.nan)
    changed = {
        "no streams": lambda: run.with_changes(streams=act.Streams(), laps=[]),
        "one sample": lambda: run.with_changes(
            streams=act.Streams({k: v[:1] for k, v in run.streams.columns.items()}), elapsed_s=0.0
        ),
        "all nan": lambda: _with_columns(run, speed_mps=nan, distance_m=nan, heart_rate_bpm=nan),
        "time only": lambda: _with_columns(run),
        "nan times": lambda: run.with_changes(
            streams=act.Streams({**run.streams.columns, act.TIME: nan})
        ),
        "zero speed": lambda: _with_columns(run, speed_mps=np.zeros(n), distance_m=np.zeros(n)),
        "swim": lambda: run.with_changes(sport="swimming"),
        "ride": lambda: run.with_changes(sport="cycling"),
    }[case]()
    analysis = detect_intervals(changed)
    assert_consistent(analysis, changed)
    if case in ("no streams", "one sample", "all nan", "time only", "nan times", "swim"):
        assert analysis.source == "none"
        assert analysis.pattern is None
    if case == "ride":
        assert analysis.pattern is None  # runners' patterns are not named for rides
        assert len(analysis.reps) == 6


def test_a_run_with_an_empty_lap_list_and_odd_laps_does_not_break() -> None:
    run = build_run([easy(30)], laps="steps")
    odd = [
        act.Lap(start_utc=START - timedelta(hours=1), elapsed_s=10.0),
        act.Lap(start_utc=START + timedelta(days=20), elapsed_s=600.0),
        act.Lap(start_utc=START, elapsed_s=0.0, avg_speed_mps=float("nan")),
        act.Lap(start_utc=START + timedelta(minutes=5), elapsed_s=float("nan")),
    ]
    analysis = detect_intervals(run.with_changes(laps=[*run.laps, *odd]))
    assert_consistent(analysis, run)


STEP_STRATEGY = st.builds(
    Step,
    duration_s=st.integers(5, 900).map(float),
    pace_s_per_km=st.floats(170, 720),
    grade=st.sampled_from([0.0, 0.0, 0.04, -0.04, 0.1, -0.1]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(STEP_STRATEGY, min_size=1, max_size=12),
    noise=st.sampled_from([0.0, 0.05, 0.15]),
    seed=st.integers(0, 1000),
    heart_rate_only=st.booleans(),
    pause=st.none() | st.tuples(st.integers(0, 3000), st.integers(1, 600)),
)
def test_segments_of_any_run_are_ordered_contiguous_and_inside_it(
    steps: list[Step],
    noise: float,
    seed: int,
    heart_rate_only: bool,
    pause: tuple[int, int] | None,
) -> None:
    run = build_run(
        steps,
        noise=noise,
        seed=seed,
        speed=not heart_rate_only,
        distance=not heart_rate_only,
        pauses=[pause] if pause else [],
    )
    assert_consistent(detect_intervals(run), run)


# --- real recordings ----------------------------------------------------------------------


def _corpus(name: str) -> CorpusFile:
    return next(f for f in manifest() if f.filename == name)


def _read(name: str, *, cleaned: bool = True) -> act.Activity:
    corpus_file = _corpus(name)
    activity = read_activities(corpus_file.format.split()[0], corpus_file.read(), name)[0]
    return clean_activity(activity, now_utc=NOW) if cleaned else activity


def _detect(name: str) -> IntervalAnalysis:
    activity = _read(name)
    analysis = detect_intervals(activity)
    assert_consistent(analysis, activity)
    return analysis


def test_fr70_interval_file_has_kilometre_auto_laps_so_its_surges_come_from_the_samples() -> None:
    # The manifest calls these laps "alternating work/rest", but all seven are 1,000 m
    # distance-triggered auto-laps at 1.8-2.1 m/s; the three one-minute surges are in the samples.
    analysis = _detect("intervals_garmin-fr70_no-gps_7laps.fit")
    assert analysis.source == "streams"
    assert len(analysis.reps) == 3
    assert all(50 <= rep.duration_s <= 80 for rep in analysis.reps)
    assert all((rep.avg_speed_mps or 0) > 2.5 for rep in analysis.reps)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("run_garmin-fenix5x_developer-data_hrv_5.4km.fit", 4),  # 4 x 1 km, 60 s rests
        ("run_garmin-fr225_time-jump.fit", 6),  # 6 x ~3 min, manual laps
        ("run_garmin-fr25_none-values_14laps.fit", 6),  # 4 x 300 m + 2 x 200 m
        ("run_ipbike-android_hrv_power_9.3km.fit", 4),  # 4 x 6 min, 3 min jogs
        ("run_suunto9_4.3km_no-hr.fit", 5),  # 5 x ~200 s, standing rests
    ],
)
def test_manual_lap_workouts_are_read_from_their_laps(name: str, count: int) -> None:
    analysis = _detect(name)
    assert analysis.source == "laps"
    assert analysis.pattern == "intervals"
    assert len(analysis.reps) == count


@pytest.mark.parametrize(
    "name",
    [
        "run_garmin-fenix5x-plus_18.7km_9-pauses.fit",  # auto 1-mile laps
        "halfmarathon_coros_21.5km_22laps.fit",  # auto 1 km laps
        "treadmill_garmin-fr920xt_runscribe-devfields.fit",  # auto 1 km laps, no GPS
        "trailrun_suunto9baro_power_hrv_6.5km.fit",  # auto 1 km laps
    ],
)
def test_auto_laps_are_not_taken_for_structure(name: str) -> None:
    analysis = _detect(name)
    assert analysis.source == "streams"
    assert analysis.pattern not in ("intervals", "hill_repeats", "strides")


def test_a_heart_rate_only_recording_gets_a_reduced_analysis_that_says_so() -> None:
    analysis = _detect("run_garmin-fr70_hr-only_no-distance.fit")
    assert analysis.source == "streams"
    assert any("heart rate only" in line for line in analysis.missing)
    assert all(s.distance_m is None and s.avg_speed_mps is None for s in analysis.segments)
    assert all(s.avg_heart_rate_bpm is not None for s in analysis.segments)


def test_the_long_ultra_without_heart_rate_has_no_named_pattern() -> None:
    analysis = _detect("run_suunto9_ultra_49.9km_5h40m_no-hr.fit")
    assert analysis.source == "streams"
    assert analysis.pattern is None
    assert any("no heart rate" in line for line in analysis.missing)
    assert analysis.segments[-1].end_s == pytest.approx(20418, abs=60)


@pytest.mark.parametrize(
    "name",
    [
        "race10k_garmin-fr15_11laps_no-hr.fit",
        "run_garmin-fenix2_7-pauses.fit",
        "run_garmin-fr920xt_firstbeat_7.3km.fit",
        "run_garmin-fr955_stryd_hrv_10km.fit",
        "run_stryd-app_hrv_power_8.2km.fit",
    ],
)
def test_steady_runs_have_no_pattern(name: str) -> None:
    assert _detect(name).pattern is None


RUNNING_FILES = [
    f
    for f in manifest()
    if f.is_ok and "run" in f.sport.lower() and "not-an-activity" not in f.filename
]


@pytest.mark.parametrize("corpus_file", RUNNING_FILES, ids=lambda f: f.filename)
def test_every_running_file_gives_consistent_segments_raw_and_cleaned(
    corpus_file: CorpusFile,
) -> None:
    data, name = corpus_file.read(), corpus_file.filename
    for activity in read_activities(corpus_file.format.split()[0], data, name):
        for version in (activity, clean_activity(activity, now_utc=NOW)):
            analysis = detect_intervals(version)
            assert_consistent(analysis, version)
            if version.sport != "running":
                assert analysis.pattern is None


def test_segment_is_a_frozen_value() -> None:
    segment = Segment("work", 0.0, 10.0, 10.0)
    with pytest.raises(AttributeError):
        segment.kind = "recovery"  # type: ignore[misc]
