"""`everyrun readiness` and `everyrun flags`: today's verdict and the patterns worth a look."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

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
from everyrun.domain.readiness import Level, Readiness
from everyrun.domain.risk_flags import RiskFlag
from everyrun.services import load as load_service
from everyrun.services import readiness as readiness_service
from everyrun.services.load import LoadStore

T = TypeVar("T")

COLOURS = {Level.ready: "green", Level.caution: "yellow", Level.rest: "red"}

DateOption = Annotated[
    str | None,
    typer.Option("--date", help="The day, YYYY-MM-DD (default: today in your zone)."),
]


def readiness_command(
    day: DateOption = None,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Ready, caution or rest today, with every reason in numbers.

    Example: [bold]everyrun readiness --date 2026-03-14[/]

    Compares your HRV (7-day mean against your 60-day normal), resting heart rate, sleep debt,
    soreness, fatigue, illness, form and acute:chronic ratio with stated thresholds; the day's
    level is the worst verdict. What cannot be judged is listed as not known, never guessed.
    """
    _, (result, report) = _run(
        day, json_output, db, time_zone, _with_series(readiness_service.readiness_on)
    )
    if json_output:
        emit_json({**readiness_json(result), **_series_json(report)})
        return
    _print_readiness(result)


def flags_command(
    day: DateOption = None,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Risk flags: patterns in load, recovery and niggles worth a look, with their numbers.

    Example: [bold]everyrun flags --date 2026-03-14[/]

    Load spikes, weekly ramps, monotony, hard days back to back, no rest day, sleep debt and
    repeated niggles. A flag is a prompt to look, not an injury forecast.
    """
    shown, (found, report) = _run(
        day, json_output, db, time_zone, _with_series(readiness_service.flags_on)
    )
    if json_output:
        emit_json({**flags_json(found, shown), **_series_json(report)})
        return
    _print_flags(found)


SERIES_DAYS = 42  # the daily series in --json: six weeks, the fitness time constant


def _with_series(
    use_case: Callable[[LoadStore, int, date], T],
) -> Callable[[LoadStore, int, date], tuple[T, load_service.LoadReport]]:
    """The use case's answer, and the load series it stands on (for --json)."""

    def both(store: LoadStore, athlete: int, day: date) -> tuple[T, load_service.LoadReport]:
        return use_case(store, athlete, day), load_service.load_report(store, athlete, until=day)

    return both


def _series_json(report: load_service.LoadReport) -> dict[str, Any]:
    return {"series": report.daily[-SERIES_DAYS:], "convention": report.convention}


def _run(
    day: str | None,
    json_output: bool,
    db: str | None,
    time_zone: str | None,
    use_case: Callable[[LoadStore, int, date], T],
) -> tuple[date, T]:
    with user_errors(json_output):
        chosen = _parse_day(day, json_output)
        settings = load_settings(database_url=db, time_zone=time_zone)
        store = bootstrap.open_store(settings)
        try:
            athlete = store.default_athlete_id()
            if chosen is None:
                now = datetime.now(UTC)
                zone = bootstrap.athlete_zone(store, athlete, settings, now)
                chosen = now.astimezone(zone).date()
            return chosen, use_case(store, athlete, chosen)
        finally:
            store.close()


def _parse_day(text: str | None, as_json: bool) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--date {text!r} is not a date", "write YYYY-MM-DD, e.g. 2026-03-14", as_json=as_json)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def readiness_json(result: Readiness) -> dict[str, Any]:
    return {
        "day": result.day.isoformat(),
        "level": result.level.value,
        "reasons": [
            {
                "signal": reason.signal,
                "value": _finite(reason.value),
                "normal": reason.normal,
                "verdict": reason.verdict.value,
                "sentence": reason.sentence,
            }
            for reason in result.reasons
        ],
        "missing": list(result.missing),
    }


def flags_json(found: list[RiskFlag], day: date) -> dict[str, Any]:
    return {
        "day": day.isoformat(),
        "flags": [
            {
                "kind": flag.kind.value,
                "day": flag.day.isoformat(),
                "sentence": flag.sentence,
                "numbers": {name: _finite(value) for name, value in flag.numbers.items()},
            }
            for flag in found
        ],
    }


def _print_readiness(result: Readiness) -> None:
    colour = COLOURS[result.level]
    console.print(f"[bold]{result.day}[/]: [bold {colour}]{result.level.value.upper()}[/]")
    for reason in result.reasons:
        mark = COLOURS[reason.verdict]
        console.print(f"  [{mark}]{reason.verdict.value:<7}[/] {escape(reason.sentence)}")
    if result.missing:
        console.print(f"[dim]Not known: {escape('; '.join(result.missing))}.[/]")


def _print_flags(found: list[RiskFlag]) -> None:
    if not found:
        console.print("No risk flags: nothing in load, recovery or niggles stands out.")
        return
    table = Table(
        title=f"Risk flags: {len(found)}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        caption="A flag is a prompt to look, not an injury forecast.",
        caption_justify="left",
    )
    table.add_column("Flag")
    table.add_column("Day")
    table.add_column("What")
    for flag in found:
        table.add_row(flag.kind.value.replace("_", " "), str(flag.day), escape(flag.sentence))
    console.print(table)
