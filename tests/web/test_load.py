"""Load: the API against the services, the page against the API, the charts in a real browser."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient

from everyrun.domain.sport import RUNNING
from everyrun.services.analysis import local_day
from everyrun.services.readiness import flags_on, readiness_on
from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import NOW, PageWatch

TODAY = NOW.date()
CHARTS = ("chart-fitness", "chart-ratio", "chart-km", "chart-hours", "chart-intensity")


def _store(client: TestClient) -> Any:
    return client.app.state.everyrun.store  # type: ignore[attr-defined]


def _document(html: str) -> Any:
    return lxml.html.document_fromstring(html)


def test_api_load_has_daily_rows_up_to_today_and_the_weeks_they_touch(client: TestClient) -> None:
    found = client.get("/api/load").json()
    assert found["until"] == TODAY.isoformat() and found["days"] == 90
    daily = found["daily"]
    assert daily[-1]["day"] == TODAY.isoformat()
    assert daily[0]["day"] == found["first_day"] == "2026-11-16"  # the demo's first session
    assert {"load", "fitness", "fatigue", "form", "acute_chronic_ratio"} <= set(daily[0])
    assert [w["week"] for w in found["weekly"]] == ["2026-W47", "2026-W48"]
    assert found["weekly"][0]["load"] == pytest.approx(sum(d["load"] for d in daily[:7]))
    assert found["counts"]["activities"] > 0
    assert found["convention"]["smoothing"] == "exponential"


def test_weekly_volume_counts_every_recording_and_logged_session(client: TestClient) -> None:
    store = _store(client)
    athlete = store.default_athlete_id()
    km: dict[str, float] = defaultdict(float)
    hours: dict[str, float] = defaultdict(float)
    for summary in store.iter_summaries(athlete):
        year, week, _ = local_day(summary.start_utc, summary.utc_offset_s).isocalendar()
        key = f"{year}-W{week:02d}"
        if summary.sport == RUNNING:
            km[key] += (summary.distance_m or 0) / 1000
        hours[key] += (summary.timer_s or summary.elapsed_s) / 3600
    for logged in store.manual_sessions_between(athlete, date(2026, 1, 1), TODAY):
        year, week, _ = logged.session.day.isocalendar()
        hours[f"{year}-W{week:02d}"] += logged.session.minutes / 60
    weeks = {w["week"]: w for w in client.get("/api/load").json()["weekly"]}
    assert weeks["2026-W47"]["running_km"] == pytest.approx(km["2026-W47"], abs=0.01)
    assert weeks["2026-W47"]["running_km"] > 40  # five runs and a long one in the demo week
    assert weeks["2026-W47"]["hours"] == pytest.approx(hours["2026-W47"], abs=0.01)
    shares = weeks["2026-W47"]["intensity"]
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["easy"] > shares["hard"] > 0
    assert weeks["2026-W48"]["intensity"] is None  # nothing recorded yet this week


def test_days_until_and_smoothing_choose_what_is_shown(client: TestClient) -> None:
    short = client.get("/api/load", params={"days": 3, "until": "2026-11-20"}).json()
    assert [d["day"] for d in short["daily"]] == ["2026-11-18", "2026-11-19", "2026-11-20"]
    assert [w["week"] for w in short["weekly"]] == ["2026-W47"]
    ewma = client.get("/api/load", params={"smoothing": "ewma"}).json()
    exponential = client.get("/api/load").json()
    assert ewma["convention"]["smoothing"] == "ewma"
    assert ewma["daily"][-1]["fitness"] != exponential["daily"][-1]["fitness"]
    page = client.get("/load", params={"smoothing": "ewma", "days": 7})
    assert page.status_code == 200 and "ewma smoothing" in page.text


@pytest.mark.parametrize(
    ("params", "word"),
    [({"days": 0}, "days"), ({"days": "many"}, "days"), ({"smoothing": "x"}, "smoothing")],
)
def test_bad_options_are_refused_with_a_message(
    client: TestClient, params: dict[str, Any], word: str
) -> None:
    api = client.get("/api/load", params=params)
    assert api.status_code == 422 and word in api.json()["error"]
    page = client.get("/load", params=params)
    assert page.status_code == 422 and word in page.text
    assert client.get("/api/readiness", params={"day": "someday"}).status_code == 422


def test_readiness_and_flags_come_from_the_same_rules_as_the_cli(client: TestClient) -> None:
    store = _store(client)
    athlete = store.default_athlete_id()
    readiness = client.get("/api/readiness").json()
    expected = readiness_on(store, athlete, TODAY)
    assert readiness["day"] == TODAY.isoformat()
    assert readiness["level"] == expected.level.value
    assert [r["sentence"] for r in readiness["reasons"]] == [r.sentence for r in expected.reasons]
    assert readiness["missing"] == expected.missing
    flags = client.get("/api/flags", params={"day": "2026-11-22"}).json()
    assert flags["day"] == "2026-11-22"
    assert [f["sentence"] for f in flags["flags"]] == [
        f.sentence for f in flags_on(store, athlete, date(2026, 11, 22))
    ]


def test_the_page_shows_the_apis_numbers(client: TestClient) -> None:
    api = client.get("/api/load").json()
    readiness = client.get("/api/readiness").json()
    document = _document(client.get("/load").text)
    latest = api["daily"][-1]
    shown = {dd.get("data-value"): dd.text_content() for dd in document.xpath("//*[@id='now']//dd")}
    assert shown["fitness"] == f"{latest['fitness']:.0f}"
    assert shown["fatigue"] == f"{latest['fatigue']:.0f}"
    assert shown["form"] == f"{latest['form']:+.0f}"
    for week in api["weekly"]:
        row = document.xpath(f"//table[@id='weeks']//tr[@data-week='{week['week']}']")[0]
        cells = {td.get("data-value"): td.text_content() for td in row.xpath("td")}
        assert cells["running_km"] == f"{week['running_km']:.1f}"
        assert cells["hours"] == f"{week['hours']:.1f}"
        assert cells["load"] == f"{week['load']:.0f}"
        if week["intensity"]:
            assert cells["easy"] == f"{week['intensity']['easy'] * 100:.0f} %"
    section = document.get_element_by_id("readiness").text_content()
    assert readiness["level"] in section
    for reason in readiness["reasons"]:
        assert reason["sentence"] in section
    for chart in CHARTS:
        assert document.xpath(f"//*[@id='{chart}']//svg"), chart
    assert "needs 28 days" in document.text_content()  # the demo has 12 days of load


def test_an_empty_store_says_how_to_get_a_load(empty_client: TestClient) -> None:
    api = empty_client.get("/api/load").json()
    assert api["daily"] == [] and api["weekly"] == [] and api["first_day"] is None
    page = empty_client.get("/load")
    assert page.status_code == 200
    assert "No training load yet" in page.text and 'href="/import"' in page.text
    assert "<svg" not in page.text
    assert empty_client.get("/api/readiness").json()["level"] in ("ready", "caution", "rest")
    assert empty_client.get("/api/flags").json()["flags"] == []


def test_the_schema_documents_the_load_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/load", "/api/readiness", "/api/flags"):
        assert paths[path]["get"]["tags"] == ["load"] and paths[path]["get"]["summary"]
    names = {p["name"] for p in paths["/api/load"]["get"]["parameters"]}
    assert names == {"days", "smoothing", "until"}


def _chart_sizes(page: Any) -> dict[str, tuple[float, float]]:
    sizes = {}
    for chart in CHARTS:
        box = page.locator(f"#{chart} svg").bounding_box()
        sizes[chart] = (box["width"], box["height"])
    return sizes


def test_the_charts_render_in_a_browser(watched: PageWatch) -> None:
    response = watched.open("/load")
    assert response.status == 200
    page: Any = watched.page
    for chart, (width, height) in _chart_sizes(page).items():
        assert width > 300 and height > 100, (chart, width, height)
    lines = page.locator("#chart-fitness svg polyline").count()
    assert lines == 3
    assert page.locator("#chart-intensity svg rect title").count() >= 3
    watched.screenshot("load")
    watched.assert_clean()


def test_the_options_form_reloads_with_the_chosen_days(watched: PageWatch) -> None:
    watched.open("/load")
    page: Any = watched.page
    page.fill("input[name=days]", "5")
    page.select_option("select[name=smoothing]", "ewma")
    page.click("form.load-options button[type=submit]")
    page.wait_for_load_state("load")
    assert "days=5" in page.url and "smoothing=ewma" in page.url
    first = (TODAY - timedelta(days=4)).strftime("%m-%d")
    assert first in page.locator("#chart-fitness svg").inner_html()
    watched.assert_clean()


def test_the_page_fits_a_phone(phone: PageWatch) -> None:
    phone.open("/load")
    page: Any = phone.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    for chart, (chart_width, height) in _chart_sizes(page).items():
        assert chart_width > 300 and height > 100, (chart, chart_width, height)
        box = page.locator(f"#{chart}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, chart  # wide ones scroll inside
    phone.screenshot("load-phone")
    phone.assert_clean()
