"""Planned runs as FIT workout files a watch can follow step by step.

Written with Garmin's own encoder (garmin-fit-sdk, a dependency from PyPI, never bundled). The
encoder writes only a message's main fields, so the values of duration and target are written
raw, scaled as the profile's sub-fields say: time in ms, distance in cm, speed in mm/s, and heart
rate as bpm + 100 (values up to 100 mean % of max heart rate in FIT).
"""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.session import PlannedSession, Repeat, SessionKind, Step, StepKind
from everyrun.exporters.plan_text import STEP_LABELS, target_text

FILE_ID = Profile["mesg_num"]["FILE_ID"]
WORKOUT = Profile["mesg_num"]["WORKOUT"]
WORKOUT_STEP = Profile["mesg_num"]["WORKOUT_STEP"]

MS_PER_S = 1000  # duration_time: scale 1000 (profile)
CM_PER_M = 100  # duration_distance: scale 100
SPEED_SCALE = 1000  # custom_target_speed_low/high: scale 1000, stored in mm/s
HEART_RATE_OFFSET = 100  # workout_hr: 0–100 is % of max, above 100 is bpm + 100
NAME_BYTES = 60  # watches show a short name; keep it well inside FIT's 255-byte field
NOTES_BYTES = 120

_FIT_INTENSITY = {
    StepKind.WARMUP: "warmup",
    StepKind.RUN: "active",
    StepKind.WORK: "active",
    StepKind.RECOVER: "recovery",
    StepKind.COOLDOWN: "cooldown",
}


class WorkoutExportError(EveryrunError):
    """A session a watch workout cannot be made from."""


def session_to_fit_workout(
    session: PlannedSession, *, name: str | None = None, created: datetime | None = None
) -> bytes:
    """One run as a FIT workout file (file_id, workout, workout_step messages).

    `created` (default: now) is the file's time_created, which with the serial number tells a
    watch one workout file from another."""
    if session.kind is not SessionKind.RUN:
        raise WorkoutExportError(
            f"{session.id} is a {session.kind.value} session, not a run",
            "only runs become watch workouts; the calendar and printout carry the rest",
        )
    steps = _workout_steps(session)
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": FILE_ID,
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            # A stable number per session: with time_created it keeps each file distinct.
            "serial_number": zlib.crc32(session.id.encode("utf-8")) or 1,
            "time_created": (created or datetime.now(UTC)).astimezone(UTC),
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": WORKOUT,
            "sport": "running",
            "sub_sport": "generic",
            "num_valid_steps": len(steps),
            "wkt_name": _fit_string(name or session.title, NAME_BYTES),
            "wkt_description": _fit_string(f"{session.purpose.label}: {session.why}", 250),
        }
    )
    for index, step in enumerate(steps):
        encoder.write_mesg({"mesg_num": WORKOUT_STEP, "message_index": index, **step})
    return bytes(encoder.close())


def plan_to_fit_workouts(plan: Plan) -> dict[str, bytes]:
    """Every run of the plan as `2027-01-05-tempo-threshold.fit` → FIT bytes, in day order.

    Which runs a watch should get (say, only the coming ones) is for the caller to choose."""
    created = datetime.now(UTC)
    files: dict[str, bytes] = {}
    for session in sorted(plan.runs(), key=lambda s: (s.day, s.id)):
        stem = f"{session.day.isoformat()}-{_slug(session.purpose.value)}"
        file_name, number = f"{stem}.fit", 1
        while file_name in files:  # two runs on one day with one purpose
            number += 1
            file_name = f"{stem}-{number}.fit"
        files[file_name] = session_to_fit_workout(session, created=created)
    return files


def _workout_steps(session: PlannedSession) -> list[dict[str, Any]]:
    """The steps in FIT order; a repeat is its steps followed by a step that loops back."""
    if not session.steps:
        return [_whole_session_step(session)]
    steps: list[dict[str, Any]] = []
    for item in session.steps:
        if isinstance(item, Repeat):
            first = len(steps)
            steps.extend(_step(step) for step in item.steps)
            steps.append(
                {
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,  # duration_step: the message_index to go back to
                    "target_type": "open",
                    "target_value": item.times,  # repeat_steps: how many times in all
                }
            )
        else:
            steps.append(_step(item))
    return steps


def _step(step: Step) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "wkt_step_name": STEP_LABELS[step.kind],
        "intensity": _FIT_INTENSITY[step.kind],
        "notes": _fit_string(target_text(step.target), NOTES_BYTES),
    }
    if step.duration_s is not None:
        fields |= {"duration_type": "time", "duration_value": _positive(step.duration_s * MS_PER_S)}
    elif step.distance_m is not None:
        fields |= {
            "duration_type": "distance",
            "duration_value": _positive(step.distance_m * CM_PER_M),
        }
    else:
        fields["duration_type"] = "open"  # until the lap button
    return fields | _target(step)


def _target(step: Step) -> dict[str, Any]:
    """A speed range when the step has a pace range, else a heart-rate range, else open.

    FIT needs both ends of a custom range; a one-sided bound ("below 150 bpm") stays in the
    step's notes, where the runner still sees it."""
    target = step.target
    if target.slow_mps is not None and target.fast_mps is not None:
        return {
            "target_type": "speed",
            "target_value": 0,  # 0: a custom range rather than a speed zone
            "custom_target_value_low": round(target.slow_mps * SPEED_SCALE),
            "custom_target_value_high": round(target.fast_mps * SPEED_SCALE),
        }
    low, high = target.heart_rate_low_bpm, target.heart_rate_high_bpm
    if low is not None and high is not None:
        return {
            "target_type": "heart_rate",
            "target_value": 0,
            "custom_target_value_low": round(low) + HEART_RATE_OFFSET,
            "custom_target_value_high": round(high) + HEART_RATE_OFFSET,
        }
    return {"target_type": "open"}


def _whole_session_step(session: PlannedSession) -> dict[str, Any]:
    """A run planned without steps: one step over its distance or time."""
    fields: dict[str, Any] = {
        "wkt_step_name": "Run",
        "intensity": "active",
        "target_type": "open",
    }
    if session.distance_m > 0:
        return fields | {
            "duration_type": "distance",
            "duration_value": _positive(session.distance_m * CM_PER_M),
        }
    if session.duration_s > 0:
        return fields | {
            "duration_type": "time",
            "duration_value": _positive(session.duration_s * MS_PER_S),
        }
    return fields | {"duration_type": "open"}


def _positive(value: float) -> int:
    return max(1, round(value))


def _fit_string(text: str, max_bytes: int) -> str:
    """Cut to `max_bytes` of UTF-8 without splitting a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "run"
