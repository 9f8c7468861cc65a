"""`everyrun plan adapt`: after a week with nothing logged, the plan says what it moved or
dropped and by which rule; --accept keeps the changes as a new plan version."""

from __future__ import annotations

import json
from datetime import UTC, datetime
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
