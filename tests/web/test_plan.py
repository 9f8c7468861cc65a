"""The plan pages: goal, profile, making a plan, its weeks and sessions; forms and the API."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from everyrun.web.app import create_app
from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import PageWatch, _free_port, clock, settings_for

HALF = {"kind": "race", "race": "half", "date": "2027-03-14", "target": "1:45:00"}


def test_api_plan_gives_the_summary_and_weeks_with_key_sessions(client: TestClient) -> None:
    found = client.get("/api/plan").json()
    assert found["goal"]["kind"] == "race" and found["goal"]["race_distance_m"] == 21097.5
    assert found["goal_label"].startswith("Sample city half on Sun 24 Jan 2027")
    assert found["weeks"] and found["weeks"][0]["number"] == 1
    assert all(w["volume_km"] >= 0 and "key_sessions" in w for w in found["weeks"])
    assert any(w["key_sessions"] for w in found["weeks"])
    week = client.get("/api/plan/weeks/4").json()
    assert week["week"]["number"] == 4 and week["week"]["start"] == "2026-11-16"
    assert {s["id"] for s in week["sessions"]} >= {"2026-11-17-run", "2026-11-22-run"}
    missing = client.get("/api/plan/weeks/99")
    assert missing.status_code == 404 and "no week 99" in missing.json()["error"]
    schema = client.get("/openapi.json").json()["paths"]
    for path in ("/api/plan", "/api/plan/weeks/{number}", "/api/goal", "/api/athlete"):
        assert path in schema
    assert schema["/api/plan"]["post"]["summary"] and schema["/api/goal"]["put"]["tags"]


def test_a_session_is_explained_and_an_unknown_one_is_404(client: TestClient) -> None:
    found = client.get("/api/plan/sessions/2026-11-22-run").json()
    assert found["session"]["id"] == "2026-11-22-run" and found["session"]["why"]
    assert found["week"]["number"] == 4 and found["days_to_goal"] > 0
    unknown = client.get("/api/plan/sessions/2026-01-01-run")
    assert unknown.status_code == 404 and "2026-01-01-run" in unknown.json()["error"]
    page = client.get("/plan/sessions/2026-01-01-run")
    assert page.status_code == 404 and "no session" in page.text
    shown = client.get("/plan/sessions/2026-11-22-run")
    assert shown.status_code == 200 and "Why it is there" in shown.text
    assert "days to go" in shown.text and 'href="/plan#plan-week-4"' in shown.text


def test_no_plan_is_404_with_the_way_to_make_one(empty_client: TestClient) -> None:
    missing = empty_client.get("/api/plan")
    assert missing.status_code == 404
    assert missing.json()["error"] == "no plan yet" and "POST /api/plan" in missing.json()["hint"]
    assert empty_client.get("/api/goal").status_code == 404
    page = empty_client.get("/plan")
    assert page.status_code == 200 and "No plan yet" in page.text and "No goal yet" in page.text


def test_goal_and_profile_through_the_api(client: TestClient) -> None:
    saved = client.put("/api/goal", json={**HALF, "priority": "B", "name": "Seville half"})
    assert saved.status_code == 200, saved.text
    assert client.get("/api/goal").json()["goal"]["race_name"] == "Seville half"
    base = client.put("/api/goal", json={"kind": "base", "date": "2027-02-01"})
    assert base.status_code == 200 and base.json()["goal"]["kind"] == "base"
    past = client.put("/api/goal", json={**HALF, "date": "2026-01-01"})
    assert past.status_code == 400 and "past" in past.json()["error"]
    typo = client.put("/api/goal", json={**HALF, "target": "fast"})
    assert typo.status_code == 400 and "target time" in typo.json()["error"]
    assert client.get("/api/goal").json()["goal"]["kind"] == "base", "refusals store nothing"
    profile = client.put(
        "/api/athlete", json={"max_heart_rate_bpm": 190, "threshold_pace": "4:20/km"}
    )
    assert profile.status_code == 200, profile.text
    shown = client.get("/api/athlete").json()["profile"]
    assert shown["max_heart_rate_bpm"] == 190 and shown["threshold_pace"].startswith("4:20")
    bad = client.put(
        "/api/athlete", json={"max_heart_rate_bpm": 150, "resting_heart_rate_bpm": 160}
    )
    assert bad.status_code == 400 and "resting heart rate" in bad.json()["error"]
    assert client.get("/api/athlete").json()["profile"]["max_heart_rate_bpm"] == 190


def test_a_plan_made_through_the_api_on_an_empty_store_fills_the_calendar(
    empty_client: TestClient,
) -> None:
    no_goal = empty_client.post("/api/plan", json={"weekly_km": 30, "vdot": 45})
    assert no_goal.status_code == 400 and "no goal" in no_goal.json()["error"]
    made = empty_client.post(
        "/api/plan",
        json={"goal": HALF, "start": "2026-11-30", "weekly_km": 30, "vdot": 45, "days_per_week": 4},
    )
    assert made.status_code == 200, made.text
    assert made.json()["start"] == "2026-11-30" and made.json()["sources"]["vdot"] == "given"
    assert empty_client.get("/api/goal").json()["goal"]["race_date"] == "2027-03-14"
    calendar = empty_client.get("/api/calendar", params={"from": "2026-11-30", "weeks": 1}).json()
    planned = [p for week in calendar["weeks"] for day in week["days"] for p in day["planned"]]
    assert calendar["has_plan"] and planned
    assert all(p["status"] == "due" for p in planned)


def test_forms_save_and_redirect_and_a_bad_form_says_why_and_keeps_the_input(
    client: TestClient,
) -> None:
    goal_before = client.get("/api/goal").json()["goal"]
    bad = client.post("/plan/goal", data={**HALF, "date": "14/03/2027"})
    assert bad.status_code == 400
    assert "is not a date" in bad.text and 'value="14/03/2027"' in bad.text
    assert client.get("/api/goal").json()["goal"] == goal_before
    good = client.post("/plan/goal", data=HALF, follow_redirects=False)
    assert good.status_code == 303 and good.headers["location"].startswith("/plan?saved=goal")
    assert "Goal saved" in client.get(good.headers["location"]).text
    pace = client.post("/plan/athlete", data={"threshold_pace": "quick"})
    assert pace.status_code == 400 and 'value="quick"' in pace.text
    profile = client.post(
        "/plan/athlete", data={"max_heart_rate_bpm": "191"}, follow_redirects=False
    )
    assert profile.status_code == 303
    assert client.get("/api/athlete").json()["profile"]["max_heart_rate_bpm"] == 191
    plan_before = client.get("/api/plan").json()["plan_id"]
    refused = client.post("/plan/create", data={"start": "2026-11-30", "days_per_week": "9"})
    assert refused.status_code == 400 and 'value="9"' in refused.text
    assert client.get("/api/plan").json()["plan_id"] == plan_before, "nothing half-written"


# --- in a browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server over an empty store, for the first-run flow."""
    folder = tmp_path_factory.mktemp("empty-live")
    app = create_app(settings_for(folder, folder / "empty.db"), clock=clock)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_first_run_set_a_goal_make_a_plan_and_see_it_in_the_calendar(
    browser: Any,  # noqa: F811  (the fixture)
    empty_server: str,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        watched = PageWatch(context.new_page(), empty_server)
        page: Any = watched.page
        watched.open("/plan")
        page.check("#goal-form input[value=race]")
        page.fill("#goal-form input[name=race]", "half")
        page.fill("#goal-form input[name=date]", "2027-03-14")
        page.fill("#goal-form input[name=target]", "1:45:00")
        page.click("#goal-form button[type=submit]")
        page.wait_for_load_state("load")
        assert "Goal saved" in page.locator("[role=status]").inner_text()
        assert "half marathon" in page.locator(".plan-goal").inner_text()
        page.fill("#athlete-form input[name=max_heart_rate_bpm]", "188")
        page.fill("#athlete-form input[name=threshold_pace]", "4:40/km")
        page.click("#athlete-form button[type=submit]")
        page.wait_for_load_state("load")
        assert page.input_value("#athlete-form input[name=threshold_pace]").startswith("4:40")
        page.fill("#create-form input[name=weekly_km]", "25")
        page.fill("#create-form input[name=days_per_week]", "4")
        page.click("#create-form button[type=submit]")
        page.wait_for_load_state("load")
        assert "Plan made" in page.locator("[role=status]").inner_text()
        assert page.locator("details.plan-week").count() > 5
        page.locator("details.plan-week summary").first.click()
        first_session = page.locator("details.plan-week[open] .plan-sessions a").first
        assert first_session.is_visible()
        watched.screenshot("plan")
        watched.open("/calendar")
        assert page.locator("a.cal-item.planned").count() > 0
        page.locator("a.cal-item.planned").first.click()
        page.wait_for_load_state("load")
        assert "/plan/sessions/" in page.url and page.locator("text=Why it is there").count()
        watched.assert_clean()
    finally:
        context.close()


def test_a_bad_goal_in_the_browser_says_why_and_keeps_what_was_typed(watched: PageWatch) -> None:
    watched.open("/plan")
    page: Any = watched.page
    page.locator("#goal summary").click()
    page.fill("#goal-form input[name=race]", "halfish")
    page.click("#goal-form button[type=submit]")
    page.wait_for_load_state("load")
    assert "halfish" in page.locator("#goal [role=alert]").inner_text()
    assert page.input_value("#goal-form input[name=race]") == "halfish"
    # The browser reports the page's own 400 status; nothing else may go wrong.
    assert [e for e in watched.console_errors if "status of 400" not in e] == []
    assert watched.outside_requests == []


def test_the_plan_on_a_phone(phone: PageWatch) -> None:
    phone.open("/plan")
    page: Any = phone.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the plan page scrolls sideways on a phone ({width} px)"
    phone.open("/plan/sessions/2026-11-22-run")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot("plan-session-phone")
    phone.assert_clean()
