"""Review: the week judged by purpose on a page and in the API, and "what was it for?" answered
through the form and the API."""

from __future__ import annotations

from typing import Any

import lxml.html
from fastapi.testclient import TestClient

from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import PageWatch

WEEK = "2026-W47"  # the demo's reviewed week
CHARTS = ("chart-days", "chart-share", "chart-lines", "chart-sleep")


def _document(html: str) -> Any:
    return lxml.html.document_fromstring(html)


def _asked(client: TestClient) -> list[dict[str, Any]]:
    """The recordings the review asks about, from the API."""
    found = client.get("/api/review", params={"week": WEEK}).json()
    return [
        m["done"]
        for m in found["matches"]
        if m["planned"] is None
        and m["done"]["source"] == "activity"
        and m["done"]["purpose_source"] != "athlete"
    ]


def test_api_review_is_the_weeks_review(client: TestClient) -> None:
    found = client.get("/api/review", params={"week": WEEK}).json()
    assert found["iso_week"] == WEEK
    assert (found["first"], found["last"]) == ("2026-11-16", "2026-11-22")
    assert found["score"] is not None and found["score_reason"]
    assert found["matches"] and len(found["days"]) == 7
    assert found["questions"] and "what was it for?" in found["questions"][0]
    assert client.get("/api/review").json()["iso_week"] == "2026-W48"  # this week by default


def test_the_page_shows_the_review_with_its_charts_and_week_links(client: TestClient) -> None:
    api = client.get("/api/review", params={"week": WEEK}).json()
    page = client.get("/review", params={"week": WEEK})
    assert page.status_code == 200
    document = _document(page.text)
    text = document.text_content()
    assert f"Week {WEEK}" in document.findtext(".//h1")
    assert f"{api['score']:.0f} / 100" in " ".join(text.split())
    for chart in CHARTS:
        assert document.xpath(f"//svg[contains(@class, '{chart}')]"), chart
    for match in api["matches"]:
        if match["judgement"]:
            assert match["judgement"]["summary"] in text
    assert document.xpath("//a[@rel='prev']/@href") == ["/review?week=2026-W46"]
    assert document.xpath("//a[@rel='next']/@href") == ["/review?week=2026-W48"]
    current = _document(client.get("/review").text)
    assert current.xpath("//a[@rel='next']") == []  # no week after this one
    assert "http://" not in page.text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_every_unanswered_session_gets_a_form(client: TestClient) -> None:
    asked = _asked(client)
    assert [a["ref"] for a in asked] == [7]  # the demo's Saturday walk
    document = _document(client.get("/review", params={"week": WEEK}).text)
    forms = document.xpath("//form[@action='/review/purpose']")
    assert len(forms) == len(asked)
    form = forms[0]
    assert form.xpath(".//input[@name='activity_id']/@value") == ["7"]
    assert form.xpath(".//input[@name='week']/@value") == [WEEK]
    options = form.xpath(".//select[@name='purpose']/option/@value")
    assert {"recovery", "easy_aerobic", "cross_training", "no_clear_purpose"} <= set(options)
    assert "rest" not in options  # not something a session is for
    assert form.xpath(".//option[@selected]/@value") == ["cross_training"]  # the review's guess


def test_giving_a_purpose_through_the_form_changes_the_review(client: TestClient) -> None:
    done = client.post(
        "/review/purpose",
        data={"activity_id": "7", "purpose": "recovery", "note": "legs heavy", "week": WEEK},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/review?week={WEEK}&given=7"
    shown = client.get(done.headers["location"])
    document = _document(shown.text)
    assert "Saved. Walking 10.2 km was for recovery" in shown.text
    assert document.xpath("//form[@action='/review/purpose']") == []
    assert "recovery (athlete)" in document.text_content()
    assert _asked(client) == []
    walk = next(
        m["done"]
        for m in client.get("/api/review", params={"week": WEEK}).json()["matches"]
        if m["done"] and m["done"]["ref"] == 7 and m["done"]["source"] == "activity"
    )
    assert (walk["purpose"], walk["purpose_source"]) == ("recovery", "athlete")


def test_a_bad_form_says_why_and_keeps_the_question(client: TestClient) -> None:
    bad = client.post(
        "/review/purpose", data={"activity_id": "7", "purpose": "flying", "week": WEEK}
    )
    assert bad.status_code == 400
    assert "unknown purpose" in bad.text and "easy_aerobic" in bad.text
    assert _document(bad.text).xpath("//form[@action='/review/purpose']")
    missing = client.post("/review/purpose", data={"activity_id": "9999", "purpose": "recovery"})
    assert missing.status_code == 404 and "no activity with ID 9999" in missing.text
    nothing = client.post("/review/purpose", data={"purpose": "recovery"})
    assert nothing.status_code == 400 and "is not an ID" in nothing.text


def test_api_purpose_judges_the_activity_and_refuses_what_it_cannot(client: TestClient) -> None:
    given = client.post("/api/activities/7/purpose", json={"purpose": "easy aerobic"})
    assert given.status_code == 200, given.text
    body = given.json()
    assert body["activity_id"] == 7 and body["purpose"] == "easy_aerobic"
    assert body["verdict"] and body["summary"] and 0 <= body["score"] <= 1
    assert _asked(client) == []
    unknown = client.post("/api/activities/9999/purpose", json={"purpose": "recovery"})
    assert unknown.status_code == 404 and "9999" in unknown.json()["error"]
    wrong = client.post("/api/activities/7/purpose", json={"purpose": "flying"})
    assert wrong.status_code == 400
    assert "flying" in wrong.json()["error"]
    assert "recovery" in wrong.json()["hint"] and "long_run" in wrong.json()["hint"]
    empty = client.post("/api/activities/7/purpose", json={})
    assert empty.status_code == 422 and "purpose" in empty.json()["error"]


def test_a_week_that_cannot_be_read_is_refused_with_a_message(client: TestClient) -> None:
    for week in ("2026-W99", "last week"):
        api = client.get("/api/review", params={"week": week})
        assert api.status_code == 400 and "YYYY-Www" in api.json()["hint"]
        page = client.get("/review", params={"week": week})
        assert page.status_code == 400 and "YYYY-Www" in page.text


def test_an_empty_store_shows_an_empty_week(empty_client: TestClient) -> None:
    page = empty_client.get("/review")
    assert page.status_code == 200
    assert "No sessions this week." in page.text
    assert "no plan" in page.text
    assert empty_client.get("/api/review").json()["matches"] == []


def test_the_schema_documents_the_review_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert paths["/api/review"]["get"]["tags"] == ["review"]
    purpose = paths["/api/activities/{activity_id}/purpose"]["post"]
    assert purpose["tags"] == ["review"] and purpose["summary"]


def test_the_review_in_a_browser_answers_its_question(watched: PageWatch) -> None:
    assert watched.open(f"/review?week={WEEK}").status == 200
    page: Any = watched.page
    for chart in CHARTS:
        box = page.locator(f"svg.{chart}").bounding_box()
        assert box["width"] > 300 and box["height"] > 80, (chart, box)
    watched.screenshot("review")
    page.select_option("#purpose-7 select[name=purpose]", "recovery")
    page.click("#purpose-7 button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("[role=status]").inner_text().startswith("Saved.")
    assert page.locator("#purpose-7").count() == 0
    watched.assert_clean()


def test_the_review_fits_a_phone(phone: PageWatch) -> None:
    phone.open(f"/review?week={WEEK}")
    page: Any = phone.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    phone.screenshot("review-phone")
    phone.assert_clean()
