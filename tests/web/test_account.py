"""The athlete's control over their account and data: tokens, coach links, invitations, export
and deletion, by API and by page, on a server with two athletes and two coaches."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from everyrun.cli.demo import read_samples
from everyrun.config import zone
from everyrun.services.demo_season import run_demo_season
from everyrun.store import tables as t
from everyrun.store.sql_store import SqlStore
from tests.browser import browser  # noqa: F401  (a fixture)
from tests.web.conftest import NOW, ZONE, PageWatch, _free_port, clock, settings_for

PASSWORD = "correct horse battery"


@dataclass
class Person:
    client: TestClient
    csrf: str
    account: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}

    def post(self, url: str, **body: Any) -> Any:
        return self.client.post(url, json=body, headers=self.headers)

    def delete(self, url: str, **body: Any) -> Any:
        return self.client.request("DELETE", url, json=body or None, headers=self.headers)

    def form(self, url: str, **fields: str) -> Any:
        return self.client.post(
            url, data={"csrf_token": self.csrf, **fields}, follow_redirects=False
        )


def join(app: FastAPI, email: str, role: str, name: str, invitation: str | None = None) -> Person:
    client = TestClient(app)
    made = client.post(
        "/api/auth/signup",
        json={
            "email": email,
            "password": PASSWORD,
            "name": name,
            "role": role,
            "invitation": invitation,
        },
    )
    assert made.status_code == 201, made.text
    signed = client.post("/api/auth/signin", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    return Person(client, signed.json()["csrf_token"], signed.json()["account"])


@pytest.fixture
def people(server: TestClient, server_app: FastAPI) -> dict[str, Person]:
    """Two athletes and two coaches, each signed in with their own cookies."""
    del server  # started: the app's lifespan runs for the test
    return {
        "ana": join(server_app, "ana@example.org", "athlete", "Ana"),
        "ben": join(server_app, "ben@example.org", "athlete", "Ben"),
        "cora": join(server_app, "cora@example.org", "coach", "Cora"),
        "dan": join(server_app, "dan@example.org", "coach", "Dan"),
    }


def store_of(app: FastAPI) -> SqlStore:
    store: SqlStore = app.state.everyrun.store
    return store


def season(app: FastAPI, person: Person) -> int:
    """The demo season (plan, recordings, logs, analyses) in the person's own log."""
    athlete = int(person.account["athlete_id"])
    run_demo_season(
        store_of(app),
        athlete,
        read_samples(),
        today=NOW.astimezone(zone(ZONE)).date(),
        zone=zone(ZONE),
        now_utc=NOW,
    )
    return athlete


def link(coach: Person, athlete: Person) -> int:
    asked = coach.post("/api/links", email=athlete.account["email"])
    assert asked.status_code == 201, asked.text
    link_id: int = asked.json()["link"]["id"]
    return link_id


# --- API tokens ----------------------------------------------------------------------------------


def test_a_token_is_made_listed_without_its_secret_and_revoked(
    people: dict[str, Person], server_app: FastAPI
) -> None:
    ana = people["ana"]
    token = ana.post("/api/auth/tokens", name="nightly").json()["token"]
    listed = ana.client.get("/api/account").json()
    assert listed["account"]["email"] == "ana@example.org"
    (entry,) = listed["tokens"]
    assert entry["name"] == "nightly" and entry["revoked_at"] is None
    assert token not in json.dumps(listed)
    script = TestClient(server_app)
    auth = {"Authorization": f"Bearer {token}"}
    assert script.get("/api/me", headers=auth).status_code == 200
    assert ana.delete(f"/api/auth/tokens/{entry['id']}").json() == {"status": "revoked"}
    assert script.get("/api/me", headers=auth).status_code == 401
    assert ana.client.get("/api/account").json()["tokens"][0]["revoked_at"] is not None


def test_someone_elses_token_or_link_is_not_found(people: dict[str, Person]) -> None:
    ana, ben, cora, dan = people["ana"], people["ben"], people["cora"], people["dan"]
    ana.post("/api/auth/tokens", name="mine")
    (token,) = ana.client.get("/api/account").json()["tokens"]
    assert ben.delete(f"/api/auth/tokens/{token['id']}").status_code == 404
    assert ben.form(f"/account/tokens/{token['id']}/revoke").status_code == 404
    assert ana.client.get("/api/account").json()["tokens"][0]["revoked_at"] is None
    link_id = link(cora, ana)
    for outsider in (ben, dan):
        assert outsider.post(f"/api/links/{link_id}/accept").status_code == 404
        assert outsider.post(f"/api/links/{link_id}/decline").status_code == 404
        assert outsider.delete(f"/api/links/{link_id}").status_code == 404
        assert outsider.form(f"/account/links/{link_id}/accept").status_code == 404
    assert ana.client.get("/api/account").json()["links"][0]["status"] == "pending"
    assert ben.delete("/api/auth/tokens/999999").status_code == 404


# --- coach links ---------------------------------------------------------------------------------


def test_a_coach_asks_the_athlete_accepts_and_then_unlinks(people: dict[str, Person]) -> None:
    ana, cora = people["ana"], people["cora"]
    link_id = link(cora, ana)
    assert cora.client.get(f"/api/today?athlete={ana.account['athlete_id']}").status_code == 404
    assert cora.post(f"/api/links/{link_id}/accept").status_code == 403  # only the athlete
    accepted = ana.post(f"/api/links/{link_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["link"]["status"] == "active"
    assert cora.client.get(f"/api/today?athlete={ana.account['athlete_id']}").status_code == 200
    coaching = cora.client.get("/api/account").json()["coaching"]
    assert [(c["athlete"]["email"], c["status"]) for c in coaching] == [
        ("ana@example.org", "active")
    ]
    assert ana.delete(f"/api/links/{link_id}").json() == {"status": "ended"}
    assert cora.client.get(f"/api/today?athlete={ana.account['athlete_id']}").status_code == 404
    assert ana.delete(f"/api/links/{link_id}").status_code == 400  # already ended


def test_an_athlete_declines_and_only_coaches_ask(people: dict[str, Person]) -> None:
    ana, ben, cora = people["ana"], people["ben"], people["cora"]
    link_id = link(cora, ana)
    declined = ana.post(f"/api/links/{link_id}/decline")
    assert declined.json()["link"]["status"] == "ended"
    assert cora.client.get(f"/api/today?athlete={ana.account['athlete_id']}").status_code == 404
    assert ben.post("/api/links", email="ana@example.org").status_code == 403
    assert cora.post("/api/links", email="nobody@example.org").status_code == 404


def test_links_by_page_forms(people: dict[str, Person]) -> None:
    ana, cora = people["ana"], people["cora"]
    asked = cora.form("/account/links", email="ana@example.org")
    assert asked.status_code == 303 and asked.headers["location"] == "/account?done=asked"
    assert "asked, not accepted yet" in cora.client.get("/account").text
    page = ana.client.get("/account").text
    (link_id,) = re.findall(r'action="/account/links/(\d+)/accept"', page)
    assert "Cora" in page
    accepted = ana.form(f"/account/links/{link_id}/accept")
    assert accepted.status_code == 303
    assert "your coach sees your training" in ana.client.get(accepted.headers["location"]).text
    assert ana.form(f"/account/links/{link_id}/unlink").status_code == 303
    assert ana.client.get("/api/account").json()["links"][0]["status"] == "ended"
    refused = cora.form("/account/links", email="not an address")
    assert refused.status_code == 400
    assert "not an email address" in refused.text and 'value="not an address"' in refused.text


# --- invitations ---------------------------------------------------------------------------------


def test_an_invitation_signs_up_only_its_address_once(
    people: dict[str, Person], server_app: FastAPI
) -> None:
    ana = people["ana"]
    made = ana.post("/api/invitations", email="eve@example.org", role="coach")
    assert made.status_code == 201, made.text
    token, url = made.json()["token"], made.json()["signup_url"]
    assert url.endswith(f"/signup?invite={token}")
    fresh = TestClient(server_app)
    assert f'value="{token}"' in fresh.get(f"/signup?invite={token}").text
    body = {"password": PASSWORD, "name": "Eve", "invitation": token}
    wrong = fresh.post("/api/auth/signup", json={**body, "email": "mallory@example.org"})
    assert wrong.status_code == 400 and "eve@example.org" in wrong.json()["error"]
    first = fresh.post("/api/auth/signup", json={**body, "email": "eve@example.org"})
    assert first.status_code == 201 and first.json()["account"]["role"] == "coach"
    again = fresh.post("/api/auth/signup", json={**body, "email": "eve@example.org"})
    assert again.status_code == 400 and "not valid any more" in again.json()["error"]


def test_a_coachs_invitation_becomes_a_pending_link(
    people: dict[str, Person], server_app: FastAPI
) -> None:
    cora = people["cora"]
    page = cora.form("/account/invitations", email="fay@example.org", role="athlete")
    assert page.status_code == 200
    (token,) = re.findall(r"/signup\?invite=([\w-]+)", page.text)
    assert "not shown again" in page.text
    fay = join(server_app, "fay@example.org", "coach", "Fay", invitation=token)
    assert fay.account["role"] == "athlete"  # the invitation's role, not the one asked for
    (pending,) = fay.client.get("/api/account").json()["links"]
    assert pending["status"] == "pending" and pending["coach"]["email"] == "cora@example.org"
    refused = cora.form("/account/invitations", email="fay", role="athlete")
    assert refused.status_code == 400 and 'value="fay"' in refused.text


def test_a_token_made_on_the_page_is_shown_once(people: dict[str, Person]) -> None:
    ana = people["ana"]
    made = ana.form("/account/tokens", name="watch sync")
    assert made.status_code == 200
    (token,) = re.findall(r"er_[\w-]+", made.text)
    again = ana.client.get("/account").text
    assert token not in again and "watch sync" in again
    empty = ana.form("/account/tokens", name="  ")
    assert empty.status_code == 400 and "name must be" in empty.text


# --- CSRF ----------------------------------------------------------------------------------------


def test_every_change_needs_the_sessions_csrf_token(people: dict[str, Person]) -> None:
    ana, cora = people["ana"], people["cora"]
    link_id = link(cora, ana)
    ana.post("/api/auth/tokens", name="mine")
    token_id = ana.client.get("/api/account").json()["tokens"][0]["id"]
    bare = ana.client
    refusals = [
        bare.delete(f"/api/auth/tokens/{token_id}"),
        bare.post(f"/api/links/{link_id}/accept"),
        bare.post(f"/api/links/{link_id}/decline"),
        bare.delete(f"/api/links/{link_id}"),
        cora.client.post("/api/links", json={"email": "ben@example.org"}),
        bare.post("/api/invitations", json={"email": "x@example.org", "role": "athlete"}),
        bare.request("DELETE", "/api/account", json={"confirm": "ana@example.org"}),
        bare.post("/account/tokens", data={"name": "x"}),
        bare.post(f"/account/links/{link_id}/accept", data={}),
        bare.post("/account/delete", data={"confirm": "ana@example.org"}),
        bare.post("/account/delete", data={"confirm": "ana@example.org", "csrf_token": "x"}),
    ]
    assert [r.status_code for r in refusals] == [403] * len(refusals)
    assert ana.client.get("/api/account").json()["links"][0]["status"] == "pending"
    assert ana.client.get("/api/me").status_code == 200


# --- export --------------------------------------------------------------------------------------


def test_the_export_holds_all_of_the_athletes_data_and_nothing_of_anyone_elses(
    people: dict[str, Person], server_app: FastAPI
) -> None:
    ana, ben, cora = people["ana"], people["ben"], people["cora"]
    season(server_app, ana)
    season(server_app, ben)
    link_id = link(cora, ana)
    ana.post(f"/api/links/{link_id}/accept")
    store = store_of(server_app)
    store.add_comment(ana.account["athlete_id"], "s-1", cora.account["id"], "Easy!", at=NOW)
    store.add_comment(ben.account["athlete_id"], "s-1", ben.account["id"], "Ben's note", at=NOW)
    ana.post("/api/wellness", sleep_hours=6.5, mood=2)

    answer = ana.client.get("/api/export")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    document = answer.json()
    assert document["format"] == "everyrun-export"
    assert document["athlete_id"] == ana.account["athlete_id"]
    assert document["account"]["email"] == "ana@example.org"
    assert [c["coach"]["email"] for c in document["account"]["coach_links"]] == ["cora@example.org"]
    activities = document["activities"]
    assert len(activities) == store.count_activities(ana.account["athlete_id"]) > 0
    assert all(a["streams"] for a in activities if a["sport"] == "running")
    assert any(a["laps"] for a in activities)
    assert len(document["analyses"]) == len(store.analyses(ana.account["athlete_id"]))
    assert document["plans"] and document["plans"][0]["document"]["sessions"]
    assert document["goals"] and document["profile_changes"]
    assert document["wellness"] and document["manual_sessions"]
    assert [c["body"] for c in document["comments"]] == ["Easy!"]
    text = answer.text
    assert "Ben's note" not in text and "ben@example.org" not in text
    ben_ids = {a.id for a in store.list_activities(ben.account["athlete_id"])}
    assert not ben_ids & {a["id"] for a in activities}
    assert ben.client.get("/api/export").json()["athlete_id"] == ben.account["athlete_id"]


def test_the_export_is_for_signed_in_people_only(
    people: dict[str, Person], server_app: FastAPI
) -> None:
    del people
    assert TestClient(server_app).get("/api/export").status_code == 401


# --- deletion ------------------------------------------------------------------------------------


def _rows_of(store: SqlStore, athlete_id: int, user_id: int, email: str) -> dict[str, int]:
    """Rows in every table that name the athlete or the account, by table."""
    found = {}
    with store.engine.connect() as connection:
        for table in t.metadata.sorted_tables:
            conditions = [table.c[c] == athlete_id for c in ("athlete_id",) if c in table.c]
            conditions += [
                table.c[c] == user_id
                for c in ("user_id", "coach_user_id", "author_user_id", "invited_by")
                if c in table.c
            ]
            if table is t.athletes:
                conditions.append(table.c.id == athlete_id)
            if table is t.users:
                conditions.append(table.c.id == user_id)
            if table is t.signin_attempts:
                conditions.append(table.c.email == email)
            if not conditions:
                continue
            count = connection.scalar(
                sa.select(sa.func.count()).select_from(table).where(sa.or_(*conditions))
            )
            if count:
                found[table.name] = int(count)
    return found


def test_deleting_the_account_removes_everything_of_theirs_and_nothing_else(
    people: dict[str, Person], server_app: FastAPI
) -> None:
    ana, ben, cora = people["ana"], people["ben"], people["cora"]
    store = store_of(server_app)
    season(server_app, ana)
    season(server_app, ben)
    for athlete in (ana, ben):
        link_id = link(cora, athlete)
        athlete.post(f"/api/links/{link_id}/accept")
        store.add_comment(athlete.account["athlete_id"], "s-1", cora.account["id"], "Go", at=NOW)
    ana.post("/api/auth/tokens", name="mine")
    ana.post("/api/invitations", email="gil@example.org", role="athlete")
    ana_athlete, ana_user = ana.account["athlete_id"], ana.account["id"]
    before = _rows_of(store, ana_athlete, ana_user, ana.account["email"])
    assert {"activities", "activity_streams", "plans", "coach_links", "api_tokens"} <= set(before)
    ben_before = _rows_of(store, ben.account["athlete_id"], ben.account["id"], ben.account["email"])
    ben_export = ben.client.get("/api/export").json()
    roster = cora.client.get("/api/roster").json()["athletes"]
    assert sorted(r["name"] for r in roster) == ["Ana", "Ben"]

    wrong = ana.delete("/api/account", confirm="ben@example.org")
    assert wrong.status_code == 400 and "not this account's" in wrong.json()["error"]
    assert _rows_of(store, ana_athlete, ana_user, ana.account["email"]) == before

    deleted = ana.delete("/api/account", confirm=" Ana@Example.org ")
    assert deleted.status_code == 200 and deleted.json() == {"status": "deleted"}
    assert 'everyrun_session=""' in deleted.headers["set-cookie"]
    assert _rows_of(store, ana_athlete, ana_user, ana.account["email"]) == {}
    assert ana.client.get("/api/me").status_code == 401
    coaching = cora.client.get("/api/account").json()["coaching"]
    assert [c["athlete"]["email"] for c in coaching] == ["ben@example.org"]
    assert [r["name"] for r in cora.client.get("/api/roster").json()["athletes"]] == ["Ben"]
    assert (
        _rows_of(store, ben.account["athlete_id"], ben.account["id"], ben.account["email"])
        == ben_before
    )
    after = ben.client.get("/api/export").json()
    assert {k: v for k, v in after.items() if k != "exported_at"} == {
        k: v for k, v in ben_export.items() if k != "exported_at"
    }
    signin = TestClient(server_app).post(
        "/api/auth/signin", json={"email": "ana@example.org", "password": PASSWORD}
    )
    assert signin.status_code == 401


def test_deleting_by_the_page_form_asks_for_the_address_first(
    people: dict[str, Person], server_app: FastAPI
) -> None:
    ben = people["ben"]
    season(server_app, ben)
    refused = ben.form("/account/delete", confirm="ben@example.com")
    assert refused.status_code == 400
    assert "not this account" in refused.text and 'value="ben@example.com"' in refused.text
    assert store_of(server_app).count_activities(ben.account["athlete_id"]) > 0
    done = ben.form("/account/delete", confirm="ben@example.org")
    assert done.status_code == 303 and done.headers["location"] == "/signup"
    assert "everyrun_session" in done.headers["set-cookie"]
    assert (
        _rows_of(
            store_of(server_app), ben.account["athlete_id"], ben.account["id"], ben.account["email"]
        )
        == {}
    )
    assert ben.client.get("/account", follow_redirects=False).status_code == 303


def test_the_account_pages_are_not_in_the_single_user_app(client: TestClient) -> None:
    assert client.get("/account").status_code == 404
    assert client.get("/api/account").status_code == 404
    assert client.get("/api/export").status_code == 404


def test_the_account_api_is_described(server: TestClient) -> None:
    paths = server.get("/openapi.json").json()["paths"]
    for path, method in (
        ("/api/account", "get"),
        ("/api/account", "delete"),
        ("/api/auth/tokens/{token_id}", "delete"),
        ("/api/links", "post"),
        ("/api/links/{link_id}/accept", "post"),
        ("/api/links/{link_id}/decline", "post"),
        ("/api/links/{link_id}", "delete"),
        ("/api/invitations", "post"),
        ("/api/export", "get"),
    ):
        operation = paths[path][method]
        assert operation["tags"] == ["accounts"] and operation["summary"], (path, method)


# --- in a browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`everyrun serve --accounts` on a free port in a thread, over an empty store."""
    from everyrun.bootstrap import password_hasher
    from everyrun.web.app import create_app

    folder: Path = tmp_path_factory.mktemp("live-accounts")
    app = create_app(
        settings_for(folder, folder / "server.db"),
        clock=clock,
        accounts=True,
        hasher=password_hasher(fast=True),
    )
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


@pytest.fixture
def on_server(
    browser: Any,  # noqa: F811  (the fixture imported above)
    live_accounts_server: str,
) -> Iterator[PageWatch]:
    """A new page (desktop width) on the live accounts server, checked for console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield PageWatch(context.new_page(), live_accounts_server)
    finally:
        context.close()


def test_sign_up_and_make_a_token_on_the_account_page(on_server: PageWatch) -> None:
    page = on_server.page
    on_server.open("/signup")
    page.fill("input[name=name]", "Hana")
    page.fill("input[name=email]", "hana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("#signup-form button[type=submit]")
    page.wait_for_load_state("load")
    on_server.open("/account")
    assert "hana@example.org" in page.inner_text("main")
    page.fill("#token-form input[name=name]", "nightly import")
    page.click("#token-form button[type=submit]")
    page.wait_for_load_state("load")
    token = page.inner_text("#new-token code")
    assert token.startswith("er_")
    assert "nightly import" in page.inner_text(".tokens-table")
    on_server.screenshot("account")
    on_server.assert_clean()
