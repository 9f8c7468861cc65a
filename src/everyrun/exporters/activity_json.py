"""An activity as JSON: the summary for scripts, and the full record with streams."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import numpy as np

from everyrun.domain.activity import Activity


def activity_summary(activity_id: int, activity: Activity) -> dict[str, Any]:
    """Everything but the sample streams; numbers in SI units as stored."""
    return {
        "id": activity_id,
        "sport": activity.sport,
        "sub_sport": activity.sub_sport,
        "name": activity.name,
        "start_utc": activity.start_utc.isoformat(),
        "start_local": activity.local_start.isoformat() if activity.local_start else None,
        "utc_offset_s": activity.utc_offset_s,
        "utc_offset_source": activity.utc_offset_source,
        "elapsed_s": _value(activity.elapsed_s),
        "timer_s": _value(activity.timer_s),
        "distance_m": _value(activity.distance_m),
        "device": asdict(activity.device),
        "gear": activity.gear,
        "source_format": activity.source_format,
        "source_name": activity.source_name,
        "leg_index": activity.leg_index,
        "leg_count": activity.leg_count,
        "sample_count": len(activity.streams),
        "streams": activity.streams.names(),
        "rr_interval_count": len(activity.rr_intervals_ms),
        "laps": [_plain(asdict(lap)) for lap in activity.laps],
        "pauses": [
            {
                "start_utc": p.start_utc.isoformat(),
                "end_utc": p.end_utc.isoformat(),
                "duration_s": _value(p.duration_s),
            }
            for p in activity.pauses
        ],
        "sets": [_plain(asdict(s)) for s in activity.sets],
        "summary": _plain(dict(activity.summary)),
        "warnings": list(activity.warnings),
    }


def export(activity_id: int, activity: Activity) -> bytes:
    document = activity_summary(activity_id, activity)
    document["samples"] = {
        name: [None if not np.isfinite(v) else round(float(v), 7) for v in values]
        for name, values in activity.streams.columns.items()
    }
    document["rr_intervals_ms"] = [_value(v) for v in activity.rr_intervals_ms.tolist()]
    return (json.dumps(document, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, numpy numbers as Python ones, NaN and infinities as null: strict JSON."""
    return {k: _value(v) for k, v in values.items()}


def _value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if np.isfinite(value) else None
    return value
