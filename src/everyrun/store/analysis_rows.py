"""Activity analyses to and from rows: a few queryable columns and the rest as JSON."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from everyrun.domain.analysis.activity_analysis import ActivityAnalysis
from everyrun.services.ports import StoredAnalysis
from everyrun.store import tables as t


def _plain(value: Any) -> Any:
    """JSON has no NaN, enums or dates: None, their value, ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def analysis_row(
    athlete_id: int, activity_id: int, analysis: ActivityAnalysis, analysed_at: datetime
) -> dict[str, Any]:
    load = analysis.effort.load
    return {
        "activity_id": activity_id,
        "athlete_id": athlete_id,
        "version": analysis.version,
        "profile_day": analysis.profile_day,
        "analysed_at": analysed_at,
        "purpose": analysis.purpose.purpose.value,
        "purpose_confidence": analysis.purpose.confidence,
        "load": None if load is None else load.value,
        "load_method": None if load is None else load.method,
        "data": json.dumps(_plain(asdict(analysis)), allow_nan=False),
    }


def replace_analyses(connection: Connection, athlete_id: int, rows: list[dict[str, Any]]) -> None:
    ids = [row["activity_id"] for row in rows]
    c = t.activity_analyses.c
    connection.execute(
        sa.delete(t.activity_analyses).where(c.athlete_id == athlete_id, c.activity_id.in_(ids))
    )
    connection.execute(sa.insert(t.activity_analyses), rows)


def select_analyses(
    connection: Connection, athlete_id: int, activity_id: int | None = None
) -> list[StoredAnalysis]:
    a, x = t.activities.c, t.activity_analyses.c
    query = (
        sa.select(t.activity_analyses, a.start_utc, a.utc_offset_s, a.sport)
        .join(t.activities, a.id == x.activity_id)
        .where(x.athlete_id == athlete_id)
        .order_by(a.start_utc)
    )
    if activity_id is not None:
        query = query.where(x.activity_id == activity_id)
    return [
        StoredAnalysis(
            activity_id=row.activity_id,
            sport=row.sport,
            start_utc=row.start_utc,
            utc_offset_s=row.utc_offset_s,
            version=row.version,
            profile_day=row.profile_day,
            analysed_at=row.analysed_at,
            purpose=row.purpose,
            purpose_confidence=row.purpose_confidence,
            load=row.load,
            load_method=row.load_method,
            data=json.loads(row.data),
        )
        for row in connection.execute(query)
    ]
