"""`everyrun athlete zones` and the heart-rate zone model the athlete chooses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from everyrun.cli.app import app
from everyrun.domain.analysis.effort import heart_rate_zone_model
from everyrun.domain.athlete import AthleteProfile


def _run(tmp_path: Path, *arguments: str) -> object:
    runner = CliRunner()
    env = {"EVERYRUN_HOME": str(tmp_path), "EVERYRUN_DATABASE_URL": ""}
    result = runner.invoke(app, [*arguments, "--db", f"sqlite:///{tmp_path / 'x.db'}"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in arguments else result.stdout


@pytest.mark.parametrize(
    ("choice", "name", "z2_from"),
    [("lthr", "LTHR zones", 0.85 * 170), ("max", "%HRmax zones", 0.6 * 190),
     ("reserve", "HR reserve zones", 50 + 0.6 * 140)],
)  # fmt: skip
def test_the_chosen_heart_rate_zones_are_shown(
    tmp_path: Path, choice: str, name: str, z2_from: float
) -> None:
    _run(tmp_path, "athlete", "set", "--max-hr", "190", "--resting-hr", "50", "--lthr", "170",
         "--vdot", "50", "--hr-zones", choice)  # fmt: skip
    shown = _run(tmp_path, "athlete", "zones", "--json")
    models = {m["name"]: m for m in shown["zones"]}  # type: ignore[index]
    assert name in models
    assert models[name]["zones"][1]["lower"] == pytest.approx(z2_from)
    assert "VDOT pace zones" in models
    assert models["VDOT pace zones"]["zones"][-1]["upper"] is None


def test_without_a_profile_there_are_no_zones_and_the_fix_is_named(tmp_path: Path) -> None:
    assert "everyrun athlete set" in " ".join(str(_run(tmp_path, "athlete", "zones")).split())


def test_the_zone_model_falls_back_when_the_choice_lacks_its_numbers() -> None:
    reserve_without_rest = AthleteProfile(max_heart_rate_bpm=190, heart_rate_zones="reserve")
    model = heart_rate_zone_model(reserve_without_rest)
    assert model is not None and model.name == "%HRmax zones"
    assert heart_rate_zone_model(AthleteProfile()) is None
