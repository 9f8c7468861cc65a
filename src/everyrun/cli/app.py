"""The `everyrun` command: each command parses, calls one use case, and prints."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from everyrun import bootstrap
from everyrun.cli import render
from everyrun.cli.analysis_view import analysis_view
from everyrun.cli.athlete import athlete_app
from everyrun.cli.calc import calc_app
from everyrun.cli.demo import demo_command
from everyrun.cli.export_all import export_all_command
from everyrun.cli.importing import print_import, report_json, run_import
from everyrun.cli.load import load_command
from everyrun.cli.log import log_app
from everyrun.cli.output import (
    DbOption,
    JsonOption,
    TimeZoneOption,
    console,
    emit_json,
    err_console,
    fail,
    user_errors,
)
from everyrun.cli.plan import goal_app, plan_app, today_command
from everyrun.cli.plan_adapt import (
    plan_adapt_command,
    print_suggested,
    suggest_after_logging,
    suggested_json,
)
from everyrun.cli.plan_audit import plan_audit_command
from everyrun.cli.plan_export import plan_export_command
from everyrun.cli.plan_versions import plan_diff_command, plan_versions_command
from everyrun.cli.readiness import flags_command, readiness_command
from everyrun.cli.review import review_command, why_command
from everyrun.cli.serve import serve_command
from everyrun.config import Settings, load_settings
from everyrun.exporters import EXPORTERS
from everyrun.exporters.activity_json import activity_summary
from everyrun.services import activities as activity_service
from everyrun.services import analysis as analysis_service
from everyrun.services import athlete as athlete_service
from everyrun.services.import_history import (
    FAILED,
)

app = typer.Typer(
    help="everyrun: a training log where every session has a purpose. "
    "Your data stays on this machine.\n\nExample: [bold]everyrun demo[/]",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
export_app = typer.Typer(
    help="Write stored data back out as files.\n\n"
    "Example: [bold]everyrun export activity 12 --format gpx -o run.gpx[/]",
    no_args_is_help=True,
)
db_app = typer.Typer(
    help="Database maintenance.\n\nExample: [bold]everyrun db upgrade[/]", no_args_is_help=True
)
app.add_typer(athlete_app, name="athlete")
app.add_typer(calc_app, name="calc")
app.add_typer(log_app, name="log")
app.add_typer(export_app, name="export")
app.add_typer(db_app, name="db")
app.add_typer(goal_app, name="goal")
app.add_typer(plan_app, name="plan")


app.command("demo")(demo_command)
app.command("load")(load_command)
app.command("readiness")(readiness_command)
app.command("flags")(flags_command)
app.command("today")(today_command)
app.command("review")(review_command)
app.command("why")(why_command)
app.command("serve")(serve_command)
plan_app.command("export")(plan_export_command)
plan_app.command("audit")(plan_audit_command)
plan_app.command("adapt")(plan_adapt_command)
plan_app.command("versions")(plan_versions_command)
plan_app.command("diff")(plan_diff_command)
export_app.command(
    "plan",
    help="Write the active plan as a calendar, watch workouts, JSON or printable Markdown "
    "(the same as `everyrun plan export`).\n\n"
    "Example: [bold]everyrun export plan --format md -o plan.md[/]",
)(plan_export_command)
export_app.command("all")(export_all_command)


def main() -> None:
    app()


def _settings(db: str | None, time_zone: str | None = None) -> Settings:
    return load_settings(database_url=db, time_zone=time_zone)


@app.command("import")
def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files, folders (searched recursively), .gz files, .zip archives, "
            "Strava or Garmin bulk exports.",
            show_default=False,
        ),
    ],
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Import activities from FIT, GPX and TCX files and platform exports.

    Example: [bold]everyrun import ~/Downloads/export_12345.zip[/]

    Each activity enters once: a file seen before, or the same session from another
    format or device, is reported as already present.

    Exit code 1 if any file failed to import, 2 if the command itself could not run.
    """
    with user_errors(json_output):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            fail(
                f"no such file or folder: {', '.join(missing)}",
                "check the path",
                as_json=json_output,
            )
        report = run_import(paths, _settings(db, time_zone), show_progress=not json_output)
    suggested = suggest_after_logging(db, time_zone)
    if json_output:
        emit_json({**report_json(report), "suggested_changes": suggested_json(suggested)})
    else:
        print_import(report)
        print_suggested(suggested)
    if report.counts()[FAILED]:
        raise typer.Exit(code=1)


def _parse_day(text: str | None, option: str, *, as_json: bool) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(
            f"{option} {text!r} is not a date",
            "write dates as YYYY-MM-DD, e.g. 2026-03-14",
            as_json=as_json,
        )


@app.command("activities")
def activities_command(
    since: Annotated[str | None, typer.Option(help="First local day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last local day, YYYY-MM-DD.")] = None,
    sport: Annotated[
        list[str] | None, typer.Option(help="Only this sport (repeatable), e.g. running.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many, newest first.")
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List activities, newest first.

    Example: [bold]everyrun activities --since 2026-01-01 --sport running[/]

    Days are your local days: a run at 00:30 belongs to the day it started where you were.
    """
    first = _parse_day(since, "--since", as_json=json_output)
    last = _parse_day(until, "--until", as_json=json_output)
    if first and last and first > last:
        fail(f"--since {first} is after --until {last}", "swap the two dates", as_json=json_output)
    with user_errors(json_output):
        store = bootstrap.open_store(_settings(db))
        try:
            rows = activity_service.list_activities(
                store,
                store.default_athlete_id(),
                since=first,
                until=last,
                sports=[s.strip().lower() for s in sport] if sport else None,
                limit=limit,
            )
        finally:
            store.close()
    if json_output:
        emit_json(rows)
    elif rows:
        console.print(render.activities_table(rows))
    else:
        console.print("No activities match. Import some with [bold]everyrun import PATH[/].")


@app.command("activity")
def activity_command(
    activity_id: Annotated[int, typer.Argument(help="The ID from `everyrun activities`.")],
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one activity: summary, laps, data warnings, and what the session was for.

    Example: [bold]everyrun activity 12[/]
    """
    with user_errors(json_output):
        store = bootstrap.open_store(_settings(db))
        try:
            athlete = store.default_athlete_id()
            activity = activity_service.get_activity(store, athlete, activity_id)
            analysis = analysis_service.analysis_of(
                store, athlete, activity_id, now_utc=datetime.now(UTC)
            )
            units = athlete_service.profile_for_day(
                store, athlete, analysis.profile_day
            ).profile.units
        finally:
            store.close()
    if json_output:
        emit_json({**activity_summary(activity_id, activity), "analysis": analysis.data})
        return
    console.print(render.activity_summary_table(activity_id, activity))
    if activity.laps:
        console.print(render.laps_table(activity))
    for warning in activity.warnings:
        console.print(f"[yellow]⚠ {escape(warning)}[/]")
    console.print(analysis_view(analysis, units=units))


@export_app.command("activity")
def export_activity_command(
    activity_id: Annotated[int, typer.Argument(help="The ID from `everyrun activities`.")],
    export_format: Annotated[
        str, typer.Option("--format", "-f", help="csv (one row per sample), json or gpx.")
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write an activity's streams back out.

    Example: [bold]everyrun export activity 12 --format gpx -o run.gpx[/]
    """
    exporter = EXPORTERS.get(export_format)
    if exporter is None:
        fail(f"unknown export format {export_format!r}", f"choose one of: {', '.join(EXPORTERS)}")
    with user_errors():
        store = bootstrap.open_store(_settings(db))
        try:
            activity = activity_service.get_activity(store, store.default_athlete_id(), activity_id)
        finally:
            store.close()
        data = exporter(activity_id, activity)
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    partial = output.with_name(output.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(output)  # never leave a half-written export behind
    except OSError as error:
        partial.unlink(missing_ok=True)
        fail(f"cannot write {output}: {error.strerror}", "choose a folder you can write to")
    err_console.print(f"Wrote {escape(str(output))} ({len(data):,} bytes)", soft_wrap=True)


@db_app.command("upgrade")
def db_upgrade_command(db: DbOption = None, json_output: JsonOption = False) -> None:
    """Create the database or migrate it to the current schema.

    Example: [bold]everyrun db upgrade --db postgresql+psycopg://me@localhost/everyrun[/]

    Safe to run again: a database that is up to date is left as it is.
    """
    with user_errors(json_output):
        store = bootstrap.open_store(_settings(db))
        shown = store.url_for_display  # never the password
        store.close()
    if json_output:
        emit_json({"database": shown, "status": "up to date"})
    else:
        console.print(f"Database is up to date: {escape(shown)}", soft_wrap=True)


@app.command("analyze")
def analyze_command(
    activity_ids: Annotated[
        list[int] | None, typer.Argument(help="Activity IDs (default with --all: every one).")
    ] = None,
    all_activities: Annotated[
        bool, typer.Option("--all", help="Re-analyse every activity (after a threshold change).")
    ] = False,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Analyse activities: zones, load, intervals, best efforts and purpose, stored for later.

    Example: [bold]everyrun analyze --all[/]
    """
    if not activity_ids and not all_activities:
        fail("name activity IDs or use --all", "e.g. everyrun analyze --all", as_json=json_output)
    with user_errors(json_output):
        store = bootstrap.open_store(_settings(db))
        try:
            athlete = store.default_athlete_id()
            total = len(activity_ids or []) or store.count_activities(athlete)
            progress = Progress(
                TextColumn("[bold]Analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err_console,
                disable=json_output,
                transient=True,
            )
            with progress:
                task = progress.add_task("analyse", total=total)
                report = analysis_service.analyze(
                    store,
                    athlete,
                    now_utc=datetime.now(UTC),
                    activity_ids=None if all_activities else activity_ids,
                    on_done=lambda _id: progress.advance(task),
                )
            analysed = set(activity_ids or []) if not all_activities else None
            purposes = Counter(
                a.purpose
                for a in store.analyses(athlete)
                if analysed is None or a.activity_id in analysed
            )
        finally:
            store.close()
    rate = report.samples / report.elapsed_s if report.elapsed_s else 0.0
    if json_output:
        emit_json(
            {
                "analysed": report.analysed,
                "passes": report.passes,
                "elapsed_s": round(report.elapsed_s, 3),
                "samples_per_s": round(rate),
                "purposes": dict(purposes),
                "estimates": {
                    name: {"value": e.value, "evidence": e.evidence}
                    for name, e in report.estimates.items()
                },
            }
        )
        return
    console.print(
        f"Analysed {report.analysed} activities in {report.elapsed_s:.1f} s "
        f"({rate:,.0f} samples/s, {report.passes} pass{'es' if report.passes > 1 else ''})."
    )
    table = render.purpose_table(purposes)
    console.print(table)
