"""Alembic environment: migrates the connection handed over in config.attributes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from everyrun.store.tables import metadata

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Only for developers running the alembic command line with -x url=... .
        url = context.get_x_argument(as_dictionary=True).get("url")
        url = url or config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("pass a database URL: alembic -x url=sqlite:///path.db ...")
        engine = create_engine(url)
        with engine.begin() as own_connection:
            _run(own_connection)
        engine.dispose()
        return
    _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
