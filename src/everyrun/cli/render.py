"""Numbers as runners read them: h:mm:ss, km, min/km for runs, km/h for rides, local times."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from rich import box
from rich.markup import escape
from rich.table import Table

from everyrun.domain.activity import Activity, Lap
from everyrun.services.import_history import ImportReport
from everyrun.services.ports import ActivitySummary

_PACE_SPORTS = {"running", "walking", "hiking", "swimming"}


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def distance_km(metres: float | None) -> str:
    return "–" if not metres else f"{metres / 1000:.2f} km"


def pace_or_speed(sport: str, metres: float | None, seconds: float | None) -> str:
    if not metres or not seconds or metres < 1:
        return "–"
    if sport in _PACE_SPORTS:
        per_km = seconds / (metres / 1000)
        if sport == "swimming":
            return f"{duration(per_km / 10)}/100m"
        return f"{duration(per_km)}/km"
    return f"{metres / seconds * 3.6:.1f} km/h"


def local_time(start_utc: datetime, offset_s: int | None) -> str:
    if offset_s is None:
        return f"{start_utc:%Y-%m-%d %H:%M} UTC"
    return f"{start_utc.astimezone(timezone(timedelta(seconds=offset_s))):%Y-%m-%d %H:%M}"


def activities_table(rows: list[ActivitySummary]) -> Table:
    """Fits 80 columns: only Name and Sport give way, never the ID you need for the next command."""
    table = Table(
        title=f"{len(rows)} activities",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=0,  # the box's blank divider is the gap between columns
        show_edge=False,
        caption="Moving: timer time. Pace per km (per 100 m swimming) or speed. ⚠: data warnings.",
        caption_justify="left",
    )
    for header, justify in (
        ("ID", "right"), ("Date", "left"), ("Sport", "left"), ("Name", "left"),
        ("Moving", "right"), ("Distance", "right"), ("Pace", "right"), ("HR", "right"),
        ("Source", "left"),
    ):  # fmt: skip
        gives_way = header in ("Name", "Sport")
        table.add_column(
            header,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=not gives_way,
            overflow="ellipsis" if gives_way else "fold",
            max_width=24 if gives_way else None,
        )
    for row in rows:
        moving = row.timer_s or row.elapsed_s
        sport = row.sport + (f"/{row.sub_sport}" if row.sub_sport else "")  # one word: no wrap
        table.add_row(
            str(row.id),
            local_time(row.start_utc, row.utc_offset_s),
            sport,
            escape(row.name or ""),
            duration(moving),
            distance_km(row.distance_m),
            pace_or_speed(row.sport, row.distance_m, moving),
            f"{row.avg_heart_rate_bpm:.0f}" if row.avg_heart_rate_bpm else "–",
            row.source_format + (" ⚠" if row.warning_count else ""),
        )
    return table


def activity_summary_table(activity_id: int, activity: Activity) -> Table:
    table = Table(show_header=False, title=f"Activity {activity_id}", title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    sport = activity.sport + (f" / {activity.sub_sport}" if activity.sub_sport else "")
    rows = [
        ("Name", escape(activity.name or "–")),
        ("Sport", sport),
        ("Start", local_time(activity.start_utc, activity.utc_offset_s)),
        ("Elapsed", duration(activity.elapsed_s)),
        ("Moving (timer)", duration(activity.timer_s)),
        ("Distance", distance_km(activity.distance_m)),
        (
            "Pace / speed",
            pace_or_speed(activity.sport, activity.distance_m, activity.moving_time_s),
        ),
        (
            "Pauses",
            f"{len(activity.pauses)} ({duration(sum(p.duration_s for p in activity.pauses))})",
        ),
        ("Samples", f"{len(activity.streams)}: {', '.join(activity.streams.names())}"),
        (
            "RR intervals",
            str(len(activity.rr_intervals_ms)) if len(activity.rr_intervals_ms) else "–",
        ),
        (
            "Device",
            escape(" ".join(filter(None, [activity.device.manufacturer, activity.device.product])))
            or "–",
        ),
        ("Source", escape(f"{activity.source_format}: {activity.source_name}")),
    ]
    if activity.leg_count > 1:
        rows.append(("Multisport leg", f"{activity.leg_index + 1} of {activity.leg_count}"))
    if activity.gear:
        rows.append(("Gear", escape(activity.gear)))
    if activity.sets:
        active = [s for s in activity.sets if s.is_active]
        rows.append(
            ("Strength sets", f"{len(active)} active, {len(activity.sets) - len(active)} rest")
        )
    for label, value in rows:
        table.add_row(label, value)
    return table


def laps_table(activity: Activity) -> Table:
    table = Table(title=f"{len(activity.laps)} laps", title_justify="left")
    for header in ("#", "Start", "Time", "Distance", "Pace / speed", "Avg HR", "Max HR", "Kind"):
        table.add_column(header, justify="left" if header in ("Start", "Kind") else "right")
    for number, lap in enumerate(activity.laps, start=1):
        table.add_row(*_lap_row(number, lap, activity))
    return table


def _lap_row(number: int, lap: Lap, activity: Activity) -> list[str]:
    moving = lap.timer_s or lap.elapsed_s
    return [
        str(number),
        local_time(lap.start_utc, activity.utc_offset_s)[11:],
        duration(moving),
        distance_km(lap.distance_m),
        pace_or_speed(activity.sport, lap.distance_m, moving),
        f"{lap.avg_heart_rate_bpm:.0f}" if lap.avg_heart_rate_bpm else "–",
        f"{lap.max_heart_rate_bpm:.0f}" if lap.max_heart_rate_bpm else "–",
        " ".join(filter(None, [lap.intensity, lap.trigger])),
    ]


def import_summary_table(report: ImportReport) -> Table:
    counts = report.counts()
    files = len(report.outcomes)
    rate = files / report.elapsed_s if report.elapsed_s else 0.0
    table = Table(
        title=f"{files} files in {report.elapsed_s:.1f} s ({rate:,.0f} files/s)",
        title_justify="left",
    )
    table.add_column("Outcome", no_wrap=True)
    table.add_column("Files", justify="right", no_wrap=True)
    for outcome, count in counts.items():
        table.add_row(outcome.replace("_", " "), str(count))
    table.add_section()
    table.add_row("activities stored", f"{report.activity_count:,}", style="bold")
    table.add_row("samples stored", f"{report.sample_count:,}")
    return table


def problems_table(report: ImportReport) -> Table | None:
    rows = [o for o in report.outcomes if o.outcome in ("skipped", "failed", "already_present")]
    if not rows:
        return None
    table = Table(title="Not imported, and why", title_justify="left")
    table.add_column("File", overflow="fold")
    table.add_column("Outcome")
    table.add_column("Why", overflow="fold")
    for outcome in rows:
        why = outcome.reason or ""
        if outcome.same_as:
            why += f" (activity {', '.join(map(str, outcome.same_as))})"
        table.add_row(escape(outcome.name), outcome.outcome.replace("_", " "), escape(why))
    return table


def warnings_table(report: ImportReport) -> Table | None:
    rows = [o for o in report.outcomes if o.warnings and o.outcome == "imported"]
    if not rows:
        return None
    table = Table(title="Imported with data cleaned or flagged", title_justify="left")
    table.add_column("File", overflow="fold")
    table.add_column("Warnings", overflow="fold")
    for outcome in rows:
        table.add_row(escape(outcome.name), escape("\n".join(outcome.warnings)))
    return table


def purpose_table(purposes: Counter[str]) -> Table:
    """How many sessions served each purpose: the question everyrun keeps asking."""
    table = Table(title="What the sessions were for", title_justify="left")
    table.add_column("Purpose")
    table.add_column("Sessions", justify="right")
    for purpose, count in purposes.most_common():
        table.add_row(purpose.replace("_", " "), str(count))
    return table


def purposes_by_activity(rows: list[ActivitySummary], analyses: Mapping[int, Any]) -> Table:
    """Each session and what it was for, in the runner's words."""
    table = Table(title="What each session was for", title_justify="left")
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Purpose", no_wrap=True)
    table.add_column("Why", overflow="fold")
    for row in rows:
        analysis = analyses.get(row.id)
        if analysis is None:
            continue
        table.add_row(
            str(row.id),
            analysis.purpose.replace("_", " "),
            escape(str(analysis.data["purpose"]["reason"])),
        )
    return table
