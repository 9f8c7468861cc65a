"""The one place that builds adapters from settings and hands them to the use cases."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from everyrun.config import Settings
from everyrun.importers.registry import read_activities
from everyrun.importers.sources import SourceFile, SourceProblem, count_sources, iter_sources
from everyrun.services.athlete import time_zone_for
from everyrun.services.ports import ProfileStore, ReadActivities
from everyrun.store.sql_store import SqlStore


def open_store(settings: Settings) -> SqlStore:
    """The store at the configured URL, migrated to the current schema."""
    store = SqlStore(settings.database_url)
    store.upgrade()
    return store


def find_sources(paths: Sequence[Path]) -> Iterator[SourceFile | SourceProblem]:
    return iter_sources(paths)


def estimate_source_count(paths: Sequence[Path]) -> int:
    return count_sources(paths)


def activity_reader() -> ReadActivities:
    return read_activities


def athlete_zone(
    store: ProfileStore, athlete_id: int, settings: Settings, now: datetime
) -> ZoneInfo:
    """The zone local days are counted in: flag or variable, else the profile's, else this
    machine's (see services.athlete.time_zone_for)."""
    return time_zone_for(
        store,
        athlete_id,
        now.date(),
        explicit=settings.time_zone if settings.time_zone_is_explicit else None,
        machine=settings.time_zone,
    )


class Argon2Hasher:
    """argon2id (RFC 9106) through argon2-cffi: memory-hard, so a stolen database is slow to
    crack. `fast`: tiny parameters, for tests only."""

    def __init__(self, *, fast: bool = False) -> None:
        from argon2 import PasswordHasher as Argon2

        self._hasher = (
            Argon2(time_cost=1, memory_cost=8, parallelism=1) if fast else Argon2()
        )  # defaults: t=3, m=64 MiB, p=4 (RFC 9106's second recommended option)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


def password_hasher(*, fast: bool = False) -> Argon2Hasher:
    return Argon2Hasher(fast=fast)
