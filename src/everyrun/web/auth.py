"""Signing up, in and out on a shared server, by page and by API. Pages set an HttpOnly,
SameSite=Lax session cookie; scripts use API tokens (`Authorization: Bearer er_...`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from everyrun.domain.accounts.people import Account, AccountError, Role
from everyrun.domain.errors import EveryrunError, NotFoundError
from everyrun.services import accounts
from everyrun.web.context import (
    SESSION_COOKIE,
    AppState,
    SignInRequired,
    app_state,
    check_csrf,
    request_viewer,
)
from everyrun.web.templating import page

router = APIRouter()
ROLES = (("athlete", "Athlete"), ("coach", "Coach"))


def accounts_state(request: Request) -> AppState:
    """The app's state, on a server with accounts (the single-user app has no sign-in)."""
    state = app_state(request)
    if not state.accounts:
        raise NotFoundError(
            "this everyrun runs for one person, without accounts",
            "start a shared server with `everyrun serve --accounts`",
        )
    return state


State = Annotated[AppState, Depends(accounts_state)]


def signed_in(request: Request, state: State) -> accounts.Viewer:
    viewer = request_viewer(request)
    if viewer is None:
        raise SignInRequired("sign in first", "sign in, or use an API token for scripts")
    return viewer


Signed = Annotated[accounts.Viewer, Depends(signed_in)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(target: str | None) -> str:
    """Only a path on this server: never an open redirect to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _set_session(response: Response, state: AppState, signed: accounts.Signed) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        signed.token,
        max_age=int((signed.expires_at - state.clock()).total_seconds()),
        httponly=True,
        samesite="lax",
        secure=state.secure_cookies,
        path="/",
    )


def account_json(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "email": account.email,
        "name": account.name,
        "role": account.role.value,
        "athlete_id": account.athlete_id,
    }


# --- API ---------------------------------------------------------------------------------------


class SignUpIn(BaseModel):
    email: str = Field(description="Your email address: it signs you in.")
    password: str = Field(description="At least 10 characters.")
    name: str = Field(description="As coaches and athletes will see it.")
    role: Role = Role.ATHLETE
    invitation: str | None = Field(None, description="An invitation token, if you have one.")


class SignInIn(BaseModel):
    email: str
    password: str


class TokenIn(BaseModel):
    name: str = Field(description='What the token is for, e.g. "nightly import".')


def _sign_up(state: AppState, body: SignUpIn) -> Account:
    assert state.hasher is not None
    return accounts.sign_up(
        state.store,
        state.hasher,
        email=body.email,
        password=body.password,
        name=body.name,
        role=body.role,
        now=state.clock(),
        invitation=body.invitation,
    )


@router.post("/api/auth/signup", tags=["accounts"], summary="Make an account", status_code=201)
def api_sign_up(body: SignUpIn, state: State) -> dict[str, Any]:
    return {"account": account_json(_sign_up(state, body))}


@router.post(
    "/api/auth/signin",
    tags=["accounts"],
    summary="Sign in: sets the session cookie and returns its CSRF token",
)
def api_sign_in(
    body: SignInIn, request: Request, response: Response, state: State
) -> dict[str, Any]:
    assert state.hasher is not None
    signed = accounts.sign_in(
        state.store,
        state.hasher,
        email=body.email,
        password=body.password,
        address=client_address(request),
        now=state.clock(),
    )
    _set_session(response, state, signed)
    return {"account": account_json(signed.account), "csrf_token": signed.csrf_token}


@router.post("/api/auth/signout", tags=["accounts"], summary="End this session")
async def api_sign_out(request: Request, response: Response, viewer: Signed) -> dict[str, str]:
    await check_csrf(request, viewer)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.sign_out(app_state(request).store, token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"status": "signed out"}


@router.get("/api/me", tags=["accounts"], summary="Who is signed in")
def api_me(viewer: Signed) -> dict[str, Any]:
    return {"account": account_json(viewer.account)}


@router.post(
    "/api/auth/tokens",
    tags=["accounts"],
    summary="A new API token for scripts (shown once)",
    status_code=201,
)
async def api_new_token(
    body: TokenIn, request: Request, viewer: Signed, state: State
) -> dict[str, Any]:
    await check_csrf(request, viewer)
    token = accounts.issue_api_token(state.store, viewer.account, body.name, state.clock())
    return {"token": token, "name": body.name, "use": "Authorization: Bearer <token>"}


# --- pages -------------------------------------------------------------------------------------


@router.get("/signin", response_class=HTMLResponse, include_in_schema=False)
def sign_in_page(request: Request, state: State, next: str | None = None) -> Response:
    return page(request, "signin.html", title="Sign in", next=safe_next(next), entered={})


@router.post("/signin", response_class=HTMLResponse, include_in_schema=False)
async def sign_in_form(request: Request, state: State) -> Response:
    assert state.hasher is not None
    form = await request.form()
    entered = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    target = safe_next(entered.get("next"))
    try:
        signed = accounts.sign_in(
            state.store,
            state.hasher,
            email=entered.get("email", ""),
            password=entered.get("password", ""),
            address=client_address(request),
            now=state.clock(),
        )
    except EveryrunError as refused:
        from everyrun.web.errors import status_for

        entered.pop("password", None)
        return page(
            request,
            "signin.html",
            title="Sign in",
            status_code=status_for(refused),
            next=target,
            entered=entered,
            error=refused,
        )
    response = RedirectResponse(target, status_code=303)
    _set_session(response, state, signed)
    return response


@router.get("/signup", response_class=HTMLResponse, include_in_schema=False)
def sign_up_page(request: Request, state: State, invite: str | None = None) -> Response:
    return page(
        request, "signup.html", title="Sign up", roles=ROLES, entered={"invitation": invite or ""}
    )


@router.post("/signup", response_class=HTMLResponse, include_in_schema=False)
async def sign_up_form(request: Request, state: State) -> Response:
    assert state.hasher is not None
    form = await request.form()
    entered = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    try:
        role = Role(entered.get("role", "athlete"))
    except ValueError:
        role = Role.ATHLETE
    try:
        body = SignUpIn(
            email=entered.get("email", ""),
            password=entered.get("password", ""),
            name=entered.get("name", ""),
            role=role,
            invitation=entered.get("invitation") or None,
        )
        _sign_up(state, body)
        signed = accounts.sign_in(
            state.store,
            state.hasher,
            email=body.email,
            password=body.password,
            address=client_address(request),
            now=state.clock(),
        )
    except (EveryrunError, AccountError) as refused:
        entered.pop("password", None)
        return page(
            request,
            "signup.html",
            title="Sign up",
            status_code=400,
            roles=ROLES,
            entered=entered,
            error=refused,
        )
    response = RedirectResponse("/", status_code=303)
    _set_session(response, state, signed)
    return response


@router.post("/signout", include_in_schema=False)
async def sign_out_form(request: Request, viewer: Signed) -> Response:
    await check_csrf(request, viewer)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.sign_out(app_state(request).store, token)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
