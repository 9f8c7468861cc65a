"""The load charts: valid standalone SVG, gaps where a value is unknown, shares that add up."""

from __future__ import annotations

from datetime import date, timedelta
from xml.etree import ElementTree

from everyrun.cli import load as load_cli
from everyrun.exporters import load_svg
from everyrun.services.load import DailyRow

SVG = "{http://www.w3.org/2000/svg}"
FIRST = date(2026, 11, 2)


def _rows(ratios: list[float | None]) -> list[DailyRow]:
    return [
        DailyRow(FIRST + timedelta(days=i), 50.0 * (i % 2), 30.0 + i, 40.0, -10.0 + i, None, r,
                 None, None)
        for i, r in enumerate(ratios)
    ]  # fmt: skip


def _parse(svg: str) -> ElementTree.Element:
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert float(root.get("width", 0)) > 0 and float(root.get("height", 0)) > 0
    return root


def _titles(root: ElementTree.Element, tag: str) -> list[str]:
    return [element.findtext(f"{SVG}title") or "" for element in root.iter(f"{SVG}{tag}")]


def test_the_cli_draws_with_the_one_implementation() -> None:
    assert vars(load_cli)["svg_chart"] is load_svg.svg_chart  # imported, not a copy
    root = _parse(load_svg.svg_chart(_rows([None] * 10), "exponential"))
    assert _titles(root, "polyline") == ["fitness", "fatigue", "form"]
    assert sum(1 for t in _titles(root, "rect") if ": load 50" in t) == 5


def test_the_ratio_chart_shows_its_band_and_breaks_the_line_where_unknown() -> None:
    root = _parse(load_svg.ratio_chart(_rows([None, 0.9, 1.1, None, 1.4, 1.2])))
    band = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "band")
    assert (band.findtext(f"{SVG}title") or "").startswith("0.8–1.3")
    assert _titles(root, "polyline") == ["acute:chronic ratio"] * 2
    assert "2026-11-06: ratio 1.40" in _titles(root, "circle")
    unknown = _parse(load_svg.ratio_chart(_rows([None, None])))
    assert _titles(unknown, "polyline") == []
    assert any(r.get("class") == "band" for r in unknown.iter(f"{SVG}rect"))


def test_weekly_bars_give_each_week_a_bar_with_its_value() -> None:
    root = _parse(
        load_svg.weekly_bars(
            ["2026-W46", "2026-W47", "2026-W48"],
            [0.0, 43.5, 12.25],
            unit="km",
            colour="#0072B2",
            title="Running <distance> & more",
        )
    )
    assert root.findtext(f"{SVG}title") == "Running <distance> & more"
    assert "2026-W47: 43.5 km" in _titles(root, "rect")
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"W46", "W47", "W48", "43.5", "12.2"} <= set(labels)


def test_intensity_bars_stack_to_the_whole_week_and_leave_an_empty_week_empty() -> None:
    root = _parse(
        load_svg.intensity_bars(["2026-W47", "2026-W48"], [(7855.0, 7081.0, 2346.0), (0, 0, 0)])
    )
    week = [
        r for r in root.iter(f"{SVG}rect") if (r.findtext(f"{SVG}title") or "").startswith("2026")
    ]
    assert [r.findtext(f"{SVG}title") for r in week] == [
        "2026-W47: easy 45%",
        "2026-W47: moderate 41%",
        "2026-W47: hard 14%",
    ]
    heights = sum(float(r.get("height", 0)) for r in week)
    assert abs(heights - (300 - 30 - 50)) < 0.5  # the whole plot height
