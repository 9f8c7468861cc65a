"""Setting the profile: dated, validated, all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from everyrun.domain.athlete import ProfileValueError
from everyrun.services.athlete import profile_for_day, set_profile
from everyrun.store.sql_store import SqlStore

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)


def test_a_profile_set_today_and_changed_later_keeps_both(store: SqlStore) -> None:
    me = store.default_athlete_id()
    set_profile(
        store,
        me,
        {"max_heart_rate_bpm": 190, "threshold_heart_rate_bpm": 168, "sex": "female"},
        effective_from=date(2025, 1, 1),
        now_utc=NOW,
    )
    set_profile(
        store, me, {"threshold_heart_rate_bpm": 172}, effective_from=date(2026, 6, 1), now_utc=NOW
    )
    old = profile_for_day(store, me, date(2025, 9, 1))
    new = profile_for_day(store, me, date(2026, 11, 1))
    assert old.profile.threshold_heart_rate_bpm == 168
    assert new.profile.threshold_heart_rate_bpm == 172
    assert new.profile.sex == "female" and new.profile.max_heart_rate_bpm == 190
    assert new.sources["threshold_heart_rate_bpm"].effective_from == date(2026, 6, 1)


def test_a_bad_value_stores_nothing(store: SqlStore) -> None:
    me = store.default_athlete_id()
    with pytest.raises(ProfileValueError, match="between 100 and 230"):
        set_profile(
            store,
            me,
            {"weight_kg": 60, "max_heart_rate_bpm": 300},
            effective_from=date(2026, 1, 1),
            now_utc=NOW,
        )
    assert store.profile_changes(me) == []


def test_a_change_that_contradicts_a_later_one_is_refused(store: SqlStore) -> None:
    me = store.default_athlete_id()
    set_profile(
        store, me, {"threshold_heart_rate_bpm": 175}, effective_from=date(2026, 6, 1), now_utc=NOW
    )
    with pytest.raises(ProfileValueError, match="not below max heart rate"):
        set_profile(
            store, me, {"max_heart_rate_bpm": 172}, effective_from=date(2026, 1, 1), now_utc=NOW
        )
    assert len(store.profile_changes(me)) == 1


def test_an_unknown_time_zone_is_refused(store: SqlStore) -> None:
    me = store.default_athlete_id()
    with pytest.raises(ProfileValueError, match="IANA"):
        set_profile(
            store, me, {"time_zone": "Mars/Olympus"}, effective_from=NOW.date(), now_utc=NOW
        )


def test_athletes_do_not_see_each_others_profile(store: SqlStore) -> None:
    me = store.default_athlete_id()
    other = store.add_athlete("Coach's other runner")
    set_profile(store, me, {"vdot": 52}, effective_from=NOW.date(), now_utc=NOW)
    assert profile_for_day(store, other, NOW.date()).profile.vdot is None
