"""The shared corpus of real device recordings (../shared/data/activities) and its manifest."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "activities"


@dataclass(frozen=True)
class CorpusFile:
    filename: str
    format: str
    sport: str
    duration_s: float | None
    timer_s: float | None
    distance_m: float | None
    features: dict[str, str]
    strict_parse: str
    notes: str

    @property
    def path(self) -> Path:
        return CORPUS / self.filename

    @property
    def is_ok(self) -> bool:
        return self.strict_parse == "ok"

    def has(self, feature: str) -> bool:
        return feature in self.features

    def count(self, feature: str) -> int | None:
        value = self.features.get(feature)
        return int(value) if value and value.isdigit() else None

    def read(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.filename.endswith(".gz") else data


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _features(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        if name.startswith("gps(partial"):
            found["gps"] = name.removeprefix("gps(partial ").split("/")[0]
            found["gps_partial"] = "1"
        else:
            found[name.strip()] = value
    return found


def manifest() -> list[CorpusFile]:
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CorpusFile(
            filename=row["filename"],
            format=row["format"],
            sport=row["sport"],
            duration_s=_number(row["duration_s"]),
            timer_s=_number(row["timer_or_lap_time_s"]),
            distance_m=_number(row["distance_m"]),
            features=_features(row["features"]),
            strict_parse=row["strict_parse"],
            notes=row["notes"],
        )
        for row in rows
    ]


def fit_files() -> list[CorpusFile]:
    return [f for f in manifest() if f.format.startswith("fit")]
