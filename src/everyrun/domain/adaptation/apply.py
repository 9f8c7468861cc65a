"""Accepting suggested changes one by one: each change's edit is applied to the plan as it
stands, and kept only if the plan still keeps every planning rule it kept before.

A change the athlete accepts alone may build on another one they did not accept (an illness
easing of a run that a move put there): its edit then no longer fits the plan, and it is
refused with that reason rather than applied half-way. A change that would break a rule the
plan meets (`plan_rules.check_plan`) is refused with the rule and its numbers — except for
illness: a sick week cannot hold its strength or its long-run share, and pausing is still right,
so the rule it breaks is kept as unmet *with that reason*, as the planner does for rules the
athlete's inputs make unmeetable. Every rule is then met or says why not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from everyrun.domain.adaptation.changes import Change, Rule
from everyrun.domain.adaptation.lost_weeks import reshaped
from everyrun.domain.adaptation.rules import new_fitness
from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.periodization import plan_calendar
from everyrun.domain.planning.plan import Plan, RuleResult
from everyrun.domain.planning.plan_record import session_to_dict
from everyrun.domain.planning.plan_rules import check_plan
from everyrun.domain.planning.session import PlannedSession, SessionKind

ILLNESS_REASON = "training paused or eased while ill: health comes before the plan's shape"
NO_CAP_KM = 1e9  # the calendar is only read for its taper here, which no cap changes
_KIND_ORDER = (
    SessionKind.RUN,
    SessionKind.CROSS,
    SessionKind.STRENGTH,
    SessionKind.MOBILITY,
    SessionKind.REST,
    SessionKind.RECOVERY,
)


class ChangeConflictError(EveryrunError):
    """A change whose edit does not fit the plan as it stands, or would break a rule."""


@dataclass(frozen=True)
class Refusal:
    change: Change
    reason: str


@dataclass(frozen=True)
class Accepted:
    plan: Plan  # the plan with every applied change, its rule report rechecked
    applied: tuple[Change, ...]
    refused: tuple[Refusal, ...]


def apply_change(plan: Plan, change: Change) -> Plan:
    """The plan with this one change's edit; ChangeConflictError when the sessions it takes out
    are not in the plan exactly as they were when it was suggested."""
    if change.new_vdot is not None:
        return new_fitness(plan, change.new_vdot, change.day).plan
    sessions = {s.id: s for s in plan.sessions}
    for gone in change.removed:
        present = sessions.pop(gone.id, None)
        if present is None or not _same(present, gone):
            raise ChangeConflictError(
                f"{gone.day:%A} {gone.day.isoformat()} no longer holds the {gone.title.lower()} "
                "this change was made for (it builds on another change, or the plan changed)",
                "accept the change it builds on too, or run `everyrun plan adapt` again",
            )
    for new in change.added:
        present = sessions.get(new.id)
        if present is not None and not _same(present, new):
            raise ChangeConflictError(
                f"{new.day:%A} {new.day.isoformat()} already holds another session "
                f"({present.title.lower()})",
                "run `everyrun plan adapt` again for changes that fit the plan as it is",
            )
        sessions[new.id] = new
    ordered = sorted(sessions.values(), key=lambda s: (s.day, _KIND_ORDER.index(s.kind), s.id))
    edited = replace(plan, sessions=tuple(ordered))
    if change.rule is Rule.LOST_TIME and change.added:
        return reshaped(edited, change.day)  # the rebuilt weeks: phases, volumes, race pace
    return edited


def rule_report(
    plan: Plan, reasons_from: Plan | None = None, extra: dict[str, str] | None = None
) -> tuple[RuleResult, ...]:
    """The planning rules checked on `plan`, with the reasons the original plan gave for the
    rules its inputs made unmeetable (and any `extra` ones)."""
    source = reasons_from or plan
    reasons = {r.rule: r.reason for r in source.rules if r.reason} | (extra or {})
    calendar = plan_calendar(plan.goal, plan.runner, plan.start, NO_CAP_KM)
    return check_plan(plan, calendar, reasons)


def broken_rules(before: Plan, after: Plan) -> list[RuleResult]:
    """The rules `before` keeps and `after` does not."""
    met = {r.rule for r in rule_report(before) if r.met}
    return [r for r in rule_report(after, before) if r.rule in met and not r.met]


def accept_changes(plan: Plan, changes: Sequence[Change], *, strict: bool) -> Accepted:
    """Apply the changes in order, each checked against every planning rule the plan kept.
    `strict`: refuse all of them at the first one that does not fit (ChangeConflictError);
    otherwise leave that one out and go on."""
    met = {r.rule for r in rule_report(plan) if r.met}
    current = plan
    applied: list[Change] = []
    refused: list[Refusal] = []
    excused: dict[str, str] = {}
    for change in changes:
        try:
            candidate = apply_change(current, change)
            broken = [
                r
                for r in rule_report(candidate, plan)
                if r.rule in met and r.rule not in excused and not r.met
            ]
            if broken and change.rule is Rule.ILLNESS:
                excused.update((r.rule, ILLNESS_REASON) for r in broken)
            elif broken:
                words = "; ".join(f"{r.rule.replace('_', ' ')}: {r.detail}" for r in broken)
                raise ChangeConflictError(
                    f"it would break a planning rule the plan keeps ({words})",
                    "reject it, or leave it suggested: the plan stays as it is",
                )
        except ChangeConflictError as error:
            if strict:
                raise ChangeConflictError(
                    f"cannot accept “{change.sentence}”: {error.message}", error.hint
                ) from error
            refused.append(Refusal(change, error.message))
            continue
        current = candidate
        applied.append(change)
    if applied:
        current = replace(current, rules=rule_report(current, plan, excused))
    return Accepted(current, tuple(applied), tuple(refused))


def _same(a: PlannedSession, b: PlannedSession) -> bool:
    return a == b or session_to_dict(a) == session_to_dict(b)
