"""The athlete's data revision moves on every write to their data, and only theirs."""

from __future__ import annotations

from datetime import UTC, date, datetime

from everyrun.domain.wellness import WellnessEntry
from everyrun.store.sql_store import SqlStore

NOW = datetime(2026, 11, 27, 8, tzinfo=UTC)


def test_every_write_moves_the_writers_revision_and_no_one_elses(store_url: str) -> None:
    with SqlStore(store_url) as store:
        store.upgrade()
        me = store.default_athlete_id()
        other = store.add_athlete("Other")
        assert store.revision(me) == 0
        store.save_wellness(me, [WellnessEntry(date(2026, 11, 20), sleep_hours=7.0)], NOW)
        after_insert = store.revision(me)
        assert after_insert > 0
        store.save_wellness(me, [WellnessEntry(date(2026, 11, 20), sleep_hours=6.0)], NOW)
        assert store.revision(me) > after_insert  # an update (a merge) counts too
        assert store.revision(other) == 0


def test_a_second_connection_sees_the_new_revision(store_url: str) -> None:
    with SqlStore(store_url) as reader, SqlStore(store_url) as writer:
        reader.upgrade()
        me = reader.default_athlete_id()
        before = reader.revision(me)
        writer.save_wellness(me, [WellnessEntry(date(2026, 11, 21), mood=3)], NOW)
        assert reader.revision(me) > before


def test_a_delete_moves_the_revision_and_deleting_the_athlete_still_works(store_url: str) -> None:

    from everyrun.store import tables

    with SqlStore(store_url) as store:
        store.upgrade()
        me = store.default_athlete_id()
        store.save_wellness(me, [WellnessEntry(date(2026, 11, 22), mood=4)], NOW)
        before = store.revision(me)
        with store.engine.begin() as connection:
            connection.execute(tables.wellness_entries.delete())
        assert store.revision(me) > before
        with store.engine.begin() as connection:
            connection.execute(tables.athletes.delete().where(tables.athletes.c.id == me))
        assert store.revision(me) == 0
