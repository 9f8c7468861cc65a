"""Web fixtures: the app over a copy of a demo-season database, with the clock pinned.

`seeded_db` is built once per worker through the real demo (plan, sample recordings, logs,
analysis); each test gets its own copy, so no test sees another's writes.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from everyrun.cli.demo import read_samples
from everyrun.config import Settings, zone
from everyrun.services.demo_season import run_demo_season
from everyrun.store.sql_store import SqlStore
from everyrun.web.app import create_app

NOW = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
ZONE = "Europe/Berlin"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def clock() -> datetime:
    return NOW


def settings_for(folder: Path, database: Path) -> Settings:
    return Settings(folder, f"sqlite:///{database}", zone(ZONE), True)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeded")
    database = folder / "demo.db"
    store = SqlStore(f"sqlite:///{database}")
    store.upgrade()
    try:
        athlete = store.default_athlete_id()
        run_demo_season(
            store,
            athlete,
            read_samples(),
            today=NOW.astimezone(zone(ZONE)).date(),
            zone=zone(ZONE),
            now_utc=NOW,
        )
    finally:
        store.close()
    return database


def seeded_app(tmp_path: Path, seeded_db: Path) -> FastAPI:
    database = tmp_path / "everyrun.db"
    shutil.copy(seeded_db, database)
    return create_app(settings_for(tmp_path, database), clock=clock)


@pytest.fixture
def client(tmp_path: Path, seeded_db: Path) -> Iterator[TestClient]:
    with TestClient(seeded_app(tmp_path, seeded_db)) as test_client:
        yield test_client


@pytest.fixture
def empty_client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path, tmp_path / "empty.db"), clock=clock)
    with TestClient(app) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[str]:
    """`everyrun serve` on a free port in a thread, over its own seeded database."""
    folder = tmp_path_factory.mktemp("live")
    app = seeded_app(folder, seeded_db)
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


class PageWatch:
    """A page that remembers console errors, failed and off-machine requests."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []
        page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on(
            "request",
            lambda request: (
                self.outside_requests.append(request.url)
                if not request.url.startswith(base) and not request.url.startswith("data:")
                else None
            ),
        )

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return response

    def screenshot(self, name: str) -> Path:
        """Kept under artifacts/screenshots (git-ignored) for people to look at."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert self.console_errors == [], self.console_errors
        assert self.outside_requests == [], self.outside_requests


@pytest.fixture
def watched(browser: Any, live_server: str) -> Iterator[PageWatch]:
    """A new page (desktop width) on the live server, checked for console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield PageWatch(context.new_page(), live_server)
    finally:
        context.close()


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[PageWatch]:
    """A new page 390 px wide, like a phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        yield PageWatch(context.new_page(), live_server)
    finally:
        context.close()


@pytest.fixture
def server_app(tmp_path: Path) -> FastAPI:
    """A shared server with accounts, over an empty SQLite store (argon2 made fast for tests)."""
    from everyrun.bootstrap import password_hasher

    return create_app(
        settings_for(tmp_path, tmp_path / "server.db"),
        clock=clock,
        accounts=True,
        hasher=password_hasher(fast=True),
    )


@pytest.fixture
def server(server_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(server_app) as test_client:
        yield test_client
