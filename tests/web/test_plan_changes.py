"""Plan changes in the web app: suggested by the rules, decided by the athlete, kept as plan
versions that can be compared; through the API, the forms, and a real browser."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from everyrun.domain.adaptation.changes import Change, Rule
from everyrun.store.sql_store import SqlStore
from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import NOW, PageWatch

MISSED = "2026-11-24-run"  # the demo's threshold run in 2026-W48 that was not done


def _check(client: TestClient) -> list[dict[str, Any]]:
    checked = client.post("/api/plan/changes/check")
    assert checked.status_code == 200, checked.text
    changes: list[dict[str, Any]] = checked.json()["changes"]
    return changes


def _ill_today(client: TestClient) -> list[dict[str, Any]]:
    logged = client.post("/api/wellness", json={"illness": True, "sleep_hours": 5.2})
    assert logged.status_code == 200, logged.text
    suggested: list[dict[str, Any]] = logged.json()["suggested_changes"]
    return suggested


def test_checking_finds_the_missed_key_session_with_its_rule_sentence_and_sessions(
    client: TestClient,
) -> None:
    assert client.get("/api/plan/changes").json()["pending"] == [], "nothing until asked"
    changes = _check(client)
    missed = [c for c in changes if c["rule"] == "missed_key_session"]
    assert missed, changes
    change = missed[0]
    assert change["status"] == "proposed" and change["as_of"] == "2026-11-27"
    assert change["before"]["id"] == MISSED and change["before"]["purpose_label"]
    assert "not done on Tuesday (2026-11-24)" in change["sentence"]
    again = _check(client)
    assert [c["id"] for c in again] == [c["id"] for c in changes], "kept once, not twice"
    listed = client.get("/api/plan/changes").json()
    assert [c["id"] for c in listed["pending"]] == [c["id"] for c in changes]
    page = client.get("/plan/changes")
    assert page.status_code == 200
    assert "Missed key session" in page.text and "Threshold 4 × 5 min" in page.text
    assert f'action="/plan/changes/{change["id"]}/accept"' in page.text
    assert f'action="/plan/changes/{change["id"]}/reject"' in page.text


def test_accepting_by_id_makes_a_new_version_whose_diff_shows_the_change(
    client: TestClient,
) -> None:
    suggested = _ill_today(client)
    ill = [c for c in suggested if c["rule"] == "illness"]
    assert ill, suggested
    paused = next(c for c in ill if c["before"]["id"] == "2026-11-27-run")
    assert paused["after"]["kind"] == "rest"
    accepted = client.post(f"/api/plan/changes/{paused['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    decision = accepted.json()
    old, new = decision["plan_id"], decision["saved_plan_id"]
    assert decision["accepted"] == [paused["id"]] and new is not None and new != old
    assert decision["diff"] == f"/plan/versions/diff?old={old}&new={new}"
    # The others were suggested to the old version: they are suggested again to the new one.
    again = decision["suggested_changes"]
    assert again and all(c["plan_id"] == new for c in again)
    assert paused["id"] not in {c["id"] for c in again}
    versions = client.get("/api/plan/versions").json()["versions"]
    assert [(v["id"], v["active"]) for v in versions][-2:] == [(old, False), (new, True)]
    assert versions[-1]["why"] == "adapted: 1 change"
    diff = client.get("/api/plan/diff", params={"old": old, "new": new}).json()["sessions"]
    kinds = {(d["kind"], d["session_id"]) for d in diff}
    assert ("removed", "2026-11-27-run") in kinds and ("added", "2026-11-27-rest") in kinds
    page = client.get(f"/plan/versions/diff?old={old}&new={new}")
    assert page.status_code == 200
    assert "Intervals 4 × 800 m" in page.text and "Rest day" in page.text
    listed = client.get("/api/plan/changes").json()
    assert {c["id"]: c["status"] for c in listed["decided"]} == {paused["id"]: "accepted"}
    assert {c["id"] for c in listed["outdated"]} == {c["id"] for c in suggested} - {paused["id"]}
    assert client.get("/api/plan").json()["plan_id"] == new


def test_accepting_the_missed_drop_records_a_version_even_with_no_session_to_remove(
    client: TestClient,
) -> None:
    missed = next(c for c in _check(client) if c["rule"] == "missed_key_session")
    done = client.post(f"/plan/changes/{missed['id']}/accept", follow_redirects=False)
    assert done.status_code == 303
    shown = client.get(done.headers["location"])
    assert f"Accepted change {missed['id']}" in shown.text and "See what changed" in shown.text
    assert 'class="status-accepted"' in shown.text
    assert not [c for c in _check(client) if c["rule"] == "missed_key_session"], "settled"


def test_a_rejected_change_is_not_proposed_again(client: TestClient) -> None:
    missed = next(c for c in _check(client) if c["rule"] == "missed_key_session")
    done = client.post(f"/plan/changes/{missed['id']}/reject", follow_redirects=False)
    assert done.status_code == 303
    assert "not suggested again" in client.get(done.headers["location"]).text
    assert not [c for c in _check(client) if c["before"] and c["before"]["id"] == MISSED]
    listed = client.get("/api/plan/changes").json()
    assert listed["decided"][0]["id"] == missed["id"]
    assert listed["decided"][0]["status"] == "rejected"
    assert len(client.get("/api/plan/versions").json()["versions"]) == 1, "no new version"


def test_unknown_and_decided_changes_are_refused_with_a_message(client: TestClient) -> None:
    unknown = client.post("/api/plan/changes/9999/accept")
    assert unknown.status_code == 404 and "9999" in unknown.json()["error"]
    assert client.post("/api/plan/changes/9999/reject").status_code == 404
    page = client.post("/plan/changes/9999/accept")
    assert page.status_code == 404 and "no suggested change with ID 9999" in page.text
    missed = next(c for c in _check(client) if c["rule"] == "missed_key_session")
    assert client.post(f"/api/plan/changes/{missed['id']}/reject").status_code == 200
    twice = client.post(f"/api/plan/changes/{missed['id']}/accept")
    assert twice.status_code in (400, 409) and "already rejected" in twice.json()["error"]
    typo = client.post("/api/plan/changes/three/accept")
    assert typo.status_code == 422
    missing = client.get("/api/plan/diff", params={"old": 1, "new": 99})
    assert missing.status_code == 404 and "99" in missing.json()["error"]
    assert client.get("/plan/versions/diff?old=1&new=99").status_code == 404


def _rule_breaking_change(database: Path) -> int:
    """A change that moves next week's intervals next to the long run: two hard days."""
    store = SqlStore(f"sqlite:///{database}")
    try:
        athlete = store.default_athlete_id()
        found = store.active_plan(athlete)
        assert found is not None
        plan_id, plan = found
        intervals = next(s for s in plan.sessions if s.id == "2026-12-04-run")
        moved = replace(intervals, id="2026-12-05-run", day=intervals.day + timedelta(days=1))
        change = Change(
            Rule.MISSED_KEY_SESSION,
            moved.day,
            "Moved Friday's intervals to Saturday",
            intervals,
            moved,
            removed=(intervals,),
            added=(moved,),
        )
        [stored] = store.add_changes(athlete, plan_id, NOW.date(), [change], created_at=NOW)
        return stored.id
    finally:
        store.close()


def test_an_accept_that_would_break_a_rule_says_why_and_changes_nothing(
    client: TestClient, tmp_path: Path
) -> None:
    change_id = _rule_breaking_change(tmp_path / "everyrun.db")
    plan_before = client.get("/api/plan").json()["plan_id"]
    refused = client.post(f"/api/plan/changes/{change_id}/accept")
    assert refused.status_code == 400
    assert "would break a planning rule" in refused.json()["error"]
    page = client.post(f"/plan/changes/{change_id}/accept")
    assert page.status_code == 400 and "would break a planning rule" in page.text
    assert client.get("/api/plan").json()["plan_id"] == plan_before
    pending = client.get("/api/plan/changes").json()["pending"]
    assert [c["id"] for c in pending] == [change_id], "still suggested, nothing half-done"
    # Accept all leaves it out with its reason, and keeps nothing else either.
    everything = client.post("/plan/changes/accept-all")
    assert everything.status_code == 400 and "would break a planning rule" in everything.text
    assert client.get("/api/plan").json()["plan_id"] == plan_before


def test_accept_all_keeps_every_change_that_fits(client: TestClient) -> None:
    suggested = _ill_today(client)
    assert len(suggested) >= 2
    done = client.post("/api/plan/changes/accept-all")
    assert done.status_code == 200, done.text
    assert sorted(done.json()["accepted"]) == sorted(c["id"] for c in suggested)
    assert client.get("/api/plan/changes").json()["pending"] == done.json()["suggested_changes"]
    nothing = client.post("/api/plan/changes/accept-all")
    if not done.json()["suggested_changes"]:
        assert nothing.status_code == 400 and "no suggested changes" in nothing.json()["error"]


def test_the_today_notice_appears_after_a_wellness_log_with_illness(client: TestClient) -> None:
    assert "changes suggested" not in client.get("/").text, "nothing suggested yet"
    done = client.post("/wellness", data={"illness": "yes", "sleep_hours": "5.2"})
    assert done.status_code == 200  # followed the redirect to Today
    assert "Your plan: 3 changes suggested" in done.text
    assert 'href="/plan/changes"' in done.text
    api = client.post("/api/wellness", json={"soreness": 3}).json()
    assert len(api["suggested_changes"]) == 3, "the same suggestions, not stored twice"


def test_no_plan_means_no_changes_and_a_clear_refusal(empty_client: TestClient) -> None:
    assert empty_client.get("/api/plan/changes").json() == {
        "plan_id": None,
        "pending": [],
        "decided": [],
        "outdated": [],
    }
    refused = empty_client.post("/api/plan/changes/check")
    assert refused.status_code == 404 and "no plan" in refused.json()["error"]
    page = empty_client.get("/plan/changes")
    assert page.status_code == 200 and "No plan yet" in page.text
    logged = empty_client.post("/api/wellness", json={"sleep_hours": 7})
    assert logged.json()["suggested_changes"] == []
    assert empty_client.get("/api/plan/versions").json() == {"versions": []}


def test_the_routes_are_in_the_schema_and_the_plan_page_links_to_them(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, method in (
        ("/api/plan/changes", "get"),
        ("/api/plan/changes/check", "post"),
        ("/api/plan/changes/{change_id}/accept", "post"),
        ("/api/plan/changes/{change_id}/reject", "post"),
        ("/api/plan/versions", "get"),
        ("/api/plan/diff", "get"),
    ):
        assert paths[path][method]["summary"] and paths[path][method]["tags"], path
    assert 'href="/plan/changes"' in client.get("/plan").text


# --- in a browser ------------------------------------------------------------------------------


def test_check_accept_and_compare_in_a_browser(watched: PageWatch) -> None:
    watched.open("/plan/changes")
    page: Any = watched.page
    page.click("#check-form button")
    page.wait_for_load_state("load")
    assert "suggested" in page.locator("[role=status]").inner_text()
    change = page.locator("article.change").first
    assert "Missed key session" in change.inner_text()
    assert change.locator(".change-sides").count() == 1
    watched.screenshot("plan-changes")
    change.locator("button.accept").click()
    page.wait_for_load_state("load")
    assert page.locator("[role=status]").inner_text().startswith("Accepted change")
    assert "accepted into plan 2" in page.locator("#decided").inner_text()
    page.click("text=See what changed")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Plan 1 → plan 2"
    watched.open("/plan/changes")
    page.click("#compare-form button")
    page.wait_for_load_state("load")
    assert "/plan/versions/diff?old=1&new=2" in page.url
    watched.assert_clean()


def test_plan_changes_on_a_phone(phone: PageWatch) -> None:
    phone.open("/")
    page: Any = phone.page
    page.check("#wellness-form input[name=illness]")
    page.click("#wellness-form button[type=submit]")
    page.wait_for_load_state("load")
    notice = page.locator(".plan-notice")
    assert "changes suggested" in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_load_state("load")
    assert page.locator("article.change").count() >= 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the changes page scrolls sideways on a phone ({width} px)"
    phone.screenshot("plan-changes-phone")
    phone.open("/plan/versions/diff?old=1&new=2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.assert_clean()
