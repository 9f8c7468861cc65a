"""Purposes given after the fact: one per activity, the latest wins, scoped to the athlete."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from everyrun.domain.errors import NotFoundError
from everyrun.domain.purpose import Purpose
from everyrun.store.sql_store import SqlStore
from tests.store.conftest import MakeNew

GIVEN_AT = datetime(2027, 2, 20, 8, tzinfo=UTC)


def test_a_given_purpose_reads_back_and_a_second_replaces_it(
    store: SqlStore, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    (activity_id,) = store.add_activities(athlete, [make_new()])

    store.set_given_purpose(athlete, activity_id, Purpose.EASY_AEROBIC, "windy", GIVEN_AT)
    store.set_given_purpose(athlete, activity_id, Purpose.RECOVERY, None, GIVEN_AT)

    given = store.given_purposes(athlete)
    assert list(given) == [activity_id]
    assert given[activity_id].purpose is Purpose.RECOVERY
    assert given[activity_id].note is None
    assert given[activity_id].given_at == GIVEN_AT
    assert store.given_purposes(athlete, [activity_id + 1]) == {}
    assert store.given_purposes(athlete, []) == {}


def test_another_athletes_activity_cannot_be_given_a_purpose(
    store: SqlStore, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    (activity_id,) = store.add_activities(athlete, [make_new()])
    other = store.add_athlete("Other")

    with pytest.raises(NotFoundError, match=f"no activity with ID {activity_id}"):
        store.set_given_purpose(other, activity_id, Purpose.RECOVERY, None, GIVEN_AT)
    assert store.given_purposes(other) == {}


def test_deleting_the_activity_deletes_its_given_purpose(
    store: SqlStore, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    (activity_id,) = store.add_activities(athlete, [make_new()])
    store.set_given_purpose(athlete, activity_id, Purpose.LONG_RUN, "with friends", GIVEN_AT)

    store.delete_activity(athlete, activity_id)

    assert store.given_purposes(athlete) == {}
