"""`everyrun plan adapt`: what the plan changes from what happened, each change with its rule
and an ID to accept or reject it by; and the one line `import` and `log` print about it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from everyrun.cli.output import (
    DbOption,
    JsonOption,
    TimeZoneOption,
    console,
    emit_json,
    fail,
    user_errors,
)
from everyrun.cli.plan import opened
from everyrun.cli.plan_inputs import parse_day
from everyrun.domain.adaptation.changes import Change
from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.plan_record import session_to_dict
from everyrun.services.adaptation import (
    AdaptResult,
    Decision,
    adapt_plan,
    decide_changes,
    propose_changes,
)
from everyrun.services.ports import StoredChange

ADAPT_COMMAND = "everyrun plan adapt"


def plan_adapt_command(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            help="With --accept or --reject: the changes' IDs (from the list), or 'all'.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Re-plan from this day (YYYY-MM-DD); default today."),
    ] = None,
    accept: Annotated[
        bool,
        typer.Option(
            "--accept",
            help="Keep changes (the IDs given, or all): saved as a new plan version.",
        ),
    ] = False,
    reject: Annotated[
        bool,
        typer.Option("--reject", help="Turn down the changes with the IDs given."),
    ] = False,
    json_output: JsonOption = False,
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Re-plan the coming days from what happened: missed key sessions moved or dropped, a
    readiness "rest" or "caution" day swapped, sick days paused with a graded return, a new
    VDOT re-paced. Every change names its rule and its numbers and has an ID; nothing is kept
    until you accept it (the old plan stays as a version), and a change that would break a
    planning rule is refused.

    Example: [bold]everyrun plan adapt[/], then [bold]everyrun plan adapt --accept 3 5[/],
    [bold]everyrun plan adapt --reject 4[/] or [bold]everyrun plan adapt --accept all[/]
    """
    chosen = _ids(ids or [], accept=accept, reject=reject, as_json=json_output)
    with user_errors(json_output), opened(db, time_zone) as context:
        day = parse_day(as_of, "--as-of") if as_of is not None else context.today
        if chosen:
            decision = decide_changes(
                context.store,
                context.athlete,
                accept=chosen if accept else (),
                reject=chosen if reject else (),
                now_utc=context.now,
            )
        else:
            result = adapt_plan(
                context.store,
                context.athlete,
                as_of=day,
                today=context.today,
                accept=accept,
                now_utc=context.now,
            )
    if chosen:
        if json_output:
            emit_json(decision_json(decision))
        else:
            _print_decision(decision)
        return
    if json_output:
        emit_json(adapt_json(result, day.isoformat()))
        return
    _print(result, accepted=accept)


def _ids(texts: Sequence[str], *, accept: bool, reject: bool, as_json: bool) -> list[int]:
    """The IDs given ([] for none or 'all', which --accept alone also means)."""
    if texts and not (accept or reject):
        fail(
            "IDs need --accept or --reject", "e.g. everyrun plan adapt --accept 3", as_json=as_json
        )
    if accept and reject:
        fail(
            "give --accept or --reject, not both",
            "accept some changes and reject others in two commands",
            as_json=as_json,
        )
    if [t.lower() for t in texts] == ["all"]:
        if reject:
            fail("--reject needs the IDs of the changes to turn down", as_json=as_json)
        return []
    chosen: list[int] = []
    for text in texts:
        if not text.isdigit():
            fail(
                f"{text!r} is not a change ID",
                "IDs are the numbers `everyrun plan adapt` lists, or 'all'",
                as_json=as_json,
            )
        chosen.append(int(text))
    if reject and not chosen:
        fail("--reject needs the IDs of the changes to turn down", as_json=as_json)
    return chosen


def change_json(change: Change) -> dict[str, Any]:
    return {
        "rule": change.rule.value,
        "day": change.day.isoformat(),
        "sentence": change.sentence,
        "before": session_to_dict(change.before) if change.before is not None else None,
        "after": session_to_dict(change.after) if change.after is not None else None,
    }


def stored_change_json(stored: StoredChange) -> dict[str, Any]:
    return {
        "id": stored.id,
        "plan_id": stored.plan_id,
        "as_of": stored.as_of.isoformat(),
        "status": stored.status.value,
        **change_json(stored.change),
    }


def adapt_json(result: AdaptResult, as_of: str) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "plan_id": result.plan_id,
        "saved_plan_id": result.saved_plan_id,
        "readiness": result.readiness,
        "sick_days": [d.isoformat() for d in result.sick_days],
        "new_vdot": result.new_vdot,
        "changes": [stored_change_json(c) for c in result.suggested],
        "refused": [{"sentence": r.change.sentence, "reason": r.reason} for r in result.refused],
    }


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "plan_id": decision.plan_id,
        "saved_plan_id": decision.saved_plan_id,
        "accepted": [c.id for c in decision.accepted],
        "rejected": [c.id for c in decision.rejected],
        "refused": [{"id": c.id, "reason": reason} for c, reason in decision.refused],
    }


def suggested_json(suggested: Sequence[StoredChange]) -> list[dict[str, Any]]:
    """The changes an import or log suggested, for their --json output."""
    return [stored_change_json(c) for c in suggested]


def print_suggested(suggested: Sequence[StoredChange]) -> None:
    """One line after an import or log, only when the plan has changes to suggest."""
    if suggested:
        n = len(suggested)
        console.print(
            f"plan: {n} change{'s' if n != 1 else ''} suggested — see `{ADAPT_COMMAND}`",
            markup=False,
        )


def suggest_after_logging(db: str | None, time_zone: str | None = None) -> list[StoredChange]:
    """For commands that closed their store: open it again and propose today's changes."""
    try:
        with opened(db, time_zone) as context:
            return propose_changes(context.store, context.athlete, context.today, context.now)
    except EveryrunError:  # a suggestion must never fail the import that came first
        return []


def _print(result: AdaptResult, *, accepted: bool) -> None:
    if not result.suggested:
        console.print("Nothing to change: the plan still fits what happened.")
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="Changes")
    for header in ("ID", "Day", "Rule", "Change"):
        table.add_column(header, overflow="fold")
    for stored in result.suggested:
        change = stored.change
        table.add_row(
            str(stored.id),
            f"{change.day:%a %d %b}",
            change.rule.value.replace("_", " "),
            escape(change.sentence),
        )
    console.print(table)
    for refusal in result.refused:
        console.print(
            f"[yellow]Not kept:[/] {escape(refusal.change.sentence)} — {escape(refusal.reason)}"
        )
    if result.saved_plan_id is not None:
        console.print(
            f"Kept as plan {result.saved_plan_id}; plan {result.plan_id} stays as the earlier "
            "version."
        )
    elif not accepted:
        console.print(
            "Suggested only: [bold]--accept ID[/] keeps a change (or [bold]--accept all[/]), "
            "[bold]--reject ID[/] turns one down."
        )


def _print_decision(decision: Decision) -> None:
    if decision.rejected:
        console.print(f"Rejected {_list(decision.rejected)}: not suggested again for that day.")
    for stored, reason in decision.refused:
        console.print(f"[yellow]Not kept:[/] change {stored.id}: {escape(reason)}")
    if decision.saved_plan_id is not None:
        console.print(
            f"Accepted {_list(decision.accepted)}: kept as plan {decision.saved_plan_id}; plan "
            f"{decision.plan_id} stays as the earlier version (`everyrun plan diff "
            f"{decision.plan_id} {decision.saved_plan_id}`)."
        )


def _list(changes: Sequence[StoredChange]) -> str:
    ids = ", ".join(str(c.id) for c in changes)
    return f"change{'s' if len(changes) != 1 else ''} {ids}"
