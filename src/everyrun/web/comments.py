"""Comments on planned sessions: a coach (or the athlete) writes, the athlete reads them under
the session on its page and on Today. Reading follows `web_context`; writing `plan_context`
(the athlete or a live-linked coach); only the author edits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from everyrun.domain.accounts.people import Account, SessionComment
from everyrun.domain.errors import NotFoundError
from everyrun.services import comments
from everyrun.web.context import RecordId, WebContext, plan_context, web_context

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]
PlanContext = Annotated[WebContext, Depends(plan_context)]  # the athlete or their coach


class CommentIn(BaseModel):
    body: str = Field(description="1 to 4,000 characters, shown to the athlete.")


def comment_json(comment: SessionComment, context: WebContext) -> dict[str, Any]:
    return {
        "id": comment.id,
        "session_id": comment.session_id,
        "author": comment.author,
        "author_id": comment.author_id,
        "mine": context.viewer is not None and context.viewer.account.id == comment.author_id,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
    }


def author(context: WebContext) -> Account:
    """The signed-in writer; the single-user app has nobody to sign a comment."""
    if context.viewer is None:
        raise NotFoundError(
            "comments are for a shared server, where a coach and athlete sign in",
            "start one with `everyrun serve --accounts`",
        )
    return context.viewer.account


def comments_for(context: WebContext, session_ids: Sequence[str]) -> dict[str, list[Any]]:
    """The sessions' comments for a page, as dicts (none in the single-user app)."""
    if context.viewer is None:
        return {}
    found = comments.comments_by_session(context.store, context.athlete, session_ids)
    return {sid: [comment_json(c, context) for c in listed] for sid, listed in found.items()}


@router.get(
    "/api/plan/sessions/{session_id}/comments",
    tags=["plan"],
    summary="Comments on a planned session, oldest first",
)
def api_comments(session_id: str, context: Context) -> dict[str, Any]:
    found = comments.session_comments(context.store, context.athlete, session_id)
    return {"comments": [comment_json(c, context) for c in found]}


@router.post(
    "/api/plan/sessions/{session_id}/comments",
    tags=["plan"],
    summary="Comment on a planned session (the athlete or their coach)",
    status_code=201,
)
def api_comment(session_id: str, body: CommentIn, context: PlanContext) -> dict[str, Any]:
    made = comments.add_comment(
        context.store, context.athlete, session_id, author(context), body.body, context.now
    )
    return {"comment": comment_json(made, context)}


@router.put(
    "/api/plan/sessions/{session_id}/comments/{comment_id}",
    tags=["plan"],
    summary="Edit your own comment",
)
def api_edit_comment(
    session_id: str, comment_id: RecordId, body: CommentIn, context: PlanContext
) -> dict[str, Any]:
    edited = comments.edit_comment(
        context.store,
        context.athlete,
        session_id,
        comment_id,
        author(context),
        body.body,
        context.now,
    )
    return {"comment": comment_json(edited, context)}


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


def _back(entered: dict[str, str], session_id: str) -> str:
    """Back to Today or to the session's page, at its comments; nowhere else."""
    anchor = f"#comments-{session_id}"
    if entered.get("next", "").startswith("/?day=") and "/" not in entered["next"][1:]:
        return entered["next"] + anchor
    if entered.get("next") == "/":
        return "/" + anchor
    return f"/plan/sessions/{session_id}{anchor}"


@router.post("/plan/sessions/{session_id}/comments", include_in_schema=False)
async def comment_form(request: Request, session_id: str, context: PlanContext) -> Response:
    entered = await _form(request)
    comments.add_comment(
        context.store,
        context.athlete,
        session_id,
        author(context),
        entered.get("body", ""),
        context.now,
    )
    return RedirectResponse(_back(entered, session_id), status_code=303)


@router.post("/plan/sessions/{session_id}/comments/{comment_id}", include_in_schema=False)
async def edit_comment_form(
    request: Request, session_id: str, comment_id: RecordId, context: PlanContext
) -> Response:
    entered = await _form(request)
    comments.edit_comment(
        context.store,
        context.athlete,
        session_id,
        comment_id,
        author(context),
        entered.get("body", ""),
        context.now,
    )
    return RedirectResponse(_back(entered, session_id), status_code=303)
