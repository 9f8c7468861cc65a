"""The compact text forms a person types to log training and niggles, and back.

    exercise   NAME:SETSxREPS[@LOAD_KG][ rpe R]    squat:3x8@60   push-up:3x15 rpe 7
    drill      NAME:MINUTES                         hip flexor stretch:5
    niggle     [SIDE ]LOCATION:SEVERITY[:NOTE]      left achilles:3   lower back:2:after driving

Names and locations never contain ':'. `format_*` writes what `parse_*` reads, so
parse(format(x)) == x for every checked value.
"""

from __future__ import annotations

import re

from everyrun.domain.manual_sessions import Drill, Exercise, new_drill, new_exercise
from everyrun.domain.wellness import LogValueError, Niggle, new_niggle

EXERCISE_FORM = "NAME:SETSxREPS[@KG][ rpe R]"
DRILL_FORM = "NAME:MINUTES"
NIGGLE_FORM = "[left|right|both ]LOCATION:SEVERITY[:NOTE]"

_NUMBER = r"[0-9][0-9.eE+-]*"
_EXERCISE_TAIL = re.compile(
    rf"""\s*(?P<sets>[0-9]+)\s*[x×*]\s*(?P<reps>[0-9]+)
    (?:\s*@\s*(?P<load>{_NUMBER})\s*(?:kg)?)?
    (?:\s*rpe\s*(?P<rpe>{_NUMBER}))?\s*""",
    re.IGNORECASE | re.VERBOSE,
)
_MINUTES = re.compile(rf"\s*(?P<minutes>{_NUMBER})\s*(?:min|m)?\s*", re.IGNORECASE)
_SEVERITY = re.compile(r"\s*(?P<severity>[0-9]+)\s*(?:/\s*10)?\s*")


def _number_text(value: float) -> str:
    """Shortest text that reads back as the same number: 60, 62.5."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _split_name(text: str, what: str, form: str, example: str) -> tuple[str, str]:
    name, colon, tail = text.rpartition(":")
    if not colon or not name.strip():
        raise LogValueError(f"{what} {text!r} is not {form}", f"e.g. {example}")
    return name, tail


def parse_exercise(text: str) -> Exercise:
    """`squat:3x8@60` → Exercise('squat', 3, 8, 60.0); LogValueError naming the form."""
    example = '--exercise "squat:3x8@60" or --exercise "push-up:3x15 rpe 7"'
    name, tail = _split_name(text, "exercise", EXERCISE_FORM, example)
    match = _EXERCISE_TAIL.fullmatch(tail)
    if match is None:
        raise LogValueError(f"exercise {text!r} is not {EXERCISE_FORM}", f"e.g. {example}")
    return new_exercise(
        name,
        match["sets"],
        match["reps"],
        None if match["load"] is None else _float(match["load"], text),
        None if match["rpe"] is None else _float(match["rpe"], text),
    )


def format_exercise(exercise: Exercise) -> str:
    text = f"{exercise.name}:{exercise.sets}x{exercise.reps}"
    if exercise.load_kg is not None:
        text += f"@{_number_text(exercise.load_kg)}"
    if exercise.rpe is not None:
        text += f" rpe {_number_text(exercise.rpe)}"
    return text


def parse_drill(text: str) -> Drill:
    """`hip flexor stretch:5` → Drill('hip flexor stretch', 5.0)."""
    example = '--drill "hip flexor stretch:5"'
    name, tail = _split_name(text, "drill", DRILL_FORM, example)
    match = _MINUTES.fullmatch(tail)
    if match is None:
        raise LogValueError(f"drill {text!r} is not {DRILL_FORM}", f"e.g. {example}")
    return new_drill(name, _float(match["minutes"], text))


def format_drill(drill: Drill) -> str:
    return f"{drill.name}:{_number_text(drill.minutes)}"


def parse_niggle(text: str) -> Niggle:
    """`left achilles:3` → Niggle('achilles', 'left', 3); an optional `:note` follows."""
    example = '--niggle "left achilles:3" or --niggle "lower back:2:after driving"'
    where, colon, rest = text.partition(":")
    severity, _, note = rest.partition(":")
    match = _SEVERITY.fullmatch(severity)
    if not colon or not where.strip() or match is None:
        raise LogValueError(f"niggle {text!r} is not {NIGGLE_FORM}", f"e.g. {example}")
    return new_niggle(where, None, match["severity"], note or None)


def format_niggle(niggle: Niggle) -> str:
    text = f"{niggle.where}:{niggle.severity}"
    return f"{text}:{niggle.note}" if niggle.note else text


def parse_niggles(text: str) -> list[Niggle]:
    """Several niggles in one cell, separated by ';' (a CSV column)."""
    return [parse_niggle(part) for part in text.split(";") if part.strip()]


def _float(text: str, whole: str) -> float:
    try:
        return float(text)
    except ValueError as error:
        raise LogValueError(f"{text!r} in {whole!r} is not a number") from error
