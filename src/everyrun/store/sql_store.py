"""ActivityStore on SQLAlchemy Core: one SQLite file by default, PostgreSQL for a shared server.

Writes are batched: one INSERT statement per table for a whole import batch, in one
transaction, so an import of a thousand files costs a handful of round trips per batch.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Engine

from everyrun.domain.activity import Activity
from everyrun.domain.analysis.activity_analysis import ActivityAnalysis
from everyrun.domain.analysis.session_load import Load
from everyrun.domain.athlete import ProfileChange
from everyrun.domain.errors import ConfigurationError, NotFoundError, StoreRefusedError
from everyrun.domain.manual_sessions import ManualSession
from everyrun.domain.wellness import WellnessEntry
from everyrun.services.ports import (
    ActivitySummary,
    NewActivity,
    StoredAnalysis,
    StoredFingerprint,
    StoredManualSession,
)
from everyrun.store import activity_rows as rows
from everyrun.store import analysis_rows, log_rows, migrations
from everyrun.store import tables as t
from everyrun.store.account_rows import AccountRows
from everyrun.store.audit_rows import AuditRows
from everyrun.store.change_rows import ChangeRows
from everyrun.store.export_rows import ExportRows
from everyrun.store.plan_rows import PlanRows

DEFAULT_ATHLETE_NAME = "Me"
URL_HINT = (
    "use sqlite:///path/to/everyrun.db or postgresql+psycopg://user:password@host:5432/dbname,"
    " and check that the server is running and the user may log in"
)
_REVISION_SQL = "SELECT revision FROM athlete_revisions WHERE athlete_id = "
# The revision query in each DB-API parameter style (PEP 249), for SqlStore.revision.
_REVISION_QUERIES: dict[str, tuple[str, Callable[[int], Any]]] = {
    "qmark": (_REVISION_SQL + "?", lambda athlete: (athlete,)),
    "numeric": (_REVISION_SQL + ":1", lambda athlete: (athlete,)),
    "named": (_REVISION_SQL + ":athlete", lambda athlete: {"athlete": athlete}),
    "format": (_REVISION_SQL + "%s", lambda athlete: (athlete,)),
    "pyformat": (_REVISION_SQL + "%(athlete)s", lambda athlete: {"athlete": athlete}),
}
_INSERT_CHUNK_ROWS = 500  # keeps each statement's parameter count well below driver limits


class SqlStore(PlanRows, AuditRows, ChangeRows, AccountRows, ExportRows):
    """The everyrun database. Call upgrade() once at start; every call is athlete-scoped.

    Goals and plans are stored by the methods of PlanRows (store/plan_rows.py), purposes given
    after the fact by AuditRows (store/audit_rows.py).
    """

    def __init__(self, url: str) -> None:
        self._url = _parse_url(url)
        self._kept = KeptReads()
        self.url_for_display = self._url.render_as_string(hide_password=True)
        try:
            self.engine: Engine = sa.create_engine(self._url)
        except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as error:
            hint = URL_HINT
            if self._url.get_backend_name() == "postgresql":
                hint = "install the PostgreSQL driver: pip install 'everyrun[postgres]'"
            raise ConfigurationError(
                f"cannot use database {self.url_for_display}: {error}", hint
            ) from error
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _configure_sqlite_connection)
            sa.event.listen(self.engine, "begin", _begin_sqlite)

    def upgrade(self) -> None:
        """Bring the schema to the newest revision; cheap when it already is."""
        database = self._url.database
        if self.engine.dialect.name == "sqlite" and database and database != ":memory:":
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ConfigurationError(
                    f"cannot create the folder for database {self.url_for_display}: {error}",
                    "choose a database path in a folder you can write to",
                ) from error
        with self._begin() as connection:
            migrations.upgrade_to_head(connection)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def default_athlete_id(self) -> int:
        with self._begin() as connection:
            found = connection.scalar(sa.select(sa.func.min(t.athletes.c.id)))
            if found is not None:
                return int(found)
            return self.add_athlete(DEFAULT_ATHLETE_NAME, connection=connection)

    def revision(self, athlete_id: int) -> int:
        """The athlete's data revision: it moves on every write to their data (any writer).

        Asked before every kept web answer, so it goes straight to the driver (~10 µs on
        SQLite against ~130 µs through SQLAlchemy's statement layer)."""
        sql, parameters = _REVISION_QUERIES[self.engine.dialect.paramstyle]
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(sql, parameters(athlete_id))
                found = cursor.fetchone()
            finally:
                cursor.close()
        finally:
            connection.close()
        return int(found[0]) if found else 0

    @property
    def is_local(self) -> bool:
        """An embedded database: a query costs microseconds and never waits on a network."""
        return self.engine.dialect.name == "sqlite"

    def add_athlete(
        self, name: str, time_zone: str | None = None, *, connection: Connection | None = None
    ) -> int:
        """A new athlete, for a server shared by several people (and for tests)."""
        statement = (
            sa.insert(t.athletes)
            .values(name=name, time_zone=time_zone, created_at=datetime.now(UTC))
            .returning(t.athletes.c.id)
        )
        if connection is not None:
            return int(connection.execute(statement).scalar_one())
        with self._begin() as own_connection:
            return int(own_connection.execute(statement).scalar_one())

    def file_already_imported(self, athlete_id: int, file_sha256: str) -> list[int]:
        a = t.activities.c
        query = (
            sa.select(a.id)
            .where(a.athlete_id == athlete_id, a.file_sha256 == file_sha256)
            .order_by(a.id)
        )
        with self._open() as connection:
            return [int(i) for i in connection.scalars(query)]

    def activities_between(
        self, athlete_id: int, start_utc: datetime, end_utc: datetime
    ) -> list[StoredFingerprint]:
        a = t.activities.c
        query = (
            sa.select(a.id, a.sport, a.start_utc, a.elapsed_s, a.distance_m)
            .where(a.athlete_id == athlete_id, a.start_utc <= end_utc, a.end_utc >= start_utc)
            .order_by(a.start_utc, a.id)
        )
        with self._open() as connection:
            return [
                StoredFingerprint(row.id, row.sport, row.start_utc, row.elapsed_s, row.distance_m)
                for row in connection.execute(query)
            ]

    def add_activities(self, athlete_id: int, new: Sequence[NewActivity]) -> list[int]:
        if not new:
            return []
        # Encode before the transaction opens: CPU work should not hold database locks.
        activity_rows = rows.fit_text(t.activities, [rows.activity_row(athlete_id, i) for i in new])
        encoded = [rows.encode_samples(item.activity) for item in new]
        try:
            return self._insert_activities(athlete_id, new, activity_rows, encoded)
        except (sa_exc.DataError, sa_exc.IntegrityError) as error:
            raise StoreRefusedError(
                f"the database refused this file's data: {error.orig}",
                hint="nothing of this file was stored; please report the file",
            ) from error

    def _insert_activities(
        self,
        athlete_id: int,
        new: Sequence[NewActivity],
        activity_rows: list[dict[str, Any]],
        encoded: list[rows.EncodedSamples],
    ) -> list[int]:
        with self._begin() as connection:
            # One statement on PostgreSQL; SQLite cannot promise the order of RETURNING rows
            # for a multi-row INSERT, so SQLAlchemy inserts those rows one by one (in-process).
            inserted = connection.execute(
                sa.insert(t.activities).returning(t.activities.c.id, sort_by_parameter_order=True),
                activity_rows,
            )
            ids = [int(i) for i in inserted.scalars()]
            children: rows.ChildRows = {table: [] for table in t.ACTIVITY_CHILDREN}
            for activity_id, item, samples in zip(ids, new, encoded, strict=True):
                scope = {"activity_id": activity_id, "athlete_id": athlete_id}
                rows.add_child_rows(children, scope, item.activity, samples)
            for table in t.ACTIVITY_CHILDREN:
                table_rows = children[table]
                for start in range(0, len(table_rows), _INSERT_CHUNK_ROWS):
                    chunk = table_rows[start : start + _INSERT_CHUNK_ROWS]
                    connection.execute(sa.insert(table), rows.fit_text(table, chunk))
        return ids

    def list_activities(
        self,
        athlete_id: int,
        *,
        since_utc: datetime | None = None,
        until_utc: datetime | None = None,
        sports: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> list[ActivitySummary]:
        """Newest first; `since_utc` is inclusive and `until_utc` exclusive, on start time."""
        a = t.activities.c
        query = rows.summary_query().where(a.athlete_id == athlete_id)
        if since_utc is not None:
            query = query.where(a.start_utc >= since_utc)
        if until_utc is not None:
            query = query.where(a.start_utc < until_utc)
        if sports is not None:
            query = query.where(a.sport.in_(list(sports)))
        query = query.order_by(a.start_utc.desc(), a.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._open() as connection:
            return [rows.summary(row) for row in connection.execute(query)]

    def iter_summaries(self, athlete_id: int) -> Iterator[ActivitySummary]:
        """Every activity of the athlete, oldest first (the order history analyses want)."""
        revision = self.revision(athlete_id)
        kept = self._kept.get("summaries", athlete_id, revision)
        if kept is None:
            a = t.activities.c
            query = (
                rows.summary_query().where(a.athlete_id == athlete_id).order_by(a.start_utc, a.id)
            )
            with self._open() as connection:
                result = connection.execution_options(yield_per=1000).execute(query)
                kept = [rows.summary(row) for row in result]
            self._kept.put("summaries", athlete_id, revision, kept)
        yield from kept

    def get_activity(self, athlete_id: int, activity_id: int) -> Activity:
        with self._open() as connection:
            row = connection.execute(
                sa.select(t.activities).where(
                    t.activities.c.id == activity_id, t.activities.c.athlete_id == athlete_id
                )
            ).one_or_none()
            if row is None:
                raise _not_found(activity_id)
            children = {
                table: connection.execute(
                    sa.select(table)
                    .where(table.c.activity_id == activity_id, table.c.athlete_id == athlete_id)
                    .order_by(*table.primary_key.columns)
                ).all()
                for table in t.ACTIVITY_CHILDREN
            }
        return rows.activity_from_rows(row, children)

    def delete_activity(self, athlete_id: int, activity_id: int) -> None:
        """Remove an activity and everything stored with it; NotFoundError if not this athlete's."""
        a = t.activities.c
        with self._begin() as connection:
            for table in t.ACTIVITY_CHILDREN:  # also done by ON DELETE CASCADE; explicit is surer
                connection.execute(
                    sa.delete(table).where(
                        table.c.activity_id == activity_id, table.c.athlete_id == athlete_id
                    )
                )
            deleted = connection.execute(
                sa.delete(t.activities).where(a.id == activity_id, a.athlete_id == athlete_id)
            )
            if deleted.rowcount == 0:
                raise _not_found(activity_id)

    def count_activities(self, athlete_id: int) -> int:
        a = t.activities.c
        query = (
            sa.select(sa.func.count()).select_from(t.activities).where(a.athlete_id == athlete_id)
        )
        with self._open() as connection:
            return int(connection.scalar(query) or 0)

    def record_profile_changes(self, athlete_id: int, changes: Sequence[ProfileChange]) -> None:
        """All changes of one `athlete set` in one transaction."""
        if not changes:
            return
        values = [
            {
                "athlete_id": athlete_id,
                "field": change.field,
                "value": json.dumps(change.value),
                "effective_from": change.effective_from,
                "recorded_at": change.recorded_at,
            }
            for change in changes
        ]
        with self._begin() as connection:
            connection.execute(sa.insert(t.athlete_profile_changes), values)

    def profile_changes(self, athlete_id: int) -> list[ProfileChange]:
        c = t.athlete_profile_changes.c
        query = (
            sa.select(c.field, c.value, c.effective_from, c.recorded_at)
            .where(c.athlete_id == athlete_id)
            .order_by(c.effective_from, c.recorded_at, c.id)
        )
        with self._open() as connection:
            return [
                ProfileChange(row.field, json.loads(row.value), row.effective_from, row.recorded_at)
                for row in connection.execute(query)
            ]

    def save_analyses(
        self,
        athlete_id: int,
        analyses: Sequence[tuple[int, ActivityAnalysis]],
        analysed_at: datetime,
    ) -> None:
        """Replace the stored analyses of these activities, in one transaction."""
        if not analyses:
            return
        rows = [analysis_rows.analysis_row(athlete_id, i, a, analysed_at) for i, a in analyses]
        with self._begin() as connection:
            analysis_rows.replace_analyses(connection, athlete_id, rows)

    def analyses(self, athlete_id: int, activity_id: int | None = None) -> list[StoredAnalysis]:
        """Oldest first; one activity's only when `activity_id` is given."""
        if activity_id is not None:
            with self._open() as connection:
                return analysis_rows.select_analyses(connection, athlete_id, activity_id)
        revision = self.revision(athlete_id)
        kept = self._kept.get("analyses", athlete_id, revision)
        if kept is None:
            with self._open() as connection:
                kept = analysis_rows.select_analyses(connection, athlete_id)
            self._kept.put("analyses", athlete_id, revision, kept)
        return list(kept)

    def save_wellness(
        self, athlete_id: int, entries: Sequence[WellnessEntry], recorded_at: datetime
    ) -> None:
        """Merge each entry into its day (see LogStore); all entries in one transaction."""
        if entries:
            with self._begin() as connection:
                log_rows.save_wellness(connection, athlete_id, entries, recorded_at)

    def wellness_between(self, athlete_id: int, first: date, last: date) -> list[WellnessEntry]:
        with self._open() as connection:
            return log_rows.select_wellness(connection, athlete_id, first, last)

    def add_manual_session(
        self, athlete_id: int, session: ManualSession, load: Load | None, recorded_at: datetime
    ) -> int:
        row = log_rows.manual_session_row(athlete_id, session, load, recorded_at)
        with self._begin() as connection:
            return log_rows.insert_manual_session(connection, row)

    def manual_sessions_between(
        self, athlete_id: int, first: date, last: date
    ) -> list[StoredManualSession]:
        with self._open() as connection:
            return log_rows.select_manual_sessions(connection, athlete_id, first, last)

    def set_activity_rpe(
        self, athlete_id: int, activity_id: int, rpe: float, recorded_at: datetime
    ) -> None:
        with self._begin() as connection:
            if not log_rows.replace_activity_rpe(
                connection, athlete_id, activity_id, rpe, recorded_at
            ):
                raise _not_found(activity_id)

    def activity_rpes(self, athlete_id: int) -> dict[int, float]:
        with self._open() as connection:
            return log_rows.select_activity_rpes(connection, athlete_id)

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        with self._open() as connection, connection.begin():
            yield connection

    def _open(self) -> Connection:
        """A connection; failure to reach the database is a configuration problem."""
        try:
            return self.engine.connect()
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise ConfigurationError(
                f"cannot connect to database {self.url_for_display}: {reason}", URL_HINT
            ) from error


class KeptReads:
    """Whole-history reads (every analysis, every activity) kept per athlete until their data
    revision moves: the load report, readiness and a calendar's weekly reviews all start from
    them, and decoding years of analyses costs far more than asking the revision (~10 µs).

    The revision is read before the data, so a write landing in between leaves newer data
    under an older revision, which the next read replaces; never older data under a newer one.
    """

    def __init__(self, athletes: int = 8) -> None:
        self._athletes = athletes
        self._entries: OrderedDict[tuple[str, int], tuple[int, list[Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, what: str, athlete_id: int, revision: int) -> list[Any] | None:
        with self._lock:
            found = self._entries.get((what, athlete_id))
            if found is None or found[0] != revision:
                return None
            self._entries.move_to_end((what, athlete_id))
            return found[1]

    def put(self, what: str, athlete_id: int, revision: int, values: list[Any]) -> None:
        with self._lock:
            self._entries[(what, athlete_id)] = (revision, values)
            self._entries.move_to_end((what, athlete_id))
            while len(self._entries) > 2 * self._athletes:
                self._entries.popitem(last=False)


def _parse_url(url: str) -> URL:
    try:
        parsed = sa.engine.make_url(url)
    except sa_exc.ArgumentError as error:
        raise ConfigurationError(
            f"not a database URL: {_mask_password(url)!r}", URL_HINT
        ) from error
    if parsed.drivername in ("postgresql", "postgres"):
        # The driver everyrun ships ('everyrun[postgres]'), not SQLAlchemy's psycopg2 default.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        parsed = parsed.set(database=str(Path(parsed.database or "").expanduser()))
    return parsed


def _mask_password(url: str) -> str:
    """Hide what sits between ':' and '@' in the authority part of an unparseable URL."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see _begin_sqlite):
    # otherwise DDL and SELECTs run outside them and migrations are not atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _not_found(activity_id: int) -> NotFoundError:
    return NotFoundError(
        f"no activity with ID {activity_id}",
        "list your activities to see their IDs (another athlete's activities are not shown)",
    )
