"""Plans for people: the summary, the weeks, a day's sessions in full, and the planner's report.

The prescription is worded by exporters.plan_text, so the terminal says what the calendar and
the printout say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import groupby

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan, PlanWeek
from everyrun.domain.planning.session import PlannedSession, SessionKind
from everyrun.domain.units import format_duration, format_pace
from everyrun.exporters.plan_text import KIND_LABELS, prescription_lines, session_totals

KIND_COLOURS = {
    SessionKind.RUN: "cyan",
    SessionKind.STRENGTH: "magenta",
    SessionKind.MOBILITY: "green",
    SessionKind.RECOVERY: "blue",
    SessionKind.REST: "dim",
    SessionKind.CROSS: "yellow",
}


def goal_text(goal: Goal) -> str:
    """`half marathon on Sun 14 Mar 2027, target 1:45:00 (4:59/km), priority A`."""
    text = f"{goal.label} on {goal.day:%a %d %b %Y}"
    if goal.kind is GoalKind.RACE:
        if goal.target_time_s and goal.race_distance_m:
            pace = format_pace(goal.race_distance_m / goal.target_time_s)
            text += f", target {format_duration(goal.target_time_s)} ({pace})"
        text += f", priority {goal.priority.value}"
    return text


def goal_table(goal: Goal, *, today: date) -> Table:
    table = Table(title="Current goal", title_justify="left", show_header=False)
    table.add_column("")
    table.add_column("", overflow="fold")
    table.add_row("Goal", escape(goal_text(goal)))
    table.add_row("Kind", goal.kind.value)
    if goal.kind is GoalKind.BASE and goal.target_weekly_km:
        table.add_row("Weekly volume to reach", f"{goal.target_weekly_km:g} km")
    if goal.kind is GoalKind.RETURN and goal.injury:
        table.add_row("Returning from", escape(goal.injury))
    days = (goal.day - today).days
    table.add_row("Days to go", str(days) if days >= 0 else f"passed {-days} days ago")
    return table


def print_plan(
    console: Console,
    plan_id: int,
    plan: Plan,
    *,
    sources: Mapping[str, str] | None = None,
    goal_source: str | None = None,
    notes: Sequence[str] = (),
) -> None:
    """The whole plan: summary, where the inputs came from, weeks, and its report on itself."""
    console.print(summary(plan_id, plan, goal_source))
    if sources:
        console.print(sources_table(sources))
    console.print(weeks_table(plan.weeks))
    for part in report(plan, notes):
        console.print(part)
    console.print(
        "[dim]`everyrun plan show --week N` lists a week's sessions; `everyrun today` shows "
        "today's; `everyrun plan export` writes a calendar, watch workouts or a printout.[/]"
    )


def summary(plan_id: int, plan: Plan, goal_source: str | None = None) -> Panel:
    feasibility = plan.feasibility
    verdict = "[green]realistic[/]" if feasibility.realistic else "[red]not realistic as set[/]"
    lines = [
        f"[bold]Goal:[/] {escape(goal_text(plan.goal))}"
        + (f" [dim]({escape(goal_source)})[/]" if goal_source else ""),
        f"[bold]Plan {plan_id}:[/] {plan.start:%a %d %b %Y} – {plan.end:%a %d %b %Y}, "
        f"{len(plan.weeks)} weeks, {len(plan.sessions)} sessions",
        f"[bold]Feasibility:[/] {verdict}. {escape(feasibility.message)}",
    ]
    if feasibility.proposed_target_s is not None:
        proposed = format_duration(feasibility.proposed_target_s)
        lines.append(f"A realistic target: [bold]{proposed}[/]")
    if feasibility.volume_message:
        lines.append(f"[yellow]{escape(feasibility.volume_message)}[/]")
    if plan.race_pace_mps:
        lines.append(f"[bold]Race pace:[/] {format_pace(plan.race_pace_mps)}")
    return Panel("\n".join(lines), title=f"Training plan: {escape(plan.goal.label)}", expand=False)


def sources_table(sources: Mapping[str, str]) -> Table:
    table = Table(title="Where the inputs came from", title_justify="left")
    table.add_column("Input")
    table.add_column("Source", overflow="fold")
    for name, source in sources.items():
        table.add_row(name.replace("_", " "), escape(source))
    return table


def weeks_table(weeks: Iterable[PlanWeek]) -> Table:
    table = Table(title="Weeks", title_justify="left")
    table.add_column("Week", justify="right")
    table.add_column("Dates", no_wrap=True)
    table.add_column("Phase")
    table.add_column("km", justify="right")
    table.add_column("Lighter")
    table.add_column("Focus", overflow="fold")
    for week in weeks:
        table.add_row(
            str(week.number),
            f"{week.start:%d %b} – {week.end:%d %b}",
            week.phase.value,
            f"{week.volume_km:.0f}",
            "yes" if week.is_lighter else "",
            escape(week.focus),
        )
    return table


def report(plan: Plan, notes: Sequence[str] = ()) -> list[RenderableType]:
    """The rules the plan could not meet, what it left out, and notes; nothing when all is well."""
    parts: list[RenderableType] = []
    if plan.unmet_rules:
        table = Table(title="Rules not met", title_justify="left")
        table.add_column("Rule")
        table.add_column("Detail", overflow="fold")
        table.add_column("Why", overflow="fold")
        for rule in plan.unmet_rules:
            table.add_row(escape(rule.rule), escape(rule.detail), escape(rule.reason or ""))
        parts.append(table)
    else:
        parts.append(f"[green]All {len(plan.rules)} rules met.[/]")
    if plan.left_out:
        table = Table(title="Left out", title_justify="left")
        table.add_column("What", overflow="fold")
        table.add_column("Cost", overflow="fold")
        for item in plan.left_out:
            table.add_row(escape(item.what), escape(item.cost))
        parts.append(table)
    for note in (*plan.notes, *notes):
        parts.append(f"[yellow]Note:[/] {escape(note)}")
    return parts


def session_panel(session: PlannedSession, *, with_day: bool = False) -> Panel:
    """One session in full: purpose, why, the prescription and what success looks like."""
    colour = KIND_COLOURS[session.kind]
    lines: list[RenderableType] = []
    facts = [f"[bold]Purpose:[/] {escape(session.purpose.label)}"]
    totals = session_totals(session)
    if totals:
        facts.append(f"[bold]Planned:[/] {escape(totals)}")
    lines.append(Text.from_markup("   ".join(facts)))
    lines.append(Text.from_markup(f"[bold]Why:[/] {escape(session.why)}"))
    prescription = prescription_lines(session)
    if prescription:
        lines.append(Text.from_markup("[bold]Prescription:[/]"))
        lines.extend(
            Padding(Text(f"{'↳' if level else '•'} {text}"), (0, 0, 0, 4 * (level + 1)))
            for level, text in prescription
        )
    if session.success:
        lines.append(Text.from_markup("[bold]Success looks like:[/]"))
        lines.extend(
            Padding(Text(f"☐ {criterion.text}"), (0, 0, 0, 4)) for criterion in session.success
        )
    lines.append(Text(f"id {session.id}", style="dim"))
    day = f"{session.day:%a %d %b} · " if with_day else ""
    key = " · key session" if session.is_key else ""
    title = f"{day}[{colour}]{KIND_LABELS[session.kind]}[/]: [bold]{escape(session.title)}[/]{key}"
    return Panel(Group(*lines), title=title, title_align="left", border_style=colour)


def print_days(console: Console, sessions: Sequence[PlannedSession]) -> None:
    """Sessions grouped by day, each in full."""
    ordered = sorted(sessions, key=lambda s: s.day)  # stable: the plan's order within a day
    for day, group in groupby(ordered, key=lambda s: s.day):
        console.print(f"\n[bold underline]{day:%A %d %B %Y}[/]")
        for session in group:
            console.print(session_panel(session))


def week_heading(week: PlanWeek) -> str:
    lighter = " (lighter week)" if week.is_lighter else ""
    return (
        f"[bold]Week {week.number}[/]: {week.phase.value}{lighter}, "
        f"{week.start:%a %d %b} – {week.end:%a %d %b}, {week.volume_km:.0f} km\n"
        f"{escape(week.focus)}"
    )
