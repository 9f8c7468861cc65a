"""Store fixtures: every store test runs on a SQLite file and, when configured, on PostgreSQL.

PostgreSQL runs when EVERYRUN_TEST_POSTGRES_URL is set (start one with
`eval "$(.ci/start-postgres | tail -1)"`); each test gets its own schema, dropped afterwards.
Under CI=true a missing URL fails instead of skipping, so CI cannot silently test SQLite only.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from everyrun.domain import activity as act
from everyrun.domain.activity import Activity, Device, Lap, Pause, Streams, StrengthSet
from everyrun.services.ports import NewActivity
from everyrun.store.sql_store import SqlStore

POSTGRES_URL_VARIABLE = "EVERYRUN_TEST_POSTGRES_URL"
START = datetime(2024, 5, 1, 6, 30, tzinfo=UTC)

MakeActivity = Callable[..., Activity]
MakeNew = Callable[..., NewActivity]


def _postgres_base_url() -> str:
    base = os.environ.get(POSTGRES_URL_VARIABLE)
    if base:
        return base
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"{POSTGRES_URL_VARIABLE} is not set, but CI=true requires the PostgreSQL tests:"
            ' run `eval "$(.ci/start-postgres | tail -1)"` before pytest',
            pytrace=False,
        )
    pytest.skip(f"set {POSTGRES_URL_VARIABLE} to also test PostgreSQL (see .ci/start-postgres)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a new SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        # A folder that does not exist yet: upgrade() must create it.
        yield f"sqlite:///{tmp_path / 'data' / 'everyrun.db'}"
        return
    base = sa.make_url(_postgres_base_url())
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        scoped = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    sql_store = SqlStore(store_url)
    sql_store.upgrade()
    try:
        yield sql_store
    finally:
        sql_store.close()


def _streams(sample_count: int, seed: int) -> Streams:
    """Realistic columns with dropouts, plus a developer field kept exactly."""
    rng = np.random.default_rng(seed)
    time_s = np.arange(sample_count, dtype=np.float64)
    speed = np.round(np.clip(3.0 + np.cumsum(rng.normal(0, 0.05, sample_count)), 0, 8), 3).astype(
        np.float64
    )
    semicircle_deg = 180.0 / 2**31
    columns: dict[str, act.FloatArray] = {
        act.TIME: time_s,
        act.LATITUDE: np.round(
            (48.85 + np.cumsum(rng.normal(0, 2e-5, sample_count))) / semicircle_deg
        )
        * semicircle_deg,
        act.LONGITUDE: np.round(
            (2.35 + np.cumsum(rng.normal(0, 2e-5, sample_count))) / semicircle_deg
        )
        * semicircle_deg,
        act.DISTANCE: np.cumsum(speed).round(2),
        act.SPEED: speed,
        act.HEART_RATE: np.round(140 + 10 * np.sin(time_s / 300) + rng.normal(0, 1, sample_count)),
        act.CADENCE: np.round(85 + rng.normal(0, 2, sample_count)),
        act.POWER: np.round(250 + rng.normal(0, 30, sample_count)),
        act.ALTITUDE: np.round((35 + np.cumsum(rng.normal(0, 0.1, sample_count))) * 5) / 5,
        act.TEMPERATURE: np.round(20 + 3 * time_s / max(sample_count, 1)),
        f"{act.DEVELOPER_PREFIX}Power": rng.normal(260, 25, sample_count),
    }
    if sample_count > 20:
        columns[act.HEART_RATE][5:15] = np.nan  # strap dropout
        columns[act.LATITUDE][:3] = np.nan  # no GPS fix yet
        columns[act.LONGITUDE][:3] = np.nan
        columns[f"{act.DEVELOPER_PREFIX}Power"][-4:] = np.nan
    return Streams(columns)


@pytest.fixture
def make_activity() -> MakeActivity:
    """Build a complete Activity by hand: every field the store must keep is filled."""

    def build(
        *,
        start_utc: datetime = START,
        sport: str = "running",
        elapsed_s: float = 1800.0,
        sample_count: int = 600,
        seed: int = 0,
        **changes: object,
    ) -> Activity:
        activity = Activity(
            sport=sport,
            start_utc=start_utc,
            elapsed_s=elapsed_s,
            timer_s=elapsed_s - 60.0,
            distance_m=5012.37,
            sub_sport="trail",
            name="Morning run",
            utc_offset_s=7200,
            utc_offset_source="file",
            streams=_streams(sample_count, seed),
            laps=[
                Lap(
                    start_utc=start_utc,
                    elapsed_s=900.0,
                    timer_s=870.0,
                    distance_m=2500.5,
                    avg_speed_mps=2.87,
                    avg_heart_rate_bpm=141.0,
                    max_heart_rate_bpm=163.0,
                    avg_cadence_rpm=86.5,
                    avg_power_w=251.0,
                    intensity="active",
                    trigger="distance",
                ),
                Lap(start_utc=start_utc + timedelta(seconds=900), elapsed_s=elapsed_s - 900.0),
            ],
            pauses=[
                Pause(start_utc + timedelta(seconds=300), start_utc + timedelta(seconds=330)),
                Pause(start_utc + timedelta(seconds=1200), start_utc + timedelta(seconds=1230.5)),
            ],
            rr_intervals_ms=np.array([812.0, 805.0, 799.0, 820.0, 0.5, 1000.25]),
            sets=[
                StrengthSet(
                    start_utc, 45.0, True, repetitions=12, weight_kg=20.5, exercise="squat"
                ),
                StrengthSet(None, 90.0, False),
            ],
            device=Device("garmin", "forerunner_965", "3391234567"),
            gear="Pegasus 40",
            source_format="fit",
            source_name="export.zip/activity_123.fit",
            leg_index=0,
            leg_count=1,
            warnings=["heart rate dropout at 00:05", "GPS fix late"],
            summary={"total_ascent_m": 123.0, "training_effect": 3.4},
        )
        return activity.with_changes(**changes) if changes else activity

    return build


@pytest.fixture
def make_new(make_activity: MakeActivity) -> MakeNew:
    def build(
        activity: Activity | None = None, *, file_sha256: str = "a" * 64, **changes: object
    ) -> NewActivity:
        return NewActivity(
            activity=activity if activity is not None else make_activity(**changes),
            file_sha256=file_sha256,
            imported_at=datetime(2024, 6, 1, 12, tzinfo=UTC),
            extra={"importer": "test"},
        )

    return build
