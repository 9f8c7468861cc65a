"""Planning inputs from flags and a profile file: read, checked, and turned into domain values.

A profile file (TOML, YAML or JSON) holds the same inputs as the flags, one key per flag
(`days_per_week = 5` or `days-per-week: 5`); a repeatable flag takes a list. Flags override the
file. The checking itself lives in `services.plan_inputs`, shared with the web app.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from everyrun.services.plan_inputs import (
    GOAL_KEYS,
    KEYS,
    LIST_KEYS,
    OVERRIDE_KEYS,
    RUNNER_KEYS,
    SCREENING_KEYS,
    Inputs,
    PlanInputError,
    described_sources,
    flag,
    goal_from,
    is_given,
    overrides_from,
    parse_day,
    start_day,
)

__all__ = [
    "GOAL_KEYS",
    "KEYS",
    "LIST_KEYS",
    "OVERRIDE_KEYS",
    "RUNNER_KEYS",
    "SCREENING_KEYS",
    "Inputs",
    "PlanInputError",
    "described_sources",
    "flag",
    "goal_from",
    "is_given",
    "merge_inputs",
    "overrides_from",
    "parse_day",
    "read_profile",
    "start_day",
]

MAX_PROFILE_BYTES = 1_000_000


def merge_inputs(flags: Mapping[str, Any], profile: Path | None) -> Inputs:
    """The profile file's values with every flag that was given on top."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    if profile is not None:
        for key, value in read_profile(profile).items():
            values[key] = value
            origins[key] = f"{profile.name} ({key})"
    for key, value in flags.items():
        if is_given(value):
            values[key] = value
            origins[key] = flag(key)
    return Inputs(values, origins)


def read_profile(path: Path) -> dict[str, Any]:
    """A profile file's inputs by key; a key everyrun does not know is refused, not ignored."""
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".yaml", ".yml", ".json"):
        raise PlanInputError(
            f"{path.name}: a profile file is .toml, .yaml, .yml or .json",
            "rename the file or give the inputs as flags",
        )
    try:
        if path.stat().st_size > MAX_PROFILE_BYTES:
            raise PlanInputError(f"{path} is larger than {MAX_PROFILE_BYTES // 1000} kB")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlanInputError(f"no such profile file: {path}", "check the path") from None
    except UnicodeDecodeError:
        raise PlanInputError(f"{path} is not UTF-8 text", "save it as UTF-8") from None
    except OSError as error:
        raise PlanInputError(f"cannot read {path}: {error.strerror}") from None
    document = _parse_document(path.name, suffix, text)
    if not isinstance(document, dict):
        raise PlanInputError(f"{path.name}: expected keys and values, e.g. vdot = 42")
    found: dict[str, Any] = {}
    for raw_key, value in document.items():
        key = str(raw_key).strip().lower().replace("-", "_")
        if key not in KEYS:
            raise PlanInputError(
                f"{path.name}: unknown key {raw_key!r}",
                f"known keys (the flags' names): {', '.join(KEYS)}",
            )
        found[key] = value
    return found


def _parse_document(name: str, suffix: str, text: str) -> Any:
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)  # safe_load: plain data only, never Python objects
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PlanInputError(f"{name} cannot be read: {first_line}", "check its syntax") from None
