"""Reads that only an export of all an athlete's data needs (services.data_export): the whole
goal history and each plan version's stored document, as a mixin like plan_rows.

Documents are returned as stored (the lossless JSON of domain.planning.plan_record), not
decoded into a Plan and encoded again: an export of many versions stays cheap.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from everyrun.store import tables as t
from everyrun.store.plan_rows import plan_not_found


class ExportRows:
    """The ExportStore part of SqlStore (services.data_export.ExportStore)."""

    if TYPE_CHECKING:

        def _begin(self) -> AbstractContextManager[Connection]: ...
        def _open(self) -> Connection: ...

    def goal_history(self, athlete_id: int) -> list[tuple[int, datetime, dict[str, Any]]]:
        """(id, set at, goal document) of every goal the athlete set, oldest first."""
        g = t.goals.c
        query = (
            sa.select(g.id, g.created_at, g.document)
            .where(g.athlete_id == athlete_id)
            .order_by(g.created_at, g.id)
        )
        with self._open() as connection:
            return [
                (int(row.id), row.created_at, json.loads(row.document))
                for row in connection.execute(query)
            ]

    def plan_document(self, athlete_id: int, plan_id: int) -> dict[str, Any]:
        """One of the athlete's plan versions as stored; NotFoundError if not theirs."""
        p = t.plans.c
        query = sa.select(p.document).where(p.id == plan_id, p.athlete_id == athlete_id)
        with self._open() as connection:
            document = connection.scalar(query)
        if document is None:
            raise plan_not_found(plan_id)
        found: dict[str, Any] = json.loads(document)
        return found
