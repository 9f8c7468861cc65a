"""GPX 1.1 with Garmin's TrackPointExtension (hr, cad, atemp) and power, as Strava writes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from lxml import etree

from everyrun.domain import activity as act

GPX_NS = "http://www.topografix.com/GPX/1/1"
TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
_EXTENSIONS = ((act.HEART_RATE, "hr"), (act.CADENCE, "cad"), (act.TEMPERATURE, "atemp"))


def export(activity_id: int, activity: act.Activity) -> bytes:
    """Points without a position are written without lat/lon only if GPX allowed it; it does not,
    so they are left out (their heart rate survives in the CSV and JSON exports)."""
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
    segment = etree.SubElement(track, f"{{{GPX_NS}}}trkseg")
    streams = activity.streams
    lat, lon, time = streams.get(act.LATITUDE), streams.get(act.LONGITUDE), streams.get(act.TIME)
    if lat is not None and lon is not None and time is not None:
        altitude = streams.get(act.ALTITUDE)
        power = streams.get(act.POWER)
        extras = [(streams.get(name), tag) for name, tag in _EXTENSIONS]
        for i in np.flatnonzero(np.isfinite(lat) & np.isfinite(lon) & np.isfinite(time)):
            point = etree.SubElement(
                segment, f"{{{GPX_NS}}}trkpt", lat=f"{lat[i]:.7f}", lon=f"{lon[i]:.7f}"
            )
            if altitude is not None and np.isfinite(altitude[i]):
                etree.SubElement(point, f"{{{GPX_NS}}}ele").text = f"{altitude[i]:.1f}"
            stamp = activity.start_utc + timedelta(seconds=float(time[i]))
            etree.SubElement(point, f"{{{GPX_NS}}}time").text = _iso(stamp)
            _extensions(point, int(i), extras, power)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _extensions(
    point: etree._Element,
    i: int,
    extras: list[tuple[act.FloatArray | None, str]],
    power: act.FloatArray | None,
) -> None:
    present = [
        (values, tag) for values, tag in extras if values is not None and np.isfinite(values[i])
    ]
    has_power = power is not None and np.isfinite(power[i])
    if not present and not has_power:
        return
    extensions = etree.SubElement(point, f"{{{GPX_NS}}}extensions")
    if has_power and power is not None:
        etree.SubElement(extensions, f"{{{GPX_NS}}}power").text = f"{power[i]:.0f}"
    if present:
        tpx = etree.SubElement(extensions, f"{{{TPX_NS}}}TrackPointExtension")
        for values, tag in present:
            assert values is not None
            text = f"{values[i]:.1f}" if tag == "atemp" else f"{values[i]:.0f}"
            etree.SubElement(tpx, f"{{{TPX_NS}}}{tag}").text = text


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
