"""The API schema fuzzed (schemathesis + hypothesis): no input, however odd, gets a server error.

Run by tests/web/test_api_fuzz.py in a process of its own (schemathesis changes hypothesis'
global state, which made a later property test in the same process generate without bound).

Two servers: the single-user app over a demo season, and a shared server with accounts where the
fuzzer calls with an athlete's API token and the IDs it makes up may be another athlete's.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, settings

from everyrun.bootstrap import password_hasher
from everyrun.domain.accounts.people import Role
from everyrun.services import accounts
from everyrun.web.app import create_app
from tests.web.conftest import NOW, clock, settings_for

EXAMPLES = 12  # per operation: the whole fuzz stays within seconds


def _seeded_copy(folder: Path) -> Path:
    """The demo season database, built the same way as the `seeded_db` fixture."""
    from everyrun.cli.demo import read_samples
    from everyrun.config import zone
    from everyrun.services.demo_season import run_demo_season
    from everyrun.store.sql_store import SqlStore
    from tests.web.conftest import ZONE

    database = folder / "fuzz.db"
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


_LOCAL_DIR = Path(tempfile.mkdtemp(prefix="everyrun-fuzz-"))
_local_app = create_app(settings_for(_LOCAL_DIR, _seeded_copy(_LOCAL_DIR)), clock=clock)
local_schema = schemathesis.openapi.from_asgi("/openapi.json", _local_app)

_SERVER_DIR = Path(tempfile.mkdtemp(prefix="everyrun-fuzz-server-"))
_server_app = create_app(
    settings_for(_SERVER_DIR, _SERVER_DIR / "server.db"),
    clock=clock,
    accounts=True,
    hasher=password_hasher(fast=True),
)
_store = _server_app.state.everyrun.store
_hasher = _server_app.state.everyrun.hasher
for email, role in (("a@example.org", Role.ATHLETE), ("b@example.org", Role.ATHLETE)):
    accounts.sign_up(
        _store, _hasher, email=email, password="x" * 12, name=email[0], role=role,
        now=NOW - timedelta(days=1),
    )  # fmt: skip
_ATHLETE = _store.account_with_hash("a@example.org")[0]
TOKEN = accounts.issue_api_token(_store, _ATHLETE, "fuzz", NOW)
server_schema = schemathesis.openapi.from_asgi("/openapi.json", _server_app)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # a failure is reported as found, not shrunk
)


def _no_server_error(response: Any, case: Any) -> None:
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:400]}"
    )


@local_schema.parametrize()
@FUZZ
def test_the_single_user_api_never_answers_with_a_server_error(case: Any) -> None:
    _no_server_error(case.call(), case)


@server_schema.parametrize()
@FUZZ
def test_the_shared_server_api_never_answers_with_a_server_error(case: Any) -> None:
    _no_server_error(case.call(headers={"Authorization": f"Bearer {TOKEN}"}), case)


def teardown_module() -> None:
    for app in (_local_app, _server_app):
        app.state.everyrun.store.close()
    shutil.rmtree(_LOCAL_DIR, ignore_errors=True)
    shutil.rmtree(_SERVER_DIR, ignore_errors=True)
