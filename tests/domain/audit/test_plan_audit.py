"""A plan with known problems gets exactly those flags, each with its evidence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from everyrun.domain.audit.plan_audit import PlanAudit, audit_plan
from everyrun.domain.audit.plan_source import PlanRow, SkippedLine
from everyrun.domain.errors import EveryrunError
from everyrun.domain.science.vdot import training_paces

MONDAY = date(2027, 1, 4)
PACES = training_paces(50)

GOOD_WEEK = (
    "rest + yoga",
    "15' wu/cd, 6 x 1k @ 10k pace w/ 2' jog",
    "45' easy + 6 strides + gym",
    "15' wu/cd, 3 x 12' @ T w/ 2' jog",
    "30' recovery + mobility",
    "45' easy",
    "Long run 14 km",
)


def _rows(*weeks: tuple[str, ...]) -> list[PlanRow]:
    rows = []
    for w, week in enumerate(weeks):
        for d, text in enumerate(week):
            if text:
                day = MONDAY + timedelta(weeks=w, days=d)
                rows.append(PlanRow(day, text, f"line {len(rows) + 2}"))
    return rows


def _audit(*weeks: tuple[str, ...]) -> PlanAudit:
    return audit_plan(_rows(*weeks), paces=PACES)


def _rules(audit: PlanAudit) -> list[str]:
    return sorted(f.rule for f in audit.flags)


def test_a_sound_plan_has_no_flags_and_scores_full() -> None:
    audit = _audit(GOOD_WEEK, GOOD_WEEK)

    assert _rules(audit) == []
    assert audit.score == 100
    assert len(audit.weeks) == 2 and all(w.is_full for w in audit.weeks)


def test_a_plan_with_known_problems_gets_exactly_those_flags() -> None:
    crammed = (
        "8 km easy + gym",  # fine
        "6x800m @ 5K pace w/ 400m jog",  # hard
        "Tempo 3 x 2 mi",  # hard, the day after
        "run 8 km",  # grey zone
        "45' easy",
        "Long run 28 km",  # hard, and far over 30 % of the week
        "50' easy",  # no rest day in this week
    )
    audit = _audit(crammed)

    assert _rules(audit) == [
        "easy_share",
        "hard_days_back_to_back",
        "long_run",
        "no_mobility",
        "no_rest_day",
        "unclear_purpose",
    ]
    flags = {f.rule: f for f in audit.flags}
    assert flags["hard_days_back_to_back"].days == (date(2027, 1, 5), date(2027, 1, 6))
    assert "2027-01-05 vo2max intervals" in flags["hard_days_back_to_back"].evidence
    assert flags["unclear_purpose"].days == (date(2027, 1, 7),)
    assert "name the intensity" in flags["unclear_purpose"].evidence[0]
    assert "28.0 km" in flags["long_run"].evidence[0]
    assert flags["no_rest_day"].message == "no rest or recovery day in the week of 2027-01-04"
    assert flags["easy_share"].message.startswith("85.")  # the grey-zone run counts as easy
    assert audit.score < 70


def test_three_hard_days_in_four_are_a_cluster() -> None:
    week = ("rest + yoga", "Tempo 20'", "fartlek 40'", "45' easy + gym", "6 x 3' @ 5K pace",
            "30' recovery", "60' easy")  # fmt: skip
    audit = _audit(week)

    clusters = [f for f in audit.flags if f.rule == "hard_days_clustered"]
    assert len(clusters) == 1
    assert clusters[0].days == (date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 8))
    assert not [f for f in audit.flags if f.rule == "hard_days_back_to_back"]


def test_volume_rising_more_than_ten_percent_is_flagged_against_the_last_full_week() -> None:
    light = tuple(t.replace("Long run 14 km", "Long run 10 km") for t in GOOD_WEEK)
    big = tuple(t.replace("45' easy", "80' easy") for t in GOOD_WEEK)
    audit = _audit(GOOD_WEEK, light, big)

    (ramp,) = [f for f in audit.flags if f.rule == "volume_ramp"]
    assert ramp.days == (date(2027, 1, 18),)
    assert "week of 2027-01-04" in ramp.evidence[0]  # the lighter week is not the reference


def test_weeks_without_strength_are_flagged() -> None:
    week = tuple(t.replace(" + gym", "") for t in GOOD_WEEK)

    assert _rules(_audit(week)) == ["no_strength"]


def test_text_that_cannot_be_read_is_listed_and_flagged() -> None:
    week = (*GOOD_WEEK[:6], "Long run 14 km + zorbing")
    audit = audit_plan(
        _rows(week), paces=PACES, skipped=[SkippedLine("line 1", "My plan", "above the header")]
    )

    assert [u.text for u in audit.unparsed] == ["My plan", "zorbing"]
    (flag,) = audit.flags
    assert flag.rule == "unclear_purpose" and "zorbing" in flag.message


def test_a_long_run_over_three_hours_is_flagged_even_in_a_part_week() -> None:
    audit = audit_plan([PlanRow(MONDAY, "Long run 3h30", "line 2"), PlanRow(MONDAY, "yoga", "")],
                       paces=PACES)  # fmt: skip

    assert [f.rule for f in audit.flags] == ["long_run"]
    assert "210 min" in audit.flags[0].evidence[0]


def test_an_empty_plan_is_refused() -> None:
    with pytest.raises(EveryrunError):
        audit_plan([], paces=PACES)
