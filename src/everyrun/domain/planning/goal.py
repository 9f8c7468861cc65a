"""What the plan is for: a race, a base-building block, or a return from injury."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from everyrun.domain.errors import EveryrunError
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M, format_distance


class GoalError(EveryrunError):
    """A goal that cannot be planned for; the hint says what to change."""


class GoalKind(StrEnum):
    RACE = "race"
    BASE = "base"  # build aerobic volume to a weekly target
    RETURN = "return"  # return to running after an injury


class Priority(StrEnum):
    A = "A"  # the season's goal: full taper
    B = "B"  # important: short taper
    C = "C"  # a hard training day in race clothes: no taper


_RACE_NAMES = {
    5000.0: "5K",
    10000.0: "10K",
    HALF_MARATHON_M: "half marathon",
    MARATHON_M: "marathon",
}


@dataclass(frozen=True)
class Goal:
    kind: GoalKind
    race_distance_m: float | None = None
    race_date: date | None = None
    target_time_s: float | None = None
    priority: Priority = Priority.A
    race_name: str | None = None
    target_weekly_km: float | None = None  # base building: the volume to reach
    end_date: date | None = None  # base/return: when the block ends
    injury: str | None = None  # return: what was injured (e.g. "achilles")

    def __post_init__(self) -> None:
        if self.kind is GoalKind.RACE:
            if self.race_distance_m is None or self.race_date is None:
                raise GoalError("a race goal needs a distance and a date", "add --race and --date")
            if not 1000.0 <= self.race_distance_m <= 100_000.0:
                raise GoalError(
                    f"race distance {format_distance(self.race_distance_m)} is outside 1–100 km",
                    "everyrun plans for races from the mile to 100 km",
                )
            if self.target_time_s is not None:
                speed = self.race_distance_m / self.target_time_s
                if not 1.5 <= speed <= 7.0:
                    raise GoalError(
                        f"target time gives {speed:.2f} m/s, outside a runner's 1.5–7 m/s",
                        "check the target (h:mm:ss) and the distance",
                    )
        elif self.end_date is None:
            raise GoalError(f"a {self.kind.value} goal needs an end date", "add --date")
        volume = self.target_weekly_km
        if volume is not None and not 5.0 <= volume <= 250.0:
            raise GoalError(
                f"target weekly volume {volume:g} km is outside 5–250 km",
                "give the weekly kilometres to build to",
            )

    @property
    def day(self) -> date:
        """The day the goal is met: race day or the block's end."""
        day = self.race_date if self.kind is GoalKind.RACE else self.end_date
        assert day is not None  # __post_init__ guarantees it
        return day

    @property
    def label(self) -> str:
        if self.kind is GoalKind.BASE:
            volume = f" to {self.target_weekly_km:g} km a week" if self.target_weekly_km else ""
            return f"aerobic base{volume}"
        if self.kind is GoalKind.RETURN:
            return f"return from injury{f' ({self.injury})' if self.injury else ''}"
        assert self.race_distance_m is not None
        return self.race_name or race_label(self.race_distance_m)


def race_label(distance_m: float) -> str:
    for known, name in _RACE_NAMES.items():
        if abs(distance_m - known) < 1.0:
            return name
    return format_distance(distance_m)
