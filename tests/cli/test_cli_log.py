"""`everyrun log ...`: wellness, HRV, sessions without a file and RPE, refused cleanly when wrong.

Exit codes: 0 logged, 2 refused (and then nothing is stored).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import typer
from typer.testing import CliRunner, Result

from everyrun.cli.app import app
from everyrun.cli.log import log_app
from everyrun.config import TIME_ZONE_ENV
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import Invoke, Library, copy_corpus, plain

EVERY_DAY = (date(1900, 1, 1), date(2100, 1, 1))


def _cli() -> typer.Typer:
    """The real app once `log` is registered in it; until then a shell around log_app alone."""
    if any(group.name == "log" for group in app.registered_groups):
        return app
    shell = typer.Typer()
    shell.add_typer(log_app, name="log")

    @shell.callback()
    def _root() -> None:
        """everyrun."""

    return shell


@pytest.fixture
def log(home: Path, db_url: str) -> Invoke:
    """Run `everyrun log ARGS --db DB_URL` and check the exit code (0 unless `code=` says)."""
    del home
    runner, cli = CliRunner(), _cli()

    def run(*args: str | Path, code: int | None = 0) -> Result:
        argv = ["log", *(str(a) for a in args), "--db", db_url]
        result = runner.invoke(cli, argv, prog_name="everyrun")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        if code is not None:
            assert result.exit_code == code, (
                f"everyrun {' '.join(argv)} exited {result.exit_code}, expected {code}\n"
                f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
            )
        return result

    return run


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def stored(db_url: str) -> tuple[list[Any], list[Any], dict[int, float]]:
    with SqlStore(db_url) as store:
        store.upgrade()
        athlete = store.default_athlete_id()
        return (
            store.wellness_between(athlete, *EVERY_DAY),
            store.manual_sessions_between(athlete, *EVERY_DAY),
            store.activity_rpes(athlete),
        )


def test_wellness_is_logged_and_a_second_log_merges_into_the_day(log: Invoke) -> None:
    first = as_json(
        log("wellness", "--date", "2026-03-01", "--sleep", "7.5", "--hrv", "62", "--json")
    )
    second = log(
        "wellness",
        "--date",
        "2026-03-01",
        "--soreness",
        "3",
        "--ill",
        "--illness-note",
        "head cold",
        "--niggle",
        "left achilles:3",
        "--niggle",
        "lower back:2:after driving",
    )

    assert first["sleep_hours"] == 7.5 and first["soreness"] is None
    text = plain(second.stdout)
    assert "Wellness on 2026-03-01" in text
    for shown in ("7.5 h", "HRV (rMSSD)", "62 ms", "Soreness", "yes", "left achilles:3"):
        assert shown in text
    assert "lower back:2:after driving" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["wellness", "--sleep", "30"], "sleep 30: must be between 0 and 16 h"),
        (["wellness", "--resting-hr", "400"], "resting heart rate 400: must be between 25 and 120"),
        (["wellness", "--date", "2099-01-01", "--mood", "3"], "date 2099-01-01 is in the future"),
        (["wellness", "--date", "14/03/2026", "--mood", "3"], "--date '14/03/2026' is not a date"),
        (["wellness", "--sleep", "7", "--niggle", "left knee:12"], "severity 12: must be a whole"),
        (["wellness"], "nothing to log"),
        (["strength", "--minutes", "45", "--rpe", "15"], "RPE 15: must be between 0 and 10"),
        (
            ["strength", "--minutes", "45", "--rpe", "6", "--exercise", "squat 3x8"],
            "exercise 'squat 3x8' is not NAME:SETSxREPS",
        ),
        (["mobility", "--rpe", "2"], "a mobility session needs its minutes"),
        (
            ["workout", "--date", "2099-01-01", "--sport", "swim", "--minutes", "40", "--rpe", "5"],
            "date 2099-01-01 is in the future",
        ),
        (["rpe", "1", "15"], "RPE 15: must be between 0 and 10"),
    ],
)
def test_impossible_values_are_refused_and_nothing_is_stored(
    log: Invoke, db_url: str, args: list[str], message: str
) -> None:
    result = log(*args, code=2)
    refused_json = as_json(log(*args, "--json", code=2))

    assert message in " ".join(plain(result.stderr).split())
    assert "Traceback" not in result.output
    assert message in refused_json["error"]
    assert stored(db_url) == ([], [], {})


def test_today_is_the_athletes_day_and_tomorrow_is_refused(
    log: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    zone = "Pacific/Kiritimati"  # UTC+14: often a day ahead of the machine's UTC clock
    monkeypatch.setenv(TIME_ZONE_ENV, zone)
    today = datetime.now(UTC).astimezone(ZoneInfo(zone)).date()

    logged = as_json(log("wellness", "--mood", "4", "--json"))
    again = as_json(log("wellness", "--date", str(today), "--mood", "5", "--json"))
    tomorrow = log("wellness", "--date", str(today + timedelta(days=1)), "--mood", "5", code=2)

    assert logged["day"] == again["day"] == str(today)
    assert f"(today is {today})" in plain(tomorrow.stderr)


def test_a_csv_with_one_bad_row_logs_nothing(log: Invoke, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "wellness.csv"
    path.write_text(
        "date,sleep_hours,hrv,steps\n2026-03-01,7,60,9000\n2026-03-02,30,55,\n2026-03-03,8,61,\n",
        encoding="utf-8",
    )

    refused = log("wellness-csv", path, code=2)

    assert "line 3: sleep 30: must be between 0 and 16 h" in plain(refused.stderr)
    assert "nothing was stored" in plain(refused.stderr)
    assert stored(db_url) == ([], [], {})

    path.write_text(path.read_text(encoding="utf-8").replace(",30,", ",6.5,"), encoding="utf-8")
    report = as_json(log("wellness-csv", path, "--json"))
    human = plain(log("wellness-csv", path).stdout)

    assert report == {
        "days": 3,
        "first": "2026-03-01",
        "last": "2026-03-03",
        "empty_rows": 0,
        "ignored_columns": ["steps"],
        "suggested_changes": [],  # no plan: nothing to adapt
    }
    assert "Logged wellness for 3 day(s) (2026-03-01 to 2026-03-03)" in human
    assert "Columns not understood, left out: 'steps'" in human
    assert [e.sleep_hours for e in stored(db_url)[0]] == [7, 6.5, 8]


def test_a_missing_csv_is_refused(log: Invoke, tmp_path: Path) -> None:
    result = log("wellness-csv", tmp_path / "nope.csv", "--json", code=2)

    assert as_json(result)["error"].startswith("no such file")


def test_sessions_without_a_file_get_a_session_rpe_load(log: Invoke, db_url: str) -> None:
    strength = log(
        "strength",
        "--minutes",
        "45",
        "--rpe",
        "7",
        "--exercise",
        "squat:3x8@60",
        "--exercise",
        "push-up:3x15 rpe 6",
    )
    mobility = as_json(
        log("mobility", "--drill", "hip flexor stretch:5", "--drill", "ankle circles:3", "--json")
    )
    workout = as_json(
        log(
            "workout",
            "--date",
            "2026-03-14",
            "--sport",
            "swim",
            "--minutes",
            "40",
            "--rpe",
            "5",
            "--purpose",
            "cross_training",
            "--json",
        )
    )

    text = plain(strength.stdout)
    assert "45 min at RPE 7, load 315 (session-RPE)" in text
    assert "squat:3x8@60" in text and "push-up:3x15 rpe 6" in text
    assert (mobility["load"], mobility["session"]["minutes"]) == (16.0, 8.0)  # RPE 2 × 8 min
    assert workout["session"] | {"drills": None} == {
        "day": "2026-03-14",
        "kind": "workout",
        "sport": "swimming",
        "minutes": 40.0,
        "rpe": 5.0,
        "purpose": "cross_training",
        "notes": None,
        "exercises": [],
        "drills": None,
    }
    assert (workout["load"], workout["load_method"]) == (200.0, "session-RPE")
    assert mobility["suggested_changes"] == workout["suggested_changes"] == []  # no plan
    assert sorted(s.load for s in stored(db_url)[1]) == [16.0, 200.0, 315.0]


def test_an_activity_gets_an_rpe(library: Library) -> None:
    activity_id = library.ids["run_garmin-fenix2_9km.fit"]
    runner, cli = CliRunner(), _cli()

    def run(*args: str) -> Result:
        return runner.invoke(cli, ["log", "rpe", *args, "--db", library.url], prog_name="everyrun")

    saved = run(str(activity_id), "6")
    unknown = run("9999", "6", "--json")
    again = run(str(activity_id), "6", "--json")

    assert saved.exit_code == 0 and f"Activity {activity_id}: RPE 6 saved." in plain(saved.stdout)
    assert unknown.exit_code == 2
    assert "9999" in as_json(unknown)["error"]
    assert as_json(unknown)["hint"]
    assert stored(library.url)[2] == {activity_id: 6.0}
    assert as_json(again)["suggested_changes"] == []  # no plan: nothing to adapt


def test_hrv_is_logged_from_a_resting_recording(
    log: Invoke, invoke: Invoke, db_url: str, tmp_path: Path
) -> None:
    files = copy_corpus(["hrv-only_garmin-fr920xt_2min.fit"], tmp_path / "files")
    report = as_json(invoke("import", files, "--json", "--db", db_url))
    (activity_id,) = report["files"][0]["activity_ids"]

    reading = as_json(log("hrv", str(activity_id), "--json"))
    human = plain(log("hrv", str(activity_id)).stdout)
    unknown = log("hrv", "9999", code=2)

    assert reading["day"] == "2015-06-13"
    assert 20 <= reading["rmssd_ms"] <= 150
    assert reading["entry"]["hrv_rmssd_ms"] == round(reading["rmssd_ms"], 1)
    assert "logged for 2015-06-13" in " ".join(human.split())
    assert "9999" in plain(unknown.stderr)


def test_the_help_shows_each_compact_form_whole(
    log: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")

    def help_text(command: str) -> str:
        return " ".join(plain(log(command, "--help").stdout).split())

    assert "[left|right|both ]LOCATION:SEVERITY[:NOTE]" in help_text("wellness")
    assert "NAME:SETSxREPS[@KG][ rpe R]" in help_text("strength")
    assert "NAME:MINUTES" in help_text("mobility")
