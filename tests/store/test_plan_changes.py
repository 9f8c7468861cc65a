"""Suggested plan changes in the database (SQLite, and PostgreSQL when configured): stored with
their plan version, read back exactly, decided once, and accepted atomically with the new
version they went into."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from everyrun.domain.adaptation.changes import Change, ChangeStatus, Rule
from everyrun.domain.errors import NotFoundError
from everyrun.store.sql_store import SqlStore
from tests.domain.planning.test_plan_record import sample_plan

NOW = datetime(2026, 12, 1, 8, tzinfo=UTC)
AS_OF = date(2026, 12, 8)


def _change(store: SqlStore) -> tuple[int, Change]:
    plan = sample_plan()
    before = plan.sessions[0]
    after = replace(before, title="Easy 5 km", why="Swapped in: readiness is 'rest' today.")
    change = Change(
        Rule.READINESS,
        before.day,
        "Swapped today's threshold for easy running: readiness is 'rest' today (HRV 18 % low)",
        before,
        after,
        removed=(before,),
        added=(after,),
    )
    return store.save_plan(store.default_athlete_id(), plan, created_at=NOW), change


def test_a_change_reads_back_exactly_with_its_plan_version(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    plan_id, change = _change(store)
    assert store.active_plan_id(athlete) == plan_id

    [stored] = store.add_changes(athlete, plan_id, AS_OF, [change], created_at=NOW)

    [read] = store.plan_changes(athlete, plan_id=plan_id, status=ChangeStatus.PROPOSED)
    assert read == stored
    assert read.change == change and read.as_of == AS_OF and read.decided_at is None
    assert store.plan_changes(athlete, status=ChangeStatus.ACCEPTED) == []


def test_accepting_saves_the_new_version_and_marks_the_change_in_one_go(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    plan_id, change = _change(store)
    [stored] = store.add_changes(athlete, plan_id, AS_OF, [change], created_at=NOW)
    adapted = replace(sample_plan(), sessions=(change.after, *sample_plan().sessions[1:]))

    new_id = store.save_adapted_plan(athlete, adapted, [stored.id], created_at=NOW)

    [read] = store.plan_changes(athlete, ids=[stored.id])
    assert read.status is ChangeStatus.ACCEPTED and read.applied_plan_id == new_id
    assert store.active_plan_id(athlete) == new_id
    versions = store.plan_versions(athlete)
    assert [(v.id, v.active, v.adapted_changes) for v in versions] == [
        (plan_id, False, 0),
        (new_id, True, 1),
    ]


def test_an_unknown_change_refuses_the_whole_acceptance(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    plan_id, change = _change(store)
    [stored] = store.add_changes(athlete, plan_id, AS_OF, [change], created_at=NOW)
    with pytest.raises(NotFoundError):
        store.save_adapted_plan(athlete, sample_plan(), [stored.id, 999], created_at=NOW)
    assert store.active_plan_id(athlete) == plan_id  # nothing saved
    assert store.plan_changes(athlete, ids=[stored.id])[0].status is ChangeStatus.PROPOSED


def test_rejected_changes_are_kept_per_athlete(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    plan_id, change = _change(store)
    [stored] = store.add_changes(athlete, plan_id, AS_OF, [change], created_at=NOW)
    other = store.add_athlete("Other")
    with pytest.raises(NotFoundError):
        store.mark_changes(other, [stored.id], ChangeStatus.REJECTED, decided_at=NOW)

    store.mark_changes(athlete, [stored.id], ChangeStatus.REJECTED, decided_at=NOW)

    [read] = store.plan_changes(athlete, status=ChangeStatus.REJECTED)
    assert read.id == stored.id and read.decided_at == NOW
    assert store.plan_changes(other) == []
