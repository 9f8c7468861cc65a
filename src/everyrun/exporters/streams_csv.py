"""Samples as CSV, one row per recorded sample, for spreadsheets and notebooks."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import numpy as np

from everyrun.domain.activity import TIME, Activity


def export(activity_id: int, activity: Activity) -> bytes:
    del activity_id
    names = activity.streams.names()
    ordered = [TIME] + [n for n in names if n != TIME] if TIME in names else names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["timestamp_utc", *ordered])
    columns = [activity.streams[name] for name in ordered]
    times = activity.streams.get(TIME)
    for row in range(len(activity.streams)):
        stamp = ""
        if times is not None and np.isfinite(times[row]):
            stamp = (activity.start_utc + timedelta(seconds=float(times[row]))).isoformat()
        writer.writerow([stamp, *(_cell(column[row]) for column in columns)])
    return buffer.getvalue().encode("utf-8")


def _cell(value: float) -> str:
    if not np.isfinite(value):
        return ""
    return f"{value:.7f}".rstrip("0").rstrip(".")
