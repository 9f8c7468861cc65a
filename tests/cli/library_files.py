"""Names and small readers shared by the CLI test modules."""

from __future__ import annotations

import json
from typing import Any

from everyrun.domain.activity import Activity
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import Library

DEMO_FILE_COUNT = 7
FENIX2 = "run_garmin-fenix2_9km.fit"
FENIX5X = "run_garmin-fenix5x-plus_18.7km_9-pauses.fit"
TREADMILL = "treadmill_garmin-fr920xt_runscribe-devfields.fit"
TIME_JUMP = "run_garmin-fr225_time-jump.fit"
POOL_SWIM = "poolswim_garmin-fr945_2km.fit"
RIDE = "ride_garmin-edge520_power.tcx"
LATE_GPX = "run_garmin-connect-2012_hr.gpx"
CORRUPT = "corrupt_bad-file-crc.fit"
RUNS = (FENIX2, FENIX5X, TREADMILL, TIME_JUMP)


def read_json(text: str) -> Any:
    return json.loads(text)


def stored_activity(library: Library, filename: str) -> Activity:
    with SqlStore(library.url) as store:
        return store.get_activity(store.default_athlete_id(), library.ids[filename])


def row_ids(rows: list[dict[str, Any]]) -> list[int]:
    return [row["id"] for row in rows]
