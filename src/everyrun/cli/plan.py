"""`everyrun goal`, `everyrun plan` and `everyrun today`: set a goal, plan to it, follow it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape

from everyrun import bootstrap
from everyrun.cli import plan_view
from everyrun.cli.output import (
    DbOption,
    JsonOption,
    TimeZoneOption,
    console,
    emit_json,
    user_errors,
)
from everyrun.cli.plan_inputs import (
    PlanInputError,
    described_sources,
    goal_from,
    merge_inputs,
    overrides_from,
    parse_day,
    start_day,
)
from everyrun.config import load_settings
from everyrun.domain.planning.plan import PlanWeek
from everyrun.domain.planning.plan_record import goal_to_dict, plan_to_dict, session_to_dict
from everyrun.exporters.jsonable import to_jsonable
from everyrun.services import planning
from everyrun.store.sql_store import SqlStore

goal_app = typer.Typer(
    help="What you train for: a race, a base-building block, or a return from injury.\n\n"
    "Example: [bold]everyrun goal set --race half --date 2027-03-14 --target 1:45:00[/]",
    no_args_is_help=True,
)
plan_app = typer.Typer(
    help="A training plan to your goal: every session with its purpose and why, the rules it "
    "keeps, and what it had to leave out.\n\n"
    "Example: [bold]everyrun plan create --race half --date 2027-03-14 --vdot 42[/]",
    no_args_is_help=True,
)

NO_GOAL_HINT = (
    "give a goal (--race half --date 2027-03-14, --base --date ..., or --return-from achilles "
    "--date ...), or set one first with `everyrun goal set`"
)

# --- options shared by `goal set` and `plan create` -------------------------------------------

RaceOption = Annotated[
    str | None,
    typer.Option(help="Race distance: 5k, 10k, half, marathon or any distance (e.g. 15k, 50k)."),
]
BaseOption = Annotated[
    bool, typer.Option("--base", help="A base-building block instead of a race.")
]
ReturnOption = Annotated[
    str | None,
    typer.Option("--return-from", help="Return to running after this injury, e.g. achilles."),
]
GoalDateOption = Annotated[
    str | None, typer.Option("--date", help="Race day or the block's end, YYYY-MM-DD.")
]
TargetOption = Annotated[
    str | None, typer.Option(help="Race target time, e.g. 1:45:00 (races only).")
]
PriorityOption = Annotated[
    str | None, typer.Option(help="A (full taper), B (short taper) or C (no taper); default A.")
]
NameOption = Annotated[str | None, typer.Option(help='The race\'s name, e.g. "Seville half".')]


@dataclass(frozen=True)
class _Context:
    store: SqlStore
    athlete: int
    zone: ZoneInfo
    today: date
    now: datetime


def _now() -> datetime:
    """The clock, in one place (tests set it)."""
    return datetime.now(UTC)


@contextmanager
def opened(db: str | None, time_zone: str | None = None) -> Iterator[_Context]:
    """The store, the athlete, and today in their zone (a flag or variable, else the profile's)."""
    now = _now()
    settings = load_settings(database_url=db, time_zone=time_zone)
    store = bootstrap.open_store(settings)
    try:
        athlete = store.default_athlete_id()
        zone = bootstrap.athlete_zone(store, athlete, settings, now)
        yield _Context(store, athlete, zone, now.astimezone(zone).date(), now)
    finally:
        store.close()


# --- goal -------------------------------------------------------------------------------------


@goal_app.command("set")
def goal_set_command(
    race: RaceOption = None,
    base: BaseOption = False,
    return_from: ReturnOption = None,
    goal_date: GoalDateOption = None,
    target: TargetOption = None,
    priority: PriorityOption = None,
    name: NameOption = None,
    weekly_km: Annotated[
        float | None, typer.Option(help="With --base: the weekly kilometres to build to.")
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Set the goal plans are made for: a race, a base block or a return from injury.

    Example: [bold]everyrun goal set --race half --date 2027-03-14 --target 1:45:00[/]

    Also: [bold]--base --weekly-km 50 --date 2027-02-01[/] or
    [bold]--return-from achilles --date 2027-01-15[/]. Earlier goals are kept as history.
    """
    flags = {
        "race": race,
        "base": base,
        "return_from": return_from,
        "date": goal_date,
        "target": target,
        "priority": priority,
        "name": name,
        "weekly_km": weekly_km,
    }
    with user_errors(json_output):
        goal = goal_from(merge_inputs(flags, None), target_km_key="weekly_km")
        if goal is None:
            raise PlanInputError("no goal given", NO_GOAL_HINT)
        with opened(db, time_zone) as context:
            planning.set_goal(
                context.store, context.athlete, goal, now_utc=context.now, today=context.today
            )
            today = context.today
    if json_output:
        emit_json({"goal": goal_to_dict(goal)})
        return
    console.print("Goal saved. Make a plan for it with [bold]everyrun plan create[/].")
    console.print(plan_view.goal_table(goal, today=today))


@goal_app.command("show")
def goal_show_command(
    json_output: JsonOption = False, db: DbOption = None, time_zone: TimeZoneOption = None
) -> None:
    """Show the current goal and how many days are left.

    Example: [bold]everyrun goal show --json[/]
    """
    with user_errors(json_output), opened(db, time_zone) as context:
        goal = context.store.current_goal(context.athlete)
        if goal is None:
            raise PlanInputError("no goal yet", "set one with `everyrun goal set`")
        today = context.today
    if json_output:
        emit_json({"goal": goal_to_dict(goal), "days_to_go": (goal.day - today).days})
        return
    console.print(plan_view.goal_table(goal, today=today))


# --- plan create ------------------------------------------------------------------------------


@plan_app.command("create")
def plan_create_command(
    profile: Annotated[
        Path | None,
        typer.Option(
            help="A profile file (.toml, .yaml or .json) with the inputs below, one key per flag "
            "(days_per_week = 5); flags override it."
        ),
    ] = None,
    race: RaceOption = None,
    base: BaseOption = False,
    return_from: ReturnOption = None,
    goal_date: GoalDateOption = None,
    target: TargetOption = None,
    priority: PriorityOption = None,
    name: NameOption = None,
    goal_weekly_km: Annotated[
        float | None, typer.Option(help="With --base: the weekly kilometres to build to.")
    ] = None,
    vdot: Annotated[float | None, typer.Option(help="Your VDOT now, e.g. 42.")] = None,
    race_result: Annotated[
        str | None, typer.Option(help="A recent race for your VDOT, DISTANCE=TIME: 10k=45:00.")
    ] = None,
    weekly_km: Annotated[
        float | None, typer.Option(help="Kilometres you run in a usual week now (0 after a break).")
    ] = None,
    experience: Annotated[
        str | None, typer.Option(help="beginner, intermediate (default) or advanced.")
    ] = None,
    days_per_week: Annotated[int | None, typer.Option(help="Running days a week, 1–7.")] = None,
    minutes_per_day: Annotated[
        float | None, typer.Option(help="Most minutes you can train on a day.")
    ] = None,
    long_run_day: Annotated[
        str | None, typer.Option(help="Weekday of the long run (default sunday).")
    ] = None,
    long_run_minutes: Annotated[
        float | None, typer.Option(help="Minutes you have on the long-run day.")
    ] = None,
    away: Annotated[
        list[str] | None,
        typer.Option(
            help="Days you cannot train: 2027-01-10..2027-01-14 or 2027-01-10 (repeatable)."
        ),
    ] = None,
    injury: Annotated[
        list[str] | None,
        typer.Option(help="A past injury, AREA[:left|right], e.g. achilles:left (repeatable)."),
    ] = None,
    niggle: Annotated[
        list[str] | None,
        typer.Option(help="A niggle now, AREA[:left|right]:0–10, e.g. knee:right:3 (repeatable)."),
    ] = None,
    calf_raises: Annotated[
        str | None, typer.Option(help="Single-leg calf raises to failure, LEFT/RIGHT: 14/22.")
    ] = None,
    single_leg_squat: Annotated[
        str | None, typer.Option(help="Single-leg squat quality, good|fair|poor: good/poor.")
    ] = None,
    side_plank: Annotated[
        str | None, typer.Option(help="Side plank hold, seconds LEFT/RIGHT: 60/45.")
    ] = None,
    knee_to_wall: Annotated[
        str | None, typer.Option(help="Knee-to-wall toe distance, cm LEFT/RIGHT: 8/11.")
    ] = None,
    hip_flexion: Annotated[
        str | None, typer.Option(help="Active straight-leg raise, degrees LEFT/RIGHT: 75/70.")
    ] = None,
    hip_extension: Annotated[
        str | None,
        typer.Option(help="Thomas test, thigh degrees below (+) or above (−) level: -5/5."),
    ] = None,
    equipment: Annotated[
        str | None, typer.Option(help="Strength kit: none (default), bands, dumbbells or gym.")
    ] = None,
    weight: Annotated[float | None, typer.Option(help="Body weight in kg (for fuelling).")] = None,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default: tomorrow in your zone).")
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Make a plan to your goal and make it the active one; unset inputs come from your history.

    Example: [bold]everyrun plan create --race half --date 2027-03-14 --target 1:45:00 --vdot 42[/]

    Without goal flags the current goal (`everyrun goal set`) is used; with them they are saved
    as the current goal. Fitness, volume, heart rates and recent load not given are taken from
    your profile and analysed runs, and the output says where each came from.
    """
    flags: dict[str, Any] = {
        "race": race,
        "base": base,
        "return_from": return_from,
        "date": goal_date,
        "target": target,
        "priority": priority,
        "name": name,
        "goal_weekly_km": goal_weekly_km,
        "vdot": vdot,
        "race_result": race_result,
        "weekly_km": weekly_km,
        "experience": experience,
        "days_per_week": days_per_week,
        "minutes_per_day": minutes_per_day,
        "long_run_day": long_run_day,
        "long_run_minutes": long_run_minutes,
        "away": away,
        "injury": injury,
        "niggle": niggle,
        "calf_raises": calf_raises,
        "single_leg_squat": single_leg_squat,
        "side_plank": side_plank,
        "knee_to_wall": knee_to_wall,
        "hip_flexion": hip_flexion,
        "hip_extension": hip_extension,
        "equipment": equipment,
        "weight": weight,
        "start": start,
    }
    with user_errors(json_output):
        inputs = merge_inputs(flags, profile)
        given_goal = goal_from(inputs)
        overrides = overrides_from(inputs)
        with opened(db, time_zone) as context:
            goal = given_goal or context.store.current_goal(context.athlete)
            if goal is None:
                raise PlanInputError("no goal: nothing says what to plan for", NO_GOAL_HINT)
            first_day = start_day(inputs, context.today + timedelta(days=1))
            resolution = planning.runner_inputs(
                context.store, context.athlete, day=first_day, overrides=overrides
            )
            plan_id, plan = planning.create_plan(
                context.store,
                context.athlete,
                goal,
                resolution.runner,
                start=first_day,
                created_at=context.now,
                today=context.today,
            )
            if given_goal is not None:  # after the plan: a goal that cannot be planned is not kept
                planning.set_goal(
                    context.store, context.athlete, goal, now_utc=context.now, today=context.today
                )
    goal_source = "given, saved as the current goal" if given_goal else "the current goal"
    sources = described_sources(resolution.sources, inputs)
    if json_output:
        emit_json(
            {
                "plan_id": plan_id,
                "goal_source": goal_source,
                "sources": sources,
                "input_notes": list(resolution.notes),
                "plan": plan_to_dict(plan),
            }
        )
        return
    plan_view.print_plan(
        console, plan_id, plan, sources=sources, goal_source=goal_source, notes=resolution.notes
    )


# --- reading the plan -------------------------------------------------------------------------


@plan_app.command("show")
def plan_show_command(
    week: Annotated[
        int | None, typer.Option(min=1, help="Only this week, each day's sessions in full.")
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show the active plan: its weeks, or one week day by day with every session in full.

    Example: [bold]everyrun plan show --week 2[/]

    --json prints the whole plan in the format `everyrun plan export --format json` writes.
    """
    if week is None:
        with user_errors(json_output), opened(db) as context:
            plan_id, plan = planning.active_plan(context.store, context.athlete)
        if json_output:
            emit_json(plan_to_dict(plan))
            return
        console.print(plan_view.summary(plan_id, plan))
        console.print(plan_view.weeks_table(plan.weeks))
        for part in plan_view.report(plan):
            console.print(part)
        console.print("[dim]`everyrun plan show --week N` lists each day's sessions and ids.[/]")
        return
    with user_errors(json_output), opened(db) as context:
        view = planning.plan_week(context.store, context.athlete, week)
    if json_output:
        emit_json(
            {
                "plan_id": view.plan_id,
                "week": _week_json(view.week),
                "sessions": [session_to_dict(s) for s in view.sessions],
            }
        )
        return
    console.print(plan_view.week_heading(view.week))
    plan_view.print_days(console, view.sessions)


def _week_json(week: PlanWeek) -> dict[str, Any]:
    encoded: dict[str, Any] = to_jsonable(week)
    return {**encoded, "end": week.end.isoformat()}


def today_command(
    on: Annotated[
        str | None, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")
    ] = None,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Today's planned sessions: what to do, what for, and what success looks like.

    Example: [bold]everyrun today --date 2027-01-05[/]

    Today is your local day (--time-zone, else your profile's zone, else this machine's).
    A rest day is a session too.
    """
    with user_errors(json_output), opened(db, time_zone) as context:
        day = parse_day(on, "--date") if on is not None else context.today
        sessions = planning.sessions_on(context.store, context.athlete, day)
    if json_output:
        emit_json({"day": day.isoformat(), "sessions": [session_to_dict(s) for s in sessions]})
        return
    if not sessions:
        console.print(
            f"Nothing planned on {day:%a %d %b %Y}: the active plan does not cover that day. "
            "[dim]`everyrun plan show` gives its dates.[/]"
        )
        return
    console.print(f"[bold]{day:%A %d %B %Y}[/]: week {sessions[0].week}, {sessions[0].phase.value}")
    for session in sessions:
        console.print(plan_view.session_panel(session))


@plan_app.command("explain")
def plan_explain_command(
    session_id: Annotated[
        str, typer.Argument(help="A session's id, from `everyrun plan show --week N`.")
    ],
    json_output: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Explain one session in full: its week, phase, goal and days to go.

    Example: [bold]everyrun plan explain 2026-12-08-run[/]
    """
    with user_errors(json_output), opened(db) as context:
        found = planning.explain(context.store, context.athlete, session_id)
    if json_output:
        emit_json(
            {
                "plan_id": found.plan_id,
                "goal": goal_to_dict(found.goal),
                "days_to_goal": found.days_to_goal,
                "week": _week_json(found.week),
                "session": session_to_dict(found.session),
                "week_sessions": [s.id for s in found.week_sessions],
            }
        )
        return
    console.print(
        f"[bold]Goal:[/] {escape(plan_view.goal_text(found.goal))}, "
        f"{found.days_to_goal} days to go from this session"
    )
    console.print(plan_view.week_heading(found.week))
    console.print(plan_view.session_panel(found.session, with_day=True))
    others = [s for s in found.week_sessions if s.id != found.session.id and s.is_key]
    if others:
        keys = ", ".join(f"{s.title} ({s.day:%a})" for s in others)
        console.print(f"[dim]The week's other key sessions: {escape(keys)}[/]")
