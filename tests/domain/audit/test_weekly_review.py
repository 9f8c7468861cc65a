"""The week's review: the score's formula, the questions, easy share and adherence."""

from __future__ import annotations

import pytest

from everyrun.domain.audit.review_model import JunkKind, PurposeSource
from everyrun.domain.audit.weekly_review import JUNK_PENALTY, review_week
from everyrun.domain.planning.run_targets import RunTargets
from everyrun.domain.planning.session import SessionKind
from everyrun.domain.purpose import Purpose
from tests.domain.audit.review_fixtures import (
    CEILING,
    MONDAY,
    PACES,
    SUNDAY,
    day,
    easy_evidence,
    history,
    log,
    planned,
    run,
    threshold,
)

TARGETS = RunTargets(PACES, None, CEILING, "test", 185.0)


def test_a_week_done_as_planned_scores_full_marks_without_questions() -> None:
    plans = [planned(0), planned(2, SessionKind.STRENGTH, Purpose.STRENGTH, minutes=30)]
    done = [run(0, evidence=easy_evidence(0.95)), log(2, SessionKind.STRENGTH)]

    review = review_week(MONDAY, plans, done, today=SUNDAY, targets=TARGETS)

    assert review.iso_week == "2027-W07"
    assert review.score == pytest.approx(100.0)
    assert review.junk == () and review.questions == ()
    assert (review.strength_done, review.strength_planned) == (1, 1)
    assert "2 of 2 sessions on purpose" in review.score_reason


def test_the_score_is_the_mean_credit_minus_five_points_a_junk_flag() -> None:
    plans = [planned(0), planned(2)]
    done = [run(0, evidence=easy_evidence(0.95)), run(4, Purpose.NO_CLEAR_PURPOSE, ref=42)]

    review = review_week(MONDAY, plans, done, today=SUNDAY, targets=TARGETS)

    # credits: 1 (on purpose), 0 (missed), 0 (no purpose) over 3 sessions; one grey-zone flag
    assert [f.kind for f in review.junk] == [JunkKind.GREY_ZONE]
    assert review.score == pytest.approx(100 / 3 - JUNK_PENALTY)
    assert "1 without a purpose" in review.score_reason


def test_each_off_plan_recording_is_asked_what_it_was_for_until_named() -> None:
    grey = run(1, Purpose.NO_CLEAR_PURPOSE, ref=42)
    named = run(3, Purpose.RECOVERY, ref=43, source=PurposeSource.ATHLETE, minutes=30, km=4.5)

    review = review_week(MONDAY, [], [grey, named], today=SUNDAY, targets=TARGETS)

    assert review.questions == (
        "Tuesday's 8.0 km at 5:38/km (no clear purpose): what was it for? "
        "`everyrun why 42 recovery`",
    )
    judged = [m for m in review.matches if m.done is named]
    assert judged[0].judgement is not None  # judged against the named purpose


def test_a_rest_day_with_a_run_on_it_was_not_kept() -> None:
    rest = planned(3, SessionKind.REST, Purpose.REST, title="Rest day")

    review = review_week(MONDAY, [rest], [run(3)], today=SUNDAY, targets=TARGETS)

    rest_match = next(m for m in review.matches if m.planned is rest)
    assert rest_match.judgement is not None and rest_match.judgement.score == 0.0
    assert JunkKind.RUN_ON_REST_DAY in [f.kind for f in review.junk]


def test_easy_share_uses_zone_seconds_and_falls_back_on_purposes() -> None:
    done = [run(0, ref=1, minutes=60), run(2, Purpose.TEMPO_THRESHOLD, ref=2, minutes=20)]

    by_zones = review_week(MONDAY, [], done, today=SUNDAY, zone_seconds={1: (3000.0, 600.0, 0.0)})
    by_purpose = review_week(MONDAY, [], done, today=SUNDAY)

    assert by_zones.easy_share == pytest.approx(3000 / 3600)
    assert by_purpose.easy_share == pytest.approx(60 / 80)
    assert by_zones.easy_share_target == (0.75, 0.85)


def test_sessions_not_yet_due_are_not_counted_and_the_week_says_so() -> None:
    plans = [planned(0), threshold(5)]

    review = review_week(MONDAY, plans, [run(0, evidence=easy_evidence(0.95))], today=day(2))

    assert review.score == pytest.approx(100.0)
    future = next(m for m in review.matches if m.planned is plans[1])
    assert future.judgement is not None and future.judgement.verdict == "not yet due"
    assert any("not over" in note for note in review.notes)


def test_days_carry_planned_and_done_minutes_sleep_and_the_load_model() -> None:
    review = review_week(
        MONDAY,
        [planned(0)],
        [run(0, evidence=easy_evidence(0.95))],
        today=SUNDAY,
        history=history(14, sleep_hours=8.0),
        fitness={MONDAY: (40.0, 50.0, -10.0)},
    )

    monday = review.days[0]
    assert (monday.planned_minutes, monday.done_minutes) == (45.0, 45.0)
    assert (monday.fitness, monday.fatigue, monday.form) == (40.0, 50.0, -10.0)
    assert monday.sleep_h == 8.0
    assert monday.readiness == "ready"
    assert len(review.days) == 7


def test_a_week_not_yet_due_is_not_scored_rather_than_scored_zero() -> None:
    plans = [planned(0), planned(2, SessionKind.STRENGTH, Purpose.STRENGTH, minutes=30)]

    review = review_week(MONDAY, plans, [], today=day(-1), targets=TARGETS)

    assert review.score is None
    assert "no session to score yet" in review.score_reason
    assert all(m.judgement is None or m.judgement.verdict == "not yet due" for m in review.matches)
