"""Plans, goals and runner inputs as plain JSON-safe dicts and back, losing nothing.

One format serves the database, `everyrun plan show --json` and the export, so its keys are the
fields' own names (`sessions[].why`, `sessions[].success[].text`). Dates are ISO text, enums their
values, frozensets sorted lists, and a step or a repeat says which it is in a "type" key.
Readable extras (paces as text, the goal's label, the plan's end) are written for people and
scripts and ignored on reading: the loader needs only the canonical fields, and refuses anything
else it does not know, naming where, so a hand-edited typo is never silently dropped.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan, PlanWeek
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import PlannedSession, Repeat, Step, Target
from everyrun.domain.units import format_duration, format_pace

FORMAT = "everyrun-plan"
VERSION = 1
_HEADER = ("format", "version")
_TAG = "type"
_TAGS: dict[type, str] = {Step: "step", Repeat: "repeat"}  # the members of a step list


class PlanFormatError(EveryrunError):
    """A plan document everyrun cannot read; the message names the key that is wrong."""


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, **_encode_dataclass(plan, "plan")}


def plan_from_dict(document: Any) -> Plan:
    """The plan of a document written by `plan_to_dict`; PlanFormatError when it is not one."""
    if not isinstance(document, dict):
        raise PlanFormatError(
            f"a plan document is a JSON object, not {_kind(document)}", _EXPORT_HINT
        )
    found = document.get("format")
    if found != FORMAT:
        raise PlanFormatError(
            f"not an everyrun plan: format is {found!r}, expected {FORMAT!r}", _EXPORT_HINT
        )
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise PlanFormatError(
            f"plan format version {version!r} cannot be read: this everyrun reads version "
            f"{VERSION}",
            "use the everyrun that wrote it, or export the plan again",
        )
    body = {key: value for key, value in document.items() if key not in _HEADER}
    plan: Plan = _decode_dataclass(Plan, body, "plan")
    check_session_ids(plan)
    return plan


def check_session_ids(plan: Plan) -> None:
    """Session ids are how a session is found again (`plan explain`, the audit): one each."""
    seen: set[str] = set()
    for index, session in enumerate(plan.sessions):
        if session.id in seen:
            raise PlanFormatError(
                f"plan.sessions[{index}].id: {session.id!r} is used twice",
                "each session of a plan needs its own id",
            )
        seen.add(session.id)


def goal_to_dict(goal: Goal) -> dict[str, Any]:
    return _encode_dataclass(goal, "goal")


def goal_from_dict(document: Any) -> Goal:
    goal: Goal = _decode_dataclass(Goal, document, "goal")
    return goal


def runner_to_dict(runner: Runner) -> dict[str, Any]:
    return _encode_dataclass(runner, "runner")


def runner_from_dict(document: Any) -> Runner:
    runner: Runner = _decode_dataclass(Runner, document, "runner")
    return runner


def session_to_dict(session: PlannedSession) -> dict[str, Any]:
    """One planned session, exactly as it appears in `plan_to_dict(plan)["sessions"]`."""
    return _encode_dataclass(session, "session")


def session_from_dict(document: Any) -> PlannedSession:
    session: PlannedSession = _decode_dataclass(PlannedSession, document, "session")
    return session


_EXPORT_HINT = "give a file written by `everyrun plan show --json` or `everyrun export plan`"


# --- readable extras: written beside the canonical fields, never read back -------------------


def _pace_text(speed_mps: float | None) -> str | None:
    if speed_mps is None or not math.isfinite(speed_mps) or speed_mps <= 0:
        return None
    return format_pace(speed_mps)


def _target_extras(target: Target) -> dict[str, Any]:
    return {"slow_pace": _pace_text(target.slow_mps), "fast_pace": _pace_text(target.fast_mps)}


def _goal_extras(goal: Goal) -> dict[str, Any]:
    pace = None
    if goal.kind is GoalKind.RACE and goal.race_distance_m and goal.target_time_s:
        pace = _pace_text(goal.race_distance_m / goal.target_time_s)
    target = format_duration(goal.target_time_s) if goal.target_time_s else None
    return {"label": goal.label, "day": goal.day.isoformat(), "target": target, "pace": pace}


def _session_extras(session: PlannedSession) -> dict[str, Any]:
    return {
        "duration": format_duration(session.duration_s) if session.duration_s > 0 else None,
        "distance_km": round(session.distance_m / 1000.0, 2) if session.distance_m > 0 else None,
    }


def _week_extras(week: PlanWeek) -> dict[str, Any]:
    return {"end": week.end.isoformat()}


def _plan_extras(plan: Plan) -> dict[str, Any]:
    return {"end": plan.end.isoformat(), "race_pace": _pace_text(plan.race_pace_mps)}


_EXTRAS: dict[type, tuple[frozenset[str], Callable[[Any], dict[str, Any]]]] = {
    Target: (frozenset({"slow_pace", "fast_pace"}), _target_extras),
    Goal: (frozenset({"label", "day", "target", "pace"}), _goal_extras),
    PlannedSession: (frozenset({"duration", "distance_km"}), _session_extras),
    PlanWeek: (frozenset({"end"}), _week_extras),
    Plan: (frozenset({"end", "race_pace"}), _plan_extras),
}


# --- encoding: by value ------------------------------------------------------------------------


def _encode_dataclass(value: Any, path: str) -> dict[str, Any]:
    cls = type(value)
    encoded: dict[str, Any] = {_TAG: _TAGS[cls]} if cls in _TAGS else {}
    for item in fields(value):
        encoded[item.name] = _encode(getattr(value, item.name), f"{path}.{item.name}")
    if cls in _EXTRAS:
        names, write = _EXTRAS[cls]
        extras = write(value)
        assert set(extras) <= names  # a readable key the reader would refuse
        encoded.update((name, text) for name, text in extras.items() if text is not None)
    return encoded


def _encode(value: Any, path: str) -> Any:
    if isinstance(value, Enum):  # before str: a StrEnum is a str
        return value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PlanFormatError(f"{path}: {value} is not a finite number")
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, frozenset):
        return [_encode(item, f"{path}[]") for item in sorted(value)]
    if isinstance(value, dict):
        return {str(key): _encode(item, f"{path}.{key}") for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return _encode_dataclass(value, path)
    raise TypeError(f"{path}: no JSON form for {type(value).__name__}")


# --- decoding: by the declared types -----------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _kind(raw: Any) -> str:
    if raw is None:
        return "null"
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names |= {list: "a list", dict: "an object"}
    return names.get(type(raw), type(raw).__name__)


def _wrong(path: str, expected: str, raw: Any) -> PlanFormatError:
    shown = f" {raw!r}" if isinstance(raw, str | int | float) and len(repr(raw)) < 40 else ""
    return PlanFormatError(f"{path}: expected {expected}, got {_kind(raw)}{shown}")


def _decode_dataclass(cls: type, raw: Any, path: str) -> Any:
    if not isinstance(raw, dict):
        raise _wrong(path, "an object", raw)
    names = [item.name for item in fields(cls) if item.init]
    allowed = {*names, *_EXTRAS.get(cls, (frozenset(), None))[0]}
    if cls in _TAGS:
        allowed.add(_TAG)
        if raw.get(_TAG, _TAGS[cls]) != _TAGS[cls]:
            raise _wrong(f"{path}.{_TAG}", repr(_TAGS[cls]), raw.get(_TAG))
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        raise PlanFormatError(
            f"{path}: unknown key {unknown[0]!r}", f"known keys: {', '.join(names)}"
        )
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for item in fields(cls):
        if not item.init:
            continue
        if item.name not in raw:
            if item.default is MISSING and item.default_factory is MISSING:
                raise PlanFormatError(f"{path}.{item.name}: missing")
            continue
        values[item.name] = _decode(hints[item.name], raw[item.name], f"{path}.{item.name}")
    try:
        return cls(**values)
    except EveryrunError as error:  # the domain's own checks: a goal without a date, VDOT 200
        raise PlanFormatError(f"{path}: {error.message}", error.hint) from error


def _decode(hint: Any, raw: Any, path: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin is Union or origin is types.UnionType:
        return _decode_union(args, raw, path)
    if origin is tuple:
        if not isinstance(raw, list):
            raise _wrong(path, "a list", raw)
        return tuple(_decode(args[0], item, f"{path}[{i}]") for i, item in enumerate(raw))
    if origin is frozenset:
        if not isinstance(raw, list):
            raise _wrong(path, "a list", raw)
        return frozenset(_decode(args[0], item, f"{path}[{i}]") for i, item in enumerate(raw))
    if origin is dict:
        if not isinstance(raw, dict):
            raise _wrong(path, "an object", raw)
        return {str(key): _decode(args[1], item, f"{path}.{key}") for key, item in raw.items()}
    if is_dataclass(hint) and isinstance(hint, type):
        return _decode_dataclass(hint, raw, path)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(raw)
        except ValueError:
            allowed = ", ".join(repr(member.value) for member in hint)
            raise _wrong(path, f"one of {allowed}", raw) from None
    return _decode_scalar(hint, raw, path)


def _decode_union(args: tuple[Any, ...], raw: Any, path: str) -> Any:
    options = [arg for arg in args if arg is not type(None)]
    if raw is None:
        if len(options) < len(args):
            return None
        raise _wrong(path, "a value", raw)
    if len(options) == 1:
        return _decode(options[0], raw, path)
    tags = {_TAGS[option]: option for option in options if option in _TAGS}
    tag = raw.get(_TAG) if isinstance(raw, dict) else None
    if tag not in tags:
        if not isinstance(raw, dict):
            raise _wrong(path, "an object", raw)
        raise _wrong(f"{path}.{_TAG}", " or ".join(map(repr, tags)), tag)
    return _decode_dataclass(tags[tag], raw, path)


def _decode_scalar(hint: Any, raw: Any, path: str) -> Any:
    if hint is bool:
        if not isinstance(raw, bool):
            raise _wrong(path, "true or false", raw)
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise _wrong(path, "a whole number", raw)
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise _wrong(path, "a number", raw)
        return float(raw)
    if hint is str:
        if not isinstance(raw, str):
            raise _wrong(path, "text", raw)
        return raw
    if hint is date:
        if not isinstance(raw, str):
            raise _wrong(path, "a date (YYYY-MM-DD)", raw)
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise _wrong(path, "a date (YYYY-MM-DD)", raw) from None
    raise TypeError(f"{path}: no JSON form for {hint!r}")  # a new field type: teach it here
