"""Risk flags: each pattern on a hand-built history, at its boundary, and random histories."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from everyrun.domain.readiness import DayHistory
from everyrun.domain.risk_flags import FlagKind, RiskFlag, find_risk_flags
from everyrun.domain.wellness import Niggle, WellnessEntry

TODAY = date(2026, 3, 14)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def day(
    days_ago: int = 0,
    *,
    hard: bool = False,
    rested: bool = False,
    ratio: float | None = None,
    monotony: float | None = None,
    sleep: float | None = None,
    niggles: tuple[Niggle, ...] = (),
) -> DayHistory:
    when = ago(days_ago)
    entry = WellnessEntry(when, sleep_hours=sleep, niggles=niggles)
    return DayHistory(when, 50.0, hard, rested, None, ratio, monotony, entry)


def kinds(flags: list[RiskFlag]) -> list[FlagKind]:
    return [flag.kind for flag in flags]


def only(history: list[DayHistory], weekly: list[float] | None = None) -> list[RiskFlag]:
    return find_risk_flags(history, weekly or [], TODAY)


# --- acute:chronic ratio, monotony --------------------------------------------------------------


@pytest.mark.parametrize(("ratio", "flagged"), [(1.2, False), (1.5, False), (1.51, True)])
def test_load_spike_above_1_5(ratio: float, flagged: bool) -> None:
    flags = only([day(0, rested=True, ratio=ratio)])
    assert kinds(flags) == ([FlagKind.load_spike] if flagged else [])
    if flagged:
        assert flags[0].numbers == {"ratio": 1.51, "limit": 1.5}
        assert "1.51" in flags[0].sentence
        assert "not an injury forecast" in flags[0].sentence


def test_the_ratio_of_an_earlier_day_does_not_flag_today() -> None:
    assert only([day(1, rested=True, ratio=2.0), day(0, rested=True, ratio=1.1)]) == []


@pytest.mark.parametrize(
    ("monotony", "flagged"),
    [(None, False), (math.nan, False), (1.8, False), (2.0, False), (2.01, True), (math.inf, True)],
)
def test_monotony_above_2(monotony: float | None, flagged: bool) -> None:
    flags = only([day(0, rested=True, monotony=monotony)])
    assert kinds(flags) == ([FlagKind.monotony] if flagged else [])
    if monotony == math.inf:
        assert flags[0].sentence.startswith("the same load every day")
    elif flagged:
        assert flags[0].sentence.startswith("monotony 2.01")


# --- weekly ramps -------------------------------------------------------------------------------


def test_ramp_three_weeks_above_10_percent() -> None:
    (flag,) = only([], [100.0, 120.0, 144.0, 173.0])
    assert flag.kind is FlagKind.ramp
    assert flag.numbers["weeks"] == 3
    assert flag.numbers["first_load"] == 100.0
    assert flag.numbers["last_load"] == 173.0
    assert flag.numbers["smallest_rise_pct"] == pytest.approx(20.0)
    assert "100 → 120 → 144 → 173" in flag.sentence


@pytest.mark.parametrize(
    "weekly",
    [
        [100.0, 120.0, 144.0],  # only two rises
        [100.0, 120.0, 144.0, 158.0],  # the third rise is 9.7 %
        [100.0, 120.0, 144.0, 173.0, 150.0],  # the streak ended before the last week
        [0.0, 120.0, 144.0, 173.0],  # a rise from nothing is not a percentage
        [100.0, 120.0, math.nan, 173.0, 210.0],
    ],
)
def test_no_ramp(weekly: list[float]) -> None:
    assert only([], weekly) == []


# --- hard days, rest days -----------------------------------------------------------------------


def test_hard_days_back_to_back() -> None:
    (flag,) = only([day(1, hard=True), day(0, hard=True)])
    assert flag.kind is FlagKind.hard_back_to_back
    assert flag.day == TODAY
    assert flag.numbers == {"days": 2.0}


def test_three_hard_days_in_a_row_are_one_flag() -> None:
    (flag,) = only([day(5, hard=True), day(4, hard=True), day(3, hard=True), day(2)])
    assert flag.numbers == {"days": 3.0}
    assert flag.day == ago(3)


def test_hard_days_with_an_easy_day_between_or_long_ago_are_fine() -> None:
    assert only([day(2, hard=True), day(1), day(0, hard=True)]) == []
    assert only([day(8, hard=True), day(7, hard=True), day(0, rested=True)]) == []


def test_a_hard_run_reaching_into_the_window_counts_its_days_inside() -> None:
    (flag,) = only([day(7, hard=True), day(6, hard=True), day(5, hard=True), day(0, rested=True)])
    assert flag.numbers == {"days": 2.0}


@pytest.mark.parametrize(("streak", "flagged"), [(9, False), (10, True), (14, True)])
def test_no_rest_day_in_10_days(streak: int, flagged: bool) -> None:
    history = [day(streak, rested=True)] + [day(i) for i in range(streak)]
    flags = only(history)
    assert kinds(flags) == ([FlagKind.no_rest_day] if flagged else [])
    if flagged:
        assert flags[0].numbers["days"] == streak
        assert f"no rest day in {streak} days (since {ago(streak - 1)})" in flags[0].sentence


def test_a_day_not_in_the_history_breaks_the_streak() -> None:
    history = [day(i) for i in range(12) if i != 5]
    assert only(history) == []


# --- sleep debt ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("short", "flagged"), [(3.0, False), (2.5, True)])
def test_sleep_debt_above_5_hours(short: float, flagged: bool) -> None:
    history = [day(0, rested=True, sleep=short)] + [
        day(i, rested=True, sleep=8.0) for i in range(1, 7)
    ]
    flags = only(history)
    assert kinds(flags) == ([FlagKind.sleep_debt] if flagged else [])
    if flagged:
        assert flags[0].numbers["debt_hours"] == pytest.approx(5.5)
        assert flags[0].numbers["nights_logged"] == 7
        assert flags[0].sentence.startswith("sleep debt 5.5 h")


# --- niggles ------------------------------------------------------------------------------------

ACHILLES_L = Niggle("achilles", "left", 3)


def test_the_same_niggle_twice_in_7_days() -> None:
    history = [
        day(6, rested=True, niggles=(ACHILLES_L,)),
        day(0, rested=True, niggles=(Niggle("achilles", "left", 5),)),
    ]
    (flag,) = only(history)
    assert flag.kind is FlagKind.repeated_niggle
    assert flag.day == TODAY
    assert flag.numbers == {"times": 2.0, "worst_severity": 5.0}
    assert flag.sentence.startswith("left achilles niggle logged on 2 days in the last 7")


@pytest.mark.parametrize(
    "history",
    [
        # 7 days apart: outside the window
        [day(7, rested=True, niggles=(ACHILLES_L,)), day(0, rested=True, niggles=(ACHILLES_L,))],
        # another side
        [
            day(3, rested=True, niggles=(ACHILLES_L,)),
            day(0, rested=True, niggles=(Niggle("achilles", "right", 3),)),
        ],
        # severity 0: no pain
        [
            day(3, rested=True, niggles=(Niggle("achilles", "left", 0),)),
            day(0, rested=True, niggles=(ACHILLES_L,)),
        ],
        # twice on the same day is one day
        [day(0, rested=True, niggles=(ACHILLES_L, Niggle("achilles", "left", 4)))],
    ],
)
def test_niggles_that_are_not_repeated(history: list[DayHistory]) -> None:
    assert only(history) == []


# --- property -----------------------------------------------------------------------------------

niggles = st.lists(
    st.builds(
        Niggle,
        st.sampled_from(["achilles", "knee", "calf"]),
        st.sampled_from([None, "left", "right"]),
        st.integers(0, 10),
    ),
    max_size=3,
).map(tuple)
days = st.builds(
    day,
    st.integers(-2, 40),
    hard=st.booleans(),
    rested=st.booleans(),
    ratio=st.none() | st.floats(allow_nan=True, allow_infinity=True),
    monotony=st.none() | st.floats(0, 10) | st.just(math.inf) | st.just(math.nan),
    sleep=st.none() | st.floats(0, 16),
    niggles=niggles,
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(days, max_size=60),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=12),
)
def test_random_histories_never_raise(history: list[DayHistory], weekly: list[float]) -> None:
    for flag in find_risk_flags(history, weekly, TODAY):
        assert flag.sentence
        assert flag.day <= TODAY
        assert isinstance(flag.kind, FlagKind)
