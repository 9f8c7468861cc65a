"""The one place that builds adapters from settings and hands them to the use cases."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from everyrun.config import Settings
from everyrun.importers.registry import read_activities
from everyrun.importers.sources import SourceFile, SourceProblem, count_sources, iter_sources
from everyrun.services.ports import ReadActivities
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
