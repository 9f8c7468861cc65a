"""Activities: the list and one activity through the API, and their pages in a real browser."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import PageWatch


def _listed(client: TestClient, **params: Any) -> dict[str, Any]:
    found = client.get("/api/activities", params=params)
    assert found.status_code == 200, found.text
    listing: dict[str, Any] = found.json()
    return listing


def _long_run(client: TestClient) -> dict[str, Any]:
    """The demo's long run: the sample with GPS, heart rate, altitude, laps and work reps."""
    runs = _listed(client, sport="running")["activities"]
    return max(runs, key=lambda a: a["distance_m"] or 0)


def _by_sport(client: TestClient, sport: str) -> dict[str, Any]:
    found: dict[str, Any] = _listed(client, sport=sport)["activities"][0]
    return found


def test_the_list_is_newest_first_with_purposes_and_links(client: TestClient) -> None:
    listing = _listed(client)
    rows = listing["activities"]
    assert listing["total"] == len(rows) == 7
    starts = [row["start_utc"] for row in rows]
    assert starts == sorted(starts, reverse=True)
    assert all(row["purpose"] for row in rows), "the demo season is analysed"
    assert rows[0]["url"] == f"/activities/{rows[0]['id']}"


def test_the_list_filters_by_sport_day_and_pages(client: TestClient) -> None:
    running = _listed(client, sport="running")
    assert running["total"] == 5
    assert {row["sport"] for row in running["activities"]} == {"running"}
    both = _listed(client, sport=["running", "walking"])
    assert both["total"] == 6
    days = _listed(client, since="2026-11-18", until="2026-11-19")
    assert {row["day"] for row in days["activities"]} == {"2026-11-18", "2026-11-19"}
    first, second = _listed(client, limit=3), _listed(client, limit=3, offset=3)
    assert first["total"] == second["total"] == 7
    assert not {r["id"] for r in first["activities"]} & {r["id"] for r in second["activities"]}
    assert _listed(client, sport="swimming")["activities"] == []
    assert client.get("/api/activities", params={"limit": 0}).status_code == 422


def test_one_activity_has_its_summary_and_analysis_like_the_cli(client: TestClient) -> None:
    run = _long_run(client)
    found = client.get(f"/api/activities/{run['id']}").json()
    assert found["id"] == run["id"] and found["sport"] == "running"
    assert found["laps"] and "heart_rate_bpm" in found["streams"]
    assert found["analysis"]["purpose"]["purpose"] == "long_run"
    assert found["analysis"]["purpose"]["reason"]
    assert found["analysis"]["intervals"]["reps"]


def test_streams_are_time_aligned_and_at_most_a_thousand_points(client: TestClient) -> None:
    run = _long_run(client)
    found = client.get(f"/api/activities/{run['id']}/streams").json()
    assert found["source_points"] > 5000 and found["points"] <= 1000
    streams = found["streams"]
    assert {"time_s", "speed_mps", "heart_rate_bpm", "altitude_m", "latitude_deg"} <= set(streams)
    assert {len(values) for values in streams.values()} == {found["points"]}
    times = [t for t in streams["time_s"] if t is not None]
    assert times == sorted(times)
    few = client.get(f"/api/activities/{run['id']}/streams", params={"points": 50}).json()
    assert few["points"] <= 50
    assert client.get(f"/api/activities/{run['id']}/streams?points=5000").status_code == 422


def test_unknown_and_malformed_ids_say_so(client: TestClient) -> None:
    for path in ("/api/activities/9999", "/api/activities/9999/streams"):
        missing = client.get(path)
        assert missing.status_code == 404 and "9999" in missing.json()["error"]
    page = client.get("/activities/9999")
    assert page.status_code == 404 and "no activity with ID 9999" in page.text
    bad = client.get("/api/activities/abc")
    assert bad.status_code == 422 and "activity_id" in bad.json()["error"]
    bad_page = client.get("/activities/abc")
    assert bad_page.status_code == 422 and "valid integer" in bad_page.text


def test_the_list_page_filters_pages_and_links(client: TestClient) -> None:
    html = client.get("/activities").text
    assert html.count('href="/activities/') >= 7
    assert "long run" in html and "easy aerobic" in html
    walking = client.get("/activities", params={"sport": "walking"}).text
    assert "1 activity (walking)" in walking and "running" in walking  # still offered
    assert client.get("/activities", params={"page": 0}).status_code == 422
    beyond = client.get("/activities", params={"page": 9})
    assert beyond.status_code == 200 and "No activities on this page" in beyond.text


def test_an_empty_store_lists_nothing_and_points_to_the_import(empty_client: TestClient) -> None:
    assert empty_client.get("/api/activities").json()["activities"] == []
    assert "No activities yet" in empty_client.get("/activities").text


def test_the_page_says_what_was_not_recorded(client: TestClient) -> None:
    walk = client.get(f"/activities/{_by_sport(client, 'walking')['id']}").text
    assert "no heart rate recorded" in walk
    assert 'class="chart chart-route"' in walk and 'class="chart chart-pace"' in walk
    strength = client.get(f"/activities/{_by_sport(client, 'training')['id']}").text
    assert "No GPS recorded" in strength and "no speed recorded" in strength
    assert 'class="chart chart-heart-rate"' in strength


def test_pages_load_nothing_from_outside(client: TestClient) -> None:
    run = _long_run(client)
    for path in ("/activities", f"/activities/{run['id']}"):
        html = client.get(path).text
        assert "http://" not in html and "https://" not in html
    schema = client.get("/openapi.json").json()["paths"]
    for path in ("/api/activities", "/api/activities/{activity_id}"):
        assert schema[path]["get"]["tags"] == ["activities"]
    assert "/api/activities/{activity_id}/streams" in schema


def _size(page: Any, selector: str) -> dict[str, float]:
    box: dict[str, float] = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box


def test_the_activity_page_draws_its_charts_in_a_browser(watched: PageWatch) -> None:
    page: Any = watched.page
    watched.open("/activities")
    page.locator("table.activities a").first.wait_for()
    links = page.locator("table.activities tbody tr")
    assert links.count() == 7
    long_run = links.filter(has_text="long run").first.locator("a").first
    watched.open(long_run.get_attribute("href"))
    for selector in (
        "svg.chart-pace",
        "svg.chart-heart-rate",
        "svg.chart-elevation",
        "svg.chart-zones",
        "svg.chart-route",
    ):
        box = _size(page, selector)
        assert box["width"] > 300 and box["height"] > 60, (selector, box)
    assert page.locator("svg.chart-pace rect.rep").count() >= 1, "reps shaded"
    assert page.locator("svg.chart-heart-rate rect.rep").count() >= 1
    assert page.locator("svg.chart-zones").count() >= 2  # heart-rate and pace zones
    assert page.locator("svg.chart-route polyline.track").count() >= 1
    assert page.locator("svg.chart-route circle.start").count() == 1
    assert "long run" in page.locator("#purpose-h").inner_text().lower()
    assert page.locator("table.laps tbody tr").count() >= 2
    watched.screenshot("activity")
    watched.assert_clean()


def test_the_activity_pages_fit_a_phone(phone: PageWatch) -> None:
    page: Any = phone.page
    phone.open("/activities")
    newest = page.locator("table.activities tbody a").first.get_attribute("href")
    for path in ("/activities", newest):
        phone.open(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width} px)"
    assert _size(page, "svg.chart-pace")["width"] <= 390
    phone.screenshot("activity-phone")
    phone.assert_clean()
