"""`everyrun demo`: the whole loop — plan, do, audit — on sample recordings, in a demo database
beside (never inside) the athlete's own log."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from everyrun import bootstrap
from everyrun.cli.output import JsonOption, console, emit_json, user_errors
from everyrun.cli.plan_view import summary, weeks_table
from everyrun.cli.review import print_review, review_json
from everyrun.config import DATABASE_URL_ENV, data_dir, load_settings
from everyrun.domain.activity import Activity
from everyrun.domain.errors import CorruptFileError
from everyrun.domain.planning.plan_record import plan_to_dict
from everyrun.exporters.review_html import review_to_html
from everyrun.importers.sources import SourceProblem
from everyrun.services import review as review_service
from everyrun.services.demo_season import DEMO_PROFILE, run_demo_season

DEMO_ZONE = "Europe/Berlin"
DEMO_DATABASE = "demo.db"
DEMO_REPORT = "demo-review.html"


def demo_files() -> list[Path]:
    """Sample recordings shipped in the package (MIT; see demo_data/LICENSES.md)."""
    folder = Path(str(resources.files("everyrun") / "demo_data"))
    return sorted(p for p in folder.iterdir() if p.suffix != ".md")


def read_samples() -> dict[str, Activity]:
    """The sample files through the real importers, by file name."""
    read = bootstrap.activity_reader()
    samples: dict[str, Activity] = {}
    for source in bootstrap.find_sources(demo_files()):
        if isinstance(source, SourceProblem):
            raise CorruptFileError(f"sample {source.name}: {source.reason}", "reinstall everyrun")
        activities = read(source.format, source.read(), source.name)
        samples[Path(source.name).name] = activities[0]
    return samples


DemoDbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=f"Database for the demo (default: {DEMO_DATABASE} in everyrun's data folder, "
        f"rebuilt on each run; {DATABASE_URL_ENV} is ignored so your own log is never touched).",
        show_default=False,
    ),
]


def demo_command(json_output: JsonOption = False, db: DemoDbOption = None) -> None:
    """Run the whole loop on bundled sample data: a sample athlete and half-marathon goal, a
    plan that started three weeks ago, sample recordings and logs placed into last week (some
    on purpose, some junk), the analysis, and the week's review — every session asked what it
    was for.

    Example: [bold]everyrun demo[/]
    """
    now = datetime.now(UTC)
    zone = ZoneInfo(DEMO_ZONE)
    today = now.astimezone(zone).date()
    folder = data_dir()
    database = folder / DEMO_DATABASE
    with user_errors(json_output):
        if db is None:
            folder.mkdir(parents=True, exist_ok=True)
            database.unlink(missing_ok=True)  # the demo starts clean every time
        url = db or f"sqlite:///{database}"
        settings = load_settings(database_url=url, time_zone=DEMO_ZONE)
        samples = read_samples()
        store = bootstrap.open_store(settings)
        try:
            athlete = store.default_athlete_id()
            season = run_demo_season(store, athlete, samples, today=today, zone=zone, now_utc=now)
            week = review_service.review(store, athlete, week=season.week, today=today)
        finally:
            store.close()
        report = folder / DEMO_REPORT
        if db is None:
            report.write_text(review_to_html(week, athlete_name="Demo runner"), encoding="utf-8")
    explore = f"{DATABASE_URL_ENV}={url}"
    if json_output:
        document: dict[str, Any] = {
            "database_url": url,
            "profile": DEMO_PROFILE,
            "placed": [
                {"day": p.day.isoformat(), "sample": p.sample, "stands_for": p.stands_for}
                for p in season.placed
            ],
            "analysed": season.analysed,
            "plan_id": season.plan_id,
            "plan": plan_to_dict(season.plan),
            "review": review_json(week, report if db is None else None),
        }
        emit_json(document)
        return
    console.print(summary(season.plan_id, season.plan))
    console.print(weeks_table(season.plan.weeks))
    console.print(
        f"\n[bold]Last week, as recorded[/] ({len(season.placed)} sample recordings placed into "
        f"{season.week}, {season.analysed} analysed):"
    )
    for placed in season.placed:
        console.print(f"  {placed.day:%a %d %b}  {placed.sample}  [dim]as {placed.stands_for}[/]")
    console.print()
    print_review(week)
    if db is None:
        console.print(f"\nThe review as a report you can open offline: [bold]{report}[/]")
    console.print(
        "\nThis is a demo database with a sample athlete, kept apart from your own log. Look "
        f"around in it: [bold]{explore} everyrun review --week {season.week}[/] (or "
        "[bold]plan show[/], [bold]today[/], [bold]activities[/]), or in your browser: "
        f"[bold]{explore} everyrun serve[/]. Start your own with "
        "[bold]everyrun import PATH[/], [bold]everyrun athlete set[/], "
        "[bold]everyrun analyze --all[/] and [bold]everyrun plan create[/]."
    )
