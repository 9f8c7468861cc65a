"""Hand-written inline SVG charts for the weekly review: bars, lines and a target band.

Each function takes plain numbers and labels and returns one `<svg>` element meant to sit inside
an HTML document (no XML namespace, no script, no external reference). All text is escaped here.
The palette is colour-blind safe (Okabe & Ito 2008, "Color Universal Design"; Paul Tol 2021,
"Colour schemes", muted and light sets), and no chart relies on colour alone: bars carry text
labels and lines differ in dash pattern as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from everyrun.domain.purpose import Purpose

# One fixed colour per purpose, so a purpose looks the same in every week's report.
PURPOSE_COLOURS: dict[Purpose, str] = {
    Purpose.RECOVERY: "#88CCEE",
    Purpose.EASY_AEROBIC: "#56B4E9",
    Purpose.LONG_RUN: "#0072B2",
    Purpose.PROGRESSION: "#44AA99",
    Purpose.TEMPO_THRESHOLD: "#E69F00",
    Purpose.VO2MAX_INTERVALS: "#D55E00",
    Purpose.SPEED: "#CC79A7",
    Purpose.RACE_PACE: "#882255",
    Purpose.RACE: "#AA4499",
    Purpose.FARTLEK: "#DDCC77",
    Purpose.MENTAL_TOUGHNESS: "#332288",
    Purpose.NO_CLEAR_PURPOSE: "#BBBBBB",
    Purpose.CROSS_TRAINING: "#117733",
    Purpose.STRENGTH: "#999933",
    Purpose.MOBILITY: "#009E73",
    Purpose.REST: "#DDDDDD",
    Purpose.SLEEP: "#77AADD",
    Purpose.FUELLING: "#EE8866",
    Purpose.HYDRATION: "#99DDFF",
}
UNPLANNED_COLOUR = PURPOSE_COLOURS[Purpose.NO_CLEAR_PURPOSE]
OTHER_COLOUR = "#666666"  # minutes the day's totals hold that no listed session explains
INK = "#222222"
GRID = "#E5E5E5"
EASY_COLOUR = "#56B4E9"
HARD_COLOUR = "#E69F00"
SHORT_COLOUR = "#E69F00"

_WIDTH = 720
_LEFT, _RIGHT, _TOP = 48, 16, 24
_FONT = 'font-family="sans-serif" font-size="11"'
UNPLANNED_PATTERN = "unplanned-hatch"


@dataclass(frozen=True)
class Segment:
    """Part of a day's bar: one session's minutes."""

    minutes: float
    colour: str
    label: str  # shown as the segment's tooltip
    is_unplanned: bool = False


@dataclass(frozen=True)
class DayColumn:
    label: str  # "Tue 16"
    planned: tuple[Segment, ...]
    done: tuple[Segment, ...]


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: tuple[float | None, ...]
    dash: str = ""  # stroke-dasharray, so lines differ by more than colour


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


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values from `low` to `high`, about `count` of them."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    tick = math.ceil(low / step) * step
    values: list[float] = []
    while tick <= high + 1e-9:
        values.append(round(tick, 6))
        tick += step
    return values


def nice_range(low: float, high: float) -> tuple[float, float]:
    """`low` and `high` widened to the nearest round axis values."""
    found = ticks(low, high)
    step = found[1] - found[0] if len(found) > 1 else max(abs(high - low), 1.0)
    return math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step


def legend(items: Sequence[tuple[str, str]], y: float, width: int = _WIDTH) -> tuple[str, float]:
    """Swatches with labels in rows that wrap; returns the markup and the y below it."""
    parts: list[str] = []
    x = float(_LEFT)
    for label, colour in items:
        item_w = 22 + 6.5 * len(label)
        if x + item_w > width - _RIGHT and x > _LEFT:
            x, y = float(_LEFT), y + 18
        fill = f"url(#{UNPLANNED_PATTERN})" if colour == UNPLANNED_PATTERN else colour
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{fill}" '
            f'stroke="{INK}" stroke-width="0.5"/>'
        )
        parts.append(_text(x + 16, y, label))
        x += item_w
    return "".join(parts), y + 18


def day_bars(columns: Sequence[DayColumn], legend_items: Sequence[tuple[str, str]]) -> str:
    """Planned (outlined) against done (filled) minutes per day, stacked by session."""
    plot_h, label_h = 200, 34
    totals = [sum(s.minutes for s in c.planned + c.done) for c in columns]
    highest = max([30.0, *(sum(s.minutes for s in c.planned) for c in columns)])
    highest = max([highest, *(sum(s.minutes for s in c.done) for c in columns)])
    _, top = nice_range(0.0, highest)
    plot_w = _WIDTH - _LEFT - _RIGHT
    step = plot_w / max(1, len(columns))
    bar = min(34.0, step * 0.32)
    base = _TOP + plot_h

    def y(minutes: float) -> float:
        return base - minutes / top * plot_h

    parts = [
        "<defs>"
        f'<pattern id="{UNPLANNED_PATTERN}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{UNPLANNED_COLOUR}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="1.5"/>'
        "</pattern></defs>",
    ]
    for tick in ticks(0.0, top):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{INK if tick == 0 else GRID}"/>'
        )
        parts.append(_text(_LEFT - 6, y(tick) + 4, f"{tick:g}", "end"))
    parts.append(_text(4, _TOP - 8, "minutes"))
    for index, column in enumerate(columns):
        centre = _LEFT + step * (index + 0.5)
        for segments, x, is_done in (
            (column.planned, centre - bar - 2, False),
            (column.done, centre + 2, True),
        ):
            stacked = 0.0
            for segment in segments:
                if segment.minutes <= 0:
                    continue
                top_y, bottom_y = y(stacked + segment.minutes), y(stacked)
                stacked += segment.minutes
                if is_done:
                    fill = f"url(#{UNPLANNED_PATTERN})" if segment.is_unplanned else segment.colour
                    style = f'fill="{fill}" stroke="{INK}" stroke-width="0.5"'
                else:
                    style = (
                        f'fill="{segment.colour}" fill-opacity="0.15" stroke="{segment.colour}" '
                        'stroke-width="2"'
                    )
                parts.append(
                    f'<rect x="{x:.1f}" y="{top_y:.1f}" width="{bar:.1f}" '
                    f'height="{max(0.5, bottom_y - top_y):.1f}" {style}>'
                    f"<title>{escape(segment.label)}</title></rect>"
                )
            if stacked > 0:
                parts.append(_text(x + bar / 2, y(stacked) - 3, f"{stacked:.0f}", "middle"))
        parts.append(_text(centre, base + 14, column.label, "middle"))
        if totals[index] > 0:
            parts.append(
                _text(
                    centre, base + 27, "plan · done", "middle", ' font-size="9" fill-opacity="0.7"'
                )
            )
    items = [("planned: outline", "#FFFFFF"), ("done: filled", INK), *legend_items]
    markup, bottom = legend(items, base + label_h + 14)
    parts.append(markup)
    parts.append("</svg>")
    title = "Planned against done minutes by day"
    return _open(_WIDTH, int(bottom), title, "chart-days") + "".join(parts)


def share_band(share: float | None, band: tuple[float, float]) -> str:
    """The done easy share of running time as a bar from 0 to 100 %, the target band marked."""
    width, height, bar_y, bar_h = _WIDTH, 112, 34, 26
    plot_w = width - _LEFT - _RIGHT

    def x(fraction: float) -> float:
        return _LEFT + max(0.0, min(1.0, fraction)) * plot_w

    low, high = band
    parts = [_open(width, height, "Easy share of running time against the target", "chart-share")]
    parts.append(
        f'<rect x="{_LEFT}" y="{bar_y}" width="{plot_w}" height="{bar_h}" fill="#F4F4F4" '
        f'stroke="{INK}" stroke-width="0.5"/>'
    )
    if share is not None:
        parts.append(
            f'<rect x="{_LEFT}" y="{bar_y}" width="{x(share) - _LEFT:.1f}" height="{bar_h}" '
            f'fill="{EASY_COLOUR}"><title>easy {share:.0%}</title></rect>'
            f'<rect x="{x(share):.1f}" y="{bar_y}" width="{x(1.0) - x(share):.1f}" '
            f'height="{bar_h}" fill="{HARD_COLOUR}"><title>not easy {1 - share:.0%}</title></rect>'
        )
        parts.append(_text(x(share), bar_y + bar_h + 22, f"done: {share:.0%} easy", "middle"))
    else:
        parts.append(_text(width / 2, bar_y + 17, "no running recorded this week", "middle"))
    parts.append(
        f'<rect x="{x(low):.1f}" y="{bar_y - 6}" width="{x(high) - x(low):.1f}" '
        f'height="{bar_h + 12}" fill="none" stroke="{INK}" stroke-width="2" '
        f'stroke-dasharray="5 3"><title>target {low:.0%}–{high:.0%} easy</title></rect>'
    )
    parts.append(
        _text((x(low) + x(high)) / 2, bar_y - 10, f"target {low:.0%}–{high:.0%}", "middle")
    )
    for fraction, anchor in ((0.0, "start"), (0.5, "middle"), (1.0, "end")):
        parts.append(_text(x(fraction), height - 4, f"{fraction:.0%}", anchor))
    parts.append(legend([("easy", EASY_COLOUR), ("not easy", HARD_COLOUR)], 16, width)[0])
    parts.append("</svg>")
    return "".join(parts)


def lines(labels: Sequence[str], series: Sequence[Series], title: str) -> str:
    """Lines over the days; a missing value breaks its line instead of inventing a number."""
    plot_h = 170
    known = [v for s in series for v in s.values if v is not None]
    low, high = nice_range(min([0.0, *known]), max([10.0, *known]))
    plot_w = _WIDTH - _LEFT - _RIGHT
    step = plot_w / max(1, len(labels))
    base = _TOP + plot_h
    height = base + 18 + 36

    def y(value: float) -> float:
        return base - (value - low) / (high - low) * plot_h

    def x(index: int) -> float:
        return _LEFT + step * (index + 0.5)

    parts = [_open(_WIDTH, height, title, "chart-lines"), _text(4, _TOP - 8, "load points")]
    for tick in ticks(low, high):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{INK if tick == 0 else GRID}"/>'
        )
        parts.append(_text(_LEFT - 6, y(tick) + 4, f"{tick:g}", "end"))
    for one in series:
        dash = f' stroke-dasharray="{one.dash}"' if one.dash else ""
        run: list[str] = []
        for index, value in enumerate([*one.values, None]):
            if value is not None:
                run.append(f"{x(index):.1f},{y(value):.1f}")
                parts.append(
                    f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="2.5" '
                    f'fill="{one.colour}"><title>{escape(labels[index])}: '
                    f"{escape(one.name)} {value:.1f}</title></circle>"
                )
            elif run:
                if len(run) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{one.colour}" '
                        f'stroke-width="2"{dash}><title>{escape(one.name)}</title></polyline>'
                    )
                run = []
    for index, label in enumerate(labels):
        parts.append(_text(x(index), base + 14, label, "middle"))
    legend_y = base + 40
    lx = float(_LEFT)
    for one in series:
        dash = f' stroke-dasharray="{one.dash}"' if one.dash else ""
        parts.append(
            f'<line x1="{lx:.1f}" x2="{lx + 24:.1f}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
            f'stroke="{one.colour}" stroke-width="2"{dash}/>'
        )
        parts.append(_text(lx + 28, legend_y, one.name))
        lx += 40 + 7 * len(one.name)
    parts.append("</svg>")
    return "".join(parts)


def sleep_bars(labels: Sequence[str], hours: Sequence[float | None], target_h: float | None) -> str:
    """Hours slept per night; nights short of the target stand out in colour and in words."""
    plot_h = 150
    _, top = nice_range(0.0, max([9.0, target_h or 0.0, *(h for h in hours if h is not None)]))
    plot_w = _WIDTH - _LEFT - _RIGHT
    step = plot_w / max(1, len(labels))
    bar = min(40.0, step * 0.5)
    base = _TOP + plot_h
    height = base + 36

    def y(value: float) -> float:
        return base - value / top * plot_h

    parts = [_open(_WIDTH, height, "Sleep hours per night against the target", "chart-sleep")]
    for tick in ticks(0.0, top, 4):
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{INK if tick == 0 else GRID}"/>'
        )
        parts.append(_text(_LEFT - 6, y(tick) + 4, f"{tick:g} h", "end"))
    for index, (label, slept) in enumerate(zip(labels, hours, strict=True)):
        centre = _LEFT + step * (index + 0.5)
        parts.append(_text(centre, base + 14, label, "middle"))
        if slept is None:
            parts.append(_text(centre, base - 4, "–", "middle"))
            continue
        is_short = target_h is not None and slept < target_h
        colour = SHORT_COLOUR if is_short else EASY_COLOUR
        note = " (short)" if is_short else ""
        parts.append(
            f'<rect x="{centre - bar / 2:.1f}" y="{y(slept):.1f}" width="{bar:.1f}" '
            f'height="{base - y(slept):.1f}" fill="{colour}" stroke="{INK}" stroke-width="0.5">'
            f"<title>{escape(label)}: {slept:.1f} h{note}</title></rect>"
        )
        parts.append(_text(centre, y(slept) - 3, f"{slept:.1f}{'!' if is_short else ''}", "middle"))
    if target_h is not None:
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(target_h):.1f}" '
            f'y2="{y(target_h):.1f}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 3"/>'
        )
        parts.append(_text(_LEFT, _TOP - 8, f"dashed line: target {target_h:g} h; ! a short night"))
    parts.append("</svg>")
    return "".join(parts)


def meter(fraction: float, label: str, colour: str = EASY_COLOUR, width: int = 120) -> str:
    """A small bar filled to `fraction` (0–1), for scores and done-of-planned counts."""
    filled = max(0.0, min(1.0, fraction)) * width
    return (
        f'<svg class="meter" width="{width}" height="12" viewBox="0 0 {width} 12" role="img">'
        f"<title>{escape(label)}</title>"
        f'<rect width="{width}" height="12" fill="#F4F4F4" stroke="{INK}" stroke-width="0.5"/>'
        f'<rect width="{filled:.1f}" height="12" fill="{colour}"/></svg>'
    )
