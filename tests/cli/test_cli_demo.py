"""`everyrun demo`: the whole loop on bundled samples — plan, recordings placed into last week,
analysis, and the review that asks what each session was for."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html

from everyrun.domain.planning.plan_record import plan_from_dict
from tests.cli.conftest import Invoke, plain
from tests.cli.library_files import DEMO_FILE_COUNT
from tests.cli.library_files import read_json as _json


def test_demo_json_runs_the_loop_into_last_week(invoke: Invoke, home: Path) -> None:
    report = _json(invoke("demo", "--json").stdout)

    assert len(report["placed"]) == DEMO_FILE_COUNT
    assert report["analysed"] == DEMO_FILE_COUNT
    plan = plan_from_dict(report["plan"])
    assert plan.goal.label == "Sample city half"
    review = report["review"]
    first = date.fromisoformat(review["first"])
    assert first.weekday() == 0 and first > plan.start  # the plan started weeks before
    last = date.fromisoformat(review["last"])
    assert all(first <= date.fromisoformat(p["day"]) <= last for p in report["placed"])
    matched = [m for m in review["matches"] if m["planned"] and m["done"]]
    assert len(matched) >= 4  # recordings linked to their planned sessions
    verdicts = {m["judgement"]["verdict"] for m in review["matches"] if m["judgement"]}
    assert "on purpose" in verdicts and verdicts & {"missed the purpose", "partly on purpose"}
    kinds = {flag["kind"] for flag in review["junk"]}
    assert "sporadic_mobility" in kinds  # mobility on 2 days of 7
    assert review["questions"]  # the unplanned hike: what was it for?
    assert 0 <= review["score"] <= 100 and review["score_reason"]
    assert (home / "demo-review.html").exists()
    assert not (home / "everyrun.db").exists()  # the athlete's own log is never touched


def test_demo_prints_the_plan_the_week_and_the_review(invoke: Invoke, home: Path) -> None:
    output = plain(invoke("demo").stdout)

    assert "Training plan: Sample city half" in output
    assert re.search(r"every\s+session\s+counts\s+\d+/100", output)
    flat = " ".join(output.split())
    assert "What was it for?" in flat
    assert "everyrun why" in flat
    assert "demo database" in flat
    page = lxml_html.fromstring((home / "demo-review.html").read_bytes())
    assert page.findtext(".//title").startswith("Week review")
    # The demo database can be explored afterwards with the printed URL.
    url = f"sqlite:///{home / 'demo.db'}"
    assert f"EVERYRUN_DATABASE_URL={url}" in "".join(output.split())
    week = re.search(r"--week\s+(\d{4}-W\d{2})", output)
    assert week is not None
    again = _json(invoke("review", "--week", week[1], "--db", url, "--json").stdout)
    assert again["matches"]

def test_demo_never_writes_to_the_database_the_environment_names(
    invoke: Invoke, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    users_database = tmp_path / "mine" / "everyrun.db"
    monkeypatch.setenv("EVERYRUN_DATABASE_URL", f"sqlite:///{users_database}")

    report = _json(invoke("demo", "--json").stdout)

    assert len(report["placed"]) == DEMO_FILE_COUNT
    assert not users_database.exists()
    assert not users_database.parent.exists()
    assert not (home / "everyrun.db").exists()
