"""Load: fitness, fatigue and form, the acute:chronic ratio, weekly volume and intensity, and
today's readiness and risk flags — the page and the API, from the same services as the CLI."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from everyrun.domain.days import checked_day
from everyrun.domain.readiness import Readiness
from everyrun.domain.risk_flags import RiskFlag
from everyrun.domain.science.fitness import Smoothing
from everyrun.domain.sport import RUNNING
from everyrun.exporters import load_svg
from everyrun.exporters.jsonable import to_jsonable
from everyrun.services.activities import list_activities
from everyrun.services.analysis import local_day
from everyrun.services.load import DailyRow, LoadReport, WeeklyRow, load_report
from everyrun.services.readiness import flags_on, readiness_on
from everyrun.web.context import WebContext, web_context
from everyrun.web.templating import page

router = APIRouter()
Context = Annotated[WebContext, Depends(web_context)]

DEFAULT_DAYS = 90
MAX_DAYS = 36_500  # as `everyrun load --days`

Days = Annotated[
    int, Query(ge=1, le=MAX_DAYS, description="Days shown and charted, ending on `until`.")
]
SmoothingQuery = Annotated[
    Smoothing,
    Query(
        description="exponential: α = 1 − e^(−1/N) (GoldenCheetah, intervals.icu); "
        "ewma: α = 2/(N+1) (Runalyze)."
    ),
]
Until = Annotated[date | None, Query(description="Last day, YYYY-MM-DD (default: today).")]
Day = Annotated[date | None, Query(description="The day, YYYY-MM-DD (default: today).")]
VOLUME_KM_COLOUR = "#0072B2"
VOLUME_HOURS_COLOUR = "#009E73"


@dataclass(frozen=True)
class Volume:
    """What a week held in distance and time: running km, hours of all training."""

    running_km: float = 0.0
    hours: float = 0.0
    sessions: int = 0


@dataclass(frozen=True)
class LoadView:
    """Everything the page shows for the chosen days."""

    report: LoadReport
    days: int
    shown: list[DailyRow]
    weeks: list[dict[str, Any]]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _iso_week(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _volume(context: WebContext, first: date, last: date) -> dict[date, Volume]:
    """Per ISO week (by Monday): recordings' running km and hours plus logged sessions' hours.
    Volume is not load: a recording without analysis still has a distance and a duration."""
    km: dict[date, float] = defaultdict(float)
    hours: dict[date, float] = defaultdict(float)
    count: dict[date, int] = defaultdict(int)
    for summary in list_activities(context.store, context.athlete, since=first, until=last):
        week = _monday(local_day(summary.start_utc, summary.utc_offset_s))
        if summary.sport == RUNNING:
            km[week] += (summary.distance_m or 0.0) / 1000
        hours[week] += (summary.timer_s or summary.elapsed_s) / 3600
        count[week] += 1
    for stored in context.store.manual_sessions_between(context.athlete, first, last):
        week = _monday(stored.session.day)
        hours[week] += stored.session.minutes / 60
        count[week] += 1
    return {week: Volume(km[week], hours[week], count[week]) for week in count}


def _shares(zones: tuple[float, float, float]) -> dict[str, float] | None:
    total = sum(zones)
    if total <= 0:
        return None
    return {name: z / total for name, z in zip(load_svg.INTENSITY_NAMES, zones, strict=True)}


def _week_row(monday: date, row: WeeklyRow | None, volume: Volume) -> dict[str, Any]:
    zones = row.zone_seconds if row is not None else (0.0, 0.0, 0.0)
    return {
        "week": _iso_week(monday),
        "first_day": monday.isoformat(),
        "load": row.load if row is not None else 0.0,
        "change_pct": row.change_pct if row is not None else None,
        "zone_seconds": list(zones),
        "polarization_index": row.polarization_index if row is not None else None,
        "distribution": row.distribution if row is not None else None,
        "running_km": round(volume.running_km, 2),
        "hours": round(volume.hours, 2),
        "sessions": volume.sessions,
        "intensity": _shares(zones),
    }


def load_view(context: WebContext, days: int, smoothing: Smoothing, until: date | None) -> LoadView:
    """The load report to `until`, its last `days` days, and the weeks they touch with volume."""
    last = context.today if until is None else checked_day(until, context.today, "until")
    report = load_report(context.store, context.athlete, until=last, smoothing=smoothing)
    shown = report.daily[-days:]
    window = last - timedelta(days=days - 1)
    volume = _volume(context, _monday(window), last)
    starts = [d for d in (report.first_day, min(volume, default=None)) if d is not None]
    weeks: list[dict[str, Any]] = []
    if starts:
        monday = _monday(max(window, min(starts)))
        by_week = {row.first_day: row for row in report.weekly}
        while monday <= last:
            weeks.append(_week_row(monday, by_week.get(monday), volume.get(monday, Volume())))
            monday += timedelta(days=7)
    return LoadView(report, days, shown, weeks)


def load_json(view: LoadView) -> dict[str, Any]:
    """As `everyrun load --json --weekly`, the weeks with their volume and intensity shares."""
    report = view.report
    return {
        "until": report.until.isoformat(),
        "first_day": report.first_day.isoformat() if report.first_day else None,
        "days": view.days,
        "convention": to_jsonable(report.convention),
        "daily": to_jsonable(view.shown),
        "weekly": view.weeks,
        "prescription": to_jsonable(report.prescription),
        "counts": {
            "activities": report.activities,
            "manual_sessions": report.manual_sessions,
            "unanalysed_activities": report.unanalysed_activities,
            "without_load": report.without_load,
            "after_until": report.after_until,
        },
        "notes": report.notes,
    }


def readiness_json(found: Readiness) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(found)
    return data


def flags_json(found: list[RiskFlag], day: date) -> dict[str, Any]:
    return {"day": day.isoformat(), "flags": to_jsonable(found)}


@router.get(
    "/api/load",
    tags=["load"],
    summary="Daily load, fitness, fatigue, form and ratio; weekly load, volume and intensity",
)
def api_load(
    context: Context,
    days: Days = DEFAULT_DAYS,
    smoothing: SmoothingQuery = Smoothing.exponential,
    until: Until = None,
) -> dict[str, Any]:
    return load_json(load_view(context, days, smoothing, until))


@router.get("/api/readiness", tags=["load"], summary="Ready, caution or rest, with every reason")
def api_readiness(context: Context, day: Day = None) -> dict[str, Any]:
    chosen = context.today if day is None else checked_day(day, context.today, "day")
    return readiness_json(readiness_on(context.store, context.athlete, chosen))


@router.get("/api/flags", tags=["load"], summary="Risk flags standing on a day, with numbers")
def api_flags(context: Context, day: Day = None) -> dict[str, Any]:
    chosen = context.today if day is None else checked_day(day, context.today, "day")
    return flags_json(flags_on(context.store, context.athlete, chosen), chosen)


def _charts(view: LoadView) -> dict[str, str]:
    """The page's SVG charts (none without load)."""
    if not view.shown:
        return {}
    weeks = [w["week"] for w in view.weeks]
    return {
        "fitness": load_svg.svg_chart(view.shown, view.report.convention.smoothing),
        "ratio": load_svg.ratio_chart(view.shown),
        "km": load_svg.weekly_bars(
            weeks,
            [w["running_km"] for w in view.weeks],
            unit="km",
            colour=VOLUME_KM_COLOUR,
            title="Running distance by week",
        ),
        "hours": load_svg.weekly_bars(
            weeks,
            [w["hours"] for w in view.weeks],
            unit="hours",
            colour=VOLUME_HOURS_COLOUR,
            title="Training time by week",
        ),
        "intensity": load_svg.intensity_bars(weeks, [tuple(w["zone_seconds"]) for w in view.weeks]),
    }


@router.get("/load", response_class=HTMLResponse, include_in_schema=False)
def load_page(
    request: Request,
    context: Context,
    days: Days = DEFAULT_DAYS,
    smoothing: SmoothingQuery = Smoothing.exponential,
    until: Until = None,
) -> Response:
    view = load_view(context, days, smoothing, until)
    latest = view.shown[-1] if view.shown else None
    ratio = next((r for r in reversed(view.shown) if r.acute_chronic_ratio is not None), None)
    return page(
        request,
        "load.html",
        title="Load",
        view=view,
        report=view.report,
        latest=latest,
        ratio=ratio,
        band=load_svg.RATIO_BAND,
        charts=_charts(view),
        smoothings=list(Smoothing),
        readiness=readiness_on(context.store, context.athlete, context.today),
        flags=flags_on(context.store, context.athlete, context.today),
        today=context.today,
    )
