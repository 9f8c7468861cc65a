"""The planning use cases on real stores: the runner's inputs found in the history or given,
goals and plans saved and read back, and every refusal naming what to give."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from everyrun.bootstrap import activity_reader, find_sources
from everyrun.domain.errors import NotFoundError
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.runner import (
    Availability,
    Equipment,
    Experience,
    Injury,
    Runner,
    RunnerInputError,
)
from everyrun.domain.science.vdot import training_paces, vdot_from_race
from everyrun.domain.wellness import new_niggle
from everyrun.services import planning
from everyrun.services.activities import list_activities
from everyrun.services.analysis import analyze, history_estimates
from everyrun.services.athlete import set_profile
from everyrun.services.import_history import ImportSettings, import_files
from everyrun.services.load import load_report
from everyrun.services.logs import log_wellness
from everyrun.services.planning import (
    PlanningInputError,
    RunnerOverrides,
    create_plan,
    explain,
    history_weeks,
    plan_week,
    runner_inputs,
    sessions_on,
    set_goal,
)
from everyrun.services.ports import NewActivity
from everyrun.store.sql_store import SqlStore
from tests.corpus import CORPUS
from tests.domain.planning.test_plan_record import START, race_goal, sample_plan
from tests.store.conftest import MakeActivity, make_activity  # noqa: F401  (a fixture)

NOW = datetime(2017, 3, 6, 7, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
RUNS = (
    "run_garmin-fenix2_9km.fit",  # 2015-08-15
    "run_garmin-fr225_time-jump.fit",  # 2017-02-22
    "run_ipbike-android_hrv_power_9.3km.fit",  # 2017-03-02
)
MONDAY = date(2017, 3, 6)  # history weeks: 2017-02-06 to 2017-03-05
NOTHING = RunnerOverrides()
PLAN_NOW = datetime(2026, 12, 1, 8, tzinfo=UTC)


@pytest.fixture
def history(store: SqlStore) -> int:
    """The corpus runs imported and analysed for the default athlete."""
    athlete = store.default_athlete_id()
    settings = ImportSettings(athlete, BERLIN, NOW)
    import_files(find_sources([CORPUS / name for name in RUNS]), activity_reader(), store, settings)
    assert store.count_activities(athlete) == len(RUNS)
    analyze(store, athlete, now_utc=NOW)
    return athlete


# --- the runner's inputs from the history ------------------------------------------------------


def test_history_weeks_are_the_four_full_weeks_before_the_days_week() -> None:
    assert history_weeks(date(2026, 12, 2)) == (date(2026, 11, 2), date(2026, 11, 29))
    assert history_weeks(date(2026, 11, 30)) == (date(2026, 11, 2), date(2026, 11, 29))
    assert history_weeks(date(2026, 11, 29)) == (date(2026, 10, 26), date(2026, 11, 22))


def test_every_input_not_given_comes_from_the_history(store: SqlStore, history: int) -> None:
    resolved = runner_inputs(store, history, day=MONDAY, overrides=NOTHING)
    runner, sources = resolved.runner, resolved.sources

    estimates = history_estimates(store, history, MONDAY)
    assert runner.vdot == estimates["vdot"].value
    assert sources["vdot"] == f"estimate from history: {estimates['vdot'].evidence}"
    assert runner.max_heart_rate_bpm == estimates["max_heart_rate_bpm"].value
    assert sources["max_heart_rate_bpm"].startswith("estimate from history: ")

    recent = list_activities(
        store, history, since=date(2017, 2, 6), until=date(2017, 3, 5), sports=["running"]
    )
    assert len(recent) == 2
    expected_km = sum(run.distance_m or 0.0 for run in recent) / 1000 / 4
    assert runner.weekly_km == pytest.approx(expected_km, abs=0.05)
    assert sources["weekly_km"] == "history: mean of 4 weeks to 2017-03-05 (2 runs)"

    daily = load_report(store, history, until=MONDAY - timedelta(days=1)).daily
    assert runner.recent_daily_load == pytest.approx([row.load for row in daily[-42:]], abs=0.01)
    assert len(runner.recent_daily_load) == 42 and runner.recent_daily_load[-4] > 0
    assert sources["recent_daily_load"] == "history: daily load of the 42 days to 2017-03-05"

    assert runner.experience is Experience.INTERMEDIATE and sources["experience"] == "default"
    assert runner.weight_kg is None and sources["weight_kg"] == "unknown"
    assert resolved.notes == ()


def test_the_profile_beats_an_estimate_and_says_from_when(store: SqlStore, history: int) -> None:
    set_profile(
        store,
        history,
        {"vdot": 52.0, "max_heart_rate_bpm": 191, "weight_kg": 63.5},
        effective_from=date(2017, 1, 1),
        now_utc=NOW,
    )
    resolved = runner_inputs(store, history, day=MONDAY, overrides=NOTHING)
    assert resolved.runner.vdot == 52.0
    assert resolved.sources["vdot"] == "profile from 2017-01-01"
    assert resolved.runner.max_heart_rate_bpm == 191
    assert resolved.runner.weight_kg == 63.5
    assert resolved.sources["weight_kg"] == "profile from 2017-01-01"


def test_a_threshold_pace_in_the_profile_gives_the_vdot(sqlite_store: SqlStore) -> None:
    athlete = sqlite_store.default_athlete_id()
    speed = training_paces(47.0).threshold_mps
    set_profile(
        sqlite_store,
        athlete,
        {"threshold_speed_mps": speed},
        effective_from=date(2026, 6, 1),
        now_utc=PLAN_NOW,
    )
    resolved = runner_inputs(
        sqlite_store, athlete, day=date(2026, 12, 7), overrides=RunnerOverrides(weekly_km=30)
    )
    assert resolved.runner.vdot == pytest.approx(47.0, abs=0.1)
    assert resolved.sources["vdot"] == "threshold pace in the profile from 2026-06-01"


def test_given_values_win_and_a_far_off_volume_is_noted(store: SqlStore, history: int) -> None:
    given = RunnerOverrides(
        vdot=48.5,
        weekly_km=60.0,
        experience=Experience.ADVANCED,
        availability=Availability(days_per_week=6),
        injuries=(Injury("achilles", current=True, severity=2),),
        equipment=Equipment.GYM,
        max_heart_rate_bpm=185.0,
        weight_kg=70.0,
        recent_daily_load=(10.0, 20.0),
    )
    resolved = runner_inputs(store, history, day=MONDAY, overrides=given)
    runner = resolved.runner
    assert (runner.vdot, runner.weekly_km, runner.experience) == (48.5, 60.0, Experience.ADVANCED)
    assert runner.availability.days_per_week == 6 and runner.equipment is Equipment.GYM
    assert runner.injuries == given.injuries and runner.recent_daily_load == (10.0, 20.0)
    assert (runner.max_heart_rate_bpm, runner.weight_kg) == (185.0, 70.0)
    for name in ("vdot", "weekly_km", "experience", "injuries", "recent_daily_load", "weight_kg"):
        assert resolved.sources[name] == "given"
    [note] = resolved.notes
    assert note.startswith("given weekly volume 60 km is +")
    assert "mean of 4 weeks to 2017-03-05" in note


def test_a_given_volume_close_to_the_history_is_not_noted(store: SqlStore, history: int) -> None:
    found = runner_inputs(store, history, day=MONDAY, overrides=NOTHING).runner.weekly_km
    close = RunnerOverrides(weekly_km=round(found * 1.2, 1))
    assert runner_inputs(store, history, day=MONDAY, overrides=close).notes == ()


def test_a_recent_race_gives_the_vdot(sqlite_store: SqlStore) -> None:
    athlete = sqlite_store.default_athlete_id()
    race = RunnerOverrides(race_result=(10_000.0, 2700.0), weekly_km=35.0)
    resolved = runner_inputs(sqlite_store, athlete, day=date(2026, 12, 7), overrides=race)
    assert resolved.runner.vdot == round(vdot_from_race(10_000.0, 2700.0), 1)
    assert resolved.sources["vdot"] == "race: 10K in 45:00 (Daniels & Gilbert)"


def test_an_empty_store_needs_only_the_fitness_and_the_volume(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    given = RunnerOverrides(vdot=45.0, weekly_km=40.0)
    resolved = runner_inputs(store, athlete, day=date(2026, 12, 7), overrides=given)
    assert resolved.runner == Runner(vdot=45.0, weekly_km=40.0)
    assert resolved.sources["recent_daily_load"] == (
        "none: no load recorded in the 42 days to 2026-12-06"
    )
    assert resolved.sources["max_heart_rate_bpm"] == "unknown"


def test_without_a_vdot_the_error_says_what_to_give(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    with pytest.raises(PlanningInputError, match="no VDOT") as error:
        runner_inputs(store, athlete, day=MONDAY, overrides=RunnerOverrides(weekly_km=30))
    assert error.value.hint == "give --vdot or a recent race (--race-result 10k=45:00)"


def test_imported_runs_without_analysis_point_to_analyze(sqlite_store: SqlStore) -> None:
    athlete = sqlite_store.default_athlete_id()
    settings = ImportSettings(athlete, BERLIN, NOW)
    import_files(find_sources([CORPUS / RUNS[2]]), activity_reader(), sqlite_store, settings)
    with pytest.raises(PlanningInputError) as error:
        runner_inputs(sqlite_store, athlete, day=MONDAY, overrides=NOTHING)
    assert "everyrun analyze --all" in str(error.value.hint)


def test_without_recent_runs_the_volume_must_be_given(store: SqlStore, history: int) -> None:
    later = date(2018, 6, 4)  # more than four weeks after the last run
    with pytest.raises(PlanningInputError, match="no weekly volume") as error:
        runner_inputs(store, history, day=later, overrides=RunnerOverrides(vdot=45))
    assert "--weekly-km" in str(error.value.hint)
    assert "2018-05-07 to 2018-06-03" in error.value.message


def test_weeks_before_the_first_run_do_not_lower_the_mean(
    sqlite_store: SqlStore,
    make_activity: MakeActivity,  # noqa: F811  (the fixture imported above)
) -> None:
    athlete = sqlite_store.default_athlete_id()
    runs = [
        make_activity(start_utc=datetime(2026, 11, day, 8, tzinfo=UTC), seed=day)
        for day in (17, 24)  # Tuesdays of the last two history weeks
    ]
    sqlite_store.add_activities(
        athlete, [NewActivity(run, f"{i}" * 64, PLAN_NOW) for i, run in enumerate(runs)]
    )
    resolved = runner_inputs(
        sqlite_store, athlete, day=date(2026, 11, 30), overrides=RunnerOverrides(vdot=45)
    )
    assert resolved.runner.weekly_km == round(2 * runs[0].distance_m / 1000 / 2, 1)
    assert resolved.sources["weekly_km"] == "history: mean of 2 weeks to 2026-11-29 (2 runs)"


def test_a_bad_given_value_is_refused_by_the_runner_itself(sqlite_store: SqlStore) -> None:
    athlete = sqlite_store.default_athlete_id()
    with pytest.raises(RunnerInputError, match="VDOT 12"):
        runner_inputs(
            sqlite_store, athlete, day=MONDAY, overrides=RunnerOverrides(vdot=12, weekly_km=30)
        )


# --- goals and plans ---------------------------------------------------------------------------


def built(plan: Plan) -> planning.PlanBuilder:
    def build(goal: Goal, runner: Runner, start: date) -> Plan:
        return replace(plan, goal=goal, runner=runner, start=start)

    return build


def test_set_goal_makes_it_current(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    assert set_goal(store, athlete, race_goal(), now_utc=PLAN_NOW) == race_goal()
    assert store.current_goal(athlete) == race_goal()


def test_a_goal_in_the_past_is_refused(sqlite_store: SqlStore) -> None:
    athlete = sqlite_store.default_athlete_id()
    past = Goal(GoalKind.RACE, race_distance_m=5000.0, race_date=date(2026, 11, 1))
    with pytest.raises(PlanningInputError, match="race date 2026-11-01 is in the past"):
        set_goal(sqlite_store, athlete, past, now_utc=PLAN_NOW)
    assert sqlite_store.current_goal(athlete) is None


def test_create_plan_saves_what_the_planner_built(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    runner = Runner(vdot=45.0, weekly_km=40.0)
    plan_id, plan = create_plan(
        store,
        athlete,
        race_goal(),
        runner,
        start=START,
        created_at=PLAN_NOW,
        build=built(sample_plan()),
    )
    assert plan.runner == runner and plan.start == START
    assert store.active_plan(athlete) == (plan_id, plan)


@pytest.mark.parametrize(
    ("goal", "start", "message"),
    [
        (race_goal(), date(2027, 3, 29), "a plan starting 2027-03-29 begins after the goal's day"),
        (
            Goal(GoalKind.RACE, race_distance_m=5000.0, race_date=date(2026, 11, 30)),
            date(2026, 11, 1),
            "the goal's race date 2026-11-30 is in the past (today is 2026-12-01)",
        ),
        (
            Goal(GoalKind.BASE, end_date=date(2026, 11, 1)),
            date(2026, 10, 1),
            "the goal's end date 2026-11-01 is in the past",
        ),
    ],
)
def test_create_plan_refuses_impossible_dates(
    sqlite_store: SqlStore, goal: Goal, start: date, message: str
) -> None:
    athlete = sqlite_store.default_athlete_id()
    with pytest.raises(PlanningInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        create_plan(
            sqlite_store,
            athlete,
            goal,
            Runner(vdot=45.0, weekly_km=40.0),
            start=start,
            created_at=PLAN_NOW,
            build=built(sample_plan()),
        )
    assert sqlite_store.active_plan(athlete) is None


def test_today_is_the_athletes_day_when_given(sqlite_store: SqlStore) -> None:
    """Late evening in New York is already tomorrow in UTC: a race that day is not past."""
    athlete = sqlite_store.default_athlete_id()
    goal = Goal(GoalKind.RACE, race_distance_m=5000.0, race_date=date(2026, 11, 30))
    late = datetime(2026, 12, 1, 3, tzinfo=UTC)
    plan_id, _ = create_plan(
        sqlite_store,
        athlete,
        goal,
        Runner(vdot=45.0, weekly_km=40.0),
        start=date(2026, 11, 30),
        created_at=late,
        today=date(2026, 11, 30),
        build=built(sample_plan()),
    )
    assert sqlite_store.active_plan(athlete) is not None and plan_id > 0


def test_create_plan_with_the_real_planner(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    goal = Goal(GoalKind.RACE, race_distance_m=10_000.0, race_date=date(2027, 3, 28))
    runner = Runner(vdot=45.0, weekly_km=40.0)
    plan_id, plan = create_plan(
        store, athlete, goal, runner, start=date(2027, 1, 4), created_at=PLAN_NOW
    )
    assert plan.goal == goal and plan.runner == runner and plan.sessions
    assert store.active_plan(athlete) == (plan_id, plan)
    first_day = plan.sessions[0].day
    assert sessions_on(store, athlete, first_day) == plan.sessions_on(first_day)


# --- reading the active plan -------------------------------------------------------------------


@pytest.fixture
def saved(store: SqlStore) -> tuple[int, int, Plan]:
    """A hand-built plan saved as the active one: (athlete, plan id, plan)."""
    athlete = store.default_athlete_id()
    plan = sample_plan()
    return athlete, store.save_plan(athlete, plan, created_at=PLAN_NOW), plan


def test_without_a_plan_reading_says_how_to_make_one(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    for read in (
        lambda: planning.active_plan(store, athlete),
        lambda: plan_week(store, athlete, 1),
        lambda: sessions_on(store, athlete, START),
        lambda: explain(store, athlete, "2027-01-05-run"),
    ):
        with pytest.raises(NotFoundError, match="no plan yet") as error:
            read()
        assert error.value.hint == "make one with `everyrun plan create`"


def test_the_active_plan_its_weeks_and_days(store: SqlStore, saved: tuple[int, int, Plan]) -> None:
    athlete, plan_id, plan = saved
    assert planning.active_plan(store, athlete) == (plan_id, plan)
    week = plan_week(store, athlete, 2)
    assert (week.plan_id, week.week) == (plan_id, plan.weeks[1])
    assert week.sessions == plan.sessions_in_week(2) and week.sessions
    tuesday = START + timedelta(days=1)
    assert sessions_on(store, athlete, tuesday) == plan.sessions_on(tuesday)
    assert [s.kind.value for s in sessions_on(store, athlete, tuesday)] == ["run", "strength"]
    assert sessions_on(store, athlete, START + timedelta(days=300)) == ()


def test_a_week_outside_the_plan_is_not_found(
    store: SqlStore, saved: tuple[int, int, Plan]
) -> None:
    athlete, _, _ = saved
    with pytest.raises(NotFoundError, match="the plan has no week 4") as error:
        plan_week(store, athlete, 4)
    assert error.value.hint == "its weeks are 1 to 3"


def test_explain_puts_a_session_in_its_week_and_plan(
    store: SqlStore, saved: tuple[int, int, Plan]
) -> None:
    athlete, plan_id, plan = saved
    session = plan.sessions_in_week(2)[0]
    explained = explain(store, athlete, session.id)
    assert explained.plan_id == plan_id and explained.session == session
    assert explained.week == plan.week(2) and explained.week.focus.startswith("week 2")
    assert explained.goal_label == "City 10K"
    assert explained.days_to_goal == (date(2027, 3, 28) - session.day).days
    assert explained.week_sessions == plan.sessions_in_week(2)


def test_explaining_an_unknown_session_says_where_ids_are(
    store: SqlStore, saved: tuple[int, int, Plan]
) -> None:
    athlete, _, _ = saved
    with pytest.raises(NotFoundError, match="no session '2030-01-01-run'") as error:
        explain(store, athlete, "2030-01-01-run")
    assert "everyrun plan show" in str(error.value.hint)


def test_niggles_logged_in_the_last_two_weeks_become_current_injuries(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    now = datetime(2026, 12, 6, 20, tzinfo=UTC)
    log_wellness(
        store,
        athlete,
        date(2026, 12, 1),
        {"sleep_hours": 7.0},
        niggles=[new_niggle("achilles", "left", 4)],
        today=date(2026, 12, 6),
        now_utc=now,
    )
    log_wellness(
        store,
        athlete,
        date(2026, 11, 1),
        {"sleep_hours": 7.0},
        niggles=[new_niggle("knee", "right", 5)],
        today=date(2026, 12, 6),
        now_utc=now,
    )
    given = RunnerOverrides(vdot=45.0, weekly_km=40.0)
    resolved = runner_inputs(store, athlete, day=date(2026, 12, 7), overrides=given)
    assert [(i.area, i.side, i.current) for i in resolved.runner.injuries] == [
        ("achilles", "left", True)
    ]
    assert "left achilles 4/10" in resolved.sources["injuries"]
    assert any("niggles" in note for note in resolved.notes)
