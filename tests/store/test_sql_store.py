"""SqlStore on real databases: round trips, athlete scoping, atomicity, filters, errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa

from everyrun.domain import activity as act
from everyrun.domain.activity import Activity, Lap
from everyrun.domain.errors import ConfigurationError, NotFoundError
from everyrun.services.ports import ActivityStore, NewActivity
from everyrun.store import stream_codec, tables
from everyrun.store.sql_store import SqlStore

START = datetime(2024, 5, 1, 6, 30, tzinfo=UTC)  # the default start of make_activity
MakeActivity = Callable[..., Activity]
MakeNew = Callable[..., NewActivity]


def row_counts(store: SqlStore) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {
            table.name: int(connection.scalar(sa.select(sa.func.count()).select_from(table)) or 0)
            for table in tables.metadata.sorted_tables
        }


def assert_same_activity(stored: Activity, original: Activity) -> None:
    assert stored.streams.names() == original.streams.names()
    for name in original.streams.names():
        before, after = original.streams[name], stored.streams[name]
        np.testing.assert_array_equal(np.isnan(after), np.isnan(before), err_msg=name)
        quantum = stream_codec.quantum(name)
        recorded = ~np.isnan(before)
        if quantum is None:
            assert after.tobytes() == before.tobytes(), name
        else:
            assert np.all(np.abs(after[recorded] - before[recorded]) <= quantum), name
    np.testing.assert_allclose(stored.rr_intervals_ms, original.rr_intervals_ms, atol=1e-3)
    plain_fields = {
        k: v for k, v in vars(original).items() if k not in ("streams", "rr_intervals_ms")
    }
    for field, value in plain_fields.items():
        assert getattr(stored, field) == value, field


def test_satisfies_the_activity_store_port(store: SqlStore) -> None:
    port: ActivityStore = store
    assert port.default_athlete_id() == store.default_athlete_id()


def test_full_activity_round_trip(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    original = make_activity()
    assert f"{act.DEVELOPER_PREFIX}Power" in original.streams
    assert np.isnan(original.streams[act.HEART_RATE]).any()
    [activity_id] = store.add_activities(athlete, [make_new(original)])
    stored = store.get_activity(athlete, activity_id)
    assert_same_activity(stored, original)
    assert stored.start_utc.tzinfo is not None
    assert stored.start_utc.utcoffset() == timedelta(0)
    assert stored.local_start == original.local_start


def test_times_in_other_zones_are_stored_as_the_same_instant(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    start_in_tokyo = datetime(2024, 5, 1, 15, 30, 0, 123456, tzinfo=timezone(timedelta(hours=9)))
    [activity_id] = store.add_activities(athlete, [make_new(start_utc=start_in_tokyo)])
    stored = store.get_activity(athlete, activity_id)
    assert stored.start_utc == start_in_tokyo
    assert stored.start_utc.tzinfo == UTC
    assert stored.start_utc.microsecond == 123456


def test_sparse_activity_round_trip(store: SqlStore, make_new: MakeNew) -> None:
    """A manual entry: no streams, laps, pauses, sets or RR at all."""
    athlete = store.default_athlete_id()
    bare = Activity(sport="strength", start_utc=START, elapsed_s=2700.0)
    [activity_id] = store.add_activities(athlete, [make_new(bare)])
    stored = store.get_activity(athlete, activity_id)
    assert_same_activity(stored, bare)
    [summary] = store.list_activities(athlete)
    assert (summary.sample_count, summary.avg_heart_rate_bpm, summary.device) == (0, None, None)


def test_summary_fields(store: SqlStore, make_activity: MakeActivity, make_new: MakeNew) -> None:
    athlete = store.default_athlete_id()
    activity = make_activity()
    [activity_id] = store.add_activities(athlete, [make_new(activity)])
    [summary] = store.list_activities(athlete)
    heart_rate = activity.streams[act.HEART_RATE]
    assert summary.id == activity_id
    assert summary.athlete_id == athlete
    assert summary.avg_heart_rate_bpm == pytest.approx(float(np.nanmean(heart_rate)))
    assert summary.sample_count == len(activity.streams)
    assert summary.warning_count == 2
    assert summary.device == "garmin forerunner_965"
    assert (summary.sport, summary.sub_sport, summary.name) == ("running", "trail", "Morning run")
    assert (summary.source_format, summary.source_name) == ("fit", "export.zip/activity_123.fit")
    assert (summary.elapsed_s, summary.timer_s, summary.distance_m) == (1800.0, 1740.0, 5012.37)
    assert summary.start_utc == START and summary.utc_offset_s == 7200


def test_average_heart_rate_ignores_dropouts(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    silent = make_activity(sample_count=50)
    silent.streams.columns[act.HEART_RATE][:] = np.nan
    zeros = make_activity(sample_count=4, start_utc=START + timedelta(days=1))
    zeros.streams.columns[act.HEART_RATE][:] = [0.0, 120.0, np.nan, 130.0]
    store.add_activities(athlete, [make_new(silent), make_new(zeros)])
    newest, oldest = store.list_activities(athlete)
    assert oldest.avg_heart_rate_bpm is None
    assert newest.avg_heart_rate_bpm == pytest.approx(125.0)


def test_nan_in_optional_numbers_is_stored_as_unknown(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    activity = make_activity(
        distance_m=float("nan"), laps=[Lap(START, 60.0, avg_power_w=float("nan"))]
    )
    [activity_id] = store.add_activities(athlete, [make_new(activity)])
    stored = store.get_activity(athlete, activity_id)
    assert stored.distance_m is None
    assert stored.laps[0].avg_power_w is None


def test_another_athletes_activity_is_invisible(store: SqlStore, make_new: MakeNew) -> None:
    alice = store.default_athlete_id()
    bob = store.add_athlete("Bob", "Europe/Paris")
    assert bob != alice
    [activity_id] = store.add_activities(alice, [make_new(file_sha256="f" * 64)])
    with pytest.raises(NotFoundError) as raised:
        store.get_activity(bob, activity_id)
    assert raised.value.hint
    assert store.list_activities(bob) == []
    assert list(store.iter_summaries(bob)) == []
    assert store.count_activities(bob) == 0
    assert store.file_already_imported(bob, "f" * 64) == []
    assert store.activities_between(bob, START - timedelta(days=1), START + timedelta(days=1)) == []
    with pytest.raises(NotFoundError):
        store.delete_activity(bob, activity_id)
    assert store.count_activities(alice) == 1
    assert store.get_activity(alice, activity_id).name == "Morning run"


def test_unknown_id_raises_not_found_with_hint(store: SqlStore) -> None:
    with pytest.raises(NotFoundError, match="no activity with ID 4242") as raised:
        store.get_activity(store.default_athlete_id(), 4242)
    assert "list" in (raised.value.hint or "")


def test_default_athlete_is_created_once(store_url: str) -> None:
    first = SqlStore(store_url)
    first.upgrade()
    athlete = first.default_athlete_id()
    assert first.default_athlete_id() == athlete
    first.close()
    with SqlStore(store_url) as second:
        second.upgrade()
        assert second.default_athlete_id() == athlete


def test_batch_is_atomic_when_the_second_activity_fails(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    good = make_new(make_activity())
    # A naive lap time is refused while the laps are written: after both activities' rows and
    # all their streams are already in the transaction.
    bad_lap = Lap(start_utc=datetime(2024, 5, 2, 7, 0), elapsed_s=60.0)  # noqa: DTZ001
    bad = make_new(make_activity(start_utc=START + timedelta(days=1), laps=[bad_lap]))
    before = row_counts(store)
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        store.add_activities(athlete, [good, bad])
    assert row_counts(store) == before
    assert store.count_activities(athlete) == 0


def test_batch_is_atomic_when_the_database_fails_on_the_last_table(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    statements: list[str] = []

    def fail_on_rr_insert(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)
        if statement.lstrip().upper().startswith("INSERT INTO RR_INTERVALS"):
            raise RuntimeError("disk full (simulated)")

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_rr_insert)
    try:
        with pytest.raises(RuntimeError, match="simulated"):
            store.add_activities(
                athlete,
                [make_new(), make_new(make_activity(start_utc=START + timedelta(days=1)))],
            )
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_rr_insert)
    assert any("INSERT INTO laps" in s for s in statements)  # it really failed mid-way
    assert all(count == 0 for name, count in row_counts(store).items() if name != "athletes")


def test_bulk_insert_uses_one_statement_per_table(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    batch = [
        make_new(make_activity(start_utc=START + timedelta(hours=i), sample_count=100, seed=i))
        for i in range(40)
    ]
    inserts: list[str] = []

    def count_inserts(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            inserts.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", count_inserts)
    try:
        ids = store.add_activities(athlete, batch)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count_inserts)
    assert len(ids) == len(set(ids)) == 40
    child_inserts = [s for s in inserts if not s.startswith("INSERT INTO activities ")]
    assert len(child_inserts) == 5  # streams, laps, pauses, sets, rr: one statement each
    if store.engine.dialect.name == "postgresql":
        # SQLite cannot promise RETURNING order for a multi-row INSERT, so SQLAlchemy writes
        # its activity rows one by one (in-process calls, no network round trips).
        assert len(inserts) == 6
    # Ids come back in the order given, even when inserted in one statement.
    for index in (0, 17, 39):
        assert store.get_activity(athlete, ids[index]).start_utc == START + timedelta(hours=index)
    assert row_counts(store)["activity_streams"] == 40 * len(batch[0].activity.streams.names())


def test_list_filters_and_order(store: SqlStore, make_new: MakeNew) -> None:
    athlete = store.default_athlete_id()
    sports = ["running", "cycling", "running", "swimming", "running"]
    ids = store.add_activities(
        athlete,
        [
            make_new(sport=sport, start_utc=START + timedelta(days=day))
            for day, sport in enumerate(sports)
        ],
    )
    every = store.list_activities(athlete)
    assert [s.id for s in every] == ids[::-1]
    assert [s.id for s in store.list_activities(athlete, limit=2)] == [ids[4], ids[3]]
    assert [s.id for s in store.list_activities(athlete, sports=["running"])] == [
        ids[4],
        ids[2],
        ids[0],
    ]
    assert [s.id for s in store.list_activities(athlete, sports=["cycling", "swimming"])] == [
        ids[3],
        ids[1],
    ]
    assert store.list_activities(athlete, sports=[]) == []
    window = store.list_activities(
        athlete, since_utc=START + timedelta(days=1), until_utc=START + timedelta(days=3)
    )
    assert [s.id for s in window] == [ids[2], ids[1]]  # since inclusive, until exclusive
    assert [s.id for s in store.iter_summaries(athlete)] == ids  # oldest first
    assert store.count_activities(athlete) == 5


def test_activities_between_finds_overlaps(store: SqlStore, make_new: MakeNew) -> None:
    athlete = store.default_athlete_id()
    [activity_id] = store.add_activities(athlete, [make_new(elapsed_s=3600.0)])
    hour = timedelta(hours=1)
    [found] = store.activities_between(athlete, START + hour / 2, START + 2 * hour)
    assert found.activity_id == activity_id
    assert (found.sport, found.start_utc, found.elapsed_s) == ("running", START, 3600.0)
    assert found.distance_m == 5012.37
    assert store.activities_between(athlete, START - 2 * hour, START - hour / 2) == []
    assert store.activities_between(athlete, START + 2 * hour, START + 3 * hour) == []
    assert len(store.activities_between(athlete, START + hour, START + 3 * hour)) == 1  # touches


def test_file_already_imported_returns_every_leg(
    store: SqlStore, make_activity: MakeActivity, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    legs = [
        make_new(make_activity(sport=sport, leg_index=i, leg_count=3), file_sha256="b" * 64)
        for i, sport in enumerate(["swimming", "cycling", "running"])
    ]
    ids = store.add_activities(athlete, legs)
    assert store.file_already_imported(athlete, "b" * 64) == ids
    assert store.file_already_imported(athlete, "c" * 64) == []
    assert store.add_activities(athlete, []) == []


def test_delete_removes_everything_stored_with_the_activity(
    store: SqlStore, make_new: MakeNew
) -> None:
    athlete = store.default_athlete_id()
    kept, deleted = store.add_activities(athlete, [make_new(), make_new()])
    counts_with_both = row_counts(store)
    store.delete_activity(athlete, deleted)
    counts = row_counts(store)
    for table in tables.ACTIVITY_CHILDREN:
        assert counts[table.name] * 2 == counts_with_both[table.name], table.name
    assert store.count_activities(athlete) == 1
    with pytest.raises(NotFoundError):
        store.get_activity(athlete, deleted)
    with pytest.raises(NotFoundError):
        store.delete_activity(athlete, deleted)
    assert store.get_activity(athlete, kept).laps


def test_foreign_keys_cascade_in_the_database(store: SqlStore, make_new: MakeNew) -> None:
    athlete = store.default_athlete_id()
    store.add_activities(athlete, [make_new()])
    with store.engine.begin() as connection:
        connection.execute(sa.delete(tables.athletes))
    assert all(count == 0 for count in row_counts(store).values())


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    with SqlStore(f"sqlite:///{tmp_path / 'a' / 'b' / 'everyrun.db'}") as store:
        store.upgrade()
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert (tmp_path / "a" / "b" / "everyrun.db").is_file()


def test_unreachable_server_is_a_configuration_error_with_masked_password() -> None:
    store = SqlStore("postgresql+psycopg://runner:s3cret@127.0.0.1:1/everyrun?connect_timeout=2")
    with pytest.raises(ConfigurationError) as raised:
        store.upgrade()
    message = str(raised.value)
    assert "s3cret" not in message
    assert "runner:***@127.0.0.1:1/everyrun" in message
    assert raised.value.hint and "postgresql+psycopg://" in raised.value.hint
    store.close()


@pytest.mark.parametrize(
    "url", ["not a url", "nosuchdb://user:s3cret@host/db", "mysql+nosuchdriver://u:s3cret@h/db"]
)
def test_bad_urls_are_configuration_errors(url: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        SqlStore(url).upgrade()
    assert "s3cret" not in str(raised.value)
    assert raised.value.hint


def test_sqlite_file_in_an_unwritable_place_is_a_configuration_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigurationError, match="a-file"):
        SqlStore(f"sqlite:///{blocker / 'everyrun.db'}").upgrade()
