"""Nobody sees or changes another athlete's data without a live coach link: every route of the
API and the pages, asked by another athlete and by a coach without a link, with the IDs of the
athlete's own records (activities, sessions, changes, comments, links, tokens) put in the path
and `?athlete=` pointing at them.

Three checks on every answer: no server error; the athlete's marker text never appears; the
athlete's data revision (raised by database triggers on every write to their data) does not
move. Record IDs in the path must not answer 200. A linked coach is the control: they do see
the marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from everyrun.bootstrap import password_hasher
from everyrun.config import Settings, zone
from everyrun.domain.accounts.people import Account, LinkStatus, Role
from everyrun.services import accounts
from everyrun.web.app import create_app
from tests.corpus import CORPUS
from tests.store.conftest import store_url  # noqa: F401  (a fixture: SQLite and PostgreSQL)
from tests.web.conftest import NOW, ZONE, clock

SECRET = "A1SECRET"
PASSWORD = "a long enough password"
FIT = "run_garmin-fenix2_9km.fit"
PUBLIC = {"/api/health", "/openapi.json", "/signin", "/signup", "/api/auth/signin",
          "/api/auth/signup"}  # fmt: skip


@dataclass
class World:
    app: FastAPI
    client: TestClient
    users: dict[str, Account]
    tokens: dict[str, str]
    ids: dict[str, str]  # path parameter -> one of A1's record IDs

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        elif isinstance(route, APIRoute):
            yield route


def _plan(client: TestClient, headers: dict[str, str], name: str) -> None:
    made = client.post(
        "/api/plan",
        json={
            "goal": {
                "kind": "race",
                "race": "half",
                "date": "2027-03-14",
                "target": "1:45:00",
                "name": name,
            },
            "start": "2026-11-16",
            "days_per_week": 5,
            "weekly_km": 30,
            "vdot": 42,
        },
        headers=headers,
    )
    assert made.status_code in (200, 201), made.text


@pytest.fixture
def matrix_app(store_url: str, tmp_path: Path) -> Iterator[FastAPI]:  # noqa: F811
    """A shared server with accounts on SQLite and on PostgreSQL (a fresh schema)."""
    app = create_app(
        Settings(tmp_path, store_url, zone(ZONE), True),
        clock=clock,
        accounts=True,
        hasher=password_hasher(fast=True),
    )
    try:
        yield app
    finally:
        app.state.everyrun.store.close()


@pytest.fixture
def world(matrix_app: FastAPI) -> Iterator[World]:
    server_app = matrix_app
    state = server_app.state.everyrun
    store, hasher = state.store, state.hasher
    users = {}
    for who, role in (("A1", Role.ATHLETE), ("A2", Role.ATHLETE), ("C1", Role.COACH),
                      ("C2", Role.COACH)):  # fmt: skip
        users[who] = accounts.sign_up(
            store, hasher, email=f"{who.lower()}@example.org", password=PASSWORD, name=who,
            role=role, now=NOW,
        )  # fmt: skip
    tokens = {who: accounts.issue_api_token(store, users[who], "matrix", NOW) for who in users}
    link = accounts.request_link(store, users["C1"], "a1@example.org", NOW)
    accounts.decide_link(store, users["A1"], link, accept=True, now=NOW)
    accounts.request_link(store, users["C2"], "a1@example.org", NOW)  # asked, never accepted
    with TestClient(server_app) as client:
        a1 = {"Authorization": f"Bearer {tokens['A1']}"}
        a2 = {"Authorization": f"Bearer {tokens['A2']}"}
        _plan(client, a1, SECRET)
        _plan(client, a2, "A2 own race")
        upload = (CORPUS / FIT).read_bytes()
        for headers in (a2, a1):  # A1's activity gets the higher ID: the one to guess
            done = client.post("/api/imports", files={"files": (FIT, upload)}, headers=headers)
            assert done.status_code == 200, done.text
        activity = client.get("/api/activities", headers=a1).json()["activities"][0]["id"]
        logged = client.post(
            "/api/wellness",
            json={"day": "2026-11-26", "sleep_hours": 7, "illness_note": SECRET},
            headers=a1,
        )
        assert logged.status_code == 200, logged.text
        session = client.get("/api/today", params={"day": "2026-11-27"}, headers=a1).json()
        session_id = session["sessions"][0]["id"]
        comment = store.add_comment(
            users["A1"].athlete_id, session_id, users["C1"].id, SECRET, at=NOW
        )
        client.post("/api/plan/changes/check", headers=a1)
        changes = store.plan_changes(users["A1"].athlete_id)
        token_id = store.api_tokens(users["A1"].id)[0][0]
        ids = {
            "activity_id": str(activity),
            "session_id": session_id,
            "comment_id": str(comment),
            "link_id": str(link),
            "token_id": str(token_id),
            "change_id": str(changes[0].id) if changes else "1",
            "athlete_id": str(users["A1"].athlete_id),
            "n": "1",
            "number": "1",
            "week": "1",
            "action": "accept",
        }
        yield World(server_app, client, users, tokens, ids)


def _body(route: APIRoute, schema: dict[str, Any]) -> Any:
    """A small valid-looking JSON body for the route, from its OpenAPI request schema."""
    operation = schema["paths"].get(route.path, {}).get(next(iter(route.methods)).lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _example(content["application/json"]["schema"], schema)


def _example(node: dict[str, Any], schema: dict[str, Any]) -> Any:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _example(schema["components"]["schemas"][name], schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"]
            return _example(options[0], schema) if options else None
    kind = node.get("type")
    if "enum" in node:
        return node["enum"][0]
    if kind == "object":
        return {k: _example(v, schema) for k, v in node.get("properties", {}).items()}
    return {"string": "2026-11-20", "integer": 1, "number": 1.0, "boolean": False,
            "array": []}.get(kind)  # fmt: skip


def _fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: ids.get(m[1], "1"), path)


def _asks(world: World) -> Iterator[tuple[str, str, str, dict[str, str], Any]]:
    schema = world.app.openapi()
    for route in _routes(world.app.routes):
        if route.path in PUBLIC:
            continue
        for method in sorted(route.methods - {"HEAD"}):
            body = _body(route, schema)
            path = _fill(route.path, world.ids)
            for who in ("A2", "C2"):
                yield route.path, method, who, {}, body
                yield route.path, method, who, {"athlete": world.ids["athlete_id"]}, body
            del path


def test_no_route_shows_or_changes_another_athletes_data(world: World) -> None:
    store = world.app.state.everyrun.store
    a1 = world.users["A1"].athlete_id
    problems: list[str] = []
    asked = 0
    for template, method, who, params, body in _asks(world):
        path = _fill(template, world.ids)
        before = store.revision(a1)
        answer = world.client.request(
            method, path, params=params, json=body, headers=world.auth(who),
            follow_redirects=False,
        )  # fmt: skip
        asked += 1
        where = f"{who} {method} {path} {params or ''} -> {answer.status_code}"
        if answer.status_code >= 500:
            problems.append(f"{where}: server error")
        if SECRET in answer.text:
            problems.append(f"{where}: shows A1's data")
        if store.revision(a1) != before:
            problems.append(f"{where}: changed A1's data")
        guessed = any(f"{{{k}}}" in template for k in ("activity_id", "comment_id", "link_id",
                                                       "token_id", "change_id"))  # fmt: skip
        if guessed and method == "GET" and answer.status_code == 200:
            problems.append(f"{where}: answered a guessed ID")
    assert asked > 100
    assert problems == []


def test_a_linked_coach_sees_the_athlete_and_an_unlinked_one_does_not(world: World) -> None:
    athlete = {"athlete": world.ids["athlete_id"]}
    seen = world.client.get("/api/goal", params=athlete, headers=world.auth("C1"))
    assert seen.status_code == 200 and SECRET in seen.text
    page = world.client.get("/plan", params=athlete, headers=world.auth("C1"))
    assert page.status_code == 200 and SECRET in page.text
    store = world.app.state.everyrun.store
    link = int(world.ids["link_id"])
    store.set_link_status(link, LinkStatus.ENDED, at=NOW)
    gone = world.client.get("/api/goal", params=athlete, headers=world.auth("C1"))
    assert gone.status_code == 404 and SECRET not in gone.text
    page = world.client.get("/plan", params=athlete, headers=world.auth("C1"))
    assert page.status_code == 404 and SECRET not in page.text
