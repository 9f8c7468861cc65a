"""The weekly review report in a real browser: offline, every chart drawn with a real size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from everyrun.exporters.review_html import review_to_html
from tests.browser import browser, browser_page  # noqa: F401  (fixtures)
from tests.exporters import review_fixture as fx

CHARTS = ("chart-days", "chart-share", "chart-lines", "chart-sleep")


def test_the_report_renders_its_charts_offline_in_chromium(
    browser_page: Any,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    report = tmp_path / "week.html"
    report.write_text(review_to_html(fx.REVIEW, athlete_name="Ana"), encoding="utf-8")
    requests: list[str] = []
    browser_page.on("request", lambda request: requests.append(request.url))
    browser_page.goto(report.as_uri())
    assert browser_page.title().startswith("Week review 2027-W07")
    for chart in CHARTS:
        box = browser_page.locator(f"svg.{chart}").first.bounding_box(timeout=5000)
        assert box is not None and box["width"] > 100 and box["height"] > 20, chart
    assert browser_page.locator("text=What was it for?").count() >= 1
    assert [url for url in requests if not url.startswith("file://")] == []  # nothing fetched
