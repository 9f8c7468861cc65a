"""Running an import with a progress bar, and reporting it: shared by `import` and `demo`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from everyrun import bootstrap
from everyrun.cli import render
from everyrun.cli.output import console, err_console
from everyrun.config import Settings
from everyrun.services.import_history import (
    FileOutcome,
    ImportReport,
    ImportSettings,
    import_files,
)


def run_import(paths: list[Path], settings: Settings, *, show_progress: bool) -> ImportReport:
    store = bootstrap.open_store(settings)
    try:
        athlete = store.default_athlete_id()
        now = datetime.now(UTC)
        import_settings = ImportSettings(
            athlete_id=athlete,
            time_zone=bootstrap.athlete_zone(store, athlete, settings, now),
            now_utc=now,
        )
        total = bootstrap.estimate_source_count(paths)
        progress = Progress(
            TextColumn("[bold]Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s"),
            TimeElapsedColumn(),
            console=err_console,
            disable=not show_progress,
            transient=True,
        )
        with progress:
            task = progress.add_task("import", total=total or None, rate="–")

            def advance(_outcome: FileOutcome) -> None:
                progress.advance(task)
                elapsed = progress.tasks[0].elapsed or 0.0
                done = progress.tasks[0].completed
                progress.update(task, rate=f"{done / elapsed:.0f}" if elapsed > 0 else "–")

            return import_files(
                bootstrap.find_sources(paths),
                bootstrap.activity_reader(),
                store,
                import_settings,
                on_file_done=advance,
            )
    finally:
        store.close()


def print_import(report: ImportReport) -> None:
    console.print(render.import_summary_table(report))
    for table in (render.problems_table(report), render.warnings_table(report)):
        if table is not None:
            console.print(table)


def report_json(report: ImportReport) -> dict[str, object]:
    return {
        "counts": report.counts(),
        "activities_stored": report.activity_count,
        "samples_stored": report.sample_count,
        "elapsed_s": round(report.elapsed_s, 3),
        "files": report.outcomes,
    }
