"""`everyrun plan audit FILE`: a plan someone else wrote, judged, for people and for scripts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from everyrun.cli.plan_audit import next_monday
from tests.cli.conftest import Invoke, plain

PLANS = Path(__file__).parents[1] / "importers" / "data" / "plans"


def test_people_see_sessions_problems_with_evidence_and_lines_not_read(invoke: Invoke) -> None:
    result = invoke("plan", "audit", PLANS / "coach_grid.csv", "--start", "2027-01-04")
    output = plain(result.stdout)

    assert "Score" in output
    assert "vo2max intervals" in output
    assert "the long run on 2027-01-09 is too big" in output
    assert "20.0 km = 42% of the week's" in output
    assert "no mobility work anywhere in the plan" in output
    assert "Marathon base block (Coach Ana)" in output  # listed, never dropped
    assert "week 1 starts 2027-01-04" in output
    assert "estimated at VDOT 45" in output


def test_json_gives_the_same_audit(invoke: Invoke) -> None:
    result = invoke(
        "plan", "audit", PLANS / "dated.csv", "--vdot", "50", "--json", "--start", "2027-01-04"
    )
    data = json.loads(result.stdout)

    assert data["format"] == "csv"
    assert data["paces_note"] == "paces from VDOT 50"
    assert [s["purpose"] for s in data["sessions"]] == ["rest", "easy_aerobic", "vo2max_intervals"]
    assert data["unparsed"] == [
        {
            "day": "2027-01-07",
            "where": "line 5",
            "text": "blorp",
            "reason": "not a workout we can read",
        }
    ]
    unclear = [f for f in data["flags"] if f["rule"] == "unclear_purpose"]
    assert unclear[0]["days"] == ["2027-01-07"]
    assert 0 <= data["score"] <= 100
    repeat = data["sessions"][2]["steps"][0]
    assert repeat["times"] == 10


def test_a_file_we_cannot_read_exits_2_with_a_hint(invoke: Invoke) -> None:
    result = invoke("plan", "audit", PLANS / "plan.docx", code=2)

    assert "not a plan format we read" in plain(result.stderr)
    assert "hint" in plain(result.stderr)


def test_errors_are_json_for_scripts(invoke: Invoke) -> None:
    result = invoke("plan", "audit", PLANS / "no_dates.csv", "--json", code=2)

    assert "date" in json.loads(result.stdout)["error"]


def test_a_bad_start_date_is_refused(invoke: Invoke) -> None:
    result = invoke("plan", "audit", PLANS / "dated.csv", "--start", "next week", code=2)

    assert "YYYY-MM-DD" in plain(result.stderr)


def test_weeks_without_dates_start_next_monday() -> None:
    assert next_monday(date(2027, 1, 6)) == date(2027, 1, 11)
    assert next_monday(date(2027, 1, 4)) == date(2027, 1, 4)
