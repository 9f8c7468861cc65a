"""Random athletes and goals for the planner's property tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from everyrun.domain.planning.goal import Goal, GoalKind, Priority
from everyrun.domain.planning.runner import (
    Availability,
    Equipment,
    Experience,
    Injury,
    Runner,
    Screening,
    SquatQuality,
)
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M

START = date(2026, 12, 1)
AREAS = ("achilles", "knee", "shin", "plantar fascia", "hamstring", "hip", "calf")


@st.composite
def availability(draw: st.DrawFn, start: date = START) -> Availability:
    days = draw(st.integers(1, 7))
    minutes = draw(st.one_of(st.none(), st.floats(25, 150)))
    long_minutes = draw(st.one_of(st.none(), st.floats(60, 240))) if minutes else None
    away_offsets = draw(st.lists(st.integers(0, 200), max_size=8))
    return Availability(
        days_per_week=days,
        minutes_per_day=minutes,
        long_run_day=draw(st.integers(0, 6)),
        long_run_minutes=long_minutes,
        days_away=frozenset(start + timedelta(days=o) for o in away_offsets),
    )


@st.composite
def screening(draw: st.DrawFn) -> Screening:
    maybe = lambda s: draw(st.one_of(st.none(), s))  # noqa: E731
    quality = st.sampled_from(list(SquatQuality))
    return Screening(
        calf_raises_left=maybe(st.integers(0, 40)),
        calf_raises_right=maybe(st.integers(0, 40)),
        squat_left=maybe(quality),
        squat_right=maybe(quality),
        side_plank_left_s=maybe(st.floats(0, 180)),
        side_plank_right_s=maybe(st.floats(0, 180)),
        knee_to_wall_left_cm=maybe(st.floats(0, 20)),
        knee_to_wall_right_cm=maybe(st.floats(0, 20)),
    )


@st.composite
def runners(draw: st.DrawFn) -> Runner:
    injuries = draw(
        st.lists(
            st.builds(
                Injury,
                area=st.sampled_from(AREAS),
                side=st.sampled_from([None, "left", "right"]),
                current=st.booleans(),
            ),
            max_size=3,
        )
    )
    return Runner(
        vdot=draw(st.floats(28, 75)),
        weekly_km=draw(st.floats(0, 140)),
        experience=draw(st.sampled_from(list(Experience))),
        availability=draw(availability()),
        injuries=tuple(injuries),
        screening=draw(screening()),
        equipment=draw(st.sampled_from(list(Equipment))),
        max_heart_rate_bpm=draw(st.one_of(st.none(), st.floats(160, 205))),
        weight_kg=draw(st.one_of(st.none(), st.floats(45, 100))),
    )


@st.composite
def goals(
    draw: st.DrawFn, start: date = START, kinds: tuple[GoalKind, ...] = tuple(GoalKind)
) -> Goal:
    kind = draw(st.sampled_from(kinds))
    day = start + timedelta(days=draw(st.integers(0, 40 * 7)))
    if kind is GoalKind.RACE:
        distance = draw(st.sampled_from([5000.0, 10000.0, 15000.0, HALF_MARATHON_M, MARATHON_M]))
        target = draw(st.one_of(st.none(), st.floats(distance / 6.0, distance / 2.0)))
        return Goal(
            GoalKind.RACE,
            race_distance_m=distance,
            race_date=day,
            target_time_s=target,
            priority=draw(st.sampled_from(list(Priority))),
        )
    volume = draw(st.one_of(st.none(), st.floats(10, 120)))
    return Goal(
        kind,
        end_date=day,
        target_weekly_km=volume,
        injury="achilles" if kind is GoalKind.RETURN else None,
    )
