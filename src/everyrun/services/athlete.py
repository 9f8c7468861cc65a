"""Use cases: set and show the athlete's profile, every change dated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from everyrun.domain.athlete import (
    AthleteProfile,
    DatedProfile,
    ProfileChange,
    ProfileValueError,
    check_consistent,
    checked_value,
    profile_on,
)
from everyrun.domain.science.vdot import training_paces
from everyrun.domain.units import PER_KM, format_pace
from everyrun.services.ports import ProfileStore

# Daniels' threshold pace follows from VDOT; a threshold pace given beside a VDOT may differ a
# little (a lab test, a recent race) but not by this much: then one of them is out of date.
VDOT_PACE_TOLERANCE = 0.10


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
        profile = profile_on([*known, *changes], day).profile
        check_consistent(profile)
        _check_vdot_matches_pace(profile)
    store.record_profile_changes(athlete_id, changes)
    return profile_on([*known, *changes], effective_from)


def _check_vdot_matches_pace(profile: AthleteProfile) -> None:
    speed, vdot = profile.threshold_speed_mps, profile.vdot
    if speed is None or vdot is None:
        return
    expected = training_paces(vdot).threshold_mps
    if abs(speed / expected - 1) > VDOT_PACE_TOLERANCE:
        raise ProfileValueError(
            f"threshold pace {format_pace(speed, PER_KM)} does not match VDOT {vdot:g}, "
            f"whose threshold pace is {format_pace(expected, PER_KM)}",
            "set the two together so they agree within 10 %, or set only one of them",
        )


def profile_for_day(store: ProfileStore, athlete_id: int, day: date) -> DatedProfile:
    return profile_on(store.profile_changes(athlete_id), day)


def time_zone_for(
    store: ProfileStore, athlete_id: int, day: date, *, explicit: ZoneInfo | None, machine: ZoneInfo
) -> ZoneInfo:
    """Where local days come from: a flag or EVERYRUN_TIME_ZONE wins, then the profile's zone,
    then this machine's."""
    if explicit is not None:
        return explicit
    chosen = profile_for_day(store, athlete_id, day).profile.time_zone
    return ZoneInfo(chosen) if chosen else machine
