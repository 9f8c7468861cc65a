"""Sessions without a file: checked like any log, loaded by session RPE (Foster 2001)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from everyrun.domain.log_parsing import format_drill, format_exercise, parse_drill, parse_exercise
from everyrun.domain.manual_sessions import (
    Drill,
    Exercise,
    ManualSession,
    new_drill,
    new_exercise,
    new_manual_session,
    session_load,
)
from everyrun.domain.purpose import Purpose
from everyrun.domain.wellness import LogValueError

TODAY = date(2026, 3, 14)


def test_strength_load_is_rpe_times_minutes() -> None:
    session = new_manual_session(
        "strength",
        TODAY,
        today=TODAY,
        rpe=7,
        minutes=45,
        exercises=[parse_exercise("squat:3x8@60")],
    )

    load = session_load(session)

    assert load.value == 315.0  # 7 × 45 (Foster et al. 2001)
    assert load.method == "session-RPE"
    assert load.detail == "RPE 7 × 45 min"
    assert session.sport == "training"
    assert session.purpose is Purpose.STRENGTH
    assert session.exercises == (Exercise("squat", 3, 8, 60.0),)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rpe": 15}, "RPE 15: must be between 0 and 10 on the CR-10 scale"),
        ({"rpe": -1}, "RPE -1: must be between 0 and 10"),
        ({"minutes": 0}, "minutes 0: must be between 1 and 1440 min"),
        ({"minutes": 3000}, "minutes 3000: must be between 1 and 1440 min"),
        ({"minutes": None}, "a strength session needs its minutes"),
        ({"kind": "cardio"}, "unknown session kind 'cardio'"),
        ({"purpose": "fun"}, "unknown purpose 'fun'"),
        ({"drills": [Drill("stretch", 5.0)]}, "a strength session has no drills"),
    ],
)
def test_impossible_sessions_are_refused_with_the_reason(
    changes: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {"kind": "strength", "rpe": 6, "minutes": 45} | changes
    kind = values.pop("kind")
    with pytest.raises(LogValueError, match=message.replace("(", r"\(")):
        new_manual_session(str(kind), TODAY, today=TODAY, **values)  # type: ignore[arg-type]


def test_a_session_in_the_future_is_refused() -> None:
    with pytest.raises(LogValueError, match="date 2026-03-15 is in the future"):
        new_manual_session("strength", date(2026, 3, 15), today=TODAY, rpe=6, minutes=30)


def test_mobility_lasts_as_long_as_its_drills_unless_told() -> None:
    drills = [parse_drill("hip flexor stretch:5"), parse_drill("ankle circles:2.5")]

    session = new_manual_session("mobility", TODAY, today=TODAY, rpe=2, drills=drills)

    assert session.minutes == 7.5
    assert session.purpose is Purpose.MOBILITY
    assert session_load(session).value == 15.0
    with pytest.raises(
        LogValueError, match=r"drills add up to 7\.5 min, more than the session's 5"
    ):
        new_manual_session("mobility", TODAY, today=TODAY, rpe=2, minutes=5, drills=drills)


def test_a_workout_names_its_sport_in_the_common_vocabulary() -> None:
    swim = new_manual_session(
        "workout", TODAY, today=TODAY, rpe=5, minutes=40, sport="Swim", purpose="cross-training"
    )

    assert swim == ManualSession(
        TODAY, "workout", "swimming", 40.0, 5.0, Purpose.CROSS_TRAINING, None, (), ()
    )
    with pytest.raises(LogValueError, match="a workout needs its sport"):
        new_manual_session("workout", TODAY, today=TODAY, rpe=5, minutes=40)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("squat 3x8", "is not NAME:SETSxREPS"),
        ("squat:3x8@", "is not NAME:SETSxREPS"),
        ("squat:0x8", "squat sets 0: must be a whole number from 1 to 100"),
        ("deadlift:1x1@600", "deadlift load 600: must be between 0 and 500 kg"),
        ("squat:3x8@60 rpe 11", "squat RPE 11: must be between 0 and 10"),
        ("squat:3x8@6..0", "'6..0' in 'squat:3x8@6..0' is not a number"),
        (":3x8", "is not NAME:SETSxREPS"),
    ],
)
def test_an_exercise_that_cannot_be_right_is_refused(text: str, message: str) -> None:
    with pytest.raises(LogValueError, match=message.replace("[", r"\[")):
        parse_exercise(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("squat:3x8@60", Exercise("squat", 3, 8, 60.0)),
        ("Bench press : 5 × 5 @ 62.5 kg", Exercise("Bench press", 5, 5, 62.5)),
        ("push-up:3x15 rpe 7", Exercise("push-up", 3, 15, None, 7.0)),
        ("row:4X10@40RPE8.5", Exercise("row", 4, 10, 40.0, 8.5)),
    ],
)
def test_exercises_are_read_from_their_compact_form(text: str, expected: Exercise) -> None:
    assert parse_exercise(text) == expected


def test_drills_are_read_with_or_without_min() -> None:
    assert parse_drill("couch stretch:3 min") == Drill("couch stretch", 3.0)
    with pytest.raises(LogValueError, match="drill 'couch stretch' is not NAME:MINUTES"):
        parse_drill("couch stretch")
    with pytest.raises(LogValueError, match="couch stretch minutes 500: must be between"):
        parse_drill("couch stretch:500")


_name = st.text(
    st.characters(blacklist_characters=":", blacklist_categories=("Cs",)), min_size=1, max_size=90
)
_maybe = st.none() | st.floats(0, 500, allow_nan=False)


@given(
    name=_name,
    sets=st.integers(0, 120),
    reps=st.integers(0, 1200),
    load_kg=_maybe,
    rpe=st.none() | st.floats(0, 10),
)
def test_exercise_text_round_trips(
    name: str, sets: int, reps: int, load_kg: float | None, rpe: float | None
) -> None:
    try:
        exercise = new_exercise(name, sets, reps, load_kg, rpe)
    except LogValueError:
        assume(False)
        raise

    assert parse_exercise(format_exercise(exercise)) == exercise


@given(name=_name, minutes=st.floats(0, 200, allow_nan=False))
def test_drill_text_round_trips(name: str, minutes: float) -> None:
    try:
        drill = new_drill(name, minutes)
    except LogValueError:
        assume(False)
        raise

    assert parse_drill(format_drill(drill)) == drill


@given(st.text(max_size=120))
def test_any_text_is_read_as_an_exercise_or_refused_cleanly(text: str) -> None:
    try:
        exercise = parse_exercise(text)
    except LogValueError as error:
        assert error.message
    else:
        assert exercise.sets >= 1 and exercise.reps >= 1 and exercise.name


@given(st.text(st.sampled_from("0123456789.eE+-x@:rpe kgmin "), max_size=40))
def test_number_like_garbage_is_refused_cleanly(text: str) -> None:
    for parse in (parse_exercise, parse_drill):
        try:
            parse(text)
        except LogValueError as error:
            assert error.message
