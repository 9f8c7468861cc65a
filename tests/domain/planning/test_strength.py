"""The strength session: the runner's weak links first, periodized, within their kit and niggles."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from everyrun.domain.planning.exercise_library import BY_ID, injury_area
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.runner import Equipment, Injury, Runner, Screening, SquatQuality
from everyrun.domain.planning.session import Check, Phase, PlannedSession, SessionKind
from everyrun.domain.planning.strength import strength_session, strength_sessions_per_week
from everyrun.domain.planning.weaknesses import find_weaknesses
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import HALF_MARATHON_M

DAY = date(2027, 1, 5)
HALF = Goal(GoalKind.RACE, race_distance_m=HALF_MARATHON_M, race_date=date(2027, 4, 25))
CALVES = Screening(calf_raises_left=14, calf_raises_right=22)


def session(
    runner: Runner, phase: Phase = Phase.BASE, week: int = 2, number: int = 1
) -> PlannedSession:
    return strength_session(runner, HALF, phase, week, DAY, number, find_weaknesses(runner))


def athlete(
    equipment: Equipment = Equipment.NONE,
    screening: Screening = CALVES,
    *injuries: Injury,
) -> Runner:
    return Runner(
        vdot=48, weekly_km=45, equipment=equipment, screening=screening, injuries=injuries
    )


@pytest.mark.parametrize(
    ("phase", "lighter", "count"),
    [
        (Phase.BASE, False, 2),
        (Phase.BUILD, False, 2),
        (Phase.BASE, True, 1),
        (Phase.BUILD, True, 1),
        (Phase.PEAK, False, 1),
        (Phase.TAPER, False, 0),
        (Phase.RACE, False, 0),
        (Phase.RECOVERY, False, 0),
        (Phase.RETURN, False, 2),
    ],
)
def test_sessions_per_week_follow_the_phase(phase: Phase, lighter: bool, count: int) -> None:
    assert strength_sessions_per_week(phase, lighter) == count


def test_worked_example_weak_left_calf_and_achilles_history() -> None:
    runner = athlete(Equipment.NONE, CALVES, Injury("achilles", "left"))
    planned = session(runner)
    calf = next(d for d in planned.exercises if d.exercise == "single_leg_calf_raise")
    assert planned.exercises[0] is calf, "the runner's own weak link comes first"
    assert calf.reason.startswith(
        "Single-leg calf raise 3×15 each side, plus 1 extra set on the left"
    )
    assert "left 14 single-leg calf raises against right 22" in calf.reason
    assert "Achilles history" in calf.reason
    assert calf.each_side
    assert any(d.exercise == "bent_knee_calf_raise" for d in planned.exercises)


def test_session_is_a_whole_planned_strength_session() -> None:
    planned = session(athlete(Equipment.GYM, CALVES, Injury("knee", "right")))
    assert planned.kind is SessionKind.STRENGTH
    assert planned.purpose is Purpose.STRENGTH
    assert planned.id == "2027-01-05-strength"
    assert "half marathon" in planned.why and planned.why.endswith("base phase, week 2")
    assert 4 <= len(planned.exercises) <= 7
    assert 30 * 60 <= planned.duration_s <= 45 * 60
    [logged] = planned.success
    assert logged.check is Check.LOGGED
    assert logged.params["minutes"] == planned.duration_s / 60
    assert planned.expected_load == pytest.approx(planned.duration_s / 60 * 5 / 4.2)
    assert all(d.reason for d in planned.exercises)


def test_no_equipment_never_gets_gym_or_dumbbell_work() -> None:
    for phase in (Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.RETURN):
        for dose in session(athlete(Equipment.NONE), phase, week=9).exercises:
            exercise = BY_ID[dose.exercise]
            assert exercise.equipment is Equipment.NONE
            assert "dumbbell" not in dose.name and "barbell" not in dose.name


def test_current_achilles_niggle_gets_no_plyometrics_even_in_build() -> None:
    runner = athlete(Equipment.GYM, CALVES, Injury("achilles", "left", current=True, severity=3))
    planned = session(runner, Phase.BUILD, week=7)
    assert not any(BY_ID[d.exercise].is_plyometric for d in planned.exercises)
    assert planned.exercises[0].exercise == "isometric_calf_hold", "isometrics replace the jumps"
    assert "left Achilles niggle now (3/10)" in planned.exercises[0].reason


def test_a_current_knee_niggle_gets_the_spanish_squat_and_no_deep_loaded_squat() -> None:
    runner = athlete(Equipment.GYM, Screening(), Injury("knee", current=True))
    planned = session(runner)
    ids = [d.exercise for d in planned.exercises]
    assert "spanish_squat" in ids
    assert "goblet_squat" not in ids and "back_squat" not in ids


def test_build_is_heavier_and_adds_plyometrics() -> None:
    runner = athlete(Equipment.GYM)
    base, build = session(runner, Phase.BASE), session(runner, Phase.BUILD, week=7)
    assert not any(BY_ID[d.exercise].is_plyometric for d in base.exercises)
    assert BY_ID[build.exercises[0].exercise].is_plyometric, "jumps first, while fresh"
    heavy = [d for d in build.exercises if "heavy: RPE 8" in d.load]
    assert heavy, "loaded lifts at RPE 8 in build"
    assert all(d.reps is not None and d.reps <= 6 and 3 <= d.sets <= 5 for d in heavy)
    assert build.expected_load > base.expected_load
    assert "build phase, week 7" in build.why


def test_peak_is_one_short_maintenance_session() -> None:
    planned = session(athlete(Equipment.DUMBBELLS), Phase.PEAK, week=11)
    assert planned.duration_s <= 25 * 60
    assert len(planned.exercises) <= 4
    assert all(d.sets <= 2 for d in planned.exercises if "extra set" not in d.reason)
    assert "peak phase, week 11" in planned.why


def test_return_is_isometrics_and_low_load_without_jumps() -> None:
    runner = athlete(Equipment.GYM, Screening(), Injury("achilles", "right", current=True))
    planned = session(runner, Phase.RETURN, week=1)
    assert planned.exercises[0].exercise == "isometric_calf_hold"
    assert planned.exercises[0].sets == 5 and planned.exercises[0].hold_s == 45
    assert not any(BY_ID[d.exercise].is_plyometric for d in planned.exercises)
    assert not any("heavy" in d.load for d in planned.exercises)


def test_levels_progress_with_the_weeks() -> None:
    runner = athlete(Equipment.DUMBBELLS)
    early = session(runner, Phase.BASE, week=1).exercises[0]
    later = session(runner, Phase.BASE, week=7).exercises[0]
    assert early.exercise == later.exercise == "single_leg_calf_raise"
    assert early.name != later.name
    assert "dumbbell" in later.name


def test_second_session_of_the_week_varies_the_basics_but_keeps_the_weak_links() -> None:
    runner = athlete(Equipment.GYM)
    first, second = session(runner, number=1), session(runner, number=2)
    assert first.exercises[0] == second.exercises[0]
    assert [d.exercise for d in first.exercises] != [d.exercise for d in second.exercises]


injuries = st.lists(
    st.builds(
        Injury,
        area=st.sampled_from(["achilles", "knee", "shin", "plantar fascia", "hamstring", "ITB"]),
        side=st.sampled_from([None, "left", "right"]),
        current=st.booleans(),
    ),
    max_size=3,
)
maybe = st.one_of
screenings = st.builds(
    Screening,
    calf_raises_left=maybe(st.none(), st.integers(0, 40)),
    calf_raises_right=maybe(st.none(), st.integers(0, 40)),
    squat_left=maybe(st.none(), st.sampled_from(list(SquatQuality))),
    squat_right=maybe(st.none(), st.sampled_from(list(SquatQuality))),
    side_plank_left_s=maybe(st.none(), st.floats(0, 180)),
    side_plank_right_s=maybe(st.none(), st.floats(0, 180)),
    knee_to_wall_left_cm=maybe(st.none(), st.floats(0, 20)),
    knee_to_wall_right_cm=maybe(st.none(), st.floats(0, 20)),
)


@settings(max_examples=200, deadline=None)
@given(
    screening=screenings,
    injuries=injuries,
    equipment=st.sampled_from(list(Equipment)),
    phase=st.sampled_from([Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.RETURN]),
    week=st.integers(1, 30),
    number=st.integers(1, 2),
)
def test_any_runner_gets_a_purposeful_session_within_kit_and_niggles(
    screening: Screening,
    injuries: list[Injury],
    equipment: Equipment,
    phase: Phase,
    week: int,
    number: int,
) -> None:
    runner = athlete(equipment, screening, *injuries)
    planned = session(runner, phase, week, number)
    assert planned.purpose is Purpose.STRENGTH and planned.why and planned.success
    assert all(c.text and c.params for c in planned.success)
    assert 4 <= len(planned.exercises) <= 7
    assert len({d.exercise for d in planned.exercises}) == len(planned.exercises)
    assert 0 < planned.duration_s <= 45 * 60
    sore = {injury_area(i.area) for i in injuries if i.current}
    for dose in planned.exercises:
        exercise = BY_ID[dose.exercise]
        assert exercise.can_do_with(equipment)
        assert not exercise.is_contraindicated(sore)
        assert not exercise.is_drill
        assert dose.reason
        assert not exercise.is_plyometric or phase in (Phase.BUILD, Phase.PEAK)
