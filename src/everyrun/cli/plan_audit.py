"""`everyrun plan audit FILE`: read a plan from a coach, a book or a spreadsheet and judge it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from everyrun.cli.output import JsonOption, console, emit_json, fail, user_errors
from everyrun.domain.audit.plan_audit import RULE_LABELS, AuditedSession, PlanAudit
from everyrun.domain.audit.plan_source import PlanSource
from everyrun.domain.science.vdot import MAX_VDOT, MIN_VDOT
from everyrun.domain.units import format_duration
from everyrun.exporters.jsonable import to_jsonable
from everyrun.importers.plan_files import read_plan_file
from everyrun.services.plan_audit import audit_plan_file


def next_monday(today: date) -> date:
    """Today if it is a Monday, else the coming Monday."""
    return today + timedelta(days=(7 - today.weekday()) % 7)


def plan_audit_command(
    file: Annotated[
        Path, typer.Argument(help="The plan: .csv, .ics, .yaml/.yml or .md.", show_default=False)
    ],
    vdot: Annotated[
        float | None,
        typer.Option(
            min=MIN_VDOT,
            max=MAX_VDOT,
            help="Your VDOT (see `everyrun calc vdot`), to turn '5K pace' or 'T' into time; "
            "default: an estimate at VDOT 45, and the output says so.",
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            help="The date week 1 starts, YYYY-MM-DD, for files with weeks but no dates "
            "(default: next Monday)."
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Audit a plan someone else wrote: what each session is for, and the rules it breaks.

    Example: [bold]everyrun plan audit coach-plan.csv --vdot 48[/]

    Reads free-text workouts ("6x800m @ 5K pace w/ 400m jog", "45' easy", "Long run 28 km",
    "gym", "rest") from CSV (dated rows or a Week,Mon..Sun grid), iCalendar, YAML or Markdown;
    flags sessions without a clear purpose, hard days together, weeks without rest or strength,
    no mobility, volume rising over 10 %, long runs over 30 % of the week or 3 h, and the easy
    share outside 75–85 %, each with its evidence. Lines it cannot read are listed.
    """
    first = _start(start, as_json=json_output)
    with user_errors(json_output):
        source, audit = audit_plan_file(file, read=read_plan_file, start=first, vdot=vdot)
    if json_output:
        emit_json(audit_json(source, audit))
        return
    _print(file, source, audit)


def _start(text: str | None, *, as_json: bool) -> date:
    if text is None:
        return next_monday(datetime.now().astimezone().date())
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(
            f"--start {text!r} is not a date",
            "write it as YYYY-MM-DD, e.g. 2027-01-04",
            as_json=as_json,
        )


def audit_json(source: PlanSource, audit: PlanAudit) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(audit)
    return {"format": source.file_format, "notes": list(source.notes), **data}


def _estimate(session: AuditedSession) -> str:
    parts = []
    if session.duration_s:
        parts.append(format_duration(session.duration_s))
    if session.distance_m:
        parts.append(f"{session.distance_m / 1000:.1f} km")
    return " · ".join(parts) or "—"


def _print(file: Path, source: PlanSource, audit: PlanAudit) -> None:
    colour = "green" if audit.score >= 80 else "yellow" if audit.score >= 50 else "red"
    console.print(
        f"[bold]{escape(file.name)}[/] ({source.file_format}): {len(audit.sessions)} sessions, "
        f"{audit.first_day} to {audit.last_day}. Score [bold {colour}]{audit.score}/100[/]",
        soft_wrap=True,
    )
    for note in (*source.notes, audit.paces_note):
        console.print(f"[dim]note:[/] {escape(note)}", soft_wrap=True)
    table = Table(title="Sessions", title_justify="left")
    for column in ("Day", "Workout", "Read as", "Estimate", "Sure"):
        table.add_column(column)
    for s in audit.sessions:
        unclear = s.purpose.value == "no_clear_purpose"
        label = f"[yellow]{s.purpose.label}[/]" if unclear else s.purpose.label
        table.add_row(
            s.day.strftime("%a %Y-%m-%d"),
            escape(s.text),
            label,
            _estimate(s),
            f"{s.confidence:.0%}",
        )
    console.print(table)
    weeks = Table(title="Weeks", title_justify="left")
    for column in ("Week of", "Km", "Running", "Easy", "Hard days", "Rest days", "Strength"):
        weeks.add_column(column, justify="right")
    for w in audit.weeks:
        weeks.add_row(
            f"{w.start}{'' if w.is_full else ' (part)'}",
            f"{w.running_km:.1f}",
            format_duration(w.running_s),
            "—" if w.easy_share is None else f"{w.easy_share:.0%}",
            str(w.hard_days),
            str(w.rest_days),
            str(w.strength),
        )
    console.print(weeks)
    if audit.flags:
        count = len(audit.flags)
        console.print(f"[bold]{count} problem{'' if count == 1 else 's'}[/]")
    for flag in audit.flags:
        console.print(f"[yellow]⚠[/] {escape(flag.message)}", soft_wrap=True)
        for line in flag.evidence:
            console.print(f"    {escape(line)}", soft_wrap=True)
        console.print(f"    [dim]fix:[/] {escape(flag.fix)}", soft_wrap=True)
    if audit.unparsed:
        console.print(f"[bold]Not read ({len(audit.unparsed)})[/] — listed, not dropped:")
        for u in audit.unparsed:
            console.print(
                f"  {escape(u.where)}: {escape(u.text)!s} ({escape(u.reason)})", soft_wrap=True
            )
    if audit.checks_passed:
        for rule in audit.checks_passed:
            console.print(f"[green]✓[/] {RULE_LABELS.get(rule, rule)}")
