"""A planned session: what to do, what it is for, why now, and how the audit will judge it.

A prescription is structured (steps with targets, exercises with doses, drills with minutes) so
it can be exported to a watch, and its success criteria are structured so the audit can check
them against the recorded file, not just read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from everyrun.domain.purpose import Purpose


class SessionKind(StrEnum):
    RUN = "run"
    STRENGTH = "strength"
    MOBILITY = "mobility"
    RECOVERY = "recovery"  # sleep, fuelling, hydration: recovery planned like training
    REST = "rest"
    CROSS = "cross"


class Phase(StrEnum):
    BASE = "base"  # aerobic volume, strides and hills, strength foundations
    BUILD = "build"  # threshold and VO2max work, heavier strength and plyometrics
    PEAK = "peak"  # race-specific work at goal pace, strength maintained
    TAPER = "taper"  # volume down, intensity kept: arrive fresh
    RACE = "race"
    RECOVERY = "recovery"  # after the race: easy days, one per 3 km raced
    RETURN = "return"  # back from injury: walk-run and easy running only


class Intensity(StrEnum):
    """Daniels' training intensities plus the goal race's own pace."""

    RECOVERY = "recovery"
    EASY = "easy"
    MARATHON = "marathon"
    THRESHOLD = "threshold"
    INTERVAL = "interval"
    REPETITION = "repetition"
    RACE_PACE = "race_pace"  # the goal race's target pace
    RACE = "race"  # the race itself
    WALK = "walk"

    @property
    def is_easy(self) -> bool:
        return self in EASY_INTENSITIES


EASY_INTENSITIES = frozenset({Intensity.RECOVERY, Intensity.EASY, Intensity.WALK})


class StepKind(StrEnum):
    WARMUP = "warmup"
    RUN = "run"  # steady running at one intensity
    WORK = "work"  # the hard part of a repeat
    RECOVER = "recover"  # the easy part of a repeat
    COOLDOWN = "cooldown"


@dataclass(frozen=True)
class Target:
    """How to judge a step while running: pace (as a speed range), heart rate, effort."""

    slow_mps: float | None = None  # slowest acceptable speed
    fast_mps: float | None = None  # fastest acceptable speed
    heart_rate_low_bpm: float | None = None
    heart_rate_high_bpm: float | None = None
    heart_rate_zone: str | None = None  # e.g. "Z2" in the athlete's own zone model
    rpe_low: float = 1.0  # Borg CR-10
    rpe_high: float = 3.0


@dataclass(frozen=True)
class Step:
    kind: StepKind
    intensity: Intensity
    target: Target
    duration_s: float | None = None  # by time …
    distance_m: float | None = None  # … or by distance (exactly one is set)
    expected_duration_s: float = 0.0  # time the step takes at its target pace
    expected_distance_m: float = 0.0


@dataclass(frozen=True)
class Repeat:
    times: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ExerciseDose:
    exercise: str  # the library's id
    name: str
    sets: int
    reps: int | None = None  # per side when `each_side`
    hold_s: float | None = None  # isometric holds instead of reps
    load: str = "bodyweight"  # "bodyweight", "band", "RPE 7 (2 reps in reserve)", "+10 % body mass"
    each_side: bool = False
    reason: str = ""  # this athlete's reason for this exercise


@dataclass(frozen=True)
class Drill:
    name: str
    minutes: float
    reason: str = ""


class Check(StrEnum):
    """What the audit measures in the recorded session to judge it."""

    REPS_IN_PACE_BAND = "reps_in_pace_band"  # params: reps, slow_mps, fast_mps, rep_s or rep_m
    BLOCK_IN_PACE_BAND = "block_in_pace_band"  # params: seconds, slow_mps, fast_mps
    EASY_BELOW_HEART_RATE = "easy_below_heart_rate"  # params: heart_rate_bpm, share
    EASY_SLOWER_THAN = "easy_slower_than"  # params: fast_mps (easy parts no faster)
    DURATION_AT_LEAST = "duration_at_least"  # params: seconds
    DURATION_AT_MOST = "duration_at_most"  # params: seconds
    DISTANCE_AT_LEAST = "distance_at_least"  # params: metres
    STRIDES_DONE = "strides_done"  # params: count, seconds
    RACE_FINISHED = "race_finished"  # params: metres, target_s (optional)
    NO_RUN = "no_run"  # rest day: no run recorded
    LOGGED = "logged"  # strength/mobility: a log of that kind on the day; params: minutes
    SLEEP_AT_LEAST = "sleep_at_least"  # params: hours, nights
    FUEL_LOGGED = "fuel_logged"  # a fuelling note or carbs logged; params: grams_per_hour
    HYDRATION = "hydration"  # params: body_mass_loss_pct


@dataclass(frozen=True)
class SuccessCriterion:
    check: Check
    text: str  # the sentence the runner reads
    params: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedSession:
    id: str  # stable within a plan: "2027-01-05-run", "2027-01-05-strength"
    day: date
    kind: SessionKind
    purpose: Purpose
    title: str  # "Threshold 4 × 8 min", "Single-leg strength (base)"
    why: str  # one sentence tied to goal and phase
    phase: Phase
    week: int  # 1-based
    success: tuple[SuccessCriterion, ...]
    steps: tuple[Step | Repeat, ...] = ()
    exercises: tuple[ExerciseDose, ...] = ()
    drills: tuple[Drill, ...] = ()
    advice: tuple[str, ...] = ()  # recovery items: what to eat, drink, when to sleep
    duration_s: float = 0.0
    distance_m: float = 0.0  # running distance (0 for non-running)
    expected_load: float = 0.0  # load points, the same convention as `everyrun load`
    is_key: bool = False  # a session the week is built around; others bend to it

    @property
    def is_hard(self) -> bool:
        """Hard for spacing: quality work, the race and the long run need fresh legs after."""
        return self.kind is SessionKind.RUN and (self.is_key or self.purpose is Purpose.RACE)

    def running_seconds(self) -> tuple[float, float]:
        """(easy, not easy) running seconds, from the steps' expected durations."""
        return easy_and_hard_seconds(self.steps)


def easy_and_hard_seconds(steps: tuple[Step | Repeat, ...]) -> tuple[float, float]:
    """(easy, not easy) seconds of the steps, at their expected durations."""
    easy = hard = 0.0
    for step, times in flat_steps(steps):
        if step.intensity.is_easy:
            easy += times * step.expected_duration_s
        else:
            hard += times * step.expected_duration_s
    return easy, hard


def flat_steps(steps: tuple[Step | Repeat, ...]) -> list[tuple[Step, int]]:
    """Each step with how many times it is run."""
    flat: list[tuple[Step, int]] = []
    for item in steps:
        if isinstance(item, Repeat):
            flat.extend((step, item.times) for step in item.steps)
        else:
            flat.append((item, 1))
    return flat


def as_params(**values: Any) -> dict[str, float]:
    return {name: float(value) for name, value in values.items() if value is not None}
