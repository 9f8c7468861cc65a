"""Fixtures for the use-case tests: real stores, as the store tests build them.

`store` runs on a SQLite file and, when EVERYRUN_TEST_POSTGRES_URL is set, on a fresh PostgreSQL
schema (under CI=true a missing URL fails instead of skipping); it is the store tests' own fixture,
reused as it is. `sqlite_store` is for tests whose subject is the use case, not the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from everyrun.store.sql_store import SqlStore
from tests.store.conftest import store, store_url  # noqa: F401  (fixtures, reused as they are)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqlStore]:
    with SqlStore(f"sqlite:///{tmp_path / 'everyrun.db'}") as sql_store:
        sql_store.upgrade()
        yield sql_store
