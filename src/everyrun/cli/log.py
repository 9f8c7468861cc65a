"""`everyrun log ...`: what no file records: wellness, HRV, strength, mobility, workouts, RPE."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.table import Table

from everyrun import bootstrap
from everyrun.cli.output import DbOption, JsonOption, console, emit_json, fail, user_errors
from everyrun.cli.plan_adapt import print_suggested, suggested_json
from everyrun.config import load_settings
from everyrun.domain.log_parsing import (
    DRILL_FORM,
    EXERCISE_FORM,
    NIGGLE_FORM,
    format_drill,
    format_exercise,
    format_niggle,
    parse_drill,
    parse_exercise,
    parse_niggle,
)
from everyrun.domain.wellness import WELLNESS_VALUES, WellnessEntry, label
from everyrun.exporters.jsonable import to_jsonable
from everyrun.services import analysis, logs
from everyrun.services.adaptation import propose_changes
from everyrun.services.ports import StoredChange, StoredManualSession
from everyrun.store.sql_store import SqlStore

log_app = typer.Typer(
    help="Log what no file records: sleep, HRV and how you feel, strength and mobility work, "
    "sessions without a recording, and how hard an activity felt. Each session gets a load.\n\n"
    "Example: [bold]everyrun log wellness --sleep 7.5 --hrv 62 --soreness 3[/]",
    no_args_is_help=True,
)

MAX_CSV_BYTES = 20_000_000  # decades of daily rows fit in a few MB

DateOption = Annotated[
    str | None,
    typer.Option("--date", help="The day, YYYY-MM-DD (default: today; not in the future)."),
]
NotesOption = Annotated[str | None, typer.Option(help="Anything worth remembering.")]


@dataclass(frozen=True)
class _Context:
    store: SqlStore
    athlete: int
    zone: ZoneInfo
    today: date
    now: datetime


@contextmanager
def _opened(db: str | None) -> Iterator[_Context]:
    """The store, the athlete, and today in their zone (a flag or variable, else the profile's)."""
    now = datetime.now(UTC)
    settings = load_settings(database_url=db)
    store = bootstrap.open_store(settings)
    try:
        athlete = store.default_athlete_id()
        chosen = bootstrap.athlete_zone(store, athlete, settings, now)
        yield _Context(store, athlete, chosen, now.astimezone(chosen).date(), now)
    finally:
        store.close()


def _day(text: str | None, context: _Context, as_json: bool) -> date:
    if text is None:
        return context.today
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--date {text!r} is not a date", "write YYYY-MM-DD, e.g. 2026-03-14", as_json=as_json)


@log_app.command("wellness")
def wellness_command(
    on: DateOption = None,
    sleep: Annotated[float | None, typer.Option(help="Hours slept, 0–16.")] = None,
    sleep_quality: Annotated[int | None, typer.Option(help="1 very poor – 5 very good.")] = None,
    hrv: Annotated[float | None, typer.Option(help="Resting HRV as rMSSD, ms (5–300).")] = None,
    resting_hr: Annotated[float | None, typer.Option(help="Resting heart rate, bpm.")] = None,
    soreness: Annotated[int | None, typer.Option(help="0 none – 10 worst.")] = None,
    fatigue: Annotated[int | None, typer.Option(help="0 fresh – 10 exhausted.")] = None,
    stress: Annotated[int | None, typer.Option(help="0 none – 10 worst.")] = None,
    mood: Annotated[int | None, typer.Option(help="1 very low – 5 very good.")] = None,
    hydration: Annotated[float | None, typer.Option(help="Litres drunk over the day.")] = None,
    nutrition: Annotated[
        int | None, typer.Option(help="Quality, 1 very poor – 5 very good.")
    ] = None,
    ill: Annotated[
        bool | None, typer.Option("--ill/--not-ill", help="Ill that day, or well again.")
    ] = None,
    illness_note: Annotated[str | None, typer.Option(help="What kind of illness.")] = None,
    niggle: Annotated[
        list[str] | None,
        typer.Option(help=f"A niggle, {escape(NIGGLE_FORM)}, e.g. 'left achilles:3' (repeatable)."),
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log how you are today: sleep, HRV, resting HR, soreness, mood, illness, niggles.

    Example: [bold]everyrun log wellness --sleep 7.5 --hrv 62 --niggle "left achilles:3"[/]

    A second log on the same day changes only the values it gives.
    """
    values = {
        "sleep_hours": sleep,
        "sleep_quality": sleep_quality,
        "hrv_rmssd_ms": hrv,
        "resting_heart_rate_bpm": resting_hr,
        "soreness": soreness,
        "fatigue": fatigue,
        "stress": stress,
        "mood": mood,
        "hydration_litres": hydration,
        "nutrition": nutrition,
        "illness": ill,
        "illness_note": illness_note,
    }
    with user_errors(json_output), _opened(db) as context:
        niggles = [parse_niggle(text) for text in niggle or []]
        day = _day(on, context, json_output)
        entry = logs.log_wellness(
            context.store,
            context.athlete,
            day,
            values,
            niggles=niggles,
            today=context.today,
            now_utc=context.now,
        )
        suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    if json_output:
        emit_json({**to_jsonable(entry), "suggested_changes": suggested_json(suggested)})
    else:
        console.print(_wellness_table(entry))
        print_suggested(suggested)


@log_app.command("wellness-csv")
def wellness_csv_command(
    path: Annotated[Path, typer.Argument(help="A CSV file with a header line.")],
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log many days of wellness from a CSV file: all rows, or none if one is wrong.

    Example: [bold]everyrun log wellness-csv ~/wellness.csv[/]

    Columns (first line; any order; ',' ';' or tab between cells): date (YYYY-MM-DD, required),
    sleep_hours, sleep_quality, hrv_rmssd_ms, resting_heart_rate_bpm, soreness, fatigue,
    stress, mood, hydration_litres, nutrition, illness (yes/no), illness_note, niggles
    ('left achilles:3; lower back:2'). Short names: sleep, hrv, rmssd, resting_hr, rhr,
    hydration, ill. Empty cells are not logged; other columns are reported and left out.
    """
    with user_errors(json_output):
        text = _read_csv(path, json_output)
        with _opened(db) as context:
            report = logs.import_wellness_csv(
                context.store, context.athlete, text, today=context.today, now_utc=context.now
            )
            suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    if json_output:
        emit_json({**to_jsonable(report), "suggested_changes": suggested_json(suggested)})
        return
    print_suggested(suggested)
    span = f" ({report.first} to {report.last})" if report.first else ""
    console.print(f"Logged wellness for {report.days} day(s){span}.")
    if report.empty_rows:
        console.print(f"[dim]{report.empty_rows} row(s) had a date and nothing else.[/]")
    if report.ignored_columns:
        names = ", ".join(repr(c) for c in report.ignored_columns)
        console.print(f"[yellow]⚠ Columns not understood, left out: {escape(names)}[/]")


def _read_csv(path: Path, as_json: bool) -> str:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            fail(f"{path} is larger than {MAX_CSV_BYTES // 1_000_000} MB", as_json=as_json)
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        fail(f"no such file: {path}", "check the path", as_json=as_json)
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text", "save the CSV as UTF-8", as_json=as_json)
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror}", as_json=as_json)


@log_app.command("hrv")
def hrv_command(
    activity_id: Annotated[int, typer.Argument(help="A resting recording with RR intervals.")],
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log resting HRV (rMSSD) from an imported recording's RR intervals, on its day.

    Example: [bold]everyrun log hrv 42[/]

    Record 1–5 minutes lying still with a chest strap and HRV logging on, then import it.
    """
    with user_errors(json_output), _opened(db) as context:
        reading = logs.log_hrv_from_activity(
            context.store,
            context.athlete,
            activity_id,
            zone=context.zone,
            today=context.today,
            now_utc=context.now,
        )
        suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    if json_output:
        emit_json({**to_jsonable(reading), "suggested_changes": suggested_json(suggested)})
        return
    print_suggested(suggested)
    console.print(
        f"HRV (rMSSD) {reading.rmssd_ms:.1f} ms from {reading.beats} beats "
        f"({reading.clean_differences} clean differences), logged for {reading.day}."
    )
    for warning in reading.warnings:
        console.print(f"[yellow]⚠ {escape(warning)}[/]")


@log_app.command("strength")
def strength_command(
    minutes: Annotated[float, typer.Option(help="Session length in minutes.")],
    rpe: Annotated[float, typer.Option(help="Whole session, 0 rest – 10 maximal (CR-10).")],
    exercise: Annotated[
        list[str] | None,
        typer.Option(help=f"{escape(EXERCISE_FORM)}, e.g. 'squat:3x8@60' (repeatable)."),
    ] = None,
    on: DateOption = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log a strength session; its load (RPE × minutes) counts like any run's.

    Example: [bold]everyrun log strength --minutes 45 --rpe 7 --exercise "squat:3x8@60"[/]
    """
    with user_errors(json_output), _opened(db) as context:
        exercises = [parse_exercise(text) for text in exercise or []]
        stored = logs.log_session(
            context.store,
            context.athlete,
            "strength",
            _day(on, context, json_output),
            rpe=rpe,
            minutes=minutes,
            notes=notes,
            exercises=exercises,
            today=context.today,
            now_utc=context.now,
        )
        suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    _print_session(stored, suggested, json_output)


@log_app.command("mobility")
def mobility_command(
    drill: Annotated[
        list[str] | None,
        typer.Option(help=f"{escape(DRILL_FORM)}, e.g. 'hip flexor stretch:5' (repeatable)."),
    ] = None,
    minutes: Annotated[
        float | None, typer.Option(help="Session length (default: the drills' total).")
    ] = None,
    rpe: Annotated[float, typer.Option(help="Whole session, CR-10; mobility is light.")] = 2.0,
    on: DateOption = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log mobility, stretching or yoga: drills and minutes.

    Example: [bold]everyrun log mobility --drill "hip flexor stretch:5" --drill "ankle circles:3"[/]
    """
    with user_errors(json_output), _opened(db) as context:
        drills = [parse_drill(text) for text in drill or []]
        stored = logs.log_session(
            context.store,
            context.athlete,
            "mobility",
            _day(on, context, json_output),
            rpe=rpe,
            minutes=minutes,
            notes=notes,
            drills=drills,
            today=context.today,
            now_utc=context.now,
        )
        suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    _print_session(stored, suggested, json_output)


@log_app.command("workout")
def workout_command(
    sport: Annotated[str, typer.Option(help="e.g. swimming, cycling, rowing, running.")],
    minutes: Annotated[float, typer.Option(help="Session length in minutes.")],
    rpe: Annotated[float, typer.Option(help="Whole session, 0 rest – 10 maximal (CR-10).")],
    purpose: Annotated[
        str | None, typer.Option(help="What it was for, e.g. easy_aerobic, cross_training.")
    ] = None,
    on: DateOption = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log any session without a file (a class, a swim without a watch); load by session RPE.

    Example: [bold]everyrun log workout --date 2026-03-14 --sport swimming --minutes 40 --rpe 5[/]
    """
    with user_errors(json_output), _opened(db) as context:
        stored = logs.log_session(
            context.store,
            context.athlete,
            "workout",
            _day(on, context, json_output),
            rpe=rpe,
            minutes=minutes,
            sport=sport,
            purpose=purpose,
            notes=notes,
            today=context.today,
            now_utc=context.now,
        )
        suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    _print_session(stored, suggested, json_output)


@log_app.command("rpe")
def rpe_command(
    activity_id: Annotated[int, typer.Argument(help="The ID from `everyrun activities`.")],
    rpe: Annotated[float, typer.Argument(help="How hard it felt, 0 rest – 10 maximal (CR-10).")],
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Rate how hard a recorded activity felt, for its session-RPE load.

    Example: [bold]everyrun log rpe 12 7[/]

    Rate the whole session about 30 minutes after it; a second rating replaces the first.
    """
    with user_errors(json_output), _opened(db) as context:
        checked = logs.set_activity_rpe(
            context.store, context.athlete, activity_id, rpe, now_utc=context.now
        )
        analysis.analyze(
            context.store, context.athlete, now_utc=context.now, activity_ids=[activity_id]
        )
        load = context.store.analyses(context.athlete, activity_id)[0]
        suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    if json_output:
        emit_json(
            {
                "activity_id": activity_id,
                "rpe": checked,
                "load": load.load,
                "load_method": load.load_method,
                "suggested_changes": suggested_json(suggested),
            }
        )
        return
    console.print(f"Activity {activity_id}: RPE {checked:g} saved.")
    if load.load is not None:
        console.print(f"Its load: {load.load:.0f} ({load.load_method}).")
    print_suggested(suggested)


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return escape(str(value))


_UNITS = {"sleep_hours": " h", "hrv_rmssd_ms": " ms", "resting_heart_rate_bpm": " bpm"}


def _wellness_table(entry: WellnessEntry) -> Table:
    table = Table(title=f"Wellness on {entry.day}", title_justify="left")
    table.add_column("")
    table.add_column("Value", overflow="fold")
    for name in WELLNESS_VALUES:
        value = getattr(entry, name)
        if value is not None:
            shown = _display(value) + _UNITS.get(name, "")
            name_shown = label(name)
            table.add_row(name_shown[:1].upper() + name_shown[1:], shown)
    for item in entry.niggles:
        table.add_row("Niggle", escape(format_niggle(item)))
    return table


def _print_session(
    stored: StoredManualSession, suggested: Sequence[StoredChange], as_json: bool
) -> None:
    if as_json:
        emit_json({**to_jsonable(stored), "suggested_changes": suggested_json(suggested)})
        return
    session = stored.session
    load = f"{stored.load:.0f} ({stored.load_method})" if stored.load is not None else "–"
    console.print(
        f"Logged {session.kind} on {session.day}: {session.minutes:g} min at RPE "
        f"{session.rpe:g}, load {load}."
    )
    for item in session.exercises:
        console.print(f"  {escape(format_exercise(item))}")
    for drill in session.drills:
        console.print(f"  {escape(format_drill(drill))}")
    print_suggested(suggested)
