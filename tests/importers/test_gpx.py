"""GPX reader against the real-file corpus (MANIFEST.tsv) and hand-made edge cases."""

from __future__ import annotations

import csv
import math
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from everyrun.domain import activity as act
from everyrun.domain.activity import Activity
from everyrun.domain.errors import FileRejectedError, NotAnActivityError, UnsupportedFileError
from everyrun.domain.sport import GENERIC, RUNNING
from everyrun.importers.gpx import read_gpx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "activities"


def _manifest_rows(fmt: str) -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row["format"] == fmt]


def _features(row: dict[str, str]) -> dict[str, str]:
    pairs = (item.partition("=") for item in row["features"].split(","))
    return {key: value for key, _, value in pairs}


ROWS = _manifest_rows("gpx")
TIMED = [row for row in ROWS if "time_on_0_pts" not in _features(row)]
UNTIMED = [row for row in ROWS if row not in TIMED]
# Stream column -> extension names (as the manifest lists them) that should fill it.
EXTENSION_COLUMNS = {
    act.HEART_RATE: {"hr", "heartrate"},
    act.CADENCE: {"cad"},
    act.POWER: {"PowerInWatts", "power"},
    act.TEMPERATURE: {"atemp", "temp"},
}


def _read(name: str) -> Activity:
    activities = read_gpx((CORPUS / name).read_bytes(), name)
    assert len(activities) == 1
    return activities[0]


def test_corpus_has_the_gpx_rows_this_suite_expects() -> None:
    assert len(ROWS) == 14
    assert {row["filename"] for row in UNTIMED} == {
        "route_strava_no-times.gpx",
        "strava_metadata-only_no-track.gpx",
    }


@pytest.mark.parametrize("row", TIMED, ids=lambda row: row["filename"])
def test_manifest_activity(row: dict[str, str]) -> None:
    features = _features(row)
    activity = _read(row["filename"])
    streams = activity.streams

    assert activity.source_format == "gpx"
    assert activity.source_name == row["filename"]
    assert activity.start_utc.tzinfo is UTC
    assert activity.warnings == []
    assert len(streams) == int(features["trkpt"])
    assert activity.elapsed_s == pytest.approx(float(row["duration_s"]), abs=2.0)
    expected_m = float(row["distance_m"])
    assert activity.distance_m == pytest.approx(expected_m, abs=max(0.015 * expected_m, 1.0))

    time_s = streams[act.TIME]
    assert time_s[0] == 0.0
    assert np.all(np.diff(time_s) >= 0)
    assert time_s[-1] == pytest.approx(activity.elapsed_s)
    assert streams[act.DISTANCE][-1] == activity.distance_m
    assert math.isnan(streams[act.SPEED][0])
    assert streams.has_data(act.LATITUDE) and streams.has_data(act.LONGITUDE)
    assert streams.has_data(act.ALTITUDE) == ("ele_on_0_pts" not in features)

    listed = set(features.get("ext", "").split("+")) - {""}
    for column, names in EXTENSION_COLUMNS.items():
        assert streams.has_data(column) == bool(listed & names), column

    expected_sport = RUNNING if row["sport"].lower().startswith("run") else GENERIC
    assert activity.sport == expected_sport
    assert activity.device.product is not None
    assert row["device_or_creator"].startswith(activity.device.product)

    paused_s = sum(pause.duration_s for pause in activity.pauses)
    assert activity.timer_s == pytest.approx(activity.elapsed_s - paused_s)
    assert all(pause.duration_s > 0 for pause in activity.pauses)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("route_strava_no-times.gpx", "route without timestamps"),
        ("strava_metadata-only_no-track.gpx", "no track points"),
    ],
)
def test_non_activities_are_refused_with_a_reason(name: str, reason: str) -> None:
    assert name in {row["filename"] for row in UNTIMED}
    with pytest.raises(NotAnActivityError, match=reason):
        read_gpx((CORPUS / name).read_bytes(), name)


def test_time_zone_offset_and_milliseconds_are_honoured() -> None:
    activity = _read("run_nikeplus_tz-offset_2pts.gpx")
    assert activity.start_utc == datetime(2015, 12, 11, 14, 43, 13, tzinfo=UTC)
    assert activity.utc_offset_s == 3600
    assert activity.utc_offset_source == "file"
    assert activity.local_start is not None and activity.local_start.hour == 15
    np.testing.assert_allclose(activity.streams[act.TIME], [0.0, 0.994])
    assert activity.sport == RUNNING  # <type>run</type>


def test_sub_second_times_and_gpxdata_extensions() -> None:
    activity = _read("activity_suunto-movescount_hr_temp.gpx")
    assert activity.start_utc == datetime(2014, 1, 17, 8, 33, 11, 150_000, tzinfo=UTC)
    assert activity.streams[act.TIME][1] == pytest.approx(4.06)
    assert activity.streams[act.HEART_RATE][1] == pytest.approx(101.289987711843)
    assert activity.streams[act.TEMPERATURE][0] == pytest.approx(20.7000007629395)
    assert activity.utc_offset_s is None  # "Z" says UTC, not where the athlete was
    assert activity.name == "Move"


def test_garmin_track_point_extension_values() -> None:
    activity = _read("run_garmin-connect_hr-cad.gpx")
    streams = activity.streams
    assert streams[act.HEART_RATE][:2].tolist() == [129.0, 129.0]
    assert streams[act.CADENCE][0] == 52.0
    assert streams[act.TEMPERATURE][0] == 27.0
    assert streams[act.ALTITUDE][:2].tolist() == [83.0, 81.59999847412109375]
    assert streams[act.LATITUDE][0] == pytest.approx(49.483556114137172698974609375)
    assert activity.name == "Mannheim Running"
    # 1 Hz running: derived speed stays in a runner's range once moving.
    assert 2.0 < float(np.nanmedian(streams[act.SPEED])) < 4.0


def test_strava_numeric_type_and_escaped_name() -> None:
    activity = _read("run_strava-android_hr-cad.gpx")
    assert activity.sport == RUNNING  # <type>9</type>
    assert activity.name == "Run avec Nico & Mag"
    assert activity.device.product == "StravaGPX Android"


def test_segments_become_pauses_and_speed_does_not_cross_them() -> None:
    activity = _read("run_apple-watch_3-segments_hr-cad.gpx")
    assert [(p.start_utc.isoformat(), p.end_utc.isoformat()) for p in activity.pauses] == [
        ("2025-05-02T15:51:26.195000+00:00", "2025-05-02T15:55:03+00:00"),
        ("2025-05-02T15:55:10+00:00", "2025-05-02T16:33:47+00:00"),
    ]
    assert activity.timer_s == pytest.approx(10.503 + 7.0 + 18.0)
    speed = activity.streams[act.SPEED]
    assert math.isnan(speed[4]) and math.isnan(speed[9])  # first points of segments 2 and 3
    assert np.isfinite(speed[[1, 5, 10]]).all()
    assert activity.streams.has_data(act.POWER)
    assert activity.streams[act.POWER][0] == 0.0  # PowerInWatts 0 is a value, not a gap
    assert activity.name == "Friday Evening Run"


def test_partial_heart_rate_stays_nan_where_not_recorded() -> None:
    activity = _read("track_garmin-oregon600_partial-hr_3-segments.gpx")
    assert int(np.isfinite(activity.streams[act.HEART_RATE]).sum()) == 9
    assert [p.duration_s for p in activity.pauses] == [58.0, 22.0]
    assert activity.timer_s == 122.0 - 80.0
    assert activity.name == "missing hr"


def test_several_tracks_are_joined_in_time_order() -> None:
    activity = _read("track_garmin-handheld-via-gpsbabel_8-active-logs.gpx")
    assert len(activity.streams) == 296
    assert len(activity.pauses) == 6  # 8 <trk>, the first one empty
    assert activity.name == "ACTIVE LOG"
    # Distance counts the moves between logs, as the manifest's haversine does (13.7 km).
    assert activity.distance_m == pytest.approx(13_665, rel=0.015)


def test_empty_segment_is_harmless() -> None:
    activity = _read("track_empty-segment.gpx")
    assert len(activity.streams) == 9
    assert activity.pauses == []
    assert activity.elapsed_s == 76.0


def test_car_drive_is_not_called_a_run() -> None:
    activity = _read("drive_garmin-etrex20x_car.gpx")
    assert activity.sport == GENERIC
    assert float(np.nanmax(activity.streams[act.SPEED])) > 10.0  # > 36 km/h


def test_same_run_as_the_fit_file_starts_at_the_same_second() -> None:
    activity = _read("run_garmin-fr945_14km_83min_garmin-connect.gpx")
    assert activity.start_utc == datetime(2019, 6, 15, 9, 42, 23, tzinfo=UTC)
    assert activity.distance_m == pytest.approx(14_153, rel=0.015)


def test_a_large_file_reads_quickly() -> None:
    data = (CORPUS / "run_garmin-fr945_14km_83min_garmin-connect.gpx").read_bytes()
    started = time.perf_counter()
    read_gpx(data, "fr945.gpx")
    assert time.perf_counter() - started < 1.5  # ~0.1 s here; gpxpy takes ~1 s


# --- hand-made edge cases ------------------------------------------------------------------


def _gpx(points: str, head: str = "") -> bytes:
    return (
        '<?xml version="1.0"?><gpx xmlns="http://www.topografix.com/GPX/1/1" creator="t">'
        f"{head}<trk>{points}</trk></gpx>"
    ).encode()


def _pt(seconds: int, extra: str = "", lat: str = "45.0", lon: str = "7.0") -> str:
    moment = datetime(2024, 5, 1, 6, 0, tzinfo=UTC) + timedelta(seconds=seconds)
    return f'<trkpt lat="{lat}" lon="{lon}"><time>{moment:%Y-%m-%dT%H:%M:%SZ}</time>{extra}</trkpt>'


def test_points_without_time_inside_a_timed_track_are_dropped_with_a_warning() -> None:
    untimed = '<trkpt lat="45.1" lon="7.1"><ele>3</ele></trkpt>'
    data = _gpx(f"<trkseg>{_pt(0)}{untimed}{_pt(10)}{_pt(20, lat='45.001')}</trkseg>")
    (activity,) = read_gpx(data, "t.gpx")
    assert len(activity.streams) == 3
    assert "dropped 1 track points that have no time" in activity.warnings
    assert activity.distance_m == pytest.approx(111.195, rel=1e-3)


def test_bad_numbers_become_nan_with_one_warning_per_field() -> None:
    bad = "<ele>high</ele><extensions><hr>fast</hr></extensions>"
    data = _gpx(f"<trkseg>{_pt(0, bad)}{_pt(1, bad)}{_pt(2, '<ele>5</ele>')}</trkseg>")
    (activity,) = read_gpx(data, "t.gpx")
    altitude = activity.streams[act.ALTITUDE]
    assert math.isnan(altitude[0]) and math.isnan(altitude[1]) and altitude[2] == 5.0
    assert act.HEART_RATE not in activity.streams
    assert sorted(activity.warnings) == [
        "2 unreadable altitude_m value(s) read as missing (first: 'high')",
        "2 unreadable heart_rate_bpm value(s) read as missing (first: 'fast')",
    ]


def test_segments_written_out_of_order_are_sorted_by_time() -> None:
    late = f"<trkseg>{_pt(100)}{_pt(101)}</trkseg>"
    early = f"<trkseg>{_pt(0)}{_pt(1)}</trkseg>"
    (activity,) = read_gpx(_gpx(late + early), "t.gpx")
    assert activity.streams[act.TIME].tolist() == [0.0, 1.0, 100.0, 101.0]
    assert [p.duration_s for p in activity.pauses] == [99.0]
    assert activity.timer_s == 2.0
    assert activity.warnings == []  # whole segments in the wrong order: nothing to re-sort


def test_points_out_of_order_within_a_segment_are_sorted_with_a_warning() -> None:
    (activity,) = read_gpx(_gpx(f"<trkseg>{_pt(0)}{_pt(10)}{_pt(5)}{_pt(20)}</trkseg>"), "t.gpx")
    assert activity.streams[act.TIME].tolist() == [0.0, 5.0, 10.0, 20.0]
    assert activity.warnings == ["track points out of time order were sorted (2 changed place)"]


def test_names_from_metadata_and_times_without_zone() -> None:
    head = "<metadata><name>Morning</name></metadata>"
    points = '<trkseg><trkpt lat="1" lon="1"><time>2024-05-01T06:00:00</time></trkpt>'
    points += '<trkpt lat="1" lon="1.001"><time>2024-05-01T06:00:05</time></trkpt></trkseg>'
    (activity,) = read_gpx(_gpx(points, head), "t.gpx")
    assert activity.name == "Morning"
    assert activity.start_utc == datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    assert "times without a time zone were read as UTC" in activity.warnings


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (f"<trkseg>{_pt(0)}</trkseg>", "only one timed track point"),
        (f"<trkseg>{_pt(0)}{_pt(0)}</trkseg>", "same time"),
        ("<trkseg/>", "no track points"),
    ],
)
def test_tracks_that_measure_nothing_are_not_activities(body: str, reason: str) -> None:
    with pytest.raises(NotAnActivityError, match=reason):
        read_gpx(_gpx(body), "t.gpx")


def test_a_route_only_file_is_not_an_activity() -> None:
    data = b'<gpx><rte><rtept lat="1" lon="1"/><rtept lat="1" lon="2"/></rte></gpx>'
    with pytest.raises(NotAnActivityError, match="no track points"):
        read_gpx(data, "r.gpx")


def test_other_xml_is_unsupported() -> None:
    with pytest.raises(UnsupportedFileError, match="root element is <kml>"):
        read_gpx(b'<kml xmlns="http://www.opengis.net/kml/2.2"/>', "x.gpx")


# --- property tests: whatever the bytes, only a clean refusal or a consistent Activity ---------

SMALL_GPX = (CORPUS / "track_garmin-oregon600_partial-hr_3-segments.gpx").read_bytes()
PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow],
)
TOKENS = [b"<", b">", b"&", b"&amp;", b"]]>", b"</trkpt>", b"<trkseg>", b'"', b"9e999", b"\x00"]


def _read_or_refuse(data: bytes) -> None:
    try:
        activities = read_gpx(data, "fuzz.gpx")
    except FileRejectedError:
        return
    for activity in activities:
        time_s = activity.streams[act.TIME]
        assert np.all(np.isfinite(time_s)) and np.all(np.diff(time_s) >= 0)
        assert activity.elapsed_s > 0
        assert activity.timer_s is not None and 0 <= activity.timer_s <= activity.elapsed_s + 1e-6
        assert activity.end_utc > activity.start_utc


@PROPERTY_SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_only_ever_refuse(data: bytes) -> None:
    _read_or_refuse(data)


@PROPERTY_SETTINGS
@given(st.integers(min_value=0, max_value=len(SMALL_GPX)))
def test_truncated_gpx_only_ever_refuses_or_recovers(cut: int) -> None:
    _read_or_refuse(SMALL_GPX[:cut])


@PROPERTY_SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SMALL_GPX) - 1),
            st.one_of(st.binary(min_size=1, max_size=1), st.sampled_from(TOKENS)),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_mutated_gpx_only_ever_refuses_or_reads(edits: list[tuple[int, bytes, bool]]) -> None:
    data = bytearray(SMALL_GPX)
    for position, token, replace in edits:
        at = min(position, len(data))
        data[at : at + (len(token) if replace else 0)] = token
    _read_or_refuse(bytes(data))
