"""Plan changes: what adaptation suggests, decided by the athlete; and the plan's versions.

The rules run only when asked (the "check" button, `POST /api/plan/changes/check`) or after an
import or a log; pages read the stored suggestions, so viewing them costs no re-planning. An
accepted change makes a new plan version and the older one is kept, so any two can be compared.
Suggestions made to an older version can no longer be accepted: after an accept, today's
suggestions are made again against the new version, so the rest stay one click away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from everyrun.domain.adaptation.changes import Change, ChangeStatus, Rule
from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.session import PlannedSession
from everyrun.exporters.plan_text import session_totals
from everyrun.exporters.plan_versions_json import diff_json, version_json
from everyrun.services.adaptation import (
    AdaptResult,
    Decision,
    decide_changes,
    pending_changes,
    plan_diff,
    plan_versions,
    propose_changes,
    suggest_changes,
)
from everyrun.services.ports import StoredChange
from everyrun.web.context import (
    MAX_RECORD_ID,
    RecordId,
    WebContext,
    plan_context,
    web_context,
)
from everyrun.web.errors import status_for
from everyrun.web.planned_session import session_view
from everyrun.web.templating import page

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]
PlanContext = Annotated[WebContext, Depends(plan_context)]  # the athlete or their coach

RULE_LABELS = {
    Rule.MISSED_KEY_SESSION: "Missed key session",
    Rule.READINESS: "Readiness",
    Rule.ILLNESS: "Illness",
    Rule.NEW_FITNESS: "New fitness",
    Rule.NIGGLE: "Niggle",
    Rule.LOAD: "Load",
    Rule.LOST_TIME: "Lost time",
}


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangesView:
    plan_id: int | None  # the active version
    pending: list[StoredChange]  # open on the active version: can be accepted or rejected
    decided: list[StoredChange]  # accepted or rejected, newest decision first
    outdated: list[StoredChange]  # still open, but on an older version: cannot be accepted


def changes_view(context: WebContext) -> ChangesView:
    """Every stored suggestion, sorted by where it stands for the athlete today."""
    store, athlete = context.store, context.athlete
    plan_id = store.active_plan_id(athlete)
    every = store.plan_changes(athlete)
    open_ = [c for c in every if c.status is ChangeStatus.PROPOSED]
    decided = [c for c in every if c.status is not ChangeStatus.PROPOSED]
    decided.sort(key=lambda c: (c.decided_at or c.created_at, c.id), reverse=True)
    return ChangesView(
        plan_id,
        [c for c in open_ if c.plan_id == plan_id],
        decided,
        [c for c in open_ if c.plan_id != plan_id],
    )


def rule_label(rule: Rule) -> str:
    return RULE_LABELS.get(rule, rule.value.replace("_", " "))


def change_summary(change: Change) -> str:
    """For a plan-wide change with no session before or after: what it does."""
    if change.new_vdot is not None:
        return f"Paces from {change.day:%a %d %b} at VDOT {change.new_vdot:.1f}"
    return f"{len(change.removed)} session(s) out, {len(change.added)} in"


def _session(session: PlannedSession | None) -> dict[str, Any] | None:
    return None if session is None else session_view(session)


def change_json(stored: StoredChange) -> dict[str, Any]:
    """One suggestion as `everyrun plan adapt --json` lists it, plus readable labels."""
    change = stored.change
    return {
        "id": stored.id,
        "plan_id": stored.plan_id,
        "as_of": stored.as_of.isoformat(),
        "status": stored.status.value,
        "rule": change.rule.value,
        "rule_label": rule_label(change.rule),
        "day": change.day.isoformat(),
        "sentence": change.sentence,
        "before": _session(change.before),
        "after": _session(change.after),
        "new_vdot": change.new_vdot,
        "created_at": stored.created_at.isoformat(),
        "decided_at": stored.decided_at.isoformat() if stored.decided_at else None,
        "applied_plan_id": stored.applied_plan_id,
    }


def changes_json(changes: Sequence[StoredChange]) -> list[dict[str, Any]]:
    return [change_json(c) for c in changes]


def view_json(view: ChangesView) -> dict[str, Any]:
    return {
        "plan_id": view.plan_id,
        "pending": changes_json(view.pending),
        "decided": changes_json(view.decided),
        "outdated": changes_json(view.outdated),
    }


def check_json(result: AdaptResult, context: WebContext) -> dict[str, Any]:
    return {
        "as_of": context.today.isoformat(),
        "plan_id": result.plan_id,
        "readiness": result.readiness,
        "sick_days": [d.isoformat() for d in result.sick_days],
        "new_vdot": result.new_vdot,
        "changes": changes_json(result.suggested),
    }


def decision_json(decision: Decision, suggested: Sequence[StoredChange]) -> dict[str, Any]:
    return {
        "plan_id": decision.plan_id,
        "saved_plan_id": decision.saved_plan_id,
        "accepted": [c.id for c in decision.accepted],
        "rejected": [c.id for c in decision.rejected],
        "refused": [{"id": c.id, "reason": reason} for c, reason in decision.refused],
        "diff": _diff_url(decision),
        "suggested_changes": changes_json(suggested),
    }


def _diff_url(decision: Decision) -> str | None:
    if decision.saved_plan_id is None:
        return None
    return f"/plan/versions/diff?old={decision.plan_id}&new={decision.saved_plan_id}"


# --- use cases, with the web's context ---------------------------------------------------------


def check_now(context: WebContext) -> AdaptResult:
    """Today's suggestions, as `everyrun plan adapt` makes and keeps them."""
    return suggest_changes(
        context.store,
        context.athlete,
        as_of=context.today,
        today=context.today,
        now_utc=context.now,
    )


def decide(
    context: WebContext,
    *,
    accept: Sequence[int] = (),
    reject: Sequence[int] = (),
    strict: bool = True,
) -> tuple[Decision, list[StoredChange]]:
    """Record the decision; after a new version, suggest today's changes again against it."""
    decision = decide_changes(
        context.store,
        context.athlete,
        accept=accept,
        reject=reject,
        now_utc=context.now,
        strict=strict,
    )
    suggested: list[StoredChange] = []
    if decision.saved_plan_id is not None:
        suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    return decision, suggested


def accept_all(context: WebContext) -> tuple[Decision, list[StoredChange]]:
    """Every open suggestion that fits goes in; one that does not is left out with its reason
    (as `everyrun plan adapt --accept all`)."""
    ids = [c.id for c in pending_changes(context.store, context.athlete)]
    if not ids:
        raise EveryrunError("no suggested changes to accept", "check for changes first")
    return decide(context, accept=ids, strict=False)


# --- API ---------------------------------------------------------------------------------------


@router.get(
    "/api/plan/changes",
    tags=["plan changes"],
    summary="Suggested plan changes: open on the active version, decided, and outdated",
)
def api_changes(context: Context) -> dict[str, Any]:
    return view_json(changes_view(context))


@router.post(
    "/api/plan/changes/check",
    tags=["plan changes"],
    summary="Re-plan from today by the adaptation rules; the suggestions, kept as proposed",
)
def api_check(context: PlanContext) -> dict[str, Any]:
    return check_json(check_now(context), context)


@router.post(
    "/api/plan/changes/accept-all",
    tags=["plan changes"],
    summary="Accept every open suggestion that fits into a new plan version",
)
def api_accept_all(context: PlanContext) -> dict[str, Any]:
    return decision_json(*accept_all(context))


@router.post(
    "/api/plan/changes/{change_id}/accept",
    tags=["plan changes"],
    summary="Accept one suggestion into a new plan version (refused if a rule would break)",
)
def api_accept(change_id: RecordId, context: PlanContext) -> dict[str, Any]:
    return decision_json(*decide(context, accept=[change_id]))


@router.post(
    "/api/plan/changes/{change_id}/reject",
    tags=["plan changes"],
    summary="Reject one suggestion: it is not suggested again for that day",
)
def api_reject(change_id: RecordId, context: PlanContext) -> dict[str, Any]:
    return decision_json(*decide(context, reject=[change_id]))


@router.get(
    "/api/plan/versions",
    tags=["plan changes"],
    summary="Every version of the plan, oldest first, with why it was made",
)
def api_versions(context: Context) -> dict[str, Any]:
    return {"versions": [version_json(v) for v in plan_versions(context.store, context.athlete)]}


@router.get(
    "/api/plan/diff",
    tags=["plan changes"],
    summary="Two plan versions compared: sessions added, removed and changed",
)
def api_diff(
    context: Context,
    old: Annotated[int, Query(ge=1, le=MAX_RECORD_ID, description="The earlier plan's ID")],
    new: Annotated[int, Query(ge=1, le=MAX_RECORD_ID, description="The later plan's ID")],
) -> dict[str, Any]:
    diffs = plan_diff(context.store, context.athlete, old, new)
    return {"old": old, "new": new, "sessions": [diff_json(d) for d in diffs]}


# --- pages -------------------------------------------------------------------------------------


def _changes_page(
    request: Request,
    context: WebContext,
    *,
    notice: str | None = None,
    refused: Sequence[tuple[StoredChange, str]] = (),
    error: EveryrunError | None = None,
    saved: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = changes_view(context)
    versions = plan_versions(context.store, context.athlete)
    ids = [v.version.id for v in versions]
    diff_url = None
    if saved in ids and ids.index(saved) > 0:  # the new version against the one before it
        diff_url = f"/plan/versions/diff?old={ids[ids.index(saved) - 1]}&new={saved}"
    return page(
        request,
        "plan_changes.html",
        title="Plan changes",
        status_code=status_code,
        view=view,
        versions=versions,
        zone=context.zone,
        rule_label=rule_label,
        change_summary=change_summary,
        totals=session_totals,
        diff_url=diff_url,
        notice=notice,
        refused=refused,
        error=error,
    )


def _notice(
    checked: int | None, accepted: str | None, rejected: int | None, saved: int | None
) -> str | None:
    if checked is not None:
        if checked == 0:
            return "Checked: nothing to change, the plan still fits what happened."
        return f"Checked: {checked} change{'s' if checked != 1 else ''} suggested."
    if rejected is not None:
        return f"Rejected change {rejected}: it is not suggested again for that day."
    if accepted is not None and saved is not None:
        which = (
            f"changes {accepted.replace(',', ', ')}" if "," in accepted else f"change {accepted}"
        )
        return f"Accepted {which}: kept as plan {saved}; the earlier version is kept."
    return None


@router.get("/plan/changes", response_class=HTMLResponse, include_in_schema=False)
def changes_page(
    request: Request,
    context: Context,
    checked: int | None = None,
    accepted: Annotated[str | None, Query(pattern=r"^[0-9, ]{1,200}$")] = None,
    rejected: int | None = None,
    saved: int | None = None,
) -> Response:
    notice = _notice(checked, accepted, rejected, saved)
    return _changes_page(request, context, notice=notice, saved=saved)


def _refused(
    request: Request, context: WebContext, error: EveryrunError
) -> HTMLResponse:  # the page again, with the reason; nothing was changed
    return _changes_page(request, context, error=error, status_code=status_for(error))


def _after_decision(request: Request, context: WebContext, decision: Decision) -> Response:
    if decision.rejected and not decision.accepted:
        return RedirectResponse(
            f"/plan/changes?rejected={decision.rejected[0].id}", status_code=303
        )
    if decision.refused and decision.saved_plan_id is None:  # accept all: none of them fitted
        return _changes_page(request, context, refused=decision.refused, status_code=400)
    ids = ",".join(str(c.id) for c in decision.accepted)
    target = f"/plan/changes?accepted={ids}&saved={decision.saved_plan_id}"
    if decision.refused:  # some fitted: show what was kept and what was not, on this answer
        notice = _notice(None, ids, None, decision.saved_plan_id)
        return _changes_page(
            request, context, notice=notice, refused=decision.refused, saved=decision.saved_plan_id
        )
    return RedirectResponse(target, status_code=303)


@router.post("/plan/changes/check", response_class=HTMLResponse, include_in_schema=False)
def check_form(request: Request, context: PlanContext) -> Response:
    try:
        result = check_now(context)
    except EveryrunError as refused:
        return _refused(request, context, refused)
    return RedirectResponse(f"/plan/changes?checked={len(result.suggested)}", status_code=303)


@router.post("/plan/changes/accept-all", response_class=HTMLResponse, include_in_schema=False)
def accept_all_form(request: Request, context: PlanContext) -> Response:
    try:
        decision, _ = accept_all(context)
    except EveryrunError as refused:
        return _refused(request, context, refused)
    return _after_decision(request, context, decision)


@router.post(
    "/plan/changes/{change_id}/accept", response_class=HTMLResponse, include_in_schema=False
)
def accept_form(request: Request, change_id: RecordId, context: PlanContext) -> Response:
    try:
        decision, _ = decide(context, accept=[change_id])
    except EveryrunError as refused:
        return _refused(request, context, refused)
    return _after_decision(request, context, decision)


@router.post(
    "/plan/changes/{change_id}/reject", response_class=HTMLResponse, include_in_schema=False
)
def reject_form(request: Request, change_id: RecordId, context: PlanContext) -> Response:
    try:
        decision, _ = decide(context, reject=[change_id])
    except EveryrunError as refused:
        return _refused(request, context, refused)
    return _after_decision(request, context, decision)


@router.get("/plan/versions/diff", response_class=HTMLResponse, include_in_schema=False)
def diff_page(
    request: Request,
    context: Context,
    old: Annotated[int, Query(ge=1, le=MAX_RECORD_ID)],
    new: Annotated[int, Query(ge=1, le=MAX_RECORD_ID)],
) -> Response:
    diffs = plan_diff(context.store, context.athlete, old, new)
    return page(
        request,
        "plan_diff.html",
        title=f"Plan {old} → plan {new}",
        old=old,
        new=new,
        diffs=diffs,
        versions=plan_versions(context.store, context.athlete),
        zone=context.zone,
    )
