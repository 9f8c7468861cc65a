"""`everyrun serve`: the web app on this machine, or a shared server with accounts.

One worker runs the app in this process, as it always has. Several workers (`--workers N`) are
separate processes behind one port, each building the app from the environment
(`everyrun.web.app:app_from_environment`): this command migrates the database once, writes the
settings to the environment and lets uvicorn start them, so they never race each other migrating.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.markup import escape

from everyrun import bootstrap
from everyrun.cli.output import DbOption, TimeZoneOption, console, err_console, user_errors
from everyrun.config import DATABASE_URL_ENV, TIME_ZONE_ENV, Settings, load_settings

# The same names app_from_environment reads (everyrun.web.app), kept here so `--help` can name
# them without importing the web app before it is needed.
ACCOUNTS_ENV = "EVERYRUN_ACCOUNTS"
SECURE_COOKIES_ENV = "EVERYRUN_SECURE_COOKIES"
APP_FACTORY = "everyrun.web.app:app_from_environment"


def serve_command(
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = 8000,
    host: Annotated[
        str,
        typer.Option(
            help="The address to listen on; 127.0.0.1 keeps it to this machine (and to a "
            "reverse proxy on it), 0.0.0.0 opens it to the network."
        ),
    ] = "127.0.0.1",
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
    accounts: Annotated[
        bool,
        typer.Option(
            "--accounts",
            envvar=ACCOUNTS_ENV,
            help="A shared server: everyone signs up or in, and sees only their own data (and "
            "their athletes', for a coach). Off: the single-user app, no sign-in.",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes behind the one port; about one per CPU core for a shared "
            "server on PostgreSQL.",
        ),
    ] = 1,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            envvar=SECURE_COOKIES_ENV,
            help="Send the session cookie over HTTPS only: use it behind a TLS proxy.",
        ),
    ] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Behind a reverse proxy: the proxy addresses (comma-separated, or *) whose "
            "X-Forwarded-For and X-Forwarded-Proto are trusted, so sign-in limits count the "
            "real client. Default: none trusted.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Open everyrun in your browser: today, calendar, activities, load, review, plan, import.

    Example: [bold]everyrun serve --port 8000[/], then open http://127.0.0.1:8000/

    Everything is served from this machine (no CDN); the JSON API is under /api and its
    schema at /openapi.json. A coach's or a club's server (see docs/deployment.md):
    [bold]everyrun serve --accounts --workers 4 --db postgresql+psycopg://me@localhost/everyrun[/]
    """
    import uvicorn

    with user_errors():
        settings = load_settings(database_url=db, time_zone=time_zone)
        if workers == 1:
            from everyrun.web.app import create_app

            # Built (and the store migrated) here, as the single-user app always was.
            app = create_app(settings, accounts=accounts, secure_cookies=secure_cookies)
        else:
            bootstrap.open_store(settings).close()  # migrated once, before any worker starts
            _export_settings(settings, accounts=accounts, secure_cookies=secure_cookies)
    if workers > 1 and settings.database_url.startswith("sqlite"):
        err_console.print(
            f"[yellow]warning:[/] {workers} workers on SQLite: their writes wait for each "
            "other; PostgreSQL is the store for a shared server (see docs/deployment.md)",
            soft_wrap=True,
        )
    mode = "a shared server, everyone signs in" if accounts else "single-user"
    plural = "s" if workers > 1 else ""
    console.print(
        f"everyrun is at [bold]http://{escape(host)}:{port}/[/]  ({mode}, {workers} "
        f"worker{plural}; Ctrl+C stops it)",
        soft_wrap=True,
    )
    # Proxy headers only from the proxies named: otherwise anyone could claim any address.
    proxy_headers = forwarded_allow_ips is not None
    if workers == 1:
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            proxy_headers=proxy_headers,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    else:
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            proxy_headers=proxy_headers,
            forwarded_allow_ips=forwarded_allow_ips,
        )


def _export_settings(settings: Settings, *, accounts: bool, secure_cookies: bool) -> None:
    """Hand the settings to the worker processes, which build the app from the environment."""
    os.environ[DATABASE_URL_ENV] = settings.database_url
    if settings.time_zone_is_explicit:
        os.environ[TIME_ZONE_ENV] = settings.time_zone.key
    os.environ[ACCOUNTS_ENV] = "1" if accounts else "0"
    os.environ[SECURE_COOKIES_ENV] = "1" if secure_cookies else "0"
