"""An analysis as a runner reads it: purpose and why, key numbers, zone bars, the reps."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from everyrun.cli.render import duration
from everyrun.domain.units import PER_KM, format_pace
from everyrun.services.ports import StoredAnalysis

_BAR_WIDTH = 30


def analysis_view(stored: StoredAnalysis) -> RenderableType:
    data = stored.data
    parts: list[RenderableType] = [_purpose(data), _numbers(stored)]
    effort = data.get("effort") or {}
    for key, title in (
        ("intensity", "Intensity (three zones)"),
        ("heart_rate_zones", "Heart-rate zones"),
        ("pace_zones", "Pace zones"),
    ):
        zones = effort.get(key)
        if zones:
            parts.append(_zone_bars(zones, title))
    intervals = data.get("intervals")
    if intervals and intervals.get("reps"):
        parts.append(_reps(intervals))
    efforts = data.get("best_efforts") or []
    if efforts:
        parts.append(_best_efforts(efforts))
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


def _numbers(stored: StoredAnalysis) -> Table:
    data = stored.data
    effort = data.get("effort") or {}
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    speed = data.get("avg_speed_mps")
    gap = effort.get("gap_speed_mps")
    rows = [
        ("Moving time", duration(data.get("moving_time_s"))),
        ("Avg pace", format_pace(speed, PER_KM) if speed else "–"),
        ("Grade-adjusted pace", format_pace(gap, PER_KM) if gap else "–"),
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


def _zone_bars(zones: dict[str, Any], title: str) -> Table:
    table = Table(title=f"{title} — {escape(zones['model'])}", title_justify="left", box=None)
    table.add_column("Zone")
    table.add_column("Time", justify="right")
    table.add_column("")
    total = sum(zones["seconds"]) or 1.0
    for name, seconds in zip(zones["names"], zones["seconds"], strict=True):
        share = seconds / total
        bar = "█" * round(share * _BAR_WIDTH)
        table.add_row(escape(name), duration(seconds), f"[cyan]{bar}[/] {share:.0%}")
    return table


def _reps(intervals: dict[str, Any]) -> Table:
    table = Table(title=escape(str(intervals.get("summary") or "Reps")), title_justify="left")
    for header in ("#", "Start", "Time", "Distance", "Pace", "Avg HR"):
        table.add_column(header, justify="right")
    for number, rep in enumerate(intervals["reps"], start=1):
        speed = rep.get("avg_speed_mps")
        table.add_row(
            str(number),
            duration(rep["start_s"]),
            duration(rep["duration_s"]),
            f"{rep['distance_m']:.0f} m" if rep.get("distance_m") else "–",
            format_pace(speed, PER_KM) if speed else "–",
            f"{rep['avg_heart_rate_bpm']:.0f}" if rep.get("avg_heart_rate_bpm") else "–",
        )
    return table


def _best_efforts(efforts: list[dict[str, Any]]) -> Table:
    table = Table(title="Best efforts", title_justify="left", box=None)
    for header in ("Distance", "Time", "Pace"):
        table.add_column(header, justify="right")
    for effort in efforts:
        speed = effort["distance_m"] / effort["time_s"]
        table.add_row(effort["name"], duration(effort["time_s"]), format_pace(speed, PER_KM))
    return table
