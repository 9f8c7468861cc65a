"""Activities: the list, one activity with its charts, route and analysis, and their API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from everyrun.domain import activity as act
from everyrun.domain.units import format_duration
from everyrun.exporters import activity_svg as svg
from everyrun.exporters.activity_json import activity_summary
from everyrun.services.activities import get_activity
from everyrun.services.activity_page import (
    MAX_POINTS,
    PAGE_SIZE,
    ActivityListing,
    ActivityRow,
    ActivityView,
    activity_listing,
    activity_view,
    chart_streams,
)
from everyrun.web.context import RecordId, WebContext, web_context
from everyrun.web.templating import page

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]


def row_json(row: ActivityRow) -> dict[str, Any]:
    s = row.summary
    return {
        "id": s.id,
        "day": row.day.isoformat(),
        "start_utc": s.start_utc.isoformat(),
        "utc_offset_s": s.utc_offset_s,
        "sport": s.sport,
        "sub_sport": s.sub_sport,
        "name": s.name,
        "distance_m": s.distance_m,
        "elapsed_s": s.elapsed_s,
        "timer_s": s.timer_s,
        "avg_speed_mps": row.avg_speed_mps,
        "avg_heart_rate_bpm": s.avg_heart_rate_bpm,
        "purpose": row.purpose,
        "warning_count": s.warning_count,
        "url": f"/activities/{s.id}",
    }


def listing_json(listing: ActivityListing) -> dict[str, Any]:
    return {
        "total": listing.total,
        "offset": listing.offset,
        "limit": listing.limit,
        "activities": [row_json(r) for r in listing.rows],
    }


SportFilter = Annotated[
    list[str] | None, Query(description="Only these sports (repeat for several), e.g. running")
]


@router.get(
    "/api/activities",
    tags=["activities"],
    summary="Activities newest first, filtered by local day and sport",
)
def api_activities(
    context: Context,
    since: Annotated[date | None, Query(description="First local day, inclusive")] = None,
    until: Annotated[date | None, Query(description="Last local day, inclusive")] = None,
    sport: SportFilter = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    listing = activity_listing(
        context.store,
        context.athlete,
        since=since,
        until=until,
        sports=sport,
        limit=limit,
        offset=offset,
    )
    return listing_json(listing)


@router.get(
    "/api/activities/{activity_id}",
    tags=["activities"],
    summary="One activity: summary, laps, warnings and analysis (`everyrun activity --json`)",
)
def api_activity(activity_id: RecordId, context: Context) -> dict[str, Any]:
    view = activity_view(context.store, context.athlete, activity_id, now_utc=context.now)
    return {**activity_summary(activity_id, view.activity), "analysis": view.analysis.data}


@router.get(
    "/api/activities/{activity_id}/streams",
    tags=["activities"],
    summary="Time-aligned streams, averaged down to at most `points` samples (null: a gap)",
)
def api_streams(
    activity_id: RecordId,
    context: Context,
    points: Annotated[int, Query(ge=2, le=MAX_POINTS)] = MAX_POINTS,
) -> dict[str, Any]:
    activity = get_activity(context.store, context.athlete, activity_id)
    found = chart_streams(activity, points)
    return {
        "id": activity_id,
        "points": len(found),
        "source_points": found.source_points,
        "streams": {
            act.TIME: _plain(found.time_s),
            **{name: _plain(values) for name, values in found.columns.items()},
        },
    }


def _plain(values: np.ndarray[Any, Any]) -> list[float | None]:
    return [round(float(v), 6) if np.isfinite(v) else None for v in values]


@router.get("/activities", response_class=HTMLResponse, include_in_schema=False)
def activities_page(
    request: Request,
    context: Context,
    sport: str | None = None,
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    chosen = sport or None
    listing = activity_listing(
        context.store,
        context.athlete,
        sports=[chosen] if chosen else None,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    pages = max(1, -(-listing.total // PAGE_SIZE))
    return page(
        request,
        "activities.html",
        title="Activities",
        listing=listing,
        sport=chosen,
        page_number=page_number,
        pages=pages,
        query="&" + urlencode({"sport": chosen}) if chosen else "",
    )


@router.get("/activities/{activity_id}", response_class=HTMLResponse, include_in_schema=False)
def activity_page(request: Request, activity_id: RecordId, context: Context) -> Response:
    view = activity_view(context.store, context.athlete, activity_id, now_utc=context.now)
    return page(
        request,
        "activity.html",
        title=f"{view.title} · {view.day:%d %b %Y}",
        view=view,
        charts=charts(view),
        zone_charts=[
            svg.zone_bars(z.names, z.seconds, z.ranges, f"{z.title} ({z.model})")
            for z in view.zones
        ],
        route=_route(view),
    )


def charts(view: ActivityView) -> list[dict[str, str | None]]:
    """Pace (or speed), heart rate and elevation over time, reps shaded; None: not recorded."""
    streams = view.streams
    time = streams.time_s
    span = view.activity.elapsed_s or (float(time[-1]) if len(time) else 0.0)
    bands = [svg.Band(r.start_s, r.end_s, r.label) for r in view.reps]
    found: list[dict[str, str | None]] = []
    speed = streams.columns.get(act.SPEED)
    if view.has_pace:
        pace = None
        if speed is not None and np.isfinite(speed).any():
            with np.errstate(divide="ignore", invalid="ignore"):
                pace = view.unit.distance_m / speed
        found.append(
            _chart(
                "pace",
                "Pace",
                "no pace recorded (no speed or distance)",
                None
                if pace is None
                else svg.time_chart(
                    time,
                    pace,
                    title="Pace over time, work reps shaded",
                    axis_label=f"min/{view.unit.name} (faster is higher)",
                    colour=svg.PACE_COLOUR,
                    css_class="chart-pace",
                    bands=bands,
                    span_s=span,
                    label=lambda v: format_duration(max(v, 0.0)),
                    invert=True,
                    tick_unit=60.0,
                    limits=svg.pace_limits(pace),
                ),
            )
        )
    else:
        found.append(
            _chart(
                "pace",
                "Speed",
                "no speed recorded",
                None
                if speed is None or not np.isfinite(speed).any()
                else svg.time_chart(
                    time,
                    speed * 3.6,
                    title="Speed over time, work reps shaded",
                    axis_label="km/h",
                    colour=svg.PACE_COLOUR,
                    css_class="chart-pace",
                    bands=bands,
                    span_s=span,
                ),
            )
        )
    for key, heading, name, unit, colour, missing, fill in (
        ("heart-rate", "Heart rate", act.HEART_RATE, "bpm", svg.HEART_COLOUR,
         "no heart rate recorded", False),
        ("elevation", "Elevation", act.ALTITUDE, "m", svg.ELEVATION_COLOUR,
         "no elevation recorded", True),
    ):  # fmt: skip
        values = streams.columns.get(name)
        drawn = None
        if values is not None and np.isfinite(values).any():
            drawn = svg.time_chart(
                time,
                values,
                title=f"{heading} over time, work reps shaded",
                axis_label=unit,
                colour=colour,
                css_class=f"chart-{key}",
                bands=bands,
                span_s=span,
                fill=fill,
            )
        found.append(_chart(key, heading, missing, drawn))
    return found


def _chart(key: str, heading: str, missing: str, drawn: str | None) -> dict[str, str | None]:
    return {"key": key, "heading": heading, "missing": missing, "svg": drawn}


def _route(view: ActivityView) -> str | None:
    columns = view.streams.columns
    if not (view.streams.has_data(act.LATITUDE) and view.streams.has_data(act.LONGITUDE)):
        return None
    return svg.route(columns[act.LATITUDE], columns[act.LONGITUDE], title=f"Route: {view.title}")
