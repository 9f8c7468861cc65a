"""CSV, JSON and GPX writers on activities read from real recordings (the shared corpus)."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from lxml import etree

from everyrun.domain import activity as act
from everyrun.domain.activity import Activity, Lap, Streams
from everyrun.domain.errors import NotAnActivityError
from everyrun.exporters import EXPORTERS, activity_json, gpx_writer, streams_csv
from everyrun.importers.fit import read_fit
from everyrun.importers.gpx import read_gpx
from everyrun.importers.tcx import read_tcx
from tests.corpus import CORPUS

GPX = "{http://www.topografix.com/GPX/1/1}"
TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
TPX = f"{{{TPX_NS}}}"


def _fit(name: str) -> Activity:
    (activity,) = read_fit((CORPUS / name).read_bytes(), name)
    return activity


@pytest.fixture(scope="module")
def fenix2() -> Activity:
    """9 km run: GPS, HR (one sample missing), cadence, temperature, 4 laps."""
    return _fit("run_garmin-fenix2_9km.fit")


@pytest.fixture(scope="module")
def partial_gps() -> Activity:
    """6 km run where most samples have no position (NaN latitude and longitude)."""
    return _fit("run_garmin-fr645m_partial-gps_6km.fit")


@pytest.fixture(scope="module")
def paused() -> Activity:
    return _fit("run_garmin-fenix5x-plus_18.7km_9-pauses.fit")


def _csv(activity: Activity) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(streams_csv.export(1, activity).decode("utf-8"))))
    return rows[0], rows[1:]


def _strict_json(data: bytes) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(data, parse_constant=refuse)


def _gpx(activity: Activity) -> etree._Element:
    return etree.fromstring(gpx_writer.export(1, activity))


def _with_stream(activity: Activity, name: str, values: act.FloatArray) -> Activity:
    return replace(activity, streams=Streams({**activity.streams.columns, name: values}))


def test_every_format_is_registered() -> None:
    assert set(EXPORTERS) == {"csv", "json", "gpx"}


# --- CSV --------------------------------------------------------------------------------------


def test_csv_has_a_header_and_one_row_per_sample(fenix2: Activity) -> None:
    header, rows = _csv(fenix2)

    assert header[:2] == ["timestamp_utc", act.TIME]
    assert sorted(header[1:]) == sorted(fenix2.streams.names())
    assert len(rows) == len(fenix2.streams) == 2809
    assert all(len(row) == len(header) for row in rows)
    assert rows[0][0] == "2015-08-15T14:45:08+00:00"
    last = datetime.fromisoformat(rows[-1][0])
    assert last == fenix2.start_utc + timedelta(seconds=float(fenix2.streams[act.TIME][-1]))


def test_csv_values_match_the_streams(fenix2: Activity) -> None:
    header, rows = _csv(fenix2)

    for column, name in enumerate(header[1:], start=1):
        values = np.array([math.nan if r[column] == "" else float(r[column]) for r in rows])
        np.testing.assert_allclose(values, fenix2.streams[name], rtol=0, atol=1e-6, equal_nan=True)


def test_csv_leaves_a_cell_empty_where_nothing_was_recorded(
    fenix2: Activity, partial_gps: Activity
) -> None:
    for activity, name in ((partial_gps, act.LATITUDE), (fenix2, act.HEART_RATE)):
        header, rows = _csv(activity)
        column = header.index(name)
        missing = np.isnan(activity.streams[name])
        assert missing.any()
        empty = np.array([row[column] == "" for row in rows])
        np.testing.assert_array_equal(empty, missing)
        assert all(row[column] not in ("nan", "NaN") for row in rows)


def test_csv_without_time_has_empty_timestamps(fenix2: Activity) -> None:
    columns = {k: v for k, v in fenix2.streams.columns.items() if k != act.TIME}
    header, rows = _csv(replace(fenix2, streams=Streams(columns)))

    assert header[0] == "timestamp_utc"
    assert act.TIME not in header
    assert {row[0] for row in rows} == {""}


# --- JSON -------------------------------------------------------------------------------------


def test_json_round_trips_the_streams(fenix2: Activity) -> None:
    document = _strict_json(activity_json.export(7, fenix2))

    assert document["id"] == 7
    assert document["sport"] == "running"
    assert document["start_utc"] == "2015-08-15T14:45:08+00:00"
    assert document["sample_count"] == len(fenix2.streams)
    assert set(document["samples"]) == set(fenix2.streams.names())
    for name, values in document["samples"].items():
        exported = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
        np.testing.assert_allclose(
            exported, fenix2.streams[name], rtol=0, atol=1e-6, equal_nan=True
        )
    assert len(document["laps"]) == len(fenix2.laps) == 4
    assert document["summary"]["total_ascent"] == 64.0


def test_json_writes_null_where_nothing_was_recorded(partial_gps: Activity) -> None:
    document = _strict_json(activity_json.export(1, partial_gps))

    latitudes = document["samples"][act.LATITUDE]
    missing = np.isnan(partial_gps.streams[act.LATITUDE])
    assert [v is None for v in latitudes] == missing.tolist()
    assert sum(v is None for v in latitudes) == 1596


def test_json_is_strict_even_with_nan_outside_the_streams(fenix2: Activity) -> None:
    lap = Lap(start_utc=fenix2.start_utc, elapsed_s=60.0, distance_m=math.nan)
    odd = replace(
        fenix2,
        laps=[lap],
        summary={**fenix2.summary, "avg_power": math.nan, "max_power": np.float64(412.0)},
        rr_intervals_ms=np.array([800.0, math.nan]),
    )

    document = _strict_json(activity_json.export(1, odd))

    assert document["laps"][0]["distance_m"] is None
    assert document["laps"][0]["elapsed_s"] == 60.0
    assert document["summary"]["avg_power"] is None
    assert document["summary"]["max_power"] == 412.0
    assert document["rr_intervals_ms"] == [800.0, None]


# --- GPX --------------------------------------------------------------------------------------


def test_gpx_declares_the_track_point_extension(fenix2: Activity) -> None:
    root = _gpx(fenix2)

    assert root.tag == f"{GPX}gpx"
    assert root.get("version") == "1.1"
    assert root.nsmap["gpxtpx"] == TPX_NS
    assert root.findtext(f"{GPX}metadata/{GPX}time") == "2015-08-15T14:45:08.000Z"
    assert root.findtext(f"{GPX}trk/{GPX}type") == "running"
    extensions = root.findall(f".//{TPX}TrackPointExtension")
    assert len(extensions) == len(fenix2.streams)


def test_gpx_extension_children_follow_the_schema_order(fenix2: Activity) -> None:
    """TrackPointExtension v1 is an xsd:sequence: atemp, wtemp, depth, hr, cad."""
    order = {"atemp": 0, "wtemp": 1, "depth": 2, "hr": 3, "cad": 4}
    for extension in _gpx(fenix2).iterfind(f".//{TPX}TrackPointExtension"):
        tags = [etree.QName(child).localname for child in extension]
        assert tags == sorted(tags, key=order.__getitem__)
        assert set(tags) <= set(order)


def test_gpx_points_carry_position_time_and_sensors(fenix2: Activity) -> None:
    points = _gpx(fenix2).findall(f".//{GPX}trkpt")
    first = points[0]

    assert first.get("lat") == "58.9591828"
    assert first.get("lon") == "5.7288390"
    assert first.findtext(f"{GPX}time") == "2015-08-15T14:45:08.000Z"
    assert first.findtext(f"{GPX}ele") == "55.0"
    assert first.findtext(f".//{TPX}hr") == "69"
    assert first.findtext(f".//{TPX}cad") == "56"
    assert first.findtext(f".//{TPX}atemp") == "21.0"
    # The one sample without heart rate keeps its other sensors but has no <hr>.
    (gap,) = np.flatnonzero(np.isnan(fenix2.streams[act.HEART_RATE]))
    assert points[gap].find(f".//{TPX}hr") is None
    assert points[gap].find(f".//{TPX}cad") is not None


def test_gpx_reads_back_with_everyruns_reader(fenix2: Activity) -> None:
    (back,) = read_gpx(gpx_writer.export(1, fenix2), "export.gpx")

    assert len(back.streams) == len(fenix2.streams)
    assert back.start_utc == fenix2.start_utc
    assert back.sport == fenix2.sport
    np.testing.assert_array_equal(back.streams[act.HEART_RATE], fenix2.streams[act.HEART_RATE])
    np.testing.assert_allclose(back.streams[act.TIME], fenix2.streams[act.TIME])
    assert back.distance_m == pytest.approx(fenix2.distance_m, rel=0.01)


def test_gpx_leaves_out_points_without_a_position(partial_gps: Activity) -> None:
    points = _gpx(partial_gps).findall(f".//{GPX}trkpt")

    positioned = np.isfinite(partial_gps.streams[act.LATITUDE])
    assert len(points) == int(positioned.sum()) == 349
    assert all(p.get("lat") not in (None, "nan") for p in points)


def test_gpx_starts_a_segment_after_each_pause(paused: Activity) -> None:
    assert len(paused.pauses) >= 8
    segments = _gpx(paused).findall(f"{GPX}trk/{GPX}trkseg")

    assert len(segments) == len(paused.pauses) + 1
    assert all(len(segment) > 0 for segment in segments)
    (back,) = read_gpx(gpx_writer.export(1, paused), "export.gpx")
    assert len(back.pauses) == len(paused.pauses)
    assert back.timer_s == pytest.approx(paused.timer_s, abs=60)


def test_gpx_leaves_out_values_its_schema_does_not_allow(fenix2: Activity) -> None:
    heart_rate = fenix2.streams[act.HEART_RATE].copy()
    cadence = fenix2.streams[act.CADENCE].copy()
    heart_rate[0], cadence[0] = 0.0, 300.0  # a strap not yet reading; a bad cadence sensor
    odd = _with_stream(_with_stream(fenix2, act.HEART_RATE, heart_rate), act.CADENCE, cadence)

    first = _gpx(odd).find(f".//{GPX}trkpt")

    assert first is not None
    assert first.find(f".//{TPX}hr") is None
    assert first.find(f".//{TPX}cad") is None
    assert first.findtext(f".//{TPX}atemp") == "21.0"


def test_gpx_writes_power_beside_the_extension(fenix2: Activity) -> None:
    power = np.full(len(fenix2.streams), 250.4)
    point = _gpx(_with_stream(fenix2, act.POWER, power)).find(f".//{GPX}trkpt")

    assert point is not None
    assert point.findtext(f"{GPX}extensions/{GPX}power") == "250"
    (back,) = read_gpx(gpx_writer.export(1, _with_stream(fenix2, act.POWER, power)), "x.gpx")
    assert np.all(back.streams[act.POWER] == 250.0)


@pytest.mark.parametrize(
    "read",
    [
        lambda: _fit("poolswim_garmin-fr945_2km.fit"),
        lambda: read_tcx(
            (CORPUS / "poolswim_garmin-fr910xt_no-position.tcx").read_bytes(), "swim.tcx"
        )[0],
    ],
    ids=["fit", "tcx"],
)
def test_gpx_of_a_pool_swim_has_no_track_points(read: Any) -> None:
    swim: Activity = read()
    assert act.LATITUDE not in swim.streams or not swim.streams.has_data(act.LATITUDE)

    data = gpx_writer.export(1, swim)
    root = etree.fromstring(data)

    assert root.tag == f"{GPX}gpx"
    assert root.nsmap["gpxtpx"] == TPX_NS
    assert root.findall(f".//{GPX}trkpt") == []
    assert len(root.findall(f"{GPX}trk/{GPX}trkseg")) == 1
    assert root.findtext(f"{GPX}trk/{GPX}type") == swim.sport
    with pytest.raises(NotAnActivityError):
        read_gpx(data, "swim.gpx")
