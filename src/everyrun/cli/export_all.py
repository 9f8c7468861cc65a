"""`everyrun export all`: every record of yours in one JSON file, to keep or take elsewhere."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from everyrun.cli.output import DbOption, JsonOption, emit_json, err_console, fail, user_errors
from everyrun.cli.plan import opened
from everyrun.services.data_export import export_chunks


def export_all_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Write all your data as one JSON document: profile changes, activities with their laps and
    sample streams, analyses, wellness, logged sessions, RPE, goals, every plan version, plan
    changes, the purposes you gave, and comments.

    Example: [bold]everyrun export all -o everyrun-export.json[/]

    The file is written piece by piece (one activity at a time), so years of recordings need
    little memory; it appears only once complete.
    """
    if output is None:
        with user_errors(json_output), opened(db) as context:
            for chunk in export_chunks(context.store, context.athlete, now=context.now):
                sys.stdout.write(chunk)
        return
    partial = output.with_name(output.name + ".part")
    written = 0
    try:
        with user_errors(json_output), opened(db) as context:
            activities = context.store.count_activities(context.athlete)
            with partial.open("w", encoding="utf-8") as file:
                for chunk in export_chunks(context.store, context.athlete, now=context.now):
                    written += file.write(chunk)
        partial.replace(output)  # never leave a half-written export behind
    except OSError as error:
        partial.unlink(missing_ok=True)
        fail(
            f"cannot write {output}: {error.strerror}",
            "choose a folder you can write to",
            as_json=json_output,
        )
    finally:
        partial.unlink(missing_ok=True)
    size = output.stat().st_size
    if json_output:
        emit_json({"output": str(output), "bytes": size, "activities": activities})
        return
    err_console.print(
        f"Wrote {escape(str(output))} ({size:,} bytes, {activities} activities)", soft_wrap=True
    )
