"""`everyrun load`: the daily series as JSON with its convention, the chart, and the advice."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import typer
import typer.main
from lxml import etree
from typer.testing import CliRunner, Result

from everyrun.cli.app import app
from everyrun.cli.load import SPARKS, load_command, sparkline
from everyrun.domain.daily_load import CONVENTION
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import Library, plain
from tests.services.test_load import add_runs, at

FIRST = date(2026, 1, 5)  # a Monday
UNTIL = date(2026, 3, 14)


def _load_app() -> typer.Typer:
    """The real app once `load` is registered there; until then, the command on its own."""
    if "load" in typer.main.get_command(app).commands:  # type: ignore[attr-defined]
        return app
    alone = typer.Typer()
    alone.callback()(lambda: None)
    alone.command("load")(load_command)
    return alone


def run(*args: str | Path, code: int = 0) -> Result:
    result = CliRunner().invoke(_load_app(), ["load", *map(str, args)], prog_name="everyrun")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, f"{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def history(db_url: str) -> str:
    """Ten weeks of runs every other day, 40 to 100 points."""
    with SqlStore(db_url) as store:
        store.upgrade()
        athlete = store.default_athlete_id()
        days = [FIRST + timedelta(days=i) for i in range(0, (UNTIL - FIRST).days, 2)]
        add_runs(
            store,
            athlete,
            [(at(d), 40.0 + 10 * (i % 7)) for i, d in enumerate(days)],
            zones=(3000.0, 300.0, 300.0),
        )
    return db_url


def test_json_gives_the_daily_series_and_convention(history: str) -> None:
    result = run("--db", history, "--until", UNTIL.isoformat(), "--json", "--days", "30")

    data = json.loads(result.stdout)
    assert data["until"] == "2026-03-14" and data["first_day"] == "2026-01-05"
    assert len(data["daily"]) == 30
    row = data["daily"][-1]
    assert set(row) >= {
        "day",
        "load",
        "fitness",
        "fatigue",
        "form",
        "acute_chronic_ratio",
        "monotony",
        "strain",
    }
    assert row["day"] == "2026-03-14" and row["acute_chronic_ratio"] is not None
    convention = data["convention"]
    assert convention["smoothing"] == "exponential"
    assert convention["load_points"] == CONVENTION
    assert "yesterday" in convention["form"]
    assert data["prescription"]["max_load"] >= data["prescription"]["min_load"]
    assert "weekly" not in data


def test_json_acwr_is_null_before_28_days(history: str) -> None:
    until = FIRST + timedelta(days=30)
    result = run("--db", history, "--until", until.isoformat(), "--json", "--days", "31")

    ratios = [row["acute_chronic_ratio"] for row in json.loads(result.stdout)["daily"]]
    assert ratios[:27] == [None] * 27 and all(r is not None for r in ratios[27:])


def test_ewma_smoothing_and_weekly_rows(history: str) -> None:
    result = run("--db", history, "--until", UNTIL.isoformat(), "--json", "--weekly")
    ewma = run(
        "--db", history, "--until", UNTIL.isoformat(), "--json", "--smoothing", "ewma"
    ).stdout

    data = json.loads(result.stdout)
    assert json.loads(ewma)["convention"]["smoothing"] == "ewma"
    assert json.loads(ewma)["daily"][-1]["fitness"] != data["daily"][-1]["fitness"]
    weeks = data["weekly"]
    assert weeks[0]["week"] == "2026-W02" and weeks[-1]["week"] == "2026-W11"
    assert weeks[1]["zone_seconds"] == [9000.0, 900.0, 900.0]  # 13, 15, 17 January
    assert weeks[1]["distribution"] in {"polarized", "pyramidal", "threshold", "other"}


def test_terminal_view_and_svg(history: str, tmp_path: Path) -> None:
    chart = tmp_path / "load.svg"

    result = run("--db", history, "--until", UNTIL.isoformat(), "--svg", chart)

    out = plain(result.stdout)
    assert "Fitness" in out and "Form" in out
    (fitness,) = [line.split() for line in out.splitlines() if line.strip().startswith("fitness")]
    assert len(fitness[1]) == 42 and set(fitness[1]) <= set(SPARKS)
    assert "Today (2026-03-14)" in out and "tomorrow's form" in out
    assert "exponential" in out
    root = etree.fromstring(chart.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall("{http://www.w3.org/2000/svg}polyline")) == 3
    assert len(root.findall("{http://www.w3.org/2000/svg}rect")) > 20  # load bars


def test_weekly_terminal_view(history: str) -> None:
    out = plain(run("--db", history, "--until", UNTIL.isoformat(), "--weekly").stdout)

    assert "2026-W11" in out and "PI" in out


def test_empty_store_prints_a_helpful_message(db_url: str, tmp_path: Path) -> None:
    chart = tmp_path / "load.svg"
    out = plain(run("--db", db_url, "--svg", chart).stdout)

    assert "No training load" in out and "everyrun import" in out
    assert not chart.exists()
    assert json.loads(run("--db", db_url, "--json").stdout)["daily"] == []


def test_bad_until_exits_2(db_url: str) -> None:
    result = run("--db", db_url, "--until", "14/03/2026", code=2)
    assert "is not a date" in plain(result.stderr)

    as_json = run("--db", db_url, "--until", "yesterday", "--json", code=2)
    assert json.loads(as_json.stdout)["error"].startswith("--until")


def test_unanalysed_library_says_to_analyse(library: Library) -> None:
    out = plain(run("--db", library.url, "--until", "2026-03-14").stdout)

    assert "7 activities have no analysis" in out and "everyrun analyze --all" in out


def test_sparkline_scales_between_min_and_max() -> None:
    assert sparkline([0.0, 5.0, 10.0]) == "▁▅█"
    assert sparkline([-10.0, 10.0]) == "▁█"
    assert sparkline([0.1, 0.2]) == "▁▁"  # under one point: flat
    assert sparkline([5.0, 20.0], 0.0, 20.0) == "▃█"
    assert sparkline([]) == ""
