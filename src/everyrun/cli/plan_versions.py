"""`everyrun plan versions` and `everyrun plan diff`: every version of the plan is kept, and
any two can be compared, so an adapted plan never changes behind the athlete's back."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from everyrun.cli.output import DbOption, JsonOption, console, emit_json, user_errors
from everyrun.cli.plan import opened
from everyrun.domain.planning.plan_diff import SessionDiff
from everyrun.exporters.plan_versions_json import diff_json, version_json
from everyrun.services.adaptation import plan_diff, plan_versions


def plan_versions_command(json_output: JsonOption = False, db: DbOption = None) -> None:
    """List every version of your plan: when it was made, whether it is the active one, and
    why it was made (created, regenerated, or adapted with some accepted changes).

    Example: [bold]everyrun plan versions[/]
    """
    with user_errors(json_output), opened(db) as context:
        versions = plan_versions(context.store, context.athlete)
    if json_output:
        emit_json({"versions": [version_json(v) for v in versions]})
        return
    if not versions:
        console.print("No plan yet: make one with `everyrun plan create`.", markup=False)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for header in ("Plan", "Created (UTC)", "Active", "Days", "Why"):
        table.add_column(header)
    for info in versions:
        v = info.version
        table.add_row(
            str(v.id),
            f"{v.created_at:%Y-%m-%d %H:%M}",
            "yes" if v.active else "",
            f"{v.start} – {v.end}",
            escape(info.why),
        )
    console.print(table)


def plan_diff_command(
    old: Annotated[int, typer.Argument(help="The earlier plan's ID (from `plan versions`).")],
    new: Annotated[int, typer.Argument(help="The later plan's ID.")],
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Compare two versions of your plan: sessions added, removed and changed, each with its
    day, title and purpose before and after.

    Example: [bold]everyrun plan diff 3 4[/]
    """
    with user_errors(json_output), opened(db) as context:
        diffs = plan_diff(context.store, context.athlete, old, new)
    if json_output:
        emit_json({"old": old, "new": new, "sessions": [diff_json(d) for d in diffs]})
        return
    if not diffs:
        console.print(f"Plans {old} and {new} hold the same sessions.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title=f"Plan {old} → plan {new}")
    for header in ("Day", "", "Session", "Purpose"):
        table.add_column(header, overflow="fold")
    for d in diffs:
        table.add_row(f"{d.day:%a %d %b}", d.kind.value, escape(_title(d)), escape(_purpose(d)))
    console.print(table)


def _title(d: SessionDiff) -> str:
    if d.before and d.after and d.before.title != d.after.title:
        return f"{d.before.title} → {d.after.title}"
    session = d.after or d.before
    return session.title if session is not None else ""


def _purpose(d: SessionDiff) -> str:
    before = d.before.purpose.value if d.before else None
    after = d.after.purpose.value if d.after else None
    if before and after and before != after:
        return f"{before} → {after}"
    return (after or before or "").replace("_", " ")
