"""The signed-in person's own account on a shared server: API tokens, coach links,
invitations, and export or deletion of all their data (the athlete's control over it).

Forms POST with the session's CSRF token and answer 303 back to /account with a notice; a new
API token and an invitation link are secrets shown once, so those two answer with the page
itself rather than put the secret into a redirect address (browser history, proxy logs).
Someone else's token or link is not found (404), whatever its ID.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from everyrun.domain.accounts.people import Account, AccountError, CoachLink, LinkStatus, Role
from everyrun.domain.errors import EveryrunError, NotFoundError
from everyrun.services import accounts
from everyrun.services.data_export import export_chunks, link_json
from everyrun.web.auth import ROLES, Signed, State, account_json
from everyrun.web.context import SESSION_COOKIE, AppState, RecordId, check_csrf
from everyrun.web.errors import status_for
from everyrun.web.templating import page

router = APIRouter()

NOTICES = {
    "revoked": "Token revoked: scripts that use it are refused from now on.",
    "asked": "Asked: the athlete sees your request on their account page and accepts it there.",
    "accepted": "Linked: your coach sees your training and can change your plan.",
    "declined": "Declined: the coach sees nothing of yours.",
    "unlinked": "Unlinked: from now on the coach sees nothing of the athlete's.",
}


# --- the use cases both the page and the API call ---------------------------------------------


def _tokens(state: AppState, account: Account) -> list[dict[str, Any]]:
    return [
        {"id": i, "name": name, "created_at": made, "revoked_at": revoked}
        for i, name, made, revoked in state.store.api_tokens(account.id)
    ]


def _links(state: AppState, account: Account) -> tuple[list[CoachLink], list[CoachLink]]:
    """(links where they are the athlete, links where they are the coach), newest first."""
    return (
        state.store.links(athlete_id=account.athlete_id),
        state.store.links(coach_user_id=account.id),
    )


def _invite(
    state: AppState, request: Request, account: Account, email: str, role: str
) -> tuple[str, str]:
    """(token, the sign-up address carrying it): the server sends no mail, the inviter does."""
    try:
        chosen = Role(role)
    except ValueError:
        raise AccountError(f"{role!r} is not a role", "athlete or coach") from None
    token = accounts.invite(state.store, account, email, chosen, state.clock())
    return token, f"{str(request.base_url).rstrip('/')}/signup?invite={token}"


def _confirmed_deletion(account: Account, typed: str) -> None:
    """Deleting everything cannot be undone: the person types their own address first."""
    if typed.strip().lower() != account.email:
        raise AccountError(
            "the address you typed is not this account's",
            "type your email address exactly to delete your account and all your data",
        )


def _export_response(state: AppState, account: Account) -> StreamingResponse:
    now = state.clock()
    return StreamingResponse(
        export_chunks(state.store, account.athlete_id, now=now),
        media_type="application/json",
        headers={
            "content-disposition": f'attachment; filename="everyrun-export-{now:%Y-%m-%d}.json"'
        },
    )


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# --- API ---------------------------------------------------------------------------------------


class LinkIn(BaseModel):
    email: str = Field(description="The athlete's account address.")


class InvitationIn(BaseModel):
    email: str = Field(description="Who may sign up with it: only this address.")
    role: Role = Role.ATHLETE


class DeleteIn(BaseModel):
    confirm: str = Field(description="Your account's email address, typed to confirm.")


@router.get("/api/account", tags=["accounts"], summary="Your account, API tokens and links")
def api_account(viewer: Signed, state: State) -> dict[str, Any]:
    as_athlete, as_coach = _links(state, viewer.account)
    return {
        "account": account_json(viewer.account),
        "tokens": [
            {**t, "created_at": _when(t["created_at"]), "revoked_at": _when(t["revoked_at"])}
            for t in _tokens(state, viewer.account)
        ],
        "links": [link_json(link) for link in as_athlete],
        "coaching": [link_json(link) for link in as_coach],
    }


@router.delete(
    "/api/auth/tokens/{token_id}", tags=["accounts"], summary="Revoke one of your API tokens"
)
async def api_revoke_token(
    token_id: RecordId, request: Request, viewer: Signed, state: State
) -> dict[str, str]:
    await check_csrf(request, viewer)
    state.store.revoke_api_token(viewer.account.id, token_id, at=state.clock())
    return {"status": "revoked"}


@router.post(
    "/api/links",
    tags=["accounts"],
    summary="As a coach, ask an athlete to link (they accept)",
    status_code=201,
)
async def api_request_link(
    body: LinkIn, request: Request, viewer: Signed, state: State
) -> dict[str, Any]:
    await check_csrf(request, viewer)
    link_id = accounts.request_link(state.store, viewer.account, body.email, state.clock())
    found = [link for link in _links(state, viewer.account)[1] if link.id == link_id]
    return {"link": link_json(found[0])}


async def _decide(
    request: Request, viewer: accounts.Viewer, state: AppState, link_id: int, accept: bool
) -> dict[str, Any]:
    await check_csrf(request, viewer)
    link = accounts.decide_link(
        state.store, viewer.account, link_id, accept=accept, now=state.clock()
    )
    return {"link": link_json(link)}


@router.post("/api/links/{link_id}/accept", tags=["accounts"], summary="Accept a coach")
async def api_accept_link(
    link_id: RecordId, request: Request, viewer: Signed, state: State
) -> dict[str, Any]:
    return await _decide(request, viewer, state, link_id, True)


@router.post("/api/links/{link_id}/decline", tags=["accounts"], summary="Decline a coach")
async def api_decline_link(
    link_id: RecordId, request: Request, viewer: Signed, state: State
) -> dict[str, Any]:
    return await _decide(request, viewer, state, link_id, False)


@router.delete("/api/links/{link_id}", tags=["accounts"], summary="End a coach link (either side)")
async def api_unlink(
    link_id: RecordId, request: Request, viewer: Signed, state: State
) -> dict[str, str]:
    await check_csrf(request, viewer)
    accounts.unlink(state.store, viewer.account, link_id, state.clock())
    return {"status": LinkStatus.ENDED.value}


@router.post(
    "/api/invitations",
    tags=["accounts"],
    summary="Invite someone by address: a sign-up link to pass on (shown once)",
    status_code=201,
)
async def api_invite(
    body: InvitationIn, request: Request, viewer: Signed, state: State
) -> dict[str, Any]:
    await check_csrf(request, viewer)
    token, url = _invite(state, request, viewer.account, body.email, body.role.value)
    return {"token": token, "signup_url": url}


@router.get(
    "/api/export",
    tags=["accounts"],
    summary="All your data as one JSON document (streamed)",
    response_class=StreamingResponse,
)
def api_export(viewer: Signed, state: State) -> StreamingResponse:
    return _export_response(state, viewer.account)


@router.delete(
    "/api/account",
    tags=["accounts"],
    summary="Delete your account and all your data (type your email to confirm)",
)
async def api_delete_account(
    body: DeleteIn, request: Request, response: Response, viewer: Signed, state: State
) -> dict[str, str]:
    await check_csrf(request, viewer)
    _confirmed_deletion(viewer.account, body.confirm)
    accounts.delete_account(state.store, viewer.account)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"status": "deleted"}


# --- the page ----------------------------------------------------------------------------------


def _page(
    request: Request,
    state: AppState,
    viewer: accounts.Viewer,
    *,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    as_athlete, as_coach = _links(state, viewer.account)
    return page(
        request,
        "account.html",
        title="Your account",
        status_code=status_code,
        account=viewer.account,
        tokens=_tokens(state, viewer.account),
        pending=[link for link in as_athlete if link.status is LinkStatus.PENDING],
        coaches=[link for link in as_athlete if link.status is LinkStatus.ACTIVE],
        coaching=as_coach,
        roles=ROLES,
        notice=NOTICES.get(request.query_params.get("done", "")),
        entered=values.pop("entered", {}),
        **values,
    )


async def _form(request: Request, viewer: accounts.Viewer) -> dict[str, str]:
    await check_csrf(request, viewer)
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}


def _refused(
    request: Request,
    state: AppState,
    viewer: accounts.Viewer,
    form: str,
    error: EveryrunError,
    entered: dict[str, str],
) -> HTMLResponse:
    """The page again with the reason beside the form, and what was typed still in it."""
    return _page(
        request,
        state,
        viewer,
        status_code=status_for(error),
        failed=form,
        error=error,
        entered=entered,
    )


def _done(notice: str) -> RedirectResponse:
    return RedirectResponse(f"/account?done={notice}", status_code=303)


@router.get("/account", response_class=HTMLResponse, include_in_schema=False)
def account_page(request: Request, viewer: Signed, state: State) -> Response:
    return _page(request, state, viewer)


@router.post("/account/tokens", response_class=HTMLResponse, include_in_schema=False)
async def new_token_form(request: Request, viewer: Signed, state: State) -> Response:
    entered = await _form(request, viewer)
    try:
        token = accounts.issue_api_token(
            state.store, viewer.account, entered.get("name", ""), state.clock()
        )
    except EveryrunError as error:
        return _refused(request, state, viewer, "token", error, entered)
    return _page(request, state, viewer, new_token=token, new_token_name=entered.get("name"))


@router.post(
    "/account/tokens/{token_id}/revoke", response_class=HTMLResponse, include_in_schema=False
)
async def revoke_token_form(
    token_id: RecordId, request: Request, viewer: Signed, state: State
) -> Response:
    await _form(request, viewer)
    state.store.revoke_api_token(viewer.account.id, token_id, at=state.clock())
    return _done("revoked")


@router.post("/account/links", response_class=HTMLResponse, include_in_schema=False)
async def request_link_form(request: Request, viewer: Signed, state: State) -> Response:
    entered = await _form(request, viewer)
    try:
        accounts.request_link(state.store, viewer.account, entered.get("email", ""), state.clock())
    except EveryrunError as error:
        return _refused(request, state, viewer, "link", error, entered)
    return _done("asked")


@router.post(
    "/account/links/{link_id}/{action}", response_class=HTMLResponse, include_in_schema=False
)
async def link_form(
    link_id: RecordId, action: str, request: Request, viewer: Signed, state: State
) -> Response:
    await _form(request, viewer)
    now = state.clock()
    if action == "unlink":
        accounts.unlink(state.store, viewer.account, link_id, now)
        return _done("unlinked")
    if action not in ("accept", "decline"):
        raise NotFoundError("there is no such page", "your account page lists your links")
    accept = action == "accept"
    accounts.decide_link(state.store, viewer.account, link_id, accept=accept, now=now)
    return _done("accepted" if accept else "declined")


@router.post("/account/invitations", response_class=HTMLResponse, include_in_schema=False)
async def invite_form(request: Request, viewer: Signed, state: State) -> Response:
    entered = await _form(request, viewer)
    try:
        _, url = _invite(
            state, request, viewer.account, entered.get("email", ""), entered.get("role", "")
        )
    except EveryrunError as error:
        return _refused(request, state, viewer, "invite", error, entered)
    return _page(request, state, viewer, invite_url=url, invited=entered.get("email", ""))


@router.post("/account/delete", response_class=HTMLResponse, include_in_schema=False)
async def delete_form(request: Request, viewer: Signed, state: State) -> Response:
    entered = await _form(request, viewer)
    try:
        _confirmed_deletion(viewer.account, entered.get("confirm", ""))
    except EveryrunError as error:
        return _refused(request, state, viewer, "delete", error, entered)
    accounts.delete_account(state.store, viewer.account)
    response = RedirectResponse("/signup", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
