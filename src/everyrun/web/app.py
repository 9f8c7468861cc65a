"""The web app: one FastAPI application serving pages and the JSON API from the same services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from everyrun import __version__, bootstrap
from everyrun.config import Settings
from everyrun.web import (
    activities,
    calendar,
    errors,
    importing,
    load_pages,
    plan_changes,
    plan_pages,
    review_pages,
    today,
)
from everyrun.web.context import AppState, Clock, system_clock
from everyrun.web.response_cache import ResponseCache

API_DESCRIPTION = (
    "everyrun's JSON API: the same use cases as the pages and the CLI. Every error is "
    '`{"error": "...", "hint": "..."}` with a proper HTTP status.'
)


def create_app(settings: Settings, *, clock: Clock = system_clock) -> FastAPI:
    """The app over the store at `settings.database_url` (migrated on start)."""
    store = bootstrap.open_store(settings)
    state = AppState(settings, store, clock, store.default_athlete_id(), {})

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

    @app.get("/api/health", tags=["meta"], summary="Is the server up (the bench's baseline)")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(today.router)
    app.include_router(activities.router)
    app.include_router(importing.router)
    app.include_router(load_pages.router)
    app.include_router(review_pages.router)
    app.include_router(calendar.router)
    app.include_router(plan_pages.router)
    app.include_router(plan_changes.router)
    return app
