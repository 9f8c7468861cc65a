"""Use cases: set and show the athlete's profile, every change dated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from everyrun.domain.athlete import (
    DatedProfile,
    ProfileChange,
    ProfileValueError,
    check_consistent,
    checked_value,
    profile_on,
)
from everyrun.services.ports import ProfileStore


def set_profile(
    store: ProfileStore,
    athlete_id: int,
    values: Mapping[str, Any],
    *,
    effective_from: date,
    now_utc: datetime,
) -> DatedProfile:
    """Record the given values from `effective_from` on; all or none are stored."""
    if not values:
        raise ProfileValueError("nothing to set", "give at least one value, e.g. --max-hr 188")
    changes = [
        ProfileChange(name, checked_value(name, raw, today=now_utc.date()), effective_from, now_utc)
        for name, raw in values.items()
    ]
    zone = values.get("time_zone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ProfileValueError(
                f"unknown time zone {zone!r}", "use an IANA name such as Europe/Berlin"
            ) from error
    known = store.profile_changes(athlete_id)
    # Every day from the change on must still make sense, including days a later change covers.
    days = {effective_from, *(c.effective_from for c in known if c.effective_from > effective_from)}
    for day in sorted(days):
        check_consistent(profile_on([*known, *changes], day).profile)
    store.record_profile_changes(athlete_id, changes)
    return profile_on([*known, *changes], effective_from)


def profile_for_day(store: ProfileStore, athlete_id: int, day: date) -> DatedProfile:
    return profile_on(store.profile_changes(athlete_id), day)
