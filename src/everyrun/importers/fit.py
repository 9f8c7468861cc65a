"""FIT files -> Activities: one per session, so a multisport file is split into its legs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import numpy as np

from everyrun.domain import activity as act
from everyrun.domain.errors import CorruptFileError, FileRejectedError, NotAnActivityError
from everyrun.importers import fit_profile
from everyrun.importers.fit_decoder import decode_fit
from everyrun.importers.fit_messages import DecodedFit, FloatArray
from everyrun.importers.fit_reference import decode_fit_reference

log = logging.getLogger(__name__)

_MAX_TZ_OFFSET_S = 14 * 3600

_STREAMS = {
    "position_lat": act.LATITUDE,
    "position_long": act.LONGITUDE,
    "distance": act.DISTANCE,
    "speed": act.SPEED,
    "heart_rate": act.HEART_RATE,
    "cadence": act.CADENCE,
    "power": act.POWER,
    "altitude": act.ALTITUDE,
    "temperature": act.TEMPERATURE,
}
_SUMMARY_NUMBERS = (
    "avg_heart_rate", "max_heart_rate", "avg_cadence", "max_cadence", "avg_power", "max_power",
    "total_ascent", "total_descent", "total_calories", "total_training_effect",
    "total_anaerobic_training_effect", "training_load_peak", "avg_temperature", "pool_length",
    "num_active_lengths", "total_strokes",
)  # fmt: skip


def read_fit(data: bytes, source_name: str, *, decoder: str = "fast") -> list[act.Activity]:
    """Decode with the fast decoder, falling back to fitdecode for what it cannot read."""
    return build_activities(_decode(data, decoder), source_name)


def _decode(data: bytes, decoder: str) -> DecodedFit:
    if decoder == "reference":
        return _reference(data)
    try:
        return decode_fit(data)
    except FileRejectedError:
        raise
    except Exception as error:  # noqa: BLE001 - any fast-path failure falls back, never crashes
        log.info("fast FIT decoder failed (%s); using the reference decoder", error)
        decoded = _reference(data)
        decoded.warnings.append(f"read with the reference decoder (fast path: {error})")
        return decoded


def _reference(data: bytes) -> DecodedFit:
    try:
        return decode_fit_reference(data)
    except FileRejectedError:
        raise
    except Exception as error:
        raise CorruptFileError(f"unreadable FIT data: {error}") from error


def build_activities(decoded: DecodedFit, source_name: str) -> list[act.Activity]:
    records = decoded.records
    sessions = sorted(
        (s for s in decoded.messages.get("session", []) if s.get("start_time") is not None),
        key=lambda s: float(s["start_time"]),
    )
    if decoded.record_count == 0:
        if sessions:
            elapsed = sessions[0].get("total_elapsed_time")
            raise NotAnActivityError(
                f"no recorded samples: the session summary says {elapsed} s but the file holds "
                "no records"
            )
        raise NotAnActivityError("no session and no records: nothing was recorded")
    warnings = list(decoded.warnings)
    if not sessions:
        sessions = [_session_from_records(decoded)]
        warnings.append("no session summary (the file was not finished): totals from the records")
    utc_offset = _utc_offset(decoded)
    device = _device(decoded)
    times = records["timestamp"]
    activities = []
    for index, session in enumerate(sessions):
        start = float(session["start_time"])
        end = float(sessions[index + 1]["start_time"]) if index + 1 < len(sessions) else np.inf
        in_leg = (times >= start) & (times < end) if len(sessions) > 1 else np.isfinite(times)
        leg_end = float(np.nanmax(times[in_leg])) if in_leg.any() else start
        activity = act.Activity(
            sport=_name(session.get("sport"), "sport"),
            sub_sport=_sub_sport(session.get("sub_sport")),
            start_utc=datetime.fromtimestamp(start, tz=UTC),
            elapsed_s=float(session.get("total_elapsed_time") or (leg_end - start)),
            timer_s=_number(session.get("total_timer_time")),
            distance_m=_number(session.get("total_distance")),
            utc_offset_s=utc_offset,
            utc_offset_source="file" if utc_offset is not None else None,
            streams=_streams(records, in_leg, start, rebase_distance=len(sessions) > 1),
            laps=_laps(decoded, start, end, is_leg=len(sessions) > 1),
            pauses=_pauses(decoded, start, min(end, leg_end + 1)),
            rr_intervals_ms=_rr(decoded, start, end, len(sessions) > 1),
            sets=_sets(decoded, start, end),
            device=device,
            source_format="fit",
            source_name=source_name,
            leg_index=index,
            leg_count=len(sessions),
            warnings=list(warnings),
            summary={
                k: float(session[k])
                for k in _SUMMARY_NUMBERS
                if _number(session.get(k)) is not None
            },
        )
        activities.append(activity)
    return activities


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and np.isfinite(value):
        return float(value)
    return None


def _name(value: Any, kind: str) -> str:
    if value is None:
        return "generic"
    if isinstance(value, int):  # newer than the profile we know
        return f"{kind}_{value}"
    return str(value)


def _sub_sport(value: Any) -> str | None:
    name = _name(value, "sub_sport") if value is not None else None
    return None if name in (None, "generic") else name


def _session_from_records(decoded: DecodedFit) -> dict[str, Any]:
    times = decoded.records["timestamp"]
    finite = times[np.isfinite(times)]
    sport_message = decoded.first("sport")
    lap = decoded.first("lap")
    distance = decoded.records.get("distance")
    return {
        "start_time": float(finite.min()),
        "total_elapsed_time": float(finite.max() - finite.min()),
        "sport": sport_message.get("sport") or lap.get("sport"),
        "sub_sport": sport_message.get("sub_sport") or lap.get("sub_sport"),
        "total_distance": float(np.nanmax(distance)) if distance is not None else None,
    }


def _utc_offset(decoded: DecodedFit) -> int | None:
    """FIT `activity.local_timestamp` minus its UTC `timestamp` is the wall-clock offset."""
    activity = decoded.first("activity")
    local, utc = activity.get("local_timestamp"), activity.get("timestamp")
    if not isinstance(local, int | float) or not isinstance(utc, int | float):
        return None
    offset = float(local) - float(utc)
    rounded = int(round(offset / 900.0) * 900)  # real offsets are whole quarter hours
    if abs(rounded) > _MAX_TZ_OFFSET_S or abs(offset - rounded) > 300:
        log.debug("ignored a FIT local time %.0f s away from UTC", offset)
        return None
    return rounded


def _device(decoded: DecodedFit) -> act.Device:
    file_id = decoded.first("file_id")
    manufacturer = file_id.get("manufacturer")
    product = file_id.get("product_name") or fit_profile.product_name(
        manufacturer, file_id.get("product")
    )
    serial = file_id.get("serial_number")
    return act.Device(
        manufacturer=None if manufacturer is None else str(manufacturer),
        product=product,
        serial_number=None if serial is None else str(serial),
    )


def _streams(
    records: dict[str, FloatArray], mask: np.ndarray, start: float, *, rebase_distance: bool
) -> act.Streams:
    columns: dict[str, FloatArray] = {act.TIME: records["timestamp"][mask] - start}
    for name, values in records.items():
        target = _STREAMS.get(name) or (name if name.startswith(act.DEVELOPER_PREFIX) else None)
        if target is None:
            continue
        leg = values[mask]
        if np.isnan(leg).all():
            continue
        columns[target] = leg
    fractional = records.get("fractional_cadence")
    if act.CADENCE in columns and fractional is not None:
        columns[act.CADENCE] = columns[act.CADENCE] + np.nan_to_num(fractional[mask])
    if rebase_distance and act.DISTANCE in columns:
        first = columns[act.DISTANCE][np.isfinite(columns[act.DISTANCE])]
        if len(first):
            columns[act.DISTANCE] = columns[act.DISTANCE] - first[0]
    return act.Streams(columns)


def _at(value: Any) -> datetime:
    return datetime.fromtimestamp(float(value), tz=UTC)


def _laps(decoded: DecodedFit, start: float, end: float, *, is_leg: bool) -> list[act.Lap]:
    laps = []
    for lap in decoded.messages.get("lap", []):
        begin = lap.get("start_time")
        if not isinstance(begin, int | float):  # some devices only stamp the lap's end
            end_time = lap.get("timestamp")
            if not isinstance(end_time, int | float):
                continue
            begin = end_time - (_number(lap.get("total_elapsed_time")) or 0.0)
        middle = begin + (_number(lap.get("total_elapsed_time")) or 0.0) / 2
        if is_leg and not (start <= middle < end):
            continue
        speed = lap.get("enhanced_avg_speed", lap.get("avg_speed"))
        if isinstance(speed, list):
            speed = speed[0] if speed else None
        laps.append(
            act.Lap(
                start_utc=_at(begin),
                elapsed_s=_number(lap.get("total_elapsed_time")) or 0.0,
                timer_s=_number(lap.get("total_timer_time")),
                distance_m=_number(lap.get("total_distance")),
                avg_speed_mps=_number(speed),
                avg_heart_rate_bpm=_number(lap.get("avg_heart_rate")),
                max_heart_rate_bpm=_number(lap.get("max_heart_rate")),
                avg_cadence_rpm=_number(lap.get("avg_cadence")),
                avg_power_w=_number(lap.get("avg_power")),
                intensity=None if lap.get("intensity") is None else str(lap["intensity"]),
                trigger=None if lap.get("lap_trigger") is None else str(lap["lap_trigger"]),
            )
        )
    return laps


def _pauses(decoded: DecodedFit, start: float, end: float) -> list[act.Pause]:
    """Timer stop ... timer start pairs (FIT `event` messages, event=timer)."""
    pauses: list[act.Pause] = []
    stopped_at: float | None = None
    for event in decoded.messages.get("event", []):
        if event.get("event") != "timer" or not isinstance(event.get("timestamp"), int | float):
            continue
        at = float(event["timestamp"])
        kind = event.get("event_type")
        if kind in ("stop", "stop_all", "stop_disable", "stop_disable_all"):
            stopped_at = at if stopped_at is None else stopped_at
        elif kind == "start" and stopped_at is not None:
            if start <= stopped_at < end and at > stopped_at:
                pauses.append(act.Pause(_at(stopped_at), _at(min(at, end))))
            stopped_at = None
    return pauses


def _rr(decoded: DecodedFit, start: float, end: float, is_leg: bool) -> FloatArray:
    rr = decoded.rr_intervals_s
    if is_leg:
        stamps = decoded.rr_times_s
        rr = rr[(stamps >= start) & (stamps < end)]
    return rr * 1000.0


def _sets(decoded: DecodedFit, start: float, end: float) -> list[act.StrengthSet]:
    found = []
    for item in decoded.messages.get("set", []):
        begin = item.get("start_time")
        if isinstance(begin, int | float) and not (start - 1 <= begin < end):
            continue
        category = item.get("category")
        if isinstance(category, list):
            category = next(
                (c for c in category if c != "unknown"), category[0] if category else None
            )
        repetitions = _number(item.get("repetitions"))
        found.append(
            act.StrengthSet(
                start_utc=_at(begin) if isinstance(begin, int | float) else None,
                duration_s=_number(item.get("duration")),
                is_active=item.get("set_type") == "active",
                repetitions=None if repetitions is None else int(repetitions),
                weight_kg=_number(item.get("weight")),
                exercise=None if category is None else str(category),
            )
        )
    return found
