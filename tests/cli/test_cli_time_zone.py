"""Where an activity's local day comes from when the file has no local time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from everyrun.cli.app import app
from tests.corpus import CORPUS

GPX = "run_garmin-connect_hr-cad.gpx"  # UTC times only, 2019-11-16 09:58 UTC


def _start_local(runner: CliRunner, db: str, env: dict[str, str]) -> str:
    listed = runner.invoke(app, ["activities", "--json", "--db", db], env=env)
    return str(json.loads(listed.stdout)[0]["utc_offset_s"])


def test_the_profile_time_zone_is_used_when_no_flag_or_variable_says_otherwise(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    env = {"EVERYRUN_HOME": str(tmp_path), "EVERYRUN_TIME_ZONE": "", "TZ": "UTC"}
    db = f"sqlite:///{tmp_path / 'x.db'}"
    shutil.copy(CORPUS / GPX, tmp_path / GPX)
    set_zone = runner.invoke(
        app, ["athlete", "set", "--time-zone", "Asia/Tokyo", "--db", db], env=env
    )
    assert set_zone.exit_code == 0, set_zone.output
    imported = runner.invoke(app, ["import", str(tmp_path / GPX), "--json", "--db", db], env=env)
    assert imported.exit_code == 0, imported.output
    assert _start_local(runner, db, env) == str(9 * 3600)


def test_a_flag_beats_the_profile(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"EVERYRUN_HOME": str(tmp_path), "EVERYRUN_TIME_ZONE": "", "TZ": "UTC"}
    db = f"sqlite:///{tmp_path / 'x.db'}"
    shutil.copy(CORPUS / GPX, tmp_path / GPX)
    runner.invoke(app, ["athlete", "set", "--time-zone", "Asia/Tokyo", "--db", db], env=env)
    imported = runner.invoke(
        app,
        ["import", str(tmp_path / GPX), "--time-zone", "America/New_York", "--db", db],
        env=env,
    )
    assert imported.exit_code == 0, imported.output
    assert _start_local(runner, db, env) == str(-5 * 3600)
