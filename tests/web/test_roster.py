"""The coach's side of a shared server: the roster sorted by who needs attention, viewing an
athlete's pages, writing their plan, and nothing of theirs once the link ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from everyrun.bootstrap import password_hasher
from everyrun.domain.accounts.people import Account
from everyrun.domain.readiness import Level
from everyrun.services import accounts
from everyrun.services.roster import RosterRow, by_attention
from everyrun.web.app import create_app
from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import NOW, PageWatch, _free_port, clock, settings_for

PASSWORD = "correct horse battery"
HALF = {"kind": "race", "race": "half", "date": "2027-03-14", "target": "1:45:00"}
# Started on the Monday of NOW's week: Friday's plan has sessions behind it and one today.
PLAN = {"goal": HALF, "start": "2026-11-23", "weekly_km": 30, "vdot": 45, "days_per_week": 4}


@dataclass
class Person:
    client: TestClient
    account: Account
    csrf: str

    def write(self, method: str, path: str, **kwargs: Any) -> Any:
        """A write with the session's CSRF token, as the pages' scripts send it."""
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def form(self, path: str, data: dict[str, str] | None = None) -> Any:
        """A page form, with its hidden CSRF field."""
        return self.client.post(
            path, data={"csrf_token": self.csrf, **(data or {})}, follow_redirects=False
        )


def person(app: FastAPI, email: str, name: str, role: str) -> Person:
    client = TestClient(app)
    made = client.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "name": name, "role": role}
    )
    assert made.status_code == 201, made.text
    signed = client.post("/api/auth/signin", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    found = app.state.everyrun.store.account_with_hash(email)
    return Person(client, found[0], signed.json()["csrf_token"])


@dataclass
class Club:
    app: FastAPI
    ana: Person
    ben: Person
    cora: Person  # Ana's and Ben's coach
    dan: Person  # another coach, of nobody here

    def link(self, coach: Person, athlete: Person) -> int:
        """The coach asks (the service the account page calls), the athlete accepts."""
        store = self.app.state.everyrun.store
        link_id = accounts.request_link(store, coach.account, athlete.account.email, NOW)
        accounts.decide_link(store, athlete.account, link_id, accept=True, now=NOW)
        return link_id

    def unlink(self, athlete: Person, link_id: int) -> None:
        accounts.unlink(self.app.state.everyrun.store, athlete.account, link_id, NOW)


def make_club(app: FastAPI) -> Club:
    return Club(
        app,
        person(app, "ana@example.org", "Ana", "athlete"),
        person(app, "ben@example.org", "Ben", "athlete"),
        person(app, "cora@example.org", "Cora", "coach"),
        person(app, "dan@example.org", "Dan", "coach"),
    )


@pytest.fixture
def club(server: TestClient, server_app: FastAPI) -> Club:
    return make_club(server_app)


def test_the_roster_puts_who_needs_attention_first(club: Club) -> None:
    club.link(club.cora, club.ana)
    club.link(club.cora, club.ben)
    ill = club.ben.write("POST", "/api/wellness", json={"illness": True, "illness_note": "flu"})
    assert ill.status_code == 200, ill.text
    roster = club.cora.client.get("/api/roster")
    assert roster.status_code == 200, roster.text
    rows = roster.json()["athletes"]
    assert [r["name"] for r in rows] == ["Ben", "Ana"]  # Ben is ill: rest comes first
    assert rows[0]["readiness"]["level"] == "rest" and "flu" in rows[0]["readiness"]["reason"]
    assert {"flags", "missed_key_sessions", "junk", "score", "week"} <= rows[0].keys()
    page = club.cora.client.get("/roster")
    assert page.status_code == 200
    assert page.text.index("Ben") < page.text.index("Ana</th>")
    assert 'action="/roster/view/' in page.text and 'name="csrf_token"' in page.text


def test_missed_key_sessions_count_on_the_roster(club: Club) -> None:
    club.link(club.cora, club.ana)
    made = club.cora.write("POST", f"/api/plan?athlete={club.ana.account.athlete_id}", json=PLAN)
    assert made.status_code == 200, made.text
    row = club.cora.client.get("/api/roster").json()["athletes"][0]
    plan = club.ana.client.get("/api/plan/weeks/1").json()
    past_keys = [
        s
        for s in plan["sessions"]
        if s["is_key"] and date.fromisoformat(s["day"]) < date(2026, 11, 27)
    ]
    assert len(row["missed_key_sessions"]) == len(past_keys)


def test_attention_order_is_rest_then_flags_then_missed_then_junk() -> None:
    def row(name: str, level: Level, flags: int = 0, missed: int = 0, junk: int = 0) -> RosterRow:
        return RosterRow(
            athlete_id=len(name),
            name=name,
            day=date(2026, 11, 27),
            readiness=level,
            top_reason=None,
            flags=("f",) * flags,
            missed_key=("m",) * missed,
            junk=junk,
            score=None,
            score_reason="",
            iso_week="2026-W48",
        )

    rows = [
        row("Ada", Level.ready),
        row("Bo", Level.ready, junk=3),
        row("Cy", Level.ready, missed=1),
        row("Di", Level.ready, flags=1),
        row("Ed", Level.caution),
        row("Flo", Level.rest),
    ]
    assert [r.name for r in by_attention(rows)] == ["Flo", "Ed", "Di", "Cy", "Bo", "Ada"]


def test_a_coach_views_an_athlete_and_writes_their_plan_but_not_their_log(club: Club) -> None:
    club.link(club.cora, club.ana)
    ana_id = club.ana.account.athlete_id
    cora = club.cora
    switched = cora.form(f"/roster/view/{ana_id}", {"next": "/review"})
    assert switched.status_code == 303 and switched.headers["location"] == "/review"
    calendar = cora.client.get("/calendar")
    assert calendar.status_code == 200
    assert "Viewing <strong>Ana</strong>" in calendar.text and "back to yours" in calendar.text
    # The plan: through the session's viewing athlete, no ?athlete= needed.
    made = cora.write("POST", "/api/plan", json=PLAN)
    assert made.status_code == 200, made.text
    assert club.ana.client.get("/api/plan").json()["plan_id"] == made.json()["plan_id"]
    assert cora.client.get("/plan").status_code == 200
    goal = cora.write("PUT", "/api/goal", json={**HALF, "name": "Seville half"})
    assert goal.status_code == 200, goal.text
    # The athlete's own log stays theirs.
    assert cora.write("POST", "/api/wellness", json={"sleep_hours": 7}).status_code == 403
    assert cora.form("/wellness", {"sleep_hours": "7"}).status_code == 403
    assert cora.write("PUT", "/api/athlete", json={"max_heart_rate_bpm": 190}).status_code == 403
    upload = cora.write("POST", "/api/imports", files={"files": ("a.gpx", b"<gpx/>")})
    assert upload.status_code == 403
    assert cora.write(
        "POST", "/api/activities/1/purpose", json={"purpose": "easy"}
    ).status_code in (
        403,
        404,
        405,
    )
    assert "Only the athlete logs their wellness" in cora.client.get("/").text
    # Back to their own data.
    back = cora.form("/roster/view/me")
    assert back.status_code == 303
    mine = cora.client.get("/calendar")
    assert "Viewing" not in mine.text
    assert cora.client.get("/api/plan").status_code == 404  # the coach's own log has no plan


def test_the_other_coach_sees_nothing(club: Club) -> None:
    club.link(club.cora, club.ana)
    ana_id = club.ana.account.athlete_id
    dan = club.dan
    assert dan.client.get("/api/roster").json() == {"athletes": [], "pending": []}
    assert dan.form(f"/roster/view/{ana_id}").status_code == 404
    assert dan.form(f"/roster/view/{2**70}").status_code == 404
    assert dan.form("/roster/view/-1").status_code == 404
    assert dan.client.get(f"/api/today?athlete={ana_id}").status_code == 404
    assert dan.client.get(f"/calendar?athlete={ana_id}").status_code == 404
    assert dan.write("POST", f"/api/plan?athlete={ana_id}", json=PLAN).status_code == 404
    # Cora's link to Ana does not open Ben to her either.
    ben_id = club.ben.account.athlete_id
    assert club.cora.form(f"/roster/view/{ben_id}").status_code == 404
    assert club.cora.client.get(f"/api/review?athlete={ben_id}").status_code == 404


def test_the_roster_is_for_coaches_only(club: Club, server_app: FastAPI) -> None:
    refused = club.ana.client.get("/roster")
    assert refused.status_code == 403 and "for coaches" in refused.text
    assert club.ana.client.get("/api/roster").status_code == 403
    assert TestClient(server_app).get("/api/roster").status_code == 401


def test_a_pending_request_shows_as_waiting(club: Club) -> None:
    store = club.app.state.everyrun.store
    accounts.request_link(store, club.cora.account, "ben@example.org", NOW)
    answer = club.cora.client.get("/api/roster").json()
    assert answer["athletes"] == [] and answer["pending"][0]["name"] == "Ben"
    assert "Waiting for an answer" in club.cora.client.get("/roster").text
    ben_id = club.ben.account.athlete_id
    assert club.cora.client.get(f"/api/today?athlete={ben_id}").status_code == 404


def test_after_unlink_the_coach_sees_nothing_at_once(club: Club) -> None:
    link_id = club.link(club.cora, club.ana)
    ana_id = club.ana.account.athlete_id
    cora = club.cora
    assert cora.form(f"/roster/view/{ana_id}").status_code == 303
    before = cora.client.get("/calendar")
    assert "Viewing <strong>Ana</strong>" in before.text
    assert cora.client.get(f"/api/today?athlete={ana_id}").status_code == 200
    assert [r["name"] for r in cora.client.get("/api/roster").json()["athletes"]] == ["Ana"]
    etag = cora.client.get(f"/api/calendar?athlete={ana_id}").headers["etag"]
    club.unlink(club.ana, link_id)
    assert cora.client.get("/api/roster").json()["athletes"] == []
    assert cora.client.get(f"/api/today?athlete={ana_id}").status_code == 404
    again = cora.client.get(f"/api/calendar?athlete={ana_id}", headers={"If-None-Match": etag})
    assert again.status_code == 404
    after = cora.client.get("/calendar")  # the session still names Ana: her data is gone
    assert after.status_code == 200 and "Viewing" not in after.text
    assert cora.write("POST", f"/api/plan?athlete={ana_id}", json=PLAN).status_code == 404


def test_writes_without_the_csrf_token_are_refused(club: Club) -> None:
    club.link(club.cora, club.ana)
    ana_id = club.ana.account.athlete_id
    cora = club.cora.client
    assert cora.post(f"/roster/view/{ana_id}", follow_redirects=False).status_code == 403
    assert cora.post(f"/api/plan?athlete={ana_id}", json=PLAN).status_code == 403
    assert cora.post("/roster/view/me", data={"csrf_token": "forged"}).status_code == 403
    assert club.ana.client.post("/wellness", data={"sleep_hours": "7"}).status_code == 403
    assert club.ana.form("/wellness", {"sleep_hours": "7"}).status_code == 303


def test_every_post_form_carries_the_csrf_field(club: Club) -> None:
    ana = club.ana
    assert ana.write("POST", "/api/plan", json=PLAN).status_code == 200
    for path in ("/", "/plan", "/review", "/plan/changes", "/import"):
        html = ana.client.get(path).text
        forms = html.count('method="post"')
        assert forms, path
        assert html.count('name="csrf_token"') + html.count("?csrf_token=") >= forms, path
    assert f'action="/import?csrf_token={ana.csrf}"' in ana.client.get("/import").text


def test_the_upload_form_without_javascript_sends_its_token_in_the_address(club: Club) -> None:
    ana = club.ana
    files = {"files": ("note.txt", b"not an activity")}
    refused = ana.client.post("/import", files=files)
    assert refused.status_code == 403
    taken = ana.client.post(f"/import?csrf_token={ana.csrf}", files=files)
    assert taken.status_code == 200 and "note.txt" in taken.text


# --- in a browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Club]]:
    """A shared server with accounts on a free port in a thread, with Cora coaching Ana."""
    folder: Path = tmp_path_factory.mktemp("accounts-live")
    app = create_app(
        settings_for(folder, folder / "server.db"),
        clock=clock,
        accounts=True,
        hasher=password_hasher(fast=True),
    )
    club = make_club(app)
    club.link(club.cora, club.ana)
    assert club.cora.write("POST", f"/api/plan?athlete={club.ana.account.athlete_id}", json=PLAN)
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
        yield f"http://127.0.0.1:{port}", club
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_coach_opens_the_roster_and_views_an_athlete(
    browser: Any,  # noqa: F811  (the fixture imported above)
    accounts_server: tuple[str, Club],
) -> None:
    base, _ = accounts_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        watch = PageWatch(context.new_page(), base)
        page = watch.page
        watch.open("/signin?next=/roster")
        page.fill("input[name=email]", "cora@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.click("#signin-form button[type=submit]")
        page.wait_for_url(base + "/roster")
        assert page.locator("#roster-table tbody tr").count() == 1
        watch.screenshot("roster")
        page.get_by_role("button", name="Calendar of Ana").click()
        page.wait_for_url(base + "/calendar")
        banner = page.locator("#viewing-banner")
        assert "Viewing Ana" in banner.inner_text()
        watch.screenshot("roster-viewing")
        page.get_by_role("button", name="back to yours").click()
        page.wait_for_url(base + "/")
        assert page.locator("#viewing-banner").count() == 0
        watch.assert_clean()
    finally:
        context.close()
