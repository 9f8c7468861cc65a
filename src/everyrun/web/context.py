"""Who is asking and when: the store, the athlete, their zone and their today, per request.

Routes take a `WebContext` through `Depends(web_context)`; the single-user app fills it with
the store's only athlete. A shared server swaps this one dependency for a signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from fastapi import Request
from starlette.types import Scope

from everyrun import bootstrap
from everyrun.config import Settings
from everyrun.store.sql_store import SqlStore

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppState:
    """What lives as long as the server: settings, the open store, the clock."""

    settings: Settings
    store: SqlStore
    clock: Clock
    athlete: int
    _zones: dict[tuple[int, date], ZoneInfo]

    def zone_for(self, athlete: int, now: datetime) -> ZoneInfo:
        """The athlete's zone, looked up once per UTC day (profiles change rarely)."""
        key = (athlete, now.date())
        found = self._zones.get(key)
        if found is None:
            found = bootstrap.athlete_zone(self.store, athlete, self.settings, now)
            self._zones = {key: found}
        return found

    def cache_identity(self, scope: Scope) -> Hashable | None:
        """Whose answer a GET request is, and for which of their days (see response_cache)."""
        now = self.clock()
        return (self.athlete, now.astimezone(self.zone_for(self.athlete, now)).date())

    def revision(self, identity: Hashable) -> int:
        assert isinstance(identity, tuple)
        return self.store.revision(int(identity[0]))

    def forget_zone(self) -> None:
        """After a profile change: the next request looks the zone up again."""
        self._zones = {}


@dataclass(frozen=True)
class WebContext:
    store: SqlStore
    athlete: int
    zone: ZoneInfo
    today: date
    now: datetime
    state: AppState


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.everyrun
    return state


def web_context(request: Request) -> WebContext:
    state = app_state(request)
    now = state.clock()
    zone = state.zone_for(state.athlete, now)
    return WebContext(state.store, state.athlete, zone, now.astimezone(zone).date(), now, state)
