"""The weekly review as a self-contained HTML page: everything shown, escaped, offline, valid."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import lxml.html
import pytest

from everyrun.domain.purpose import Purpose
from everyrun.exporters.review_html import review_to_html
from everyrun.exporters.review_svg import PURPOSE_COLOURS
from tests.exporters import review_fixture as fx

CHARTS = ("chart-days", "chart-share", "chart-lines", "chart-sleep")
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "source", "wbr", "area", "base"}
# SVG elements written self-closed (`<rect/>`): the HTML parser reports them as start-end tags.


class _Balance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def _document(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def _text(html: str) -> str:
    body = _document(html).body
    return re.sub(r"\s+", " ", body.text_content())


@pytest.fixture(scope="module")
def html() -> str:
    return review_to_html(fx.REVIEW, athlete_name="Ana")


def test_report_parses_with_balanced_tags_and_one_title_naming_the_iso_week(html: str) -> None:
    checker = _Balance()
    checker.feed(html)
    checker.close()
    assert checker.errors == []
    assert checker.open == []
    document = _document(html)
    assert html.startswith("<!DOCTYPE html>")
    titles = document.findall(".//head/title")
    assert len(titles) == 1
    assert "2027-W07" in titles[0].text_content()
    assert "Ana" in titles[0].text_content()


def test_report_shows_every_sessions_verdict_summary_and_criteria_details(html: str) -> None:
    text = _text(html)
    for match in fx.MATCHES:
        assert match.judgement is not None
        assert match.judgement.verdict in text
        assert match.judgement.summary in text
        for result in match.judgement.results:
            assert result.criterion.text in text
            assert result.detail in text
    for session in (fx.INTERVALS_DONE, fx.EASY_DONE, fx.UNPLANNED_DONE, fx.LONG_DONE):
        assert session.title in text
    assert "unplanned" in text
    assert "5:05/km" in text  # the unplanned run's pace, 8 km in 40:42


def test_report_shows_the_score_junk_questions_and_notes(html: str) -> None:
    text = _text(html)
    assert "64 / 100" in text
    assert fx.SCORE_REASON in text
    assert fx.JUNK.reason in text
    assert fx.JUNK.suggestion in text
    assert "easy too hard" in text
    assert fx.REVIEW.notes[0] in text
    questions = _document(html).find_class("questions")
    assert len(questions) == 1
    assert fx.QUESTION in questions[0].text_content()


def test_report_shows_intensity_adherence_sleep_and_readiness(html: str) -> None:
    text = _text(html)
    assert "68% of the running time was easy, below the target of 75%–85%." in text
    assert "0 of 1" in text  # strength
    assert "1 of 2" in text  # mobility
    assert "target 8 h" in text
    assert "1 night under the 8 h target." in text
    readiness = [chip.text_content() for chip in _document(html).find_class("chip")]
    assert readiness == [
        "Mon 15: go",
        "Tue 16: go",
        "Wed 17: easy",
        "Thu 18: rest",
        "Fri 19: unknown",
        "Sat 20: go",
        "Sun 21: easy",
    ]


def test_report_draws_each_chart_as_inline_svg_with_content(html: str) -> None:
    document = _document(html)
    for chart in CHARTS:
        found = document.xpath(f"//svg[contains(@class, '{chart}')]")
        assert len(found) == 1, chart
        assert found[0].xpath(".//rect | .//polyline | .//circle"), chart


def test_day_bars_outline_the_plan_fill_what_was_done_and_hatch_the_unplanned(html: str) -> None:
    chart = _document(html).xpath("//svg[contains(@class, 'chart-days')]")[0]
    titles = [rect.findtext("title") or "" for rect in chart.iter("rect")]
    assert "planned: Intervals 5 × 1 km, 60 min" in titles
    assert "done: Track 5 × 1 km, 58 min" in titles
    unplanned = [
        rect for rect in chart.iter("rect") if "unplanned" in (rect.findtext("title") or "")
    ]
    assert len(unplanned) == 1
    assert unplanned[0].get("fill") == "url(#unplanned-hatch)"
    interval_colour = PURPOSE_COLOURS[Purpose.VO2MAX_INTERVALS]
    planned = next(
        r for r in chart.iter("rect") if (r.findtext("title") or "").startswith("planned: Int")
    )
    assert planned.get("stroke") == interval_colour
    legend = chart.text_content()
    for label in ("vo2max intervals", "easy aerobic", "long run", "mobility", "unplanned"):
        assert label in legend


def test_a_missing_value_breaks_its_line_instead_of_inventing_one(html: str) -> None:
    chart = _document(html).xpath("//svg[contains(@class, 'chart-lines')]")[0]
    names = [line.findtext("title") for line in chart.iter("polyline")]
    assert names.count("fitness") == 1
    assert names.count("fatigue") == 2  # Friday is missing
    assert names.count("form") == 1  # Saturday is missing; Sunday alone is a point
    assert "form -17.2" in _text(html)


def test_report_references_nothing_outside_itself(html: str) -> None:
    for page in (html, review_to_html(fx.EMPTY_REVIEW)):
        lowered = page.lower()
        assert "http://" not in lowered
        assert "https://" not in lowered
        assert "<script" not in lowered
        assert "<link" not in lowered
        assert "@import" not in lowered
        assert not re.search(r"\bsrc\s*=", lowered)
        assert not re.search(r"url\((?!#)", lowered)


def test_text_from_the_review_stays_text() -> None:
    hostile = "<script>alert('x')</script> & <b>bold</b>"
    unplanned = dataclasses.replace(fx.UNPLANNED_DONE, title=hostile)
    matches = tuple(
        dataclasses.replace(m, done=unplanned) if m.done is fx.UNPLANNED_DONE else m
        for m in fx.MATCHES
    )
    review = dataclasses.replace(
        fx.REVIEW, matches=matches, questions=(hostile,), score_reason=hostile
    )
    page = review_to_html(review, athlete_name=hostile)
    assert "<script" not in page
    assert "<b>" not in page
    text = _text(page)
    assert text.count(hostile) >= 3
    assert hostile in _document(page).findtext(".//head/title")


def test_an_empty_week_renders_without_sessions_or_wellness() -> None:
    page = review_to_html(fx.EMPTY_REVIEW)
    checker = _Balance()
    checker.feed(page)
    assert checker.errors == []
    document = _document(page)
    assert "2027-W08" in document.findtext(".//head/title")
    text = _text(page)
    assert "No sessions this week." in text
    assert "no running recorded this week" in text
    assert "No load values for this week." in text
    assert "No sleep logged this week" in text
    assert "No junk this week." in text
    assert "What was it for?" not in text
    days = document.xpath("//svg[contains(@class, 'chart-days')]//text")
    assert {"Mon 22", "Sun 28"} <= {t.text_content() for t in days}


def test_every_purpose_has_its_own_colour() -> None:
    assert set(PURPOSE_COLOURS) == set(Purpose)
    assert len(set(PURPOSE_COLOURS.values())) == len(Purpose)
