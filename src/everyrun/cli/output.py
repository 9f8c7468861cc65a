"""How every command talks: Rich for people on stderr/stdout, plain JSON for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from everyrun.config import DATABASE_URL_ENV, TIME_ZONE_ENV
from everyrun.domain.errors import EveryrunError
from everyrun.exporters.jsonable import to_jsonable

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DATABASE_URL_ENV,
        help="SQLAlchemy database URL (default: SQLite in your data folder). "
        "Example: postgresql+psycopg://me:secret@localhost/everyrun",
        show_default=False,
    ),
]
TimeZoneOption = Annotated[
    str | None,
    typer.Option(
        "--time-zone",
        envvar=TIME_ZONE_ENV,
        help="Your IANA time zone (e.g. Europe/Berlin) for files without local time; "
        "default: this machine's.",
        show_default=False,
    ),
]


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False) + "\n")


def fail(message: str, hint: str | None = None, *, as_json: bool = False) -> NoReturn:
    if as_json:
        emit_json({"error": message, "hint": hint})
    else:
        # soft_wrap: paths and URLs stay whole, to copy or grep; the terminal wraps them.
        err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
        if hint:
            err_console.print(f"[dim]hint:[/] {escape(hint)}", soft_wrap=True)
    raise typer.Exit(code=2)


@contextmanager
def user_errors(as_json: bool = False) -> Iterator[None]:
    """Turn everyrun's own errors into a clean message and exit code 2, never a traceback."""
    try:
        yield
    except EveryrunError as error:
        fail(error.message, error.hint, as_json=as_json)


def guarded(as_json: bool, action: Callable[[], None]) -> None:
    with user_errors(as_json):
        action()
