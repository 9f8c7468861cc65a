"""`everyrun activities`, `activity` and `export` on a stored library of real recordings.

Exit codes: 0 done, 1 some file failed to import, 2 the command itself could not run.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from everyrun.domain import activity as act
from everyrun.importers.gpx import read_gpx
from tests.cli.conftest import Invoke, Library, plain
from tests.cli.library_files import (
    FENIX2,
    FENIX5X,
    LATE_GPX,
    POOL_SWIM,
    RIDE,
    RUNS,
    TIME_JUMP,
    TREADMILL,
)
from tests.cli.library_files import (
    read_json as _json,
)
from tests.cli.library_files import (
    row_ids as _ids,
)
from tests.cli.library_files import (
    stored_activity as _stored,
)

# --- activities -------------------------------------------------------------------------------


def test_activities_json_rows(invoke: Invoke, library: Library) -> None:
    rows = _json(invoke("activities", "--json", "--db", library.url).stdout)

    assert sorted(_ids(rows)) == sorted(library.ids.values())
    starts = [datetime.fromisoformat(row["start_utc"]) for row in rows]
    assert starts == sorted(starts, reverse=True)
    by_id = {row["id"]: row for row in rows}
    fenix2 = by_id[library.ids[FENIX2]]
    assert fenix2["sport"] == "running"
    assert fenix2["start_utc"] == "2015-08-15T14:45:08+00:00"
    assert fenix2["utc_offset_s"] == 7200
    assert fenix2["distance_m"] == pytest.approx(9008.22, abs=0.01)
    assert fenix2["elapsed_s"] == pytest.approx(2832.0)
    assert fenix2["source_format"] == "fit"
    assert fenix2["source_name"].endswith(FENIX2)
    assert fenix2["sample_count"] > 2000
    assert by_id[library.ids[POOL_SWIM]]["sport"] == "swimming"
    assert by_id[library.ids[RIDE]]["sport"] == "cycling"
    assert by_id[library.ids[TIME_JUMP]]["warning_count"] >= 1


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        # 2018-01-28 01:39 UTC, but 2018-01-27 20:39 where the runner was (UTC-5).
        ("2018-01-27", "2018-01-27", [TREADMILL]),
        ("2018-01-28", "2018-01-28", []),
        # 2012-10-24 23:29 UTC is 2012-10-25 01:29 in the athlete's zone (Europe/Berlin).
        ("2012-10-25", "2012-10-25", [LATE_GPX]),
        (None, "2012-10-24", []),
        ("2018-01-01", "2018-12-31", [FENIX5X, TREADMILL]),
        ("2019-01-01", None, [RIDE, POOL_SWIM]),
    ],
)
def test_activities_since_until_by_local_day(
    invoke: Invoke, library: Library, since: str | None, until: str | None, expected: list[str]
) -> None:
    args = ["activities", "--json", "--db", library.url]
    args += ["--since", since] if since else []
    args += ["--until", until] if until else []

    rows = _json(invoke(*args).stdout)

    assert _ids(rows) == [library.ids[name] for name in expected]


def test_activities_by_sport(invoke: Invoke, library: Library) -> None:
    runs = _json(invoke("activities", "--sport", "running", "--json", "--db", library.url).stdout)
    assert sorted(_ids(runs)) == sorted(library.ids[name] for name in RUNS)
    assert {row["sport"] for row in runs} == {"running"}

    both = _json(
        invoke(
            "activities", "--sport", "running", "--sport", "swimming", "--json", "--db", library.url
        ).stdout
    )
    assert sorted(_ids(both)) == sorted(library.ids[name] for name in (*RUNS, POOL_SWIM))

    spelled = _json(
        invoke("activities", "--sport", "Running", "--json", "--db", library.url).stdout
    )
    assert _ids(spelled) == _ids(runs)

    none = invoke("activities", "--sport", "rowing", "--db", library.url)
    assert "No activities match" in plain(none.stdout)


def test_activities_limit_keeps_the_newest(invoke: Invoke, library: Library) -> None:
    every = _json(invoke("activities", "--json", "--db", library.url).stdout)

    two = _json(invoke("activities", "--limit", "2", "--json", "--db", library.url).stdout)
    assert _ids(two) == _ids(every)[:2] == [library.ids[RIDE], library.ids[POOL_SWIM]]

    first_run = _json(
        invoke(
            "activities", "--sport", "running", "--limit", "1", "--json", "--db", library.url
        ).stdout
    )
    assert _ids(first_run) == [library.ids[FENIX5X]]

    invoke("activities", "--limit", "0", "--db", library.url, code=2)


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_activities_with_a_bad_date_gives_the_format(
    invoke: Invoke, library: Library, option: str
) -> None:
    result = invoke("activities", option, "2024-13-01", "--db", library.url, code=2)
    assert f"{option} '2024-13-01' is not a date" in plain(result.stderr)
    assert "YYYY-MM-DD" in plain(result.stderr)

    as_json = _json(
        invoke("activities", option, "14.3.2024", "--json", "--db", library.url, code=2).stdout
    )
    assert as_json == {
        "error": f"{option} '14.3.2024' is not a date",
        "hint": "write dates as YYYY-MM-DD, e.g. 2026-03-14",
    }


def test_activities_since_after_until_is_refused(invoke: Invoke, library: Library) -> None:
    args = ("--since", "2020-02-01", "--until", "2020-01-01", "--db", library.url)

    result = invoke("activities", *args, code=2)

    assert "--since 2020-02-01 is after --until 2020-01-01" in plain(result.stderr)
    assert "swap" in plain(result.stderr)
    assert _json(invoke("activities", *args, "--json", code=2).stdout)["hint"] == (
        "swap the two dates"
    )


@pytest.mark.parametrize("columns", [80, 160])
def test_activities_table_always_shows_the_ids(
    invoke: Invoke, library: Library, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))

    output = plain(invoke("activities", "--db", library.url).stdout)

    assert "7 activities" in output
    assert all(len(line) <= columns for line in output.splitlines())
    for name, activity_id in library.ids.items():
        assert re.search(rf"^\s*{activity_id} \d{{4}}-\d\d-\d\d \d\d:\d\d ", output, re.M), name
    # Local start time and numbers as runners read them.
    assert re.search(
        rf"^\s*{library.ids[FENIX2]} 2015-08-15 16:45 .*47:12\s+9\.01 km\s+5:14/km", output, re.M
    )
    assert re.search(rf"^\s*{library.ids[POOL_SWIM]} .*2:22/100m", output, re.M)


def test_activities_on_an_empty_database(invoke: Invoke, db_url: str) -> None:
    output = plain(invoke("activities", "--db", db_url).stdout)
    assert "No activities match" in output
    assert _json(invoke("activities", "--json", "--db", db_url).stdout) == []


# --- activity ---------------------------------------------------------------------------------


def test_activity_json_has_laps_and_pauses(invoke: Invoke, library: Library) -> None:
    activity_id = library.ids[FENIX5X]

    shown = _json(invoke("activity", str(activity_id), "--json", "--db", library.url).stdout)

    assert shown["id"] == activity_id
    assert shown["sport"] == "running"
    assert shown["start_utc"] == "2018-10-20T14:46:25+00:00"
    assert shown["start_local"] == "2018-10-20T07:46:25-07:00"
    assert shown["distance_m"] == pytest.approx(18_658.57, abs=0.01)
    assert shown["timer_s"] < shown["elapsed_s"]
    assert len(shown["laps"]) == 12
    assert sum(lap["distance_m"] for lap in shown["laps"]) == pytest.approx(
        shown["distance_m"], rel=0.01
    )
    assert {lap["trigger"] for lap in shown["laps"]} == {"distance", "session_end"}
    assert len(shown["pauses"]) == 8
    assert sum(p["duration_s"] for p in shown["pauses"]) == pytest.approx(223, abs=1)  # 3:43
    for pause in shown["pauses"]:
        start = datetime.fromisoformat(pause["start_utc"])
        end = datetime.fromisoformat(pause["end_utc"])
        assert (end - start).total_seconds() == pytest.approx(pause["duration_s"])
    assert shown["device"]["manufacturer"] == "garmin"
    assert act.HEART_RATE in shown["streams"]
    assert shown["warnings"] == []
    assert "samples" not in shown  # streams are for `everyrun export`


def test_activity_json_lists_warnings(invoke: Invoke, library: Library) -> None:
    shown = _json(
        invoke("activity", str(library.ids[TIME_JUMP]), "--json", "--db", library.url).stdout
    )

    assert shown["warnings"]
    assert shown["warnings"] == library.outcome(TIME_JUMP)["warnings"]
    assert all(isinstance(w, str) and w for w in shown["warnings"])


def test_activity_table(invoke: Invoke, library: Library) -> None:
    activity_id = library.ids[FENIX5X]

    output = plain(invoke("activity", str(activity_id), "--db", library.url).stdout)

    assert f"Activity {activity_id}" in output
    assert re.search(r"Start\s+│ 2018-10-20 07:46", output)
    assert re.search(r"Distance\s+│ 18\.66 km", output)
    assert re.search(r"Pauses\s+│ 8 \(3:43\)", output)
    assert "12 laps" in output
    assert re.search(r"│\s+1 │ 07:46 │\s+8:00 │\s+1\.61 km │\s+4:58/km", output)

    warned = plain(invoke("activity", str(library.ids[TIME_JUMP]), "--db", library.url).stdout)
    for warning in library.outcome(TIME_JUMP)["warnings"]:
        assert f"⚠ {warning[:40]}" in " ".join(warned.split())


def test_activity_that_does_not_exist(invoke: Invoke, library: Library) -> None:
    result = invoke("activity", "999", "--db", library.url, code=2)

    assert "error: no activity with ID 999" in plain(result.stderr)
    assert "list your activities" in plain(result.stderr)
    assert "Traceback" not in result.output
    as_json = _json(invoke("activity", "999", "--json", "--db", library.url, code=2).stdout)
    assert as_json["error"] == "no activity with ID 999"
    assert as_json["hint"].startswith("list your activities")
    invoke("activity", "twelve", "--db", library.url, code=2)


# --- export -----------------------------------------------------------------------------------


def test_export_csv_has_one_row_per_sample(invoke: Invoke, library: Library) -> None:
    stored = _stored(library, FENIX2)

    text = invoke("export", "activity", str(library.ids[FENIX2]), "--db", library.url).stdout
    rows = list(csv.reader(io.StringIO(text)))

    header = rows[0]
    assert ",".join(header).startswith("timestamp_utc,time_s,latitude_deg,longitude_deg,")
    assert sorted(header[1:]) == sorted(stored.streams.names())
    assert len(rows) == len(stored.streams) + 1
    time_s = stored.streams[act.TIME]
    for row_number in (1, len(rows) // 2, len(rows) - 1):
        row = dict(zip(header, rows[row_number], strict=True))
        sample = row_number - 1
        expected_time = stored.start_utc + timedelta(seconds=float(time_s[sample]))
        assert datetime.fromisoformat(row["timestamp_utc"]) == expected_time
        for name in stored.streams.names():
            value = stored.streams[name][sample]
            if np.isfinite(value):
                assert float(row[name]) == pytest.approx(value, abs=1e-6)
            else:
                assert row[name] == ""
    assert rows[1][0] == "2015-08-15T14:45:08+00:00"


def test_export_json_round_trips_the_streams(invoke: Invoke, library: Library) -> None:
    stored = _stored(library, FENIX5X)

    document = json.loads(
        invoke(
            "export", "activity", str(library.ids[FENIX5X]), "-f", "json", "--db", library.url
        ).stdout,
        parse_constant=lambda name: pytest.fail(f"{name} is not JSON"),
    )

    assert document["id"] == library.ids[FENIX5X]
    assert document["sample_count"] == len(stored.streams)
    assert set(document["samples"]) == set(stored.streams.names())
    for name, values in document["samples"].items():
        original = stored.streams[name]
        exported = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        assert exported.shape == original.shape, name
        assert np.array_equal(np.isnan(exported), np.isnan(original)), name
        np.testing.assert_allclose(exported, original, rtol=0, atol=1e-6, equal_nan=True)
    assert len(document["laps"]) == 12
    assert len(document["pauses"]) == 8


def test_export_gpx_reads_back_as_the_same_track(invoke: Invoke, library: Library) -> None:
    stored = _stored(library, FENIX2)
    shown = _json(
        invoke("activity", str(library.ids[FENIX2]), "--json", "--db", library.url).stdout
    )

    data = invoke(
        "export", "activity", str(library.ids[FENIX2]), "--format", "gpx", "--db", library.url
    ).stdout_bytes
    (back,) = read_gpx(data, "export.gpx")

    streams = stored.streams
    positioned = np.isfinite(streams[act.LATITUDE]) & np.isfinite(streams[act.LONGITUDE])
    assert len(back.streams) == int(positioned.sum()) > 2000
    assert back.start_utc == stored.start_utc
    assert back.sport == "running"
    np.testing.assert_array_equal(
        back.streams[act.HEART_RATE], np.round(streams[act.HEART_RATE][positioned])
    )
    np.testing.assert_allclose(
        back.streams[act.LATITUDE], streams[act.LATITUDE][positioned], atol=1e-7
    )
    assert back.distance_m == pytest.approx(shown["distance_m"], rel=0.01)
    assert back.warnings == []


def test_export_gpx_keeps_the_pauses(invoke: Invoke, library: Library) -> None:
    stored = _stored(library, FENIX5X)

    data = invoke(
        "export", "activity", str(library.ids[FENIX5X]), "-f", "gpx", "--db", library.url
    ).stdout_bytes
    (back,) = read_gpx(data, "export.gpx")

    assert len(back.pauses) == len(stored.pauses) == 8
    for mine, theirs in zip(back.pauses, stored.pauses, strict=True):
        # GPX knows only the points: a pause runs from the last point before it to the first after.
        assert theirs.start_utc - timedelta(seconds=5) <= mine.start_utc <= theirs.start_utc
        assert mine.end_utc == theirs.end_utc
    assert back.distance_m == pytest.approx(stored.distance_m, rel=0.01)


@pytest.mark.parametrize("export_format", ["csv", "json", "gpx"])
def test_export_to_a_file_writes_what_stdout_shows(
    invoke: Invoke, library: Library, tmp_path: Path, export_format: str
) -> None:
    activity_id = str(library.ids[FENIX2])
    target = tmp_path / "out" / f"run.{export_format}"
    target.parent.mkdir()
    shown = invoke("export", "activity", activity_id, "-f", export_format, "--db", library.url)

    result = invoke(
        "export", "activity", activity_id, "-f", export_format, "-o", target, "--db", library.url
    )

    assert target.read_bytes() == shown.stdout_bytes
    assert result.stdout == ""
    assert f"Wrote {target}" in " ".join(plain(result.stderr).split())
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no .part left


def test_export_with_an_unknown_format(invoke: Invoke, library: Library, tmp_path: Path) -> None:
    target = tmp_path / "run.xml"

    result = invoke(
        "export", "activity", str(library.ids[FENIX2]), "-f", "xml", "-o", target,
        "--db", library.url, code=2,
    )  # fmt: skip

    assert "unknown export format 'xml'" in plain(result.stderr)
    assert "csv, json, gpx" in plain(result.stderr)
    assert not target.exists()


def test_export_into_a_missing_folder_leaves_nothing_behind(
    invoke: Invoke, library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "run.gpx"

    result = invoke(
        "export", "activity", str(library.ids[FENIX2]), "-f", "gpx", "-o", target,
        "--db", library.url, code=2,
    )  # fmt: skip

    assert f"cannot write {target}" in " ".join(plain(result.stderr).split())
    assert not target.parent.exists()


def test_export_onto_a_folder_leaves_nothing_behind(
    invoke: Invoke, library: Library, tmp_path: Path
) -> None:
    target = tmp_path / "a-folder"
    target.mkdir()

    invoke(
        "export", "activity", str(library.ids[FENIX2]), "-o", target, "--db", library.url, code=2
    )

    assert target.is_dir()
    assert list(target.iterdir()) == []
    assert list(tmp_path.rglob("*.part")) == []


def test_export_of_an_unknown_activity(invoke: Invoke, library: Library, tmp_path: Path) -> None:
    target = tmp_path / "run.csv"

    result = invoke("export", "activity", "999", "-o", target, "--db", library.url, code=2)

    assert "no activity with ID 999" in plain(result.stderr)
    assert not target.exists()
    assert not target.with_name("run.csv.part").exists()
