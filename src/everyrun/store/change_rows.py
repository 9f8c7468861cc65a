"""Suggested plan changes and plan versions, to and from rows: SqlStore's ChangeStore methods
(services.ports.ChangeStore), as a mixin like plan_rows; they use only `_begin` and `_open`.

A change is stored with the plan version it was proposed against, its sessions before and
after, and its exact edit as JSON, so it can be accepted alone later; accepting writes the new
plan version and marks the changes in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from everyrun.domain.adaptation.changes import Change, ChangeStatus, Rule
from everyrun.domain.errors import NotFoundError
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.plan_record import check_session_ids, session_from_dict
from everyrun.domain.planning.plan_record import session_to_dict as _session
from everyrun.domain.planning.session import PlannedSession
from everyrun.services.ports import PlanVersion, StoredChange
from everyrun.store import tables as t
from everyrun.store.plan_rows import insert_plan, plan_row, session_rows

CHANGES_HINT = "`everyrun plan adapt` lists the suggested changes and their IDs"


def _dump(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, allow_nan=False)


def _session_json(session: PlannedSession | None) -> str | None:
    return None if session is None else _dump(_session(session))


def _session_from(text: str | None) -> PlannedSession | None:
    return None if text is None else session_from_dict(json.loads(text))


def change_row(
    athlete_id: int, plan_id: int, as_of: date, change: Change, created_at: datetime
) -> dict[str, Any]:
    edit = {
        "removed": [_session(s) for s in change.removed],
        "added": [_session(s) for s in change.added],
        "new_vdot": change.new_vdot,
    }
    return {
        "athlete_id": athlete_id,
        "plan_id": plan_id,
        "created_at": created_at,
        "as_of": as_of,
        "day": change.day,
        "rule": change.rule.value,
        "sentence": change.sentence,
        "before": _session_json(change.before),
        "after": _session_json(change.after),
        "edit": _dump(edit),
        "status": ChangeStatus.PROPOSED.value,
        "decided_at": None,
        "applied_plan_id": None,
    }


def stored_change(row: Row[Any]) -> StoredChange:
    edit = json.loads(row.edit)
    change = Change(
        Rule(row.rule),
        row.day,
        row.sentence,
        _session_from(row.before),
        _session_from(row.after),
        removed=tuple(session_from_dict(s) for s in edit["removed"]),
        added=tuple(session_from_dict(s) for s in edit["added"]),
        new_vdot=edit["new_vdot"],
    )
    return StoredChange(
        int(row.id),
        int(row.plan_id),
        row.created_at,
        row.as_of,
        change,
        ChangeStatus(row.status),
        row.decided_at,
        None if row.applied_plan_id is None else int(row.applied_plan_id),
    )


def _mark(
    connection: Connection,
    athlete_id: int,
    ids: Sequence[int],
    values: dict[str, Any],
) -> None:
    c = t.plan_changes.c
    wanted = set(ids)
    found = set(
        connection.scalars(
            sa.select(c.id).where(c.athlete_id == athlete_id, c.id.in_(sorted(wanted)))
        )
    )
    missing = sorted(wanted - found)
    if missing:
        raise NotFoundError(f"no suggested change with ID {missing[0]}", CHANGES_HINT)
    connection.execute(
        sa.update(t.plan_changes)
        .where(c.athlete_id == athlete_id, c.id.in_(sorted(wanted)))
        .values(**values)
    )


class ChangeRows:
    """The ChangeStore part of SqlStore."""

    if TYPE_CHECKING:

        def _begin(self) -> AbstractContextManager[Connection]: ...
        def _open(self) -> Connection: ...

    def active_plan_id(self, athlete_id: int) -> int | None:
        p = t.plans.c
        query = sa.select(p.id).where(p.athlete_id == athlete_id, p.active == sa.true())
        with self._open() as connection:
            found = connection.scalar(query)
        return None if found is None else int(found)

    def add_changes(
        self,
        athlete_id: int,
        plan_id: int,
        as_of: date,
        changes: Sequence[Change],
        *,
        created_at: datetime,
    ) -> list[StoredChange]:
        if not changes:
            return []
        rows = [change_row(athlete_id, plan_id, as_of, c, created_at) for c in changes]
        with self._begin() as connection:
            inserted = connection.execute(
                sa.insert(t.plan_changes).returning(
                    t.plan_changes.c.id, sort_by_parameter_order=True
                ),
                rows,
            )
            ids = [int(i) for i in inserted.scalars()]
        return [
            StoredChange(i, plan_id, created_at, as_of, change, ChangeStatus.PROPOSED)
            for i, change in zip(ids, changes, strict=True)
        ]

    def plan_changes(
        self,
        athlete_id: int,
        *,
        plan_id: int | None = None,
        status: ChangeStatus | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[StoredChange]:
        c = t.plan_changes.c
        query = sa.select(t.plan_changes).where(c.athlete_id == athlete_id)
        if plan_id is not None:
            query = query.where(c.plan_id == plan_id)
        if status is not None:
            query = query.where(c.status == status.value)
        if ids is not None:
            query = query.where(c.id.in_(list(ids)))
        with self._open() as connection:
            return [stored_change(row) for row in connection.execute(query.order_by(c.id))]

    def mark_changes(
        self, athlete_id: int, ids: Sequence[int], status: ChangeStatus, *, decided_at: datetime
    ) -> None:
        if not ids:
            return
        values = {"status": status.value, "decided_at": decided_at}
        with self._begin() as connection:
            _mark(connection, athlete_id, ids, values)

    def save_adapted_plan(
        self, athlete_id: int, plan: Plan, accepted: Sequence[int], *, created_at: datetime
    ) -> int:
        check_session_ids(plan)
        row = plan_row(athlete_id, plan, created_at)
        sessions = session_rows(athlete_id, plan)
        with self._begin() as connection:
            plan_id = insert_plan(connection, row, sessions)
            if accepted:
                values = {
                    "status": ChangeStatus.ACCEPTED.value,
                    "decided_at": created_at,
                    "applied_plan_id": plan_id,
                }
                _mark(connection, athlete_id, accepted, values)
            return plan_id

    def plan_versions(self, athlete_id: int) -> list[PlanVersion]:
        p, c = t.plans.c, t.plan_changes.c
        applied = (
            sa.select(sa.func.count())
            .where(c.applied_plan_id == p.id, c.athlete_id == athlete_id)
            .scalar_subquery()
        )
        query = (
            sa.select(p.id, p.created_at, p.active, p.start_day, p.end_day, applied.label("n"))
            .where(p.athlete_id == athlete_id)
            .order_by(p.id)
        )
        with self._open() as connection:
            return [
                PlanVersion(
                    int(r.id), r.created_at, bool(r.active), r.start_day, r.end_day, int(r.n)
                )
                for r in connection.execute(query)
            ]
