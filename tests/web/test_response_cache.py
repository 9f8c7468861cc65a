"""Kept answers: served again until the athlete's data changes, by any writer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from everyrun.domain.wellness import WellnessEntry
from everyrun.store.sql_store import SqlStore
from tests.web.conftest import NOW


def test_an_answer_is_kept_until_a_write_through_the_api(client: TestClient) -> None:
    first = client.get("/api/today")
    again = client.get("/api/today")
    assert first.headers["etag"] == again.headers["etag"]
    assert client.post("/api/wellness", json={"soreness": 6}).status_code == 200
    after = client.get("/api/today")
    assert after.json()["wellness"]["soreness"] == 6
    assert after.headers["etag"] != first.headers["etag"]


def test_a_write_from_another_process_is_seen_at_once(client: TestClient, tmp_path: Path) -> None:
    assert client.get("/api/today").json()["wellness"]["mood"] is None
    other = SqlStore(f"sqlite:///{tmp_path / 'everyrun.db'}")  # the CLI, another worker
    try:
        athlete = other.default_athlete_id()
        other.save_wellness(athlete, [WellnessEntry(NOW.date(), mood=2)], NOW)
    finally:
        other.close()
    assert client.get("/api/today").json()["wellness"]["mood"] == 2


def test_a_browser_revalidates_with_its_etag(client: TestClient) -> None:
    etag = client.get("/").headers["etag"]
    unchanged = client.get("/", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_errors_are_never_kept(client: TestClient, tmp_path: Path) -> None:
    assert client.get("/api/today?day=not-a-day").status_code == 422
    assert "etag" not in client.get("/api/today?day=not-a-day").headers
    assert date.fromisoformat(client.get("/api/today").json()["day"]) == NOW.date()
