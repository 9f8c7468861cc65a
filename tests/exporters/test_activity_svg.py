"""The activity's SVG: gaps stay gaps, big streams are thinned, every text is escaped."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest

from everyrun.exporters import activity_svg as svg
from everyrun.services.activity_page import MAX_POINTS, downsample, smoothed


def _points(markup: str) -> list[list[tuple[float, float]]]:
    lines = re.findall(r'<polyline[^>]*points="([^"]+)"', markup)
    return [[tuple(map(float, p.split(","))) for p in line.split()] for line in lines]  # type: ignore[misc]


def _chart(time: np.ndarray, values: np.ndarray, **extra: Any) -> str:
    return svg.time_chart(
        time, values, title="t", axis_label="bpm", colour="#000", css_class="c", **extra
    )


def test_a_chart_is_well_formed_svg_with_a_title() -> None:
    time = np.arange(600.0)
    markup = _chart(time, 140 + 10 * np.sin(time / 60))
    root = ET.fromstring(markup)
    assert root.tag == "svg" and root.find("title") is not None
    assert "http" not in markup and "<script" not in markup


def test_a_gap_breaks_the_line_instead_of_bridging_it() -> None:
    time = np.arange(300.0)
    values = np.full(300, 150.0)
    values[100:150] = np.nan
    lines = _points(_chart(time, values))
    assert len(lines) == 2
    (first, second) = lines
    assert max(x for x, _ in first) < min(x for x, _ in second)


def test_nothing_recorded_draws_a_message_not_an_empty_line() -> None:
    markup = _chart(np.arange(10.0), np.full(10, np.nan))
    assert "<polyline" not in markup and "nothing recorded" in markup


def test_a_long_stream_is_thinned_to_the_bound() -> None:
    time = np.arange(12_000.0)  # 3 h 20 at 1 s
    markup = _chart(time, 150 + np.random.default_rng(1).normal(0, 5, 12_000))
    drawn = sum(len(line) for line in _points(markup))
    assert 2 <= drawn <= MAX_POINTS
    assert len(markup) < 60_000


@pytest.mark.parametrize("size", [10, 999, 1000, 1001, 10_000])
def test_downsampling_keeps_time_order_and_the_bound(size: int) -> None:
    time = np.arange(float(size)) * 2
    found = downsample(time, {"v": time / 2}, MAX_POINTS)
    assert len(found) == min(size, MAX_POINTS) == len(found.columns["v"])
    assert found.source_points == size
    assert np.all(np.diff(found.time_s) > 0)
    assert np.nanmean(found.columns["v"]) == pytest.approx(np.mean(time / 2), rel=1e-3)


def test_downsampling_leaves_a_pause_empty_and_skips_nan_time() -> None:
    time = np.r_[np.arange(0.0, 1000.0), np.arange(5000.0, 6000.0), [np.nan]]
    found = downsample(time, {"v": np.ones(len(time))}, 100)
    assert found.source_points == 2000
    assert np.isnan(found.columns["v"]).any(), "the pause shows as a gap"
    assert np.nansum(found.columns["v"]) > 0


def test_smoothing_keeps_gaps() -> None:
    values = np.array([1.0, 2.0, np.nan, 4.0, 5.0])
    found = smoothed(values, 3)
    assert math.isnan(found[2]) and found[0] == pytest.approx(1.5)


def test_reps_are_shaded_with_their_label_escaped() -> None:
    bands = [svg.Band(60.0, 120.0, "rep <1> & more")]
    markup = _chart(np.arange(300.0), np.full(300, 3.0), bands=bands, span_s=300.0)
    assert markup.count('class="rep"') == 1
    assert "rep &lt;1&gt; &amp; more" in markup and "<1>" not in markup
    ET.fromstring(markup)


def test_an_inverted_pace_axis_puts_faster_higher() -> None:
    time = np.arange(200.0)
    pace = np.r_[np.full(100, 360.0), np.full(100, 240.0)]  # 6:00 then 4:00 per km
    (line,) = _points(_chart(time, pace, invert=True, tick_unit=60.0))
    assert line[-1][1] < line[0][1]


def test_zone_bars_show_every_zone_with_its_share_and_escape_names() -> None:
    markup = svg.zone_bars(["Z1", "<Z2>"], [600.0, 1800.0], ["below 140 bpm", ""], "Zones & co")
    assert markup.count('class="zone"') == 2
    assert "&lt;Z2&gt;" in markup and "Zones &amp; co" in markup and "75%" in markup
    ET.fromstring(markup)


def test_the_route_is_drawn_at_equal_scale_with_start_and_end() -> None:
    # A square 0.01° of latitude on a side at 60° N is half as wide in longitude degrees.
    lat = np.r_[np.linspace(60.0, 60.01, 50), np.full(50, 60.01)]
    lon = np.r_[np.zeros(50), np.linspace(0.0, 0.02, 50)]
    xs, ys = svg.project(lat, lon, 400, 400, margin=0)
    assert (np.nanmax(xs) - np.nanmin(xs)) == pytest.approx(np.nanmax(ys) - np.nanmin(ys), rel=0.01)
    assert ys[0] > ys[49], "north is up"
    markup = svg.route(lat, lon, title="Route: <b>Sunday</b>")
    assert 'class="start"' in markup and 'class="end"' in markup
    assert "&lt;b&gt;Sunday" in markup
    ET.fromstring(markup)


def test_a_route_with_gps_gaps_is_split_and_long_tracks_thinned() -> None:
    lat = np.linspace(50.0, 50.1, 20_000)
    lon = np.linspace(8.0, 8.1, 20_000)
    lat[5000:6000] = np.nan
    markup = svg.route(lat, lon)
    lines = _points(markup)
    assert len(lines) == 2
    assert sum(len(line) for line in lines) <= MAX_POINTS


def test_no_gps_draws_a_message() -> None:
    markup = svg.route(np.full(5, np.nan), np.full(5, np.nan))
    assert "no GPS recorded" in markup and "<polyline" not in markup


def test_clock_labels() -> None:
    assert [svg.clock(s) for s in (0, 59.6, 600, 5400)] == ["0:00", "1:00", "10:00", "1:30:00"]


def test_the_pace_axis_is_for_the_running_not_the_stops() -> None:
    pace = np.r_[np.full(900, 300.0), np.full(100, 1500.0)]  # 5:00/km, and 100 s standing
    low, high = svg.pace_limits(pace) or (0.0, 0.0)
    assert low <= 300.0 < high <= 480.0
    assert svg.pace_limits(np.full(3, np.nan)) is None
