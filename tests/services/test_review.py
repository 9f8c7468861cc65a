"""Reviewing a week from the store: a real plan, a real recording inside it, purposes named."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from everyrun.bootstrap import activity_reader, find_sources
from everyrun.domain.audit.review_model import JunkKind, PurposeSource
from everyrun.domain.errors import NotFoundError
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import Runner
from everyrun.domain.purpose import Purpose
from everyrun.services.analysis import analyze
from everyrun.services.import_history import ImportSettings, import_files
from everyrun.services.review import ReviewInputError, give_purpose, review, week_start
from everyrun.store.sql_store import SqlStore
from tests.corpus import CORPUS

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
FENIX2 = "run_garmin-fenix2_9km.fit"  # Saturday 2015-08-15, ISO week 2015-W33
WEEK = "2015-W33"
SUNDAY = date(2015, 8, 16)


@pytest.fixture
def week_store(store: SqlStore) -> tuple[SqlStore, int, int]:
    """A half-marathon plan from Monday 2015-08-10 and the Fenix 2 run of that Saturday."""
    athlete = store.default_athlete_id()
    settings = ImportSettings(athlete, ZoneInfo("Europe/Berlin"), NOW)
    report = import_files(find_sources([CORPUS / FENIX2]), activity_reader(), store, settings)
    (activity_id,) = report.outcomes[0].activity_ids
    analyze(store, athlete, now_utc=NOW)
    goal = Goal(GoalKind.RACE, race_distance_m=21097.5, race_date=date(2015, 11, 1))
    runner = Runner(vdot=45, weekly_km=40, max_heart_rate_bpm=185)
    store.save_plan(athlete, build_plan(goal, runner, date(2015, 8, 10)), created_at=NOW)
    return store, athlete, activity_id


def test_the_week_links_the_run_to_its_planned_session_and_judges_it(
    week_store: tuple[SqlStore, int, int],
) -> None:
    store, athlete, activity_id = week_store

    result = review(store, athlete, week=WEEK, today=SUNDAY)

    assert (result.first, result.last) == (date(2015, 8, 10), SUNDAY)
    linked = [m for m in result.matches if m.done is not None and m.done.ref == activity_id]
    assert len(linked) == 1 and linked[0].planned is not None
    assert linked[0].done is not None and linked[0].done.evidence is not None
    assert linked[0].judgement is not None
    assert 0 <= result.score <= 100 and result.score_reason
    assert JunkKind.SPORADIC_MOBILITY in {f.kind for f in result.junk}
    assert result.days[5].done_minutes > 40


def test_a_purpose_given_after_the_fact_is_stored_and_judged(
    week_store: tuple[SqlStore, int, int],
) -> None:
    store, athlete, activity_id = week_store

    judgement = give_purpose(
        store, athlete, activity_id, "easy aerobic", " tired  legs ", now_utc=NOW
    )

    assert judgement.verdict in ("on purpose", "partly on purpose", "missed the purpose")
    given = store.given_purposes(athlete)[activity_id]
    assert (given.purpose, given.note) == (Purpose.EASY_AEROBIC, "tired legs")
    result = review(store, athlete, week=WEEK, today=SUNDAY)
    done = next(m.done for m in result.matches if m.done and m.done.ref == activity_id)
    assert done.purpose_source is PurposeSource.ATHLETE


def test_an_unknown_purpose_or_activity_is_refused_with_a_hint(
    week_store: tuple[SqlStore, int, int],
) -> None:
    store, athlete, activity_id = week_store

    with pytest.raises(ReviewInputError) as unknown:
        give_purpose(store, athlete, activity_id, "junk miles", None, now_utc=NOW)
    assert unknown.value.hint is not None and "recovery" in unknown.value.hint
    with pytest.raises(ReviewInputError, match="sleep is not what a session is for"):
        give_purpose(store, athlete, activity_id, "sleep", None, now_utc=NOW)
    with pytest.raises(NotFoundError):
        give_purpose(store, athlete, activity_id + 99, "recovery", None, now_utc=NOW)
    assert store.given_purposes(athlete) == {}


def test_weeks_are_iso_weeks_and_default_to_todays() -> None:
    assert week_start("2027-W07", date(2026, 1, 1)) == date(2027, 2, 15)
    assert week_start(None, date(2027, 2, 18)) == date(2027, 2, 15)
    with pytest.raises(ReviewInputError, match="not an ISO week"):
        week_start("2027-02", date(2027, 2, 18))
    with pytest.raises(ReviewInputError, match="no such week"):
        week_start("2027-W60", date(2027, 2, 18))


def test_without_a_plan_every_session_is_off_plan(sqlite_store: SqlStore) -> None:
    athlete = sqlite_store.default_athlete_id()

    result = review(sqlite_store, athlete, week=WEEK, today=SUNDAY)

    assert result.matches == ()
    assert any("no plan" in note for note in result.notes)
