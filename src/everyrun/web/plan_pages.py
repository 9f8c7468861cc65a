"""The plan: the goal, the athlete's profile, making a plan, its weeks, and why each session is
there; as pages with forms and as JSON.

Forms and the API read their values through `services.plan_inputs`, the CLI's own parsing, so
every channel accepts the same forms. A refused form is shown again with the message and what
was typed (400); nothing is stored unless all of it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from everyrun.domain.athlete import DatedProfile
from everyrun.domain.errors import EveryrunError, NotFoundError
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan, PlanWeek
from everyrun.domain.planning.plan_record import goal_to_dict
from everyrun.domain.planning.session import PlannedSession, SessionKind
from everyrun.domain.units import format_duration, format_pace, parse_pace
from everyrun.exporters.jsonable import to_jsonable
from everyrun.exporters.plan_text import session_totals
from everyrun.services import athlete as athlete_service
from everyrun.services import planning
from everyrun.services.plan_inputs import (
    Inputs,
    PlanInputError,
    goal_from,
    is_given,
    overrides_from,
    start_day,
)
from everyrun.web.comments import comments_for
from everyrun.web.context import WebContext, log_context, plan_context, web_context
from everyrun.web.planned_session import session_view
from everyrun.web.templating import page

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]
LogContext = Annotated[WebContext, Depends(log_context)]  # only the athlete writes their log
PlanContext = Annotated[WebContext, Depends(plan_context)]  # the athlete or their coach

NO_GOAL = "no goal: nothing says what to plan for"
NO_GOAL_HINT = "set a goal first (a race, a base-building block or a return from injury)"
# Where each input came from, so a refusal names the form's field.
ORIGINS = {
    "race": "race distance",
    "date": "date",
    "target": "target time",
    "priority": "priority",
    "name": "race name",
    "goal_weekly_km": "weekly km to build to",
    "return_from": "injury",
    "start": "start date",
    "days_per_week": "days per week",
    "weekly_km": "weekly km now",
    "vdot": "VDOT",
    "race_result": "recent race",
}
GOAL_FIELDS = {
    "race": ("race", "date", "target", "priority", "name"),
    "base": ("date", "goal_weekly_km"),
    "return": ("return_from", "date"),
}
PROFILE_FORM = (
    ("max_heart_rate_bpm", "Max HR (bpm)", "188"),
    ("resting_heart_rate_bpm", "Resting HR (bpm)", "48"),
    ("threshold_heart_rate_bpm", "LTHR (bpm)", "171"),
    ("threshold_pace", "Threshold pace", "4:15/km"),
)


# --- reading the inputs -------------------------------------------------------------------------


def goal_inputs(kind: str, fields: Mapping[str, Any]) -> Goal:
    """The goal from a form or a request: only the chosen kind's fields are read."""
    if kind not in GOAL_FIELDS:
        raise PlanInputError(f"goal kind {kind!r} is not race, base or return", "choose one")
    values: dict[str, Any] = {"base": True} if kind == "base" else {}
    for key in GOAL_FIELDS[kind]:
        value = fields.get(key)
        if isinstance(value, str):
            value = value.strip() or None
        if is_given(value):
            values[key] = value
    if kind == "race" and "race" not in values:
        raise PlanInputError("a race goal needs its distance", "e.g. half, 10k or 15k")
    if kind == "return" and "return_from" not in values:
        raise PlanInputError("a return goal needs the injury", "e.g. achilles")
    goal = goal_from(Inputs(values, ORIGINS))
    assert goal is not None  # a kind is always given
    return goal


def plan_inputs(fields: Mapping[str, Any]) -> Inputs:
    values = {key: value for key, value in fields.items() if key in ORIGINS}
    values = {
        key: (value.strip() or None) if isinstance(value, str) else value
        for key, value in values.items()
    }
    return Inputs({k: v for k, v in values.items() if is_given(v)}, ORIGINS)


def profile_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The profile's values as set_profile takes them; a pace is read as the runner types it."""
    values: dict[str, Any] = {}
    for name, _, _ in PROFILE_FORM:
        value = fields.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            continue
        if name == "threshold_pace":
            values["threshold_speed_mps"] = parse_pace(str(value)).speed_mps
        else:
            values[name] = value
    return values


# --- use cases, with the web's context ---------------------------------------------------------


def save_goal(context: WebContext, goal: Goal) -> Goal:
    return planning.set_goal(
        context.store, context.athlete, goal, now_utc=context.now, today=context.today
    )


def save_profile(context: WebContext, values: dict[str, Any], day: date | None) -> DatedProfile:
    dated = athlete_service.set_profile(
        context.store,
        context.athlete,
        values,
        effective_from=day or context.today,
        now_utc=context.now,
    )
    context.state.forget_zone()
    return dated


def make_plan(context: WebContext, inputs: Inputs, goal: Goal | None) -> dict[str, Any]:
    """Build and store a plan for `goal` (default: the current goal); all or nothing."""
    chosen = goal or context.store.current_goal(context.athlete)
    if chosen is None:
        raise PlanInputError(NO_GOAL, NO_GOAL_HINT)
    first_day = start_day(inputs, context.today + timedelta(days=1))
    resolution = planning.runner_inputs(
        context.store, context.athlete, day=first_day, overrides=overrides_from(inputs)
    )
    plan_id, plan = planning.create_plan(
        context.store,
        context.athlete,
        chosen,
        resolution.runner,
        start=first_day,
        created_at=context.now,
        today=context.today,
    )
    if goal is not None:  # after the plan: a goal that cannot be planned is not kept
        save_goal(context, goal)
    return {
        "plan_id": plan_id,
        "sources": resolution.sources,
        "input_notes": list(resolution.notes),
        **plan_summary(plan_id, plan),
    }


def current_plan(context: WebContext) -> tuple[int, Plan] | None:
    return context.store.active_plan(context.athlete)


def required_plan(context: WebContext) -> tuple[int, Plan]:
    found = current_plan(context)
    if found is None:
        raise NotFoundError("no plan yet", "set a goal and make one: PUT /api/goal, POST /api/plan")
    return found


# --- JSON --------------------------------------------------------------------------------------


def goal_json(goal: Goal, today: date) -> dict[str, Any]:
    return {**goal_to_dict(goal), "label": goal_text(goal), "days_to_go": (goal.day - today).days}


def goal_text(goal: Goal) -> str:
    """`half marathon on Sun 14 Mar 2027, target 1:45:00 (4:59/km), priority A`."""
    text = f"{goal.label} on {goal.day:%a %d %b %Y}"
    if goal.kind is GoalKind.RACE:
        if goal.target_time_s and goal.race_distance_m:
            pace = format_pace(goal.race_distance_m / goal.target_time_s)
            text += f", target {format_duration(goal.target_time_s)} ({pace})"
        text += f", priority {goal.priority.value}"
    return text


def key_sessions(plan: Plan, week: PlanWeek) -> list[PlannedSession]:
    return [s for s in plan.sessions_in_week(week.number) if s.is_key and s.kind is SessionKind.RUN]


def week_json(plan: Plan, week: PlanWeek) -> dict[str, Any]:
    encoded: dict[str, Any] = to_jsonable(week)
    return {
        **encoded,
        "end": week.end.isoformat(),
        "key_sessions": [
            {"id": s.id, "day": s.day.isoformat(), "title": s.title, "purpose": s.purpose.value}
            for s in key_sessions(plan, week)
        ],
    }


def plan_summary(plan_id: int, plan: Plan) -> dict[str, Any]:
    return {
        "plan_id": plan_id,
        "goal": goal_to_dict(plan.goal),
        "goal_label": goal_text(plan.goal),
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "sessions": len(plan.sessions),
        "race_pace": format_pace(plan.race_pace_mps) if plan.race_pace_mps else None,
        "feasibility": to_jsonable(plan.feasibility),
        "rules_met": sum(1 for r in plan.rules if r.met),
        "unmet_rules": to_jsonable(plan.unmet_rules),
        "left_out": to_jsonable(plan.left_out),
        "notes": list(plan.notes),
        "weeks": [week_json(plan, week) for week in plan.weeks],
    }


def profile_json(dated: DatedProfile) -> dict[str, Any]:
    profile = dated.profile
    speed = profile.threshold_speed_mps
    return {
        "day": dated.day.isoformat(),
        "max_heart_rate_bpm": profile.max_heart_rate_bpm,
        "resting_heart_rate_bpm": profile.resting_heart_rate_bpm,
        "threshold_heart_rate_bpm": profile.threshold_heart_rate_bpm,
        "threshold_speed_mps": speed,
        "threshold_pace": format_pace(speed) if speed else None,
        "vdot": profile.vdot,
        "time_zone": profile.time_zone,
    }


def explanation_json(found: planning.Explanation) -> dict[str, Any]:
    return {
        "plan_id": found.plan_id,
        "goal": goal_to_dict(found.goal),
        "goal_label": goal_text(found.goal),
        "days_to_goal": found.days_to_goal,
        "week": to_jsonable(found.week) | {"end": found.week.end.isoformat()},
        "session": session_view(found.session),
        "week_sessions": [s.id for s in found.week_sessions],
    }


# --- API ---------------------------------------------------------------------------------------


class GoalIn(BaseModel):
    """A race (distance, date, target, priority), a base block, or a return from injury."""

    kind: Literal["race", "base", "return"] = "race"
    race: str | None = Field(None, description="Race distance: 5k, 10k, half, marathon, 15k...")
    date: str = Field(description="Race day or the block's end, YYYY-MM-DD")
    target: str | None = Field(None, description="Target time, e.g. 1:45:00 (races only)")
    priority: Literal["A", "B", "C"] | None = None
    name: str | None = Field(None, description="The race's name")
    goal_weekly_km: float | None = Field(None, description="Base: the weekly km to build to")
    return_from: str | None = Field(None, description="Return: the injury, e.g. achilles")


class ProfileIn(BaseModel):
    """Profile values to set from a day on (default: today); leave out what stays."""

    max_heart_rate_bpm: float | None = None
    resting_heart_rate_bpm: float | None = None
    threshold_heart_rate_bpm: float | None = None
    threshold_pace: str | None = Field(None, description="e.g. 4:15/km or 6:50/mi")
    effective_from: date | None = Field(None, description="First day the values apply")


class PlanIn(BaseModel):
    """A new plan (it replaces the active one); unset inputs come from the history."""

    goal: GoalIn | None = Field(None, description="Plan for this goal (default: the current)")
    start: str | None = Field(None, description="First day, YYYY-MM-DD (default: tomorrow)")
    days_per_week: int | None = Field(None, description="Running days a week, 1–7")
    weekly_km: float | None = Field(None, description="Kilometres in a usual week now")
    vdot: float | None = None
    race_result: str | None = Field(None, description="A recent race, e.g. 10k=45:00")


@router.get("/api/plan", tags=["plan"], summary="The active plan: goal, feasibility and weeks")
def api_plan(context: Context) -> dict[str, Any]:
    return plan_summary(*required_plan(context))


@router.post("/api/plan", tags=["plan"], summary="Make a plan (replaces the active one)")
def api_plan_create(body: PlanIn, context: PlanContext) -> dict[str, Any]:
    goal = None if body.goal is None else goal_inputs(body.goal.kind, body.goal.model_dump())
    return make_plan(context, plan_inputs(body.model_dump(exclude={"goal"})), goal)


@router.get("/api/plan/weeks/{number}", tags=["plan"], summary="One week and its sessions")
def api_plan_week(number: int, context: Context) -> dict[str, Any]:
    plan_id, plan = required_plan(context)
    if not 1 <= number <= len(plan.weeks):
        raise NotFoundError(
            f"the plan has no week {number}", f"its weeks are 1 to {len(plan.weeks)}"
        )
    week = plan.week(number)
    return {
        "plan_id": plan_id,
        "week": week_json(plan, week),
        "sessions": [session_view(s) for s in plan.sessions_in_week(number)],
    }


@router.get(
    "/api/plan/sessions/{session_id}",
    tags=["plan"],
    summary="One session in full and why it is in the plan",
)
def api_plan_session(session_id: str, context: Context) -> dict[str, Any]:
    return explanation_json(planning.explain(context.store, context.athlete, session_id))


@router.get("/api/goal", tags=["plan"], summary="The current goal and the days to go")
def api_goal(context: Context) -> dict[str, Any]:
    goal = context.store.current_goal(context.athlete)
    if goal is None:
        raise NotFoundError("no goal yet", "set one with PUT /api/goal")
    return {"goal": goal_json(goal, context.today)}


@router.put("/api/goal", tags=["plan"], summary="Set the goal plans are made for")
def api_goal_set(body: GoalIn, context: PlanContext) -> dict[str, Any]:
    goal = save_goal(context, goal_inputs(body.kind, body.model_dump()))
    return {"goal": goal_json(goal, context.today)}


@router.get("/api/athlete", tags=["athlete"], summary="The profile in force today")
def api_athlete(context: Context) -> dict[str, Any]:
    dated = athlete_service.profile_for_day(context.store, context.athlete, context.today)
    return {"profile": profile_json(dated)}


@router.put("/api/athlete", tags=["athlete"], summary="Set profile values from a day on")
def api_athlete_set(body: ProfileIn, context: LogContext) -> dict[str, Any]:
    dated = save_profile(context, profile_values(body.model_dump()), body.effective_from)
    return {"profile": profile_json(dated)}


# --- pages -------------------------------------------------------------------------------------


def _plan_page(
    request: Request,
    context: WebContext,
    *,
    saved: str | None = None,
    errors: Mapping[str, EveryrunError] | None = None,
    entered: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    found = current_plan(context)
    goal = context.store.current_goal(context.athlete)
    dated = athlete_service.profile_for_day(context.store, context.athlete, context.today)
    weeks = []
    if found is not None:
        plan = found[1]
        weeks = [
            {
                "week": week,
                "keys": key_sessions(plan, week),
                "sessions": [
                    (s, session_totals(s))
                    for s in plan.sessions_in_week(week.number)
                    if s.kind is not SessionKind.RECOVERY
                ],
                "current": week.start <= context.today <= week.end,
            }
            for week in plan.weeks
        ]
    return page(
        request,
        "plan.html",
        title="Plan",
        status_code=status_code,
        found=found,
        goal=goal,
        goal_label=goal_text(goal) if goal else None,
        days_to_go=(goal.day - context.today).days if goal else None,
        profile=profile_json(dated),
        profile_form=PROFILE_FORM,
        weeks=weeks,
        today=context.today,
        tomorrow=context.today + timedelta(days=1),
        saved=saved,
        errors=errors or {},
        entered=entered or {},
    )


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value).strip() for key, value in form.items() if isinstance(value, str)}


@router.get("/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, context: Context, saved: str | None = None) -> Response:
    return _plan_page(request, context, saved=saved)


@router.post("/plan/goal", response_class=HTMLResponse, include_in_schema=False)
async def goal_form(request: Request, context: PlanContext) -> Response:
    entered = await _form(request)
    try:
        save_goal(context, goal_inputs(entered.get("kind", "race"), entered))
    except EveryrunError as refused:
        return _plan_page(
            request, context, errors={"goal": refused}, entered=entered, status_code=400
        )
    return RedirectResponse("/plan?saved=goal#goal", status_code=303)


@router.post("/plan/athlete", response_class=HTMLResponse, include_in_schema=False)
async def athlete_form(request: Request, context: LogContext) -> Response:
    entered = await _form(request)
    try:
        save_profile(context, profile_values(entered), None)
    except EveryrunError as refused:
        return _plan_page(
            request, context, errors={"athlete": refused}, entered=entered, status_code=400
        )
    return RedirectResponse("/plan?saved=athlete#athlete", status_code=303)


@router.post("/plan/create", response_class=HTMLResponse, include_in_schema=False)
async def create_form(request: Request, context: PlanContext) -> Response:
    entered = await _form(request)
    try:
        make_plan(context, plan_inputs(entered), None)
    except EveryrunError as refused:
        return _plan_page(
            request, context, errors={"create": refused}, entered=entered, status_code=400
        )
    return RedirectResponse("/plan?saved=plan#overview", status_code=303)


@router.get("/plan/sessions/{session_id}", response_class=HTMLResponse, include_in_schema=False)
def session_page(request: Request, session_id: str, context: Context) -> Response:
    found = planning.explain(context.store, context.athlete, session_id)
    return page(
        request,
        "plan_session.html",
        title=f"{found.session.title} · {found.session.day:%a %d %b}",
        found=found,
        s=session_view(found.session),
        goal_label=goal_text(found.goal),
        others=[s for s in found.week_sessions if s.id != found.session.id and s.is_key],
        comments=comments_for(context, [found.session.id]),
        comment_next=f"/plan/sessions/{found.session.id}",
    )
