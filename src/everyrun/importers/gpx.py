"""GPX 1.0/1.1 tracks to Activities.

A GPX track is a list of timed positions in segments; everything else (heart rate, cadence, power,
temperature) lives in vendor extensions whose namespace and prefix differ between writers (Garmin
TrackPointExtension, cluetrust gpxdata, Strava, Apple, Amazfit), so extensions are matched by local
name. Segments are joined in time order; the gap between two segments is a pause (the recorder was
stopped). Distance is measured along the points, including the jump across a pause, as Garmin
Connect and Strava do. A track without times is a route, not an activity, and is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt
from lxml import etree

from everyrun.domain import activity as act
from everyrun.domain.activity import Activity, Device, Pause, Streams
from everyrun.domain.errors import CorruptFileError, NotAnActivityError, UnsupportedFileError
from everyrun.domain.geo import cumulative_distance_m, speed_from_distance_mps
from everyrun.domain.sport import canonical_sport
from everyrun.importers.xml_safety import (
    LocalNames,
    NumberReader,
    Timestamp,
    local_name,
    parse_timestamp,
    parse_untrusted_xml,
    read_position,
)

# Point element (lower-cased local name; extensions in any namespace) -> stream column.
_POINT_COLUMNS: dict[str, str] = {
    "ele": act.ALTITUDE,
    "hr": act.HEART_RATE,
    "heartrate": act.HEART_RATE,
    "cad": act.CADENCE,
    "cadence": act.CADENCE,
    "power": act.POWER,
    "powerinwatts": act.POWER,
    "watts": act.POWER,
    "atemp": act.TEMPERATURE,
    "temp": act.TEMPERATURE,
    "temperature": act.TEMPERATURE,
}
_SAMPLE_COLUMNS = (act.ALTITUDE, act.HEART_RATE, act.CADENCE, act.POWER, act.TEMPERATURE)
_HINT_ROUTE = "a route is a planned course; import the recorded activity instead"


@dataclass
class _Segment:
    """Timed points of one <trkseg>, in file order."""

    order: int
    time_us: list[int] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    samples: dict[str, list[float]] = field(
        default_factory=lambda: {name: [] for name in _SAMPLE_COLUMNS}
    )


@dataclass
class _Reading:
    segments: list[_Segment] = field(default_factory=list)
    points: int = 0
    untimed_points: int = 0
    first_offset_s: int | None = None
    naive_times: bool = False
    track_type: str | None = None
    track_name: str | None = None


def read_gpx(data: bytes, source_name: str) -> list[Activity]:
    """Read one GPX file as one Activity (all tracks and segments joined in time order)."""
    parsed = parse_untrusted_xml(data, record_tag="trkpt")
    root = parsed.root
    if local_name(root.tag) != "gpx":
        raise UnsupportedFileError(
            f"not a GPX document: the root element is <{local_name(root.tag) or '?'}>",
            hint="GPX files start with a <gpx> element",
        )
    try:
        return [_activity(root, source_name, parsed.warning)]
    except NotAnActivityError as refusal:
        if parsed.warning is None:
            raise
        # What a truncated download left is not a route or an empty file: it is damage.
        raise CorruptFileError(
            f"{parsed.warning}; what is left is not an activity ({refusal.message})",
            hint="download or export the file again",
        ) from None


def _activity(root: etree._Element, source_name: str, damage: str | None) -> Activity:
    """The timed points of every track, joined; refuses what cannot be an activity."""
    warnings = [damage] if damage else []
    numbers = NumberReader()
    reading = _read_tracks(root, numbers)
    if reading.points == 0:
        raise NotAnActivityError("no track points: the GPX holds no recorded track")
    if reading.untimed_points == reading.points:
        raise NotAnActivityError(
            f"route without timestamps: none of its {reading.points} track points has a time",
            hint=_HINT_ROUTE,
        )
    if reading.untimed_points:
        warnings.append(f"dropped {reading.untimed_points} track points that have no time")
    if reading.naive_times:
        warnings.append("times without a time zone were read as UTC")

    segments = [s for s in reading.segments if s.time_us]
    segments.sort(key=lambda s: (s.time_us[0], s.order))
    time_us = np.array([t for s in segments for t in s.time_us], dtype=np.int64)
    if time_us.size < 2:
        raise NotAnActivityError("only one timed track point: nothing to measure")
    segment_id = np.repeat(np.arange(len(segments)), [len(s.time_us) for s in segments])
    columns = {
        act.LATITUDE: np.array([v for s in segments for v in s.lat], dtype=np.float64),
        act.LONGITUDE: np.array([v for s in segments for v in s.lon], dtype=np.float64),
    }
    for name in _SAMPLE_COLUMNS:
        columns[name] = np.array([v for s in segments for v in s.samples[name]], dtype=np.float64)
    if np.any(np.diff(time_us) < 0):
        order = np.argsort(time_us, kind="stable")
        moved = int(np.count_nonzero(order != np.arange(order.size)))
        warnings.append(f"track points out of time order were sorted ({moved} changed place)")
        time_us, segment_id = time_us[order], segment_id[order]
        columns = {name: values[order] for name, values in columns.items()}
    elapsed_us = int(time_us[-1] - time_us[0])
    if elapsed_us <= 0:
        raise NotAnActivityError("the track points all carry the same time: nothing to measure")

    time_s = (time_us - time_us[0]).astype(np.float64) / 1e6
    starts_segment = np.concatenate(([True], segment_id[1:] != segment_id[:-1]))
    start = Timestamp(int(time_us[0]), None).to_datetime()
    pauses = _pauses_between_segments(time_s, starts_segment, start)
    streams = _streams(time_s, columns, starts_segment)
    distance = streams.get(act.DISTANCE)
    sport, sub_sport = canonical_sport(reading.track_type)
    offset = reading.first_offset_s
    warnings.extend(numbers.warnings())
    elapsed_s = elapsed_us / 1e6
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start,
        elapsed_s=elapsed_s,
        timer_s=elapsed_s - sum(p.duration_s for p in pauses),
        distance_m=float(distance[-1]) if distance is not None else None,
        name=reading.track_name or _metadata_name(root),
        utc_offset_s=offset if offset else None,
        utc_offset_source="file" if offset else None,
        streams=streams,
        pauses=pauses,
        device=Device(product=_clean(root.get("creator"))),
        source_format="gpx",
        source_name=source_name,
        warnings=warnings,
    )


def _read_tracks(root: etree._Element, numbers: NumberReader) -> _Reading:
    """Walk <trk>/<trkseg>/<trkpt>; keep points with a readable time, count the others."""
    names = LocalNames(lower=True)
    reading = _Reading()
    for trk in root.iterchildren():
        if names[trk.tag] != "trk":
            continue
        for child in trk.iterchildren():
            kind = names[child.tag]
            if kind == "trkseg":
                segment = _Segment(order=len(reading.segments))
                reading.segments.append(segment)
                _read_segment(child, segment, reading, names, numbers)
            elif kind == "type" and reading.track_type is None:
                reading.track_type = _clean(child.text)
            elif kind == "name" and reading.track_name is None:
                reading.track_name = _clean(child.text)
    return reading


def _read_segment(
    trkseg: etree._Element,
    segment: _Segment,
    reading: _Reading,
    names: LocalNames,
    numbers: NumberReader,
) -> None:
    """The hot loop (one pass per point, ~10 elements each): kept flat on purpose."""
    samples = segment.samples
    for point in trkseg.iterchildren():
        if names[point.tag] != "trkpt":
            continue
        reading.points += 1
        time_text: str | None = None
        texts: dict[str, str | None] = {}
        for element in point.iterdescendants():
            name = names[element.tag]
            if name == "time":
                time_text = element.text
            else:
                column = _POINT_COLUMNS.get(name)
                if column is not None and texts.get(column) is None:
                    texts[column] = element.text
        moment = parse_timestamp(time_text)
        if moment is None:
            if time_text and time_text.strip():
                numbers.note_bad("time", time_text)
            reading.untimed_points += 1
            continue
        if moment.utc_offset_s is None:
            reading.naive_times = True
        elif reading.first_offset_s is None:
            reading.first_offset_s = moment.utc_offset_s
        lat, lon = read_position(point.get("lat"), point.get("lon"), numbers)
        segment.time_us.append(moment.epoch_us)
        segment.lat.append(lat)
        segment.lon.append(lon)
        for column, values in samples.items():
            text = texts.get(column)
            values.append(math.nan if text is None else numbers(text, column))


def _pauses_between_segments(
    time_s: act.FloatArray, starts_segment: npt.NDArray[np.bool_], start: datetime
) -> list[Pause]:
    """A new segment after a gap longer than the usual sampling step means recording stopped."""
    steps = np.diff(time_s)
    within = steps[~starts_segment[1:]]
    usual_step_s = float(np.median(within)) if within.size else 1.0
    pauses = []
    for i in np.flatnonzero(starts_segment[1:]) + 1:
        gap_s = float(time_s[i] - time_s[i - 1])
        if gap_s > max(usual_step_s, 1.0):
            pauses.append(
                Pause(
                    start_utc=start + timedelta(seconds=float(time_s[i - 1])),
                    end_utc=start + timedelta(seconds=float(time_s[i])),
                )
            )
    return pauses


def _streams(
    time_s: act.FloatArray,
    columns: dict[str, act.FloatArray],
    starts_segment: npt.NDArray[np.bool_],
) -> Streams:
    """Keep the columns that hold data; add distance and speed when there are positions."""
    kept: dict[str, act.FloatArray] = {act.TIME: time_s}
    lat, lon = columns[act.LATITUDE], columns[act.LONGITUDE]
    has_position = np.isfinite(lat) & np.isfinite(lon)
    if has_position.any():
        kept[act.LATITUDE], kept[act.LONGITUDE] = lat, lon
        distance = cumulative_distance_m(lat, lon)
        speed = speed_from_distance_mps(time_s, distance)
        # Not across a pause, nor into or out of a sample without a position.
        speed[starts_segment | ~has_position | ~np.concatenate(([False], has_position[:-1]))] = (
            np.nan
        )
        kept[act.DISTANCE], kept[act.SPEED] = distance, speed
    for name in _SAMPLE_COLUMNS:
        if np.isfinite(columns[name]).any():
            kept[name] = columns[name]
    return Streams(kept)


def _metadata_name(root: etree._Element) -> str | None:
    """GPX 1.1 <metadata><name>, or GPX 1.0's <name> directly under <gpx>."""
    for child in root.iterchildren():
        kind = local_name(child.tag)
        if kind == "name":
            return _clean(child.text)
        if kind == "metadata":
            for item in child.iterchildren():
                if local_name(item.tag) == "name":
                    return _clean(item.text)
    return None


def _clean(text: str | None) -> str | None:
    stripped = text.strip() if text else ""
    return stripped or None
