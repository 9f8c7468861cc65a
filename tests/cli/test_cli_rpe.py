"""An RPE logged for a recorded activity becomes its load when nothing better measures it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from everyrun.cli.app import app
from tests.corpus import CORPUS

STRENGTH = "strength_garmin-vivoactive-hr_24min.fit"


def test_rpe_gives_a_strength_session_its_session_rpe_load(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"EVERYRUN_HOME": str(tmp_path), "EVERYRUN_DATABASE_URL": "", "EVERYRUN_TIME_ZONE": "UTC"}
    db = ["--db", f"sqlite:///{tmp_path / 'x.db'}"]
    shutil.copy(CORPUS / STRENGTH, tmp_path / STRENGTH)
    imported = runner.invoke(app, ["import", str(tmp_path / STRENGTH), "--json", *db], env=env)
    activity_id = json.loads(imported.stdout)["files"][0]["activity_ids"][0]

    before = json.loads(
        runner.invoke(app, ["activity", str(activity_id), "--json", *db], env=env).stdout
    )
    assert before["analysis"]["effort"]["load"] is None  # no profile, no RPE: no made-up load

    rated = runner.invoke(app, ["log", "rpe", str(activity_id), "6", "--json", *db], env=env)
    assert rated.exit_code == 0, rated.output
    answer = json.loads(rated.stdout)
    minutes = before["analysis"]["moving_time_s"] / 60
    assert answer["load_method"] == "session-RPE"
    assert answer["load"] == pytest.approx(6 * minutes)  # Foster: RPE x minutes

    after = json.loads(
        runner.invoke(app, ["activity", str(activity_id), "--json", *db], env=env).stdout
    )
    assert after["analysis"]["effort"]["load"]["method"] == "session-RPE"
