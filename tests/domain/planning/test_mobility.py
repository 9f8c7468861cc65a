"""The daily mobility routine: 5–10 minutes on the runner's limits, activation on run days."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.mobility import mobility_session
from everyrun.domain.planning.runner import Equipment, Injury, Runner, Screening
from everyrun.domain.planning.session import Check, Phase, PlannedSession, SessionKind
from everyrun.domain.planning.weaknesses import find_weaknesses
from everyrun.domain.purpose import Purpose

DAY = date(2027, 1, 5)
BASE = Goal(GoalKind.BASE, target_weekly_km=50, end_date=date(2027, 3, 1))


def routine(runner: Runner, runs_today: bool = True, phase: Phase = Phase.BASE) -> PlannedSession:
    weaknesses = find_weaknesses(runner)
    return mobility_session(runner, BASE, phase, 3, DAY, runs_today, weaknesses)


def names(planned: PlannedSession) -> str:
    return " | ".join(d.name for d in planned.drills)


def test_short_knee_to_wall_gets_a_knee_to_wall_drill_with_the_numbers() -> None:
    runner = Runner(vdot=45, weekly_km=40, screening=Screening(knee_to_wall_left_cm=6))
    planned = routine(runner)
    drill = planned.drills[0]
    assert drill.name.startswith("Knee-to-wall")
    assert "left knee-to-wall 6 cm, under 10 cm" in drill.reason
    assert 5 <= sum(d.minutes for d in planned.drills) <= 10
    assert "ankle bend" in planned.why


def test_run_days_end_with_a_pre_run_activation() -> None:
    runner = Runner(vdot=45, weekly_km=40)
    run_day, rest_day = routine(runner, True), routine(runner, False)
    for drill in ("Leg swings", "Glute activation", "A-skips"):
        assert drill in names(run_day)
        assert drill not in names(rest_day)
    assert run_day.drills[-1].reason.startswith("before today's run")


def test_a_current_achilles_niggle_skips_the_a_skips() -> None:
    runner = Runner(vdot=45, weekly_km=40, injuries=(Injury("achilles", current=True),))
    assert "A-skips" not in names(routine(runner))


def test_tight_hips_get_their_own_drills() -> None:
    screening = Screening(hip_extension_left_deg=-12, hip_flexion_right_deg=55)
    planned = routine(Runner(vdot=45, weekly_km=40, screening=screening))
    reasons = {d.name.split(" (")[0]: d.reason for d in planned.drills}
    assert "Thomas test" in reasons["Hip flexor stretch"]
    assert "55°" in reasons["Hamstring floss"]


def test_routine_is_a_whole_planned_mobility_session() -> None:
    planned = routine(Runner(vdot=45, weekly_km=40))
    minutes = sum(d.minutes for d in planned.drills)
    assert planned.kind is SessionKind.MOBILITY
    assert planned.purpose is Purpose.MOBILITY
    assert planned.id == "2027-01-05-mobility"
    assert planned.why.endswith("base phase, week 3")
    assert planned.duration_s == minutes * 60
    [logged] = planned.success
    assert logged.check is Check.LOGGED and logged.params == {"minutes": minutes}
    assert planned.expected_load == pytest.approx(minutes * 2 / 4.2)
    assert all(d.reason for d in planned.drills)


@settings(max_examples=200, deadline=None)
@given(
    knee_to_wall=st.one_of(st.none(), st.floats(0, 25)),
    hip_flexion=st.one_of(st.none(), st.floats(0, 130)),
    hip_extension=st.one_of(st.none(), st.floats(-45, 45)),
    injuries=st.lists(
        st.builds(
            Injury,
            area=st.sampled_from(["achilles", "knee", "plantar fascia", "hamstring", "calf"]),
            current=st.booleans(),
        ),
        max_size=3,
    ),
    equipment=st.sampled_from(list(Equipment)),
    runs_today=st.booleans(),
)
def test_every_routine_is_5_to_10_minutes_with_reasons(
    knee_to_wall: float | None,
    hip_flexion: float | None,
    hip_extension: float | None,
    injuries: list[Injury],
    equipment: Equipment,
    runs_today: bool,
) -> None:
    screening = Screening(
        knee_to_wall_right_cm=knee_to_wall,
        hip_flexion_left_deg=hip_flexion,
        hip_extension_right_deg=hip_extension,
    )
    runner = Runner(
        vdot=45, weekly_km=40, screening=screening, injuries=tuple(injuries), equipment=equipment
    )
    planned = routine(runner, runs_today)
    assert 5 <= sum(d.minutes for d in planned.drills) <= 10
    assert planned.why and planned.success and all(c.text and c.params for c in planned.success)
    assert all(d.reason for d in planned.drills)
    assert len({d.name for d in planned.drills}) == len(planned.drills)
