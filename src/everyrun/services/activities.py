"""Use cases: look through what was done — the activity list and one activity in full."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from everyrun.domain.activity import Activity
from everyrun.services.ports import ActivityStore, ActivitySummary

_WIDEST_UTC_OFFSET = timedelta(hours=14)


def local_day(summary: ActivitySummary) -> date:
    """Training days are the athlete's local days, not UTC days."""
    offset = timedelta(seconds=summary.utc_offset_s or 0)
    return (summary.start_utc + offset).date()


def list_activities(
    store: ActivityStore,
    athlete_id: int,
    *,
    since: date | None = None,
    until: date | None = None,
    sports: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[ActivitySummary]:
    """Newest first, filtered by local day (inclusive) and sport."""
    since_utc = (
        datetime.combine(since, time.min, tzinfo=UTC) - _WIDEST_UTC_OFFSET if since else None
    )
    until_utc = (
        datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC) + _WIDEST_UTC_OFFSET
        if until
        else None
    )
    found = store.list_activities(
        athlete_id, since_utc=since_utc, until_utc=until_utc, sports=sports or None
    )
    kept = [
        s
        for s in found
        if (since is None or local_day(s) >= since) and (until is None or local_day(s) <= until)
    ]
    return kept[:limit] if limit else kept


def get_activity(store: ActivityStore, athlete_id: int, activity_id: int) -> Activity:
    return store.get_activity(athlete_id, activity_id)
