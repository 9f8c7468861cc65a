"""`everyrun plan export`: the active plan as a calendar, watch workouts, JSON or Markdown."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from everyrun.cli.output import (
    DbOption,
    JsonOption,
    TimeZoneOption,
    emit_json,
    err_console,
    user_errors,
)
from everyrun.cli.plan import opened
from everyrun.cli.plan_files import write_directory, write_file, write_zip
from everyrun.cli.plan_inputs import PlanInputError, parse_day
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.plan_record import plan_to_dict
from everyrun.exporters.plan_fit import plan_to_fit_workouts
from everyrun.exporters.plan_ics import plan_to_ics
from everyrun.exporters.plan_markdown import plan_to_markdown
from everyrun.services import planning


class PlanFormat(StrEnum):
    ics = "ics"
    fit = "fit"
    json = "json"
    md = "md"


def plan_export_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Where to write: a file; for fit a new folder, or a .zip.",
            show_default=False,
        ),
    ],
    export_format: Annotated[
        PlanFormat,
        typer.Option(
            "--format",
            "-f",
            help="ics (calendar), fit (watch workouts, runs only), json (the whole plan) or md "
            "(printable).",
        ),
    ] = PlanFormat.ics,
    first: Annotated[
        str | None, typer.Option("--from", help="ics and fit: sessions from this day on.")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help="ics and fit: sessions up to this day.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Write the active plan as a calendar, watch workouts, JSON or printable Markdown.

    Example: [bold]everyrun plan export --format ics -o plan.ics[/]

    fit writes one workout file per run into a new folder (or a .zip when the path ends with
    .zip). Files are written whole or not at all; an existing file is kept unless --force.
    """
    with user_errors(json_output):
        window = (
            parse_day(first, "--from") if first else None,
            parse_day(last, "--to") if last else None,
        )
        if any(window) and export_format in (PlanFormat.json, PlanFormat.md):
            raise PlanInputError(
                f"--from and --to apply to ics and fit, not {export_format.value}",
                "the JSON and Markdown exports are the whole plan",
            )
        with opened(db, time_zone) as context:
            _, plan = planning.active_plan(context.store, context.athlete)
            zone_name = context.zone.key
        plan = _between(plan, *window)
        written = _export(plan, export_format, output, zone_name, force=force)
    if json_output:
        emit_json({"format": export_format.value, "path": str(output), **written})
        return
    files = f"{written['files']} file(s), " if export_format is PlanFormat.fit else ""
    err_console.print(
        f"Wrote {escape(str(output))} ({files}{written['bytes']:,} bytes)", soft_wrap=True
    )


def _between(plan: Plan, first: date | None, last: date | None) -> Plan:
    if first is None and last is None:
        return plan
    if first and last and first > last:
        raise PlanInputError(f"--from {first} is after --to {last}", "swap the two dates")
    kept = tuple(
        s
        for s in plan.sessions
        if (first is None or s.day >= first) and (last is None or s.day <= last)
    )
    if not kept:
        raise PlanInputError(
            "no planned sessions between those days",
            f"the plan runs {plan.start} to {plan.end}",
        )
    return replace(plan, sessions=kept)


def _export(
    plan: Plan, export_format: PlanFormat, output: Path, zone_name: str, *, force: bool
) -> dict[str, int]:
    if export_format is PlanFormat.fit:
        workouts = plan_to_fit_workouts(plan)
        if not workouts:
            raise PlanInputError("no runs to write as workouts", "widen --from/--to")
        if output.suffix.lower() == ".zip":
            size = write_zip(output, workouts, force=force)
        else:
            size = write_directory(output, workouts, force=force)
        return {"files": len(workouts), "bytes": size}
    if export_format is PlanFormat.ics:
        data = plan_to_ics(plan, time_zone=zone_name)
    elif export_format is PlanFormat.md:
        data = plan_to_markdown(plan).encode("utf-8")
    else:  # the document a script, or `plan_from_dict`, reads back
        text = json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"
        data = text.encode("utf-8")
    write_file(output, data, force=force)
    return {"files": 1, "bytes": len(data)}
