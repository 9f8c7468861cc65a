"""Readiness: every rule on hand-built histories, at its boundaries, and with data missing."""

from __future__ import annotations

import math
import re
import statistics
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from everyrun.domain.readiness import (
    DayHistory,
    Level,
    Readiness,
    Reason,
    assess_readiness,
    sleep_debt,
    worst,
)
from everyrun.domain.wellness import WellnessEntry

TODAY = date(2026, 3, 14)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def day(
    days_ago: int = 0,
    *,
    load: float = 0.0,
    hard: bool = False,
    rested: bool = True,
    form: float | None = None,
    ratio: float | None = None,
    monotony: float | None = None,
    **wellness: object,
) -> DayHistory:
    when = ago(days_ago)
    entry = WellnessEntry(when, **wellness) if wellness else None  # type: ignore[arg-type]
    return DayHistory(when, load, hard, rested, form, ratio, monotony, entry)


def reason(readiness: Readiness, signal: str) -> Reason:
    (found,) = [r for r in readiness.reasons if r.signal == signal]
    return found


def missing_about(readiness: Readiness, word: str) -> bool:
    return any(text.startswith(word) for text in readiness.missing)


# --- HRV ----------------------------------------------------------------------------------------


def hrv_history(week_ln: float) -> list[DayHistory]:
    """53 earlier days alternating ln rMSSD 4.0 / 4.2, then 7 days at `week_ln`."""
    earlier = [day(i, hrv_rmssd_ms=math.exp(4.0 if i % 2 else 4.2)) for i in range(7, 60)]
    return earlier + [day(i, hrv_rmssd_ms=math.exp(week_ln)) for i in range(7)]


def hrv_band(week_ln: float) -> tuple[float, float]:
    values = [4.0 if i % 2 else 4.2 for i in range(7, 60)] + [week_ln] * 7
    return statistics.mean(values), statistics.stdev(values)


@pytest.mark.parametrize(
    ("week_ln", "expected"),
    [(4.1, Level.ready), (4.0, Level.caution), (3.8, Level.rest), (4.4, Level.ready)],
)
def test_hrv_week_mean_against_the_60_day_band(week_ln: float, expected: Level) -> None:
    mean, sd = hrv_band(week_ln)
    # the hand-worked verdict agrees with the band itself
    if week_ln < mean - sd:
        assert expected is Level.rest
    elif week_ln < mean - 0.5 * sd:
        assert expected is Level.caution
    result = assess_readiness(hrv_history(week_ln), TODAY)
    hrv = reason(result, "hrv")
    assert hrv.verdict is expected
    assert hrv.value == pytest.approx(math.exp(week_ln))
    low, high = math.exp(mean - 0.5 * sd), math.exp(mean + 0.5 * sd)
    assert hrv.normal == f"{low:.0f}–{high:.0f} ms"


def test_hrv_sentence_names_the_numbers() -> None:
    hrv = reason(assess_readiness(hrv_history(4.0), TODAY), "hrv")
    mean, sd = hrv_band(4.0)
    pct = (math.exp(4.0) / math.exp(mean) - 1) * 100
    assert hrv.sentence.startswith(
        f"HRV 7-day mean {math.exp(4.0):.0f} ms is {abs(pct):.0f} % below your 60-day normal "
        f"of {math.exp(mean):.0f} ms (range {math.exp(mean - sd / 2):.0f}–"
        f"{math.exp(mean + sd / 2):.0f})"
    )
    assert re.search(r"\d+ ms", hrv.sentence)


def test_hrv_steady_baseline_is_ready_not_rounding_noise() -> None:
    history = [day(i, hrv_rmssd_ms=61.3) for i in range(60)]
    assert reason(assess_readiness(history, TODAY), "hrv").verdict is Level.ready


def test_hrv_missing_with_too_few_readings_this_week() -> None:
    history = [day(i, hrv_rmssd_ms=60.0) for i in range(7, 60)] + [
        day(0, hrv_rmssd_ms=40.0),
        day(3, hrv_rmssd_ms=40.0),
    ]
    result = assess_readiness(history, TODAY)
    assert not [r for r in result.reasons if r.signal == "hrv"]
    assert missing_about(result, "HRV: 2 readings in the last 7 days")


def test_hrv_missing_with_a_baseline_under_14_readings() -> None:
    history = [day(i, hrv_rmssd_ms=60.0) for i in range(13)]
    result = assess_readiness(history, TODAY)
    assert missing_about(result, "HRV: 13 readings in the last 60 days")
    history.append(day(13, hrv_rmssd_ms=60.0))
    assert reason(assess_readiness(history, TODAY), "hrv").verdict is Level.ready


# --- resting heart rate -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (45.0, Level.ready),
        (55.0, Level.ready),
        (55.5, Level.caution),
        (60.0, Level.caution),
        (60.5, Level.rest),
    ],
)
def test_resting_heart_rate_against_the_60_days_before(today: float, expected: Level) -> None:
    history = [day(i, resting_heart_rate_bpm=50.0) for i in range(1, 31)]
    history.append(day(0, resting_heart_rate_bpm=today))
    hr = reason(assess_readiness(history, TODAY), "resting_heart_rate")
    assert hr.verdict is expected
    assert hr.value == today
    assert "60-day mean of 50.0 bpm" in hr.sentence


def test_resting_heart_rate_baseline_leaves_out_today_and_older_than_60_days() -> None:
    history = [day(i, resting_heart_rate_bpm=50.0) for i in range(1, 15)]
    history += [day(i, resting_heart_rate_bpm=90.0) for i in range(61, 80)]
    history.append(day(0, resting_heart_rate_bpm=56.0))
    hr = reason(assess_readiness(history, TODAY), "resting_heart_rate")
    assert hr.verdict is Level.caution
    assert "6.0 bpm above" in hr.sentence


def test_resting_heart_rate_missing() -> None:
    few = [day(i, resting_heart_rate_bpm=50.0) for i in range(1, 14)]
    result = assess_readiness([*few, day(0, resting_heart_rate_bpm=50.0)], TODAY)
    assert missing_about(result, "resting heart rate: 13 readings")
    result = assess_readiness([day(i, resting_heart_rate_bpm=50.0) for i in range(1, 30)], TODAY)
    assert "resting heart rate: not logged today" in result.missing


# --- sleep debt ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short_nights", "expected"),
    [
        ([3.0], Level.ready),  # debt 5.0
        ([2.5], Level.caution),  # 5.5
        ([3.0, 3.0], Level.caution),  # 10.0
        ([3.0, 2.5], Level.rest),  # 10.5
    ],
)
def test_sleep_debt_over_seven_nights(short_nights: list[float], expected: Level) -> None:
    nights = [*short_nights, *[8.0] * (7 - len(short_nights))]
    history = [day(i, sleep_hours=hours) for i, hours in enumerate(nights)]
    history.append(day(7, sleep_hours=0.0))  # an eighth night back does not count
    sleep = reason(assess_readiness(history, TODAY), "sleep_debt")
    assert sleep.verdict is expected
    assert sleep.value == pytest.approx(sum(8.0 - h for h in nights))
    assert sleep.sentence.startswith(f"sleep debt {sleep.value:.1f} h over the last 7 nights")


def test_sleep_debt_counts_only_nights_logged_and_says_so() -> None:
    history = [day(0, sleep_hours=5.0), day(2, sleep_hours=6.0)]
    debt = sleep_debt(history, TODAY)
    assert debt is not None
    assert (debt.hours, debt.nights_logged) == (5.0, 2)
    sleep = reason(assess_readiness(history, TODAY), "sleep_debt")
    assert "the 2 of the last 7 nights logged" in sleep.sentence


def test_more_sleep_than_needed_is_no_debt() -> None:
    history = [day(i, sleep_hours=9.0) for i in range(7)]
    sleep = reason(assess_readiness(history, TODAY), "sleep_debt")
    assert sleep.value == pytest.approx(-7.0)
    assert sleep.verdict is Level.ready
    assert sleep.sentence.startswith("no sleep debt: 7.0 h more")


def test_sleep_missing_without_a_night_logged() -> None:
    result = assess_readiness([day(8, sleep_hours=4.0)], TODAY)
    assert "sleep: no night logged in the last 7 days" in result.missing


# --- how the body feels, illness ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["soreness", "fatigue"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, Level.ready), (6, Level.ready), (7, Level.caution), (8, Level.caution), (9, Level.rest)],
)
def test_soreness_and_fatigue(name: str, value: int, expected: Level) -> None:
    feelings = {"soreness": None, "fatigue": None, name: value}
    entry = WellnessEntry(TODAY, soreness=feelings["soreness"], fatigue=feelings["fatigue"])
    result = assess_readiness([DayHistory(TODAY, 0.0, False, True, wellness=entry)], TODAY)
    found = reason(result, name)
    assert found.verdict is expected
    assert found.sentence.startswith(f"{name} {value}/10")
    assert result.level is expected


def test_illness_today_is_rest() -> None:
    result = assess_readiness([day(0, illness=True, illness_note="a cold")], TODAY)
    assert reason(result, "illness").verdict is Level.rest
    assert "a cold" in reason(result, "illness").sentence
    assert result.level is Level.rest
    assert reason(assess_readiness([day(0, illness=False)], TODAY), "illness").verdict is (
        Level.ready
    )
    yesterday_ill = assess_readiness([day(1, illness=True)], TODAY)
    assert "illness: not logged today" in yesterday_ill.missing
    assert yesterday_ill.level is Level.ready


# --- form and the acute:chronic ratio -----------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (5.0, Level.ready),
        (-30.0, Level.ready),
        (-30.1, Level.caution),
        (-40.0, Level.caution),
        (-40.1, Level.rest),
    ],
)
def test_form(form: float, expected: Level) -> None:
    found = reason(assess_readiness([day(0, form=form)], TODAY), "form")
    assert found.verdict is expected
    assert found.value == form


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [(0.9, Level.ready), (1.5, Level.ready), (1.51, Level.caution), (3.0, Level.caution)],
)
def test_acute_chronic_ratio_is_at_most_caution(ratio: float, expected: Level) -> None:
    found = reason(assess_readiness([day(0, ratio=ratio)], TODAY), "acute_chronic_ratio")
    assert found.verdict is expected
    assert "not an injury forecast" in found.sentence


@pytest.mark.parametrize("value", [None, math.nan])
def test_unknown_form_and_ratio_are_missing(value: float | None) -> None:
    result = assess_readiness([day(0, form=value, ratio=value)], TODAY)
    assert "form: not known for today" in result.missing
    assert missing_about(result, "acute:chronic ratio: not known")


# --- the level ----------------------------------------------------------------------------------


def test_nothing_known_is_ready_with_everything_missing() -> None:
    result = assess_readiness([], TODAY)
    assert result.level is Level.ready
    assert result.reasons == []
    assert len(result.missing) == 8


def test_the_level_is_the_worst_reason() -> None:
    history = [day(0, soreness=7, fatigue=2, form=-45.0, ratio=1.2)]
    result = assess_readiness(history, TODAY)
    assert result.level is Level.rest
    assert reason(result, "soreness").verdict is Level.caution


def test_days_after_the_day_are_ignored() -> None:
    history = [day(0, soreness=2), day(-1, illness=True, form=-80.0)]
    assert assess_readiness(history, TODAY).level is Level.ready


def test_worst() -> None:
    assert worst([]) is Level.ready
    assert worst([Level.caution, Level.ready]) is Level.caution
    assert worst([Level.caution, Level.rest, Level.ready]) is Level.rest


# --- property -----------------------------------------------------------------------------------

maybe = st.none() | st.integers(0, 10)
entries = st.builds(
    WellnessEntry,
    day=st.just(TODAY),
    sleep_hours=st.none() | st.floats(0, 16),
    hrv_rmssd_ms=st.none() | st.floats(5, 300),
    resting_heart_rate_bpm=st.none() | st.floats(25, 120),
    soreness=maybe,
    fatigue=maybe,
    illness=st.none() | st.booleans(),
)
days = st.builds(
    lambda offset, load, hard, rested, form, ratio, mono, entry: DayHistory(
        ago(offset),
        load,
        hard,
        rested,
        form,
        ratio,
        mono,
        None if entry is None else WellnessEntry(**{**entry.__dict__, "day": ago(offset)}),
    ),
    st.integers(-3, 90),
    st.floats(0, 500),
    st.booleans(),
    st.booleans(),
    st.none() | st.floats(allow_nan=True, allow_infinity=True),
    st.none() | st.floats(allow_nan=True, allow_infinity=True),
    st.none() | st.floats(0, 10) | st.just(math.inf),
    st.none() | entries,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(days, max_size=90))
def test_random_histories_never_raise_and_the_level_is_the_worst(
    history: list[DayHistory],
) -> None:
    result = assess_readiness(history, TODAY)
    assert result.level is worst(r.verdict for r in result.reasons)
    assert len(result.reasons) + len(result.missing) == 8
    assert all(r.sentence for r in result.reasons)
