"""Distances, durations and paces as runners type them, and back again.

Read: `5k`, `half marathon`, `1600m`, `13.1mi`; `41:21`, `1:31:35`, `90min`; `4:30/km`,
`7:15/mi`, `1:34/400m`. Written: `41:21`, `1:31:35`, `4:30/km`. A bare number is metres as a
distance (track habit: `1600`) but is refused as a duration, where it could mean either unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from everyrun.domain.errors import EveryrunError

METRES_PER_MILE = 1609.344  # international mile (1959)
HALF_MARATHON_M = 21097.5  # World Athletics: half of 42.195 km
MARATHON_M = 42195.0  # World Athletics (fixed 1921)

DISTANCE_FORMS = "5k, 10K, 10km, half, half marathon, marathon, 1600, 1600m, 13.1mi, 10 miles, mile"
DURATION_FORMS = "41:21, 1:31:35, 3:10:49.5, 45s, 90min, 1h30m"
PACE_FORMS = "4:30/km, 7:15/mi, 1:34/400m"


class QuantityFormatError(EveryrunError):
    """Text we cannot read as a distance, duration or pace; the hint lists the accepted forms."""


_NAMED_DISTANCES_M = {
    "half": HALF_MARATHON_M,
    "half marathon": HALF_MARATHON_M,
    "half-marathon": HALF_MARATHON_M,
    "halfmarathon": HALF_MARATHON_M,
    "hm": HALF_MARATHON_M,
    "marathon": MARATHON_M,
    "full marathon": MARATHON_M,
    "mile": METRES_PER_MILE,
    "mi": METRES_PER_MILE,
    "km": 1000.0,
}
_DISTANCE_UNITS_M = {
    "m": 1.0,
    "meter": 1.0,
    "meters": 1.0,
    "metre": 1.0,
    "metres": 1.0,
    "k": 1000.0,
    "km": 1000.0,
    "kilometer": 1000.0,
    "kilometers": 1000.0,
    "kilometre": 1000.0,
    "kilometres": 1000.0,
    "mi": METRES_PER_MILE,
    "mile": METRES_PER_MILE,
    "miles": METRES_PER_MILE,
}
_NUMBER_UNIT = re.compile(r"^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$")
_SHORTEST_BARE_METRES = 100.0  # "5" is surely 5 km, not 5 m: refuse rather than guess


def parse_distance_m(text: str) -> float:
    """Metres in a distance a runner typed."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in _NAMED_DISTANCES_M:
        return _NAMED_DISTANCES_M[cleaned]
    match = _NUMBER_UNIT.match(cleaned)
    if match is None or match.group(2) not in {"", *_DISTANCE_UNITS_M}:
        raise QuantityFormatError(f"cannot read {text!r} as a distance", f"try {DISTANCE_FORMS}")
    number, unit = float(match.group(1)), match.group(2)
    if number <= 0:
        raise QuantityFormatError(f"distance {text!r} is not positive", f"try {DISTANCE_FORMS}")
    if not unit and number < _SHORTEST_BARE_METRES:
        raise QuantityFormatError(
            f"{text!r} is ambiguous: a bare number is metres",
            f"write the unit, e.g. {number:g}k or {number:g}mi",
        )
    return number * _DISTANCE_UNITS_M.get(unit, 1.0)


_DURATION_UNITS_S = {
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "m": 60.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
}
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")


def parse_duration_s(text: str) -> float:
    """Seconds in a duration: clock form (m:ss, h:mm:ss) or units (45s, 90min, 1h30m)."""
    cleaned = text.strip().lower()
    clock = _CLOCK.match(cleaned)
    if clock is not None:
        hours, minutes, seconds = clock.groups()
        has_hours = hours is not None
        # Under a leading field, minutes and seconds are 0-59: "4:75" is a typo, not 5:15.
        if float(seconds) >= 60 or (has_hours and int(minutes) >= 60):
            raise QuantityFormatError(
                f"{text!r} has a field of 60 or more", f"try {DURATION_FORMS}"
            )
        total = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    else:
        compact = cleaned.replace(" ", "")
        parts = _DURATION_PART.findall(compact)
        if not parts or "".join(n + u for n, u in parts) != compact:
            raise QuantityFormatError(
                f"cannot read {text!r} as a duration", f"try {DURATION_FORMS}"
            )
        if any(unit not in _DURATION_UNITS_S for _, unit in parts):
            raise QuantityFormatError(
                f"{text!r} has a unit we do not know", f"use h, min or s: {DURATION_FORMS}"
            )
        total = sum(float(number) * _DURATION_UNITS_S[unit] for number, unit in parts)
    if total <= 0:
        raise QuantityFormatError(f"duration {text!r} is not positive", f"try {DURATION_FORMS}")
    return total


def format_duration(seconds: float, decimals: int = 0) -> str:
    """`41:21`, `1:31:35`, or with decimals `3:10:49.5`; rounds before splitting (no `4:60`)."""
    if not (math.isfinite(seconds) and seconds >= 0):
        raise QuantityFormatError(f"{seconds} s is not a duration", "give seconds, zero or more")
    scale = 10**decimals
    units = round(seconds * scale)
    whole, fraction = divmod(units, scale)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    tail = f".{fraction:0{decimals}d}" if decimals else ""
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}{tail}"
    return f"{minutes}:{secs:02d}{tail}"


@dataclass(frozen=True)
class PaceUnit:
    """The distance a pace is given per: `km`, `mi`, `400m`."""

    name: str
    distance_m: float


PER_KM = PaceUnit("km", 1000.0)
PER_MILE = PaceUnit("mi", METRES_PER_MILE)
PER_400M = PaceUnit("400m", 400.0)
_PACE_UNIT_ALIASES = {
    "km": PER_KM,
    "k": PER_KM,
    "kilometer": PER_KM,
    "kilometre": PER_KM,
    "mi": PER_MILE,
    "mile": PER_MILE,
    "400": PER_400M,
    "400m": PER_400M,
    "lap": PER_400M,
}


def parse_pace_unit(text: str) -> PaceUnit:
    """The distance after the slash in a pace: km, mi, 400m, or any distance (e.g. 200m)."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned in _PACE_UNIT_ALIASES:
        return _PACE_UNIT_ALIASES[cleaned]
    try:
        distance_m = parse_distance_m(cleaned)
    except QuantityFormatError:
        raise QuantityFormatError(
            f"cannot read {text!r} as a pace unit", "use km, mi or 400m"
        ) from None
    return pace_unit_for(distance_m)


def pace_unit_for(distance_m: float) -> PaceUnit:
    """The pace unit for a distance, named `km`, `mi`, `400m` or `{metres}m`."""
    for unit in (PER_KM, PER_MILE, PER_400M):
        if math.isclose(distance_m, unit.distance_m):
            return unit
    return PaceUnit(f"{_number(distance_m)}m", distance_m)


@dataclass(frozen=True)
class Pace:
    """A pace as a speed, remembering the unit it was written per."""

    speed_mps: float
    unit: PaceUnit

    @property
    def seconds_per_unit(self) -> float:
        return self.unit.distance_m / self.speed_mps


def parse_pace(text: str) -> Pace:
    """A pace such as `4:30/km`, `7:15/mi` or `1:34/400m`."""
    cleaned = text.strip().lower().replace("min/", "/")  # "4:30 min/km" reads the same
    time_text, slash, unit_text = cleaned.partition("/")
    if not slash:
        raise QuantityFormatError(
            f"{text!r} has no '/unit'", f"write a pace as time per distance: {PACE_FORMS}"
        )
    try:
        time_s = parse_duration_s(time_text)
        unit = parse_pace_unit(unit_text)
    except QuantityFormatError as error:
        raise QuantityFormatError(
            f"cannot read pace {text!r}: {error.message}", f"try {PACE_FORMS}"
        ) from None
    return Pace(speed_mps=unit.distance_m / time_s, unit=unit)


def convert_pace(pace: Pace, to: PaceUnit) -> Pace:
    """The same speed given per another distance."""
    return Pace(speed_mps=pace.speed_mps, unit=to)


def seconds_per(speed_mps: float, unit: PaceUnit) -> float:
    """Seconds per `unit` at this speed."""
    if not (math.isfinite(speed_mps) and speed_mps > 0):
        raise QuantityFormatError(f"speed {speed_mps} m/s has no pace", "give a positive speed")
    return unit.distance_m / speed_mps


def format_pace(speed_mps: float, unit: PaceUnit = PER_KM) -> str:
    """`4:30/km`, rounded to the second as runners read it."""
    return f"{format_duration(seconds_per(speed_mps, unit))}/{unit.name}"


_DISTANCE_NAMES = {5000.0: "5K", 10000.0: "10K", HALF_MARATHON_M: "half", MARATHON_M: "marathon"}


def format_distance(distance_m: float) -> str:
    """`5K`, `half`, `marathon`, `mile`, `15 km` or `1600 m`: text `parse_distance_m` reads back."""
    if distance_m in _DISTANCE_NAMES:
        return _DISTANCE_NAMES[distance_m]
    if math.isclose(distance_m, METRES_PER_MILE):
        return "mile"
    if distance_m >= 3000 and distance_m % 1000 == 0:
        return f"{_number(distance_m / 1000)} km"
    return f"{_number(distance_m)} m"


def _number(value: float) -> str:
    return f"{value:.12g}"  # 1600 not 1600.0, and never an exponent for a running distance
