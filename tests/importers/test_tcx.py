"""TCX reader against the real-file corpus (MANIFEST.tsv) and hand-made edge cases."""

from __future__ import annotations

import csv
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from everyrun.domain import activity as act
from everyrun.domain.activity import Activity
from everyrun.domain.errors import FileRejectedError, NotAnActivityError, UnsupportedFileError
from everyrun.domain.sport import CYCLING, GENERIC, RUNNING
from everyrun.importers.tcx import read_tcx

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "activities"
WHITESPACE_TCX = "run_garmin-connect_whitespace-before-xml-decl.tcx"


def _manifest_rows(fmt: str) -> list[dict[str, str]]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row["format"] == fmt]


def _features(row: dict[str, str]) -> dict[str, str]:
    pairs = (item.partition("=") for item in row["features"].split(","))
    return {key: value for key, _, value in pairs}


ROWS = _manifest_rows("tcx")
SPORTS = {"running": RUNNING, "biking": CYCLING, "other": GENERIC}
# Stream column -> TCX elements (as the manifest lists them) that fill it.
FEATURE_COLUMNS = {
    act.HEART_RATE: {"heartratebpm"},
    act.CADENCE: {"cadence", "runcadence"},
    act.POWER: {"watts"},
    act.LATITUDE: {"position"},
    act.ALTITUDE: {"altitudemeters"},
}
# The manifest names the exporting platform where the file has no <Creator> (or, for the
# whitespace file, where <Creator><Name> is the watch: a Polar V800 exported via Polar Flow).
PRODUCTS = {
    WHITESPACE_TCX: "Polar V800",
    "ride_mapmyride_no-creator.tcx": None,
    "run_no-creator_runcadence.tcx": None,
    "run_runtastic_lowercase-sport.tcx": None,
    "run_suunto-movescount_runcadence.tcx": None,
}
EXPECTED_WARNINGS = {
    WHITESPACE_TCX: ["lap AvgSpeed was written in km/h and has been converted to m/s"],
    "run_garmin-fr310xt_missing-distances.tcx": [
        "only 39% of trackpoints carry a distance; distance was measured from positions instead"
    ],
}


def _read(name: str) -> Activity:
    activities = read_tcx((CORPUS / name).read_bytes(), name)
    assert len(activities) == 1
    return activities[0]


def test_corpus_has_the_tcx_rows_this_suite_expects() -> None:
    assert len(ROWS) == 16
    assert [row["filename"] for row in ROWS if row["strict_parse"] != "ok"] == [WHITESPACE_TCX]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["filename"])
def test_manifest_activity(row: dict[str, str]) -> None:
    features = _features(row)
    activities = read_tcx((CORPUS / row["filename"]).read_bytes(), row["filename"])
    assert len(activities) == int(features["activities"])
    activity = activities[0]
    streams = activity.streams

    assert activity.source_format == "tcx"
    assert activity.source_name == row["filename"]
    assert activity.start_utc.tzinfo is UTC
    assert activity.warnings == EXPECTED_WARNINGS.get(row["filename"], [])
    assert len(activity.laps) == int(features["laps"])
    assert len(streams) == int(features["trackpoints"])
    assert activity.timer_s == pytest.approx(float(row["timer_or_lap_time_s"]), abs=1.0)
    assert activity.timer_s == pytest.approx(sum(lap.timer_s or 0.0 for lap in activity.laps))
    expected_m = float(row["distance_m"])
    assert activity.distance_m == pytest.approx(expected_m, rel=0.01)

    time_s = streams[act.TIME]
    assert np.all(np.diff(time_s) >= 0)
    assert time_s[0] >= 0.0
    assert time_s[-1] - time_s[0] == pytest.approx(float(row["duration_s"]), abs=2.0)
    assert activity.elapsed_s >= time_s[-1] - 1e-6
    assert activity.elapsed_s >= max(lap.timer_s or 0.0 for lap in activity.laps) - 1e-6

    present = set(features)
    for column, names in FEATURE_COLUMNS.items():
        assert streams.has_data(column) == bool(present & names), column
    assert streams.has_data(act.LONGITUDE) == ("position" in present)
    if "speed" in present:
        assert streams.has_data(act.SPEED)
    if "distancemeters" in present or "position" in present:
        assert streams.has_data(act.DISTANCE)

    assert activity.sport == SPORTS[row["sport"].lower()]
    expected_product = PRODUCTS.get(row["filename"], row["device_or_creator"].strip())
    assert activity.device.product == expected_product
    lap_starts = [lap.start_utc for lap in activity.laps]
    assert lap_starts == sorted(lap_starts)
    assert activity.start_utc == min([*lap_starts, activity.start_utc])


def test_whitespace_before_declaration_imports_with_its_pause() -> None:
    raw = (CORPUS / WHITESPACE_TCX).read_bytes()
    with pytest.raises(etree.XMLSyntaxError, match="XML declaration allowed only at the start"):
        etree.fromstring(raw)  # the quirk is real: a strict parser refuses this download
    activity = _read(WHITESPACE_TCX)
    assert len(activity.laps) == 5
    assert len(activity.streams) == 1545
    assert activity.start_utc == datetime(2016, 9, 12, 11, 19, 55, tzinfo=UTC)
    assert activity.elapsed_s == pytest.approx(2163.051)
    assert activity.timer_s == 1545.0
    # One 619 s gap between trackpoints explains elapsed - timer: that is the pause.
    assert [round(p.duration_s, 3) for p in activity.pauses] == [618.051]
    pause = activity.pauses[0]
    assert (pause.start_utc, pause.end_utc) == (
        datetime(2016, 9, 12, 11, 28, 8, tzinfo=UTC),
        datetime(2016, 9, 12, 11, 38, 26, 51_000, tzinfo=UTC),
    )
    # Polar wrote the laps' AvgSpeed in km/h: 1000 m in 402 s is 2.49 m/s, not 8.95.
    assert activity.laps[0].avg_speed_mps == pytest.approx(1000 / 402, rel=0.01)
    assert activity.laps[0].trigger == "distance"
    assert activity.distance_m == pytest.approx(4156.7, abs=0.1)


def test_missing_trackpoint_distances_come_from_positions() -> None:
    activity = _read("run_garmin-fr310xt_missing-distances.tcx")
    distance = activity.streams[act.DISTANCE]
    assert distance[0] == 0.0 and np.all(np.diff(distance) >= 0)
    # The 14 recorded values are nonsense (42 km into a 131 s run); positions give ~296 m.
    assert float(distance[-1]) == pytest.approx(299.03, rel=0.02)
    assert activity.distance_m == 299.03  # the lap's figure


def test_pool_swim_keeps_trackpoints_without_positions() -> None:
    activity = _read("poolswim_garmin-fr910xt_no-position.tcx")
    assert len(activity.streams) == 85
    assert act.LATITUDE not in activity.streams
    assert float(np.nanmax(activity.streams[act.DISTANCE])) == 2000.0
    assert activity.sport == GENERIC
    assert activity.device.serial_number == "3849029597"
    assert [lap.distance_m for lap in activity.laps[:2]] == [1100.0, 0.0]  # swim, then rest
    assert activity.pauses == []


def test_indoor_session_with_heart_rate_only() -> None:
    activity = _read("indoor-ride_polar-beat_one-lap.tcx")
    assert activity.streams.names() == [act.TIME, act.HEART_RATE]
    assert activity.streams[act.TIME][0] == pytest.approx(1.0)  # one second after lap start
    assert activity.streams[act.HEART_RATE][0] == 87.0
    assert activity.distance_m == 94.0
    lap = activity.laps[0]
    assert (lap.avg_heart_rate_bpm, lap.max_heart_rate_bpm) == (125.0, 139.0)
    assert lap.intensity == "active" and lap.trigger == "manual"
    assert activity.summary == {"calories_kcal": 519.0}


def test_watts_without_namespace_are_read() -> None:
    activity = _read("ride_garmin-connect-api_watts-no-namespace.tcx")
    power = activity.streams[act.POWER]
    assert power[0] == 0.0 and float(np.nanmax(power)) > 0
    assert activity.streams[act.CADENCE][0] == 0.0
    assert activity.laps[0].avg_cadence_rpm == 85.0
    assert activity.elapsed_s == pytest.approx(464.004)  # the lap outlasts the excerpt's points


def test_lap_extensions_avg_watts_and_avg_run_cadence() -> None:
    ride = _read("ride_garmin-edge520_power.tcx")
    assert ride.laps[0].avg_power_w == 178.0
    assert ride.laps[0].avg_speed_mps == pytest.approx(5.427, abs=0.001)
    assert ride.streams[act.POWER][:2].tolist() == [160.0, 187.0]
    ski = _read("xc-ski_garmin-vivoactive-hr.tcx")
    assert ski.laps[0].avg_cadence_rpm == 38.0
    assert ski.sport == GENERIC  # Sport="Other"


def test_time_zone_offset_and_partial_excerpt() -> None:
    activity = _read("ride_fitbit-versa_hr.tcx")
    assert activity.start_utc == datetime(2020, 12, 27, 14, 43, 49, tzinfo=UTC)
    assert activity.utc_offset_s == 3600
    assert activity.streams[act.TIME][0] == 947.0
    assert activity.elapsed_s == 2283.0


def test_microsecond_times_and_points_before_the_first_fix() -> None:
    activity = _read("ride_mapmyride_no-creator.tcx")
    assert activity.streams[act.TIME][0] == pytest.approx(0.8498)
    assert int(np.isnan(activity.streams[act.LATITUDE]).sum()) == 7
    assert activity.utc_offset_s is None  # +00:00 says nothing about the athlete's zone


def test_lap_fields_of_a_race() -> None:
    activity = _read("race10k_garmin-fr15_11laps_no-hr.tcx")
    first, last = activity.laps[0], activity.laps[-1]
    assert first.timer_s == 212.152 and first.elapsed_s == 212.152
    assert first.distance_m == 1000.0
    assert first.avg_speed_mps == pytest.approx(4.714, abs=0.001)
    assert first.avg_heart_rate_bpm is None
    assert last.timer_s == 1.624


def test_gaps_are_not_invented_as_pauses() -> None:
    movescount = _read("run_suunto-movescount_runcadence.tcx")
    assert movescount.elapsed_s - (movescount.timer_s or 0) > 250  # but no gap explains it
    assert movescount.pauses == []
    paddle = _read("sup_garmin-vivoactive-hr.tcx")  # 12-48 s smart-recording gaps
    assert paddle.pauses == []
    m400 = _read("run_polar-m400.tcx")
    assert [round(p.duration_s, 3) for p in m400.pauses] == [393.719]


def test_lowercase_sport_and_partial_heart_rate() -> None:
    activity = _read("run_runtastic_lowercase-sport.tcx")
    assert activity.sport == RUNNING
    assert int(np.isfinite(activity.streams[act.HEART_RATE]).sum()) == 15


def test_laps_with_empty_tracks() -> None:
    activity = _read("run_suunto-spartan-ultra_32laps.tcx")
    assert len(activity.laps) == 32
    assert activity.laps[0].timer_s == 0.002
    assert activity.elapsed_s == pytest.approx(1916.694)


# --- hand-made edge cases ------------------------------------------------------------------

TCD = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"


def _tcx(body: str) -> bytes:
    root = f'<TrainingCenterDatabase xmlns="{TCD}">{body}</TrainingCenterDatabase>'
    return f'<?xml version="1.0"?>{root}'.encode()


def _tp(seconds: int, inner: str = "") -> str:
    moment = datetime(2024, 5, 1, 6, 0, tzinfo=UTC) + timedelta(seconds=seconds)
    return f"<Trackpoint><Time>{moment:%Y-%m-%dT%H:%M:%SZ}</Time>{inner}</Trackpoint>"


def _activity(points: str, sport: str = "Running", lap_time: str = "20") -> str:
    return (
        f'<Activity Sport="{sport}"><Id>2024-05-01T06:00:00Z</Id>'
        f'<Lap StartTime="2024-05-01T06:00:00Z"><TotalTimeSeconds>{lap_time}</TotalTimeSeconds>'
        f"<DistanceMeters>50</DistanceMeters><Track>{points}</Track></Lap></Activity>"
    )


@pytest.mark.parametrize(
    ("body", "holds"),
    [
        ("<Courses><Course><Name>Loop</Name></Course></Courses>", "courses"),
        ("<Workouts><Workout Sport='Running'><Name>4x1k</Name></Workout></Workouts>", "workouts"),
        ("<Activities/>", "nothing recorded"),
    ],
)
def test_plans_are_not_activities(body: str, holds: str) -> None:
    with pytest.raises(NotAnActivityError, match=f"it holds {holds}"):
        read_tcx(_tcx(body), "plan.tcx")


def test_several_activities_become_legs_and_empty_ones_are_skipped() -> None:
    empty = '<Activity Sport="Biking"><Id>2024-05-01T05:00:00Z</Id></Activity>'
    body = _activity(_tp(0) + _tp(10)) + empty + _activity(_tp(30) + _tp(40), sport="Biking")
    run, ride = read_tcx(_tcx(f"<Activities>{body}</Activities>"), "multi.tcx")
    assert (run.sport, ride.sport) == (RUNNING, CYCLING)
    assert (run.leg_index, ride.leg_index, ride.leg_count) == (0, 1, 2)
    assert "skipped activity 2: no timed trackpoints and no lap time" in run.warnings


def test_bad_numbers_and_untimed_trackpoints() -> None:
    hr = "<HeartRateBpm><Value>{}</Value></HeartRateBpm>"
    points = (
        _tp(0, hr.format("x1"))
        + _tp(5, hr.format("140"))
        + "<Trackpoint><Time>soon</Time></Trackpoint>"
    )
    points += _tp(10, hr.format("x2") + "<Extensions><Watts>lots</Watts></Extensions>")
    (activity,) = read_tcx(_tcx(f"<Activities>{_activity(points)}</Activities>"), "bad.tcx")
    heart_rate = activity.streams[act.HEART_RATE]
    assert len(heart_rate) == 3 and heart_rate[1] == 140.0
    assert math.isnan(heart_rate[0]) and math.isnan(heart_rate[2])
    assert act.POWER not in activity.streams
    assert sorted(activity.warnings) == [
        "1 unreadable power_w value(s) read as missing (first: 'lots')",
        "1 unreadable time value(s) read as missing (first: 'soon')",
        "2 unreadable heart_rate_bpm value(s) read as missing (first: 'x1')",
        "dropped 1 trackpoints that have no readable time",
    ]


@pytest.mark.parametrize("lap_time", ["1e300", "-5", "inf"])
def test_impossible_lap_times_are_dropped_not_trusted(lap_time: str) -> None:
    body = f"<Activities>{_activity(_tp(0) + _tp(10), lap_time=lap_time)}</Activities>"
    (activity,) = read_tcx(_tcx(body), "t.tcx")
    assert activity.laps[0].timer_s is None
    assert activity.elapsed_s == 10.0 and activity.timer_s == 10.0
    assert activity.end_utc == datetime(2024, 5, 1, 6, 0, 10, tzinfo=UTC)
    assert len(activity.warnings) == 1 and "TotalTimeSeconds" in activity.warnings[0]


def test_trackpoints_out_of_order_are_sorted() -> None:
    points = _tp(10) + _tp(0) + _tp(5)
    (activity,) = read_tcx(_tcx(f"<Activities>{_activity(points)}</Activities>"), "t.tcx")
    assert activity.streams[act.TIME].tolist() == [0.0, 5.0, 10.0]
    assert activity.warnings == ["trackpoints out of time order were sorted (3 changed place)"]


def test_other_xml_is_unsupported() -> None:
    with pytest.raises(UnsupportedFileError, match="root element is <gpx>"):
        read_tcx(b"<gpx/>", "x.tcx")


def test_truncated_tcx_is_recovered_with_a_warning() -> None:
    data = (CORPUS / "run_polar-m400.tcx").read_bytes()
    (activity,) = read_tcx(data[: len(data) // 2], "cut.tcx")
    assert activity.warnings[0].startswith("damaged XML")
    assert 1000 < len(activity.streams) < 3507
    assert len(activity.laps) == 2  # the second lap's summary precedes its trackpoints


# --- property tests: whatever the bytes, only a clean refusal or a consistent Activity ---------

SMALL_TCX = (CORPUS / "run_runtastic_lowercase-sport.tcx").read_bytes()
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=timedelta(seconds=3), suppress_health_check=[HealthCheck.too_slow]
)
TOKENS = [b"<", b">", b"&", b"]]>", b"</Trackpoint>", b"<Lap>", b'"', b"9e999", b"\x00", b"-"]


def _read_or_refuse(data: bytes) -> None:
    try:
        activities = read_tcx(data, "fuzz.tcx")
    except FileRejectedError:
        return
    for activity in activities:
        time_s = activity.streams[act.TIME]
        assert np.all(np.isfinite(time_s)) and np.all(np.diff(time_s) >= 0)
        assert activity.elapsed_s >= 0 and (time_s.size == 0 or time_s[0] >= 0)
        assert activity.end_utc >= activity.start_utc  # dates stay in range


@PROPERTY_SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_only_ever_refuse(data: bytes) -> None:
    _read_or_refuse(data)


@PROPERTY_SETTINGS
@given(st.integers(min_value=0, max_value=len(SMALL_TCX)))
def test_truncated_tcx_only_ever_refuses_or_recovers(cut: int) -> None:
    _read_or_refuse(SMALL_TCX[:cut])


@PROPERTY_SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(SMALL_TCX) - 1),
            st.one_of(st.binary(min_size=1, max_size=1), st.sampled_from(TOKENS)),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_mutated_tcx_only_ever_refuses_or_reads(edits: list[tuple[int, bytes, bool]]) -> None:
    data = bytearray(SMALL_TCX)
    for position, token, replace in edits:
        at = min(position, len(data))
        data[at : at + (len(token) if replace else 0)] = token
    _read_or_refuse(bytes(data))
