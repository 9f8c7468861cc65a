"""Who is asking and when: the store, the athlete, their zone and their today, per request.

Routes take a `WebContext` through `Depends(web_context)` to read, `Depends(log_context)` to
write the athlete's own log, `Depends(plan_context)` to change their plan. The single-user app
fills it with the store's only athlete. With accounts on (a shared server), the person is
signed in by cookie or API token, the athlete is theirs or, for a coach, one they have a live
link to (`?athlete=ID`, or the one chosen on the roster), and anyone else's data does not exist
for them: it answers 404, whatever the ID.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from fastapi import Path, Request
from starlette.types import Scope

from everyrun import bootstrap
from everyrun.config import Settings
from everyrun.domain.accounts.people import Access, NotAllowed, may_log, may_plan
from everyrun.domain.errors import EveryrunError, NotFoundError
from everyrun.services.accounts import PasswordHasher, Viewer, session_viewer, token_viewer
from everyrun.services.accounts import access_to as account_access
from everyrun.store.sql_store import SqlStore

Clock = Callable[[], datetime]
# Record IDs in paths: positive and within a 32-bit integer, the smallest key type a database
# may use; anything else is no record (422), never a driver overflow.
MAX_RECORD_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID, description="A record's ID.")]
SESSION_COOKIE = "everyrun_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def system_clock() -> datetime:
    return datetime.now(UTC)


class SignInRequired(EveryrunError):
    """No one is signed in on a server with accounts."""


class CsrfRefused(EveryrunError):
    """A form or API call with a session cookie but without the session's CSRF token."""


@dataclass
class AppState:
    """What lives as long as the server: settings, the open store, the clock, the mode."""

    settings: Settings
    store: SqlStore
    clock: Clock
    athlete: int  # the single-user app's athlete (unused with accounts)
    accounts: bool = False
    hasher: PasswordHasher | None = None
    secure_cookies: bool = False
    _zones: dict[tuple[int, date], ZoneInfo] = field(default_factory=dict)

    def zone_for(self, athlete: int, now: datetime) -> ZoneInfo:
        """The athlete's zone, looked up once per UTC day (profiles change rarely)."""
        key = (athlete, now.date())
        found = self._zones.get(key)
        if found is None:
            found = bootstrap.athlete_zone(self.store, athlete, self.settings, now)
            if len(self._zones) > 4096:
                self._zones.clear()
            self._zones[key] = found
        return found

    def forget_zone(self) -> None:
        """After a profile change: the next request looks the zone up again."""
        self._zones.clear()

    def viewer(self, scope: Scope) -> Viewer | None:
        """The signed-in person: an API token (Authorization: Bearer) or the session cookie."""
        headers = dict(scope.get("headers", []))
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        if authorization[:7].lower() == "bearer ":
            return token_viewer(self.store, authorization[7:].strip())
        cookie = _cookie(headers.get(b"cookie", b"").decode("latin-1"), SESSION_COOKIE)
        if cookie:
            return session_viewer(self.store, cookie, self.clock())
        return None

    def cache_identity(self, scope: Scope) -> Hashable | None:
        """Whose answer a GET request is, and for which of their days (see response_cache)."""
        now = self.clock()
        if not self.accounts:
            return (None, self.athlete, now.astimezone(self.zone_for(self.athlete, now)).date())
        viewer = self.viewer(scope)
        if viewer is None:
            return None
        try:
            chosen = _athlete_parameter(scope.get("query_string", b"").decode("latin-1"))
        except NotFoundError:
            return None  # not kept: the route answers with the error
        athlete = chosen or viewer.viewing_athlete_id or viewer.account.athlete_id
        # The session is part of the key: its pages carry its own CSRF token.
        day = now.astimezone(self.zone_for(athlete, now)).date()
        return (viewer.account.id, athlete, day, viewer.session_hash)

    def revision(self, identity: Hashable) -> int:
        assert isinstance(identity, tuple)
        return self.store.revision(int(identity[1]))


@dataclass(frozen=True)
class WebContext:
    store: SqlStore
    athlete: int
    zone: ZoneInfo
    today: date
    now: datetime
    state: AppState
    access: Access = Access.LOCAL
    viewer: Viewer | None = None


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.everyrun
    return state


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name and value:
            return value
    return None


def _athlete_parameter(query: str) -> int | None:
    values = parse_qs(query).get("athlete")
    if not values:
        return None
    try:
        chosen = int(values[-1])
    except ValueError:
        chosen = 0
    if not 1 <= chosen <= MAX_RECORD_ID:
        raise NotFoundError(
            f"no athlete {values[-1]!r}", "athlete IDs are whole numbers, see your roster"
        )
    return chosen


def request_viewer(request: Request) -> Viewer | None:
    """The signed-in person, looked up once per request."""
    if not hasattr(request.state, "viewer"):
        request.state.viewer = app_state(request).viewer(request.scope)
    viewer: Viewer | None = request.state.viewer
    return viewer


async def web_context(request: Request) -> WebContext:
    state = app_state(request)
    now = state.clock()
    if not state.accounts:
        athlete, access, viewer = state.athlete, Access.LOCAL, None
    else:
        viewer = request_viewer(request)
        if viewer is None:
            raise SignInRequired("sign in first", "sign in, or use an API token for scripts")
        chosen = _athlete_parameter(request.scope.get("query_string", b"").decode("latin-1"))
        athlete = chosen or viewer.viewing_athlete_id or viewer.account.athlete_id
        found = account_access(state.store, viewer.account, athlete)
        if found is None:
            if chosen is None and athlete != viewer.account.athlete_id:
                # The athlete this coach was viewing has unlinked: back to their own data.
                athlete, found = viewer.account.athlete_id, Access.SELF
                if viewer.session_hash is not None:
                    state.store.set_viewing(viewer.session_hash, None)
            else:
                raise NotFoundError(
                    f"no athlete with ID {athlete}", "your roster lists the athletes you coach"
                )
        access = found
        if request.method in UNSAFE_METHODS:
            await check_csrf(request, viewer)
    request.state.access = access
    zone = state.zone_for(athlete, now)
    return WebContext(
        state.store, athlete, zone, now.astimezone(zone).date(), now, state, access, viewer
    )


async def check_csrf(request: Request, viewer: Viewer) -> None:
    """A cookie session must send its CSRF token: header, query or urlencoded form field."""
    if viewer.csrf_token is None:
        return  # an API token: no cookie, so no other site can make the browser send it
    sent = request.headers.get(CSRF_HEADER) or request.query_params.get(CSRF_FIELD)
    content_type = request.headers.get("content-type", "")
    if sent is None and content_type.startswith("application/x-www-form-urlencoded"):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if sent is None or not hmac.compare_digest(sent, viewer.csrf_token):
        raise CsrfRefused(
            "this form is out of date or came from another site",
            "reload the page and send it again",
        )


async def log_context(request: Request) -> WebContext:
    """For writes to the athlete's own log: only they (or the single-user app) may."""
    context = await web_context(request)
    if not may_log(context.access):
        raise NotAllowed(
            "only the athlete logs their own training and wellness",
            "as their coach you can change their plan and comment on sessions",
        )
    return context


async def plan_context(request: Request) -> WebContext:
    """For goals, plans and their changes: the athlete or their coach."""
    context = await web_context(request)
    if not may_plan(context.access):
        raise NotAllowed("you cannot change this athlete's plan")
    return context
