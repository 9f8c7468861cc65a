"""Migrations build exactly the schema in tables.py, from empty, repeatably, with no ini file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from everyrun.store import migrations, tables
from everyrun.store.sql_store import SqlStore

NOW_UTC = datetime(2026, 11, 27, tzinfo=UTC)


def schema_differences(store: SqlStore, metadata: sa.MetaData) -> list[object]:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def table_names(store: SqlStore) -> set[str]:
    return set(sa.inspect(store.engine).get_table_names())


def test_upgrade_builds_the_schema_from_an_empty_database(store_url: str) -> None:
    with SqlStore(store_url) as store:
        store.upgrade()
        assert table_names(store) == {*tables.metadata.tables, "alembic_version"}
        with store.engine.connect() as connection:
            assert migrations.current_revision(connection) == migrations.head_revision()
        assert migrations.head_revision() == "0009"


def test_an_existing_database_is_upgraded_without_losing_activities(store_url: str) -> None:
    """A database left at the first revision by an older everyrun keeps its data."""
    with SqlStore(store_url) as store:
        if store.engine.url.database and store.engine.dialect.name == "sqlite":
            Path(store.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
        with store.engine.begin() as connection:
            command.upgrade(migrations.alembic_config(connection), "0001")
            connection.execute(tables.athletes.insert().values(id=1, name="Me", created_at=NOW_UTC))
        store.upgrade()
        assert store.default_athlete_id() == 1
        assert "athlete_profile_changes" in table_names(store)


def test_upgrade_is_idempotent(store_url: str) -> None:
    with SqlStore(store_url) as store:
        store.upgrade()
        athlete = store.default_athlete_id()
        store.upgrade()
        store.upgrade()
        assert store.default_athlete_id() == athlete
    with SqlStore(store_url) as again:  # the next start of the program
        again.upgrade()
        assert again.default_athlete_id() == athlete
        with again.engine.connect() as connection:
            assert connection.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1


def test_migrated_schema_matches_the_table_definitions(store: SqlStore) -> None:
    assert schema_differences(store, tables.metadata) == []


def test_schema_comparison_would_notice_a_difference(store: SqlStore) -> None:
    """Guards the test above against comparing nothing at all."""
    changed = sa.MetaData(naming_convention=tables.NAMING_CONVENTION)
    for table in tables.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["activities"].append_column(sa.Column("mood", sa.String(20)))
    sa.Index(None, changed.tables["laps"].c.start_utc)
    kinds = {difference[0] for difference in schema_differences(store, changed)}  # type: ignore[index]
    assert kinds == {"add_column", "add_index"}


def test_downgrade_to_base_and_back(store: SqlStore) -> None:
    with store.engine.begin() as connection:
        command.downgrade(migrations.alembic_config(connection), "base")
    assert table_names(store) == {"alembic_version"}
    store.upgrade()
    assert schema_differences(store, tables.metadata) == []


def test_runs_without_an_ini_file() -> None:
    config = migrations.alembic_config()
    assert config.config_file_name is None
    location = Path(config.get_main_option("script_location") or "")
    assert (location / "env.py").is_file()
    assert (location / "versions" / "0001_initial.py").is_file()
    assert (location / "__init__.py").is_file() and (
        location / "versions" / "__init__.py"
    ).is_file()
