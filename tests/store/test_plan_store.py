"""Goals and plans in the database: read back exactly, one active plan, all-or-nothing saves."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import exc as sa_exc

from everyrun.domain.errors import NotFoundError
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan_record import PlanFormatError, plan_to_dict
from everyrun.domain.wellness import WellnessEntry
from everyrun.store import migrations, plan_rows
from everyrun.store import tables as t
from everyrun.store.sql_store import SqlStore
from tests.domain.planning.test_plan_record import START, race_goal, sample_plan

NOW = datetime(2026, 12, 1, 8, tzinfo=UTC)
BASE_GOAL = Goal(GoalKind.BASE, target_weekly_km=50.0, end_date=date(2027, 3, 1))


def active_rows(store: SqlStore) -> list[int]:
    with store.engine.connect() as connection:
        return list(connection.scalars(sa.select(t.plans.c.id).where(t.plans.c.active)))


# --- goals -------------------------------------------------------------------------------------


def test_the_current_goal_is_the_latest_and_earlier_ones_stay(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    assert store.current_goal(athlete) is None
    store.save_goal(athlete, race_goal(), created_at=NOW)
    assert store.current_goal(athlete) == race_goal()
    store.save_goal(athlete, BASE_GOAL, created_at=NOW + timedelta(hours=1))
    assert store.current_goal(athlete) == BASE_GOAL
    with store.engine.connect() as connection:
        kinds = connection.execute(
            sa.select(t.goals.c.kind, t.goals.c.goal_day).order_by(t.goals.c.created_at)
        ).all()
    assert [tuple(row) for row in kinds] == [
        ("race", date(2027, 3, 28)),
        ("base", date(2027, 3, 1)),
    ]


def test_goals_are_kept_per_athlete(store: SqlStore) -> None:
    me, other = store.default_athlete_id(), store.add_athlete("Other")
    store.save_goal(me, race_goal(), created_at=NOW)
    store.save_goal(other, BASE_GOAL, created_at=NOW + timedelta(minutes=5))
    assert store.current_goal(me) == race_goal()
    assert store.current_goal(other) == BASE_GOAL


# --- plans -------------------------------------------------------------------------------------


def test_a_saved_plan_reads_back_exactly(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    plan = sample_plan()
    plan_id = store.save_plan(athlete, plan, created_at=NOW)
    assert store.active_plan(athlete) == (plan_id, plan)
    assert store.plan(athlete, plan_id) == plan
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(t.plans)).one()
        sessions = connection.execute(sa.select(t.planned_sessions)).all()
    assert (row.start_day, row.end_day, row.active) == (plan.start, plan.end, True)
    assert json.loads(row.document) == plan_to_dict(plan)
    assert len(sessions) == len(plan.sessions)
    assert {(s.session_id, s.day, s.kind, s.purpose, s.week, s.is_key) for s in sessions} == {
        (s.id, s.day, s.kind.value, s.purpose.value, s.week, s.is_key) for s in plan.sessions
    }


def test_a_new_plan_replaces_the_active_one_and_the_old_one_stays(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    first = sample_plan()
    second = sample_plan(START + timedelta(days=7), label=" (second)")
    first_id = store.save_plan(athlete, first, created_at=NOW)
    second_id = store.save_plan(athlete, second, created_at=NOW + timedelta(days=1))
    assert second_id != first_id
    assert store.active_plan(athlete) == (second_id, second)
    assert store.plan(athlete, first_id) == first
    assert active_rows(store) == [second_id]


def test_each_athlete_has_their_own_active_plan(store: SqlStore) -> None:
    me, other = store.default_athlete_id(), store.add_athlete("Other")
    mine = store.save_plan(me, sample_plan(), created_at=NOW)
    theirs = store.save_plan(other, sample_plan(label=" other"), created_at=NOW)
    assert store.active_plan(me) == (mine, sample_plan())
    assert store.active_plan(other) == (theirs, sample_plan(label=" other"))
    with pytest.raises(NotFoundError, match=f"no plan with ID {theirs}") as error:
        store.plan(me, theirs)
    assert error.value.hint is not None and "everyrun plan show" in error.value.hint
    assert store.planned_sessions_between(other, date.min, date.max)
    assert store.active_plan(store.add_athlete("Nobody")) is None


def test_an_unknown_plan_is_not_found(store: SqlStore) -> None:
    with pytest.raises(NotFoundError, match="no plan with ID 99"):
        store.plan(store.default_athlete_id(), 99)


def test_planned_sessions_of_days_come_from_the_active_plan_in_order(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    assert store.planned_sessions_between(athlete, date.min, date.max) == []
    first = sample_plan()
    store.save_plan(athlete, first, created_at=NOW)
    tuesday = START + timedelta(days=1)
    assert store.planned_sessions_between(athlete, tuesday, tuesday) == list(
        first.sessions_on(tuesday)
    )
    week_one = store.planned_sessions_between(athlete, START, START + timedelta(days=6))
    assert week_one == list(first.sessions_in_week(1))
    assert store.planned_sessions_between(athlete, date.min, date.max) == sorted(
        first.sessions, key=lambda s: s.day
    )
    second = sample_plan(START + timedelta(days=7), label=" (second)")
    store.save_plan(athlete, second, created_at=NOW + timedelta(days=1))
    assert store.planned_sessions_between(athlete, tuesday, tuesday) == []
    assert store.planned_sessions_between(athlete, date.min, date.max) == sorted(
        second.sessions, key=lambda s: s.day
    )


def test_a_failure_mid_save_leaves_the_previous_plan_active(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    athlete = store.default_athlete_id()
    first = sample_plan()
    first_id = store.save_plan(athlete, first, created_at=NOW)

    def fail_after_the_plan_row(connection: Any, rows: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(plan_rows, "insert_sessions", fail_after_the_plan_row)
    with pytest.raises(RuntimeError, match="disk full"):
        store.save_plan(athlete, sample_plan(label=" (lost)"), created_at=NOW)
    assert store.active_plan(athlete) == (first_id, first)
    with store.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(t.plans)) == 1


def test_a_database_error_mid_save_leaves_the_previous_plan_active(store: SqlStore) -> None:
    """A session id longer than its column: the database itself refuses, after the plan row."""
    athlete = store.default_athlete_id()
    first = sample_plan()
    first_id = store.save_plan(athlete, first, created_at=NOW)
    plan = sample_plan(label=" (too long)")
    too_long = replace(plan.sessions[-1], id="x" * 300)
    bad = replace(plan, sessions=(*plan.sessions[:-1], too_long))
    if store.engine.dialect.name == "sqlite":  # SQLite keeps any length: refuse by key instead
        bad = replace(plan, sessions=(*plan.sessions, plan.sessions[0]))
        with pytest.raises(PlanFormatError, match="is used twice"):
            store.save_plan(athlete, bad, created_at=NOW)
    else:
        with pytest.raises(sa_exc.DataError):
            store.save_plan(athlete, bad, created_at=NOW)
    assert store.active_plan(athlete) == (first_id, first)
    assert active_rows(store) == [first_id]


def test_the_database_refuses_a_second_active_plan(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    store.save_plan(athlete, sample_plan(), created_at=NOW)
    row = plan_rows.plan_row(athlete, sample_plan(), NOW)
    with pytest.raises(sa_exc.IntegrityError), store.engine.begin() as connection:
        connection.execute(sa.insert(t.plans).values(**row))
    with store.engine.begin() as connection:  # inactive plans: as many as there are
        connection.execute(sa.insert(t.plans).values(**{**row, "active": False}))
        connection.execute(sa.insert(t.plans).values(**{**row, "active": False}))


def test_deleting_a_plan_deletes_its_sessions(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    plan_id = store.save_plan(athlete, sample_plan(), created_at=NOW)
    with store.engine.begin() as connection:
        connection.execute(sa.delete(t.plans).where(t.plans.c.id == plan_id))
        remaining = connection.scalar(sa.select(sa.func.count()).select_from(t.planned_sessions))
    assert remaining == 0


# --- migration 0005 ----------------------------------------------------------------------------


def test_a_database_at_0004_is_upgraded_keeping_its_data_and_downgrades(store_url: str) -> None:
    with SqlStore(store_url) as store:
        if store.engine.url.database and store.engine.dialect.name == "sqlite":
            Path(store.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        with store.engine.begin() as connection:
            command.upgrade(migrations.alembic_config(connection), "0004")
            connection.execute(t.athletes.insert().values(id=1, name="Me", created_at=NOW))
        store.save_wellness(1, [WellnessEntry(date(2026, 11, 30), sleep_hours=7.5)], NOW)
        store.upgrade()
        assert store.wellness_between(1, date.min, date.max)[0].sleep_hours == 7.5
        plan_id = store.save_plan(1, sample_plan(), created_at=NOW)
        store.save_goal(1, race_goal(), created_at=NOW)
        assert store.active_plan(1) == (plan_id, sample_plan())
        with store.engine.begin() as connection:
            command.downgrade(migrations.alembic_config(connection), "0004")
        names = set(sa.inspect(store.engine).get_table_names())
        assert not names & {"goals", "plans", "planned_sessions"}
        assert store.wellness_between(1, date.min, date.max)[0].sleep_hours == 7.5
        store.upgrade()
        assert store.active_plan(1) is None and store.current_goal(1) is None
