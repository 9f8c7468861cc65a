"""`everyrun serve`: the web app on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from everyrun.cli.output import DbOption, TimeZoneOption, console, user_errors
from everyrun.config import load_settings


def serve_command(
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = 8000,
    host: Annotated[
        str,
        typer.Option(help="The address to listen on; 127.0.0.1 keeps it to this machine."),
    ] = "127.0.0.1",
    db: DbOption = None,
    time_zone: TimeZoneOption = None,
) -> None:
    """Open everyrun in your browser: today, calendar, activities, load, review, plan, import.

    Example: [bold]everyrun serve --port 8000[/], then open http://127.0.0.1:8000/

    Everything is served from this machine (no CDN); the JSON API is under /api and its
    schema at /openapi.json.
    """
    import uvicorn

    from everyrun.web.app import create_app

    with user_errors():
        app = create_app(load_settings(database_url=db, time_zone=time_zone))
    console.print(f"everyrun is at [bold]http://{host}:{port}/[/]  (Ctrl+C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
