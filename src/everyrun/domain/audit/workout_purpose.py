"""What a workout read from text is for: its purpose from the words and the steps, with how
sure we are and, when it is unclear, what to name to make it clear."""

from __future__ import annotations

from everyrun.domain.audit.workout_words import Amount
from everyrun.domain.planning.run_sessions import STRIDE_S
from everyrun.domain.planning.session import Intensity, Repeat, Step, StepKind, flat_steps
from everyrun.domain.purpose import Purpose

_STRONGEST = (
    Intensity.RACE,
    Intensity.REPETITION,
    Intensity.INTERVAL,
    Intensity.RACE_PACE,
    Intensity.THRESHOLD,
    Intensity.MARATHON,
    Intensity.EASY,
    Intensity.RECOVERY,
    Intensity.WALK,
)
SPRINT_MAX_S = 45.0  # reps this short train speed (Daniels R reps), not VO2max
LONG_EASY_S = 90 * 60.0  # an easy run this long is a long run even if not called one


def intensity_for_race(metres: float) -> Intensity:
    """Daniels: R is about mile pace, I about 3-5K pace, T about 10K-half pace, M the marathon."""
    if metres <= 1700:
        return Intensity.REPETITION
    if metres <= 5100:
        return Intensity.INTERVAL
    if metres <= 22000:
        return Intensity.THRESHOLD
    return Intensity.MARATHON


def guess_rep_intensity(amount: Amount) -> Intensity:
    """A rep's intensity from its length, when the plan does not name it."""
    seconds = amount.duration_s or (amount.distance_m or 0) / 4.5
    if seconds <= SPRINT_MAX_S:
        return Intensity.REPETITION
    if seconds <= 6 * 60:
        return Intensity.INTERVAL
    return Intensity.THRESHOLD


def _strongest(steps: tuple[Step | Repeat, ...], *, without_strides: bool) -> Intensity | None:
    found = set()
    for item in steps:
        if without_strides and isinstance(item, Repeat) and item.steps[0].duration_s == STRIDE_S:
            continue
        for step, _ in flat_steps((item,)):
            if step.kind in (StepKind.WORK, StepKind.RUN):
                found.add(step.intensity)
    return next((i for i in _STRONGEST if i in found), None)


_BY_INTENSITY = {
    Intensity.REPETITION: (Purpose.SPEED, "fast reps near mile pace"),
    Intensity.INTERVAL: (Purpose.VO2MAX_INTERVALS, "work near 3-5K pace"),
    Intensity.THRESHOLD: (Purpose.TEMPO_THRESHOLD, "work near threshold"),
    Intensity.RACE_PACE: (Purpose.RACE_PACE, "blocks at goal race pace"),
    Intensity.MARATHON: (Purpose.RACE_PACE, "marathon-pace work (race-specific for a marathoner)"),
    Intensity.RACE: (Purpose.RACE, "a race"),
    Intensity.EASY: (Purpose.EASY_AEROBIC, "easy running"),
    Intensity.RECOVERY: (Purpose.RECOVERY, "very easy running"),
    Intensity.WALK: (Purpose.RECOVERY, "walking"),
}
_NAME_IT = "name the intensity: easy, recovery, tempo, or a pace such as '@ 10K pace'"


def infer_purpose(
    hints: set[str], named: set[Intensity], steps: tuple[Step | Repeat, ...], seconds: float
) -> tuple[Purpose, float, str]:
    """(purpose, confidence 0-1, reason) from what the text said and the steps read from it."""
    main = _strongest(steps, without_strides=True)
    if "race" in hints:
        return Purpose.RACE, 0.9, "a race"
    if "progression" in hints:
        return Purpose.PROGRESSION, 0.85, "a progression run: easy to near threshold"
    if "fartlek" in hints:
        return Purpose.FARTLEK, 0.85, "fartlek: surges by feel"
    if "hills" in hints:
        if main is Intensity.REPETITION:
            return Purpose.SPEED, 0.8, "short hill sprints: power and form"
        return Purpose.VO2MAX_INTERVALS, 0.7, "hill repeats: strength and VO2max"
    if "long" in hints:
        return Purpose.LONG_RUN, 0.9, "the long run"
    if main is None:
        if "strides" in hints:
            return Purpose.SPEED, 0.8, "strides: relaxed speed"
        return Purpose.NO_CLEAR_PURPOSE, 0.2, f"no amount or intensity we could read; {_NAME_IT}"
    if not named and main is Intensity.EASY and "guessed_rep_pace" not in hints:
        return (
            Purpose.NO_CLEAR_PURPOSE,
            0.3,
            f"no intensity named, so it drifts into the grey zone; {_NAME_IT}",
        )
    purpose, reason = _BY_INTENSITY[main]
    confidence = 0.85
    if "guessed_rep_pace" in hints:
        confidence, reason = 0.5, f"{reason} (pace guessed from the rep length; name it)"
    elif "steady" in hints and main is Intensity.EASY:
        confidence, reason = 0.5, "'steady' can mean easy or marathon pace: say which"
    if purpose is Purpose.EASY_AEROBIC and seconds >= LONG_EASY_S:
        return Purpose.LONG_RUN, 0.6, f"{seconds / 60:.0f} min easy: a long run by its length"
    return purpose, confidence, reason
