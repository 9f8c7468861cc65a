"""Purposes the athlete gave after the fact, to and from rows: SqlStore's GivenPurposeStore
methods (services.ports.GivenPurposeStore), as a mixin like plan_rows; they use only `_begin`
and `_open`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from everyrun.domain.errors import NotFoundError
from everyrun.domain.purpose import Purpose
from everyrun.services.ports import GivenPurpose
from everyrun.store import tables as t

ACTIVITIES_HINT = "`everyrun activities` lists your activities and their IDs"


class AuditRows:
    """The GivenPurposeStore part of SqlStore."""

    if TYPE_CHECKING:

        def _begin(self) -> AbstractContextManager[Connection]: ...
        def _open(self) -> Connection: ...

    def set_given_purpose(
        self,
        athlete_id: int,
        activity_id: int,
        purpose: Purpose,
        note: str | None,
        given_at: datetime,
    ) -> None:
        """Replace the activity's given purpose; NotFoundError if not this athlete's."""
        a, g = t.activities.c, t.given_purposes.c
        with self._begin() as connection:
            owned = connection.scalar(
                sa.select(a.id).where(a.id == activity_id, a.athlete_id == athlete_id)
            )
            if owned is None:
                raise NotFoundError(f"no activity with ID {activity_id}", ACTIVITIES_HINT)
            connection.execute(
                sa.delete(t.given_purposes).where(
                    g.activity_id == activity_id, g.athlete_id == athlete_id
                )
            )
            connection.execute(
                sa.insert(t.given_purposes).values(
                    activity_id=activity_id,
                    athlete_id=athlete_id,
                    purpose=purpose.value,
                    note=note,
                    given_at=given_at,
                )
            )

    def given_purposes(
        self, athlete_id: int, activity_ids: Sequence[int] | None = None
    ) -> dict[int, GivenPurpose]:
        g = t.given_purposes.c
        query = sa.select(g.activity_id, g.purpose, g.note, g.given_at).where(
            g.athlete_id == athlete_id
        )
        if activity_ids is not None:
            if not activity_ids:
                return {}
            query = query.where(g.activity_id.in_(list(activity_ids)))
        with self._open() as connection:
            return {
                int(row.activity_id): GivenPurpose(
                    int(row.activity_id), Purpose(row.purpose), row.note, row.given_at
                )
                for row in connection.execute(query)
            }
