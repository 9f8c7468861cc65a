"""What actually happened: one recorded session, its sample streams, laps and pauses.

Pure data: importers build these from files, the store saves them, analysis reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Stream columns every importer fills where the file carries them. Each holds float64 samples of
# equal length; NaN means "not recorded at this sample". Names carry their unit.
TIME = "time_s"  # seconds since the activity's start_utc
LATITUDE = "latitude_deg"
LONGITUDE = "longitude_deg"
DISTANCE = "distance_m"  # cumulative
SPEED = "speed_mps"
HEART_RATE = "heart_rate_bpm"
CADENCE = "cadence_rpm"  # cycles per minute as devices record it (strides, not steps, for runs)
POWER = "power_w"
ALTITUDE = "altitude_m"
TEMPERATURE = "temperature_c"
STANDARD_STREAMS = (
    TIME,
    LATITUDE,
    LONGITUDE,
    DISTANCE,
    SPEED,
    HEART_RATE,
    CADENCE,
    POWER,
    ALTITUDE,
    TEMPERATURE,
)
# Developer (Connect IQ / sensor) fields are kept as extra streams under this prefix.
DEVELOPER_PREFIX = "dev:"


@dataclass(frozen=True)
class Lap:
    """A lap as the device split it (manual, auto-distance, structured workout step)."""

    start_utc: datetime
    elapsed_s: float
    timer_s: float | None = None
    distance_m: float | None = None
    avg_speed_mps: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    avg_cadence_rpm: float | None = None
    avg_power_w: float | None = None
    intensity: str | None = None  # active, rest, warmup, cooldown, recovery, interval...
    trigger: str | None = None  # manual, distance, time, session_end...


@dataclass(frozen=True)
class Pause:
    """A stretch where the recording timer was stopped (auto-pause or button)."""

    start_utc: datetime
    end_utc: datetime

    @property
    def duration_s(self) -> float:
        return (self.end_utc - self.start_utc).total_seconds()


@dataclass(frozen=True)
class Device:
    manufacturer: str | None = None
    product: str | None = None
    serial_number: str | None = None


@dataclass(frozen=True)
class StrengthSet:
    """One set from a watch's strength-training log (FIT `set` messages)."""

    start_utc: datetime | None
    duration_s: float | None
    is_active: bool
    repetitions: int | None = None
    weight_kg: float | None = None
    exercise: str | None = None


@dataclass
class Streams:
    """Columnar samples at the recorded rate; every column has the same length."""

    columns: dict[str, FloatArray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lengths = {len(v) for v in self.columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"stream columns differ in length: {sorted(lengths)}")

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def __getitem__(self, name: str) -> FloatArray:
        return self.columns[name]

    def get(self, name: str) -> FloatArray | None:
        return self.columns.get(name)

    def has_data(self, name: str) -> bool:
        """True when the column exists and holds at least one recorded value."""
        column = self.columns.get(name)
        return column is not None and bool(np.isfinite(column).any())

    def names(self) -> list[str]:
        return list(self.columns)

    def select(self, mask: npt.NDArray[np.bool_]) -> Streams:
        return Streams({k: v[mask] for k, v in self.columns.items()})


@dataclass
class Activity:
    """One session of one sport; a multisport file becomes one Activity per leg."""

    sport: str  # canonical name, see domain.sport
    start_utc: datetime  # timezone-aware, UTC
    elapsed_s: float
    timer_s: float | None = None  # time the recording timer ran (elapsed minus pauses)
    distance_m: float | None = None
    sub_sport: str | None = None
    name: str | None = None
    utc_offset_s: int | None = None  # offset of the athlete's local clock at the start, if known
    utc_offset_source: str | None = None  # "file" (FIT local time) or "athlete" (configured zone)
    streams: Streams = field(default_factory=Streams)
    laps: list[Lap] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    rr_intervals_ms: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    sets: list[StrengthSet] = field(default_factory=list)
    device: Device = field(default_factory=Device)
    gear: str | None = None
    source_format: str = ""  # fit, gpx, tcx
    source_name: str = ""  # file name as the user knows it (inside an archive: archive/member)
    leg_index: int = 0  # position in a multisport file
    leg_count: int = 1
    warnings: list[str] = field(default_factory=list)
    summary: Mapping[str, float] = field(default_factory=dict)  # device-reported extras

    @property
    def end_utc(self) -> datetime:
        return self.start_utc + timedelta(seconds=self.elapsed_s)

    @property
    def local_start(self) -> datetime | None:
        """Wall-clock start in the athlete's time zone; training days are local days."""
        if self.utc_offset_s is None:
            return None
        from datetime import timezone

        return self.start_utc.astimezone(timezone(timedelta(seconds=self.utc_offset_s)))

    @property
    def moving_time_s(self) -> float:
        return self.timer_s if self.timer_s is not None else self.elapsed_s

    def with_changes(self, **changes: object) -> Activity:
        return replace(self, **changes)  # type: ignore[arg-type]

    def moved_to(self, start_utc: datetime) -> Activity:
        """The same session started at another time: laps, pauses and sets move with it
        (streams are already relative to the start). The demo uses it to place sample
        recordings into the weeks of a sample plan."""
        shift = start_utc - self.start_utc
        return replace(
            self,
            start_utc=start_utc,
            laps=[replace(lap, start_utc=lap.start_utc + shift) for lap in self.laps],
            pauses=[
                replace(p, start_utc=p.start_utc + shift, end_utc=p.end_utc + shift)
                for p in self.pauses
            ],
            sets=[
                replace(s, start_utc=s.start_utc + shift if s.start_utc else None)
                for s in self.sets
            ],
        )
