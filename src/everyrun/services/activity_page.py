"""What the activity pages and their API show: list rows, one activity's view, small streams.

The pages and the API read the same assembly, so a number on the page is the number a script
gets. Streams are cut to a bounded number of time-aligned points here: a three-hour run holds
10k+ samples, and no chart or script needs more than a point per pixel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np

from everyrun.domain import activity as act
from everyrun.domain import sport as sports
from everyrun.domain.activity import Activity, FloatArray
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import PER_KM, PER_MILE, PaceUnit, format_duration, format_pace
from everyrun.services.activities import get_activity, list_activities, local_day
from everyrun.services.analysis import analysis_of
from everyrun.services.athlete import profile_for_day
from everyrun.services.ports import ActivitySummary, AnalysisStore, StoredAnalysis

MAX_POINTS = 1000  # per line: about one point per pixel of the widest chart
PAGE_SIZE = 50
FOOT_SPORTS = frozenset({sports.RUNNING, sports.WALKING, sports.HIKING})
SLOWEST_CHARTED_MPS = 0.5  # slower than 33 min/km is standing, not a pace worth a chart
CHART_STREAMS = (
    act.DISTANCE,
    act.SPEED,
    act.HEART_RATE,
    act.ALTITUDE,
    act.CADENCE,
    act.POWER,
    act.LATITUDE,
    act.LONGITUDE,
)


@dataclass(frozen=True)
class Downsampled:
    """Streams on at most `MAX_POINTS` time buckets; NaN where a bucket had no value (a gap)."""

    time_s: FloatArray
    columns: dict[str, FloatArray]
    source_points: int

    def __len__(self) -> int:
        return len(self.time_s)

    def has_data(self, name: str) -> bool:
        column = self.columns.get(name)
        return column is not None and bool(np.isfinite(column).any())


def downsample(
    time_s: FloatArray, columns: Mapping[str, FloatArray], max_points: int = MAX_POINTS
) -> Downsampled:
    """Each column averaged over equal stretches of time, at most `max_points` of them.

    Equal-time buckets keep every line on one time axis and leave a bucket without samples
    (a pause, a sensor drop-out) empty, so charts show the gap instead of bridging it.
    """
    if max_points < 2:
        raise ValueError("keep at least two points")
    time = np.asarray(time_s, dtype=np.float64)
    keep = np.isfinite(time)
    time = time[keep]
    kept = {name: np.asarray(values, dtype=np.float64)[keep] for name, values in columns.items()}
    if len(time) <= max_points:
        order = np.argsort(time, kind="stable")
        return Downsampled(time[order], {k: v[order] for k, v in kept.items()}, len(time))
    start, end = float(time.min()), float(time.max())
    edges = np.linspace(start, end, max_points + 1)
    bucket = np.clip(np.searchsorted(edges, time, side="right") - 1, 0, max_points - 1)
    counts = np.bincount(bucket, minlength=max_points)
    centres = (edges[:-1] + edges[1:]) / 2
    times = np.where(
        counts > 0,
        np.bincount(bucket, weights=time, minlength=max_points) / np.maximum(counts, 1),
        centres,
    )
    out: dict[str, FloatArray] = {}
    for name, values in kept.items():
        finite = np.isfinite(values)
        sums = np.bincount(bucket[finite], weights=values[finite], minlength=max_points)
        found = np.bincount(bucket[finite], minlength=max_points)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[name] = np.where(found > 0, sums / np.maximum(found, 1), np.nan)
    return Downsampled(times, out, len(time))


def smoothed(values: FloatArray, window: int) -> FloatArray:
    """A moving mean that skips NaN and keeps gaps (GPS speed jitters sample to sample)."""
    if window <= 1 or len(values) == 0:
        return values.copy()
    finite = np.isfinite(values)
    kernel = np.ones(window)
    sums = np.convolve(np.where(finite, values, 0.0), kernel, mode="same")
    counts = np.convolve(finite.astype(np.float64), kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / counts
    return np.where(finite, mean, np.nan)


def chart_streams(activity: Activity, max_points: int = MAX_POINTS) -> Downsampled:
    """The activity's chartable streams, time-aligned and at most `max_points` long.

    Speed comes from distance where the device recorded none; it is smoothed over ~15 s
    before bucketing so the pace line shows the run, not GPS noise.
    """
    streams = activity.streams
    time = streams.get(act.TIME)
    if time is None or len(time) == 0:
        return Downsampled(np.zeros(0), {}, 0)
    columns = {name: streams[name] for name in CHART_STREAMS if streams.has_data(name)}
    speed = columns.get(act.SPEED)
    distance = columns.get(act.DISTANCE)
    if speed is None and distance is not None and len(time) > 1:
        with np.errstate(invalid="ignore", divide="ignore"):
            speed = np.gradient(distance, time)
    if speed is not None:
        step = float(np.nanmedian(np.diff(time))) if len(time) > 1 else 1.0
        window = max(1, round(15.0 / step)) if np.isfinite(step) and step > 0 else 1
        columns[act.SPEED] = smoothed(np.where(speed >= 0, speed, np.nan), window)
    return downsample(time, columns, max_points)


@dataclass(frozen=True)
class ActivityRow:
    """One line of the activity list, formatted as the page shows it."""

    summary: ActivitySummary
    day: date
    purpose: str | None
    purpose_label: str

    @property
    def avg_speed_mps(self) -> float | None:
        s = self.summary
        moving = s.timer_s or s.elapsed_s
        return s.distance_m / moving if s.distance_m and moving else None


@dataclass(frozen=True)
class ActivityListing:
    rows: list[ActivityRow]
    total: int
    offset: int
    limit: int
    sports: list[str]  # every sport the athlete has, for the filter


def activity_listing(
    store: AnalysisStore,
    athlete_id: int,
    *,
    since: date | None = None,
    until: date | None = None,
    sports: Sequence[str] | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> ActivityListing:
    """Newest first, one slice of it, each with its stored purpose (never analysed here: a
    list must stay fast; `everyrun analyze` or opening the activity fills the gaps)."""
    everything = list_activities(store, athlete_id, since=since, until=until)
    known_sports = sorted({s.sport for s in everything})
    wanted = {s.strip().lower() for s in sports or () if s.strip()}
    found = [s for s in everything if s.sport in wanted] if wanted else everything
    rows = []
    for summary in found[offset : offset + limit]:
        stored = store.analyses(athlete_id, summary.id)
        purpose = stored[0].purpose if stored else None
        rows.append(ActivityRow(summary, local_day(summary), purpose, _purpose_label(purpose)))
    return ActivityListing(rows, len(found), offset, limit, known_sports)


def _purpose_label(purpose: str | None) -> str:
    if purpose is None:
        return "not analysed"
    try:
        return Purpose(purpose).label
    except ValueError:
        return purpose.replace("_", " ")


@dataclass(frozen=True)
class ZoneView:
    title: str
    model: str
    source: str | None
    names: list[str]
    seconds: list[float]
    ranges: list[str]
    is_pace: bool


@dataclass(frozen=True)
class Span:
    """A stretch of the activity to mark on its charts: a detected work rep."""

    start_s: float
    end_s: float
    label: str
    distance: str = "–"
    pace: str = "–"
    avg_hr: str = "–"

    @property
    def start_clock(self) -> str:
        return _duration(self.start_s)

    @property
    def duration(self) -> str:
        return _duration(self.end_s - self.start_s)


@dataclass(frozen=True)
class ActivityView:
    """One activity as its page shows it: the record, its analysis, and what to draw."""

    id: int
    activity: Activity
    analysis: StoredAnalysis
    day: date
    unit: PaceUnit
    streams: Downsampled
    summary: list[tuple[str, str]]
    zones: list[ZoneView]
    reps: list[Span]
    laps: list[dict[str, str]]
    notes: list[str]  # what the analysis could not measure
    has_pace: bool  # a foot sport: pace, else speed

    @property
    def purpose(self) -> dict[str, Any]:
        found: dict[str, Any] = self.analysis.data.get("purpose") or {}
        return found

    @property
    def purpose_label(self) -> str:
        return _purpose_label(self.purpose.get("purpose"))

    @property
    def intervals(self) -> dict[str, Any]:
        found: dict[str, Any] = self.analysis.data.get("intervals") or {}
        return found

    @property
    def title(self) -> str:
        return self.activity.name or f"{self.activity.sport.replace('_', ' ').capitalize()}"


def activity_view(
    store: AnalysisStore, athlete_id: int, activity_id: int, *, now_utc: datetime
) -> ActivityView:
    """NotFoundError when the activity is not this athlete's."""
    activity = get_activity(store, athlete_id, activity_id)
    analysis = analysis_of(store, athlete_id, activity_id, now_utc=now_utc)
    units = profile_for_day(store, athlete_id, analysis.profile_day).profile.units
    unit = PER_MILE if units == "imperial" else PER_KM
    streams = chart_streams(activity)
    if act.SPEED in streams.columns:
        speed = streams.columns[act.SPEED]
        streams.columns[act.SPEED] = np.where(speed >= SLOWEST_CHARTED_MPS, speed, np.nan)
    day = (activity.local_start or activity.start_utc).date()
    data = analysis.data
    effort = data.get("effort") or {}
    zones = [
        _zone_view(effort[key], title, unit)
        for key, title in (
            ("heart_rate_zones", "Time in heart-rate zones"),
            ("pace_zones", "Time in pace zones"),
            ("intensity", "Time by intensity"),
        )
        if effort.get(key)
    ]
    reps = [
        Span(
            float(rep["start_s"]),
            float(rep["end_s"]),
            f"rep {number}: {_duration(rep.get('duration_s'))}",
            _distance(rep.get("distance_m"), unit),
            _pace(rep.get("avg_speed_mps"), unit),
            _number(rep.get("avg_heart_rate_bpm"), "bpm"),
        )
        for number, rep in enumerate((data.get("intervals") or {}).get("reps") or [], start=1)
    ]
    return ActivityView(
        id=activity_id,
        activity=activity,
        analysis=analysis,
        day=day,
        unit=unit,
        streams=streams,
        summary=_summary(activity, analysis, unit),
        zones=zones,
        reps=reps,
        laps=_laps(activity, unit),
        notes=[str(m) for m in data.get("missing") or []],
        has_pace=activity.sport in FOOT_SPORTS,
    )


def _duration(seconds: Any) -> str:
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        return "–"
    return format_duration(value) if np.isfinite(value) and value >= 0 else "–"


def _pace(speed: Any, unit: PaceUnit) -> str:
    try:
        value = float(speed)
    except (TypeError, ValueError):
        return "–"
    return format_pace(value, unit) if np.isfinite(value) and value > 0.1 else "–"


def _distance(metres: Any, unit: PaceUnit) -> str:
    if not metres:
        return "–"
    return f"{float(metres) / unit.distance_m:.2f} {unit.name}"


def _number(value: Any, suffix: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    number = float(value)
    return f"{number:.{decimals}f} {suffix}".strip() if np.isfinite(number) else "–"


def _summary(activity: Activity, analysis: StoredAnalysis, unit: PaceUnit) -> list[tuple[str, str]]:
    data = analysis.data
    effort = data.get("effort") or {}
    heart_rate = activity.streams.get(act.HEART_RATE)
    max_hr = (
        float(np.nanmax(heart_rate))
        if heart_rate is not None and np.isfinite(heart_rate).any()
        else None
    )
    start = activity.local_start or activity.start_utc
    speed = data.get("avg_speed_mps")
    is_foot = activity.sport in FOOT_SPORTS
    return [
        ("Date", f"{start:%a %d %b %Y, %H:%M}"),
        ("Sport", activity.sport + (f" ({activity.sub_sport})" if activity.sub_sport else "")),
        ("Distance", _distance(activity.distance_m or data.get("distance_m"), unit)),
        ("Moving time", _duration(data.get("moving_time_s") or activity.moving_time_s)),
        ("Elapsed time", _duration(activity.elapsed_s)),
        (
            "Avg pace" if is_foot else "Avg speed",
            _pace(speed, unit) if is_foot else _number(float(speed or 0) * 3.6 or None, "km/h", 1),
        ),
        ("Avg heart rate", _number(effort.get("avg_heart_rate_bpm"), "bpm")),
        ("Max heart rate", _number(max_hr, "bpm")),
        ("Elevation gain", _number(data.get("elevation_gain_m"), "m")),
        (
            "Load",
            f"{analysis.load:.0f} {analysis.load_method or ''}".strip()
            if analysis.load is not None
            else "–",
        ),
    ]


def _zone_view(zones: dict[str, Any], title: str, unit: PaceUnit) -> ZoneView:
    model = str(zones.get("model") or "")
    is_pace = "pace" in model.lower()
    names = [str(n) for n in zones.get("names") or []]
    lower = list(zones.get("lower") or [])
    return ZoneView(
        title=title,
        model=model,
        source=zones.get("source"),
        names=names,
        seconds=[float(s or 0.0) for s in zones.get("seconds") or []],
        ranges=[zone_range(lower, i, is_pace=is_pace, unit=unit) for i in range(len(names))],
        is_pace=is_pace,
    )


def zone_range(lower: list[Any], index: int, *, is_pace: bool, unit: PaceUnit) -> str:
    """A zone's bounds as a runner reads them: `136–144 bpm`, `5:10–4:40/km`."""
    if index >= len(lower) or lower[index] is None:
        return ""
    low = float(lower[index])
    high = lower[index + 1] if index + 1 < len(lower) else None

    def show(value: float) -> str:
        if is_pace:  # bounds are speeds: a faster zone has a shorter time per distance
            return format_pace(value, unit).removesuffix(f"/{unit.name}")
        return f"{value:.0f}"

    suffix = f"/{unit.name}" if is_pace else " bpm"
    if high is None:
        return f"{'faster than' if is_pace else 'from'} {show(low)}{suffix}"
    if low <= 0:
        return f"{'slower than' if is_pace else 'below'} {show(float(high))}{suffix}"
    return f"{show(low)}–{show(float(high))}{suffix}"


def _laps(activity: Activity, unit: PaceUnit) -> list[dict[str, str]]:
    rows = []
    for number, lap in enumerate(activity.laps, start=1):
        time = lap.timer_s if lap.timer_s is not None else lap.elapsed_s
        speed = lap.avg_speed_mps or (lap.distance_m / time if lap.distance_m and time else None)
        kind = " · ".join(k for k in (lap.intensity, lap.trigger) if k)
        rows.append(
            {
                "number": str(number),
                "start": _duration((lap.start_utc - activity.start_utc).total_seconds()),
                "time": _duration(time),
                "distance": _distance(lap.distance_m, unit),
                "pace": _pace(speed, unit),
                "avg_hr": _number(lap.avg_heart_rate_bpm, ""),
                "max_hr": _number(lap.max_heart_rate_bpm, ""),
                "kind": kind.replace("_", " ") or "–",
            }
        )
    return rows
