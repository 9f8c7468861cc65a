"""`everyrun calc`: published formulas on typed numbers; tables for people, JSON for scripts."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from everyrun.cli.calc import calc_app
from tests.cli.conftest import plain

COMMANDS = ("vdot", "race", "paces", "riegel", "critical-speed", "pace")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERMINAL_WIDTH", "200")


def calc(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(calc_app, list(args), prog_name="everyrun calc")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, f"{args} exited {result.exit_code}\n{result.output}"
    return result


def calc_json(*args: str, code: int = 0) -> Any:
    return json.loads(calc(*args, "--json", code=code).stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_an_example_and_offers_json(command: str) -> None:
    output = plain(calc(command, "--help").stdout)

    examples = re.findall(r"^\s*Example: (everyrun .+?)\s*$", output, re.MULTILINE)
    assert examples and examples[0].startswith(f"everyrun calc {command}"), output
    assert re.search(r"--json\b.*JSON", output)


def test_the_group_help_lists_every_command_with_an_example() -> None:
    output = plain(calc("--help").stdout)

    assert "Example: everyrun calc vdot" in output
    for command in COMMANDS:
        assert re.search(rf"│ {command}\s+\S", output), command


def test_vdot_from_a_10k() -> None:
    data = calc_json("vdot", "--distance", "10k", "--time", "41:21")

    assert data == {
        "method": "Daniels & Gilbert 1979",
        "distance_m": 10000.0,
        "time_s": 2481.0,
        "vdot": 49.97,
    }
    assert "VDOT 50.0" in plain(calc("vdot", "--distance", "10k", "--time", "41:21").stdout)


def test_race_equivalents_include_the_standard_races_and_any_extra_distance() -> None:
    data = calc_json("race", "--vdot", "50", "--distance", "15k")

    assert data["method"] == "Daniels & Gilbert 1979"
    assert [race["distance"] for race in data["races"]] == [
        "5K",
        "10K",
        "15 km",
        "half",
        "marathon",
    ]
    published = {"5K": 1197, "10K": 2481, "half": 5495, "marathon": 11449}  # VDOT 50
    for race in data["races"]:
        if race["distance"] in published:
            slack_s = 1.5 * race["distance_m"] / 1000.0
            assert abs(race["time_s"] - published[race["distance"]]) <= slack_s
    table = plain(calc("race", "--vdot", "50").stdout)
    assert "marathon" in table and "3:10:40" in table


def test_paces_per_km_mile_and_400m() -> None:
    data = calc_json("paces", "--vdot", "50")

    assert "GoldenCheetah" in data["method"]
    assert round(data["paces"]["T"]["per_km_s"]) == 256  # 4:16/km
    assert round(data["paces"]["I"]["per_400m_s"]) == 94  # 1:34 per 400 m
    assert round(data["paces"]["R"]["per_400m_s"]) == 88  # 1:28 per 400 m
    assert data["paces"]["E"]["fraction_of_velocity_at_vdot"] == 0.72
    assert data["easy_range"]["slow"]["speed_mps"] < data["paces"]["E"]["speed_mps"]
    table = plain(calc("paces", "--vdot", "50").stdout)
    assert re.search(r"T\s+threshold\s+4:16\s+6:51\s+1:42", table)
    assert "59-74 % VO2max" in table


def test_riegel_predicts_a_marathon_from_a_5k() -> None:
    data = calc_json("riegel", "--distance", "5k", "--time", "25:00", "--to", "marathon")

    assert data["method"] == "Riegel 1977"
    assert data["exponent"] == 1.06
    assert data["predicted_time"] == "3:59:47"
    assert data["is_within_valid_range"] is True
    assert data["warning"] is None


def test_riegel_warns_outside_1500m_to_the_marathon() -> None:
    data = calc_json("riegel", "--distance", "800", "--time", "2:10", "--to", "5k")
    assert data["is_within_valid_range"] is False

    output = plain(calc("riegel", "--distance", "800", "--time", "2:10", "--to", "5k").stdout)
    assert "⚠" in output and "1500 m" in output


def test_critical_speed_from_two_trials() -> None:
    data = calc_json("critical-speed", "1600:6:00", "3200:13:00")

    assert round(data["cs_m_s"], 3) == 3.810
    assert round(data["d_prime_m"], 1) == 228.6
    assert round(data["cs_pace_per_km_s"]) == 262  # 4:22/km
    assert data["trials"] == [
        {"distance_m": 1600.0, "time_s": 360.0},
        {"distance_m": 3200.0, "time_s": 780.0},
    ]
    table = plain(calc("critical-speed", "1600:6:00", "3200:13:00").stdout)
    assert "3.810 m/s" in table and "4:22/km" in table and "229 m" in table


def test_pace_conversion() -> None:
    assert plain(calc("pace", "4:30/km", "--to", "mi").stdout).startswith("4:30/km = 7:15/mi")
    data = calc_json("pace", "4:30/km")
    assert data["paces"]["mi"]["pace"] == "7:15/mi"
    assert data["paces"]["400m"]["pace"] == "1:48/400m"
    assert data["speed_mps"] == pytest.approx(1000 / 270)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("vdot", "--distance", "10k", "--time", "5:00:00"), "50-1000 m/min"),
        (("vdot", "--distance", "5 parsecs", "--time", "20:00"), "distance"),
        (("race", "--vdot", "300"), "VDOT"),
        (("critical-speed", "1600:6:00"), "at least two"),
        (("critical-speed", "1600"), "DISTANCE:TIME"),
        (("pace", "4:30"), "/unit"),
    ],
)
def test_bad_input_exits_2_with_a_hint_and_no_traceback(
    args: tuple[str, ...], message: str
) -> None:
    result = calc(*args, code=2)
    assert message in plain(result.stderr)
    assert "hint:" in plain(result.stderr)

    data = calc_json(*args, code=2)
    assert message in data["error"]
    assert data["hint"]
