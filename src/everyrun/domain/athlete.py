"""Who is training: the profile values analysis needs, each dated from the day it applies.

Thresholds move with fitness, so a profile is a log of dated changes; an old activity is judged
with the values in force on its own day, not with today's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from everyrun.domain.errors import EveryrunError


class ProfileValueError(EveryrunError):
    """A profile value that cannot be right; the message names the accepted range."""


@dataclass(frozen=True)
class AthleteProfile:
    name: str | None = None
    sex: str | None = None  # "female" or "male": Banister's TRIMP weights differ by sex
    birth_year: int | None = None
    weight_kg: float | None = None
    max_heart_rate_bpm: float | None = None
    resting_heart_rate_bpm: float | None = None
    threshold_heart_rate_bpm: float | None = None  # lactate-threshold heart rate (LTHR)
    threshold_speed_mps: float | None = None  # threshold pace, as a speed
    vdot: float | None = None
    time_zone: str | None = None  # IANA name
    units: str | None = None  # "metric" or "imperial"
    # Which heart-rate zones to show: "lthr" (Friel), "max" (%HRmax) or "reserve" (Karvonen);
    # unset means LTHR zones when LTHR is known, else %HRmax.
    heart_rate_zones: str | None = None


PROFILE_FIELDS = tuple(f.name for f in fields(AthleteProfile))


@dataclass(frozen=True)
class ProfileChange:
    field: str
    value: Any
    effective_from: date  # the athlete's local day from which the value applies
    recorded_at: datetime


def _number(low: float, high: float, unit: str) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        number = float(value)
        if not low <= number <= high:
            raise ValueError(f"must be between {low:g} and {high:g} {unit}")
        return number

    return check


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in allowed:
            raise ValueError(f"must be one of: {', '.join(allowed)}")
        return text

    return check


def _text(value: Any) -> str:
    text = str(value).strip()
    if not text or len(text) > 200:
        raise ValueError("must be 1 to 200 characters")
    return text


def _year(value: Any, today: date) -> int:
    year = int(value)
    if not 1900 <= year <= today.year - 5:
        raise ValueError(f"must be a year between 1900 and {today.year - 5}")
    return year


# Plausible human ranges: outside them the value is a typo or a unit mix-up (lb for kg, pace for
# speed), and analysis built on it would be nonsense.
_CHECKS: Mapping[str, Callable[[Any], Any]] = {
    "name": _text,
    "sex": _choice("female", "male"),
    "weight_kg": _number(25, 250, "kg"),
    "max_heart_rate_bpm": _number(100, 230, "bpm"),
    "resting_heart_rate_bpm": _number(25, 120, "bpm"),
    "threshold_heart_rate_bpm": _number(90, 220, "bpm"),
    "threshold_speed_mps": _number(1.4, 7.0, "m/s (2:23 to 11:54 per km)"),
    "vdot": _number(20, 90, "(VDOT)"),
    "time_zone": _text,
    "units": _choice("metric", "imperial"),
    "heart_rate_zones": _choice("lthr", "max", "reserve"),
}


def checked_value(name: str, value: Any, *, today: date) -> Any:
    """The value as stored, or ProfileValueError saying what is accepted."""
    check = _CHECKS.get(name)
    if check is None and name != "birth_year":
        raise ProfileValueError(f"unknown profile field {name!r}", f"use one of {PROFILE_FIELDS}")
    try:
        return _year(value, today) if check is None else check(value)
    except (TypeError, ValueError) as error:
        label = name.removesuffix("_bpm").removesuffix("_kg").removesuffix("_mps")
        shown = f"{value:g}" if isinstance(value, int | float) else repr(value)
        raise ProfileValueError(f"{label.replace('_', ' ')} {shown}: {error}") from error


def check_consistent(profile: AthleteProfile) -> None:
    """Values that are each plausible but cannot all be true together."""
    rest, threshold, top = (
        profile.resting_heart_rate_bpm,
        profile.threshold_heart_rate_bpm,
        profile.max_heart_rate_bpm,
    )
    if rest is not None and top is not None and rest >= top:
        raise ProfileValueError(f"resting heart rate {rest:g} is not below max heart rate {top:g}")
    if threshold is not None and top is not None and threshold >= top:
        raise ProfileValueError(
            f"threshold heart rate {threshold:g} is not below max heart rate {top:g}",
            "LTHR is usually 85–92 % of max heart rate",
        )
    if rest is not None and threshold is not None and rest >= threshold:
        raise ProfileValueError(
            f"resting heart rate {rest:g} is not below threshold heart rate {threshold:g}"
        )


@dataclass(frozen=True)
class DatedProfile:
    """The profile in force on one day, and where each value came from."""

    day: date
    profile: AthleteProfile
    sources: dict[str, ProfileChange] = field(default_factory=dict)
    # Values set after `day` and used for it because nothing earlier was known.
    backdated: frozenset[str] = frozenset()


def profile_on(changes: Iterable[ProfileChange], day: date) -> DatedProfile:
    """The values in force on `day`; a value first set later is used as the best known."""
    latest: dict[str, ProfileChange] = {}
    earliest_later: dict[str, ProfileChange] = {}
    for change in sorted(changes, key=lambda c: (c.effective_from, c.recorded_at)):
        if change.effective_from <= day:
            latest[change.field] = change
        elif change.field not in earliest_later:
            earliest_later[change.field] = change
    backdated = {name for name in earliest_later if name not in latest}
    chosen = {**{n: earliest_later[n] for n in backdated}, **latest}
    profile = AthleteProfile(**{name: change.value for name, change in chosen.items()})
    return DatedProfile(day, profile, chosen, frozenset(backdated))
