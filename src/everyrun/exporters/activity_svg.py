"""Hand-written inline SVG for one activity: a value over time, time in zones, the route.

The same house style as the review's charts (review_svg): plain numbers in, one `<svg>` out,
no script, no external reference, every text escaped here. Lines break at NaN (a gap is shown,
never bridged) and are thinned to a bounded number of points, so a three-hour run stays small.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
import numpy.typing as npt

from everyrun.exporters.review_svg import GRID, HARD_COLOUR, INK, nice_range, ticks
from everyrun.services.activity_page import MAX_POINTS, downsample

_WIDTH = 720
_LEFT, _RIGHT, _TOP, _BOTTOM = 52, 16, 22, 26
_FONT = 'font-family="sans-serif" font-size="11"'
REP_COLOUR = HARD_COLOUR
PACE_COLOUR = "#0072B2"
HEART_COLOUR = "#D55E00"
ELEVATION_COLOUR = "#117733"
START_COLOUR = "#1A7F37"
END_COLOUR = "#C62828"
# Zone colours run from easy (cool) to hard (warm); every bar also carries its name and time.
ZONE_COLOURS = ("#88CCEE", "#56B4E9", "#44AA99", "#DDCC77", "#E69F00", "#D55E00", "#AA4499")

Numbers = Sequence[float] | npt.NDArray[np.float64]


@dataclass(frozen=True)
class Band:
    """A stretch of time to shade behind a line: a work rep."""

    start_s: float
    end_s: float
    label: str


def _open(width: int, height: int, title: str, css_class: str) -> str:
    return (
        f'<svg class="chart {css_class}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" {_FONT}>'
        f"<title>{escape(title)}</title>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{INK}"{extra}>'
        f"{escape(text)}</text>"
    )


def clock(seconds: float) -> str:
    """Axis time: `0:00`, `45:00`, `1:30:00`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _time_ticks(span_s: float) -> list[float]:
    """Round minutes (or hours) along the time axis."""
    minutes = ticks(0.0, max(span_s, 60.0) / 60.0, 6)
    return [m * 60.0 for m in minutes if m * 60.0 <= span_s + 1e-6]


def thinned(
    time_s: Numbers, values: Numbers, max_points: int = MAX_POINTS
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """At most `max_points` time-aligned points (bucket means; empty buckets stay NaN)."""
    time = np.asarray(time_s, dtype=np.float64)
    found = downsample(time, {"v": np.asarray(values, dtype=np.float64)}, max_points)
    return found.time_s, found.columns["v"]


def runs(points: Sequence[tuple[float, float]], finite: Sequence[bool]) -> list[list[str]]:
    """Consecutive finite points as polyline coordinate lists; NaN ends a run."""
    found: list[list[str]] = []
    current: list[str] = []
    for (x, y), ok in zip(points, finite, strict=True):
        if ok:
            current.append(f"{x:.1f},{y:.1f}")
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def _robust_range(values: npt.NDArray[np.float64]) -> tuple[float, float]:
    """The 2nd to 98th percentile: one GPS spike must not flatten the whole line."""
    low, high = (float(v) for v in np.percentile(values, [2.0, 98.0]))
    if high - low < 1e-9:
        low, high = low - 1.0, high + 1.0
    return low, high


def pace_limits(pace_s: Numbers) -> tuple[float, float] | None:
    """A pace axis for the running, not the stops: walking breaks and traffic lights would
    otherwise stretch it to 20 min/km and flatten every rep."""
    values = np.asarray(pace_s, dtype=np.float64)
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return None
    low, high = _robust_range(values)
    return low, max(low + 30.0, min(high, 1.6 * float(np.median(values))))


def time_chart(
    time_s: Numbers,
    values: Numbers,
    *,
    title: str,
    axis_label: str,
    colour: str,
    css_class: str,
    bands: Sequence[Band] = (),
    span_s: float | None = None,
    label: Callable[[float], str] = lambda v: f"{v:g}",
    invert: bool = False,
    fill: bool = False,
    max_points: int = MAX_POINTS,
    height: int = 190,
    tick_unit: float = 1.0,
    limits: tuple[float, float] | None = None,
) -> str:
    """One value over elapsed time; `bands` shaded behind it, gaps (NaN) left open.

    `invert` puts low values on top (pace: less time per km is faster, so higher).
    `tick_unit` makes the axis round in that unit (60: whole minutes for a pace in seconds).
    `limits` overrides the axis range (values beyond it are drawn at its edge).
    """
    time, value = thinned(time_s, values, max_points)
    finite = np.isfinite(value) & np.isfinite(time)
    span = float(span_s) if span_s else (float(np.nanmax(time)) if len(time) else 0.0)
    span = max(span, 1.0)
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = height - _TOP - _BOTTOM
    base = _TOP + plot_h
    parts = [_open(_WIDTH, height, title, css_class), _text(4, _TOP - 8, axis_label)]

    def x(seconds: float) -> float:
        return _LEFT + max(0.0, min(1.0, seconds / span)) * plot_w

    for band in bands:
        left, right = x(band.start_s), x(band.end_s)
        parts.append(
            f'<rect class="rep" x="{left:.1f}" y="{_TOP}" width="{max(1.0, right - left):.1f}" '
            f'height="{plot_h}" fill="{REP_COLOUR}" fill-opacity="0.25">'
            f"<title>{escape(band.label)}</title></rect>"
        )
    if not finite.any():
        parts.append(_text(_LEFT + plot_w / 2, _TOP + plot_h / 2, "nothing recorded", "middle"))
        parts.append("</svg>")
        return "".join(parts)
    low, high = (v / tick_unit for v in (limits or _robust_range(value[finite])))
    low, high = (v * tick_unit for v in nice_range(low, high))
    if high <= low:
        high = low + tick_unit

    def y(v: float) -> float:
        share = (min(max(v, low), high) - low) / (high - low)
        return _TOP + share * plot_h if invert else base - share * plot_h

    for tick in (t * tick_unit for t in ticks(low / tick_unit, high / tick_unit, 4)):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}"/>'
        )
        parts.append(_text(_LEFT - 6, y(tick) + 4, label(tick), "end"))
    for tick in _time_ticks(span):
        parts.append(_text(x(tick), base + 16, clock(tick), "middle"))
    parts.append(
        f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{base}" y2="{base}" stroke="{INK}"/>'
    )
    points = [
        (x(float(t)), y(float(v)) if ok else 0.0)
        for t, v, ok in zip(time, value, finite, strict=True)
    ]
    for run in runs(points, [bool(ok) for ok in finite]):
        if len(run) == 1:
            cx, cy = run[0].split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="1.5" fill="{colour}"/>')
            continue
        if fill:
            first_x, last_x = run[0].split(",")[0], run[-1].split(",")[0]
            parts.append(
                f'<polygon points="{first_x},{base} {" ".join(run)} {last_x},{base}" '
                f'fill="{colour}" fill-opacity="0.18" stroke="none"/>'
            )
        parts.append(
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
            'stroke-width="1.5" stroke-linejoin="round"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def zone_bars(
    names: Sequence[str], seconds: Sequence[float], ranges: Sequence[str], title: str
) -> str:
    """Time in each zone as a horizontal bar with its name, range, time and share."""
    row_h, label_w = 26, 200
    name_w = 12 + 7 * max((len(n) for n in names), default=2)
    height = _TOP + row_h * max(1, len(names)) + 6
    total = sum(s for s in seconds if s > 0) or 1.0
    plot_w = _WIDTH - label_w - 110
    parts = [_open(_WIDTH, height, title, "chart-zones")]
    for index, (name, time) in enumerate(zip(names, seconds, strict=True)):
        top = _TOP + index * row_h
        share = max(0.0, time) / total
        colour = ZONE_COLOURS[min(index, len(ZONE_COLOURS) - 1)]
        span = ranges[index] if index < len(ranges) else ""
        parts.append(_text(4, top + 15, name, extra=' font-weight="bold"'))
        parts.append(_text(4 + name_w, top + 15, span, extra=' fill-opacity="0.75"'))
        parts.append(
            f'<rect x="{label_w}" y="{top + 3}" width="{plot_w}" height="{row_h - 8}" '
            f'fill="#F4F4F4"/>'
            f'<rect class="zone" x="{label_w}" y="{top + 3}" width="{share * plot_w:.1f}" '
            f'height="{row_h - 8}" fill="{colour}" stroke="{INK}" stroke-width="0.5">'
            f"<title>{escape(name)}: {clock(time)} ({share:.0%})</title></rect>"
        )
        parts.append(_text(label_w + plot_w + 6, top + 15, f"{clock(time)}  {share:.0%}"))
    parts.append("</svg>")
    return "".join(parts)


def project(
    latitude: Numbers, longitude: Numbers, width: float, height: float, margin: float = 12.0
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Latitude and longitude to x and y at one scale for both axes (north up).

    An equirectangular projection around the route's middle latitude: over a run's few
    kilometres its distortion is far below a pixel, and a square stays a square.
    """
    lat = np.asarray(latitude, dtype=np.float64)
    lon = np.asarray(longitude, dtype=np.float64)
    ok = np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return np.full(len(lat), np.nan), np.full(len(lat), np.nan)
    squeeze = math.cos(math.radians(float(np.mean(lat[ok]))))
    east = lon * squeeze
    north = lat
    west, south = float(np.min(east[ok])), float(np.min(north[ok]))
    wide = max(float(np.max(east[ok])) - west, 1e-9)
    tall = max(float(np.max(north[ok])) - south, 1e-9)
    scale = min((width - 2 * margin) / wide, (height - 2 * margin) / tall)
    left = (width - wide * scale) / 2
    top = (height - tall * scale) / 2
    xs = left + (east - west) * scale
    ys = height - top - (north - south) * scale
    return np.where(ok, xs, np.nan), np.where(ok, ys, np.nan)


def route(
    latitude: Numbers,
    longitude: Numbers,
    *,
    title: str = "Route",
    max_points: int = MAX_POINTS,
    width: int = 480,
    height: int = 360,
) -> str:
    """The GPS track as a line at equal scale, start (circle) and end (square) marked."""
    lat = np.asarray(latitude, dtype=np.float64)
    lon = np.asarray(longitude, dtype=np.float64)
    if len(lat) > max_points:
        index = np.arange(len(lat), dtype=np.float64)
        both = downsample(index, {"lat": lat, "lon": lon}, max_points)
        lat, lon = both.columns["lat"], both.columns["lon"]
    xs, ys = project(lat, lon, width, height)
    finite = np.isfinite(xs) & np.isfinite(ys)
    parts = [_open(width, height, title, "chart-route")]
    parts.append(f'<rect width="{width}" height="{height}" fill="#F7F9F7" stroke="{GRID}"/>')
    if not finite.any():
        parts.append(_text(width / 2, height / 2, "no GPS recorded", "middle"))
        parts.append("</svg>")
        return "".join(parts)
    points = [
        (float(a), float(b)) if ok else (0.0, 0.0) for a, b, ok in zip(xs, ys, finite, strict=True)
    ]
    for run in runs(points, [bool(ok) for ok in finite]):
        if len(run) > 1:
            parts.append(
                f'<polyline class="track" points="{" ".join(run)}" fill="none" '
                f'stroke="{PACE_COLOUR}" stroke-width="2.5" stroke-linejoin="round" '
                'stroke-linecap="round"/>'
            )
    where = np.flatnonzero(finite)
    sx, sy = points[int(where[0])]
    ex, ey = points[int(where[-1])]
    parts.append(
        f'<rect class="end" x="{ex - 5:.1f}" y="{ey - 5:.1f}" width="10" height="10" '
        f'fill="{END_COLOUR}" stroke="#fff" stroke-width="1.5"><title>finish</title></rect>'
        f'<circle class="start" cx="{sx:.1f}" cy="{sy:.1f}" r="6" fill="{START_COLOUR}" '
        f'stroke="#fff" stroke-width="1.5"><title>start</title></circle>'
    )
    parts.append(_text(8, height - 8, "● start  ■ finish  (north up)", extra=' font-size="10"'))
    parts.append("</svg>")
    return "".join(parts)
