"""`everyrun plan adapt`: after a week with nothing logged, the plan says what it moved or
dropped and by which rule; --accept keeps the changes as a new plan version."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.cli.conftest import Invoke, plain
from tests.cli.test_cli_plan import ACCEPTANCE

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("everyrun.cli.plan._now", lambda: NOW)


def _json(text: str) -> Any:
    return json.loads(text)


def test_a_first_week_with_nothing_logged_moves_or_drops_its_key_sessions(
    invoke: Invoke,
) -> None:
    invoke(*ACCEPTANCE, "--json")
    week_one = _json(invoke("plan", "show", "--week", "1", "--json").stdout)
    keys = {s["id"] for s in week_one["sessions"] if s["is_key"]}

    report = _json(invoke("plan", "adapt", "--as-of", "2026-12-08", "--json").stdout)

    assert report["saved_plan_id"] is None  # suggested only
    changes = report["changes"]
    assert changes and {c["rule"] for c in changes} == {"missed_key_session"}
    assert {c["before"]["id"] for c in changes} == keys
    for change in changes:
        assert change["sentence"].startswith(("Moved", "Dropped"))
        assert "not done" in change["sentence"]
    human = plain(invoke("plan", "adapt", "--as-of", "2026-12-08").stdout)
    assert "missed key session" in human and "--accept" in human


def test_accepted_changes_become_a_new_plan_version_and_the_old_one_is_kept(
    invoke: Invoke,
) -> None:
    created = _json(invoke(*ACCEPTANCE, "--json").stdout)

    report = _json(invoke("plan", "adapt", "--as-of", "2026-12-08", "--accept", "--json").stdout)

    assert report["plan_id"] == created["plan_id"]
    assert report["saved_plan_id"] == created["plan_id"] + 1
    again = _json(invoke("plan", "adapt", "--as-of", "2026-12-08", "--json").stdout)
    assert again["plan_id"] == report["saved_plan_id"]


def test_without_a_plan_adapt_says_how_to_make_one(invoke: Invoke) -> None:
    result = invoke("plan", "adapt", "--json", code=2)
    assert "plan create" in result.stdout + result.stderr


def test_a_logged_niggle_reshapes_the_coming_fortnight(invoke: Invoke) -> None:
    invoke(*ACCEPTANCE, "--json")
    invoke("log", "wellness", "--date", "2026-11-27", "--niggle", "left achilles:4", "--json")

    report = _json(invoke("plan", "adapt", "--as-of", "2026-11-28", "--json").stdout)

    niggle = [c for c in report["changes"] if c["rule"] == "niggle"]
    assert niggle
    assert all("left achilles (4/10)" in c["sentence"] for c in niggle)
    kinds = {c["after"]["kind"] for c in niggle}
    assert {"strength", "mobility"} <= kinds


def _pending(invoke: Invoke, as_of: str = "2026-12-08") -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = _json(
        invoke("plan", "adapt", "--as-of", as_of, "--json").stdout
    )["changes"]
    return changes


def test_listing_twice_stores_each_suggestion_once_with_an_id(invoke: Invoke) -> None:
    invoke(*ACCEPTANCE, "--json")
    first, again = _pending(invoke), _pending(invoke)
    assert [c["id"] for c in first] == [c["id"] for c in again]
    assert all(c["status"] == "proposed" for c in first)
    assert "ID" in plain(invoke("plan", "adapt", "--as-of", "2026-12-08").stdout)


def test_one_change_is_accepted_into_a_new_version_and_one_rejected_for_good(
    invoke: Invoke,
) -> None:
    created = _json(invoke(*ACCEPTANCE, "--json").stdout)
    first, second, *_ = _pending(invoke)

    rejected = _json(invoke("plan", "adapt", "--reject", str(second["id"]), "--json").stdout)
    accepted = _json(invoke("plan", "adapt", "--accept", str(first["id"]), "--json").stdout)

    assert rejected["rejected"] == [second["id"]] and rejected["saved_plan_id"] is None
    assert accepted["accepted"] == [first["id"]]
    assert accepted["saved_plan_id"] == created["plan_id"] + 1
    later = {(c["rule"], c["before"]["id"]) for c in _pending(invoke)}
    assert (first["rule"], first["before"]["id"]) not in later  # accepted: not again
    assert (second["rule"], second["before"]["id"]) not in later  # rejected for that day
    again = invoke("plan", "adapt", "--accept", str(first["id"]), "--json", code=2)
    assert "already accepted" in _json(again.stdout)["error"]


def test_accept_and_reject_need_ids_or_all(invoke: Invoke) -> None:
    invoke(*ACCEPTANCE, "--json")
    assert (
        "not a change ID"
        in _json(invoke("plan", "adapt", "--accept", "x", "--json", code=2).stdout)["error"]
    )
    assert (
        "--reject" in _json(invoke("plan", "adapt", "--reject", "--json", code=2).stdout)["error"]
    )
    unknown = invoke("plan", "adapt", "--accept", "999", "--json", code=2)
    assert "999" in _json(unknown.stdout)["error"]


def test_versions_say_why_each_was_made_and_diff_shows_what_changed(invoke: Invoke) -> None:
    created = _json(invoke(*ACCEPTANCE, "--json").stdout)
    report = _json(
        invoke("plan", "adapt", "--as-of", "2026-12-08", "--accept", "all", "--json").stdout
    )
    old, new = created["plan_id"], report["saved_plan_id"]
    n = len(report["changes"]) - len(report["refused"])

    versions = _json(invoke("plan", "versions", "--json").stdout)["versions"]
    assert [(v["id"], v["active"]) for v in versions] == [(old, False), (new, True)]
    assert versions[0]["why"] == "created"
    assert versions[1]["why"] == f"adapted: {n} change{'s' if n != 1 else ''}"
    diff = _json(invoke("plan", "diff", str(old), str(new), "--json").stdout)
    moved = [c for c in report["changes"] if c["after"] is not None]
    for change in moved:
        assert any(d["day"] == change["after"]["day"] for d in diff["sessions"])
    for d in diff["sessions"]:
        assert d["kind"] in ("added", "removed", "changed")
    human = plain(invoke("plan", "diff", str(old), str(new)).stdout)
    assert f"Plan {old} → plan {new}" in human or "same sessions" in human
    assert "created" in plain(invoke("plan", "versions").stdout)


def test_a_logged_illness_suggests_changes_by_itself(invoke: Invoke) -> None:
    """`log wellness` runs on the real clock: the plan starts two weeks before today."""
    today = datetime.now(UTC).date()
    start = today - timedelta(days=14)
    race = start + timedelta(weeks=16)
    invoke(
        "plan", "create", "--race", "half", "--date", race.isoformat(), "--vdot", "42",
        "--days-per-week", "5", "--weekly-km", "30", "--start", start.isoformat(), "--json",
    )  # fmt: skip
    for days_ago in (2, 1):
        day = (today - timedelta(days=days_ago)).isoformat()
        invoke("log", "wellness", "--date", day, "--ill", "--json")

    logged = _json(invoke("log", "wellness", "--ill", "--json").stdout)

    rules = {c["rule"] for c in logged["suggested_changes"]}
    assert "illness" in rules
    human = plain(invoke("log", "wellness", "--ill").stdout)
    assert "changes suggested — see `everyrun plan adapt`" in human


def test_without_a_plan_a_log_suggests_nothing(invoke: Invoke) -> None:
    logged = _json(invoke("log", "wellness", "--sleep", "7", "--json").stdout)
    assert logged["suggested_changes"] == []
    assert "plan:" not in plain(invoke("log", "wellness", "--sleep", "7").stdout)


def test_three_weeks_with_nothing_logged_rebuild_the_plan_as_lost_time(invoke: Invoke) -> None:
    invoke(*ACCEPTANCE, "--json")  # starts 2026-12-01; nothing is logged

    report = _json(invoke("plan", "adapt", "--as-of", "2026-12-22", "--json").stdout)

    (lost,) = [c for c in report["changes"] if c["rule"] == "lost_time"]
    assert {c["rule"] for c in report["changes"]} <= {"lost_time", "illness", "readiness", "load"}
    assert lost["day"] == "2026-12-22"
    assert lost["sentence"].startswith(
        "Rebuilt the plan from Tuesday 2026-12-22: 21 days without running since 2026-12-01"
    )
    assert "phases from week 4 re-sized" in lost["sentence"]
    assert "1:45:00" in lost["sentence"] and "VDOT" in lost["sentence"]
    human = plain(invoke("plan", "adapt", "--as-of", "2026-12-22").stdout)
    assert "lost time" in human

    kept = _json(invoke("plan", "adapt", "--as-of", "2026-12-22", "--accept", "--json").stdout)
    assert kept["saved_plan_id"] is not None and not kept["refused"]
