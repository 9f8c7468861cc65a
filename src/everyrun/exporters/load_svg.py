"""Hand-written SVG charts of training load: one implementation for `everyrun load --svg` and
the web app's Load page.

Each function takes plain rows and returns one self-contained `<svg>` element (with its XML
namespace, so it also stands alone as a file): no script, no external reference, every text
escaped. Missing values break a line instead of inventing a number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from everyrun.services.load import DailyRow

_WIDTH, _HEIGHT = 900, 420
_LEFT, _RIGHT, _TOP, _BOTTOM = 50, 20, 30, 50
_COLOURS = {"fitness": "#1f77b4", "fatigue": "#c2185b", "form": "#2e7d32", "load": "#b0b0b0"}

# The acute:chronic "sweet spot" (Gabbett 2016): a reference band, not an injury forecast.
RATIO_BAND = (0.8, 1.3)
RATIO_COLOUR = "#6a3d9a"
BAND_COLOUR = "#dff0d8"
# Easy, moderate, hard: below VT1, VT1–VT2, above VT2 (colour-blind safe, Okabe & Ito).
INTENSITY_COLOURS = ("#56B4E9", "#E69F00", "#D55E00")
INTENSITY_NAMES = ("easy", "moderate", "hard")
_SMALL_HEIGHT = 300
_HALF_WIDTH, _HALF_HEIGHT = 450, 260
_MAX_BAR = 90.0  # a few weeks still look like bars, not blocks


def _open(width: int, height: int, title: str, css_class: str = "") -> list[str]:
    extra = f' class="{css_class}"' if css_class else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg"{extra} width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{xml_escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]


def svg_chart(rows: list[DailyRow], smoothing: str) -> str:
    """A self-contained SVG: daily load bars, fitness, fatigue and form lines, one shared axis."""
    values = [v for r in rows for v in (r.load, r.fitness, r.fatigue, r.form)]
    top = max(10.0, max(values))
    bottom = min(0.0, min(values))
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    step = plot_w / len(rows)

    def y(value: float) -> float:
        return _TOP + (top - value) / (top - bottom) * plot_h

    def x(index: int) -> float:
        return _LEFT + step * (index + 0.5)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>Fitness, fatigue and form, {rows[0].day} to {rows[-1].day}</title>",
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="white"/>',
    ]
    for tick in _ticks(bottom, top):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{"#444" if tick == 0 else "#e5e5e5"}" stroke-width="1"/>'
            f'<text x="{_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    bar = max(1.0, step * 0.7)
    for index, row in enumerate(rows):
        if row.load > 0:
            parts.append(
                f'<rect x="{x(index) - bar / 2:.1f}" y="{y(row.load):.1f}" width="{bar:.1f}" '
                f'height="{y(0) - y(row.load):.1f}" fill="{_COLOURS["load"]}">'
                f"<title>{row.day}: load {row.load:.0f}</title></rect>"
            )
    for name in ("fitness", "fatigue", "form"):
        points = " ".join(f"{x(i):.1f},{y(getattr(r, name)):.1f}" for i, r in enumerate(rows))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{_COLOURS[name]}" '
            f'stroke-width="2"><title>{name}</title></polyline>'
        )
    label_every = max(1, len(rows) // 8)
    for index in range(0, len(rows), label_every):
        parts.append(
            f'<text x="{x(index):.1f}" y="{_HEIGHT - _BOTTOM + 16}" text-anchor="middle">'
            f"{rows[index].day:%m-%d}</text>"
        )
    legend_x = _LEFT
    for name, colour in _COLOURS.items():
        parts.append(
            f'<rect x="{legend_x}" y="{_HEIGHT - 18}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{_HEIGHT - 8}">{name}</text>'
        )
        legend_x += 90
    parts.append(
        f'<text x="{_WIDTH - _RIGHT}" y="{_HEIGHT - 8}" text-anchor="end">'
        f"{xml_escape(f'{smoothing} smoothing; form from yesterday; load points')}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def ratio_chart(rows: Sequence[DailyRow]) -> str:
    """The acute:chronic ratio by day over its 0.8–1.3 band; days without a ratio leave a gap."""
    height = _SMALL_HEIGHT
    known = [r.acute_chronic_ratio for r in rows if r.acute_chronic_ratio is not None]
    top = max(2.0, math.ceil(max(known, default=0.0) * 2) / 2)
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = height - _TOP - _BOTTOM
    step = plot_w / max(1, len(rows))

    def y(value: float) -> float:
        return _TOP + (top - value) / top * plot_h

    def x(index: int) -> float:
        return _LEFT + step * (index + 0.5)

    first = rows[0].day if rows else None
    last = rows[-1].day if rows else None
    parts = _open(_WIDTH, height, f"Acute:chronic ratio, {first} to {last}", "ratio")
    low, high = RATIO_BAND
    parts.append(
        f'<rect class="band" x="{_LEFT}" y="{y(high):.1f}" width="{plot_w}" '
        f'height="{y(low) - y(high):.1f}" fill="{BAND_COLOUR}">'
        f"<title>{low:g}–{high:g}: the usual band</title></rect>"
    )
    for tick in _ticks(0.0, top):
        parts.append(_grid(y(tick), "#e5e5e5" if tick else "#444", f"{tick:g}"))
    run: list[str] = []
    for index, row in enumerate([*rows, None]):
        value = None if row is None else row.acute_chronic_ratio
        if row is not None and value is not None:
            run.append(f"{x(index):.1f},{y(value):.1f}")
            parts.append(
                f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="1.8" fill="{RATIO_COLOUR}">'
                f"<title>{row.day}: ratio {value:.2f}</title></circle>"
            )
        elif run:
            parts.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{RATIO_COLOUR}" '
                f'stroke-width="2"><title>acute:chronic ratio</title></polyline>'
            )
            run = []
    every = max(1, len(rows) // 8)
    for index in range(0, len(rows), every):
        parts.append(_label(x(index), height - _BOTTOM + 16, f"{rows[index].day:%m-%d}"))
    parts.append(
        f'<rect x="{_LEFT}" y="{height - 18}" width="12" height="12" fill="{BAND_COLOUR}" '
        f'stroke="#444" stroke-width="0.5"/><text x="{_LEFT + 16}" y="{height - 8}">'
        f"{low:g}–{high:g} band</text>"
        f'<rect x="{_LEFT + 110}" y="{height - 18}" width="12" height="12" '
        f'fill="{RATIO_COLOUR}"/><text x="{_LEFT + 126}" y="{height - 8}">'
        "7-day : 28-day load (EWMA)</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def weekly_bars(
    weeks: Sequence[str], values: Sequence[float], *, unit: str, colour: str, title: str
) -> str:
    """One bar per ISO week ("2026-W47"), its value written above it; half as wide as the
    other charts, so two sit side by side."""
    width, height = _HALF_WIDTH, _HALF_HEIGHT
    top = max(1.0, max(values, default=0.0)) * 1.15
    plot_w = width - _LEFT - _RIGHT
    plot_h = height - _TOP - _BOTTOM
    step = plot_w / max(1, len(weeks))

    def y(value: float) -> float:
        return _TOP + (top - value) / top * plot_h

    parts = _open(width, height, title, "weekly")
    for tick in _ticks(0.0, top):
        parts.append(_grid(y(tick), "#e5e5e5" if tick else "#444", f"{tick:g}", width))
    bar = min(_MAX_BAR / 2, max(2.0, step * 0.6))
    every = max(1, -(-len(weeks) // 6))
    for index, (week, value) in enumerate(zip(weeks, values, strict=True)):
        centre = _LEFT + step * (index + 0.5)
        text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
        parts.append(
            f'<rect x="{centre - bar / 2:.1f}" y="{y(value):.1f}" width="{bar:.1f}" '
            f'height="{y(0) - y(value):.1f}" fill="{colour}">'
            f"<title>{xml_escape(week)}: {text} {xml_escape(unit)}</title></rect>"
        )
        if len(weeks) <= 10 and value > 0:
            parts.append(_label(centre, y(value) - 4, text))
        if index % every == 0:
            parts.append(_label(centre, height - _BOTTOM + 16, week.split("-")[-1]))
    parts.append(f'<text x="{_LEFT}" y="{height - 8}">{xml_escape(unit)} per ISO week</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def intensity_bars(weeks: Sequence[str], zone_seconds: Sequence[tuple[float, float, float]]) -> str:
    """Each week's time as easy / moderate / hard shares (100 % stacked); weeks with no zone
    time are left empty and say so."""
    height = _SMALL_HEIGHT
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = height - _TOP - _BOTTOM
    step = plot_w / max(1, len(weeks))

    def y(share: float) -> float:
        return _TOP + (1.0 - share) * plot_h

    parts = _open(_WIDTH, height, "Intensity distribution by week", "intensity")
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(_grid(y(tick), "#e5e5e5" if tick else "#444", f"{tick:.0%}"))
    bar = min(_MAX_BAR, max(2.0, step * 0.6))
    every = max(1, len(weeks) // 10)
    for index, (week, seconds) in enumerate(zip(weeks, zone_seconds, strict=True)):
        centre = _LEFT + step * (index + 0.5)
        total = sum(seconds)
        if index % every == 0:
            parts.append(_label(centre, height - _BOTTOM + 16, week.split("-")[-1]))
        if total <= 0:
            parts.append(_label(centre, y(0) - 4, "–"))
            continue
        below = 0.0
        for name, colour, value in zip(INTENSITY_NAMES, INTENSITY_COLOURS, seconds, strict=True):
            share = value / total
            if share <= 0:
                continue
            parts.append(
                f'<rect x="{centre - bar / 2:.1f}" y="{y(below + share):.1f}" '
                f'width="{bar:.1f}" height="{y(below) - y(below + share):.1f}" fill="{colour}">'
                f"<title>{xml_escape(week)}: {name} {share:.0%}</title></rect>"
            )
            below += share
    legend_x = _LEFT
    for name, colour in zip(INTENSITY_NAMES, INTENSITY_COLOURS, strict=True):
        parts.append(
            f'<rect x="{legend_x}" y="{height - 18}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{height - 8}">{name}</text>'
        )
        legend_x += 90
    parts.append(
        f'<text x="{_WIDTH - _RIGHT}" y="{height - 8}" text-anchor="end">'
        "time below VT1 / VT1–VT2 / above VT2</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _grid(at: float, colour: str, text: str, width: int = _WIDTH) -> str:
    return (
        f'<line x1="{_LEFT}" x2="{width - _RIGHT}" y1="{at:.1f}" y2="{at:.1f}" '
        f'stroke="{colour}" stroke-width="1"/>'
        f'<text x="{_LEFT - 6}" y="{at + 4:.1f}" text-anchor="end">{xml_escape(text)}</text>'
    )


def _label(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{xml_escape(text)}</text>'


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    raw = span / 6
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    tick = first
    while tick <= high + 1e-9:
        ticks.append(round(tick, 6))
        tick += step
    return ticks
