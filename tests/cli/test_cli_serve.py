"""`everyrun serve`: the single-user app as before, and a shared server with several workers.

The live tests start the real command in a child process (on SQLite and, when configured, on a
fresh PostgreSQL schema: the `store_url` fixture of tests/store) and sign up, in and use an API
token through it. The others replace uvicorn.run, to check what the workers are handed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from everyrun.cli import serve
from everyrun.config import DATABASE_URL_ENV, TIME_ZONE_ENV
from everyrun.web import app as web_app
from tests.cli.conftest import Invoke, plain
from tests.store.conftest import store_url  # noqa: F401  (the fixture, reused as it is)

HANDED_TO_WORKERS = (
    DATABASE_URL_ENV,
    TIME_ZONE_ENV,
    serve.ACCOUNTS_ENV,
    serve.SECURE_COOKIES_ENV,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _call(
    base: str, method: str, path: str, body: dict[str, Any] | None = None, **headers: str
) -> tuple[int, dict[str, Any], dict[str, str]]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{base}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read()), dict(answer.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read()), dict(refused.headers)


def _worker_processes(pid: int) -> list[int]:
    """The server's worker processes (uvicorn spawns them with multiprocessing)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if not children.exists():
        return []
    found = []
    for child in children.read_text().split():
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(int(child))
    return found


@pytest.fixture
def server_env(home: Path) -> dict[str, str]:
    """The child's environment: this test's data folder, nothing from the caller's shell."""
    del home
    environment = dict(os.environ)
    for name in HANDED_TO_WORKERS:
        environment.pop(name, None)
    return environment


@pytest.fixture
def shared_server(
    store_url: str,  # noqa: F811  (the fixture imported above)
    server_env: dict[str, str],
    tmp_path: Path,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`everyrun serve --accounts --workers 2` on the store, stopped with Ctrl+C afterwards."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    command = [sys.executable, "-m", "everyrun.cli", "serve", "--accounts", "--workers", "2"]
    command += ["--port", str(port), "--db", store_url]
    server = subprocess.Popen(
        command, env=server_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"everyrun serve exited {server.returncode}: {_log(tmp_path)}")
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"everyrun serve did not answer in 60 s: {_log(tmp_path)}")
                time.sleep(0.1)
        yield base, server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)  # only the group this test started
                server.wait()
        log.close()


def _log(tmp_path: Path) -> str:
    return (tmp_path / "serve.log").read_text(errors="replace")


@pytest.mark.slow
def test_a_shared_server_with_two_workers_signs_people_up_and_in(
    shared_server: tuple[str, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    base, server = shared_server
    assert len(_worker_processes(server.pid)) == 2 or not Path("/proc").exists()

    status, body, _ = _call(base, "GET", "/api/today")
    assert status == 401, body  # everyone signs in

    account = {"email": "ada@example.org", "password": "a long enough secret", "name": "Ada"}
    status, body, _ = _call(base, "POST", "/api/auth/signup", account)
    assert status == 201, body
    assert body["account"]["email"] == "ada@example.org"

    status, body, headers = _call(
        base, "POST", "/api/auth/signin", {"email": account["email"], "password": "wrong one!!"}
    )
    assert status in (400, 401, 403), body
    status, body, headers = _call(
        base, "POST", "/api/auth/signin", {k: account[k] for k in ("email", "password")}
    )
    assert status == 200, body
    cookie = headers["set-cookie"].split(";", 1)[0]
    csrf = body["csrf_token"]

    status, body, _ = _call(
        base, "POST", "/api/auth/tokens", {"name": "nightly"}, Cookie=cookie, X_CSRF_Token=csrf
    )
    assert status == 201, body
    bearer = f"Bearer {body['token']}"

    # Several requests, so both workers (each with its own store connection) answer some.
    for mood in range(1, 6):
        status, body, _ = _call(base, "POST", "/api/wellness", {"mood": mood}, Authorization=bearer)
        assert status == 200, body
        status, body, _ = _call(base, "GET", "/api/today", Authorization=bearer)
        assert status == 200, body
        assert body["wellness"]["mood"] == mood
    status, body, _ = _call(base, "GET", "/api/me", Cookie=cookie)
    assert (status, body["account"]["name"]) == (200, "Ada")

    workers = _worker_processes(server.pid)
    server.send_signal(signal.SIGINT)  # Ctrl+C stops the workers too
    assert server.wait(timeout=20) == 0, _log(tmp_path)
    assert all(not Path(f"/proc/{pid}").exists() for pid in workers)
    assert "2 workers" in _log(tmp_path)


# --- what the workers are handed (uvicorn.run replaced) -------------------------------------


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, home: Path) -> list[tuple[Any, dict[str, Any]]]:
    """uvicorn.run's calls, instead of a server; the variables handed over are restored after."""
    del home
    for name in HANDED_TO_WORKERS:
        monkeypatch.setenv(name, "placeholder")  # so monkeypatch restores whatever was there
        monkeypatch.delenv(name)
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    return calls


def test_the_default_is_the_single_user_app_in_this_process(
    invoke: Invoke, db_url: str, runs: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = invoke("serve", "--db", db_url)

    ((app, options),) = runs
    assert not isinstance(app, str)
    assert app.state.everyrun.accounts is False
    app.state.everyrun.store.close()
    assert options["host"] == "127.0.0.1"
    assert options["port"] == 8000
    assert "workers" not in options
    assert options["proxy_headers"] is False
    assert "single-user" in plain(result.stdout)
    assert DATABASE_URL_ENV not in os.environ  # nothing handed over: no workers


def test_several_workers_get_the_settings_from_the_environment(
    invoke: Invoke, tmp_path: Path, runs: list[tuple[Any, dict[str, Any]]]
) -> None:
    database = tmp_path / "new" / "server.db"
    result = invoke(
        "serve", "--accounts", "--workers", "3", "--secure-cookies", "--host", "0.0.0.0",
        "--port", "9000", "--db", f"sqlite:///{database}", "--time-zone", "Europe/Berlin",
        "--forwarded-allow-ips", "10.0.0.1",
    )  # fmt: skip

    ((app, options),) = runs
    assert app == "everyrun.web.app:app_from_environment"
    assert options["factory"] is True
    assert options["workers"] == 3
    assert (options["host"], options["port"]) == ("0.0.0.0", 9000)
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == "10.0.0.1"
    assert database.exists()  # migrated here, once, before any worker
    assert os.environ[DATABASE_URL_ENV] == f"sqlite:///{database}"
    assert os.environ[TIME_ZONE_ENV] == "Europe/Berlin"
    assert os.environ[web_app.ACCOUNTS_ENV] == "1"
    assert os.environ[web_app.SECURE_COOKIES_ENV] == "1"
    assert "PostgreSQL is the store for a shared server" in plain(result.stderr)

    worker_app = web_app.app_from_environment()  # what each worker builds
    state = worker_app.state.everyrun
    assert (state.accounts, state.secure_cookies) == (True, True)
    assert state.settings.database_url == f"sqlite:///{database}"
    state.store.close()


def test_a_bad_database_url_stops_before_any_worker_starts(
    invoke: Invoke, runs: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = invoke("serve", "--workers", "2", "--db", "nosuch://nowhere", code=2)

    assert runs == []
    assert "cannot use database" in plain(result.stderr)
    assert "Traceback" not in result.output


def test_the_environment_names_match_the_web_app() -> None:
    assert serve.ACCOUNTS_ENV == web_app.ACCOUNTS_ENV
    assert serve.SECURE_COOKIES_ENV == web_app.SECURE_COOKIES_ENV
