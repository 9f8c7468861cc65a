"""The web app: one FastAPI application serving pages and the JSON API from the same services."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from everyrun import __version__, bootstrap
from everyrun.config import Settings, load_settings
from everyrun.services.accounts import PasswordHasher
from everyrun.web import (
    account,
    activities,
    auth,
    calendar,
    comments,
    errors,
    importing,
    load_pages,
    plan_changes,
    plan_pages,
    review_pages,
    roster,
    today,
)
from everyrun.web.context import AppState, Clock, system_clock
from everyrun.web.response_cache import ResponseCache
from everyrun.web.same_origin import SameOriginWrites

API_DESCRIPTION = (
    "everyrun's JSON API: the same use cases as the pages and the CLI. Every error is "
    '`{"error": "...", "hint": "..."}` with a proper HTTP status.'
)


def create_app(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    accounts: bool = False,
    hasher: PasswordHasher | None = None,
    secure_cookies: bool = False,
) -> FastAPI:
    """The app over the store at `settings.database_url` (migrated on start). `accounts`: a
    shared server where everyone signs in (else the single-user app, no sign-in)."""
    store = bootstrap.open_store(settings)
    state = AppState(
        settings,
        store,
        clock,
        0 if accounts else store.default_athlete_id(),
        accounts=accounts,
        hasher=(hasher or bootstrap.password_hasher()) if accounts else None,
        secure_cookies=secure_cookies,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="everyrun",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # Swagger UI would load from a CDN; /openapi.json is the schema
        redoc_url=None,
    )
    app.state.everyrun = state
    static = files("everyrun.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    errors.install(app)
    app.add_middleware(
        ResponseCache,
        identity=state.cache_identity,
        revision=state.revision,
        revision_is_quick=store.is_local,
    )
    app.add_middleware(SameOriginWrites)

    @app.get("/api/health", tags=["meta"], summary="Is the server up (the bench's baseline)")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(auth.router)
    app.include_router(account.router)
    app.include_router(today.router)
    app.include_router(activities.router)
    app.include_router(importing.router)
    app.include_router(load_pages.router)
    app.include_router(review_pages.router)
    app.include_router(calendar.router)
    app.include_router(plan_pages.router)
    app.include_router(plan_changes.router)
    app.include_router(comments.router)
    app.include_router(roster.router)
    return app


ACCOUNTS_ENV = "EVERYRUN_ACCOUNTS"  # "1": a shared server where everyone signs in
SECURE_COOKIES_ENV = "EVERYRUN_SECURE_COOKIES"  # "1": cookies only over HTTPS (behind a proxy)


def app_from_environment() -> FastAPI:
    """The app as each worker process of `everyrun serve --workers N` builds it: settings from
    the environment (EVERYRUN_DATABASE_URL, EVERYRUN_ACCOUNTS, EVERYRUN_SECURE_COOKIES...)."""
    return create_app(
        load_settings(),
        accounts=os.environ.get(ACCOUNTS_ENV) == "1",
        secure_cookies=os.environ.get(SECURE_COOKIES_ENV) == "1",
    )
