"""Planning inputs as typed (flags, a profile file, a web form): checked and turned into
domain values. Pure parsing, shared by the CLI and the web app so both accept the same forms;
a mistake names where the value came from (the flag, the file's key or the form's field).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.goal import Goal, GoalKind, Priority
from everyrun.domain.planning.runner import (
    WEEKDAYS,
    Availability,
    Equipment,
    Experience,
    Injury,
    Screening,
    SquatQuality,
)
from everyrun.domain.units import (
    DISTANCE_FORMS,
    DURATION_FORMS,
    QuantityFormatError,
    parse_distance_m,
    parse_duration_s,
)
from everyrun.services.planning import RunnerOverrides

MAX_AWAY_DAYS = 366  # one range of days away: a year at most (a typo in the year otherwise)
SIDES = ("left", "right")

E = TypeVar("E", Experience, Equipment, Priority, SquatQuality)

# Every input: its key (a flag's name with `_` for `-`) and whether it may be given many times.
GOAL_KEYS = ("race", "base", "return_from", "date", "target", "priority", "name", "goal_weekly_km")
RUNNER_KEYS = (
    "vdot",
    "race_result",
    "weekly_km",
    "experience",
    "days_per_week",
    "minutes_per_day",
    "long_run_day",
    "long_run_minutes",
    "equipment",
    "weight",
    "start",
)
LIST_KEYS = ("away", "injury", "niggle")
SCREENING_KEYS = (
    "calf_raises",
    "single_leg_squat",
    "side_plank",
    "knee_to_wall",
    "hip_flexion",
    "hip_extension",
)
KEYS = (*GOAL_KEYS, *RUNNER_KEYS, *LIST_KEYS, *SCREENING_KEYS)
# RunnerOverrides field -> the inputs that make it, so a source can name the flag or the file.
OVERRIDE_KEYS = {
    "vdot": ("vdot", "race_result"),
    "weekly_km": ("weekly_km",),
    "experience": ("experience",),
    "availability": (
        "days_per_week",
        "minutes_per_day",
        "long_run_day",
        "long_run_minutes",
        "away",
    ),
    "injuries": ("injury", "niggle"),
    "screening": SCREENING_KEYS,
    "equipment": ("equipment",),
    "weight_kg": ("weight",),
}


class PlanInputError(EveryrunError):
    """A flag or profile-file value everyrun cannot read; the hint shows the accepted form."""


@dataclass(frozen=True)
class Inputs:
    """Raw values by key, and where each came from (`--flag` or the file's name)."""

    values: dict[str, Any]
    origins: dict[str, str]

    def given(self, *keys: str) -> bool:
        return any(is_given(self.values.get(key)) for key in keys)

    def where(self, key: str) -> str:
        return self.origins.get(key, flag(key))


def is_given(value: Any) -> bool:
    """A value that says something: not None, not an unset switch, not an empty list (0 is)."""
    return value is not None and value is not False and not (isinstance(value, list) and not value)


def flag(key: str) -> str:
    return "--" + key.replace("_", "-")


# --- single values -----------------------------------------------------------------------------


def _text(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        raise PlanInputError(f"{where}: expected text, got {value!r}")
    return value.isoformat() if isinstance(value, date) else str(value).strip()


def _number(value: Any, where: str, what: str = "a number") -> float:
    if isinstance(value, bool):
        raise PlanInputError(f"{where}: expected {what}, got {value!r}")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(_text(value, where))
    except ValueError:
        raise PlanInputError(f"{where}: {value!r} is not {what}") from None


def _whole(value: Any, where: str) -> int:
    number = _number(value, where, "a whole number")
    if number != int(number):
        raise PlanInputError(f"{where}: {value!r} is not a whole number")
    return int(number)


def parse_day(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    text = _text(value, where)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PlanInputError(
            f"{where}: {text!r} is not a date", "write dates as YYYY-MM-DD, e.g. 2027-03-14"
        ) from None


def _choice(kind: type[E], value: Any, where: str) -> E:
    text = _text(value, where)
    for member in kind:
        if text.lower() == member.value.lower():
            return member
    choices = "|".join(member.value for member in kind)
    raise PlanInputError(f"{where}: {text!r} is not one of {choices}", f"give {where} {choices}")


def _duration(value: Any, where: str) -> float:
    try:
        return parse_duration_s(_text(value, where))
    except QuantityFormatError as error:
        raise PlanInputError(f"{where}: {error.message}", f"e.g. {DURATION_FORMS}") from None


def _distance(value: Any, where: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = f"{value}k"  # a bare number in a file is kilometres, as a runner means it
    try:
        return parse_distance_m(_text(value, where))
    except QuantityFormatError as error:
        raise PlanInputError(f"{where}: {error.message}", f"e.g. {DISTANCE_FORMS}") from None


def weekday(value: Any, where: str) -> int:
    text = _text(value, where).lower()
    matches = [i for i, name in enumerate(WEEKDAYS) if len(text) >= 3 and name.startswith(text)]
    if len(matches) != 1:
        raise PlanInputError(f"{where}: {text!r} is not a weekday", "e.g. sunday or sun")
    return matches[0]


def race_result(value: Any, where: str) -> tuple[float, float]:
    """`10k=45:00` → (10000.0, 2700.0)."""
    text = _text(value, where)
    distance, equals, time = text.partition("=")
    if not equals:
        raise PlanInputError(f"{where}: {text!r} is not DISTANCE=TIME", "e.g. 10k=45:00")
    return _distance(distance, where), _duration(time, where)


def days_away(value: Any, where: str) -> frozenset[date]:
    """`2027-01-10..2027-01-14` (both included) or one day `2027-01-10`."""
    text = _text(value, where)
    first_text, dots, last_text = text.partition("..")
    first = parse_day(first_text.strip(), where)
    last = parse_day(last_text.strip(), where) if dots else first
    if last < first:
        raise PlanInputError(f"{where}: {text!r} ends before it starts", "write FIRST..LAST")
    if (last - first).days >= MAX_AWAY_DAYS:
        raise PlanInputError(f"{where}: {text!r} is over a year", "check the years")
    return frozenset(first + timedelta(days=n) for n in range((last - first).days + 1))


def injury(value: Any, where: str, *, current: bool) -> Injury:
    """`achilles:left` (history) or `knee:right:3` (a niggle now, severity 0–10)."""
    text = _text(value, where)
    parts = [part.strip().lower() for part in text.split(":")]
    form = "AREA[:left|right]:SEVERITY, e.g. knee:right:3" if current else "AREA[:left|right]"
    severity: float | None = None
    if current:
        if len(parts) < 2:
            raise PlanInputError(f"{where}: {text!r} has no severity", f"write {form}")
        severity = _number(parts.pop(), where, "a severity 0–10")
        if not 0 <= severity <= 10:
            raise PlanInputError(f"{where}: severity {severity:g} is not 0–10", f"write {form}")
    if not parts[0] or len(parts) > 2 or (len(parts) == 2 and parts[1] not in SIDES):
        raise PlanInputError(f"{where}: {text!r} is not {form}", f"write {form}")
    side = parts[1] if len(parts) == 2 else None
    return Injury(area=parts[0], side=side, current=current, severity=severity)


def _pair(value: Any, where: str, form: str) -> tuple[str, str]:
    """`14/22` → ("14", "22"): left then right; one value stands for both sides."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return _text(value[0], where), _text(value[1], where)
    text = _text(value, where)
    left, slash, right = text.partition("/")
    if not slash:
        right = left
    if not left.strip() or not right.strip() or "/" in right:
        raise PlanInputError(f"{where}: {text!r} is not LEFT/RIGHT", f"e.g. {where} {form}")
    return left.strip(), right.strip()


def _number_pair(value: Any, where: str, form: str, *, whole: bool = False) -> tuple[float, float]:
    left, right = _pair(value, where, form)
    try:
        numbers = float(left), float(right)
    except ValueError:
        raise PlanInputError(
            f"{where}: {value!r} is not two numbers LEFT/RIGHT", f"e.g. {where} {form}"
        ) from None
    if whole and any(number != int(number) for number in numbers):
        raise PlanInputError(f"{where}: {value!r} is not two whole numbers", f"e.g. {where} {form}")
    return numbers


# --- whole inputs ------------------------------------------------------------------------------


def goal_from(inputs: Inputs, *, target_km_key: str = "goal_weekly_km") -> Goal | None:
    """The goal the inputs describe, or None when they give none."""
    values = inputs.values
    if not inputs.given(*GOAL_KEYS):
        return None
    kinds = [key for key in ("race", "base", "return_from") if inputs.given(key)]
    if len(kinds) != 1:
        what = "no goal kind" if not kinds else "both " + " and ".join(map(flag, kinds))
        raise PlanInputError(
            f"a goal needs one of --race, --base or --return-from ({what} given)",
            "e.g. --race half --date 2027-03-14, --base --date 2027-02-01, "
            "or --return-from achilles --date 2027-01-15",
        )
    kind = kinds[0]
    if not inputs.given("date"):
        raise PlanInputError(f"{flag(kind)} needs --date", "give --date YYYY-MM-DD")
    day = parse_day(values["date"], inputs.where("date"))
    for key in ("target", "priority", "name"):
        if kind != "race" and inputs.given(key):
            raise PlanInputError(f"{inputs.where(key)} goes with --race", f"drop {flag(key)}")
    if kind != "base" and inputs.given(target_km_key):
        raise PlanInputError(
            f"{inputs.where(target_km_key)} (the volume to build to) goes with --base",
            f"drop {flag(target_km_key)}",
        )
    if kind == "race":
        target = values.get("target")
        return Goal(
            GoalKind.RACE,
            race_distance_m=_distance(values["race"], inputs.where("race")),
            race_date=day,
            target_time_s=None if target is None else _duration(target, inputs.where("target")),
            priority=(
                _choice(Priority, values["priority"], inputs.where("priority"))
                if inputs.given("priority")
                else Priority.A
            ),
            race_name=_text(values["name"], inputs.where("name")) if inputs.given("name") else None,
        )
    if kind == "base":
        volume = values.get(target_km_key)
        return Goal(
            GoalKind.BASE,
            end_date=day,
            target_weekly_km=(
                None if volume is None else _number(volume, inputs.where(target_km_key))
            ),
        )
    return Goal(
        GoalKind.RETURN,
        end_date=day,
        injury=_text(values["return_from"], inputs.where("return_from")).lower(),
    )


def overrides_from(inputs: Inputs) -> RunnerOverrides:
    """The runner's inputs as the service takes them; None where nothing was given."""
    values, where = inputs.values, inputs.where
    return RunnerOverrides(
        vdot=_number(values["vdot"], where("vdot")) if inputs.given("vdot") else None,
        race_result=(
            race_result(values["race_result"], where("race_result"))
            if inputs.given("race_result")
            else None
        ),
        weekly_km=(
            _number(values["weekly_km"], where("weekly_km")) if inputs.given("weekly_km") else None
        ),
        experience=(
            _choice(Experience, values["experience"], where("experience"))
            if inputs.given("experience")
            else None
        ),
        availability=_availability(inputs),
        injuries=_injuries(inputs),
        screening=_screening(inputs),
        equipment=(
            _choice(Equipment, values["equipment"], where("equipment"))
            if inputs.given("equipment")
            else None
        ),
        weight_kg=_number(values["weight"], where("weight")) if inputs.given("weight") else None,
    )


def _listed(inputs: Inputs, key: str) -> list[Any]:
    value = inputs.values.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _availability(inputs: Inputs) -> Availability | None:
    if not inputs.given(*OVERRIDE_KEYS["availability"]):
        return None
    values, where, default = inputs.values, inputs.where, Availability()
    away: frozenset[date] = frozenset()
    for item in _listed(inputs, "away"):
        away |= days_away(item, where("away"))

    def minutes(key: str) -> float | None:
        return _number(values[key], where(key)) if inputs.given(key) else None

    return Availability(
        days_per_week=(
            _whole(values["days_per_week"], where("days_per_week"))
            if inputs.given("days_per_week")
            else default.days_per_week
        ),
        minutes_per_day=minutes("minutes_per_day"),
        long_run_day=(
            weekday(values["long_run_day"], where("long_run_day"))
            if inputs.given("long_run_day")
            else default.long_run_day
        ),
        long_run_minutes=minutes("long_run_minutes"),
        days_away=away,
    )


def _injuries(inputs: Inputs) -> tuple[Injury, ...] | None:
    if not inputs.given("injury", "niggle"):
        return None
    past, now = inputs.where("injury"), inputs.where("niggle")
    history = [injury(item, past, current=False) for item in _listed(inputs, "injury")]
    niggles = [injury(item, now, current=True) for item in _listed(inputs, "niggle")]
    return (*history, *niggles)


def _screening(inputs: Inputs) -> Screening | None:
    if not inputs.given(*SCREENING_KEYS):
        return None
    values, where = inputs.values, inputs.where
    fields: dict[str, Any] = {}
    if inputs.given("calf_raises"):
        left, right = _number_pair(values["calf_raises"], where("calf_raises"), "14/22", whole=True)
        fields |= {"calf_raises_left": int(left), "calf_raises_right": int(right)}
    if inputs.given("single_leg_squat"):
        texts = _pair(values["single_leg_squat"], where("single_leg_squat"), "good/poor")
        left_q, right_q = (_choice(SquatQuality, text, where("single_leg_squat")) for text in texts)
        fields |= {"squat_left": left_q, "squat_right": right_q}
    for key, form, names in (
        ("side_plank", "60/45", ("side_plank_left_s", "side_plank_right_s")),
        ("knee_to_wall", "8/11", ("knee_to_wall_left_cm", "knee_to_wall_right_cm")),
        ("hip_flexion", "75/70", ("hip_flexion_left_deg", "hip_flexion_right_deg")),
        ("hip_extension", "-5/5", ("hip_extension_left_deg", "hip_extension_right_deg")),
    ):
        if inputs.given(key):
            pair = _number_pair(values[key], where(key), form)
            fields |= dict(zip(names, pair, strict=True))
    try:
        return Screening(**fields)
    except EveryrunError as error:
        raise PlanInputError(error.message, "check the screening values (LEFT/RIGHT)") from None


def start_day(inputs: Inputs, default: date) -> date:
    if not inputs.given("start"):
        return default
    return parse_day(inputs.values["start"], inputs.where("start"))


def described_sources(sources: Mapping[str, str], inputs: Inputs) -> dict[str, str]:
    """The service's sources with "given" replaced by the flag or the file that gave it."""
    described = dict(sources)
    for name, source in sources.items():
        if source != "given":
            continue
        keys = [key for key in OVERRIDE_KEYS.get(name, ()) if inputs.given(key)]
        if keys:
            described[name] = ", ".join(dict.fromkeys(inputs.where(key) for key in keys))
    return described
