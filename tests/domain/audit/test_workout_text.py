"""Free-text workouts from other people's plans, read into steps and a purpose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from everyrun.domain.audit.workout_text import ParseResult, parse_workout
from everyrun.domain.planning.session import Intensity, Repeat, SessionKind, Step
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.vdot import training_paces
from everyrun.domain.units import METRES_PER_MILE

PACES = training_paces(50)


def _read(text: str) -> ParseResult:
    return parse_workout(text, PACES)


def _only(text: str) -> tuple[Purpose, SessionKind]:
    result = _read(text)
    assert result.is_parsed, result
    assert len(result.sessions) == 1, result.sessions
    return result.sessions[0].purpose, result.sessions[0].kind


@pytest.mark.parametrize(
    ("text", "purpose", "kind"),
    [
        ("6x800m @ 5K pace w/ 400m jog", Purpose.VO2MAX_INTERVALS, SessionKind.RUN),
        ("45' easy", Purpose.EASY_AEROBIC, SessionKind.RUN),
        ("Long run 28 km", Purpose.LONG_RUN, SessionKind.RUN),
        ("Tempo 3 x 2 mi", Purpose.TEMPO_THRESHOLD, SessionKind.RUN),
        ("rest", Purpose.REST, SessionKind.REST),
        ("gym", Purpose.STRENGTH, SessionKind.STRENGTH),
        ("off", Purpose.REST, SessionKind.REST),
        ("Day off", Purpose.REST, SessionKind.REST),
        ("strength", Purpose.STRENGTH, SessionKind.STRENGTH),
        ("yoga", Purpose.MOBILITY, SessionKind.MOBILITY),
        ("Mobility", Purpose.MOBILITY, SessionKind.MOBILITY),
        ("cross-train 45' bike", Purpose.CROSS_TRAINING, SessionKind.CROSS),
        ("3×2 mi @ T", Purpose.TEMPO_THRESHOLD, SessionKind.RUN),
        ("4 x 1 km T w/ 1' rest", Purpose.TEMPO_THRESHOLD, SessionKind.RUN),
        ("MP 16 km", Purpose.RACE_PACE, SessionKind.RUN),
        ("3 x 3 km @ HMP", Purpose.TEMPO_THRESHOLD, SessionKind.RUN),
        ("5 x 1k @ 10k pace w/ 2' jog", Purpose.TEMPO_THRESHOLD, SessionKind.RUN),
        ("8 x 200m @ mile pace", Purpose.SPEED, SessionKind.RUN),
        ("recovery 30'", Purpose.RECOVERY, SessionKind.RUN),
        ("30′ shakeout", Purpose.RECOVERY, SessionKind.RUN),
        ("strides", Purpose.SPEED, SessionKind.RUN),
        ("Hill sprints 8 x 10s", Purpose.SPEED, SessionKind.RUN),
        ("hills 6 x 90s w/ jog down", Purpose.VO2MAX_INTERVALS, SessionKind.RUN),
        ("fartlek 40'", Purpose.FARTLEK, SessionKind.RUN),
        ("10 km progression", Purpose.PROGRESSION, SessionKind.RUN),
        ("Race: 10K", Purpose.RACE, SessionKind.RUN),
        ("parkrun", Purpose.RACE, SessionKind.RUN),
        ("6x1000 @ 4:00/km w/ 90s rest", Purpose.VO2MAX_INTERVALS, SessionKind.RUN),
        ("20 min @ threshold", Purpose.TEMPO_THRESHOLD, SessionKind.RUN),
        ("2 x 20' @ goal pace", Purpose.RACE_PACE, SessionKind.RUN),
        ("2h easy", Purpose.LONG_RUN, SessionKind.RUN),
    ],
)
def test_reads_the_purpose_of_common_workouts(
    text: str, purpose: Purpose, kind: SessionKind
) -> None:
    assert _only(text) == (purpose, kind)


def test_reps_with_a_recovery_become_one_repeat() -> None:
    session = _read("6x800m @ 5K pace w/ 400m jog").sessions[0]

    (repeat,) = session.steps
    assert isinstance(repeat, Repeat)
    assert repeat.times == 6
    work, jog = repeat.steps
    assert (work.distance_m, work.intensity) == (800.0, Intensity.INTERVAL)
    assert (jog.distance_m, jog.intensity) == (400.0, Intensity.RECOVERY)
    assert session.distance_m == pytest.approx(6 * 1200)


@pytest.mark.parametrize(
    ("text", "times", "work_m", "work_s", "rest_s"),
    [
        ("6 x 800 m", 6, 800.0, None, None),
        ("3×2 mi", 3, 2 * METRES_PER_MILE, None, None),
        ("10 x 1' r=1'", 10, None, 60.0, 60.0),
        ("8x200", 8, 200.0, None, None),
        ("6x400m, 90s rest", 6, 400.0, None, 90.0),
        ("5 x 3' w/ 2' jog", 5, None, 180.0, 120.0),
        ("4 x 1'30\" / 1' easy", 4, None, 90.0, 60.0),
    ],
)
def test_reads_reps_and_recoveries(
    text: str, times: int, work_m: float | None, work_s: float | None, rest_s: float | None
) -> None:
    (session,) = _read(text).sessions
    repeat = session.steps[0]
    assert isinstance(repeat, Repeat)
    assert repeat.times == times
    assert repeat.steps[0].distance_m == pytest.approx(work_m) if work_m else True
    assert repeat.steps[0].duration_s == work_s
    if rest_s is not None:
        assert repeat.steps[1].duration_s == rest_s


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45' easy", 2700),
        ("45 min easy", 2700),
        ("1h15 easy", 4500),
        ("1:15:00 easy", 4500),
        ("1:15 easy", 4500),
        ("90 minutes easy", 5400),
        ("45m easy", 2700),
    ],
)
def test_reads_durations(text: str, seconds: float) -> None:
    (session,) = _read(text).sessions
    step = session.steps[0]
    assert isinstance(step, Step)
    assert step.duration_s == seconds


@pytest.mark.parametrize(
    ("text", "metres"),
    [("28 km easy", 28000), ("10 mi easy", 10 * METRES_PER_MILE), ("5k easy", 5000)],
)
def test_reads_distances(text: str, metres: float) -> None:
    (session,) = _read(text).sessions
    assert session.distance_m == pytest.approx(metres)


def test_warm_up_and_cool_down_frame_the_main_set() -> None:
    session = _read("2 mi WU + 4 mi tempo + 2 mi CD").sessions[0]

    kinds = [s.kind.value for s in session.steps if isinstance(s, Step)]
    assert kinds == ["warmup", "run", "cooldown"]
    assert session.purpose is Purpose.TEMPO_THRESHOLD
    assert session.distance_m == pytest.approx(8 * METRES_PER_MILE)


def test_one_amount_for_warm_up_and_cool_down() -> None:
    session = _read("15' wu/cd, 5 x 1k @ 10k pace w/ 2' jog").sessions[0]

    first, _, last = session.steps
    assert isinstance(first, Step) and isinstance(last, Step)
    assert (first.duration_s, last.duration_s) == (900, 900)


def test_strides_after_an_easy_run_keep_it_easy() -> None:
    session = _read("45' easy + 6 strides").sessions[0]

    assert session.purpose is Purpose.EASY_AEROBIC
    strides = session.steps[1]
    assert isinstance(strides, Repeat) and strides.times == 6


def test_a_day_with_a_run_and_the_gym_is_two_sessions() -> None:
    result = _read("Easy 8 km + strength")

    assert [s.kind for s in result.sessions] == [SessionKind.RUN, SessionKind.STRENGTH]


def test_a_run_without_an_intensity_has_no_clear_purpose_and_says_what_to_name() -> None:
    (session,) = _read("run 8 km").sessions

    assert session.purpose is Purpose.NO_CLEAR_PURPOSE
    assert "name the intensity" in session.reason
    assert session.confidence < 0.5


def test_reps_without_a_pace_are_guessed_with_low_confidence() -> None:
    (session,) = _read("6 x 800 m").sessions

    assert session.purpose is Purpose.VO2MAX_INTERVALS
    assert session.confidence <= 0.5
    assert "guessed" in session.reason


def test_named_paces_use_the_athletes_vdot() -> None:
    slow = parse_workout("5 x 1k @ 5K pace", training_paces(40)).sessions[0]
    fast = parse_workout("5 x 1k @ 5K pace", training_paces(60)).sessions[0]

    assert fast.duration_s < slow.duration_s
    assert slow.distance_m == fast.distance_m == 5000


def test_text_we_cannot_read_is_kept_word_for_word() -> None:
    result = _read("Blorp the wibble")

    assert not result.is_parsed
    assert result.sessions == ()
    assert result.unparsed == ("Blorp the wibble",)


def test_a_part_we_cannot_read_is_kept_beside_the_parts_we_can() -> None:
    result = _read("45' easy + zorbing")

    assert [s.purpose for s in result.sessions] == [Purpose.EASY_AEROBIC]
    assert result.unparsed == ("zorbing",)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_read_without_error_and_never_lost(text: str) -> None:
    result = _read(text)

    assert result.text == text
    for session in result.sessions:
        assert session.duration_s >= 0 and session.distance_m >= 0
        assert 0 <= session.confidence <= 1


_WORDS = st.sampled_from(
    ["6", "x", "800m", "@", "5K", "pace", "w/", "400m", "jog", "45'", "easy", "+", "1h15",
     "tempo", "mi", "rest", "gym", "×", "′", "r=1'", "wu/cd", "strides", ",", "1:15", "T"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=12).map(" ".join))
def test_workout_like_text_is_read_without_error(text: str) -> None:
    result = _read(text)

    assert result.text == text
    assert result.sessions or result.unparsed or not text.strip(" +,")
