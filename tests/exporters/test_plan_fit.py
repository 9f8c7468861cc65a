"""FIT workout files, read back with both fitdecode and Garmin's own decoder."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Stream

from everyrun.exporters.plan_fit import (
    NAME_BYTES,
    WorkoutExportError,
    plan_to_fit_workouts,
    session_to_fit_workout,
)
from tests.exporters.plan_fixture import (
    INTERVALS,
    SHAKEOUT,
    STRENGTH,
    THRESHOLD_RUN,
    fixture_plan,
    speed,
)

CREATED = datetime(2026, 12, 20, 18, 30, tzinfo=UTC)
SPEED_STEP = 0.001  # the profile stores speed in mm/s


def garmin_messages(data: bytes) -> dict[str, list[dict[str, Any]]]:
    checker = Decoder(Stream.from_byte_array(bytearray(data)))
    assert checker.is_fit()
    assert checker.check_integrity()  # header and file CRCs
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def fitdecode_messages(data: bytes) -> dict[str, list[dict[str, Any]]]:
    messages: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                values = {field.name: field.value for field in frame.fields}
                messages.setdefault(frame.name, []).append(values)
    return messages


Decoded = tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]


@pytest.fixture(scope="module", params=["garmin_fit_sdk", "fitdecode"])
def decoded(request: pytest.FixtureRequest) -> Decoded:
    """The 5 × 1 km session's (file_id, workout, steps) as one decoder reads them."""
    garmin, fit = both_decoders(session_to_fit_workout(INTERVALS))
    return garmin if request.param == "garmin_fit_sdk" else fit


def both_decoders(data: bytes) -> list[Decoded]:
    """(file_id, workout, steps) as each decoder reads them."""
    garmin = garmin_messages(data)
    fit = fitdecode_messages(data)
    return [
        (garmin["file_id_mesgs"][0], garmin["workout_mesgs"][0], garmin["workout_step_mesgs"]),
        (fit["file_id"][0], fit["workout"][0], fit["workout_step"]),
    ]


def test_intervals_round_trip_as_a_workout_of_five_steps(decoded: Decoded) -> None:
    file_id, workout, steps = decoded
    assert file_id["type"] == "workout"
    assert file_id["manufacturer"] == "development"
    assert workout["sport"] == "running"
    assert workout["wkt_name"] == "Intervals 5 × 1 km"
    assert workout["num_valid_steps"] == 5 == len(steps)
    assert [step["message_index"] for step in steps] == [0, 1, 2, 3, 4]
    assert [step.get("intensity") for step in steps] == [
        "warmup",
        "active",
        "recovery",
        None,  # the repeat step has no intensity of its own
        "cooldown",
    ]


def test_durations_round_trip_by_time_and_by_distance(decoded: Decoded) -> None:
    _, _, steps = decoded
    warmup, work, recover, _, cooldown = steps
    assert (warmup["duration_type"], warmup["duration_time"]) == ("time", 900.0)
    assert (work["duration_type"], work["duration_distance"]) == ("distance", 1000.0)
    assert (recover["duration_type"], recover["duration_time"]) == ("time", 120.0)
    assert (cooldown["duration_type"], cooldown["duration_time"]) == ("time", 600.0)


def test_five_times_one_km_repeats_back_to_the_first_rep(decoded: Decoded) -> None:
    _, _, steps = decoded
    repeat = steps[3]
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert repeat["duration_step"] == 1  # back to the 1 km rep
    assert repeat["repeat_steps"] == 5


def test_speed_target_is_the_pace_range_3_52_to_4_00_per_km(decoded: Decoded) -> None:
    _, _, steps = decoded
    work = steps[1]
    assert work["target_type"] == "speed"
    assert work["target_speed_zone"] == 0  # a custom range, not a zone
    assert work["custom_target_speed_low"] == pytest.approx(speed("4:00"), abs=SPEED_STEP)
    assert work["custom_target_speed_high"] == pytest.approx(speed("3:52"), abs=SPEED_STEP)


def test_heart_rate_target_when_a_step_has_bounds_but_no_pace(decoded: Decoded) -> None:
    _, _, steps = decoded
    recover = steps[2]
    assert recover["target_type"] == "heart_rate"
    # FIT's workout_hr: values above 100 are bpm + 100 (up to 100 they are % of max)
    assert recover["custom_target_heart_rate_low"] == 110 + 100
    assert recover["custom_target_heart_rate_high"] == 135 + 100


def test_a_one_sided_heart_rate_cap_is_an_open_target_with_the_cap_in_the_notes(
    decoded: Decoded,
) -> None:
    _, _, steps = decoded
    cooldown = steps[4]
    assert cooldown["target_type"] == "open"
    assert "below 150 bpm" in cooldown["notes"]


def test_the_file_says_when_it_was_made() -> None:
    for file_id, _, _ in both_decoders(session_to_fit_workout(INTERVALS, created=CREATED)):
        assert file_id["time_created"] == CREATED


def test_threshold_repeat_of_three_by_time() -> None:
    for _, workout, steps in both_decoders(session_to_fit_workout(THRESHOLD_RUN)):
        assert workout["num_valid_steps"] == 5
        assert steps[1]["duration_time"] == 600.0
        assert steps[2]["duration_time"] == 90.0
        assert steps[2]["target_type"] == "open"  # no pace, no heart rate: by feel
        assert (steps[3]["duration_step"], steps[3]["repeat_steps"]) == (1, 3)


def test_a_run_without_steps_is_one_step_over_its_time() -> None:
    for _, workout, steps in both_decoders(session_to_fit_workout(SHAKEOUT)):
        assert workout["num_valid_steps"] == 1
        assert (steps[0]["duration_type"], steps[0]["duration_time"]) == ("time", 1800.0)
        assert steps[0]["target_type"] == "open"


def test_a_long_name_is_cut_without_splitting_a_character() -> None:
    name = "5 × 1 km " * 20
    for _, workout, _ in both_decoders(session_to_fit_workout(INTERVALS, name=name)):
        assert name.startswith(workout["wkt_name"])
        assert len(workout["wkt_name"].encode("utf-8")) <= NAME_BYTES


def test_only_runs_become_workouts() -> None:
    with pytest.raises(WorkoutExportError, match="strength"):
        session_to_fit_workout(STRENGTH)


def test_plan_gives_one_file_per_run_named_by_day_and_purpose() -> None:
    files = plan_to_fit_workouts(fixture_plan())
    assert list(files) == [
        "2027-01-05-vo2max-intervals.fit",
        "2027-01-06-easy-aerobic.fit",
        "2027-01-10-long-run.fit",
        "2027-01-12-tempo-threshold.fit",
        "2027-01-14-recovery.fit",
    ]
    names = [garmin_messages(data)["workout_mesgs"][0]["wkt_name"] for data in files.values()]
    runs = sorted(fixture_plan().runs(), key=lambda s: s.day)
    assert names == [run.title for run in runs]
    long_run = garmin_messages(files["2027-01-10-long-run.fit"])["workout_step_mesgs"]
    assert [(s["duration_type"], s["duration_distance"]) for s in long_run] == [
        ("distance", 18_000.0)
    ]
