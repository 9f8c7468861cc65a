"""What a run was for: generated workouts of known purpose, and the real corpus, labelled.

Every generated run is analysed with one fixed athlete (PROFILE: male, max heart rate 190,
resting 50, LTHR 170, VDOT 50). The workout builder's own heart-rate model knows nothing of that
athlete, so `athlete_run` maps its effort onto the athlete's heart rate at Daniels' paces:
recovery pace 133 bpm, E 146 (86 % LTHR), M 158 (93 %), T 170 (LTHR), I 183, R 188.
"""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from everyrun.domain import activity as act
from everyrun.domain.analysis.activity_analysis import ActivityAnalysis, analyse_activity
from everyrun.domain.analysis.purpose_inference import RunFacts, infer_purpose
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.cleaning import clean_activity
from everyrun.domain.errors import FileRejectedError
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.vdot import training_paces
from everyrun.importers.registry import read_activities
from tests.corpus import manifest
from tests.domain.workouts import (
    Step,
    block,
    build_run,
    cooldown,
    easy,
    progression,
    reps,
    warmup,
)

PROFILE = AthleteProfile(
    sex="male",
    max_heart_rate_bpm=190,
    resting_heart_rate_bpm=50,
    threshold_heart_rate_bpm=170,
    vdot=50,
)
DAY = date(2025, 6, 1)
PACES = training_paces(50)
E, M, T, INTERVAL, R = (
    1000 / speed
    for speed in (
        PACES.easy_mps,  # 5:20/km
        PACES.marathon_mps,  # 4:31/km
        PACES.threshold_mps,  # 4:16/km
        PACES.interval_mps,  # 3:55/km
        PACES.repetition_mps,  # 3:39/km
    )
)
RECOVERY = 1000 / PACES.easy_slow_mps + 20  # 6:12/km, slower than the easy range
# The builder's heart rate is 60 + 32 x effort (speed, harder uphill), lagged; this maps that
# effort onto PROFILE's heart rate, piecewise linear between Daniels' paces.
_EFFORT_MPS = [2.5, PACES.easy_slow_mps, PACES.easy_mps, PACES.marathon_mps]
_EFFORT_MPS += [PACES.threshold_mps, PACES.interval_mps, PACES.repetition_mps, 6.0]
_PROFILE_BPM = [118, 133, 146, 158, 170, 183, 188, 190]


def athlete_run(steps: list[Step], *, name: str | None = None, **options: Any) -> act.Activity:
    """A generated run with 3 % noise whose heart rate is PROFILE's at each pace."""
    options = {"noise": 0.03, "seed": 1, **options}
    run = build_run(steps, **options)
    beats = run.streams.get(act.HEART_RATE)
    if beats is not None:
        effort = (beats - 60.0) / 32.0
        columns = dict(run.streams.columns)
        columns[act.HEART_RATE] = np.round(np.interp(effort, _EFFORT_MPS, _PROFILE_BPM))
        run = run.with_changes(streams=act.Streams(columns))
    return run.with_changes(name=name)


def analyse(run: act.Activity, profile: AthleteProfile = PROFILE) -> ActivityAnalysis:
    return analyse_activity(run, profile, DAY)


# --- generated workouts of known structure ---------------------------------------------------

SIX_800S = [
    warmup(15, E),
    *reps(6, distance_m=800, pace=INTERVAL, recovery_distance_m=400, recovery_pace=E + 40),
    cooldown(10, E),
]
TEMPO = [warmup(15, E), block(20, T), cooldown(15, E)]
CRUISE = [
    warmup(15, E),
    *reps(3, duration_s=600, pace=T, recovery_duration_s=120, recovery_pace=E + 30),
    cooldown(10, E),
]
STRIDES = [easy(40, E), *reps(10, duration_s=20, pace=R - 15, recovery_duration_s=60)]
HILLS = [
    warmup(15, E),
    *reps(8, duration_s=60, pace=E - 20, grade=0.08, recovery_duration_s=90, recovery_pace=E + 40),
    cooldown(10, E),
]
MARATHON_BLOCKS = [warmup(5, E), block(20, M), easy(2, E + 30), block(20, M), cooldown(3, E)]

CASES: dict[str, tuple[list[Step], Purpose, list[str]]] = {
    "6 x 800 m at I pace": (SIX_800S, Purpose.VO2MAX_INTERVALS, ["6 × 800 m", "3:55/km"]),
    "20 min at T in an easy run": (TEMPO, Purpose.TEMPO_THRESHOLD, ["20:00 at 4:1", "LTHR"]),
    "3 x 10 min at T (cruise)": (CRUISE, Purpose.TEMPO_THRESHOLD, ["3 × ", "cruise intervals"]),
    "90 min at E": ([easy(90, E)], Purpose.LONG_RUN, ["90 min", "100% below"]),
    "40 min E and strides": (STRIDES, Purpose.EASY_AEROBIC, ["10 strides", "0:20"]),
    "8 x 60 s up 8 %": (HILLS, Purpose.SPEED, ["8 × ", "+8% grade"]),
    "progression E to T": ([progression(60, E, T)], Purpose.PROGRESSION, ["60 min", "thirds"]),
    "45 min at M": ([easy(45, M)], Purpose.NO_CLEAR_PURPOSE, ["grey zone", "100% between"]),
    "30 min very easy": ([easy(30, RECOVERY)], Purpose.RECOVERY, ["30 min", "recovery band"]),
    "long run, last 20 min at T": (
        [easy(70, E), block(20, T)],
        Purpose.MENTAL_TOUGHNESS,
        ["90 min", "19:59 at 4:16/km", "tired legs"],
    ),
    "50 min with 2 x 20 min at M": (
        MARATHON_BLOCKS,
        Purpose.NO_CLEAR_PURPOSE,
        ["grey zone", "goal race", "marathon pace 4:31/km"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_generated_workout_gets_its_purpose_with_the_numbers(case: str) -> None:
    steps, purpose, said = CASES[case]
    inference = analyse(athlete_run(steps)).purpose
    assert inference.purpose is purpose, inference.reason
    for words in said:
        assert words in inference.reason
    assert 0.5 <= inference.confidence <= 1


def test_strides_after_an_easy_run_are_also_speed_work() -> None:
    inference = analyse(athlete_run(STRIDES)).purpose
    assert inference.also == [Purpose.SPEED]


def test_a_long_run_with_a_hard_finish_is_also_a_long_run() -> None:
    inference = analyse(athlete_run([easy(70, E), block(20, T)])).purpose
    assert inference.also == [Purpose.LONG_RUN]


def test_marathon_pace_blocks_are_race_pace_work_only_toward_a_goal_race() -> None:
    """Our choice: without a goal race in the profile, 2 x 20 min at M pace is not race-pace
    work but running between the thresholds, a grey zone; the reason says what would change it.
    (The interval detector does not see two 20-min blocks that fill 80 % of a run as blocks,
    so this is read from the zones: 79 % between the thresholds, at M pace on average.)
    """
    inference = analyse(athlete_run(MARATHON_BLOCKS)).purpose
    assert inference.purpose is Purpose.NO_CLEAR_PURPOSE
    assert "race-pace work only toward a goal race, and none is set" in inference.reason
    assert inference.confidence <= 0.75


def test_reps_at_threshold_pace_are_cruise_intervals_not_vo2max() -> None:
    six_k = [
        warmup(15, E),
        *reps(6, distance_m=1000, pace=T, recovery_duration_s=60, recovery_pace=E + 40),
        cooldown(10, E),
    ]
    inference = analyse(athlete_run(six_k)).purpose
    assert inference.purpose is Purpose.TEMPO_THRESHOLD
    assert "100% of threshold pace" in inference.reason


def test_short_reps_slower_than_easy_pace_are_pick_ups_not_speed_work() -> None:
    pickups = [easy(14, "7:00"), *reps(3, duration_s=60, pace="6:00", recovery_duration_s=800)]
    inference = analyse(athlete_run([*pickups, easy(10, "7:00")])).purpose
    assert inference.purpose in (Purpose.EASY_AEROBIC, Purpose.RECOVERY)


@pytest.mark.parametrize("name", ["Parkrun 10K", None])
def test_ten_km_at_race_pace_is_a_race_with_its_vdot(name: str | None) -> None:
    race = [Step(distance_m=10_000, pace_s_per_km=248.1, kind="work")]  # 41:21 = VDOT 50
    analysis = analyse(athlete_run(race, name=name))
    assert analysis.purpose.purpose is Purpose.RACE
    assert "10K" in analysis.purpose.reason
    assert analysis.vdot_estimate == pytest.approx(50, abs=2)


def test_a_parkrun_jogged_easily_is_not_a_race() -> None:
    analysis = analyse(athlete_run([Step(distance_m=5000, pace_s_per_km=E + 30)], name="parkrun"))
    assert analysis.purpose.purpose is not Purpose.RACE
    assert analysis.vdot_estimate is None


def test_a_plain_morning_run_in_french_or_spanish_is_not_a_race() -> None:
    for name in ("Course à pied le matin", "Carrera matutina"):
        analysis = analyse(athlete_run([Step(distance_m=10_000, pace_s_per_km=M)], name=name))
        assert analysis.purpose.purpose is not Purpose.RACE


def test_ten_km_at_marathon_pace_is_not_a_race() -> None:
    analysis = analyse(athlete_run([Step(distance_m=10_000, pace_s_per_km=M)]))
    assert analysis.purpose.purpose is Purpose.NO_CLEAR_PURPOSE
    assert analysis.vdot_estimate is None


def _dropout(run: act.Activity, start_s: float, names: tuple[str, ...]) -> act.Activity:
    """Five minutes from start_s with no position (so no distance, speed or altitude)."""
    columns = dict(run.streams.columns)
    hole = (columns[act.TIME] > start_s) & (columns[act.TIME] <= start_s + 300)
    for name in names:
        columns[name] = np.where(hole, np.nan, columns[name])
    return run.with_changes(streams=act.Streams(columns))


GPS = (act.DISTANCE, act.SPEED, act.ALTITUDE)


# intervals.detect_intervals measures a segment's speed as its distance (bridged across the
# hole) over its recorded seconds (not across it): a segment holding the hole looks fast, and
# reps beside it stop standing out. A hole in the warm-up loses two reps of six, one in the
# cool-down the last two and the pattern with them.


@pytest.mark.parametrize(
    "start_s",
    [300, 2800],
)
def test_a_five_minute_gps_dropout_leaves_the_intervals_alone(start_s: float) -> None:
    analysis = analyse(_dropout(athlete_run(SIX_800S), start_s, GPS))
    assert analysis.purpose.purpose is Purpose.VO2MAX_INTERVALS
    assert analysis.distance_m == pytest.approx(11_500, rel=0.03)
    assert analysis.moving_time_s == pytest.approx(56 * 60, rel=0.01)


def test_a_dropout_in_the_middle_of_an_easy_run_keeps_it_easy_and_says_so() -> None:
    analysis = analyse(_dropout(athlete_run([easy(50, E)]), 1200, (*GPS, act.HEART_RATE)))
    assert analysis.purpose.purpose is Purpose.EASY_AEROBIC
    assert analysis.distance_m == pytest.approx(50 * 60 * PACES.easy_mps, rel=0.03)
    assert any("no heart rate for 5 min" in line for line in analysis.missing)
    assert analysis.effort.load is not None and analysis.effort.load.method == "rTSS"


def test_without_a_profile_the_structure_still_speaks_with_less_confidence() -> None:
    known = analyse(athlete_run(SIX_800S)).purpose
    unknown = analyse(athlete_run(SIX_800S), AthleteProfile()).purpose
    assert unknown.purpose is Purpose.VO2MAX_INTERVALS
    assert unknown.confidence < known.confidence


def test_without_a_profile_an_unstructured_run_is_judged_by_length_and_says_so() -> None:
    inference = analyse(athlete_run([easy(90, E)]), AthleteProfile()).purpose
    assert inference.purpose is Purpose.LONG_RUN
    assert "intensity unknown" in inference.reason
    assert inference.confidence < 0.5


@pytest.mark.parametrize(
    ("sport", "sub_sport", "purpose"),
    [
        ("training", "strength_training", Purpose.STRENGTH),
        ("training", "yoga", Purpose.MOBILITY),
        ("cycling", "road", Purpose.CROSS_TRAINING),
        ("swimming", "lap_swimming", Purpose.CROSS_TRAINING),
        ("generic", None, Purpose.CROSS_TRAINING),
    ],
)
def test_other_sports_take_their_purpose_from_the_sport(
    sport: str, sub_sport: str | None, purpose: Purpose
) -> None:
    inference = infer_purpose(sport, sub_sport, None)
    assert inference.purpose is purpose
    assert inference.reason and 0 < inference.confidence <= 1
    analysed = analyse(athlete_run([easy(30, E)], sport=sport, sub_sport=sub_sport))
    assert analysed.purpose.purpose is purpose


def test_a_run_under_five_minutes_has_no_clear_purpose() -> None:
    facts = RunFacts(moving_time_s=200, distance_m=600, intensity=None, intervals=None,
                     race_distance=None)  # fmt: skip
    inference = infer_purpose("running", None, facts)
    assert inference.purpose is Purpose.NO_CLEAR_PURPOSE
    assert "too short" in inference.reason


# --- the corpus, labelled by hand ------------------------------------------------------------

LABELS = Path(__file__).parent / "data" / "run_purposes.tsv"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _labels() -> list[dict[str, str]]:
    lines = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [line for line in lines if not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


@cache
def corpus_runs() -> dict[tuple[str, int], act.Activity]:
    """Every running activity of the corpus, cleaned, keyed by (file name, leg index)."""
    found = {}
    for entry in manifest():
        try:
            activities = read_activities(entry.format.split()[0], entry.read(), entry.filename)
        except FileRejectedError:
            continue  # not an activity, or beyond repair: the importer tests cover those
        for leg, activity in enumerate(activities):
            if activity.sport == "running":
                found[entry.filename, leg] = clean_activity(activity, now_utc=NOW)
    return found


def test_every_running_activity_of_the_corpus_has_a_label() -> None:
    labelled = {(row["file"], int(row["leg"])) for row in _labels()}
    assert labelled == set(corpus_runs())


@pytest.mark.parametrize("row", _labels(), ids=lambda row: f"{row['file']}:{row['leg']}")
def test_a_corpus_run_gets_the_purpose_it_is_labelled_with(row: dict[str, str]) -> None:
    run = corpus_runs()[row["file"], int(row["leg"])]
    inference = analyse(run).purpose
    assert inference.purpose is Purpose(row["purpose"]), inference.reason
    assert inference.reason


def test_labels_use_the_vocabulary_and_give_a_reason() -> None:
    for row in _labels():
        assert Purpose(row["purpose"]) in Purpose
        assert len(row["reason"]) > 20
