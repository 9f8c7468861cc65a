"""`everyrun goal`, `plan` and `today`: a plan from flags or a profile file, read back, exported.

Exit codes: 0 done, 2 refused with a hint (and then nothing is stored or written).
"""

from __future__ import annotations

import copy
import json
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import fitdecode
import icalendar
import pytest
from typer.testing import CliRunner, Result

from everyrun.domain.planning.plan_record import plan_from_dict
from everyrun.exporters.plan_markdown import escape as markdown_escape
from tests.cli.conftest import Invoke, _invoke, _isolate, plain

RACE_DAY = "2027-03-14"
# The acceptance example: a half marathon from an empty store, every input a flag.
ACCEPTANCE = (
    "plan",
    "create",
    "--race",
    "half",
    "--date",
    RACE_DAY,
    "--target",
    "1:45:00",
    "--vdot",
    "42",
    "--days-per-week",
    "5",
    "--weekly-km",
    "30",
    "--start",
    "2026-12-01",
)


NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # a Friday; the plans below start after it


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is NOW for every command here, so the fixed race dates stay in the future."""
    monkeypatch.setattr("everyrun.cli.plan._now", lambda: NOW)


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def _planned_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A data folder holding the acceptance plan, made once per worker; its JSON output."""
    root = tmp_path_factory.mktemp("planned")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _isolate(monkeypatch, root / "home")
        monkeypatch.setattr("everyrun.cli.plan._now", lambda: NOW)
        result = _invoke(CliRunner(), *ACCEPTANCE, "--json")
    return root / "home", as_json(result)


@pytest.fixture
def planned(_planned_template: tuple[Path, dict[str, Any]], home: Path) -> dict[str, Any]:
    """This test's data folder holds the acceptance plan (a private copy); its JSON output."""
    folder, created = _planned_template
    shutil.copytree(folder, home, dirs_exist_ok=True)
    return copy.deepcopy(created)


def _session(plan: dict[str, Any], **wanted: Any) -> dict[str, Any]:
    found: dict[str, Any] = next(
        s for s in plan["sessions"] if all(s[key] == value for key, value in wanted.items())
    )
    return found


# --- plan create ------------------------------------------------------------------------------


def test_the_acceptance_example_plans_a_half_marathon_on_an_empty_store(invoke: Invoke) -> None:
    planned = as_json(invoke(*ACCEPTANCE, "--json"))
    plan = planned["plan"]

    assert planned["plan_id"] >= 1
    assert plan["format"] == "everyrun-plan"
    assert plan["start"] == "2026-12-01"
    assert plan["goal"]["race_date"] == RACE_DAY
    assert plan["goal"]["target"] == "1:45:00"
    phases = [week["phase"] for week in plan["weeks"]]
    assert phases[0] == "base"
    assert "taper" in phases
    assert phases.index("taper") < phases.index("race")
    race = _session(plan, day=RACE_DAY, kind="run")
    assert race["purpose"] == "race"
    for session in plan["sessions"]:
        assert session["purpose"]
        assert session["why"]
        assert session["success"], session["id"]
        assert all(criterion["text"] for criterion in session["success"])
    assert planned["sources"]["vdot"] == "--vdot"
    assert planned["sources"]["weekly_km"] == "--weekly-km"
    assert planned["sources"]["availability"] == "--days-per-week"
    assert planned["goal_source"].startswith("given")
    assert plan["runner"]["availability"]["days_per_week"] == 5


def test_plan_create_saves_the_goal_it_was_given(invoke: Invoke, planned: dict[str, Any]) -> None:
    shown = as_json(invoke("goal", "show", "--json"))

    assert shown["goal"]["race_date"] == RACE_DAY
    assert shown["goal"]["target_time_s"] == 6300.0


def test_plan_create_prints_the_summary_weeks_and_sources_for_people(invoke: Invoke) -> None:
    output = plain(invoke(*ACCEPTANCE).stdout)

    assert "Training plan: half marathon" in output
    assert "Feasibility:" in output
    assert "Where the inputs came from" in output
    assert "--weekly-km" in output
    assert "Weeks" in output
    assert "taper" in output
    assert "01 Dec – 07 Dec" in output


def test_without_goal_flags_the_current_goal_is_planned_for(invoke: Invoke) -> None:
    invoke("goal", "set", "--race", "10k", "--date", "2027-02-07", "--name", "Valentine 10K")

    created = as_json(
        invoke(
            "plan", "create", "--vdot", "45", "--weekly-km", "35", "--start", "2026-12-01", "--json"
        )
    )

    assert created["goal_source"] == "the current goal"
    assert created["plan"]["goal"]["label"] == "Valentine 10K"
    assert created["plan"]["goal"]["race_distance_m"] == 10000.0


def test_screening_injuries_and_days_away_reach_the_runner(invoke: Invoke) -> None:
    created = as_json(
        invoke(
            *ACCEPTANCE,
            "--calf-raises",
            "14/22",
            "--single-leg-squat",
            "good/poor",
            "--hip-extension",
            "-5/5",
            "--injury",
            "achilles:left",
            "--niggle",
            "knee:right:3",
            "--away",
            "2027-01-10..2027-01-12",
            "--away",
            "2027-02-01",
            "--long-run-day",
            "sat",
            "--equipment",
            "bands",
            "--json",
        )
    )
    runner = created["plan"]["runner"]

    screening = runner["screening"]
    assert (screening["calf_raises_left"], screening["calf_raises_right"]) == (14, 22)
    assert (screening["squat_left"], screening["squat_right"]) == ("good", "poor")
    assert screening["hip_extension_left_deg"] == -5.0
    assert runner["injuries"] == [
        {"area": "achilles", "side": "left", "current": False, "severity": None},
        {"area": "knee", "side": "right", "current": True, "severity": 3.0},
    ]
    availability = runner["availability"]
    assert availability["days_away"] == ["2027-01-10", "2027-01-11", "2027-01-12", "2027-02-01"]
    assert availability["long_run_day"] == 5
    assert runner["equipment"] == "bands"
    assert created["sources"]["screening"] == "--calf-raises, --single-leg-squat, --hip-extension"
    away_days = {"2027-01-10", "2027-01-11", "2027-01-12", "2027-02-01"}
    assert not [
        s for s in created["plan"]["sessions"] if s["day"] in away_days and s["kind"] == "run"
    ]


# --- profile files ----------------------------------------------------------------------------


TOML_PROFILE = """\
race = "half"
date = 2027-03-14
target = "1:50:00"
vdot = 40
weekly_km = 25
days_per_week = 4
long_run_day = "saturday"
niggle = ["calf:left:2"]
calf_raises = "14/22"
"""

YAML_PROFILE = """\
race: half
date: 2027-03-14
vdot: 40
weekly-km: 25
days-per-week: 4
injury:
  - achilles:left
side-plank: 60/45
"""


@pytest.mark.parametrize(
    ("name", "text"), [("runner.toml", TOML_PROFILE), ("runner.yaml", YAML_PROFILE)]
)
def test_a_profile_file_gives_the_inputs_and_flags_override_it(
    invoke: Invoke, tmp_path: Path, name: str, text: str
) -> None:
    profile = tmp_path / name
    profile.write_text(text, encoding="utf-8")

    created = as_json(
        invoke(
            "plan",
            "create",
            "--profile",
            profile,
            "--vdot",
            "44",
            "--start",
            "2026-12-01",
            "--json",
        )
    )
    runner = created["plan"]["runner"]

    assert runner["vdot"] == 44.0  # the flag wins
    assert runner["weekly_km"] == 25.0  # from the file
    assert runner["availability"]["days_per_week"] == 4
    assert created["sources"]["vdot"] == "--vdot"
    assert created["sources"]["weekly_km"].startswith(name)
    assert created["plan"]["goal"]["race_date"] == RACE_DAY


def test_a_json_profile_file_works_too(invoke: Invoke, tmp_path: Path) -> None:
    profile = tmp_path / "runner.json"
    profile.write_text(
        json.dumps(
            {"race": "10k", "date": "2027-02-07", "race_result": "5k=22:30", "weekly_km": 30}
        ),
        encoding="utf-8",
    )

    created = as_json(invoke("plan", "create", "--profile", profile, "--json"))

    assert created["sources"]["vdot"].startswith("race: 5K in 22:30")
    assert created["plan"]["start"] == "2026-11-28"  # default: tomorrow in the athlete's zone


def test_an_unknown_key_in_a_profile_file_is_refused_by_name(
    invoke: Invoke, tmp_path: Path
) -> None:
    profile = tmp_path / "runner.toml"
    profile.write_text('race = "half"\ndate = 2027-03-14\nvdott = 42\n', encoding="utf-8")

    result = invoke("plan", "create", "--profile", profile, code=2)

    assert "unknown key 'vdott'" in plain(result.stderr)
    assert "vdot" in plain(result.stderr)


# --- refusals ---------------------------------------------------------------------------------


def test_plan_create_without_a_goal_says_how_to_give_one(invoke: Invoke) -> None:
    result = invoke("plan", "create", "--vdot", "42", "--weekly-km", "30", code=2)

    stderr = plain(result.stderr)
    assert "no goal" in stderr
    assert "everyrun goal set" in stderr


def test_plan_create_on_an_empty_store_without_vdot_asks_for_it(invoke: Invoke) -> None:
    result = invoke("plan", "create", "--race", "half", "--date", RACE_DAY, "--json", code=2)

    error = as_json(result)
    assert "no VDOT" in error["error"]
    assert "--vdot" in error["hint"]
    assert "no plan yet" in plain(invoke("plan", "show", code=2).stderr)  # nothing was stored
    assert "no goal yet" in plain(invoke("goal", "show", code=2).stderr)


@pytest.mark.parametrize("text", ["14-22", "14/", "a/b", "14.5/20"])
def test_bad_calf_raises_are_refused_with_the_form(invoke: Invoke, text: str) -> None:
    result = invoke(*ACCEPTANCE, "--calf-raises", text, code=2)

    stderr = plain(result.stderr)
    assert "--calf-raises" in stderr
    assert "14/22" in stderr
    assert "Traceback" not in result.output


def test_a_start_after_the_race_is_refused(invoke: Invoke) -> None:
    result = invoke(*ACCEPTANCE, "--start", "2027-04-01", "--json", code=2)

    error = as_json(result)
    assert "after the goal's day" in error["error"]
    assert "--start" in error["hint"]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--niggle", "knee"), "no severity"),
        (("--injury", "achilles:middle"), "left|right"),
        (("--away", "2027-01-14..2027-01-10"), "ends before it starts"),
        (("--long-run-day", "someday"), "not a weekday"),
        (("--experience", "expert"), "beginner|intermediate|advanced"),
        (("--race-result", "10k in 45:00"), "DISTANCE=TIME"),
    ],
)
def test_unreadable_inputs_name_the_flag(
    invoke: Invoke, flags: tuple[str, ...], message: str
) -> None:
    stderr = plain(invoke(*ACCEPTANCE, *flags, code=2).stderr)

    assert flags[0] in stderr
    assert message in stderr


# --- goal -------------------------------------------------------------------------------------


def test_goal_set_and_show_a_base_block(invoke: Invoke) -> None:
    invoke("goal", "set", "--base", "--weekly-km", "50", "--date", "2027-02-01")

    shown = as_json(invoke("goal", "show", "--json"))

    assert shown["goal"]["kind"] == "base"
    assert shown["goal"]["target_weekly_km"] == 50.0
    assert "aerobic base to 50 km a week" in plain(invoke("goal", "show").stdout)


def test_goal_set_refuses_a_goal_without_a_kind_or_in_the_past(invoke: Invoke) -> None:
    assert "--race, --base or --return-from" in plain(
        invoke("goal", "set", "--date", "2027-01-01", code=2).stderr
    )
    assert "in the past" in plain(
        invoke("goal", "set", "--return-from", "achilles", "--date", "2020-01-01", code=2).stderr
    )


# --- reading the plan -------------------------------------------------------------------------


def test_plan_show_prints_the_whole_plan_as_the_export_format(
    invoke: Invoke, planned: dict[str, Any]
) -> None:
    document = as_json(invoke("plan", "show", "--json"))

    assert document == planned["plan"]
    assert plan_from_dict(document).goal.day == date(2027, 3, 14)
    assert "Weeks" in plain(invoke("plan", "show").stdout)


def test_plan_show_week_2_lists_each_day_in_full(invoke: Invoke, planned: dict[str, Any]) -> None:
    shown = as_json(invoke("plan", "show", "--week", "2", "--json"))

    assert shown["week"]["number"] == 2
    assert shown["week"]["start"] == "2026-12-08"
    assert shown["week"]["end"] == "2026-12-14"
    assert {s["week"] for s in shown["sessions"]} == {2}
    output = plain(invoke("plan", "show", "--week", "2").stdout)
    first = shown["sessions"][0]
    assert "Week 2" in output
    assert first["id"] in output
    assert "Why:" in output
    assert "Success looks like:" in output
    assert "Tuesday 08 December 2026" in output


def test_plan_show_a_week_the_plan_does_not_have(invoke: Invoke, planned: dict[str, Any]) -> None:
    stderr = plain(invoke("plan", "show", "--week", "99", code=2).stderr)

    assert "no week 99" in stderr


def test_today_on_a_planned_day_shows_every_session(
    invoke: Invoke, planned: dict[str, Any]
) -> None:
    day = "2026-12-08"
    expected = [s["id"] for s in planned["plan"]["sessions"] if s["day"] == day]

    shown = as_json(invoke("today", "--date", day, "--json"))
    output = plain(invoke("today", "--date", day).stdout)

    assert [s["id"] for s in shown["sessions"]] == expected
    assert "Purpose:" in output
    assert "Prescription:" in output
    assert "Success looks like:" in output


def test_today_shows_a_rest_day_as_a_session(invoke: Invoke, planned: dict[str, Any]) -> None:
    rest = _session(planned["plan"], kind="rest")

    output = plain(invoke("today", "--date", rest["day"]).stdout)

    assert "Rest" in output
    assert rest["why"][:30] in " ".join(output.split())


def test_today_outside_the_plan_says_nothing_is_planned(
    invoke: Invoke, planned: dict[str, Any]
) -> None:
    assert as_json(invoke("today", "--date", "2027-06-01", "--json"))["sessions"] == []
    assert "Nothing planned" in plain(invoke("today", "--date", "2027-06-01").stdout)


def test_today_without_a_plan_says_how_to_make_one(invoke: Invoke) -> None:
    stderr = plain(invoke("today", code=2).stderr)

    assert "no plan yet" in stderr
    assert "everyrun plan create" in stderr


def test_explain_a_session_with_its_week_goal_and_days_to_go(
    invoke: Invoke, planned: dict[str, Any]
) -> None:
    session = _session(planned["plan"], kind="run", week=3)

    shown = as_json(invoke("plan", "explain", session["id"], "--json"))
    output = " ".join(plain(invoke("plan", "explain", session["id"]).stdout).split())

    assert shown["session"] == session
    assert shown["week"]["number"] == 3
    assert shown["days_to_goal"] == (date(2027, 3, 14) - date.fromisoformat(session["day"])).days
    assert shown["goal"]["race_date"] == RACE_DAY
    assert f"{shown['days_to_goal']} days to go" in output
    assert "Week 3" in output


def test_explain_an_unknown_session(invoke: Invoke, planned: dict[str, Any]) -> None:
    stderr = plain(invoke("plan", "explain", "2026-12-08-nap", code=2).stderr)

    assert "no session '2026-12-08-nap'" in stderr
    assert "plan show" in stderr


# --- export -----------------------------------------------------------------------------------


def test_export_ics_is_a_calendar_with_every_session(
    invoke: Invoke, planned: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "plan.ics"

    invoke("plan", "export", "--format", "ics", "-o", target)

    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(planned["plan"]["sessions"])
    assert any("Why:" in str(event["description"]) for event in events)
    assert not list(tmp_path.glob(".*part"))  # no temporary file left behind


def test_export_fit_writes_a_folder_of_workouts_between_the_days(
    invoke: Invoke, planned: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "workouts"
    runs = [
        s
        for s in planned["plan"]["sessions"]
        if s["kind"] == "run" and "2026-12-01" <= s["day"] <= "2026-12-07"
    ]

    written = as_json(
        invoke(
            "plan",
            "export",
            "-f",
            "fit",
            "-o",
            target,
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-07",
            "--json",
        )
    )

    files = sorted(target.glob("*.fit"))
    assert written["files"] == len(files) == len(runs)
    with fitdecode.FitReader(files[0].read_bytes()) as reader:
        messages = [f for f in reader if isinstance(f, fitdecode.FitDataMessage)]
    names = [m.name for m in messages]
    assert names[:2] == ["file_id", "workout"]
    assert "workout_step" in names
    workout = next(m for m in messages if m.name == "workout")
    assert workout.get_value("sport") == "running"


def test_export_fit_to_a_zip(invoke: Invoke, planned: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "workouts.zip"

    invoke("plan", "export", "-f", "fit", "-o", target)

    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    runs = [s for s in planned["plan"]["sessions"] if s["kind"] == "run"]
    assert len(names) == len(runs)
    assert all(name.endswith(".fit") for name in names)


def test_export_json_reads_back_as_the_plan(
    invoke: Invoke, planned: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "plan.json"

    invoke("export", "plan", "--format", "json", "-o", target)  # the alias under `export`

    plan = plan_from_dict(json.loads(target.read_text(encoding="utf-8")))
    assert len(plan.sessions) == len(planned["plan"]["sessions"])
    assert plan.goal.day == date(2027, 3, 14)


def test_export_markdown_has_the_why_of_each_session(
    invoke: Invoke, planned: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "plan.md"

    invoke("plan", "export", "--format", "md", "-o", target)

    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Training plan: half marathon")
    assert "| Why |" in text
    for session in planned["plan"]["sessions"][:20]:
        assert markdown_escape(session["why"]) in text


def test_export_keeps_an_existing_file_unless_forced(
    invoke: Invoke, planned: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "plan.md"
    target.write_text("mine", encoding="utf-8")

    result = invoke("plan", "export", "--format", "md", "-o", target, code=2)

    assert "already exists" in plain(result.stderr)
    assert "--force" in plain(result.stderr)
    assert target.read_text(encoding="utf-8") == "mine"
    invoke("plan", "export", "--format", "md", "-o", target, "--force")
    assert target.read_text(encoding="utf-8").startswith("# Training plan")


def test_export_without_a_plan_says_how_to_make_one(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("plan", "export", "-o", tmp_path / "plan.ics", "--json", code=2)

    assert as_json(result)["error"] == "no plan yet"
    assert not (tmp_path / "plan.ics").exists()
