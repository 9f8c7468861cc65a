"""How the athlete is: sleep, heart-rate variability, resting heart rate, how the body feels.

One entry per local day. Every value is optional, so a day can be logged bit by bit; each value
is checked against a plausible human range, and a day in the future is refused (the caller
passes `today`: the domain never reads the clock).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from everyrun.domain.errors import EveryrunError


class LogValueError(EveryrunError):
    """A logged value that cannot be right; the message names the accepted range."""


SIDES = ("left", "right", "both")
MAX_NOTE_CHARS = 500
MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class Niggle:
    """A small pain worth watching: where, which side, how bad (0 none – 10 worst)."""

    location: str  # lower case, e.g. "achilles"
    side: str | None  # "left", "right", "both", or None where side makes no sense
    severity: int
    note: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        """A later niggle with the same key on the same day replaces this one."""
        return (self.location, self.side)

    @property
    def where(self) -> str:
        return f"{self.side} {self.location}" if self.side else self.location


@dataclass(frozen=True)
class WellnessEntry:
    day: date  # the athlete's local day
    sleep_hours: float | None = None
    sleep_quality: int | None = None  # 1 very poor – 5 very good
    hrv_rmssd_ms: float | None = None  # rMSSD of a resting recording, ms
    resting_heart_rate_bpm: float | None = None
    soreness: int | None = None  # 0 none – 10 worst
    fatigue: int | None = None  # 0 fresh – 10 exhausted
    stress: int | None = None  # 0 none – 10 worst
    mood: int | None = None  # 1 very low – 5 very good
    hydration_litres: float | None = None  # fluid drunk over the day
    nutrition: int | None = None  # quality, 1 very poor – 5 very good
    illness: bool | None = None
    illness_note: str | None = None
    niggles: tuple[Niggle, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.niggles and all(getattr(self, name) is None for name in WELLNESS_VALUES)


# The day's single values, in display order (everything but `day` and `niggles`).
WELLNESS_VALUES = tuple(f.name for f in fields(WellnessEntry) if f.name not in ("day", "niggles"))


def number_check(low: float, high: float, unit: str) -> Callable[[Any], float]:
    """A check that a value is a finite number in [low, high]; the message names the range."""

    def check(value: Any) -> float:
        number = float(value)
        if not (math.isfinite(number) and low <= number <= high):
            raise ValueError(f"must be between {low:g} and {high:g}{unit}")
        return number

    return check


def whole_check(low: int, high: int, meaning: str = "") -> Callable[[Any], int]:
    """A check that a value is a whole number on a low–high scale."""

    def check(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError(f"must be a whole number from {low} to {high}{meaning}")
        number = float(value)
        if not (number.is_integer() and low <= number <= high):
            raise ValueError(f"must be a whole number from {low} to {high}{meaning}")
        return int(number)

    return check


def text_check(max_chars: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = " ".join(str(value).split())
        if not text or len(text) > max_chars:
            raise ValueError(f"must be 1 to {max_chars} characters")
        return text

    return check


_YES = frozenset({"yes", "y", "true", "1", "ill", "sick"})
_NO = frozenset({"no", "n", "false", "0", "well", "healthy"})


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError("must be yes or no")


# Plausible ranges: outside them the value is a typo or a unit mix-up (minutes for hours).
_CHECKS: Mapping[str, Callable[[Any], Any]] = {
    "sleep_hours": number_check(0, 16, " h"),
    "sleep_quality": whole_check(1, 5, " (1 very poor, 5 very good)"),
    # Healthy adults' resting rMSSD is mostly 19–75 ms (Nunan et al. 2010, PACE 33:1407);
    # endurance athletes reach 150+. Below 5 or above 300 the recording is broken.
    "hrv_rmssd_ms": number_check(5, 300, " ms (rMSSD)"),
    "resting_heart_rate_bpm": number_check(25, 120, " bpm"),
    "soreness": whole_check(0, 10, " (0 none, 10 worst)"),
    "fatigue": whole_check(0, 10, " (0 fresh, 10 exhausted)"),
    "stress": whole_check(0, 10, " (0 none, 10 worst)"),
    "mood": whole_check(1, 5, " (1 very low, 5 very good)"),
    "hydration_litres": number_check(0, 15, " litres"),
    "nutrition": whole_check(1, 5, " (1 very poor, 5 very good)"),
    "illness": _yes_no,
    "illness_note": text_check(MAX_NOTE_CHARS),
}
_severity = whole_check(0, 10, " (0 none, 10 worst)")


_NUMBER_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_LABELS = {
    "sleep_hours": "sleep",
    "hrv_rmssd_ms": "HRV (rMSSD)",
    "resting_heart_rate_bpm": "resting heart rate",
    "hydration_litres": "hydration",
}


def label(name: str) -> str:
    """How a value is named to people: 'resting heart rate', not resting_heart_rate_bpm."""
    return _LABELS.get(name, name.replace("_", " "))


def as_typed(value: Any) -> str:
    """A value as it reads in a message: 30 rather than 30.0 or '30', other text in quotes."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}"
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        return value.strip()
    return repr(value)


def checked_day(day: date, *, today: date) -> date:
    """The day, unless it is after `today`: only what has happened can be logged."""
    if day > today:
        raise LogValueError(
            f"date {day} is in the future (today is {today})",
            "log a day that has happened; leave --date out for today",
        )
    return day


def checked_wellness_value(name: str, value: Any) -> Any:
    """The value as stored, or LogValueError saying what is accepted."""
    check = _CHECKS.get(name)
    if check is None:
        raise LogValueError(f"unknown wellness value {name!r}", f"use one of {WELLNESS_VALUES}")
    try:
        return check(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise LogValueError(f"{label(name)} {as_typed(value)}: {error}") from error


def new_niggle(
    location: str, side: str | None = None, severity: Any = 0, note: str | None = None
) -> Niggle:
    """A checked niggle; location is kept in lower case so the same place always matches."""
    try:
        where = text_check(MAX_NAME_CHARS)(location).lower()
    except ValueError as error:
        raise LogValueError(f"niggle location {location!r}: {error}") from error
    if ":" in where or ";" in where:
        raise LogValueError(f"niggle location {location!r} contains ':' or ';'", "name the place")
    chosen = side.strip().lower() if side is not None else None
    first, _, rest = where.partition(" ")
    if first in SIDES:  # "left achilles": the side is part of what was typed
        if chosen not in (None, first) or not rest:
            raise LogValueError(
                f"niggle location {location!r} is not a place", "e.g. left achilles:3"
            )
        chosen, where = first, rest
    if chosen is not None and chosen not in SIDES:
        raise LogValueError(f"niggle side {side!r}: must be one of {', '.join(SIDES)}")
    try:
        level = _severity(severity)
    except (TypeError, ValueError, OverflowError) as error:
        raise LogValueError(f"niggle {where!r} severity {as_typed(severity)}: {error}") from error
    text = None if note is None else " ".join(note.split()) or None
    if text is not None and len(text) > MAX_NOTE_CHARS:
        raise LogValueError(f"niggle {where!r} note: must be at most {MAX_NOTE_CHARS} characters")
    return Niggle(where, chosen, level, text)


def new_wellness_entry(
    day: date, *, today: date, niggles: Iterable[Niggle] = (), **values: Any
) -> WellnessEntry:
    """A checked entry from the values given (None means not given); all are checked first."""
    checked = {
        name: checked_wellness_value(name, value)
        for name, value in values.items()
        if value is not None
    }
    kept: dict[tuple[str, str | None], Niggle] = {}
    for niggle in niggles:  # the same place twice in one log: the last one stands
        kept[niggle.key] = niggle
    return WellnessEntry(checked_day(day, today=today), niggles=tuple(kept.values()), **checked)


# --- heart-rate variability from RR intervals -------------------------------------------------

# RR intervals outside 300–2000 ms mean 200 or 30 bpm: a missed or doubled beat, not a heart.
MIN_RR_MS = 300.0
MAX_RR_MS = 2000.0
# A beat more than 20 % longer or shorter than the one before is an artefact or an ectopic beat
# (Malik et al. 1989, Med Biol Eng Comput 27:603); its differences are left out.
MAX_SUCCESSIVE_CHANGE = 0.20
# About half a minute of clean beats at rest: ultra-short rMSSD over 10–60 s agrees well with
# 5-min values (Munoz et al. 2015, PLoS One 10:e0138921; Esco & Flatt 2014, JSSM 13:535).
MIN_CLEAN_DIFFERENCES = 30


def clean_successive_differences_ms(rr_intervals_ms: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Differences between neighbouring beats, leaving out any that touch an artefact."""
    rr = np.asarray(rr_intervals_ms, dtype=np.float64).ravel()
    if rr.size < 2:
        return np.zeros(0, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        plausible = np.isfinite(rr) & (rr >= MIN_RR_MS) & (rr <= MAX_RR_MS)
        differences = np.diff(rr)
        both = plausible[:-1] & plausible[1:]
        steady = np.abs(differences) <= MAX_SUCCESSIVE_CHANGE * rr[:-1]
    return differences[both & steady]


def rmssd_ms(rr_intervals_ms: npt.ArrayLike) -> float | None:
    """Root mean square of successive RR differences, ms; None with too few clean beats.

    rMSSD = sqrt(mean((RR[i+1] - RR[i])²)) (Task Force of the ESC and NASPE 1996, Circulation
    93:1043), over neighbouring pairs that are both plausible and within 20 % of each other.
    """
    differences = clean_successive_differences_ms(rr_intervals_ms)
    if differences.size < MIN_CLEAN_DIFFERENCES:
        return None
    return float(np.sqrt(np.mean(differences**2)))  # Task Force 1996: RMSSD
