"""The calendar: weeks of plan against done, as a page and as JSON.

A started week's review reads streams and the history, so a calendar costs a few hundred
milliseconds to compute; the response cache (web.response_cache) keeps the answer until the
athlete's data changes, so that cost is paid once per change, not per request.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from everyrun.domain.audit.review_model import DoneSource, JunkFlag
from everyrun.services.calendar import (
    MAX_WEEKS,
    CalendarView,
    DoneEntry,
    PlannedEntry,
    Status,
    calendar_range,
    calendar_view,
)
from everyrun.web.context import WebContext, web_context
from everyrun.web.templating import page

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]

STATUS_LABELS = {
    Status.DONE: "done as planned",
    Status.PARTLY: "partly as planned",
    Status.OFF: "done, purpose missed",
    Status.MISSED: "missed",
    Status.DUE: "planned",
    Status.UNPLANNED: "unplanned",
    Status.NOT_JUDGED: "done, not judged",
}
STATUS_MARKS = {
    Status.DONE: "✓",
    Status.PARTLY: "◐",
    Status.OFF: "✗",
    Status.MISSED: "✗",
    Status.DUE: "○",
    Status.UNPLANNED: "+",
    Status.NOT_JUDGED: "·",
}


def calendar_for(context: WebContext, first: date | None, weeks: int | None) -> CalendarView:
    """The calendar for the range asked (default: two weeks back to three ahead)."""
    start, count = calendar_range(first, weeks, context.today)
    return calendar_view(
        context.store, context.athlete, first=start, weeks=count, today=context.today
    )


# --- JSON -------------------------------------------------------------------------------------


def _junk_json(flag: JunkFlag) -> dict[str, Any]:
    return {
        "kind": flag.kind.value,
        "day": flag.day.isoformat(),
        "reason": flag.reason,
        "suggestion": flag.suggestion,
    }


def _planned_json(entry: PlannedEntry) -> dict[str, Any]:
    session, done = entry.session, entry.done
    return {
        "id": session.id,
        "title": session.title,
        "kind": session.kind.value,
        "purpose": session.purpose.value,
        "is_key": session.is_key,
        "status": entry.status.value,
        "verdict": entry.verdict,
        "summary": entry.summary,
        "done": None if done is None else {"source": done.source.value, "ref": done.ref},
        "href": f"/plan/sessions/{session.id}",
    }


def _done_json(entry: DoneEntry) -> dict[str, Any]:
    done = entry.done
    return {
        "source": done.source.value,
        "ref": done.ref,
        "title": done.title,
        "kind": done.kind.value,
        "purpose": None if done.purpose is None else done.purpose.value,
        "purpose_source": done.purpose_source.value,
        "status": entry.status.value,
        "verdict": entry.verdict,
        "planned_id": entry.planned_id,
        "junk": [_junk_json(flag) for flag in entry.junk],
        "href": activity_href(entry),
    }


def activity_href(entry: DoneEntry) -> str | None:
    return f"/activities/{entry.done.ref}" if entry.done.source is DoneSource.ACTIVITY else None


def calendar_json(view: CalendarView) -> dict[str, Any]:
    return {
        "first": view.first.isoformat(),
        "last": view.last.isoformat(),
        "today": view.today.isoformat(),
        "has_plan": view.has_plan,
        "weeks": [
            {
                "first": week.first.isoformat(),
                "iso_week": week.iso_week,
                "plan_week": week.plan_week,
                "reviewed": week.reviewed,
                "score": week.score,
                "days": [
                    {
                        "day": day.day.isoformat(),
                        "planned": [_planned_json(e) for e in day.planned],
                        "done": [_done_json(e) for e in day.done],
                        "junk": [_junk_json(flag) for flag in day.junk],
                    }
                    for day in week.days
                ],
            }
            for week in view.weeks
        ],
    }


FromQuery = Annotated[
    date | None,
    Query(alias="from", description="A day in the first week shown (default: two weeks ago)"),
]
WeeksQuery = Annotated[
    int | None, Query(ge=1, le=MAX_WEEKS, description="How many weeks (default 6)")
]


@router.get(
    "/api/calendar",
    tags=["calendar"],
    summary="Weeks of plan against done, each session marked as the weekly review judges it",
)
def api_calendar(context: Context, first: FromQuery = None, weeks: WeeksQuery = None) -> Any:
    return calendar_json(calendar_for(context, first, weeks))


@router.get("/calendar", response_class=HTMLResponse, include_in_schema=False)
def calendar_page(
    request: Request, context: Context, first: FromQuery = None, weeks: WeeksQuery = None
) -> Response:
    view = calendar_for(context, first, weeks)
    count = len(view.weeks)
    suffix = "" if weeks is None else f"&weeks={count}"
    return page(
        request,
        "calendar.html",
        title=f"Calendar · {view.first:%d %b} – {view.last:%d %b %Y}",
        view=view,
        labels=STATUS_LABELS,
        marks=STATUS_MARKS,
        activity_href=activity_href,
        earlier=f"/calendar?from={(view.first - timedelta(weeks=count)).isoformat()}{suffix}",
        later=f"/calendar?from={(view.first + timedelta(weeks=count)).isoformat()}{suffix}",
    )
