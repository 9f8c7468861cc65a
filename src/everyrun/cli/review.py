"""`everyrun review` and `everyrun why`: the week judged by purpose, and a purpose named after."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

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
    err_console,
    fail,
    user_errors,
)
from everyrun.config import load_settings
from everyrun.domain.audit.review_model import Judgement, SessionMatch, WeekReview
from everyrun.exporters.jsonable import to_jsonable
from everyrun.exporters.review_html import review_to_html
from everyrun.services import review as review_service

VERDICT_COLOURS = {
    "on purpose": "green",
    "partly on purpose": "yellow",
    "missed the purpose": "red",
    "not done": "red",
    "not yet due": "dim",
    "done, not judged": "cyan",
}


def review_command(
    week: Annotated[
        str | None,
        typer.Option("--week", help="ISO week, e.g. 2027-W07 (default: this week in your zone)."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the report as one self-contained HTML file."),
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Review a week: planned against done, each session judged by its purpose, junk named.

    Example: [bold]everyrun review --week 2027-W07 --html week.html[/]

    Gives the week an "every session counts" score, shows each day's planned and done sessions
    with their verdict, names junk (grey-zone runs, easy days run hard, extra runs, skipped
    recovery) with what to do instead, and asks what each off-plan session was for.
    """
    with user_errors(json_output):
        settings = load_settings(database_url=db, time_zone=time_zone)
        store = bootstrap.open_store(settings)
        try:
            athlete = store.default_athlete_id()
            now = datetime.now(UTC)
            today = now.astimezone(bootstrap.athlete_zone(store, athlete, settings, now)).date()
            result = review_service.review(store, athlete, week=week, today=today)
        finally:
            store.close()
    if html is not None:
        _write_html(html, review_to_html(result), as_json=json_output)
    if json_output:
        emit_json(review_json(result, html))
        return
    print_review(result)
    if html is not None:
        err_console.print(f"Wrote {escape(str(html))}", soft_wrap=True)


def why_command(
    activity_id: Annotated[int, typer.Argument(help="The ID from `everyrun activities`.")],
    purpose: Annotated[
        str,
        typer.Argument(help="What it was for: recovery, easy_aerobic, long_run, tempo_threshold…"),
    ],
    note: Annotated[str | None, typer.Option("--note", help="Anything worth keeping.")] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Say what a session was for, after the fact; it is then judged against that purpose.

    Example: [bold]everyrun why 42 recovery --note "legs heavy after Sunday"[/]

    For a session done off plan: `everyrun review` asks about each one. The purpose replaces
    the one the analysis read from the file.
    """
    with user_errors(json_output):
        store = bootstrap.open_store(load_settings(database_url=db))
        try:
            athlete = store.default_athlete_id()
            judgement = review_service.give_purpose(
                store, athlete, activity_id, purpose, note, now_utc=datetime.now(UTC)
            )
            chosen = review_service.parse_purpose(purpose)
        finally:
            store.close()
    if json_output:
        emit_json(
            {
                "activity_id": activity_id,
                "purpose": chosen.value,
                "note": note,
                **judgement_json(judgement),
            }
        )
        return
    colour = VERDICT_COLOURS.get(judgement.verdict, "white")
    console.print(
        f"Activity {activity_id}: {chosen.label}. "
        f"[{colour}]{judgement.verdict}[/] ({judgement.score:.0%})".replace("%", " %")
    )
    console.print(escape(judgement.summary))


def _write_html(path: Path, text: str, *, as_json: bool) -> None:
    """Whole or not at all: a half-written report is never left behind."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        fail(
            f"cannot write {path}: {error.strerror}",
            "choose a folder you can write to",
            as_json=as_json,
        )


def judgement_json(judgement: Judgement) -> dict[str, Any]:
    return {
        "score": judgement.score,
        "verdict": judgement.verdict,
        "summary": judgement.summary,
        "results": to_jsonable(judgement.results),
    }


def review_json(result: WeekReview, html: Path | None) -> dict[str, Any]:
    document: dict[str, Any] = to_jsonable(result)
    document["html"] = str(html) if html is not None else None
    return document


def _day_of(match: SessionMatch) -> date:
    if match.planned is not None:
        return match.planned.day
    assert match.done is not None
    return match.done.day


def print_review(result: WeekReview) -> None:
    score = result.score
    colour = (
        "dim" if score is None else "green" if score >= 80 else "yellow" if score >= 50 else "red"
    )
    shown = "not scored yet" if score is None else f"{score:.0f}/100"
    console.print(
        f"[bold]Week {result.iso_week}[/] ({result.first} – {result.last}): every session "
        f"counts [bold {colour}]{shown}[/]"
    )
    console.print(f"[dim]{escape(result.score_reason)}[/]")
    table = Table(box=box.SIMPLE_HEAD, title_justify="left", show_edge=False)
    for header in ("Day", "Planned", "Done", "Verdict", "Why"):
        table.add_column(header, overflow="fold")
    for match in result.matches:
        judgement = match.judgement
        verdict = judgement.verdict if judgement is not None else "off plan"
        mark = VERDICT_COLOURS.get(verdict, "magenta")
        table.add_row(
            f"{_day_of(match):%a %d}",
            escape(match.planned.title) if match.planned else "[dim]–[/]",
            escape(f"{match.done.title} (#{match.done.ref})") if match.done else "[dim]–[/]",
            f"[{mark}]{verdict}[/]",
            escape(judgement.summary) if judgement is not None else "",
        )
    console.print(table)
    share = f"{result.easy_share:.0%}".replace("%", " %") if result.easy_share is not None else "–"
    low, high = result.easy_share_target
    console.print(
        f"Easy running {share} (aim {low:.0%}–{high:.0%}); ".replace("%", " %")
        + f"strength {result.strength_done} of {result.strength_planned}; "
        f"mobility {result.mobility_days} of {result.mobility_planned} days"
    )
    if result.junk:
        console.print(f"\n[bold]Junk: {len(result.junk)}[/]")
        for flag in result.junk:
            console.print(
                f"[yellow]⚠ {flag.kind.value.replace('_', ' ')}[/] {escape(flag.reason)}\n"
                f"  [green]→[/] {escape(flag.suggestion)}"
            )
    else:
        console.print("\nNo junk: every session had a reason to be there.")
    if result.questions:
        console.print("\n[bold]What was it for?[/]")
        for question in result.questions:
            console.print(f"  ? {escape(question)}")
    for note in result.notes:
        console.print(f"[dim]Note: {escape(note)}.[/]")
