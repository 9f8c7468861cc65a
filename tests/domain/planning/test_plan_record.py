"""Plans as JSON documents: every field survives the round trip, and bad documents are named."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from everyrun.domain.planning.goal import Goal, GoalKind, Priority
from everyrun.domain.planning.plan import Feasibility, LeftOut, Plan, PlanWeek, RuleResult
from everyrun.domain.planning.plan_record import (
    FORMAT,
    VERSION,
    PlanFormatError,
    goal_from_dict,
    goal_to_dict,
    plan_from_dict,
    plan_to_dict,
    runner_from_dict,
    runner_to_dict,
    session_from_dict,
    session_to_dict,
)
from everyrun.domain.planning.runner import (
    Availability,
    Equipment,
    Experience,
    Injury,
    Runner,
    Screening,
    SquatQuality,
)
from everyrun.domain.planning.session import (
    Check,
    Drill,
    ExerciseDose,
    Intensity,
    Phase,
    PlannedSession,
    Repeat,
    SessionKind,
    Step,
    StepKind,
    SuccessCriterion,
    Target,
    as_params,
)
from everyrun.domain.purpose import Purpose

START = date(2027, 1, 4)  # a Monday
RACE_DAY = date(2027, 3, 28)
EASY = Target(slow_mps=2.9, fast_mps=3.2, heart_rate_high_bpm=150.0, heart_rate_zone="Z2")
THRESHOLD = Target(slow_mps=3.9, fast_mps=4.05, rpe_low=6.0, rpe_high=7.0)


def race_goal() -> Goal:
    return Goal(
        GoalKind.RACE,
        race_distance_m=10_000.0,
        race_date=RACE_DAY,
        target_time_s=2700.0,
        priority=Priority.A,
        race_name="City 10K",
    )


def full_runner() -> Runner:
    return Runner(
        vdot=45.3,
        weekly_km=42.5,
        experience=Experience.ADVANCED,
        availability=Availability(
            days_per_week=5,
            minutes_per_day=75.0,
            long_run_day=6,
            long_run_minutes=150.0,
            days_away=frozenset({date(2027, 2, 12), date(2027, 1, 20)}),
        ),
        injuries=(
            Injury("achilles", side="left", current=True, severity=3.0),
            Injury("knee"),
        ),
        screening=Screening(
            calf_raises_left=18,
            calf_raises_right=25,
            squat_left=SquatQuality.POOR,
            squat_right=SquatQuality.GOOD,
            side_plank_left_s=45.0,
            knee_to_wall_right_cm=9.5,
            hip_extension_left_deg=-5.0,
        ),
        equipment=Equipment.DUMBBELLS,
        max_heart_rate_bpm=188.0,
        threshold_heart_rate_bpm=171.0,
        resting_heart_rate_bpm=48.0,
        weight_kg=61.5,
        recent_daily_load=(0.0, 55.5, 30.0, 0.0, 80.25),
    )


def run_session(day: date, week: int, phase: Phase = Phase.BASE) -> PlannedSession:
    """A threshold session with every kind of step, a repeat, drills and criteria."""
    work = Step(
        StepKind.WORK,
        Intensity.THRESHOLD,
        THRESHOLD,
        duration_s=480.0,
        expected_duration_s=480.0,
        expected_distance_m=1900.0,
    )
    recover = Step(
        StepKind.RECOVER,
        Intensity.RECOVERY,
        Target(rpe_low=1.0, rpe_high=2.0),
        distance_m=400.0,
        expected_duration_s=150.0,
        expected_distance_m=400.0,
    )
    return PlannedSession(
        id=f"{day.isoformat()}-run",
        day=day,
        kind=SessionKind.RUN,
        purpose=Purpose.TEMPO_THRESHOLD,
        title="Threshold 4 × 8 min",
        why="Raises the pace you can hold for an hour: the 10K is run just above it.",
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(
                Check.REPS_IN_PACE_BAND,
                "3 of 4 reps between 4:07 and 4:16/km",
                as_params(reps=3, slow_mps=3.9, fast_mps=4.05, rep_s=480),
            ),
            SuccessCriterion(Check.DURATION_AT_LEAST, "at least 55 min", {"seconds": 3300.0}),
        ),
        steps=(
            Step(StepKind.WARMUP, Intensity.EASY, EASY, duration_s=900.0, expected_duration_s=900),
            Repeat(4, (work, recover)),
            Step(StepKind.RUN, Intensity.MARATHON, Target(slow_mps=3.5), distance_m=1000.0),
            Step(StepKind.COOLDOWN, Intensity.WALK, Target(), duration_s=600.0),
        ),
        drills=(Drill("A-skips", 3.0, "quick feet before the reps"),),
        advice=("Eat a light meal 3 h before.",),
        duration_s=3600.0,
        distance_m=11_500.0,
        expected_load=95.5,
        is_key=True,
    )


def strength_session(day: date, week: int) -> PlannedSession:
    return PlannedSession(
        id=f"{day.isoformat()}-strength",
        day=day,
        kind=SessionKind.STRENGTH,
        purpose=Purpose.STRENGTH,
        title="Single-leg strength (base)",
        why="Stronger calves protect the left achilles.",
        phase=Phase.BASE,
        week=week,
        success=(SuccessCriterion(Check.LOGGED, "log it", {"minutes": 30.0}),),
        exercises=(
            ExerciseDose("calf_raise", "Single-leg calf raise", 3, reps=15, each_side=True),
            ExerciseDose(
                "side_plank",
                "Side plank",
                2,
                hold_s=40.0,
                load="bodyweight",
                each_side=True,
                reason="left side held 45 s against the right's 60 s",
            ),
            ExerciseDose("squat", "Goblet squat", 3, reps=8, load="RPE 7 (2 reps in reserve)"),
        ),
        duration_s=1800.0,
        expected_load=25.0,
    )


def other_sessions(day: date, week: int) -> tuple[PlannedSession, ...]:
    """A rest day, mobility, recovery advice and cross-training: every other kind and check."""

    def make(kind: SessionKind, purpose: Purpose, check: Check, **params: float) -> PlannedSession:
        return PlannedSession(
            id=f"{day.isoformat()}-{kind.value}",
            day=day,
            kind=kind,
            purpose=purpose,
            title=kind.value.title(),
            why=f"{purpose.label} on {day}",
            phase=Phase.BUILD,
            week=week,
            success=(SuccessCriterion(check, check.value.replace("_", " "), params),),
        )

    return (
        make(SessionKind.REST, Purpose.REST, Check.NO_RUN),
        make(SessionKind.MOBILITY, Purpose.MOBILITY, Check.LOGGED, minutes=15),
        make(SessionKind.RECOVERY, Purpose.SLEEP, Check.SLEEP_AT_LEAST, hours=8, nights=3),
        make(SessionKind.CROSS, Purpose.CROSS_TRAINING, Check.DURATION_AT_MOST, seconds=2700),
    )


def last_sessions(day: date, week: int) -> tuple[PlannedSession, ...]:
    """The remaining checks, on runs: a plan uses every one of them."""
    checks = {
        Check.BLOCK_IN_PACE_BAND: as_params(seconds=1200, slow_mps=3.9, fast_mps=4.1),
        Check.EASY_BELOW_HEART_RATE: as_params(heart_rate_bpm=150, share=0.9),
        Check.EASY_SLOWER_THAN: as_params(fast_mps=3.2),
        Check.DISTANCE_AT_LEAST: as_params(metres=16000),
        Check.STRIDES_DONE: as_params(count=6, seconds=20),
        Check.RACE_FINISHED: as_params(metres=10000, target_s=2700),
        Check.FUEL_LOGGED: as_params(grams_per_hour=60),
        Check.HYDRATION: as_params(body_mass_loss_pct=2),
    }
    return tuple(
        PlannedSession(
            id=f"{day.isoformat()}-run-{index}",
            day=day,
            kind=SessionKind.RUN,
            purpose=Purpose.RACE if check is Check.RACE_FINISHED else Purpose.EASY_AEROBIC,
            title=check.value,
            why="checks",
            phase=Phase.RACE,
            week=week,
            success=(SuccessCriterion(check, check.value, params),),
        )
        for index, (check, params) in enumerate(checks.items())
    )


def sample_plan(start: date = START, *, weeks: int = 3, label: str = "") -> Plan:
    """A hand-built plan with every kind of step, repeat, exercise, drill and criterion."""
    phases = (Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.TAPER)
    plan_weeks = tuple(
        PlanWeek(
            number=n,
            start=start + timedelta(days=7 * (n - 1)),
            phase=phases[(n - 1) % len(phases)],
            volume_km=40.0 + n,
            is_lighter=n % 3 == 0,
            focus=f"week {n}{label}: build the aerobic base",
        )
        for n in range(1, weeks + 1)
    )
    sessions: list[PlannedSession] = []
    for week in plan_weeks:
        sessions.append(run_session(week.start + timedelta(days=1), week.number, week.phase))
        sessions.append(strength_session(week.start + timedelta(days=1), week.number))
        sessions.extend(other_sessions(week.start + timedelta(days=2), week.number))
    sessions.extend(last_sessions(plan_weeks[-1].start + timedelta(days=5), weeks))
    return Plan(
        goal=race_goal(),
        runner=full_runner(),
        start=start,
        weeks=plan_weeks,
        sessions=tuple(sessions),
        rules=(
            RuleResult("volume_ramp", True, "≤ 10 % a week: 40 → 44 km"),
            RuleResult("rest_day", False, "0 rest days in week 2", reason="7 running days given"),
        ),
        feasibility=Feasibility(
            realistic=False,
            current_vdot=45.3,
            needed_vdot=47.6,
            reachable_vdot=46.8,
            message="47.6 needed, 46.8 reachable in 12 weeks",
            proposed_target_s=2760.0,
            volume_message=None,
        ),
        left_out=(LeftOut("second quality session", "less VO2max stimulus"),),
        race_pace_mps=10_000.0 / 2700.0,
        notes=("built for the test",),
    )


def through_json(document: dict[str, Any]) -> Any:
    return json.loads(json.dumps(document, allow_nan=False))


# --- round trip --------------------------------------------------------------------------------


def test_a_plan_with_every_kind_of_field_survives_json() -> None:
    plan = sample_plan()
    assert plan_from_dict(through_json(plan_to_dict(plan))) == plan


def test_the_sample_plan_really_uses_every_kind() -> None:
    """Guards the test above: a round trip of a thin plan would prove little."""
    plan = sample_plan()
    steps = [s for session in plan.sessions for s in session.steps]
    assert any(isinstance(s, Repeat) for s in steps)
    kinds = {s.kind for s in steps if isinstance(s, Step)}
    kinds |= {s.kind for r in steps if isinstance(r, Repeat) for s in r.steps}
    assert kinds == set(StepKind)
    assert {c.check for s in plan.sessions for c in s.success} == set(Check)
    assert {s.kind for s in plan.sessions} == set(SessionKind)
    assert any(e.hold_s for s in plan.sessions for e in s.exercises)
    assert any(s.drills for s in plan.sessions)


def test_the_document_has_a_header_and_readable_keys() -> None:
    document = plan_to_dict(sample_plan())
    assert list(document)[:2] == ["format", "version"]
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    session = document["sessions"][0]
    assert session["why"].startswith("Raises the pace")
    assert session["success"][0]["text"] == "3 of 4 reps between 4:07 and 4:16/km"
    assert session["success"][0]["params"] == {
        "reps": 3.0,
        "slow_mps": 3.9,
        "fast_mps": 4.05,
        "rep_s": 480.0,
    }
    assert session["day"] == "2027-01-05"
    assert session["purpose"] == "tempo_threshold"
    assert session["duration"] == "1:00:00" and session["distance_km"] == 11.5
    assert [step["type"] for step in session["steps"]] == ["step", "repeat", "step", "step"]
    assert session["steps"][1]["steps"][0]["target"]["slow_pace"] == "4:16/km"
    assert session["steps"][1]["steps"][0]["target"]["fast_pace"] == "4:07/km"
    assert document["goal"]["label"] == "City 10K" and document["goal"]["pace"] == "4:30/km"
    assert document["goal"]["day"] == "2027-03-28" and document["goal"]["target"] == "45:00"
    assert document["race_pace"] == "4:30/km"
    assert document["end"] == "2027-01-24"
    assert document["weeks"][0]["end"] == "2027-01-10"
    assert document["runner"]["availability"]["days_away"] == ["2027-01-20", "2027-02-12"]


def test_readable_extras_are_not_needed_to_load() -> None:
    plan = sample_plan()
    document = through_json(plan_to_dict(plan))
    for name in ("end", "race_pace"):
        del document[name]
    for name in ("label", "day", "target", "pace"):
        del document["goal"][name]
    for session in document["sessions"]:
        session.pop("duration", None)
        session.pop("distance_km", None)
    assert plan_from_dict(document) == plan


def test_stale_readable_extras_are_ignored() -> None:
    plan = sample_plan()
    document = through_json(plan_to_dict(plan))
    document["end"] = "1999-01-01"
    document["goal"]["pace"] = "nonsense"
    assert plan_from_dict(document) == plan


def test_goal_runner_and_session_round_trip_on_their_own() -> None:
    goal, runner = race_goal(), full_runner()
    session = run_session(START + timedelta(days=1), 1)
    assert goal_from_dict(through_json(goal_to_dict(goal))) == goal
    assert runner_from_dict(through_json(runner_to_dict(runner))) == runner
    assert session_from_dict(through_json(session_to_dict(session))) == session
    assert session_to_dict(session) == plan_to_dict(sample_plan())["sessions"][0]


@pytest.mark.parametrize(
    "goal",
    [
        Goal(GoalKind.BASE, target_weekly_km=60.0, end_date=date(2027, 4, 1)),
        Goal(GoalKind.RETURN, end_date=date(2027, 2, 1), injury="calf"),
        Goal(GoalKind.RACE, race_distance_m=42_195.0, race_date=RACE_DAY, priority=Priority.C),
    ],
)
def test_every_kind_of_goal_round_trips(goal: Goal) -> None:
    assert goal_from_dict(through_json(goal_to_dict(goal))) == goal


def test_a_minimal_hand_written_goal_loads_with_defaults() -> None:
    goal = goal_from_dict({"kind": "race", "race_distance_m": 5000, "race_date": "2027-05-01"})
    assert goal == Goal(GoalKind.RACE, race_distance_m=5000.0, race_date=date(2027, 5, 1))
    assert isinstance(goal.race_distance_m, float)


# --- random sessions ---------------------------------------------------------------------------

speeds = st.none() | st.floats(0.5, 8.0, allow_nan=False)
plain = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
text = st.text(max_size=30)
targets = st.builds(
    Target,
    slow_mps=speeds,
    fast_mps=speeds,
    heart_rate_low_bpm=st.none() | plain,
    heart_rate_high_bpm=st.none() | plain,
    heart_rate_zone=st.none() | text,
    rpe_low=plain,
    rpe_high=plain,
)
steps = st.builds(
    Step,
    kind=st.sampled_from(StepKind),
    intensity=st.sampled_from(Intensity),
    target=targets,
    duration_s=st.none() | plain,
    distance_m=st.none() | plain,
    expected_duration_s=plain,
    expected_distance_m=plain,
)
repeats = st.builds(Repeat, times=st.integers(1, 30), steps=st.tuples(steps, steps))
criteria = st.builds(
    SuccessCriterion,
    check=st.sampled_from(Check),
    text=text,
    params=st.dictionaries(st.text(min_size=1, max_size=12), plain, max_size=4),
)
sessions = st.builds(
    PlannedSession,
    id=st.text(min_size=1, max_size=40),
    day=st.dates(),
    kind=st.sampled_from(SessionKind),
    purpose=st.sampled_from(Purpose),
    title=text,
    why=text,
    phase=st.sampled_from(Phase),
    week=st.integers(1, 60),
    success=st.lists(criteria, max_size=3).map(tuple),
    steps=st.lists(steps | repeats, max_size=4).map(tuple),
    exercises=st.lists(
        st.builds(
            ExerciseDose,
            exercise=text,
            name=text,
            sets=st.integers(1, 10),
            reps=st.none() | st.integers(1, 50),
            hold_s=st.none() | plain,
            load=text,
            each_side=st.booleans(),
            reason=text,
        ),
        max_size=3,
    ).map(tuple),
    drills=st.lists(st.builds(Drill, name=text, minutes=plain, reason=text), max_size=3).map(tuple),
    advice=st.lists(text, max_size=3).map(tuple),
    duration_s=plain,
    distance_m=plain,
    expected_load=plain,
    is_key=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions)
def test_random_sessions_survive_json(session: PlannedSession) -> None:
    assert session_from_dict(through_json(session_to_dict(session))) == session


# --- malformed documents -----------------------------------------------------------------------


def broken(change: Any) -> dict[str, Any]:
    document: dict[str, Any] = through_json(plan_to_dict(sample_plan()))
    change(document)
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="strava"), "not an everyrun plan: format is 'strava'"),
        (lambda d: d.pop("format"), "format is None"),
        (lambda d: d.update(version=2), "version 2 cannot be read"),
        (lambda d: d.update(version=True), "version True cannot be read"),
        (lambda d: d.update(version="1"), "version '1' cannot be read"),
        (lambda d: d.pop("start"), "plan.start: missing"),
        (lambda d: d.update(start="next monday"), "plan.start: expected a date"),
        (lambda d: d.update(weeks={}), "plan.weeks: expected a list, got an object"),
        (lambda d: d["sessions"][0].update(kind="nap"), "plan.sessions[0].kind: expected one of"),
        (lambda d: d["sessions"][0].update(wh="typo"), "plan.sessions[0]: unknown key 'wh'"),
        (
            lambda d: d["sessions"][0]["steps"][1].update(type="loop"),
            "plan.sessions[0].steps[1].type: expected 'step' or 'repeat', got text 'loop'",
        ),
        (
            lambda d: d["sessions"][0]["steps"][0].pop("type"),
            "plan.sessions[0].steps[0].type: expected 'step' or 'repeat', got null",
        ),
        (
            lambda d: d["sessions"][0]["steps"][1].update(times="4"),
            "plan.sessions[0].steps[1].times: expected a whole number, got text '4'",
        ),
        (
            lambda d: d["sessions"][0]["steps"][1].update(times=4.5),
            "plan.sessions[0].steps[1].times: expected a whole number",
        ),
        (
            lambda d: d["sessions"][0]["success"][0]["params"].update(reps="three"),
            "plan.sessions[0].success[0].params.reps: expected a number",
        ),
        (lambda d: d["sessions"][0].update(is_key=1), "plan.sessions[0].is_key: expected true"),
        (lambda d: d["sessions"][1].update(id=d["sessions"][0]["id"]), "is used twice"),
        (lambda d: d["runner"].update(vdot=200), "plan.runner: VDOT 200: must be 20 to 90"),
        (lambda d: d["goal"].pop("race_date"), "plan.goal: a race goal needs a distance"),
        (lambda d: d["goal"].update(race_distance_m=None), "plan.goal: a race goal needs"),
        (lambda d: d.update(title=None), "plan: unknown key 'title'"),
        (lambda d: d.update(feasibility=None), "plan.feasibility: expected an object, got null"),
    ],
)
def test_malformed_documents_are_refused_naming_the_problem(change: Any, message: str) -> None:
    with pytest.raises(PlanFormatError) as error:
        plan_from_dict(broken(change))
    assert message in str(error.value)


@pytest.mark.parametrize("document", [None, [], "plan", 3])
def test_a_document_that_is_not_an_object_is_refused(document: Any) -> None:
    with pytest.raises(PlanFormatError, match="a plan document is a JSON object"):
        plan_from_dict(document)


def test_a_non_finite_number_cannot_be_written() -> None:
    plan = sample_plan()
    bad = replace(plan, race_pace_mps=float("nan"))
    with pytest.raises(PlanFormatError, match=r"plan\.race_pace_mps: nan is not a finite number"):
        plan_to_dict(bad)


def test_a_plan_the_planner_built_survives_json() -> None:
    from everyrun.domain.planning.planner import build_plan

    plan = build_plan(race_goal(), full_runner(), START)
    assert plan.sessions and plan_from_dict(through_json(plan_to_dict(plan))) == plan
