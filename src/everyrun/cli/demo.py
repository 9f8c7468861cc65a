"""`everyrun demo`: the whole loop so far on sample recordings, in a throwaway database."""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from everyrun import bootstrap
from everyrun.cli import render
from everyrun.cli.analysis_view import analysis_view
from everyrun.cli.importing import print_import, report_json, run_import
from everyrun.cli.output import JsonOption, console, emit_json, user_errors
from everyrun.config import DATABASE_URL_ENV, load_settings
from everyrun.exporters.activity_json import activity_summary
from everyrun.services import activities as activity_service
from everyrun.services import analysis as analysis_service
from everyrun.services import athlete as athlete_service
from everyrun.services.ports import ActivitySummary

# A sample athlete for the sample files, from a day before all of them, so zones and loads show.
DEMO_PROFILE = {
    "sex": "male",
    "max_heart_rate_bpm": 190,
    "resting_heart_rate_bpm": 50,
    "threshold_heart_rate_bpm": 168,
    "vdot": 45,
}
DEMO_PROFILE_FROM = date(2010, 1, 1)


def demo_files() -> list[Path]:
    """Sample recordings shipped in the package (MIT; see demo_data/LICENSES.md)."""
    folder = Path(str(resources.files("everyrun") / "demo_data"))
    return sorted(p for p in folder.iterdir() if p.suffix != ".md")


DemoDbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database for the demo (default: a throwaway one; "
        f"{DATABASE_URL_ENV} is ignored so your own log is never touched).",
        show_default=False,
    ),
]


def demo_command(json_output: JsonOption = False, db: DemoDbOption = None) -> None:
    """Run everyrun on the bundled sample recordings, in a throwaway database: import them,
    set a sample athlete, analyse everything and show what each session was for.

    Example: [bold]everyrun demo[/]
    """
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="everyrun-demo-") as folder:
        url = db or f"sqlite:///{Path(folder) / 'demo.db'}"
        with user_errors(json_output):
            settings = load_settings(database_url=url, time_zone="Europe/Berlin")
            report = run_import(demo_files(), settings, show_progress=not json_output)
            store = bootstrap.open_store(settings)
            try:
                athlete = store.default_athlete_id()
                athlete_service.set_profile(
                    store, athlete, DEMO_PROFILE, effective_from=DEMO_PROFILE_FROM, now_utc=now
                )
                analysed = analysis_service.analyze(store, athlete, now_utc=now)
                rows = activity_service.list_activities(store, athlete)
                runs = [r for r in rows if r.sport == "running"] or rows
                chosen = max(runs, key=lambda r: r.distance_m or 0.0)
                activity = activity_service.get_activity(store, athlete, chosen.id)
                analyses = {a.activity_id: a for a in store.analyses(athlete)}
            finally:
                store.close()
        if json_output:
            emit_json(
                {
                    "import": report_json(report),
                    "profile": DEMO_PROFILE,
                    "analysed": analysed.analysed,
                    "activities": [
                        {
                            **activity_json(row),
                            "purpose": analyses[row.id].purpose,
                            "purpose_reason": analyses[row.id].data["purpose"]["reason"],
                            "load": analyses[row.id].load,
                            "load_method": analyses[row.id].load_method,
                        }
                        for row in rows
                    ],
                    "activity": {
                        **activity_summary(chosen.id, activity),
                        "analysis": analyses[chosen.id].data,
                    },
                }
            )
            return
        print_import(report)
        console.print(render.activities_table(rows))
        console.print(render.purposes_by_activity(rows, analyses))
        console.print(render.activity_summary_table(chosen.id, activity))
        if activity.laps:
            console.print(render.laps_table(activity))
        console.print(analysis_view(analyses[chosen.id]))
        console.print(
            "\nThis was a throwaway database with a sample athlete "
            f"({', '.join(f'{k}={v}' for k, v in DEMO_PROFILE.items())}). Start your own log with "
            "[bold]everyrun import PATH[/] (files, folders, Strava or Garmin export zips), "
            "[bold]everyrun athlete set[/] and [bold]everyrun analyze --all[/]."
        )


def activity_json(row: ActivitySummary) -> dict[str, Any]:
    found: dict[str, Any] = asdict(row)
    return found
