"""`everyrun review` and `everyrun why` on a real recording inside a real plan."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import Runner
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import Invoke, Library, plain

FENIX2 = "run_garmin-fenix2_9km.fit"  # Saturday 2015-08-15, ISO week 2015-W33
WEEK = "2015-W33"


def _with_plan(library: Library, invoke: Invoke) -> int:
    invoke("analyze", "--all", "--json", "--db", library.url)
    goal = Goal(GoalKind.RACE, race_distance_m=21097.5, race_date=date(2015, 11, 1))
    plan = build_plan(goal, Runner(vdot=45, weekly_km=40), date(2015, 8, 10))
    with SqlStore(library.url) as store:
        store.save_plan(store.default_athlete_id(), plan, created_at=datetime.now(UTC))
    return library.ids[FENIX2]


def test_review_prints_the_score_the_days_and_the_junk(library: Library, invoke: Invoke) -> None:
    activity_id = _with_plan(library, invoke)

    output = plain(invoke("review", "--week", WEEK, "--db", library.url).stdout)

    assert "Week 2015-W33 (2015-08-10 – 2015-08-16): every session counts" in output
    assert f"(#{activity_id})" in output
    assert "Junk:" in output and "→" in output
    assert "mobility 0 of 7 days" in output


def test_review_json_has_everything_and_html_is_written_whole(
    library: Library, invoke: Invoke, tmp_path: Path
) -> None:
    _with_plan(library, invoke)
    target = tmp_path / "week.html"

    result = invoke("review", "--week", WEEK, "--json", "--html", target, "--db", library.url)

    document = json.loads(result.stdout)
    assert document["iso_week"] == WEEK
    assert {"score", "score_reason", "matches", "junk", "questions", "days"} <= set(document)
    assert len(document["days"]) == 7
    assert document["html"] == str(target)
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert not target.with_name("week.html.part").exists()


def test_why_names_the_purpose_and_judges_against_it(library: Library, invoke: Invoke) -> None:
    activity_id = _with_plan(library, invoke)

    result = invoke(
        "why", str(activity_id), "easy_aerobic", "--note", "hot day", "--json", "--db", library.url
    )

    document = json.loads(result.stdout)
    assert document["purpose"] == "easy_aerobic"
    assert document["verdict"] and document["summary"]
    shown = plain(invoke("why", str(activity_id), "recovery", "--db", library.url).stdout)
    assert f"Activity {activity_id}: recovery." in shown


def test_why_refuses_an_unknown_purpose_with_the_list(library: Library, invoke: Invoke) -> None:
    activity_id = library.ids[FENIX2]

    result = invoke("why", str(activity_id), "junk", "--db", library.url, code=2)

    assert "unknown purpose 'junk'" in plain(result.stderr)
    assert "easy_aerobic" in plain(result.stderr)


def test_review_refuses_a_week_it_cannot_read(invoke: Invoke, db_url: str) -> None:
    result = invoke("review", "--week", "next", "--json", "--db", db_url, code=2)

    assert json.loads(result.stdout)["hint"] == "write the week as YYYY-Www, e.g. 2027-W07"
