"""`everyrun plan adapt`: what the plan changes from what happened, each change with its rule."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from everyrun.cli.output import (
    DbOption,
    JsonOption,
    TimeZoneOption,
    console,
    emit_json,
    user_errors,
)
from everyrun.cli.plan import opened
from everyrun.cli.plan_inputs import parse_day
from everyrun.domain.adaptation.changes import Change
from everyrun.domain.planning.plan_record import session_to_dict
from everyrun.services.adaptation import AdaptResult, adapt_plan


def plan_adapt_command(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Re-plan from this day (YYYY-MM-DD); default today."),
    ] = None,
    accept: Annotated[
        bool,
        typer.Option("--accept", help="Keep the changes: saved as a new plan version."),
    ] = False,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Re-plan the coming days from what happened: missed key sessions moved or dropped, a
    readiness "rest" or "caution" day swapped, sick days paused with a graded return, a new
    VDOT re-paced. Every change names its rule and its numbers; nothing is kept unless you add
    --accept (the old plan stays as a version).

    Example: [bold]everyrun plan adapt --as-of 2026-12-08[/]
    """
    with user_errors(json_output), opened(db, time_zone) as context:
        day = parse_day(as_of, "--as-of") if as_of is not None else context.today
        result = adapt_plan(
            context.store,
            context.athlete,
            as_of=day,
            today=context.today,
            accept=accept,
            now_utc=context.now,
        )
    if json_output:
        emit_json(adapt_json(result, day.isoformat()))
        return
    _print(result)


def change_json(change: Change) -> dict[str, Any]:
    return {
        "rule": change.rule.value,
        "day": change.day.isoformat(),
        "sentence": change.sentence,
        "before": session_to_dict(change.before) if change.before is not None else None,
        "after": session_to_dict(change.after) if change.after is not None else None,
    }


def adapt_json(result: AdaptResult, as_of: str) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "plan_id": result.plan_id,
        "saved_plan_id": result.saved_plan_id,
        "readiness": result.readiness,
        "sick_days": [d.isoformat() for d in result.sick_days],
        "new_vdot": result.new_vdot,
        "changes": [change_json(c) for c in result.changes],
    }


def _print(result: AdaptResult) -> None:
    if not result.changes:
        console.print("Nothing to change: the plan still fits what happened.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Changes")
    for header in ("Day", "Rule", "Change"):
        table.add_column(header, overflow="fold")
    for change in result.changes:
        table.add_row(
            f"{change.day:%a %d %b}", change.rule.value.replace("_", " "), escape(change.sentence)
        )
    console.print(table)
    if result.saved_plan_id is not None:
        console.print(
            f"Kept as plan {result.saved_plan_id}; plan {result.plan_id} stays as the earlier "
            "version."
        )
    else:
        console.print("Suggested only: add [bold]--accept[/] to keep these changes.")
