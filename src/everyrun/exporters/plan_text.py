"""A planned session in plain words, shared by the calendar and the printable plan.

Both exports say the same thing the same way, so a runner reading the calendar on the phone and
the printout on the fridge sees one prescription.
"""

from __future__ import annotations

from everyrun.domain.planning.session import (
    Drill,
    ExerciseDose,
    PlannedSession,
    Repeat,
    SessionKind,
    Step,
    StepKind,
    Target,
)
from everyrun.domain.units import PER_KM, format_distance, format_duration, seconds_per

STEP_LABELS = {
    StepKind.WARMUP: "Warm-up",
    StepKind.RUN: "Run",
    StepKind.WORK: "Work",
    StepKind.RECOVER: "Recover",
    StepKind.COOLDOWN: "Cool-down",
}
KIND_LABELS = {
    SessionKind.RUN: "Run",
    SessionKind.STRENGTH: "Strength",
    SessionKind.MOBILITY: "Mobility",
    SessionKind.RECOVERY: "Recovery",
    SessionKind.REST: "Rest",
    SessionKind.CROSS: "Cross-training",
}


def pace_range(target: Target) -> str | None:
    """`3:52–4:00/km` (fast to slow, as runners write it), or one bound in words."""
    fast, slow = target.fast_mps, target.slow_mps
    if fast is not None and slow is not None:
        return f"{_per_km(fast)}–{_per_km(slow)}/km"
    if slow is not None:
        return f"no slower than {_per_km(slow)}/km"
    if fast is not None:
        return f"no faster than {_per_km(fast)}/km"
    return None


def heart_rate_range(target: Target) -> str | None:
    """`Z2, 135–150 bpm`, `below 150 bpm`, or None when the step has no heart-rate target."""
    low, high = target.heart_rate_low_bpm, target.heart_rate_high_bpm
    if low is not None and high is not None:
        bpm: str | None = f"{low:.0f}–{high:.0f} bpm"
    elif high is not None:
        bpm = f"below {high:.0f} bpm"
    elif low is not None:
        bpm = f"above {low:.0f} bpm"
    else:
        bpm = None
    parts = [part for part in (target.heart_rate_zone, bpm) if part]
    return ", ".join(parts) or None


def effort(target: Target) -> str:
    if target.rpe_low == target.rpe_high:
        return f"RPE {target.rpe_low:g}"
    return f"RPE {target.rpe_low:g}–{target.rpe_high:g}"


def step_amount(step: Step) -> str:
    """How long a step lasts: `15:00`, `1 km`, or `open` (until the lap button)."""
    if step.duration_s is not None:
        return format_duration(step.duration_s)
    if step.distance_m is not None:
        return distance_text(step.distance_m)
    return "open"


def distance_text(distance_m: float) -> str:
    """`1 km`, `1.6 km`, `400 m`, `half`: reps read as runners say them (not `1000 m`)."""
    if distance_m >= 1000 and distance_m % 100 == 0:
        return f"{distance_m / 1000:g} km"
    return format_distance(distance_m)


def target_text(target: Target) -> str:
    """Pace, heart rate and effort: `3:52–4:00/km · Z4 · RPE 7–8`."""
    parts = [pace_range(target), heart_rate_range(target), effort(target)]
    return " · ".join(part for part in parts if part)


def describe_step(step: Step) -> str:
    """`Work 1 km interval: 3:52–4:00/km · Z4 · RPE 7–8`."""
    intensity = step.intensity.value.replace("_", " ")
    return f"{STEP_LABELS[step.kind]} {step_amount(step)} {intensity}: {target_text(step.target)}"


def describe_repeat(repeat: Repeat) -> str:
    return f"{repeat.times} ×"


def describe_exercise(dose: ExerciseDose) -> str:
    """`Single-leg squat: 3 × 8 each side, bodyweight — reason`."""
    if dose.reps is not None:
        amount = f"{dose.sets} × {dose.reps}"
    elif dose.hold_s is not None:
        amount = f"{dose.sets} × {dose.hold_s:g} s hold"
    else:
        amount = f"{dose.sets} sets"
    side = " each side" if dose.each_side else ""
    reason = f" — {dose.reason}" if dose.reason else ""
    return f"{dose.name}: {amount}{side}, {dose.load}{reason}"


def describe_drill(drill: Drill) -> str:
    reason = f" — {drill.reason}" if drill.reason else ""
    return f"{drill.name}: {drill.minutes:g} min{reason}"


def prescription_lines(session: PlannedSession) -> list[tuple[int, str]]:
    """Every line of the prescription with its indent level (1 inside a repeat), in order."""
    lines: list[tuple[int, str]] = []
    for item in session.steps:
        if isinstance(item, Repeat):
            lines.append((0, describe_repeat(item)))
            lines.extend((1, describe_step(step)) for step in item.steps)
        else:
            lines.append((0, describe_step(item)))
    lines.extend((0, describe_exercise(dose)) for dose in session.exercises)
    lines.extend((0, describe_drill(drill)) for drill in session.drills)
    lines.extend((0, advice) for advice in session.advice)
    return lines


def session_totals(session: PlannedSession) -> str | None:
    """`about 55:00, 11.2 km`, from the planner's estimates; None when it gave none."""
    parts = []
    if session.duration_s > 0:
        parts.append(f"about {format_duration(session.duration_s)}")
    if session.distance_m > 0:
        parts.append(f"{session.distance_m / 1000:.1f} km")
    return ", ".join(parts) or None


def _per_km(speed_mps: float) -> str:
    return format_duration(seconds_per(speed_mps, PER_KM))
