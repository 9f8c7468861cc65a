"""Writers that turn a stored activity back into files other tools read."""

from __future__ import annotations

from typing import Protocol

from everyrun.domain.activity import Activity
from everyrun.exporters import activity_json, gpx_writer, streams_csv


class Exporter(Protocol):
    def __call__(self, activity_id: int, activity: Activity) -> bytes: ...


EXPORTERS: dict[str, Exporter] = {
    "csv": streams_csv.export,
    "json": activity_json.export,
    "gpx": gpx_writer.export,
}
