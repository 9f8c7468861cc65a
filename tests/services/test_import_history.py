"""The import use case end to end: real files, the real source walker, readers and SqlStore.

Nothing is faked except where a test needs a recording no device made (an overlapping second
recording of a ride) or a database that fails on purpose.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import sqlalchemy as sa

from everyrun.bootstrap import activity_reader, find_sources
from everyrun.domain import activity as act
from everyrun.domain.activity import Activity, Device
from everyrun.importers.sources import SourceFile
from everyrun.services.import_history import (
    ALREADY_PRESENT,
    FAILED,
    IMPORTED,
    SKIPPED,
    FileOutcome,
    ImportReport,
    ImportSettings,
    import_files,
)
from everyrun.services.ports import NewActivity
from everyrun.store import activity_rows, tables
from everyrun.store.sql_store import SqlStore
from tests.corpus import CORPUS, manifest

NOW = datetime(2026, 6, 1, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")

# What the corpus README and MANIFEST notes say each special file is.
NOT_ACTIVITIES = {  # file -> words its "skipped" reason must contain
    "workout-file_trainingpeaks_not-an-activity.fit": "workout",
    "route_strava_no-times.gpx": "without timestamps",
    "strava_metadata-only_no-track.gpx": "no track points",
    "ride_garmin-edge500_no-records.fit": "no records",
}
CORRUPT = "corrupt_bad-file-crc.fit"
TWINS = [  # the same session in two formats
    ("run_garmin-fr945_14km_83min.fit", "run_garmin-fr945_14km_83min_garmin-connect.gpx"),
    ("race10k_garmin-fr15_11laps_no-hr.fit", "race10k_garmin-fr15_11laps_no-hr.tcx"),
]
NOT_IN_MANIFEST = {"README.md": ".md", "MANIFEST.tsv": ".tsv"}
# Two different runs, 9 days apart on a watch whose clock was never set: both must be kept.
FR70_FOOTPOD = "run_garmin-fr70_footpod_no-gps_compressed-speed-distance.fit"
FR70_HR_ONLY = "run_garmin-fr70_hr-only_no-distance.fit"


def settings_for(store: SqlStore, time_zone: ZoneInfo = PARIS) -> ImportSettings:
    return ImportSettings(store.default_athlete_id(), time_zone, NOW)


def import_paths(
    store: SqlStore,
    paths: Sequence[Path],
    settings: ImportSettings | None = None,
    on_file_done: Callable[[FileOutcome], None] | None = None,
) -> ImportReport:
    """What `everyrun import PATH...` does, with the adapters bootstrap wires."""
    return import_files(
        find_sources(paths),
        activity_reader(),
        store,
        settings or settings_for(store),
        on_file_done,
    )


def by_file(report: ImportReport) -> dict[str, FileOutcome]:
    """Outcomes by the last part of their name (a file name, or an archive member's)."""
    outcomes = {o.name.rsplit("/", 1)[-1]: o for o in report.outcomes}
    assert len(outcomes) == len(report.outcomes), "two outcomes for one name"
    return outcomes


def legs_in(sport_column: str) -> int:
    """A FIT's MANIFEST sport column lists its sessions joined by ' + '."""
    return sport_column.count(" + ") + 1


# 1, 2 -- the whole corpus, on SQLite and PostgreSQL


def test_importing_the_whole_corpus_gives_each_file_the_outcome_its_manifest_implies(
    store: SqlStore,
) -> None:
    report = import_paths(store, [CORPUS])
    outcomes = by_file(report)

    assert sorted(outcomes) == sorted(p.name for p in CORPUS.iterdir())
    for name, extension in NOT_IN_MANIFEST.items():
        assert outcomes[name].outcome == SKIPPED
        assert outcomes[name].reason == f"not an activity file ({extension})"
    for name, words in NOT_ACTIVITIES.items():
        assert outcomes[name].outcome == SKIPPED, name
        assert words in (outcomes[name].reason or ""), name
        assert outcomes[name].activity_ids == []
    assert outcomes[CORRUPT].outcome == FAILED
    assert "checksum" in (outcomes[CORRUPT].reason or "")
    for first, second in TWINS:
        pair = sorted([outcomes[first], outcomes[second]], key=lambda o: o.outcome)
        present, imported = pair
        assert [present.outcome, imported.outcome] == [ALREADY_PRESENT, IMPORTED]
        assert present.same_as == imported.activity_ids
        assert len(imported.activity_ids) == 1
        assert present.activity_ids == []

    special = {*NOT_ACTIVITIES, CORRUPT, *(name for pair in TWINS for name in pair), FR70_HR_ONLY}
    expected_legs = {
        row.filename: legs_in(row.sport) if row.format.startswith("fit") else 1
        for row in manifest()
        if row.filename not in special
    }
    assert len(expected_legs) == 90  # 100 files less 4 not-activities, 1 corrupt, 4 twins, 1
    for name, legs in expected_legs.items():
        assert outcomes[name].outcome == IMPORTED, (name, outcomes[name].reason)
        assert len(outcomes[name].activity_ids) == legs, name
    multisport = {name: legs for name, legs in expected_legs.items() if legs > 1}
    assert multisport == {
        "multisport_garmin-fr935_run-transition-rowing_tiny.fit": 3,
        "multisport_garmin-fr965_strength-run-strength.fit": 3,
        "run_garmin-fr920xt_two-run-sessions.fit": 2,
        "triathlon_garmin-fr255_summary-first.fit": 5,
        "triathlon_garmin-fr920xt_4-chained.fit": 5,
    }

    known = {name: o for name, o in outcomes.items() if name != FR70_HR_ONLY}
    counts = {kind: sum(o.outcome == kind for o in known.values()) for kind in report.counts()}
    # imported: the 90 above and one of each twin pair; skipped: 4 + README + MANIFEST
    assert counts == {IMPORTED: 92, ALREADY_PRESENT: 2, SKIPPED: 6, FAILED: 1}
    athlete_id = store.default_athlete_id()
    assert store.count_activities(athlete_id) == report.activity_count
    assert report.activity_count - len(outcomes[FR70_HR_ONLY].activity_ids) == 105

    triathlon = outcomes["triathlon_garmin-fr255_summary-first.fit"].activity_ids
    legs = [store.get_activity(athlete_id, activity_id) for activity_id in triathlon]
    assert [leg.sport for leg in legs] == [
        "swimming",
        "transition",
        "cycling",
        "transition",
        "running",
    ]
    assert [(leg.leg_index, leg.leg_count) for leg in legs] == [(i, 5) for i in range(5)]
    assert all(leg.utc_offset_s == -5 * 3600 for leg in legs)

    fr945 = outcomes["run_garmin-fr945_14km_83min.fit"]
    stored = store.get_activity(athlete_id, fr945.activity_ids[0])
    assert fr945.sample_count == len(stored.streams) == 4988
    assert stored.distance_m == pytest.approx(14005, abs=1)


def test_importing_the_corpus_again_finds_every_file_already_present(store: SqlStore) -> None:
    first = by_file(import_paths(store, [CORPUS]))
    athlete_id = store.default_athlete_id()
    stored = store.count_activities(athlete_id)

    again = import_paths(store, [CORPUS])

    assert store.count_activities(athlete_id) == stored
    assert again.activity_count == 0
    for name, outcome in by_file(again).items():
        before = first[name]
        if before.outcome in (IMPORTED, ALREADY_PRESENT):
            assert outcome.outcome == ALREADY_PRESENT, name
            assert outcome.same_as == (before.activity_ids or before.same_as), name
        else:
            assert (outcome.outcome, outcome.reason) == (before.outcome, before.reason), name
    assert again.counts() == {IMPORTED: 0, ALREADY_PRESENT: 95, SKIPPED: 6, FAILED: 1}


def test_two_runs_from_one_watch_whose_clock_was_never_set_are_both_imported(
    sqlite_store: SqlStore,
) -> None:
    report = import_paths(sqlite_store, [CORPUS / FR70_FOOTPOD, CORPUS / FR70_HR_ONLY])

    assert [o.outcome for o in report.outcomes] == [IMPORTED, IMPORTED]
    assert sqlite_store.count_activities(sqlite_store.default_athlete_id()) == 2


# 3 -- files that lie


def test_files_that_lie_are_imported_with_warnings_and_totals_from_their_samples(
    sqlite_store: SqlStore,
) -> None:
    names = [
        "ride_magellan_27-day-elapsed-time.fit",
        "run_garmin-fr225_time-jump.fit",
        "virtual-ride_garmin-edge1030plus_strava-export.fit.gz",
        "ride_sigma_truncated-eof.fit",
    ]
    outcomes = by_file(import_paths(sqlite_store, [CORPUS / name for name in names]))
    assert {name: o.outcome for name, o in outcomes.items()} == dict.fromkeys(names, IMPORTED)
    athlete_id = sqlite_store.default_athlete_id()

    def stored(name: str) -> Activity:
        activity = sqlite_store.get_activity(athlete_id, outcomes[name].activity_ids[0])
        assert activity.warnings == outcomes[name].warnings  # kept with the activity
        return activity

    def warning(name: str, *words: str) -> str:
        found = [w for w in outcomes[name].warnings if all(word in w for word in words)]
        assert len(found) == 1, outcomes[name].warnings
        return found[0]

    magellan = stored(names[0])
    assert 2 * 3600 < magellan.elapsed_s < 3 * 3600
    assert warning(names[0], "27.9 days", "samples").endswith("span 2.2 h: used the samples")
    assert magellan.distance_m == pytest.approx(56912, abs=1)

    time_jump = stored(names[1])
    assert warning(names[1], "clock jumped").startswith("clock jumped forward 20.2 days")
    time_s = time_jump.streams[act.TIME]
    assert float(np.nanmax(time_s) - np.nanmin(time_s)) < 2 * 3600
    assert time_jump.elapsed_s == pytest.approx(3389, abs=1)

    virtual_ride = stored(names[2])
    assert "2760 s is longer than elapsed time 1632 s" in warning(names[2], "timer time")
    assert virtual_ride.elapsed_s == pytest.approx(2759)
    assert virtual_ride.timer_s is not None
    assert virtual_ride.timer_s <= virtual_ride.elapsed_s
    assert (virtual_ride.sport, virtual_ride.sub_sport) == ("cycling", "virtual_activity")

    truncated = stored(names[3])
    assert "dropped the last 17 bytes" in warning(names[3], "ends mid-message")
    assert "totals from the records" in warning(names[3], "no session summary")
    assert len(truncated.streams) > 14_000
    assert truncated.elapsed_s == pytest.approx(16723, abs=1)


# 4 -- a store that fails halfway through a file

TINY_RUN = "run_garmin-fenix5_1min_hrv.fit"
MULTISPORT = "multisport_garmin-fr935_run-transition-rowing_tiny.fit"
LATER_RUN = "run_garmin-fr110_4.8km_2013.fit"


class StreamInsertSabotage:
    """Makes the database refuse the stream rows of one file, after its activity rows went in.

    One stream row of that file is sent twice, so the database itself refuses the INSERT with a
    primary-key violation inside the store's transaction, on SQLite and PostgreSQL alike.
    """

    def __init__(self, store: SqlStore, monkeypatch: pytest.MonkeyPatch, file_name: str) -> None:
        self.statements: list[str] = []
        self.refused = 0
        original = store.add_activities

        add_child_rows = activity_rows.add_child_rows

        def add_twice(children: Any, scope: Any, activity: Any, encoded: Any) -> None:
            add_child_rows(children, scope, activity, encoded)
            streams = children[tables.activity_streams]
            streams.append(dict(streams[-1]))

        def add_activities(athlete_id: int, new: Sequence[NewActivity]) -> list[int]:
            if not any(item.activity.source_name.endswith(file_name) for item in new):
                return original(athlete_id, new)
            sa.event.listen(store.engine, "before_cursor_execute", self._record, retval=True)
            monkeypatch.setattr(activity_rows, "add_child_rows", add_twice)
            try:
                return original(athlete_id, new)
            finally:
                monkeypatch.setattr(activity_rows, "add_child_rows", add_child_rows)
                sa.event.remove(store.engine, "before_cursor_execute", self._record)

        monkeypatch.setattr(store, "add_activities", add_activities)

    def _record(
        self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> tuple[str, Any]:
        self.statements.append(statement.split("(", 1)[0].strip())
        if statement.startswith("INSERT INTO activity_streams"):
            self.refused += 1
        return statement, parameters


def test_a_file_the_store_fails_on_midway_leaves_none_of_its_legs_and_earlier_files_intact(
    sqlite_store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sabotage = StreamInsertSabotage(sqlite_store, monkeypatch, MULTISPORT)
    done: list[FileOutcome] = []

    import_paths(
        sqlite_store, [CORPUS / n for n in (TINY_RUN, MULTISPORT, LATER_RUN)], None, done.append
    )

    assert sabotage.refused == 1
    inserts = [s for s in sabotage.statements if s.startswith("INSERT")]
    assert inserts[:4] == ["INSERT INTO activities"] * 3 + ["INSERT INTO activity_streams"]
    athlete_id = sqlite_store.default_athlete_id()
    stored = {s.source_name.rsplit("/", 1)[-1] for s in sqlite_store.list_activities(athlete_id)}
    assert MULTISPORT not in stored
    assert TINY_RUN in stored
    assert done[0].outcome == IMPORTED
    tiny = sqlite_store.get_activity(athlete_id, done[0].activity_ids[0])
    assert len(tiny.streams) == done[0].sample_count > 0
    assert len(tiny.rr_intervals_ms) > 0

    monkeypatch.undo()
    retry = by_file(import_paths(sqlite_store, [CORPUS / MULTISPORT]))
    assert retry[MULTISPORT].outcome == IMPORTED  # no trace of the failed attempt blocks it
    assert len(retry[MULTISPORT].activity_ids) == 3


def test_a_file_the_store_refuses_is_reported_failed_and_the_batch_goes_on(
    sqlite_store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    StreamInsertSabotage(sqlite_store, monkeypatch, MULTISPORT)

    report = import_paths(sqlite_store, [CORPUS / n for n in (TINY_RUN, MULTISPORT, LATER_RUN)])

    assert [o.outcome for o in report.outcomes] == [IMPORTED, FAILED, IMPORTED]
    assert report.outcomes[1].reason
    assert report.outcomes[1].activity_ids == []
    assert sqlite_store.count_activities(sqlite_store.default_athlete_id()) == 2


# 5, 6 -- platform exports

STRAVA_HEADER = [
    "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description",
    "Elapsed Time", "Distance", "Max Heart Rate", "Relative Effort", "Commute",
    "Activity Private Note", "Activity Gear", "Filename", "Athlete Weight", "Bike Weight",
    "Elapsed Time", "Moving Time", "Distance", "Max Speed", "Average Speed", "Elevation Gain",
    "Elevation Loss", "Max Heart Rate", "Average Heart Rate", "Calories", "Relative Effort",
    "Commute", "Gear", "Media",
]  # fmt: skip


def strava_row(first: dict[str, str], second: dict[str, str] | None = None) -> list[str]:
    """A CSV line; `second` fills the later column of a title Strava writes twice."""
    cells, seen = [], set()
    for title in STRAVA_HEADER:
        source = (second or {}) if title in seen else first
        cells.append(source.get(title, ""))
        seen.add(title)
    return cells


STRAVA_ROWS = [
    strava_row(
        {"Activity ID": "123", "Activity Date": "Mar 14, 2020, 1:52:29 PM",
         "Activity Name": "Tempo, 3 x 2 km", "Activity Type": "Run", "Elapsed Time": "2922",
         "Distance": "10.74", "Activity Gear": "Pegasus 37", "Filename": "activities/123.fit.gz",
         "Commute": "false"},
        {"Elapsed Time": "2922.0", "Distance": "10744.0", "Moving Time": "2900.0"},
    ),
    strava_row(
        {"Activity ID": "456", "Activity Date": "Mar 19, 2017, 4:49:30 PM",
         "Activity Name": 'Run avec Nico & Mag "les bois"', "Activity Type": "Trail Run",
         "Elapsed Time": "1958", "Distance": "4.59", "Activity Gear": "Speedgoat 5",
         "Filename": "activities/456.gpx"},
        {"Elapsed Time": "1958.0", "Distance": "4589.4"},
    ),
    strava_row(
        {"Activity ID": "789", "Activity Date": "Mar 6, 2020, 12:23:46 AM",
         "Activity Name": "Zwift – Watopia 🚴", "Activity Type": "Virtual Ride",
         "Elapsed Time": "4352", "Distance": "1.69", "Activity Gear": "Tacx Neo 2T",
         "Filename": "activities/789.tcx.gz"},
        {"Elapsed Time": "4352.0", "Distance": "1692.0"},
    ),
    strava_row(
        {"Activity ID": "999", "Activity Date": "Mar 15, 2020, 7:00:00 AM",
         "Activity Name": "Yoga with Adriene", "Activity Type": "Yoga", "Elapsed Time": "1800"},
        {"Elapsed Time": "1800.0"},
    ),
]  # fmt: skip


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def strava_export(folder: Path, rows: list[list[str]] = STRAVA_ROWS) -> Path:
    text = io.StringIO()
    csv.writer(text).writerows([STRAVA_HEADER, *rows])
    return write_zip(
        folder / "export_12345678.zip",
        {
            "activities.csv": text.getvalue().encode("utf-8"),
            "activities/123.fit.gz": gzip.compress(
                (CORPUS / "run_coros_power_10.7km.fit").read_bytes()
            ),
            "activities/456.gpx": (CORPUS / "run_strava-android_hr-cad.gpx").read_bytes(),
            "activities/789.tcx.gz": gzip.compress(
                (CORPUS / "ride_garmin-edge520_power.tcx").read_bytes()
            ),
            "profile.csv": b"Athlete ID,Email Address\n1,me@example.com\n",
            "media/abc.jpg": b"\xff\xd8\xff\xe0 not really a photo",
        },
    )


def test_a_strava_export_names_its_activities_from_activities_csv(
    store: SqlStore, tmp_path: Path
) -> None:
    export = strava_export(tmp_path)

    report = import_paths(store, [export])

    prefix = f"{export}/"
    assert [(o.name.removeprefix(prefix), o.outcome) for o in report.outcomes] == [
        ("activities/123.fit.gz", IMPORTED),
        ("activities/456.gpx", IMPORTED),
        ("activities/789.tcx.gz", IMPORTED),
        ('activities.csv: 999 "Yoga with Adriene"', SKIPPED),
    ]
    assert "manual Strava entry" in (report.outcomes[3].reason or "")
    athlete_id = store.default_athlete_id()
    stored = [store.get_activity(athlete_id, o.activity_ids[0]) for o in report.outcomes[:3]]
    assert [(a.name, a.gear, a.sport, a.sub_sport) for a in stored] == [
        ("Tempo, 3 x 2 km", "Pegasus 37", "running", None),
        ('Run avec Nico & Mag "les bois"', "Speedgoat 5", "running", "trail"),
        ("Zwift – Watopia 🚴", "Tacx Neo 2T", "cycling", "virtual_activity"),
    ]
    assert [a.source_name for a in stored] == [o.name for o in report.outcomes[:3]]
    assert stored[0].distance_m == pytest.approx(10744, abs=1)
    assert stored[0].device.product == "COROS APEX Pro"

    again = import_paths(store, [export])

    assert [o.outcome for o in again.outcomes] == [ALREADY_PRESENT] * 3 + [SKIPPED]
    assert [o.same_as for o in again.outcomes[:3]] == [o.activity_ids for o in report.outcomes[:3]]
    assert store.count_activities(athlete_id) == 3


def test_a_strava_name_with_a_nul_is_stored_without_it(store: SqlStore, tmp_path: Path) -> None:
    rows = list(STRAVA_ROWS)
    rows[0] = [cell.replace("Tempo", "Tempo\x00") for cell in rows[0]]

    report = import_paths(store, [strava_export(tmp_path, rows)])

    assert [o.outcome for o in report.outcomes] == [IMPORTED, IMPORTED, IMPORTED, SKIPPED]
    athlete_id = store.default_athlete_id()
    stored = store.get_activity(athlete_id, report.outcomes[0].activity_ids[0])
    assert stored.name is not None and "\x00" not in stored.name and "Tempo" in stored.name


def test_a_garmin_connect_export_imports_the_fit_files_in_its_nested_zips(
    sqlite_store: SqlStore, tmp_path: Path
) -> None:
    fits = {
        "12345_ACTIVITY.fit": "run_garmin-fenix2_9km.fit",
        "12346_ACTIVITY.fit": "triathlon_garmin-fr255_summary-first.fit",
        "12347_ACTIVITY.fit": "hike_garmin-fr645m_3h_10km.fit",
    }
    uploaded = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
    export = write_zip(
        tmp_path / "garmin_export.zip",
        {
            "DI_CONNECT/DI-Connect-Fitness/me@example.com_0_summarizedActivities.json": b"[]",
            "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
            uploaded: zip_bytes({name: (CORPUS / f).read_bytes() for name, f in fits.items()}),
        },
    )

    report = import_paths(sqlite_store, [export])

    assert [o.name for o in report.outcomes] == [f"{export}/{uploaded}/{name}" for name in fits]
    assert [o.outcome for o in report.outcomes] == [IMPORTED] * 3
    assert [len(o.activity_ids) for o in report.outcomes] == [1, 5, 1]
    athlete_id = sqlite_store.default_athlete_id()
    assert sqlite_store.count_activities(athlete_id) == 7
    sports = {s.sport for s in sqlite_store.list_activities(athlete_id)}
    assert sports == {"running", "swimming", "transition", "cycling", "walking"}


# 7 -- the same session from two files or two devices


def test_a_gpx_or_tcx_of_a_stored_run_is_the_same_session(sqlite_store: SqlStore) -> None:
    fit = by_file(import_paths(sqlite_store, [CORPUS / TWINS[0][0]]))[TWINS[0][0]]
    gpx = by_file(import_paths(sqlite_store, [CORPUS / TWINS[0][1]]))[TWINS[0][1]]
    tcx = by_file(import_paths(sqlite_store, [CORPUS / TWINS[1][1]]))[TWINS[1][1]]
    fit_after_tcx = by_file(import_paths(sqlite_store, [CORPUS / TWINS[1][0]]))[TWINS[1][0]]

    assert (fit.outcome, gpx.outcome) == (IMPORTED, ALREADY_PRESENT)
    assert gpx.same_as == fit.activity_ids
    assert gpx.reason == "the same session is stored from another file or device"
    assert (tcx.outcome, fit_after_tcx.outcome) == (IMPORTED, ALREADY_PRESENT)
    assert fit_after_tcx.same_as == tcx.activity_ids
    assert sqlite_store.count_activities(sqlite_store.default_athlete_id()) == 2


def recordings_source(
    recordings: dict[str, Activity],
) -> tuple[list[SourceFile], Callable[[str, bytes, str], list[Activity]]]:
    """Files whose reader returns hand-built recordings (each file's bytes differ)."""
    sources = [SourceFile(name, "fit", _load=name.encode) for name in recordings]

    def read(_format: str, _data: bytes, source_name: str) -> list[Activity]:
        return [recordings[source_name]]

    return sources, read


def test_a_second_device_recording_mostly_the_same_ride_is_the_same_session(
    sqlite_store: SqlStore,
) -> None:
    ride_file = "ride_garmin-edge810_vector-power_41km.fit"
    ride_id = by_file(import_paths(sqlite_store, [CORPUS / ride_file]))[ride_file].activity_ids[0]
    athlete_id = sqlite_store.default_athlete_id()
    ride = sqlite_store.get_activity(athlete_id, ride_id)
    assert ride.elapsed_s == pytest.approx(4700, abs=1)

    def other_device(share_not_overlapping: float, name: str) -> Activity:
        return ride.with_changes(
            start_utc=ride.start_utc + timedelta(seconds=share_not_overlapping * ride.elapsed_s),
            device=Device("wahoo", "elemnt_bolt", "77"),
            source_name=name,
            warnings=[],
        )

    recordings = {
        "bolt_80-percent.fit": other_device(0.2, "bolt_80-percent.fit"),
        "bolt_20-percent.fit": other_device(0.8, "bolt_20-percent.fit"),
        "watch_run_during_ride.fit": Activity(
            sport="running",
            start_utc=ride.start_utc + timedelta(minutes=10),
            elapsed_s=1800.0,
            distance_m=5000.0,
            device=Device("garmin", "fr945", "1"),
            source_format="fit",
            source_name="watch_run_during_ride.fit",
        ),
    }
    sources, read = recordings_source(recordings)

    report = import_files(sources, read, sqlite_store, settings_for(sqlite_store))

    assert [(o.outcome, o.same_as) for o in report.outcomes] == [
        (ALREADY_PRESENT, [ride_id]),
        (IMPORTED, []),
        (IMPORTED, []),
    ]
    assert sqlite_store.count_activities(athlete_id) == 3
    run = sqlite_store.get_activity(athlete_id, report.outcomes[2].activity_ids[0])
    assert (run.sport, run.elapsed_s, run.start_utc) == (
        "running",
        1800.0,
        ride.start_utc + timedelta(minutes=10),
    )


# 8 -- local time


@pytest.mark.parametrize(
    ("file_name", "offset_s", "local_hour"),
    [
        ("run_garmin-fr945_14km_83min_garmin-connect.gpx", -4 * 3600, 5),  # 2019-06-15: EDT
        ("run_garmin-connect_hr-cad.gpx", -5 * 3600, 3),  # 2019-11-16: EST
    ],
)
def test_a_gpx_without_local_time_takes_the_athletes_zone_for_its_date(
    sqlite_store: SqlStore, file_name: str, offset_s: int, local_hour: int
) -> None:
    settings = settings_for(sqlite_store, NEW_YORK)
    outcome = by_file(import_paths(sqlite_store, [CORPUS / file_name], settings))[file_name]

    stored = sqlite_store.get_activity(settings.athlete_id, outcome.activity_ids[0])
    assert stored.utc_offset_s == offset_s
    assert stored.utc_offset_source == "athlete"
    assert stored.local_start is not None
    assert stored.local_start.hour == local_hour


@pytest.mark.parametrize(
    ("file_name", "offset_s"),
    [
        ("race10k_garmin-fr15_11laps_no-hr.fit", -3 * 3600),  # FIT local_timestamp
        ("run_nikeplus_tz-offset_2pts.gpx", 3600),  # GPX times written with +01:00
    ],
)
def test_a_file_that_knows_its_local_time_keeps_it(
    sqlite_store: SqlStore, file_name: str, offset_s: int
) -> None:
    settings = settings_for(sqlite_store, NEW_YORK)
    outcome = by_file(import_paths(sqlite_store, [CORPUS / file_name], settings))[file_name]

    stored = sqlite_store.get_activity(settings.athlete_id, outcome.activity_ids[0])
    assert stored.utc_offset_s == offset_s
    assert stored.utc_offset_source == "file"


# 9 -- progress


def test_each_outcome_is_reported_once_in_order_as_soon_as_its_file_is_done(
    sqlite_store: SqlStore, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("ran 10k\n")
    paths = [
        CORPUS / TINY_RUN,
        notes,
        CORPUS / CORRUPT,
        CORPUS / TWINS[1][0],
        CORPUS / TWINS[1][1],
    ]
    athlete_id = sqlite_store.default_athlete_id()
    seen: list[tuple[FileOutcome, int]] = []

    def on_file_done(outcome: FileOutcome) -> None:
        seen.append((outcome, sqlite_store.count_activities(athlete_id)))

    report = import_paths(sqlite_store, paths, None, on_file_done)

    assert len(seen) == len(report.outcomes) == 5
    assert all(done is kept for (done, _), kept in zip(seen, report.outcomes, strict=True))
    assert [(o.outcome, stored) for o, stored in seen] == [
        (IMPORTED, 1),
        (SKIPPED, 1),
        (FAILED, 1),
        (IMPORTED, 2),
        (ALREADY_PRESENT, 2),
    ]
    assert [o.name for o, _ in seen] == [str(p) for p in paths]
    assert report.elapsed_s > 0
