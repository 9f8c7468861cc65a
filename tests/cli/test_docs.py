"""The help is the manual: every command explains itself with an example, and scripts get --json."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
import typer.main

from everyrun.cli.app import app
from tests.cli.conftest import Invoke, plain

COMMANDS = {
    ("import",),
    ("activities",),
    ("activity",),
    ("demo",),
    ("export",),
    ("export", "activity"),
    ("export", "all"),
    ("db",),
    ("db", "upgrade"),
    ("analyze",),
    ("load",),
    ("readiness",),
    ("flags",),
    ("athlete",),
    ("athlete", "set"),
    ("athlete", "show"),
    ("athlete", "zones"),
    ("calc",),
    ("calc", "vdot"),
    ("calc", "race"),
    ("calc", "paces"),
    ("calc", "riegel"),
    ("calc", "critical-speed"),
    ("calc", "pace"),
    ("log",),
    ("log", "wellness"),
    ("log", "wellness-csv"),
    ("log", "hrv"),
    ("log", "strength"),
    ("log", "mobility"),
    ("log", "workout"),
    ("log", "rpe"),
    ("goal",),
    ("goal", "set"),
    ("goal", "show"),
    ("plan",),
    ("plan", "create"),
    ("plan", "show"),
    ("plan", "explain"),
    ("plan", "export"),
    ("plan", "audit"),
    ("plan", "adapt"),
    ("plan", "versions"),
    ("plan", "diff"),
    ("export", "plan"),
    ("today",),
    ("review",),
    ("why",),
    ("serve",),
}
CALCULATORS = {c for c in COMMANDS if c[0] == "calc" and len(c) == 2}
PRINTS_DATA = {
    ("demo",),
    ("import",),
    ("activities",),
    ("activity",),
    ("db", "upgrade"),
    ("analyze",),
    ("load",),
    ("readiness",),
    ("flags",),
    ("athlete", "set"),
    ("athlete", "show"),
    ("athlete", "zones"),
    *CALCULATORS,
    *{c for c in COMMANDS if c[0] == "log" and len(c) == 2},
    ("goal", "set"),
    ("goal", "show"),
    ("plan", "create"),
    ("plan", "show"),
    ("plan", "explain"),
    ("plan", "export"),
    ("plan", "audit"),
    ("plan", "adapt"),
    ("plan", "versions"),
    ("plan", "diff"),
    ("export", "plan"),
    ("export", "all"),
    ("today",),
    ("review",),
    ("why",),
}


def _walk(command: Any, path: tuple[str, ...], context: typer.Context) -> Iterator[tuple[str, ...]]:
    if path:
        yield path
    if hasattr(command, "list_commands"):
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            yield from _walk(sub, (*path, name), typer.Context(sub, parent=context, info_name=name))


def _registered() -> set[tuple[str, ...]]:
    root = typer.main.get_command(app)
    return set(_walk(root, (), typer.Context(root, info_name="everyrun")))


def _help(invoke: Invoke, *path: str) -> str:
    """The rendered --help, wide enough that nothing wraps, as one line per paragraph line."""
    return plain(invoke(*path, "--help").stdout)


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch, home: object) -> None:
    del home
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERMINAL_WIDTH", "200")


def test_every_command_is_documented_here() -> None:
    assert _registered() == COMMANDS


def test_everyrun_help_lists_the_commands(invoke: Invoke) -> None:
    output = _help(invoke)

    for path in COMMANDS:
        if len(path) == 1:
            assert re.search(rf"│ {path[0]}\s+\S", output), path
    assert "Example: everyrun demo" in output


def test_everyrun_without_arguments_shows_the_help(invoke: Invoke) -> None:
    result = invoke(code=None)
    assert result.exit_code in (0, 2)  # click's no_args_is_help exit code varies by version
    assert "Commands" in plain(result.output)


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_each_command_has_help_with_an_example(invoke: Invoke, path: tuple[str, ...]) -> None:
    output = _help(invoke, *path)

    assert f"Usage: everyrun {' '.join(path)}" in output
    summary = output.split("Usage:", 1)[1].splitlines()[2].strip()
    assert len(summary) > 15, summary  # a sentence, not a stub
    examples = re.findall(r"^\s*Example: (everyrun .+?)\s*$", output, re.MULTILINE)
    assert examples, f"no 'Example:' line in `everyrun {' '.join(path)} --help`"
    assert examples[0].startswith(f"everyrun {' '.join(path)}"), examples


@pytest.mark.parametrize("path", sorted(PRINTS_DATA), ids=" ".join)
def test_commands_that_print_data_offer_json(invoke: Invoke, path: tuple[str, ...]) -> None:
    output = _help(invoke, *path)

    assert re.search(r"--json\b.*JSON", output)


def test_export_help_names_the_formats(invoke: Invoke) -> None:
    output = _help(invoke, "export", "activity")

    assert re.search(r"csv .*json.* gpx", output)
    assert "--output" in output
    assert "-o" in output


def test_options_that_read_the_environment_say_so(invoke: Invoke) -> None:
    assert "EVERYRUN_DATABASE_URL" in _help(invoke, "activities")
    assert "EVERYRUN_TIME_ZONE" in _help(invoke, "import")
    # The demo never uses the environment's database: it says so rather than offering it.
    assert "env var: EVERYRUN_DATABASE_URL" not in _help(invoke, "demo")
