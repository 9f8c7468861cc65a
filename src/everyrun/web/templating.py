"""Jinja templates from the package, with the runner's formats (pace, duration, km) as filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from everyrun.domain.accounts.people import Access, Account
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import format_duration, format_pace
from everyrun.exporters.review_svg import PURPOSE_COLOURS
from everyrun.services.accounts import Viewer
from everyrun.web.context import AppState, app_state, request_viewer

NAVIGATION = (
    ("/", "Today"),
    ("/activities", "Activities"),
    ("/calendar", "Calendar"),
    ("/load", "Load"),
    ("/review", "Review"),
    ("/plan", "Plan"),
    ("/import", "Import"),
)


def _duration(seconds: float | None) -> str:
    return format_duration(seconds) if seconds else "–"


def _km(metres: float | None) -> str:
    return f"{metres / 1000:.1f} km" if metres else "–"


def _pace(speed_mps: float | None) -> str:
    return format_pace(speed_mps) if speed_mps and speed_mps > 0 else "–"


def _day(value: date) -> str:
    return f"{value:%a %d %b %Y}"


def _number(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else f"{value:.{decimals}f}"


environment = Environment(
    loader=PackageLoader("everyrun.web", "templates"),
    autoescape=select_autoescape(["html", "svg"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def purpose_colour(purpose: Purpose | str | None) -> str:
    """The purpose's colour, the same as in the review report's charts."""
    try:
        return PURPOSE_COLOURS[Purpose(purpose)] if purpose else "#BBBBBB"
    except ValueError:
        return "#BBBBBB"


environment.globals["purpose_colour"] = purpose_colour


@pass_context
def csrf_field(context: Context) -> Markup:
    """The hidden CSRF field every POST form carries (nothing in the single-user app)."""
    token = context.get("csrf_token")
    if not token:
        return Markup("")
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(token)


environment.globals["csrf_field"] = csrf_field
environment.filters.update(
    duration=_duration, km=_km, pace=_pace, day=_day, number=_number, svg=Markup
)


def viewed_athlete(state: AppState, request: Request, viewer: Viewer) -> Account | None:
    """The athlete a coach is looking at (`?athlete=ID` or the session's choice), for the
    banner; called only once the request's access was found to be a coach's."""
    chosen = request.query_params.get("athlete", "")
    athlete = int(chosen) if chosen.isdigit() else viewer.viewing_athlete_id
    return None if athlete is None else state.store.account_for_athlete(athlete)


def page(
    request: Request, template: str, *, title: str, status_code: int = 200, **values: Any
) -> HTMLResponse:
    """A whole page in the site's layout, with who is signed in (on a server with accounts),
    their CSRF token for the page's forms, and whose data a coach is looking at."""
    state = app_state(request)
    viewer = request_viewer(request) if state.accounts else None
    access = getattr(request.state, "access", None)
    viewing = (
        viewed_athlete(state, request, viewer)
        if viewer is not None and access is Access.COACH
        else None
    )
    html = environment.get_template(template).render(
        request=request,
        title=title,
        navigation=NAVIGATION,
        current=request.url.path,
        accounts=state.accounts,
        viewer=viewer,
        access=access,
        viewing=viewing,
        csrf_token=viewer.csrf_token if viewer else None,
        **values,
    )
    return HTMLResponse(html, status_code=status_code)
