"""`everyrun load`: daily load, fitness / fatigue / form, and what today's load can be."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from everyrun import bootstrap
from everyrun.cli.output import (
    DbOption,
    JsonOption,
    TimeZoneOption,
    console,
    emit_json,
    fail,
    user_errors,
)
from everyrun.config import load_settings
from everyrun.domain.science.fitness import Smoothing
from everyrun.exporters.load_svg import svg_chart
from everyrun.services import load as load_service

SPARKS = "▁▂▃▄▅▆▇█"
MAX_DAYS = 36_500


class SmoothingChoice(StrEnum):
    exponential = "exponential"
    ewma = "ewma"


def load_command(
    days: Annotated[
        int, typer.Option("--days", min=1, max=MAX_DAYS, help="Days shown (and charted).")
    ] = 42,
    weekly: Annotated[
        bool, typer.Option("--weekly", help="Show ISO weeks: load, change, zones, polarization.")
    ] = False,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day, YYYY-MM-DD (default: today in your zone)."),
    ] = None,
    smoothing: Annotated[
        SmoothingChoice,
        typer.Option(
            "--smoothing",
            help="exponential: α = 1 − e^(−1/N) (GoldenCheetah, intervals.icu); "
            "ewma: α = 2/(N+1) (Runalyze).",
        ),
    ] = SmoothingChoice.exponential,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", help="Also write a chart of the shown days to this SVG file."),
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Training load per day, fitness (42 days), fatigue (7 days) and form, and today's advice.

    Example: [bold]everyrun load --days 90 --svg load.svg[/]

    Every analysed activity and every logged session counts on your local day, in load points
    (100 = one hour at threshold). Form is fitness − fatigue at the end of yesterday.
    """
    with user_errors(json_output):
        settings = load_settings(database_url=db, time_zone=time_zone)
        store = bootstrap.open_store(settings)
        try:
            athlete = store.default_athlete_id()
            now = datetime.now(UTC)
            zone = bootstrap.athlete_zone(store, athlete, settings, now)
            last = _parse_until(until, json_output) or now.astimezone(zone).date()
            report = load_service.load_report(
                store, athlete, until=last, smoothing=Smoothing(smoothing.value)
            )
        finally:
            store.close()
    shown = report.daily[-days:]
    if svg is not None and shown:
        try:
            svg.write_text(svg_chart(shown, report.convention.smoothing), encoding="utf-8")
        except OSError as error:
            fail(
                f"cannot write {svg}: {error.strerror}",
                "choose a writable path",
                as_json=json_output,
            )
    if json_output:
        emit_json(_json(report, shown, weekly))
        return
    _print(report, shown, weekly, svg)


def _parse_until(text: str | None, as_json: bool) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(
            f"--until {text!r} is not a date", "write YYYY-MM-DD, e.g. 2026-03-14", as_json=as_json
        )


def _json(
    report: load_service.LoadReport, shown: list[load_service.DailyRow], weekly: bool
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "until": report.until,
        "first_day": report.first_day,
        "convention": report.convention,
        "daily": shown,
        "prescription": report.prescription,
        "counts": {
            "activities": report.activities,
            "manual_sessions": report.manual_sessions,
            "unanalysed_activities": report.unanalysed_activities,
            "without_load": report.without_load,
            "after_until": report.after_until,
        },
        "notes": report.notes,
    }
    if weekly:
        result["weekly"] = report.weekly
    return result


# --- terminal ----------------------------------------------------------------------------------


def _number(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def sparkline(values: list[float], low: float | None = None, high: float | None = None) -> str:
    """One character per value, on the scale low..high (default: the values' own range)."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return ""
    low = min(finite) if low is None else low
    high = max(finite) if high is None else high
    span = high - low
    marks = []
    for value in values:
        if not math.isfinite(value):
            marks.append(" ")
        elif span < 1.0:  # less than one load point: flat
            marks.append(SPARKS[0])
        else:
            share = min(1.0, max(0.0, (value - low) / span))
            marks.append(SPARKS[round(share * (len(SPARKS) - 1))])
    return "".join(marks)


def _print(
    report: load_service.LoadReport,
    shown: list[load_service.DailyRow],
    weekly: bool,
    svg: Path | None,
) -> None:
    for note in report.notes:
        console.print(f"[yellow]![/] {escape(note)}")
    if not report.daily:
        console.print(
            f"No training load up to {report.until}. Import activities with "
            "[bold]everyrun import PATH[/], analyse them with [bold]everyrun analyze --all[/], "
            "or log a session with [bold]everyrun log workout[/]."
        )
        return
    if weekly:
        console.print(_weekly_table(report.weekly[-max(1, -(-len(shown) // 7)) :]))
    else:
        console.print(_daily_table(shown))
    loads = [r.load for r in shown]
    fitness = [r.fitness for r in shown]
    fatigue = [r.fatigue for r in shown]
    form = [r.form for r in shown]
    top = max(loads + fitness + fatigue)  # one scale: bars and lines compare
    console.print(f"\n[bold]Last {len(shown)} days[/] (oldest left; form on its own scale)")
    console.print(f"  load    {sparkline(loads, 0.0, top)}  max {max(loads):.0f}")
    console.print(f"  fitness [blue]{sparkline(fitness, 0.0, top)}[/]  now {fitness[-1]:.0f}")
    console.print(f"  fatigue [magenta]{sparkline(fatigue, 0.0, top)}[/]  now {fatigue[-1]:.0f}")
    console.print(
        f"  form    [green]{sparkline(form, min(0.0, *form), max(0.0, *form))}[/]  "
        f"now {form[-1]:+.0f}"
    )
    if report.prescription is not None:
        console.print()
        for line in advice(report.prescription):
            console.print(line)
    convention = report.convention
    other = "ewma" if convention.smoothing == "exponential" else "exponential"
    console.print(
        f"\n[dim]Smoothing: {convention.smoothing}, {escape(convention.alpha)}, "
        f"fitness {convention.fitness_days:g} days, fatigue {convention.fatigue_days:g} days "
        f"(other: --smoothing {other})."
        f" {escape(convention.form)}. {escape(convention.load_points)}.[/]"
    )
    if svg is not None:
        console.print(f"Chart written to {escape(str(svg))}")


def advice(p: load_service.Prescription) -> list[str]:
    """The two prescriptions, in a runner's words."""
    lines = [f"[bold]Today ({p.day})[/]: form {round(p.form_today) + 0.0:+.0f}."]
    done = f" You have {p.load_so_far:.0f} logged already." if p.load_so_far > 0 else ""
    if not p.range_reachable:
        lines.append(
            f"  You are very tired: even a rest day leaves tomorrow's form below "
            f"{p.form_low:+.0f}. Rest or go very easy.{done}"
        )
    elif p.min_load <= 0:
        lines.append(
            f"  Up to {p.max_load:.0f} load points today keeps tomorrow's form between "
            f"{p.form_low:+.0f} and {p.form_high:+.0f} (productive training).{done}"
        )
    else:
        lines.append(
            f"  {p.min_load:.0f}–{p.max_load:.0f} load points today keeps tomorrow's form between "
            f"{p.form_low:+.0f} and {p.form_high:+.0f} (productive training; about "
            f"{p.max_load / 100:.1f} h at threshold at most).{done}"
        )
    rest = "rest day" if p.easy_load == 0 else f"easy day of {p.easy_load:.0f} points"
    days = p.easy_days_until_recovered
    if days == 0:
        lines.append(f"  Your form is already above {p.recovered_form:+.0f}: you are fresh.")
    elif days is None and p.fitness_yesterday < p.recovered_form:
        lines.append(
            f"  With fitness at {p.fitness_yesterday:.0f}, rest cannot lift form above "
            f"{p.recovered_form:+.0f} (form is fitness − fatigue): you are as fresh as you get."
        )
    elif days is None:
        lines.append(
            f"  Even {load_service.MAX_EASY_DAYS} days of rest would not bring your form back "
            f"above {p.recovered_form:+.0f}."
        )
    else:
        plural = rest.replace("day", "days", 1) if days > 1 else rest
        lines.append(
            f"  {days} {plural}, starting today, bring your form back above "
            f"{p.recovered_form:+.0f}."
        )
    return lines


def _daily_table(rows: list[load_service.DailyRow]) -> Table:
    table = Table(
        title=f"Load, fitness, fatigue and form: {len(rows)} days",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption="Load in points (100 = 1 h at threshold). A:C: acute:chronic ratio (from day 28).",
        caption_justify="left",
    )
    for name in ("Day", "Load", "Fitness", "Fatigue", "Form", "Ramp", "A:C", "Monotony", "Strain"):
        table.add_column(name, justify="left" if name == "Day" else "right")
    for row in rows:
        table.add_row(
            f"{row.day:%a %Y-%m-%d}",
            _number(row.load) if row.load else "·",
            _number(row.fitness),
            _number(row.fatigue),
            f"{round(row.form) + 0.0:+.0f}",
            "–" if row.ramp is None else f"{round(row.ramp, 1) + 0.0:+.1f}",
            _number(row.acute_chronic_ratio, 2),
            _number(row.monotony, 2),
            _number(row.strain),
        )
    return table


def _weekly_table(rows: list[load_service.WeeklyRow]) -> Table:
    table = Table(
        title=f"Load by week: {len(rows)} weeks",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption="Zones: time below VT1 / VT1–VT2 / above VT2. PI: polarization index "
        "(Treff et al. 2019).",
        caption_justify="left",
    )
    for name in ("Week", "Load", "Change", "Z1", "Z2", "Z3", "PI", "Shape"):
        table.add_column(name, justify="left" if name in ("Week", "Shape") else "right")
    for row in rows:
        z1, z2, z3 = row.zone_seconds
        table.add_row(
            row.week,
            _number(row.load),
            "–" if row.change_pct is None else f"{row.change_pct:+.0f} %",
            *(_hours(z) for z in (z1, z2, z3)),
            _number(row.polarization_index, 2),
            row.distribution or "–",
        )
    return table


def _hours(seconds: float) -> str:
    if not seconds:
        return "–"
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"
