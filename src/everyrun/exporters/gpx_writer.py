"""GPX 1.1 with Garmin's TrackPointExtension (hr, cad, atemp) and power, as Strava writes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from lxml import etree

from everyrun.domain import activity as act

GPX_NS = "http://www.topografix.com/GPX/1/1"
TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
# In the order TrackPointExtension v1's schema requires (atemp, wtemp, depth, hr, cad), with the
# range it allows: heart rate and cadence are whole numbers in an unsigned byte.
_EXTENSIONS: tuple[tuple[str, str, float, float], ...] = (
    (act.TEMPERATURE, "atemp", -np.inf, np.inf),
    (act.HEART_RATE, "hr", 1.0, 255.0),
    (act.CADENCE, "cad", 0.0, 254.0),
)

Extra = tuple[act.FloatArray, str, float, float]


def export(activity_id: int, activity: act.Activity) -> bytes:
    """Only points with a position are written (GPX requires lat/lon on every point; the others'
    heart rate survives in the CSV and JSON exports). A pause starts a new track segment, which is
    how GPX readers recognise that the recording was stopped."""
    del activity_id
    root = etree.Element(f"{{{GPX_NS}}}gpx", nsmap={None: GPX_NS, "gpxtpx": TPX_NS})  # type: ignore[dict-item]
    root.set("version", "1.1")
    root.set("creator", "everyrun")
    metadata = etree.SubElement(root, f"{{{GPX_NS}}}metadata")
    etree.SubElement(metadata, f"{{{GPX_NS}}}time").text = _iso(activity.start_utc)
    track = etree.SubElement(root, f"{{{GPX_NS}}}trk")
    if activity.name:
        etree.SubElement(track, f"{{{GPX_NS}}}name").text = activity.name
    etree.SubElement(track, f"{{{GPX_NS}}}type").text = activity.sport
    streams = activity.streams
    lat, lon, time = streams.get(act.LATITUDE), streams.get(act.LONGITUDE), streams.get(act.TIME)
    if lat is None or lon is None or time is None:
        etree.SubElement(track, f"{{{GPX_NS}}}trkseg")
        return _serialise(root)
    altitude = streams.get(act.ALTITUDE)
    power = streams.get(act.POWER)
    extras: list[Extra] = []
    for name, tag, low, high in _EXTENSIONS:
        values = streams.get(name)
        if values is not None:
            extras.append((values, tag, low, high))
    pause_ends_s = np.sort(
        np.array([(p.end_utc - activity.start_utc).total_seconds() for p in activity.pauses])
    )
    points = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon) & np.isfinite(time))
    segment_of = np.searchsorted(pause_ends_s, time[points], side="right")
    segment = etree.SubElement(track, f"{{{GPX_NS}}}trkseg")
    for n, i in enumerate(points):
        if n and segment_of[n] != segment_of[n - 1]:
            segment = etree.SubElement(track, f"{{{GPX_NS}}}trkseg")
        point = etree.SubElement(
            segment, f"{{{GPX_NS}}}trkpt", lat=f"{lat[i]:.7f}", lon=f"{lon[i]:.7f}"
        )
        if altitude is not None and np.isfinite(altitude[i]):
            etree.SubElement(point, f"{{{GPX_NS}}}ele").text = f"{altitude[i]:.1f}"
        stamp = activity.start_utc + timedelta(seconds=float(time[i]))
        etree.SubElement(point, f"{{{GPX_NS}}}time").text = _iso(stamp)
        _extensions(point, int(i), extras, power)
    return _serialise(root)


def _extensions(
    point: etree._Element, i: int, extras: list[Extra], power: act.FloatArray | None
) -> None:
    present: list[tuple[str, str]] = []
    for values, tag, low, high in extras:
        value = float(values[i])
        if tag != "atemp":
            value = round(value) if np.isfinite(value) else value
        if np.isfinite(value) and low <= value <= high:
            present.append((tag, f"{value:.1f}" if tag == "atemp" else f"{value:.0f}"))
    has_power = power is not None and bool(np.isfinite(power[i]))
    if not present and not has_power:
        return
    extensions = etree.SubElement(point, f"{{{GPX_NS}}}extensions")
    if has_power and power is not None:
        etree.SubElement(extensions, f"{{{GPX_NS}}}power").text = f"{power[i]:.0f}"
    if present:
        tpx = etree.SubElement(extensions, f"{{{TPX_NS}}}TrackPointExtension")
        for tag, text in present:
            etree.SubElement(tpx, f"{{{TPX_NS}}}{tag}").text = text


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
