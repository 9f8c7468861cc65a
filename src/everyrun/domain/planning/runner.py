"""What the planner knows about the runner: fitness, time, body, kit.

The profile holds physiology dated by day; these are the planning inputs on top of it, given as
flags or in a profile file, each checked here so a typo is refused before a plan is built on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from everyrun.domain.errors import EveryrunError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class RunnerInputError(EveryrunError):
    """A planning input outside what a runner can have; the message names the accepted range."""


class Experience(StrEnum):
    BEGINNER = "beginner"  # under a year of regular running
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"  # years of structured training


class Equipment(StrEnum):
    NONE = "none"
    BANDS = "bands"
    DUMBBELLS = "dumbbells"
    GYM = "gym"

    @property
    def includes(self) -> frozenset[Equipment]:
        """Kit you also have: a gym has dumbbells and bands, dumbbells come with bodyweight."""
        return _INCLUDES[self]


_INCLUDES = {kit: frozenset(list(Equipment)[: i + 1]) for i, kit in enumerate(Equipment)}


class SquatQuality(StrEnum):
    GOOD = "good"  # knee tracks over the foot, pelvis level
    FAIR = "fair"
    POOR = "poor"  # knee collapses inward or the pelvis drops


@dataclass(frozen=True)
class Availability:
    days_per_week: int = 5  # running days
    minutes_per_day: float | None = None  # None: no limit
    long_run_day: int = 6  # weekday, Monday 0 … Sunday 6
    long_run_minutes: float | None = None  # time on the long-run day when it differs
    days_away: frozenset[date] = frozenset()  # no training possible (travel, work)

    def __post_init__(self) -> None:
        if not 1 <= self.days_per_week <= 7:
            raise RunnerInputError(
                f"days per week {self.days_per_week}: must be 1 to 7", "give --days-per-week 1–7"
            )
        for name, minutes in (
            ("minutes per day", self.minutes_per_day),
            ("long-run minutes", self.long_run_minutes),
        ):
            if minutes is not None and not 15 <= minutes <= 600:
                raise RunnerInputError(f"{name} {minutes:g}: must be 15 to 600")
        if not 0 <= self.long_run_day <= 6:
            raise RunnerInputError(f"long-run day {self.long_run_day}: must be a weekday 0–6")

    def minutes_on(self, weekday: int) -> float | None:
        if weekday == self.long_run_day and self.long_run_minutes is not None:
            return self.long_run_minutes
        return self.minutes_per_day


@dataclass(frozen=True)
class Injury:
    area: str  # body part in plain words: "achilles", "knee", "shin", "plantar fascia"...
    side: str | None = None  # "left", "right" or None
    current: bool = False  # a niggle now, not just history
    severity: float | None = None  # 0–10 for a current niggle


@dataclass(frozen=True)
class Screening:
    """Simple self-tests; each None when not done. Left and right are compared for imbalance."""

    calf_raises_left: int | None = None  # single-leg calf raises to failure
    calf_raises_right: int | None = None
    squat_left: SquatQuality | None = None  # single-leg squat quality
    squat_right: SquatQuality | None = None
    side_plank_left_s: float | None = None
    side_plank_right_s: float | None = None
    knee_to_wall_left_cm: float | None = None  # ankle dorsiflexion: toe-to-wall distance
    knee_to_wall_right_cm: float | None = None
    hip_flexion_left_deg: float | None = None  # active straight-leg raise
    hip_flexion_right_deg: float | None = None
    hip_extension_left_deg: float | None = None  # modified Thomas test: thigh above (−) or below
    hip_extension_right_deg: float | None = None  # (+) the horizontal

    def __post_init__(self) -> None:
        for name, value, low, high in (
            ("calf raises left", self.calf_raises_left, 0, 100),
            ("calf raises right", self.calf_raises_right, 0, 100),
            ("side plank left", self.side_plank_left_s, 0, 600),
            ("side plank right", self.side_plank_right_s, 0, 600),
            ("knee to wall left", self.knee_to_wall_left_cm, 0, 25),
            ("knee to wall right", self.knee_to_wall_right_cm, 0, 25),
            ("hip flexion left", self.hip_flexion_left_deg, 0, 130),
            ("hip flexion right", self.hip_flexion_right_deg, 0, 130),
            ("hip extension left", self.hip_extension_left_deg, -45, 45),
            ("hip extension right", self.hip_extension_right_deg, -45, 45),
        ):
            if value is not None and not low <= value <= high:
                raise RunnerInputError(f"{name} {value:g}: must be {low} to {high}")


@dataclass(frozen=True)
class Runner:
    vdot: float  # current fitness: sets every training pace (Daniels)
    weekly_km: float  # current running volume, the plan's starting point
    experience: Experience = Experience.INTERMEDIATE
    availability: Availability = field(default_factory=Availability)
    injuries: tuple[Injury, ...] = ()
    screening: Screening = field(default_factory=Screening)
    equipment: Equipment = Equipment.NONE
    max_heart_rate_bpm: float | None = None
    threshold_heart_rate_bpm: float | None = None
    resting_heart_rate_bpm: float | None = None
    weight_kg: float | None = None  # for fuelling amounts per kg
    # Daily load points of the days before the plan starts (oldest first), for the forecast;
    # empty means "steady at weekly_km" is assumed.
    recent_daily_load: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if not 20 <= self.vdot <= 90:
            raise RunnerInputError(f"VDOT {self.vdot:g}: must be 20 to 90", "give --vdot or a race")
        if not 0 <= self.weekly_km <= 300:
            raise RunnerInputError(
                f"weekly volume {self.weekly_km:g} km: must be 0 to 300 km",
                "give --weekly-km in kilometres (miles × 1.609)",
            )
        if self.weight_kg is not None and not 25 <= self.weight_kg <= 250:
            raise RunnerInputError(f"weight {self.weight_kg:g} kg: must be 25 to 250 kg")

    @property
    def current_niggles(self) -> tuple[Injury, ...]:
        return tuple(i for i in self.injuries if i.current)
