"""Review: a week judged by purpose, and "what was it for?" answered with a form — the page and
the API, over the same services as `everyrun review` and `everyrun why`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field

from everyrun.domain.audit.review_model import DoneSource, WeekReview
from everyrun.domain.audit.weekly_review import NAMEABLE
from everyrun.domain.errors import EveryrunError
from everyrun.exporters.jsonable import to_jsonable
from everyrun.exporters.review_html import review_sections, score_section
from everyrun.services.review import give_purpose, parse_purpose, review, week_start
from everyrun.web.context import RecordId, WebContext, log_context, web_context
from everyrun.web.errors import status_for
from everyrun.web.templating import page

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]
LogContext = Annotated[WebContext, Depends(log_context)]  # only the athlete writes their log

Week = Annotated[str | None, Query(description="ISO week, e.g. 2026-W47 (default: this week).")]
# The review phrases each question with the CLI command that answers it; the page answers with
# a form, so it reads the activity and the suggested purpose from that command.
_ASKED = re.compile(r"^(?P<text>.*?)\s*`everyrun why (?P<ref>\d+) (?P<guess>[a-z_]+)`\s*$")


class PurposeIn(BaseModel):
    """What an activity was for, after the fact."""

    purpose: str = Field(description="e.g. recovery, easy_aerobic, long_run, tempo_threshold")
    note: str | None = Field(None, description="Anything worth keeping.")


@dataclass(frozen=True)
class Question:
    text: str
    activity_id: int | None  # None: a question the page cannot answer with a form
    guess: str | None


def iso_week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def questions(found: WeekReview) -> list[Question]:
    """Each of the review's questions with the activity it asks about."""
    result = []
    for question in found.questions:
        asked = _ASKED.match(question)
        if asked is None:
            result.append(Question(question, None, None))
        else:
            text = asked["text"]
            result.append(Question(text, int(asked["ref"]), asked["guess"]))
    return result


@router.get("/api/review", tags=["review"], summary="A week judged by purpose, junk named")
def api_review(context: Context, week: Week = None) -> dict[str, Any]:
    found = review(context.store, context.athlete, week=week, today=context.today)
    document: dict[str, Any] = to_jsonable(found)
    return document


@router.post(
    "/api/activities/{activity_id}/purpose",
    tags=["review"],
    summary="Say what an activity was for; it is judged against that purpose",
)
def api_purpose(activity_id: RecordId, body: PurposeIn, context: LogContext) -> dict[str, Any]:
    judgement = give_purpose(
        context.store, context.athlete, activity_id, body.purpose, body.note, now_utc=context.now
    )
    return {
        "activity_id": activity_id,
        "purpose": parse_purpose(body.purpose).value,
        "note": body.note,
        "score": judgement.score,
        "verdict": judgement.verdict,
        "summary": judgement.summary,
        "results": to_jsonable(judgement.results),
    }


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(
    request: Request, context: Context, week: Week = None, given: int | None = None
) -> Response:
    found = review(context.store, context.athlete, week=week, today=context.today)
    return _page(request, context, found, given=given)


def _saved(found: WeekReview, activity_id: int | None) -> str | None:
    """The sentence confirming a purpose given through the form, from the review itself."""
    if activity_id is None:
        return None
    for match in found.matches:
        done = match.done
        if done is None or done.source is not DoneSource.ACTIVITY or done.ref != activity_id:
            continue
        purpose = done.purpose.label if done.purpose else "no purpose"
        verdict = f": {match.judgement.verdict}" if match.judgement else ""
        return f"Saved. {done.title} was for {purpose}{verdict}."
    return None


def _page(
    request: Request,
    context: WebContext,
    found: WeekReview,
    *,
    given: int | None = None,
    error: EveryrunError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    current = week_start(None, context.today)
    after = found.first + timedelta(days=7)
    return page(
        request,
        "review.html",
        title=f"Review {found.iso_week}",
        status_code=status_code,
        review=found,
        score=Markup(score_section(found)),
        sections=Markup(review_sections(found)),
        questions=questions(found),
        purposes=NAMEABLE,
        previous_week=iso_week(found.first - timedelta(days=7)),
        next_week=iso_week(after) if after <= current else None,
        this_week=iso_week(current),
        saved=_saved(found, given),
        error=error,
    )


@router.post("/review/purpose", response_class=HTMLResponse, include_in_schema=False)
async def purpose_form(request: Request, context: LogContext) -> Response:
    form = await request.form()
    entered = {key: str(value).strip() for key, value in form.items() if isinstance(value, str)}
    try:
        shown = iso_week(week_start(entered.get("week") or None, context.today))
    except EveryrunError:
        shown = iso_week(week_start(None, context.today))
    try:
        activity = entered.get("activity_id", "")
        if not activity.isdigit():
            raise EveryrunError(f"activity {activity!r} is not an ID", "choose a session")
        give_purpose(
            context.store,
            context.athlete,
            int(activity),
            entered.get("purpose", ""),
            entered.get("note") or None,
            now_utc=context.now,
        )
    except EveryrunError as refused:
        found = review(context.store, context.athlete, week=shown, today=context.today)
        return _page(request, context, found, error=refused, status_code=status_for(refused))
    return RedirectResponse(f"/review?week={shown}&given={activity}", status_code=303)
