"""What the athlete logs by hand, to and from rows: wellness, niggles, manual sessions, RPE."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from everyrun.domain.analysis.session_load import Load
from everyrun.domain.manual_sessions import Drill, Exercise, ManualSession
from everyrun.domain.purpose import Purpose
from everyrun.domain.wellness import WELLNESS_VALUES, Niggle, WellnessEntry
from everyrun.services.ports import StoredManualSession
from everyrun.store import tables as t

_CHUNK = 500  # keeps IN lists and multi-row INSERTs well below driver parameter limits

NiggleKey = tuple[date, str, str | None]


def _given(entry: WellnessEntry) -> dict[str, Any]:
    return {
        name: getattr(entry, name) for name in WELLNESS_VALUES if getattr(entry, name) is not None
    }


def _stored_days(connection: Connection, athlete_id: int, days: list[date]) -> set[date]:
    w = t.wellness_entries.c
    found: set[date] = set()
    for start in range(0, len(days), _CHUNK):
        chunk = days[start : start + _CHUNK]
        query = sa.select(w.day).where(w.athlete_id == athlete_id, w.day.in_(chunk))
        found.update(connection.scalars(query))
    return found


def save_wellness(
    connection: Connection,
    athlete_id: int,
    entries: Sequence[WellnessEntry],
    recorded_at: datetime,
) -> None:
    """Merge entries into their days, in order: only the values each entry gives change."""
    stored = _stored_days(connection, athlete_id, sorted({e.day for e in entries}))
    new_rows: dict[date, dict[str, Any]] = {}
    updates: dict[date, dict[str, Any]] = {}
    niggles: dict[NiggleKey, Niggle] = {}
    for entry in entries:
        target = updates if entry.day in stored else new_rows
        target.setdefault(entry.day, {}).update(_given(entry))
        for niggle in entry.niggles:
            niggles[(entry.day, niggle.location, niggle.side)] = niggle
    w, n = t.wellness_entries.c, t.wellness_niggles.c
    for day, values in updates.items():
        connection.execute(
            sa.update(t.wellness_entries)
            .where(w.athlete_id == athlete_id, w.day == day)
            .values(**values, updated_at=recorded_at)
        )
    rows = [
        {name: None for name in WELLNESS_VALUES}
        | values
        | {"athlete_id": athlete_id, "day": day, "updated_at": recorded_at}
        for day, values in new_rows.items()
    ]
    _insert(connection, t.wellness_entries, rows)
    for day, location, side in niggles:
        if day in stored:  # `== None` compiles to IS NULL
            connection.execute(
                sa.delete(t.wellness_niggles).where(
                    n.athlete_id == athlete_id, n.day == day, n.location == location, n.side == side
                )
            )
    niggle_rows = [
        {"athlete_id": athlete_id, "day": day, **asdict(niggle)}
        for (day, _, _), niggle in niggles.items()
    ]
    _insert(connection, t.wellness_niggles, niggle_rows)


def _insert(connection: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        connection.execute(sa.insert(table), rows[start : start + _CHUNK])


def select_wellness(
    connection: Connection, athlete_id: int, first: date, last: date
) -> list[WellnessEntry]:
    w, n = t.wellness_entries.c, t.wellness_niggles.c
    niggles: defaultdict[date, list[Niggle]] = defaultdict(list)
    niggle_query = (
        sa.select(n.day, n.location, n.side, n.severity, n.note)
        .where(n.athlete_id == athlete_id, n.day >= first, n.day <= last)
        .order_by(n.day, n.id)
    )
    for row in connection.execute(niggle_query):
        niggles[row.day].append(Niggle(row.location, row.side, row.severity, row.note))
    query = (
        sa.select(t.wellness_entries)
        .where(w.athlete_id == athlete_id, w.day >= first, w.day <= last)
        .order_by(w.day)
    )
    return [
        WellnessEntry(
            row.day,
            **{name: row._mapping[name] for name in WELLNESS_VALUES},
            niggles=tuple(niggles[row.day]),
        )
        for row in connection.execute(query)
    ]


def manual_session_row(
    athlete_id: int, session: ManualSession, load: Load | None, recorded_at: datetime
) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "day": session.day,
        "kind": session.kind,
        "sport": session.sport,
        "minutes": session.minutes,
        "rpe": session.rpe,
        "purpose": None if session.purpose is None else session.purpose.value,
        "notes": session.notes,
        "exercises": json.dumps([asdict(e) for e in session.exercises], allow_nan=False),
        "drills": json.dumps([asdict(d) for d in session.drills], allow_nan=False),
        "load": None if load is None else load.value,
        "load_method": None if load is None else load.method,
        "recorded_at": recorded_at,
    }


def insert_manual_session(connection: Connection, row: dict[str, Any]) -> int:
    statement = sa.insert(t.manual_sessions).values(**row).returning(t.manual_sessions.c.id)
    return int(connection.execute(statement).scalar_one())


def select_manual_sessions(
    connection: Connection, athlete_id: int, first: date, last: date
) -> list[StoredManualSession]:
    m = t.manual_sessions.c
    query = (
        sa.select(t.manual_sessions)
        .where(m.athlete_id == athlete_id, m.day >= first, m.day <= last)
        .order_by(m.day, m.id)
    )
    found = []
    for row in connection.execute(query):
        session = ManualSession(
            day=row.day,
            kind=row.kind,
            sport=row.sport,
            minutes=row.minutes,
            rpe=row.rpe,
            purpose=None if row.purpose is None else Purpose(row.purpose),
            notes=row.notes,
            exercises=tuple(Exercise(**e) for e in json.loads(row.exercises)),
            drills=tuple(Drill(**d) for d in json.loads(row.drills)),
        )
        found.append(
            StoredManualSession(row.id, session, row.load, row.load_method, row.recorded_at)
        )
    return found


def replace_activity_rpe(
    connection: Connection, athlete_id: int, activity_id: int, rpe: float, recorded_at: datetime
) -> bool:
    """False, and nothing written, when the activity is not this athlete's."""
    a, r = t.activities.c, t.activity_rpe.c
    owned = connection.scalar(
        sa.select(a.id).where(a.id == activity_id, a.athlete_id == athlete_id)
    )
    if owned is None:
        return False
    connection.execute(
        sa.delete(t.activity_rpe).where(r.activity_id == activity_id, r.athlete_id == athlete_id)
    )
    connection.execute(
        sa.insert(t.activity_rpe).values(
            activity_id=activity_id, athlete_id=athlete_id, rpe=rpe, recorded_at=recorded_at
        )
    )
    return True


def select_activity_rpes(connection: Connection, athlete_id: int) -> dict[int, float]:
    r = t.activity_rpe.c
    query = sa.select(r.activity_id, r.rpe).where(r.athlete_id == athlete_id)
    return {int(row.activity_id): float(row.rpe) for row in connection.execute(query)}
