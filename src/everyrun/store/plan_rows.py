"""Goals and plans, to and from rows: SqlStore's PlanStore methods (services.ports.PlanStore).

They live here, as a mixin SqlStore inherits, so that sql_store.py keeps to the activity store
and stays short; they use only its `_begin` and `_open`. A plan is stored whole as its JSON
document (domain.planning.plan_record) and its sessions again one row each, so a day's planned
sessions are found by index without reading the whole plan.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from everyrun.domain.errors import NotFoundError
from everyrun.domain.planning.goal import Goal
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.plan_record import (
    check_session_ids,
    goal_from_dict,
    goal_to_dict,
    plan_from_dict,
    plan_to_dict,
    session_from_dict,
    session_to_dict,
)
from everyrun.domain.planning.session import PlannedSession
from everyrun.store import tables as t

_CHUNK = 500  # rows per INSERT: well below the drivers' parameter limits
PLAN_HINT = "`everyrun plan show` shows the active plan and its ID"


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, allow_nan=False)


def goal_row(athlete_id: int, goal: Goal, created_at: datetime) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "created_at": created_at,
        "kind": goal.kind.value,
        "goal_day": goal.day,
        "document": _json(goal_to_dict(goal)),
    }


def plan_row(athlete_id: int, plan: Plan, created_at: datetime) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "created_at": created_at,
        "goal": _json(goal_to_dict(plan.goal)),
        "start_day": plan.start,
        "end_day": plan.end,
        "active": True,
        "document": _json(plan_to_dict(plan)),
    }


def session_rows(athlete_id: int, plan: Plan) -> list[dict[str, Any]]:
    """The plan's sessions without their plan id, which the insert adds."""
    return [
        {
            "athlete_id": athlete_id,
            "session_id": session.id,
            "position": position,
            "day": session.day,
            "kind": session.kind.value,
            "purpose": session.purpose.value,
            "week": session.week,
            "is_key": session.is_key,
            "document": _json(session_to_dict(session)),
        }
        for position, session in enumerate(plan.sessions)
    ]


def insert_plan(
    connection: Connection, plan: dict[str, Any], sessions: list[dict[str, Any]]
) -> int:
    """Make the plan the athlete's active one: the one before stays, inactive, as history."""
    p = t.plans.c
    connection.execute(
        sa.update(t.plans)
        .where(p.athlete_id == plan["athlete_id"], p.active == sa.true())
        .values(active=False)
    )
    plan_id = int(
        connection.execute(sa.insert(t.plans).values(**plan).returning(p.id)).scalar_one()
    )
    insert_sessions(connection, [{**row, "plan_id": plan_id} for row in sessions])
    return plan_id


def insert_sessions(connection: Connection, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        connection.execute(sa.insert(t.planned_sessions), rows[start : start + _CHUNK])


@lru_cache(maxsize=16)
def decoded_plan(document: str) -> Plan:
    """A stored plan document as a Plan. A plan's document never changes once written (a change
    is a new version), and decoding a season takes ~0.2 s, so the last few are kept; Plan is
    frozen, so sharing one between requests is safe."""
    return plan_from_dict(json.loads(document))


def plan_not_found(plan_id: int) -> NotFoundError:
    return NotFoundError(f"no plan with ID {plan_id}", PLAN_HINT)


class PlanRows:
    """The PlanStore half of SqlStore."""

    if TYPE_CHECKING:

        def _begin(self) -> AbstractContextManager[Connection]: ...
        def _open(self) -> Connection: ...

    def save_goal(self, athlete_id: int, goal: Goal, *, created_at: datetime) -> None:
        """Make `goal` the current one; earlier goals stay as history."""
        row = goal_row(athlete_id, goal, created_at)
        with self._begin() as connection:
            connection.execute(sa.insert(t.goals).values(**row))

    def current_goal(self, athlete_id: int) -> Goal | None:
        g = t.goals.c
        query = (
            sa.select(g.document)
            .where(g.athlete_id == athlete_id)
            .order_by(g.created_at.desc(), g.id.desc())
            .limit(1)
        )
        with self._open() as connection:
            document = connection.scalar(query)
        return None if document is None else goal_from_dict(json.loads(document))

    def save_plan(self, athlete_id: int, plan: Plan, *, created_at: datetime) -> int:
        """Store the plan as the active one, in one transaction: all of it or nothing."""
        check_session_ids(plan)
        # Encode before the transaction opens: CPU work should not hold database locks.
        row = plan_row(athlete_id, plan, created_at)
        sessions = session_rows(athlete_id, plan)
        with self._begin() as connection:
            return insert_plan(connection, row, sessions)

    def active_plan(self, athlete_id: int) -> tuple[int, Plan] | None:
        p = t.plans.c
        query = sa.select(p.id, p.document).where(p.athlete_id == athlete_id, p.active == sa.true())
        with self._open() as connection:
            found = connection.execute(query).one_or_none()
        return None if found is None else (int(found.id), decoded_plan(found.document))

    def plan(self, athlete_id: int, plan_id: int) -> Plan:
        """Any of the athlete's plans, active or not; NotFoundError if not theirs."""
        p = t.plans.c
        query = sa.select(p.document).where(p.id == plan_id, p.athlete_id == athlete_id)
        with self._open() as connection:
            document = connection.scalar(query)
        if document is None:
            raise plan_not_found(plan_id)
        return decoded_plan(document)

    def planned_sessions_between(
        self, athlete_id: int, first: date, last: date
    ) -> list[PlannedSession]:
        """The active plan's sessions on days first..last (inclusive), in the plan's order."""
        s, p = t.planned_sessions.c, t.plans.c
        query = (
            sa.select(s.document)
            .select_from(t.planned_sessions.join(t.plans, s.plan_id == p.id))
            .where(
                p.athlete_id == athlete_id,
                p.active == sa.true(),
                s.day >= first,
                s.day <= last,
            )
            .order_by(s.day, s.position)
        )
        with self._open() as connection:
            documents = list(connection.scalars(query))
        return [session_from_dict(json.loads(document)) for document in documents]
