"""Mapping between domain Activity objects and rows of the store's tables, both ways.

Kept apart from the SQL so the store reads as queries and transactions only.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sqlalchemy as sa

from everyrun.domain.activity import HEART_RATE, Activity, Device, Lap, Pause, Streams, StrengthSet
from everyrun.services.ports import ActivitySummary, NewActivity
from everyrun.store import stream_codec
from everyrun.store import tables as t

ChildRows = dict[sa.Table, list[dict[str, Any]]]


def fit_text(table: sa.Table, table_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Text from files goes in as the column can hold it: no NUL bytes, cut to its length.

    PostgreSQL refuses both (SQLite takes them), so without this a device's overlong product
    name or a NUL in a Strava title would fail on one database and not the other.
    """
    limits = {
        column.name: column.type.length
        for column in table.columns
        if isinstance(column.type, sa.String)
    }
    for row in table_rows:
        for name, length in limits.items():
            value = row.get(name)
            if isinstance(value, str) and ("\x00" in value or (length and len(value) > length)):
                row[name] = value.replace("\x00", "")[:length]
    return table_rows


def _optional_float(value: float | None) -> float | None:
    """NaN means 'unknown' in the domain; SQLite would store it as NULL anyway."""
    return None if value is None or math.isnan(value) else float(value)


def _average_heart_rate(activity: Activity) -> float | None:
    column = activity.streams.get(HEART_RATE)
    if column is None:
        return None
    recorded = column[np.isfinite(column) & (column > 0)]  # 0 bpm is a strap dropout
    return float(recorded.mean()) if recorded.size else None


def activity_row(athlete_id: int, item: NewActivity) -> dict[str, Any]:
    activity = item.activity
    return {
        "athlete_id": athlete_id,
        "sport": activity.sport,
        "sub_sport": activity.sub_sport,
        "name": activity.name,
        "start_utc": activity.start_utc,
        "end_utc": activity.end_utc,
        "utc_offset_s": activity.utc_offset_s,
        "utc_offset_source": activity.utc_offset_source,
        "elapsed_s": float(activity.elapsed_s),
        "timer_s": _optional_float(activity.timer_s),
        "distance_m": _optional_float(activity.distance_m),
        "avg_heart_rate_bpm": _average_heart_rate(activity),
        "source_format": activity.source_format,
        "source_name": activity.source_name,
        "file_sha256": item.file_sha256,
        "leg_index": activity.leg_index,
        "leg_count": activity.leg_count,
        "device_manufacturer": activity.device.manufacturer,
        "device_product": activity.device.product,
        "device_serial": activity.device.serial_number,
        "gear": activity.gear,
        "sample_count": len(activity.streams),
        "warnings": json.dumps(list(activity.warnings)),
        "summary": json.dumps({k: float(v) for k, v in activity.summary.items()}),
        "extra": json.dumps(dict(item.extra)),
        "imported_at": item.imported_at,
    }


@dataclass(frozen=True)
class EncodedSamples:
    """An activity's streams and RR intervals, compressed ahead of the transaction."""

    streams: list[tuple[str, stream_codec.EncodedColumn]]
    rr_intervals: stream_codec.EncodedColumn | None


def encode_samples(activity: Activity) -> EncodedSamples:
    rr = activity.rr_intervals_ms
    return EncodedSamples(
        streams=[
            (name, stream_codec.encode_column(name, column))
            for name, column in activity.streams.columns.items()
        ],
        rr_intervals=stream_codec.encode_column(stream_codec.RR_INTERVALS, rr) if rr.size else None,
    )


def add_child_rows(
    children: ChildRows,
    scope: Mapping[str, int],
    activity: Activity,
    encoded: EncodedSamples,
) -> None:
    for position, (name, column) in enumerate(encoded.streams):
        children[t.activity_streams].append(
            {**scope, "name": name, "position": position, "dtype": "float64", **_blob(column)}
        )
    if encoded.rr_intervals is not None:
        children[t.rr_intervals].append({**scope, **_blob(encoded.rr_intervals)})
    for index, lap in enumerate(activity.laps):
        children[t.laps].append({**scope, "lap_index": index, **_lap_values(lap)})
    for index, pause in enumerate(activity.pauses):
        children[t.pauses].append(
            {**scope, "pause_index": index, "start_utc": pause.start_utc, "end_utc": pause.end_utc}
        )
    for index, strength_set in enumerate(activity.sets):
        children[t.strength_sets].append(
            {
                **scope,
                "set_index": index,
                "start_utc": strength_set.start_utc,
                "duration_s": _optional_float(strength_set.duration_s),
                "is_active": strength_set.is_active,
                "repetitions": strength_set.repetitions,
                "weight_kg": _optional_float(strength_set.weight_kg),
                "exercise": strength_set.exercise,
            }
        )


def _blob(column: stream_codec.EncodedColumn) -> dict[str, Any]:
    return {"length": column.length, "codec": column.codec, "data": column.data}


_LAP_FLOATS = (
    "timer_s",
    "distance_m",
    "avg_speed_mps",
    "avg_heart_rate_bpm",
    "max_heart_rate_bpm",
    "avg_cadence_rpm",
    "avg_power_w",
)


def _lap_values(lap: Lap) -> dict[str, Any]:
    values: dict[str, Any] = {name: _optional_float(getattr(lap, name)) for name in _LAP_FLOATS}
    values.update(
        start_utc=lap.start_utc,
        elapsed_s=float(lap.elapsed_s),
        intensity=lap.intensity,
        trigger=lap.trigger,
    )
    return values


def activity_from_rows(
    row: sa.Row[Any], children: Mapping[sa.Table, Sequence[sa.Row[Any]]]
) -> Activity:
    streams = Streams(
        {
            s.name: stream_codec.decode_column(s.codec, s.data, s.length)
            for s in sorted(children[t.activity_streams], key=lambda s: s.position)
        }
    )
    rr_rows = children[t.rr_intervals]
    rr = (
        stream_codec.decode_column(rr_rows[0].codec, rr_rows[0].data, rr_rows[0].length)
        if rr_rows
        else np.zeros(0, dtype=np.float64)
    )
    return Activity(
        sport=row.sport,
        start_utc=row.start_utc,
        elapsed_s=row.elapsed_s,
        timer_s=row.timer_s,
        distance_m=row.distance_m,
        sub_sport=row.sub_sport,
        name=row.name,
        utc_offset_s=row.utc_offset_s,
        utc_offset_source=row.utc_offset_source,
        streams=streams,
        laps=[
            Lap(
                start_utc=lap.start_utc,
                elapsed_s=lap.elapsed_s,
                intensity=lap.intensity,
                trigger=lap.trigger,
                **{name: getattr(lap, name) for name in _LAP_FLOATS},
            )
            for lap in children[t.laps]
        ],
        pauses=[Pause(p.start_utc, p.end_utc) for p in children[t.pauses]],
        rr_intervals_ms=rr,
        sets=[
            StrengthSet(
                start_utc=s.start_utc,
                duration_s=s.duration_s,
                is_active=bool(s.is_active),
                repetitions=s.repetitions,
                weight_kg=s.weight_kg,
                exercise=s.exercise,
            )
            for s in children[t.strength_sets]
        ],
        device=Device(row.device_manufacturer, row.device_product, row.device_serial),
        gear=row.gear,
        source_format=row.source_format,
        source_name=row.source_name,
        leg_index=row.leg_index,
        leg_count=row.leg_count,
        warnings=list(json.loads(row.warnings)),
        summary=dict(json.loads(row.summary)),
    )


def summary_query() -> sa.Select[Any]:
    a = t.activities.c
    return sa.select(
        a.id,
        a.athlete_id,
        a.sport,
        a.sub_sport,
        a.name,
        a.start_utc,
        a.utc_offset_s,
        a.elapsed_s,
        a.timer_s,
        a.distance_m,
        a.avg_heart_rate_bpm,
        a.source_format,
        a.source_name,
        a.device_manufacturer,
        a.device_product,
        a.sample_count,
        a.warnings,
    )


def summary(row: sa.Row[Any]) -> ActivitySummary:
    device = " ".join(p for p in (row.device_manufacturer, row.device_product) if p) or None
    return ActivitySummary(
        id=row.id,
        athlete_id=row.athlete_id,
        sport=row.sport,
        sub_sport=row.sub_sport,
        name=row.name,
        start_utc=row.start_utc,
        utc_offset_s=row.utc_offset_s,
        elapsed_s=row.elapsed_s,
        timer_s=row.timer_s,
        distance_m=row.distance_m,
        avg_heart_rate_bpm=row.avg_heart_rate_bpm,
        source_format=row.source_format,
        source_name=row.source_name,
        device=device,
        sample_count=row.sample_count,
        warning_count=len(json.loads(row.warnings)),
    )
