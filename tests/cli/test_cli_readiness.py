"""`everyrun readiness` and `everyrun flags`: JSON shapes, the human view, and bad dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner, Result

from everyrun.cli.app import app
from everyrun.cli.readiness import flags_command, flags_json, readiness_command
from everyrun.domain.risk_flags import FlagKind, RiskFlag
from everyrun.services import logs
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import plain

DAY = date(2026, 3, 14)
NOW = datetime(2026, 3, 14, 7, 30, tzinfo=UTC)


def _app() -> typer.Typer:
    """The real app once both commands are registered there; until then, the two on their own."""
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    if "readiness" in commands and "flags" in commands:
        return app
    alone = typer.Typer()
    alone.callback()(lambda: None)
    alone.command("readiness")(readiness_command)
    alone.command("flags")(flags_command)
    return alone


def run(*args: str | Path, code: int = 0) -> Result:
    result = CliRunner().invoke(_app(), list(map(str, args)), prog_name="everyrun")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, f"{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def logged(db_url: str) -> str:
    """Sleep short for a week, sore today, and three hard days back to back."""
    with SqlStore(db_url) as store:
        store.upgrade()
        athlete = store.default_athlete_id()
        for offset in range(7):
            day = DAY - timedelta(days=offset)
            values = {"sleep_hours": 6.0, "soreness": 7 if offset == 0 else 2}
            logs.log_wellness(store, athlete, day, values, today=DAY, now_utc=NOW)
        for offset in range(3):
            logs.log_session(
                store,
                athlete,
                "workout",
                DAY - timedelta(days=offset),
                rpe=8,
                minutes=60,
                sport="running",
                purpose="vo2max_intervals",
                today=DAY,
                now_utc=NOW,
            )
    return db_url


def test_readiness_json_gives_level_reasons_and_missing(logged: str) -> None:
    data = json.loads(run("readiness", "--db", logged, "--date", "2026-03-14", "--json").stdout)

    assert set(data) == {"day", "level", "reasons", "missing", "series", "convention"}
    assert data["day"] == "2026-03-14" and data["level"] == "rest"  # 14 h of sleep debt
    reasons = {r["signal"]: r for r in data["reasons"]}
    assert set(reasons["sleep_debt"]) == {"signal", "value", "normal", "verdict", "sentence"}
    assert reasons["sleep_debt"]["value"] == 14.0 and reasons["sleep_debt"]["verdict"] == "rest"
    assert reasons["soreness"]["verdict"] == "caution"
    assert any(text.startswith("HRV") for text in data["missing"])
    # The daily series the verdicts stand on: three sessions of 60 min at RPE 8 = 480 AU each.
    last = data["series"][-1]
    assert last["day"] == "2026-03-14"
    assert last["load"] == pytest.approx(480 / 4.2)
    assert {"fitness", "fatigue", "form", "acute_chronic_ratio", "monotony"} <= set(last)
    assert "exponential" in json.dumps(data["convention"])


def test_flags_json_gives_kind_day_sentence_and_numbers(logged: str) -> None:
    data = json.loads(run("flags", "--db", logged, "--date", "2026-03-14", "--json").stdout)

    assert data["day"] == "2026-03-14"
    assert len(data["series"]) == 3 and "convention" in data
    flags = {f["kind"]: f for f in data["flags"]}
    assert set(flags) == {"hard_back_to_back", "sleep_debt"}
    hard = flags["hard_back_to_back"]
    assert set(hard) == {"kind", "day", "sentence", "numbers"}
    assert hard["day"] == "2026-03-14" and hard["numbers"] == {"days": 3.0}
    assert flags["sleep_debt"]["numbers"]["debt_hours"] == 14.0


def test_infinite_numbers_become_null() -> None:
    flag = RiskFlag(FlagKind.monotony, DAY, "same load", {"monotony": float("inf"), "limit": 2.0})

    assert flags_json([flag], DAY)["flags"][0]["numbers"] == {"monotony": None, "limit": 2.0}


def test_the_human_views_name_the_level_reasons_and_flags(logged: str) -> None:
    readiness = plain(run("readiness", "--db", logged, "--date", "2026-03-14").stdout)
    flags = plain(run("flags", "--db", logged, "--date", "2026-03-14").stdout)

    assert "2026-03-14: REST" in readiness
    assert "sleep debt 14.0 h over the last 7 nights" in readiness
    assert "Not known: HRV" in readiness
    assert "hard back to back" in flags and "sleep debt" in flags


def test_an_empty_database_is_ready_without_flags(db_url: str) -> None:
    readiness = json.loads(run("readiness", "--db", db_url, "--json").stdout)
    flags = plain(run("flags", "--db", db_url).stdout)

    assert readiness["level"] == "ready" and readiness["reasons"] == []
    assert len(readiness["missing"]) == 8
    assert "No risk flags" in flags


@pytest.mark.parametrize("command", ["readiness", "flags"])
def test_a_bad_date_exits_2(db_url: str, command: str) -> None:
    result = run(command, "--db", db_url, "--date", "14.03.2026", code=2)

    assert "is not a date" in plain(result.stderr)
    data = json.loads(run(command, "--db", db_url, "--date", "x", "--json", code=2).stdout)
    assert data["error"] == "--date 'x' is not a date"


@pytest.mark.parametrize("command", ["readiness", "flags"])
def test_help_has_an_example(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")

    output = plain(run(command, "--help").stdout)

    assert f"Example: everyrun {command} --date" in output
    assert "--json" in output
