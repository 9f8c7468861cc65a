"""Accounts on a shared server: sign up, sign in, CSRF, tokens, throttling, coach links."""

from __future__ import annotations

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def sign_up(client: TestClient, email: str, role: str = "athlete", name: str = "Ana") -> None:
    made = client.post(
        "/api/auth/signup",
        json={"email": email, "password": PASSWORD, "name": name, "role": role},
    )
    assert made.status_code == 201, made.text


def sign_in(client: TestClient, email: str) -> str:
    signed = client.post("/api/auth/signin", json={"email": email, "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    token: str = signed.json()["csrf_token"]
    return token


def test_nothing_is_served_before_sign_in(server: TestClient) -> None:
    assert server.get("/api/today").status_code == 401
    page = server.get("/calendar", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/signin?next=%2Fcalendar"
    assert server.get("/signin").status_code == 200


def test_sign_up_sign_in_and_see_only_your_own_empty_log(server: TestClient) -> None:
    sign_up(server, "ana@example.org")
    csrf = sign_in(server, "Ana@Example.org ")
    me = server.get("/api/me").json()["account"]
    assert me["email"] == "ana@example.org" and me["role"] == "athlete"
    assert server.get("/api/today").json()["has_plan"] is False
    logged = server.post("/api/wellness", json={"sleep_hours": 7}, headers={"X-CSRF-Token": csrf})
    assert logged.status_code == 200, logged.text


def test_a_cookie_session_write_without_its_csrf_token_is_refused(server: TestClient) -> None:
    sign_up(server, "ana@example.org")
    sign_in(server, "ana@example.org")
    refused = server.post("/api/wellness", json={"sleep_hours": 7})
    assert refused.status_code == 403 and "another site" in refused.json()["error"]
    forged = server.post("/api/wellness", json={"sleep_hours": 7}, headers={"X-CSRF-Token": "x"})
    assert forged.status_code == 403
    assert server.get("/api/today").json()["wellness"]["sleep_hours"] is None


def test_a_write_from_another_origin_is_refused_even_in_local_mode(client: TestClient) -> None:
    refused = client.post(
        "/api/wellness", json={"sleep_hours": 7}, headers={"Origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    same = client.post(
        "/api/wellness", json={"sleep_hours": 7}, headers={"Origin": "http://testserver"}
    )
    assert same.status_code == 200


def test_an_api_token_works_without_cookies_or_csrf(server: TestClient, server_app) -> None:  # type: ignore[no-untyped-def]
    sign_up(server, "ana@example.org")
    csrf = sign_in(server, "ana@example.org")
    made = server.post("/api/auth/tokens", json={"name": "nightly"}, headers={"X-CSRF-Token": csrf})
    token = made.json()["token"]
    with TestClient(server_app) as script:
        auth = {"Authorization": f"Bearer {token}"}
        assert script.get("/api/me", headers=auth).json()["account"]["email"] == "ana@example.org"
        assert script.post("/api/wellness", json={"mood": 4}, headers=auth).status_code == 200
        bad = script.get("/api/today", headers={"Authorization": "Bearer er_nothing"})
        assert bad.status_code == 401


def test_sign_in_never_says_which_part_was_wrong_and_is_throttled(server: TestClient) -> None:
    sign_up(server, "ana@example.org")
    wrong = {"email": "ana@example.org", "password": "not the password"}
    nobody = {"email": "bob@example.org", "password": PASSWORD}
    first = server.post("/api/auth/signin", json=wrong)
    second = server.post("/api/auth/signin", json=nobody)
    assert first.status_code == second.status_code == 401
    assert first.json()["error"] == second.json()["error"]
    for _ in range(4):
        server.post("/api/auth/signin", json=wrong)
    throttled = server.post(
        "/api/auth/signin", json={"email": "ana@example.org", "password": PASSWORD}
    )
    assert throttled.status_code == 429


def test_sign_up_refuses_bad_input_with_reasons(server: TestClient) -> None:
    def attempt(**changes: str) -> str:
        body = {"email": "ana@example.org", "password": PASSWORD, "name": "Ana", **changes}
        answer = server.post("/api/auth/signup", json=body)
        assert answer.status_code == 400, answer.text
        message: str = answer.json()["error"]
        return message

    assert "too short" in attempt(password="short")
    assert "not an email" in attempt(email="ana")
    sign_up(server, "ana@example.org")
    assert "already an account" in attempt()


def test_the_single_user_app_has_no_sign_in(client: TestClient) -> None:
    assert client.get("/signin").status_code == 404
    assert client.get("/api/today").status_code == 200
