"""The calendar: plan against done, judged as the weekly review judges it, as JSON and a page."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from everyrun.services.review import review
from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import PageWatch

TODAY = date(2026, 11, 27)  # the pinned clock's day in Europe/Berlin
W47 = "2026-W47"  # last week: the demo's recordings and logs


def _week(found: dict[str, Any], iso_week: str) -> dict[str, Any]:
    return next(w for w in found["weeks"] if w["iso_week"] == iso_week)


def _planned(week: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for day in week["days"] for p in day["planned"]}


def test_the_default_range_is_two_weeks_back_to_three_ahead_from_monday(
    client: TestClient,
) -> None:
    found = client.get("/api/calendar").json()
    assert found["first"] == "2026-11-09" and found["last"] == "2026-12-20"
    assert [w["iso_week"] for w in found["weeks"]] == [f"2026-W{n}" for n in range(46, 52)]
    assert all(len(w["days"]) == 7 for w in found["weeks"])
    assert found["has_plan"] is True and found["today"] == TODAY.isoformat()
    moved = client.get("/api/calendar", params={"from": "2026-11-19", "weeks": 1}).json()
    assert moved["first"] == "2026-11-16" and len(moved["weeks"]) == 1


def test_last_week_says_what_the_weekly_review_says(client: TestClient) -> None:
    week = _week(client.get("/api/calendar").json(), W47)
    state = client.app.state.everyrun  # type: ignore[attr-defined]
    reviewed = review(state.store, state.athlete, week=W47, today=TODAY)
    planned = _planned(week)
    assert week["score"] == reviewed.score and week["reviewed"] is True
    for match in reviewed.matches:
        if match.planned is not None:
            shown = planned.pop(match.planned.id)
            assert shown["verdict"] == (match.judgement.verdict if match.judgement else None)
            assert (shown["done"] or {}).get("ref") == (match.done.ref if match.done else None)
    assert planned == {}, "every planned session in the calendar is in the review"
    statuses = {p["status"] for p in _planned(week).values()}
    assert {"missed", "done", "partly"} <= statuses
    assert _planned(week)["2026-11-17-mobility"]["status"] == "missed"
    done = [d for day in week["days"] for d in day["done"]]
    junk_in_calendar = sorted(
        [j["kind"] for d in done for j in d["junk"]]
        + [j["kind"] for day in week["days"] for j in day["junk"]]
    )
    assert junk_in_calendar == sorted(flag.kind.value for flag in reviewed.junk)
    easy_too_hard = [d for d in done if any(j["kind"] == "easy_too_hard" for j in d["junk"])]
    assert easy_too_hard and all(d["href"] == f"/activities/{d['ref']}" for d in easy_too_hard)
    unplanned = [d for d in done if d["planned_id"] is None]
    assert unplanned, "the demo's walk was not planned"
    assert all(d["status"] in ("unplanned", "done", "partly", "off") for d in unplanned)


def test_weeks_ahead_show_the_plan_not_yet_due(client: TestClient) -> None:
    week = _week(client.get("/api/calendar").json(), "2026-W50")
    planned = _planned(week)
    assert planned and {p["status"] for p in planned.values()} == {"due"}
    assert all(p["purpose"] and p["href"] == f"/plan/sessions/{p['id']}" for p in planned.values())
    assert not any(day["done"] for day in week["days"])
    assert week["reviewed"] is False and week["score"] is None


def test_todays_sessions_not_done_yet_are_due_not_missed(client: TestClient) -> None:
    week = _week(client.get("/api/calendar").json(), "2026-W48")  # the pinned day: Fri 27 Nov
    today = [p for p in _planned(week).values() if p["id"].startswith("2026-11-27")]
    earlier = [p for p in _planned(week).values() if p["id"].startswith("2026-11-24")]
    assert today and {p["status"] for p in today} == {"due"}
    assert earlier and "missed" in {p["status"] for p in earlier}


def test_calendar_links_lead_to_the_session_and_the_activity(client: TestClient) -> None:
    page = client.get("/calendar")
    assert page.status_code == 200
    assert 'href="/plan/sessions/2026-11-17-run"' in page.text
    week = _week(client.get("/api/calendar").json(), W47)
    session = client.get("/plan/sessions/2026-11-17-run")
    assert session.status_code == 200 and "Why it is there" in session.text
    activity = next(d for day in week["days"] for d in day["done"] if d["href"])
    assert f'href="{activity["href"]}"' in page.text
    assert client.get(activity["href"]).status_code == 200
    assert "junk: easy too hard" in page.text and "http://" not in page.text


def test_bad_ranges_are_refused_with_a_message(client: TestClient) -> None:
    too_many = client.get("/api/calendar", params={"weeks": 100})
    assert too_many.status_code == 422 and "weeks" in too_many.json()["error"]
    not_a_day = client.get("/api/calendar", params={"from": "next tuesday"})
    assert not_a_day.status_code == 422 and "from" in not_a_day.json()["error"]
    assert client.get("/calendar", params={"weeks": 0}).status_code == 422


def test_an_empty_store_shows_empty_weeks_and_how_to_plan(empty_client: TestClient) -> None:
    found = empty_client.get("/api/calendar").json()
    assert found["has_plan"] is False
    assert not any(d["planned"] or d["done"] for w in found["weeks"] for d in w["days"])
    page = empty_client.get("/calendar")
    assert page.status_code == 200 and "No plan yet" in page.text


def test_the_calendar_in_a_browser(watched: PageWatch) -> None:
    watched.open("/calendar?from=2026-11-09&weeks=3")
    page: Any = watched.page
    assert page.locator("section.cal-week").count() == 3
    missed = page.locator('a.cal-item[data-session="2026-11-17-mobility"]')
    assert missed.get_attribute("data-status") == "missed"
    assert page.locator(".cal-junk").count() >= 3
    watched.screenshot("calendar")
    page.click('a.cal-item[data-session="2026-11-22-run"]')
    page.wait_for_load_state("load")
    assert page.url.endswith("/plan/sessions/2026-11-22-run")
    watched.assert_clean()


def test_the_calendar_on_a_phone_is_a_list_reachable_by_keyboard(phone: PageWatch) -> None:
    phone.open("/calendar")
    page: Any = phone.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the calendar scrolls sideways on a phone ({width} px)"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cal-item')"):
            break
    else:
        raise AssertionError("no calendar session can be reached with the keyboard")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href.startswith(("/plan/sessions/", "/activities/"))
    phone.screenshot("calendar-phone")
    phone.assert_clean()
