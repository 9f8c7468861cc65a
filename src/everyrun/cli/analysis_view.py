"""An analysis as a runner reads it: purpose and why, key numbers, zone bars, the reps."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from everyrun.cli.render import duration
from everyrun.domain.units import PER_KM, PER_MILE, PaceUnit, format_pace
from everyrun.services.ports import StoredAnalysis

_BAR_WIDTH = 24


def analysis_view(stored: StoredAnalysis, *, units: str | None = None) -> RenderableType:
    """`units`: the athlete's "metric" (default) or "imperial", for paces per km or per mile."""
    unit = PER_MILE if units == "imperial" else PER_KM
    data = stored.data
    parts: list[RenderableType] = [_purpose(data), _numbers(stored, unit)]
    effort = data.get("effort") or {}
    for key, title in (
        ("intensity", "Intensity"),
        ("heart_rate_zones", "Heart-rate zones"),
        ("pace_zones", "Pace zones"),
    ):
        zones = effort.get(key)
        if zones:
            parts.extend(_zone_bars(zones, title, unit))
    intervals = data.get("intervals")
    if intervals and intervals.get("reps"):
        parts.extend(_reps(intervals, unit))
    efforts = data.get("best_efforts") or []
    if efforts:
        parts.append(_best_efforts(efforts, unit))
    missing = data.get("missing") or []
    if missing:
        parts.append(Text("Not measured: " + "; ".join(missing), style="dim"))
    return Group(*parts)


def _purpose(data: dict[str, Any]) -> Text:
    purpose = data["purpose"]
    text = Text()
    text.append("Purpose: ", style="bold")
    text.append(str(purpose["purpose"]).replace("_", " "), style="bold cyan")
    text.append(f"  (confidence {purpose['confidence']:.0%})\n")
    text.append(str(purpose["reason"]))
    return text


def _numbers(stored: StoredAnalysis, unit: PaceUnit) -> Table:
    data = stored.data
    effort = data.get("effort") or {}
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    speed = data.get("avg_speed_mps")
    gap = effort.get("gap_speed_mps")
    rows = [
        ("Moving time", duration(data.get("moving_time_s"))),
        ("Avg pace", format_pace(speed, unit) if speed else "–"),
        ("Grade-adjusted pace", format_pace(gap, unit) if gap else "–"),
        ("Elevation gain", _number(data.get("elevation_gain_m"), "m")),
        ("Avg heart rate", _number(effort.get("avg_heart_rate_bpm"), "bpm")),
        ("Load", f"{stored.load:.0f} {stored.load_method}" if stored.load is not None else "–"),
        ("Banister TRIMP", _number(effort.get("trimp"), "")),
        ("Efficiency factor", _number(effort.get("efficiency_factor"), "m/min per beat", 2)),
        ("Aerobic decoupling", _number(effort.get("decoupling_pct"), "%", 1)),
        ("VDOT (race effort)", _number(data.get("vdot_estimate"), "", 1)),
    ]
    for label, value in rows:
        table.add_row(label, value)
    return table


def _number(value: Any, unit: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{float(value):.{decimals}f} {unit}".strip()


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _zone_bars(zones: dict[str, Any], title: str, unit: PaceUnit) -> list[RenderableType]:
    heading = _heading(f"\n{title}: {zones['model']}")
    table = Table(box=None, padding=(0, 1))
    table.add_column("Zone", no_wrap=True)
    table.add_column("Range", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    total = sum(zones["seconds"]) or 1.0
    lower = list(zones.get("lower") or [])
    for index, (name, seconds) in enumerate(zip(zones["names"], zones["seconds"], strict=True)):
        share = seconds / total
        bar = "█" * round(share * _BAR_WIDTH)
        table.add_row(
            escape(name),
            _zone_range(lower, index, is_pace="pace" in str(zones["model"]).lower(), unit=unit),
            duration(seconds),
            f"[cyan]{bar}[/] {share:.0%}",
        )
    return [heading, table]


def _zone_range(lower: list[float | None], index: int, *, is_pace: bool, unit: PaceUnit) -> str:
    """A zone's bounds as a runner reads them: `136–144 bpm`, `5:10–4:40/km`."""
    if index >= len(lower) or lower[index] is None:
        return ""
    low = float(lower[index] or 0.0)
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


def _reps(intervals: dict[str, Any], unit: PaceUnit) -> list[RenderableType]:
    heading = _heading(f"\nReps: {intervals.get('summary') or ''}".rstrip(": "))
    table = Table(box=None, padding=(0, 1))
    for header in ("#", "Start", "Time", "Distance", "Pace", "Avg HR"):
        table.add_column(header, justify="right", no_wrap=True)
    for number, rep in enumerate(intervals["reps"], start=1):
        speed = rep.get("avg_speed_mps")
        table.add_row(
            str(number),
            duration(rep["start_s"]),
            duration(rep["duration_s"]),
            f"{rep['distance_m']:.0f} m" if rep.get("distance_m") else "–",
            format_pace(speed, unit) if speed else "–",
            f"{rep['avg_heart_rate_bpm']:.0f}" if rep.get("avg_heart_rate_bpm") else "–",
        )
    return [heading, table]


def _best_efforts(efforts: list[dict[str, Any]], unit: PaceUnit) -> Table:
    table = Table(title="\nBest efforts", title_justify="left", title_style="bold", box=None)
    for header in ("Distance", "Time", "Pace"):
        table.add_column(header, justify="right", no_wrap=True)
    for effort in efforts:
        speed = effort["distance_m"] / effort["time_s"]
        table.add_row(effort["name"], duration(effort["time_s"]), format_pace(speed, unit))
    return table
