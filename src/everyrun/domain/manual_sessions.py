"""Training without a file: strength, mobility, or any workout logged by hand.

Each gets a load by session RPE (Foster et al. 2001), so a gym hour counts in the load model
beside the runs that were recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from everyrun.domain.analysis.session_load import Load
from everyrun.domain.purpose import Purpose
from everyrun.domain.science import stress
from everyrun.domain.sport import TRAINING, canonical_sport
from everyrun.domain.wellness import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    LogValueError,
    as_typed,
    checked_day,
    number_check,
    text_check,
    whole_check,
)

STRENGTH = "strength"
MOBILITY = "mobility"
WORKOUT = "workout"
KINDS = (STRENGTH, MOBILITY, WORKOUT)
SESSION_RPE = "session-RPE"  # the load method's name, as the activity analysis names it

_DEFAULT_PURPOSE = {STRENGTH: Purpose.STRENGTH, MOBILITY: Purpose.MOBILITY}


@dataclass(frozen=True)
class Exercise:
    name: str
    sets: int
    reps: int  # per set
    load_kg: float | None = None  # None for bodyweight
    rpe: float | None = None  # CR-10, for the exercise's hardest set


@dataclass(frozen=True)
class Drill:
    name: str
    minutes: float


@dataclass(frozen=True)
class ManualSession:
    day: date  # the athlete's local day
    kind: str  # "strength", "mobility" or "workout"
    sport: str  # canonical name (domain.sport); strength and mobility are "training"
    minutes: float
    rpe: float  # the whole session on Borg's CR-10 scale, 0 rest – 10 maximal
    purpose: Purpose | None = None
    notes: str | None = None
    exercises: tuple[Exercise, ...] = ()  # strength only
    drills: tuple[Drill, ...] = ()  # mobility only


_minutes = number_check(1, 24 * 60, " min")
_rpe = number_check(0, 10, " on the CR-10 scale (0 rest, 10 maximal)")
_sets = whole_check(1, 100)
_reps = whole_check(1, 1000)
# The heaviest lifts ever made are about 500 kg; more is a typo or pounds.
_load_kg = number_check(0, 500, " kg")
_drill_minutes = number_check(0.1, 180, " min")
_name = text_check(MAX_NAME_CHARS)
_notes = text_check(MAX_NOTE_CHARS)


def _checked(what: str, check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise LogValueError(f"{what} {as_typed(value)}: {error}") from error


def _checked_name(what: str, name: str) -> str:
    text: str = _checked(f"{what} name", _name, name)
    if ":" in text:
        raise LogValueError(f"{what} name {text!r} contains ':'", "leave ':' out of names")
    return text


def new_exercise(name: str, sets: Any, reps: Any, load_kg: Any = None, rpe: Any = None) -> Exercise:
    checked = _checked_name("exercise", name)
    return Exercise(
        checked,
        _checked(f"{checked} sets", _sets, sets),
        _checked(f"{checked} reps", _reps, reps),
        None if load_kg is None else _checked(f"{checked} load", _load_kg, load_kg),
        None if rpe is None else _checked(f"{checked} RPE", _rpe, rpe),
    )


def new_drill(name: str, minutes: Any) -> Drill:
    checked = _checked_name("drill", name)
    return Drill(checked, _checked(f"{checked} minutes", _drill_minutes, minutes))


def checked_rpe(value: Any) -> float:
    """A session's RPE on Borg's CR-10 scale, or LogValueError naming the scale."""
    rpe: float = _checked("RPE", _rpe, value)
    return rpe


def _purpose(kind: str, purpose: Purpose | str | None) -> Purpose | None:
    if purpose is None:
        return _DEFAULT_PURPOSE.get(kind)
    try:
        return Purpose(str(purpose).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError as error:
        raise LogValueError(
            f"unknown purpose {purpose!r}", f"use one of: {', '.join(p.value for p in Purpose)}"
        ) from error


def _sport(kind: str, sport: str | None) -> str:
    if kind != WORKOUT:
        return TRAINING if sport is None else canonical_sport(_checked("sport", _name, sport))[0]
    if sport is None or not sport.strip():
        raise LogValueError("a workout needs its sport", "e.g. --sport swimming")
    return canonical_sport(_checked("sport", text_check(40), sport))[0]


def new_manual_session(
    kind: str,
    day: date,
    *,
    today: date,
    rpe: Any,
    minutes: Any = None,
    sport: str | None = None,
    purpose: Purpose | str | None = None,
    notes: str | None = None,
    exercises: Iterable[Exercise] = (),
    drills: Iterable[Drill] = (),
) -> ManualSession:
    """A checked session; mobility without minutes lasts as long as its drills."""
    if kind not in KINDS:
        raise LogValueError(f"unknown session kind {kind!r}", f"use one of {', '.join(KINDS)}")
    exercise_list, drill_list = tuple(exercises), tuple(drills)
    if exercise_list and kind != STRENGTH:
        raise LogValueError(f"a {kind} session has no exercises", "log them with `log strength`")
    if drill_list and kind != MOBILITY:
        raise LogValueError(f"a {kind} session has no drills", "log them with `log mobility`")
    drill_minutes = sum(d.minutes for d in drill_list)
    if minutes is None:
        if not drill_list:
            raise LogValueError(f"a {kind} session needs its minutes", "e.g. --minutes 45")
        minutes = drill_minutes
    checked_minutes: float = _checked("minutes", _minutes, minutes)
    if drill_minutes > checked_minutes + 1e-9:
        raise LogValueError(
            f"the drills add up to {drill_minutes:g} min, more than the session's "
            f"{checked_minutes:g} min",
            "leave --minutes out to use the drills' total",
        )
    return ManualSession(
        day=checked_day(day, today=today),
        kind=kind,
        sport=_sport(kind, sport),
        minutes=checked_minutes,
        rpe=checked_rpe(rpe),
        purpose=_purpose(kind, purpose),
        notes=None if notes is None or not notes.strip() else _checked("notes", _notes, notes),
        exercises=exercise_list,
        drills=drill_list,
    )


def session_load(session: ManualSession) -> Load:
    """Session-RPE load: CR-10 RPE × minutes (Foster et al. 2001, JSCR 15:109)."""
    value = stress.session_rpe_load(session.rpe, session.minutes)
    return Load(value, SESSION_RPE, f"RPE {session.rpe:g} × {session.minutes:g} min")
