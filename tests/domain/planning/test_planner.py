"""The planner on athletes whose plans a coach could check by hand."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from everyrun.domain.planning.goal import Goal, GoalError, GoalKind, Priority
from everyrun.domain.planning.periodization import taper_range
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import Availability, Injury, Runner, Screening
from everyrun.domain.planning.session import Check, Phase, SessionKind
from everyrun.domain.purpose import HARD_PURPOSES, Purpose
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M

START = date(2026, 12, 1)
RACE_DAY = date(2027, 3, 14)


def half_marathon_plan(**runner: object):  # type: ignore[no-untyped-def]
    goal = Goal(
        GoalKind.RACE,
        race_distance_m=HALF_MARATHON_M,
        race_date=RACE_DAY,
        target_time_s=1 * 3600 + 45 * 60,
    )
    values = {"vdot": 42.0, "weekly_km": 30.0, "availability": Availability(days_per_week=5)}
    values.update(runner)
    return build_plan(goal, Runner(**values), START)  # type: ignore[arg-type]


def test_the_issue_example_keeps_every_rule() -> None:
    plan = half_marathon_plan()
    assert not plan.unmet_rules, [(r.rule, r.detail) for r in plan.unmet_rules]
    assert plan.feasibility.realistic
    assert plan.race_pace_mps == pytest.approx(HALF_MARATHON_M / 6300)
    race = [s for s in plan.sessions if s.purpose is Purpose.RACE]
    assert [s.day for s in race] == [RACE_DAY]
    phases = [w.phase for w in plan.weeks]
    assert phases[0] is Phase.BASE and Phase.BUILD in phases and Phase.PEAK in phases
    assert phases.index(Phase.BASE) < phases.index(Phase.BUILD) < phases.index(Phase.PEAK)
    assert Phase.TAPER in phases and phases[-1] is Phase.RECOVERY


def test_weekly_volume_rises_by_ten_percent_with_a_lighter_week_every_four() -> None:
    plan = half_marathon_plan()
    weeks = [w for w in plan.weeks if w.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK)]
    assert weeks[0].volume_km <= 33.0
    lighter = [w.number for w in weeks if w.is_lighter]
    assert lighter == [4, 8]
    for before, after in itertools.pairwise(weeks):
        if not before.is_lighter:
            assert after.volume_km <= before.volume_km * 1.1 + 0.05


def test_every_session_says_what_it_is_for_and_how_it_is_judged() -> None:
    plan = half_marathon_plan()
    for session in plan.sessions:
        assert session.why and session.success
        if session.kind is SessionKind.RUN and session.purpose is not Purpose.RACE:
            assert f"week {session.week}" in session.why or "race week" in session.why
    intervals = [s for s in plan.sessions if s.purpose is Purpose.VO2MAX_INTERVALS]
    assert intervals
    criterion = intervals[0].success[0]
    assert criterion.check is Check.REPS_IN_PACE_BAND
    assert criterion.params["reps"] >= 3
    assert criterion.params["fast_mps"] > criterion.params["slow_mps"]
    assert "within" in criterion.text and "/km" in criterion.text


def test_hard_days_are_never_back_to_back_and_strength_never_precedes_them() -> None:
    plan = half_marathon_plan()
    hard = sorted({s.day for s in plan.sessions if s.is_hard})
    assert all((b - a).days > 1 for a, b in itertools.pairwise(hard))
    for session in plan.sessions:
        if session.kind is SessionKind.STRENGTH:
            assert session.day + timedelta(days=1) not in hard
    assert all(
        s.purpose in HARD_PURPOSES | {Purpose.LONG_RUN, Purpose.SPEED, Purpose.RACE}
        for s in plan.sessions
        if s.is_hard
    )


def test_strength_is_periodized_two_in_base_one_in_peak_none_in_the_taper() -> None:
    plan = half_marathon_plan()

    def count(number: int) -> int:
        return sum(1 for s in plan.sessions_in_week(number) if s.kind is SessionKind.STRENGTH)

    for week in plan.weeks:
        if week.phase in (Phase.BASE, Phase.BUILD) and not week.is_lighter:
            assert count(week.number) == 2
        if week.phase is Phase.PEAK:
            assert count(week.number) == 1
        if week.phase in (Phase.TAPER, Phase.RACE, Phase.RECOVERY):
            assert count(week.number) == 0


def test_strength_follows_the_athletes_own_imbalance() -> None:
    plan = half_marathon_plan(
        injuries=(Injury("achilles", "left"),),
        screening=Screening(calf_raises_left=14, calf_raises_right=22),
    )
    strength = next(s for s in plan.sessions if s.kind is SessionKind.STRENGTH)
    calf = [e for e in strength.exercises if "calf" in e.name.lower()]
    assert calf and "14" in calf[0].reason and "22" in calf[0].reason


@pytest.mark.parametrize(
    ("distance", "days"),
    [(5000.0, (7, 10)), (10000.0, (7, 10)), (HALF_MARATHON_M, (10, 14)), (MARATHON_M, (14, 21))],
)
def test_the_taper_length_fits_the_race_distance(distance: float, days: tuple[int, int]) -> None:
    assert taper_range(distance) == days
    goal = Goal(GoalKind.RACE, race_distance_m=distance, race_date=START + timedelta(weeks=16))
    plan = build_plan(goal, Runner(vdot=50, weekly_km=50), START)
    taper = next(r for r in plan.rules if r.rule == "taper")
    assert taper.met, taper.detail
    first_taper_day = min(s.day for s in plan.sessions if s.phase is Phase.TAPER)
    assert days[0] <= (goal.day - first_taper_day).days <= days[1]


def test_an_unreachable_target_gets_the_numbers_and_a_realistic_one() -> None:
    goal = Goal(
        GoalKind.RACE,
        race_distance_m=10000.0,
        race_date=START + timedelta(weeks=8),
        target_time_s=40 * 60,
    )
    plan = build_plan(goal, Runner(vdot=40, weekly_km=30), START)
    feasibility = plan.feasibility
    assert not feasibility.realistic
    assert feasibility.needed_vdot == pytest.approx(51.9, abs=0.1)
    assert feasibility.proposed_target_s is not None and feasibility.proposed_target_s > 45 * 60
    assert "VDOT 51.9" in feasibility.message and "realistic target" in feasibility.message


def test_a_marathon_too_soon_for_the_volume_is_called_unsafe() -> None:
    goal = Goal(GoalKind.RACE, race_distance_m=MARATHON_M, race_date=START + timedelta(weeks=6))
    plan = build_plan(goal, Runner(vdot=40, weekly_km=10), START)
    assert plan.feasibility.volume_message is not None
    assert "completion" in plan.feasibility.volume_message


def test_short_time_keeps_the_key_sessions_and_reports_what_was_left_out() -> None:
    plan = half_marathon_plan(availability=Availability(days_per_week=3, minutes_per_day=40))
    runs = [s for s in plan.sessions if s.kind is SessionKind.RUN]
    assert all(s.duration_s <= 40 * 60 + 60 for s in runs if s.purpose is not Purpose.RACE)
    assert any(s.purpose is Purpose.LONG_RUN for s in runs)
    assert plan.left_out
    assert all(item.cost for item in plan.left_out)
    for rule in plan.unmet_rules:
        assert rule.reason


def test_days_away_hold_no_training() -> None:
    away = frozenset(START + timedelta(days=d) for d in range(10, 17))
    plan = half_marathon_plan(availability=Availability(days_per_week=5, days_away=away))
    for session in plan.sessions:
        if session.day in away:
            assert session.kind not in (SessionKind.RUN, SessionKind.STRENGTH)


def test_priority_c_races_get_no_real_taper_and_say_so() -> None:
    goal = Goal(
        GoalKind.RACE,
        race_distance_m=10000.0,
        race_date=START + timedelta(weeks=10),
        priority=Priority.C,
    )
    plan = build_plan(goal, Runner(vdot=50, weekly_km=50), START)
    taper = next(r for r in plan.rules if r.rule == "taper")
    assert not taper.met and taper.reason and "C race" in taper.reason


def test_a_start_after_the_race_is_refused() -> None:
    goal = Goal(GoalKind.RACE, race_distance_m=5000.0, race_date=START)
    with pytest.raises(GoalError, match="after the goal day"):
        build_plan(goal, Runner(vdot=50, weekly_km=30), START + timedelta(days=1))


def test_recovery_is_planned_like_training() -> None:
    plan = half_marathon_plan(weight_kg=60.0)
    purposes = {
        s.purpose for s in plan.sessions if s.kind in (SessionKind.RECOVERY, SessionKind.REST)
    }
    assert {Purpose.REST, Purpose.SLEEP, Purpose.FUELLING, Purpose.HYDRATION} <= purposes
    long_runs = [
        s for s in plan.sessions if s.purpose is Purpose.LONG_RUN and s.duration_s > 75 * 60
    ]
    fuel_days = {s.day for s in plan.sessions if s.purpose is Purpose.FUELLING}
    assert long_runs and all(s.day in fuel_days for s in long_runs)
