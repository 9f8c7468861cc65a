"""The printable plan: every session's why and success, tables that stay tables."""

from __future__ import annotations

import re

import pytest

from everyrun.exporters.plan_markdown import escape, plan_to_markdown
from tests.exporters.plan_fixture import EASY_RUN, SESSIONS, fixture_plan

_CELL_BORDER = re.compile(r"(?<!\\)\|")


@pytest.fixture(scope="module")
def markdown() -> str:
    return plan_to_markdown(fixture_plan())


def test_title_has_goal_and_dates(markdown: str) -> None:
    first_line, *_ = markdown.splitlines()
    assert first_line == "# Training plan: City 10K"
    assert "Mon 04 Jan 2027 – Sun 17 Jan 2027 · 2 weeks" in markdown
    assert "race on Sun 14 Mar 2027, target 40:00" in markdown


def test_every_session_shows_its_why_and_success(markdown: str) -> None:
    for session in SESSIONS:
        assert escape(session.why) in markdown
        assert escape(session.title) in markdown
        for criterion in session.success:
            assert escape(criterion.text) in markdown


def test_a_pipe_in_a_cell_is_escaped(markdown: str) -> None:
    assert "Aerobic volume \\| recovery between the key days." in markdown
    assert "Aerobic volume | recovery" not in markdown


def test_every_table_row_has_as_many_cells_as_its_header(markdown: str) -> None:
    for block in markdown.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if not rows:
            continue
        widths = {len(_CELL_BORDER.findall(row)) for row in rows}
        assert len(widths) == 1, block


def test_phases_overview(markdown: str) -> None:
    assert "| Week | Dates | Phase | km | Lighter week | Focus |" in markdown
    assert "| 1 | 04 Jan – 10 Jan | build | 42 |  | First VO2max block: 5 × 1 km. |" in markdown
    assert "| 2 | 11 Jan – 17 Jan | build | 34 | lighter | Absorb \\| recover. |" in markdown


def test_prescription_has_paces_heart_rate_and_effort(markdown: str) -> None:
    assert "• 5 ×<br>&nbsp;&nbsp;↳ Work 1 km interval: 3:52–4:00/km · RPE 7–8" in markdown
    assert "Warm-up 15:00 easy: 5:10–5:40/km · Z2 · RPE 1–3" in markdown
    assert "Run 45:00 easy: Z2, below 150 bpm · RPE 2–3" in markdown


def test_strength_and_mobility_show_doses_and_reasons(markdown: str) -> None:
    assert "Single-leg calf raise: 3 × 12 each side, +10 % body mass — left calf" in markdown
    assert "Side plank: 2 × 40 s hold, bodyweight — pelvis control" in markdown
    assert "Hip flexor stretch: 10 min" in markdown
    assert "Lights out by 22:30" in markdown


def test_report_shows_rules_feasibility_and_what_was_left_out(markdown: str) -> None:
    assert "- volume\\_ramp: met — 42 km after 40 km: +5 %" in markdown
    assert (
        "- rest\\_day: **not met** — 0 rest days in week 2 "
        "(why: 5 running days asked for in 6 free days)" in markdown
    )
    assert "**Realistic.** 40:00 needs VDOT 51.9" in markdown
    assert (
        "- second quality session in week 2. Cost: less time at threshold before the race"
        in markdown
    )


def test_sessions_are_in_day_order_within_their_week(markdown: str) -> None:
    week_one = markdown.split("## Week 1")[1].split("## Week 2")[0]
    positions = [week_one.index(escape(s.why)) for s in SESSIONS if s.week == 1]
    assert positions == sorted(positions)
    assert escape(EASY_RUN.why) not in markdown.split("## Week 2")[1]


def test_escape_leaves_plain_text_alone_and_guards_markup() -> None:
    assert escape("Easy 45 min, 5:10–5:40/km") == "Easy 45 min, 5:10–5:40/km"
    assert escape("a | b *c* _d_ <e>") == "a \\| b \\*c\\* \\_d\\_ \\<e\\>"
