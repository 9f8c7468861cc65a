"""A plan as printable Markdown: the weeks at a glance, then every day with its why.

The planner's report on itself (feasibility, rules met or not, what was left out and its cost)
is printed with the plan, because a plan that hides its compromises cannot be trusted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Feasibility, Plan, PlanWeek
from everyrun.domain.planning.session import PlannedSession
from everyrun.domain.units import format_duration
from everyrun.exporters.plan_text import KIND_LABELS, prescription_lines, session_totals

# CommonMark lets any ASCII punctuation be escaped; these are the ones that change how a line of
# runner's text renders (emphasis, links, code, HTML, and `|`, which would split a table cell).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def plan_to_markdown(plan: Plan) -> str:
    parts = [
        _title(plan),
        _feasibility(plan.feasibility),
        _phases(plan.weeks),
        *(_week(plan, week) for week in plan.weeks),
        _rules(plan),
        _left_out(plan),
        _notes(plan),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def escape(text: str) -> str:
    """Text shown as written, wherever it lands (paragraph, list item or table cell)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def cell(text: str) -> str:
    """Escaped, on one line: a line break inside a table cell is `<br>`."""
    return "<br>".join(escape(line) for line in text.splitlines()) if text else ""


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table; the cells must already be escaped with `cell`."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _title(plan: Plan) -> str:
    goal = plan.goal
    lines = [f"# Training plan: {escape(goal.label)}", ""]
    lines.append(f"{_dates(plan)} · {len(plan.weeks)} weeks")
    details = _goal_details(goal)
    if details:
        lines.extend(["", details])
    return "\n".join(lines)


def _dates(plan: Plan) -> str:
    return f"{plan.start:%a %d %b %Y} – {plan.end:%a %d %b %Y}"


def _goal_details(goal: Goal) -> str:
    if goal.kind is GoalKind.RACE:
        target = f", target {format_duration(goal.target_time_s)}" if goal.target_time_s else ""
        return f"**Goal:** race on {goal.day:%a %d %b %Y}{target} (priority {goal.priority.value})"
    if goal.kind is GoalKind.BASE and goal.target_weekly_km:
        return f"**Goal:** {goal.target_weekly_km:g} km a week by {goal.day:%a %d %b %Y}"
    return f"**Goal:** {escape(goal.label)} by {goal.day:%a %d %b %Y}"


def _feasibility(feasibility: Feasibility) -> str:
    verdict = "Realistic" if feasibility.realistic else "Not realistic as set"
    needed = (
        f", the goal needs {feasibility.needed_vdot:.1f}"
        if feasibility.needed_vdot is not None
        else ""
    )
    lines = [
        "## Is the goal realistic?",
        "",
        f"**{verdict}.** {escape(feasibility.message)}",
        "",
        f"VDOT now {feasibility.current_vdot:.1f}{needed}, "
        f"reachable in the time {feasibility.reachable_vdot:.1f}.",
    ]
    if feasibility.proposed_target_s is not None:
        proposed = format_duration(feasibility.proposed_target_s)
        lines.extend(["", f"A realistic target: **{proposed}**."])
    if feasibility.volume_message:
        lines.extend(["", escape(feasibility.volume_message)])
    return "\n".join(lines)


def _phases(weeks: Sequence[PlanWeek]) -> str:
    rows = (
        [
            str(week.number),
            f"{week.start:%d %b} – {week.end:%d %b}",
            week.phase.value,
            f"{week.volume_km:.0f}",
            "lighter" if week.is_lighter else "",
            cell(week.focus),
        ]
        for week in weeks
    )
    header = ("Week", "Dates", "Phase", "km", "Lighter week", "Focus")
    return "## Phases\n\n" + table(header, rows)


def _week(plan: Plan, week: PlanWeek) -> str:
    lighter = " (lighter week)" if week.is_lighter else ""
    heading = (
        f"## Week {week.number}: {week.phase.value}{lighter}, "
        f"{week.start:%d %b} – {week.end:%d %b}, {week.volume_km:.0f} km"
    )
    sessions = sorted(plan.sessions_in_week(week.number), key=lambda s: (s.day, s.id))
    header = ("Day", "Session", "Purpose", "Why", "Prescription", "Success")
    rows = (_session_row(session) for session in sessions)
    return f"{heading}\n\n{escape(week.focus)}\n\n{table(header, rows)}"


def _session_row(session: PlannedSession) -> list[str]:
    title = f"**{escape(session.title)}**" + (" (key)" if session.is_key else "")
    kind = escape(KIND_LABELS[session.kind])
    totals = session_totals(session)
    session_text = f"{kind}: {title}" + (f"<br>{escape(totals)}" if totals else "")
    prescription = "<br>".join(
        ("&nbsp;&nbsp;↳ " if level else "• ") + escape(text)
        for level, text in prescription_lines(session)
    )
    success = "<br>".join("☐ " + escape(criterion.text) for criterion in session.success)
    return [
        f"{session.day:%a %d %b}",
        session_text,
        escape(session.purpose.label),
        cell(session.why),
        prescription,
        success,
    ]


def _rules(plan: Plan) -> str:
    if not plan.rules:
        return ""
    lines = ["## Rules", ""]
    for rule in plan.rules:
        mark = "met" if rule.met else "**not met**"
        reason = f" (why: {escape(rule.reason)})" if rule.reason else ""
        lines.append(f"- {escape(rule.rule)}: {mark} — {escape(rule.detail)}{reason}")
    return "\n".join(lines)


def _left_out(plan: Plan) -> str:
    if not plan.left_out:
        return ""
    lines = ["## Left out", ""]
    lines.extend(f"- {escape(item.what)}. Cost: {escape(item.cost)}" for item in plan.left_out)
    return "\n".join(lines)


def _notes(plan: Plan) -> str:
    if not plan.notes:
        return ""
    return "## Notes\n\n" + "\n".join(f"- {escape(note)}" for note in plan.notes)
