"""The coach's roster: live-linked athletes side by side, who needs attention first, and the
switch that makes every page show one athlete's data (the session's viewing athlete).

The roster reads every linked athlete's data, so the response cache (keyed by one athlete's
revision) does not keep it; rows are kept here instead, per athlete, until that athlete's
revision or local day moves. A link that ends drops the row at once: links are read live.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from everyrun.domain.accounts.people import AccountError, LinkStatus, NotAllowed, Role
from everyrun.domain.errors import NotFoundError
from everyrun.services.accounts import Viewer
from everyrun.services.roster import RosterRow, by_attention, roster_row
from everyrun.web.context import (
    UNSAFE_METHODS,
    AppState,
    SignInRequired,
    app_state,
    check_csrf,
    request_viewer,
)
from everyrun.web.templating import page

router = APIRouter()
MAX_KEPT_ROWS = 4096
MAX_ID = 2**31 - 1  # a larger guess is nobody's, and too large for the database to compare
# Where "view" may lead: the athlete's pages that follow the session's viewing athlete.
VIEW_TARGETS = ("/calendar", "/review", "/load", "/plan", "/activities", "/")


async def coach_viewer(request: Request) -> Viewer:
    """A signed-in coach on a server with accounts; writes carry the session's CSRF token."""
    state = app_state(request)
    if not state.accounts:
        raise NotFoundError(
            "this everyrun runs for one person: there is no roster",
            "start a shared server with `everyrun serve --accounts`",
        )
    viewer = request_viewer(request)
    if viewer is None:
        raise SignInRequired("sign in first", "sign in, or use an API token for scripts")
    if viewer.account.role is not Role.COACH:
        raise NotAllowed(
            "the roster is for coaches",
            "your coach sees your data once you accept their link on your account page",
        )
    if request.method in UNSAFE_METHODS:
        await check_csrf(request, viewer)
    return viewer


Coach = Annotated[Viewer, Depends(coach_viewer)]


class KeptRows:
    """Roster rows kept per (athlete, revision, local day): the costly part of the roster."""

    def __init__(self, max_entries: int = MAX_KEPT_ROWS) -> None:
        self.rows: OrderedDict[tuple[int, int, str], RosterRow] = OrderedDict()
        self.max_entries = max_entries
        self.lock = threading.Lock()

    def row(self, state: AppState, athlete_id: int, name: str) -> RosterRow:
        now = state.clock()
        today = now.astimezone(state.zone_for(athlete_id, now)).date()
        key = (athlete_id, state.store.revision(athlete_id), today.isoformat())
        with self.lock:
            kept = self.rows.get(key)
            if kept is not None:
                self.rows.move_to_end(key)
        if kept is None:
            kept = roster_row(state.store, athlete_id, name, today)
            with self.lock:
                self.rows[key] = kept
                while len(self.rows) > self.max_entries:
                    self.rows.popitem(last=False)
        return kept if kept.name == name else replace(kept, name=name)


def kept_rows(request: Request) -> KeptRows:
    """One store of rows per app (each app has its own database)."""
    found: KeptRows | None = getattr(request.app.state, "roster_rows", None)
    if found is None:
        found = request.app.state.roster_rows = KeptRows()
    return found


def roster(request: Request, viewer: Viewer) -> tuple[list[RosterRow], list[dict[str, Any]]]:
    """The coach's live-linked athletes by attention, and the link requests still pending."""
    state = app_state(request)
    links = state.store.links(coach_user_id=viewer.account.id)
    live: dict[int, str] = {}
    for link in links:
        if link.status is LinkStatus.ACTIVE:
            live.setdefault(link.athlete.athlete_id, link.athlete.name)
    kept = kept_rows(request)
    rows = by_attention(kept.row(state, athlete, name) for athlete, name in live.items())
    pending = [
        {
            "link_id": link.id,
            "name": link.athlete.name,
            "email": link.athlete.email,
            "asked_on": link.created_at.date().isoformat(),
        }
        for link in links
        if link.status is LinkStatus.PENDING
    ]
    return rows, pending


def row_json(row: RosterRow) -> dict[str, Any]:
    return {
        "athlete_id": row.athlete_id,
        "name": row.name,
        "day": row.day.isoformat(),
        "readiness": {"level": row.readiness.value, "reason": row.top_reason},
        "flags": list(row.flags),
        "missed_key_sessions": list(row.missed_key),
        "junk": row.junk,
        "score": row.score,
        "score_reason": row.score_reason,
        "week": row.iso_week,
    }


@router.get(
    "/api/roster",
    tags=["coach"],
    summary="A coach's athletes, who needs attention first (rest, flags, missed, junk)",
)
def api_roster(request: Request, viewer: Coach) -> dict[str, Any]:
    rows, pending = roster(request, viewer)
    return {"athletes": [row_json(r) for r in rows], "pending": pending}


@router.get("/roster", response_class=HTMLResponse, include_in_schema=False)
def roster_page(request: Request, viewer: Coach) -> Response:
    rows, pending = roster(request, viewer)
    return page(
        request,
        "roster.html",
        title="Roster",
        rows=rows,
        pending=pending,
        viewing_id=viewer.viewing_athlete_id,
    )


async def _target(request: Request, default: str) -> str:
    """Where to go after switching: one of the athlete's pages, never elsewhere."""
    wanted = request.query_params.get("next")
    if wanted is None and request.headers.get("content-type", "").startswith(
        "application/x-www-form-urlencoded"
    ):
        value = (await request.form()).get("next")
        wanted = value if isinstance(value, str) else None
    return wanted if wanted in VIEW_TARGETS else default


def _session_hash(viewer: Viewer) -> str:
    if viewer.session_hash is None:
        raise AccountError(
            "an API token has no session to switch",
            "scripts choose the athlete with ?athlete=ID on each request",
        )
    return viewer.session_hash


@router.post("/roster/view/me", include_in_schema=False)
async def view_mine(request: Request, viewer: Coach) -> Response:
    """Back to the coach's own data."""
    app_state(request).store.set_viewing(_session_hash(viewer), None)
    return RedirectResponse(await _target(request, "/"), status_code=303)


@router.post("/roster/view/{athlete_id}", include_in_schema=False)
async def view_athlete(request: Request, athlete_id: int, viewer: Coach) -> Response:
    """Every page shows this athlete's data from now on, while the link is live."""
    store = app_state(request).store
    if athlete_id == viewer.account.athlete_id:
        store.set_viewing(_session_hash(viewer), None)
    elif 0 < athlete_id <= MAX_ID and store.has_live_link(viewer.account.id, athlete_id):
        store.set_viewing(_session_hash(viewer), athlete_id)
    else:
        raise NotFoundError(
            f"no athlete with ID {athlete_id}", "your roster lists the athletes you coach"
        )
    return RedirectResponse(await _target(request, "/calendar"), status_code=303)
