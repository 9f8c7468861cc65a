"""Today: the day's sessions with purpose, why and success; readiness; the wellness form."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from everyrun.domain.errors import EveryrunError
from everyrun.domain.log_parsing import parse_niggles
from everyrun.domain.wellness import WELLNESS_VALUES, label
from everyrun.exporters.jsonable import to_jsonable
from everyrun.services.adaptation import pending_changes, propose_changes
from everyrun.services.logs import log_wellness
from everyrun.services.today import TodayView, today_view
from everyrun.web.comments import comments_for
from everyrun.web.context import WebContext, log_context, web_context
from everyrun.web.plan_changes import changes_json
from everyrun.web.planned_session import session_view
from everyrun.web.templating import page

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]
LogContext = Annotated[WebContext, Depends(log_context)]  # only the athlete writes their log

# The quick form's fields, in the order a runner fills them in the morning.
FORM_FIELDS = (
    ("sleep_hours", "Sleep (h)", "0.1", "0", "16"),
    ("sleep_quality", "Sleep quality (1–5)", "1", "1", "5"),
    ("hrv_rmssd_ms", "HRV rMSSD (ms)", "1", "5", "300"),
    ("resting_heart_rate_bpm", "Resting HR (bpm)", "1", "25", "120"),
    ("soreness", "Soreness (0–10)", "1", "0", "10"),
    ("fatigue", "Fatigue (0–10)", "1", "0", "10"),
    ("stress", "Stress (0–10)", "1", "0", "10"),
    ("mood", "Mood (1–5)", "1", "1", "5"),
    ("hydration_litres", "Hydration (l)", "0.1", "0", "15"),
    ("nutrition", "Nutrition (1–5)", "1", "1", "5"),
)


class WellnessIn(BaseModel):
    """A day's wellness values; leave out what you did not measure."""

    day: date | None = Field(None, description="The local day (default: today).")
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    hrv_rmssd_ms: float | None = None
    resting_heart_rate_bpm: float | None = None
    soreness: int | None = None
    fatigue: int | None = None
    stress: int | None = None
    mood: int | None = None
    hydration_litres: float | None = None
    nutrition: int | None = None
    illness: bool | None = None
    illness_note: str | None = None
    niggles: str | None = Field(None, description='e.g. "left achilles:3; right knee:2"')


def today_json(view: TodayView) -> dict[str, Any]:
    return {
        "day": view.day.isoformat(),
        "has_plan": view.has_plan,
        "sessions": [session_view(s) for s in view.sessions],
        "readiness": to_jsonable(view.readiness),
        "wellness": to_jsonable(view.wellness),
    }


def _day_or_today(day: date | None, context: WebContext) -> date:
    return context.today if day is None else day


@router.get("/api/today", tags=["today"], summary="The day's sessions, readiness and wellness")
def api_today(
    context: Context, day: Annotated[date | None, Query(description="Default: today")] = None
) -> dict[str, Any]:
    day = _day_or_today(day, context)
    return today_json(today_view(context.store, context.athlete, day, context.today))


@router.post("/api/wellness", tags=["today"], summary="Log wellness values for a day")
def api_wellness(body: WellnessIn, context: LogContext) -> dict[str, Any]:
    values = body.model_dump(exclude={"day", "niggles"})
    niggles = parse_niggles(body.niggles) if body.niggles else []
    entry = log_wellness(
        context.store,
        context.athlete,
        _day_or_today(body.day, context),
        {name: value for name, value in values.items() if value is not None},
        niggles=niggles,
        today=context.today,
        now_utc=context.now,
    )
    suggested = propose_changes(context.store, context.athlete, context.today, context.now)
    return {"wellness": to_jsonable(entry), "suggested_changes": changes_json(suggested)}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def today_page(
    request: Request, context: Context, day: date | None = None, logged: bool = False
) -> Response:
    view = today_view(context.store, context.athlete, _day_or_today(day, context), context.today)
    return _page(
        request,
        view,
        logged=logged,
        suggested=_suggested(context),
        comments=_comments(context, view),
    )


def _comments(context: WebContext, view: TodayView) -> dict[str, list[Any]]:
    """The day's session comments, from the athlete's coach or the athlete."""
    return comments_for(context, [s.id for s in view.sessions])


def _suggested(context: WebContext) -> int:
    """How many plan changes wait for the athlete: stored ones, the rules are not run here."""
    return len(pending_changes(context.store, context.athlete))


def _page(
    request: Request,
    view: TodayView,
    *,
    logged: bool = False,
    error: EveryrunError | None = None,
    entered: dict[str, str] | None = None,
    suggested: int = 0,
    status_code: int = 200,
    comments: dict[str, list[Any]] | None = None,
) -> HTMLResponse:
    return page(
        request,
        "today.html",
        title=f"Today · {view.day:%a %d %b}",
        status_code=status_code,
        view=view,
        sessions=[session_view(s) for s in view.sessions],
        fields=FORM_FIELDS,
        entered=entered or {},
        logged=logged,
        error=error,
        label=label,
        suggested=suggested,
        comments=comments or {},
    )


@router.post("/wellness", response_class=HTMLResponse, include_in_schema=False)
async def wellness_form(request: Request, context: LogContext) -> Response:
    form = await request.form()
    entered = {key: str(value).strip() for key, value in form.items() if isinstance(value, str)}
    try:
        day = date.fromisoformat(entered.get("day") or context.today.isoformat())
    except ValueError:
        day = context.today
        error: EveryrunError | None = EveryrunError(
            f"date {entered.get('day')!r} is not a date", "write dates as YYYY-MM-DD"
        )
    else:
        error = None
    if error is None:
        values: dict[str, Any] = {
            name: entered[name] for name in WELLNESS_VALUES if entered.get(name)
        }
        if "illness" in values:
            values["illness"] = values["illness"] in ("on", "yes", "true", "1")
        try:
            niggles = parse_niggles(entered["niggles"]) if entered.get("niggles") else []
            log_wellness(
                context.store,
                context.athlete,
                day,
                values,
                niggles=niggles,
                today=context.today,
                now_utc=context.now,
            )
        except EveryrunError as refused:
            error = refused
        else:
            propose_changes(context.store, context.athlete, context.today, context.now)
    if error is None:
        return RedirectResponse(f"/?day={day.isoformat()}&logged=1", status_code=303)
    view = today_view(context.store, context.athlete, day, context.today)
    return _page(
        request,
        view,
        error=error,
        entered=entered,
        suggested=_suggested(context),
        status_code=400,
        comments=_comments(context, view),
    )
