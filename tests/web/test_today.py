"""Today: the API through the framework's client, the page in a real browser."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import NOW, PageWatch


def test_api_today_lists_the_days_sessions_with_purpose_why_and_success(
    client: TestClient,
) -> None:
    found = client.get("/api/today", params={"day": "2026-11-17"}).json()
    assert found["day"] == "2026-11-17"
    assert found["has_plan"] is True
    assert found["sessions"], "the demo plan covers last week"
    for session in found["sessions"]:
        assert session["purpose"] and session["why"]
        assert session["purpose_label"]
    assert found["readiness"]["level"] in ("ready", "caution", "rest")


def test_api_today_defaults_to_the_athletes_today(client: TestClient) -> None:
    assert client.get("/api/today").json()["day"] == NOW.date().isoformat()


def test_an_empty_store_says_there_is_no_plan(empty_client: TestClient) -> None:
    found = empty_client.get("/api/today").json()
    assert found == {**found, "has_plan": False, "sessions": []}
    page = empty_client.get("/")
    assert page.status_code == 200
    assert "No plan yet" in page.text


def test_wellness_logged_through_the_api_shows_on_today(client: TestClient) -> None:
    logged = client.post("/api/wellness", json={"sleep_hours": 6.5, "soreness": 4})
    assert logged.status_code == 200, logged.text
    assert logged.json()["wellness"]["sleep_hours"] == 6.5
    assert client.get("/api/today").json()["wellness"]["soreness"] == 4


def test_impossible_wellness_is_refused_with_a_message_and_nothing_stored(
    client: TestClient,
) -> None:
    refused = client.post("/api/wellness", json={"sleep_hours": 30, "soreness": 2})
    assert refused.status_code == 400
    assert "sleep 30" in refused.json()["error"]
    assert client.get("/api/today").json()["wellness"]["soreness"] is None
    future = client.post("/api/wellness", json={"day": "2027-01-01", "sleep_hours": 7})
    assert future.status_code == 400 and "future" in future.json()["error"]
    typo = client.post("/api/wellness", json={"sleep_hours": "seven"})
    assert typo.status_code == 422 and "sleep_hours" in typo.json()["error"]
    nothing = client.post("/api/wellness", json={})
    assert nothing.status_code == 400 and nothing.json()["error"] == "nothing to log"


def test_the_form_logs_and_redirects_and_a_bad_form_says_why(client: TestClient) -> None:
    done = client.post(
        "/wellness", data={"sleep_hours": "7.2", "mood": "4"}, follow_redirects=False
    )
    assert done.status_code == 303
    shown = client.get(done.headers["location"])
    assert "Logged" in shown.text and 'value="7.2"' in shown.text
    bad = client.post("/wellness", data={"mood": "9"})
    assert bad.status_code == 400
    assert "mood 9" in bad.text and 'value="9"' in bad.text  # what was typed is kept


def test_unknown_pages_and_api_routes_are_404_with_a_message(client: TestClient) -> None:
    api = client.get("/api/nothing-here")
    assert api.status_code == 404 and api.json()["error"]
    page = client.get("/nothing-here")
    assert page.status_code == 404 and "no such page" in page.text


def test_the_schema_is_published_and_no_page_loads_from_a_cdn(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/today" in schema["paths"] and "/api/wellness" in schema["paths"]
    html = client.get("/").text
    assert "http://" not in html and "https://" not in html
    assert client.get("/static/everyrun.css").status_code == 200


def test_today_in_a_browser_logs_wellness_and_shows_it(watched: PageWatch) -> None:
    watched.open("/")
    page: Any = watched.page
    assert page.locator("h1").inner_text().startswith("Fri 27 Nov 2026")
    page.fill("input[name=sleep_hours]", "7.4")
    page.fill("input[name=soreness]", "2")
    page.click("#wellness-form button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("[role=status]").inner_text().startswith("Logged")
    assert page.input_value("input[name=sleep_hours]") == "7.4"
    watched.screenshot("today")
    watched.assert_clean()


def test_today_works_on_a_phone_with_the_keyboard(phone: PageWatch) -> None:
    phone.open("/?day=2026-11-17")
    page: Any = phone.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    phone.screenshot("today-phone")
    phone.assert_clean()
