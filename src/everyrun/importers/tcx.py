"""TCX (Garmin Training Center Database v2) to Activities.

TCX carries what the device summarised per lap (time on the timer, distance, heart rate) beside
the trackpoints, so lap figures are trusted for totals and trackpoints become the streams. Writers
differ (Garmin, Polar, Suunto, Fitbit, MapMyRide, Runtastic): elements are matched by local name so
missing or odd namespaces (a bare <Watts>) still read, and trackpoints without a position are kept
(indoor rides, pool swims). TCX has no pause records: a pause is added only where one gap between
trackpoints accounts for the difference between elapsed time and the laps' timer time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from lxml import etree

from everyrun.domain import activity as act
from everyrun.domain.activity import Activity, Device, Lap, Pause, Streams
from everyrun.domain.errors import CorruptFileError, NotAnActivityError, UnsupportedFileError
from everyrun.domain.geo import cumulative_distance_m, speed_from_distance_mps
from everyrun.domain.sport import canonical_sport
from everyrun.importers.xml_safety import (
    LocalNames,
    NumberReader,
    Timestamp,
    count_elements,
    parse_timestamp,
    parse_untrusted_xml,
    read_position,
)

# Trackpoint element (local name, any or no namespace) -> stream column. `Value` sits only under
# HeartRateBpm inside a trackpoint; Cadence is the bike/Polar field, RunCadence the TPX one.
_POINT_COLUMNS: dict[str, str] = {
    "AltitudeMeters": act.ALTITUDE,
    "DistanceMeters": act.DISTANCE,
    "Value": act.HEART_RATE,
    "Cadence": act.CADENCE,
    "RunCadence": act.CADENCE,
    "Speed": act.SPEED,
    "Watts": act.POWER,
}
_SAMPLE_COLUMNS = (act.ALTITUDE, act.DISTANCE, act.HEART_RATE, act.CADENCE, act.SPEED, act.POWER)
_INTENSITY = {"active": "active", "resting": "rest", "rest": "rest"}
_KMH_WARNING = "lap AvgSpeed was written in km/h and has been converted to m/s"
_MIN_PAUSE_S = 10.0
# Lap figures are never negative; a lap timer beyond a year is damage (and would overflow dates).
_MAX_LAP_VALUES = {
    "TotalTimeSeconds": 366 * 86400.0
}  # shorter gaps are smart recording, not a stopped timer
# Recorded trackpoint distances are used when at least this share of the points carry one.
_MIN_DISTANCE_COVERAGE = 0.5


@dataclass
class _Track:
    """Trackpoints of one <Activity>, in file order."""

    time_us: list[int] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    samples: dict[str, list[float]] = field(
        default_factory=lambda: {name: [] for name in _SAMPLE_COLUMNS}
    )
    untimed: int = 0
    first_offset_s: int | None = None


def read_tcx(data: bytes, source_name: str) -> list[Activity]:
    """Read every <Activity> of a TCX file; courses and workouts are refused."""
    parsed = parse_untrusted_xml(data, record_tag="Trackpoint")
    root = parsed.root
    names = LocalNames()
    if names[root.tag] != "TrainingCenterDatabase":
        raise UnsupportedFileError(
            f"not a TCX document: the root element is <{names[root.tag] or '?'}>",
            hint="TCX files start with a <TrainingCenterDatabase> element",
        )
    try:
        return _activities(root, source_name, names, parsed.warning)
    except NotAnActivityError as refusal:
        if parsed.warning is None:
            raise
        # What a truncated download left is not a plan or an empty file: it is damage.
        raise CorruptFileError(
            f"{parsed.warning}; what is left is not an activity ({refusal.message})",
            hint="download or export the file again",
        ) from None


def _activities(
    root: etree._Element, source_name: str, names: LocalNames, damage: str | None
) -> list[Activity]:
    elements = list(root.iter("{*}Activity"))
    if not elements:
        planned = [kind for kind in ("Course", "Workout") if count_elements(root, kind)]
        what = " and ".join(f"{kind.lower()}s" for kind in planned) or "nothing recorded"
        raise NotAnActivityError(
            f"no activity in this TCX: it holds {what}",
            hint="courses and workouts are plans; import the recorded activity instead",
        )
    activities: list[Activity] = []
    skipped: list[str] = []
    for index, element in enumerate(elements):
        numbers = NumberReader()
        warnings = [damage] if damage else []
        built = _activity(element, source_name, names, numbers, warnings)
        if built is None:
            skipped.append(f"activity {index + 1}: no timed trackpoints and no lap time")
            continue
        built.warnings.extend(numbers.warnings())
        activities.append(built)
    if not activities:
        raise NotAnActivityError(f"no recorded activity: {'; '.join(skipped)}")
    for index, built in enumerate(activities):
        built.leg_index, built.leg_count = index, len(activities)
        built.warnings.extend(f"skipped {reason}" for reason in skipped)
    return activities


def _activity(
    element: etree._Element,
    source_name: str,
    names: LocalNames,
    numbers: NumberReader,
    warnings: list[str],
) -> Activity | None:
    """One <Activity>, or None when it recorded nothing (no timed trackpoint, no lap time)."""
    track = _Track()
    laps: list[Lap] = []
    calories_kcal = 0.0
    product = serial = None
    for child in element.iterchildren():
        kind = names[child.tag]
        if kind == "Lap":
            first_point = len(track.time_us)
            _read_trackpoints(child, track, names, numbers)
            lap, calories = _lap(child, track, first_point, names, numbers, warnings)
            if lap is not None:
                laps.append(lap)
            calories_kcal += calories
        elif kind == "Creator":
            for item in child.iterchildren():
                if names[item.tag] == "Name":
                    product = _clean(item.text)
                elif names[item.tag] == "UnitId" and _clean(item.text) not in (None, "0"):
                    serial = _clean(item.text)
    if track.untimed:
        warnings.append(f"dropped {track.untimed} trackpoints that have no readable time")
    time_us = np.array(track.time_us, dtype=np.int64)
    columns = {name: np.array(values, dtype=np.float64) for name, values in track.samples.items()}
    columns[act.LATITUDE] = np.array(track.lat, dtype=np.float64)
    columns[act.LONGITUDE] = np.array(track.lon, dtype=np.float64)
    if time_us.size > 1 and np.any(np.diff(time_us) < 0):
        order = np.argsort(time_us, kind="stable")
        moved = int(np.count_nonzero(order != np.arange(order.size)))
        warnings.append(f"trackpoints out of time order were sorted ({moved} changed place)")
        time_us = time_us[order]
        columns = {name: values[order] for name, values in columns.items()}

    lap_timers = [lap.timer_s for lap in laps if lap.timer_s is not None]
    if time_us.size == 0 and not sum(lap_timers):
        return None
    # Elapsed: from the first lap start or trackpoint to the last trackpoint or lap end.
    lap_start_us = [_epoch_us(lap.start_utc) for lap in laps]
    lap_end_us = [t + round(lap.elapsed_s * 1e6) for t, lap in zip(lap_start_us, laps, strict=True)]
    point_us = [int(time_us[0]), int(time_us[-1])] if time_us.size else []
    start_us = min(lap_start_us + point_us[:1])
    end_us = max([start_us, *lap_end_us, *point_us[1:]])
    start = Timestamp(start_us, None).to_datetime()
    elapsed_s = (end_us - start_us) / 1e6
    time_s = (time_us - start_us).astype(np.float64) / 1e6
    streams = _streams(time_s, columns, warnings)
    pauses = _obvious_pauses(time_s, start, elapsed_s - sum(lap_timers)) if lap_timers else []
    timer_s = sum(lap_timers) if lap_timers else elapsed_s
    lap_distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    distance = streams.get(act.DISTANCE)
    distance_m: float | None = None
    if lap_distances:
        distance_m = float(sum(lap_distances))
    elif distance is not None and np.isfinite(distance).any():
        distance_m = float(np.nanmax(distance))
    sport, sub_sport = canonical_sport(element.get("Sport"))
    offset = track.first_offset_s
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start,
        elapsed_s=elapsed_s,
        timer_s=timer_s,
        distance_m=distance_m,
        utc_offset_s=offset if offset else None,
        utc_offset_source="file" if offset else None,
        streams=streams,
        laps=laps,
        pauses=pauses,
        device=Device(product=product, serial_number=serial),
        source_format="tcx",
        source_name=source_name,
        warnings=warnings,
        summary={"calories_kcal": calories_kcal} if calories_kcal > 0 else {},
    )


def _read_trackpoints(
    lap: etree._Element, track: _Track, names: LocalNames, numbers: NumberReader
) -> None:
    """The hot loop: every Trackpoint under the lap's Track elements, flat on purpose."""
    samples = track.samples
    for point in lap.iter("{*}Trackpoint"):
        time_text: str | None = None
        lat_text: str | None = None
        lon_text: str | None = None
        texts: dict[str, str | None] = {}
        for element in point.iterdescendants():
            name = names[element.tag]
            if name == "Time":
                time_text = element.text
            elif name == "LatitudeDegrees":
                lat_text = element.text
            elif name == "LongitudeDegrees":
                lon_text = element.text
            else:
                column = _POINT_COLUMNS.get(name)
                if column is not None and texts.get(column) is None:
                    texts[column] = element.text
        moment = parse_timestamp(time_text)
        if moment is None:
            if time_text and time_text.strip():
                numbers.note_bad("time", time_text)
            track.untimed += 1
            continue
        if track.first_offset_s is None and moment.utc_offset_s is not None:
            track.first_offset_s = moment.utc_offset_s
        lat, lon = read_position(lat_text, lon_text, numbers)
        track.time_us.append(moment.epoch_us)
        track.lat.append(lat)
        track.lon.append(lon)
        for column, values in samples.items():
            text = texts.get(column)
            values.append(math.nan if text is None else numbers(text, column))


def _lap(
    element: etree._Element,
    track: _Track,
    first_point: int,
    names: LocalNames,
    numbers: NumberReader,
    warnings: list[str],
) -> tuple[Lap | None, float]:
    """One Lap from its summary elements; elapsed stretches to its last trackpoint if later."""
    fields: dict[str, float] = {}
    words: dict[str, str] = {}
    for child in element.iterchildren():
        kind = names[child.tag]
        if kind in ("AverageHeartRateBpm", "MaximumHeartRateBpm"):
            value = next((v for v in child.iterchildren() if names[v.tag] == "Value"), None)
            fields[kind] = numbers(value.text if value is not None else None, kind)
        elif kind in ("Intensity", "TriggerMethod"):
            words[kind] = (child.text or "").strip().lower()
        elif kind in ("TotalTimeSeconds", "DistanceMeters", "Cadence", "Calories"):
            fields[kind] = numbers(child.text, kind)
        elif kind == "Extensions":
            for item in child.iter():
                item_kind = names[item.tag]
                if item_kind in ("AvgSpeed", "AvgRunCadence", "AvgWatts"):
                    fields[item_kind] = numbers(item.text, item_kind)
    for kind, number in list(fields.items()):
        if not 0.0 <= number <= _MAX_LAP_VALUES.get(kind, math.inf):  # also drops NaN
            if math.isfinite(number):
                numbers.note_bad(kind, str(number))
            del fields[kind]
    calories = fields.get("Calories", 0.0)
    start_text = element.get("StartTime")
    moment = parse_timestamp(start_text)
    if moment is None:
        if first_point >= len(track.time_us):
            warnings.append(f"ignored a lap without a readable StartTime ({start_text!r})")
            return None, calories
        moment = Timestamp(track.time_us[first_point], None)
    if track.first_offset_s is None and moment.utc_offset_s is not None:
        track.first_offset_s = moment.utc_offset_s
    start = moment.to_datetime()
    timer_s = fields.get("TotalTimeSeconds")
    elapsed_s = timer_s or 0.0
    if first_point < len(track.time_us):
        last_point_s = (max(track.time_us[first_point:]) - moment.epoch_us) / 1e6
        elapsed_s = max(elapsed_s, last_point_s)
    distance_m = fields.get("DistanceMeters")
    avg_speed_mps = fields.get("AvgSpeed")
    # Polar Flow writes some laps' AvgSpeed in km/h (V800: 8.95 for 1000 m in 402 s).
    if avg_speed_mps and distance_m and timer_s and _is_kmh(avg_speed_mps, distance_m / timer_s):
        avg_speed_mps /= 3.6
        if _KMH_WARNING not in warnings:
            warnings.append(_KMH_WARNING)
    cadence = fields.get("Cadence")
    intensity = words.get("Intensity") or None
    lap = Lap(
        start_utc=start,
        elapsed_s=elapsed_s,
        timer_s=timer_s,
        distance_m=distance_m,
        avg_speed_mps=avg_speed_mps,
        avg_heart_rate_bpm=fields.get("AverageHeartRateBpm"),
        max_heart_rate_bpm=fields.get("MaximumHeartRateBpm"),
        avg_cadence_rpm=cadence if cadence is not None else fields.get("AvgRunCadence"),
        avg_power_w=fields.get("AvgWatts"),
        intensity=_INTENSITY.get(intensity, intensity) if intensity else None,
        trigger=words.get("TriggerMethod") or None,
    )
    return lap, calories


def _streams(
    time_s: act.FloatArray, columns: dict[str, act.FloatArray], warnings: list[str]
) -> Streams:
    """Keep columns with data; distance from positions when trackpoints lack it."""
    kept: dict[str, act.FloatArray] = {act.TIME: time_s}
    lat, lon = columns[act.LATITUDE], columns[act.LONGITUDE]
    has_position = bool(np.isfinite(lat).any())
    if has_position:
        kept[act.LATITUDE], kept[act.LONGITUDE] = lat, lon
    recorded = columns[act.DISTANCE]
    coverage = float(np.isfinite(recorded).mean()) if recorded.size else 0.0
    if has_position and coverage < _MIN_DISTANCE_COVERAGE:
        if coverage > 0:
            warnings.append(
                f"only {coverage:.0%} of trackpoints carry a distance; distance was measured "
                "from positions instead"
            )
        columns[act.DISTANCE] = cumulative_distance_m(lat, lon)
    if not np.isfinite(columns[act.SPEED]).any() and np.isfinite(columns[act.DISTANCE]).any():
        columns[act.SPEED] = speed_from_distance_mps(time_s, columns[act.DISTANCE])
    for name in _SAMPLE_COLUMNS:
        if np.isfinite(columns[name]).any():
            kept[name] = columns[name]
    return Streams(kept)


def _obvious_pauses(time_s: act.FloatArray, start: datetime, unexplained_s: float) -> list[Pause]:
    """Pauses at the largest trackpoint gaps, kept only if together they explain the difference
    between elapsed and timer time (within one `_MIN_PAUSE_S`); otherwise none are invented."""
    if unexplained_s < _MIN_PAUSE_S or time_s.size < 2:
        return []
    gaps = np.diff(time_s)
    remaining = unexplained_s
    pauses: list[Pause] = []
    for index in np.argsort(gaps)[::-1]:
        gap_s = float(gaps[index])
        if gap_s < _MIN_PAUSE_S or remaining < _MIN_PAUSE_S:
            break
        if gap_s > remaining + _MIN_PAUSE_S:
            continue
        paused_s = min(gap_s, remaining)
        resumed = start + timedelta(seconds=float(time_s[index + 1]))
        pauses.append(Pause(start_utc=resumed - timedelta(seconds=paused_s), end_utc=resumed))
        remaining -= paused_s
    if remaining >= _MIN_PAUSE_S:
        return []
    return sorted(pauses, key=lambda pause: pause.start_utc)


def _is_kmh(written: float, measured_mps: float) -> bool:
    return abs(written / measured_mps - 3.6) < 0.1


def _epoch_us(moment: datetime) -> int:
    return (moment - Timestamp(0, None).to_datetime()) // timedelta(microseconds=1)


def _clean(text: str | None) -> str | None:
    stripped = text.strip() if text else ""
    return stripped or None
