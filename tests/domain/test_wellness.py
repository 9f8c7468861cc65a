"""Wellness entries refuse what cannot be true; rMSSD follows the Task Force definition."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from everyrun.domain.log_parsing import format_niggle, parse_niggle, parse_niggles
from everyrun.domain.wellness import (
    MIN_CLEAN_DIFFERENCES,
    LogValueError,
    Niggle,
    WellnessEntry,
    clean_successive_differences_ms,
    new_niggle,
    new_wellness_entry,
    rmssd_ms,
)
from everyrun.importers.registry import read_activities
from tests.corpus import CORPUS

TODAY = date(2026, 3, 14)


def entry(**values: object) -> WellnessEntry:
    return new_wellness_entry(TODAY, today=TODAY, **values)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("sleep_hours", 30, "sleep 30: must be between 0 and 16 h"),
        ("sleep_hours", -1, "sleep -1: must be between 0 and 16 h"),
        ("resting_heart_rate_bpm", 400, "resting heart rate 400: must be between 25 and 120 bpm"),
        ("hrv_rmssd_ms", 900.0, "HRV (rMSSD) 900: must be between 5 and 300 ms (rMSSD)"),
        ("soreness", 11, "soreness 11: must be a whole number from 0 to 10 (0 none, 10 worst)"),
        ("fatigue", 3.5, "fatigue 3.5: must be a whole number from 0 to 10"),
        ("mood", 0, "mood 0: must be a whole number from 1 to 5"),
        ("sleep_quality", "good", "sleep quality 'good': could not convert"),
        ("hydration_litres", 40, "hydration 40: must be between 0 and 15 litres"),
        ("nutrition", 6, "nutrition 6: must be a whole number from 1 to 5"),
        ("illness", "maybe", "illness 'maybe': must be yes or no"),
        ("sleep_hours", float("nan"), "sleep nan: must be between 0 and 16 h"),
    ],
)
def test_impossible_values_are_refused_naming_the_accepted_range(
    name: str, value: object, message: str
) -> None:
    with pytest.raises(LogValueError) as refused:
        entry(**{name: value})

    assert str(refused.value).startswith(message)


def test_a_day_in_the_future_is_refused() -> None:
    with pytest.raises(LogValueError, match=r"date 2026-03-15 is in the future \(today is"):
        new_wellness_entry(date(2026, 3, 15), today=TODAY, sleep_hours=7)


def test_an_unknown_value_is_refused() -> None:
    with pytest.raises(LogValueError, match="unknown wellness value 'weight'"):
        entry(weight=70)


def test_plausible_values_are_kept_with_their_types() -> None:
    logged = entry(
        sleep_hours="7.5",
        sleep_quality=4.0,
        hrv_rmssd_ms=62,
        resting_heart_rate_bpm=48,
        soreness=0,
        fatigue=10,
        stress="3",
        mood=5,
        hydration_litres=2.5,
        nutrition=3,
        illness="no",
        illness_note="  head   cold ",
    )

    assert logged == WellnessEntry(
        TODAY, 7.5, 4, 62.0, 48.0, 0, 10, 3, 5, 2.5, 3, False, "head cold"
    )
    assert isinstance(logged.sleep_quality, int)


def test_values_not_given_stay_none_and_an_entry_without_any_is_empty() -> None:
    assert entry(sleep_hours=None).is_empty
    assert not entry(illness=False).is_empty
    assert not entry(niggles=[new_niggle("knee", "left", 2)]).is_empty


def test_the_same_niggle_twice_in_one_log_keeps_the_last() -> None:
    logged = entry(niggles=[parse_niggle("left knee:2"), parse_niggle("Left  Knee:4")])

    assert logged.niggles == (Niggle("knee", "left", 4),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("left achilles:3", Niggle("achilles", "left", 3)),
        ("Right Knee : 2 ", Niggle("knee", "right", 2)),
        ("lower back:2:after driving: 3 h", Niggle("lower back", None, 2, "after driving: 3 h")),
        ("both calves:5/10", Niggle("calves", "both", 5)),
    ],
)
def test_niggles_are_read_from_their_compact_form(text: str, expected: Niggle) -> None:
    assert parse_niggle(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("left achilles", "is not [left|right|both ]LOCATION:SEVERITY"),
        ("left achilles:11", "severity 11: must be a whole number from 0 to 10"),
        (":3", "is not [left|right|both ]LOCATION:SEVERITY"),
        ("left:3", "is not a place"),
        ("knee:three", "is not [left|right|both ]LOCATION:SEVERITY"),
    ],
)
def test_a_niggle_that_cannot_be_read_says_which_form_is_wanted(text: str, message: str) -> None:
    with pytest.raises(LogValueError, match=message.replace("[", r"\[").replace("|", r"\|")):
        parse_niggle(text)


def test_a_side_given_twice_must_agree() -> None:
    assert new_niggle("left knee", "left", 1) == Niggle("knee", "left", 1)
    with pytest.raises(LogValueError, match="is not a place"):
        new_niggle("left knee", "right", 1)


def test_a_csv_cell_can_hold_several_niggles() -> None:
    assert parse_niggles("left achilles:3; lower back:2;") == [
        Niggle("achilles", "left", 3),
        Niggle("lower back", None, 2),
    ]


_place = st.text(
    st.characters(blacklist_characters=":;", blacklist_categories=("Cs",)), min_size=1, max_size=90
)


@given(
    location=_place,
    side=st.sampled_from([None, "left", "right", "both"]),
    severity=st.integers(0, 10),
    note=st.none() | st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
)
def test_niggle_text_round_trips(
    location: str, side: str | None, severity: int, note: str | None
) -> None:
    try:
        niggle = new_niggle(location, side, severity, note)
    except LogValueError:
        assume(False)
        raise

    assert parse_niggle(format_niggle(niggle)) == niggle


@given(st.text(max_size=120))
def test_any_niggle_text_is_read_or_refused_cleanly(text: str) -> None:
    try:
        niggle = parse_niggle(text)
    except LogValueError as error:
        assert error.message
    else:
        assert 0 <= niggle.severity <= 10 and niggle.location


# --- rMSSD ---------------------------------------------------------------------------------------


def rr_from_differences(first_ms: float, differences: list[float]) -> list[float]:
    return [
        first_ms,
        *(first_ms + float(np.cumsum(differences)[i]) for i in range(len(differences))),
    ]


def test_rmssd_of_a_hand_computed_series() -> None:
    # Differences cycle 10, -20, 30, -20 (8 times: 32 of them); their squares average
    # (100 + 400 + 900 + 400) / 4 = 450, so rMSSD = √450 = 21.2132 ms.
    rr = rr_from_differences(1000.0, [10, -20, 30, -20] * 8)

    assert rr[:5] == [1000, 1010, 990, 1020, 1000]
    assert rmssd_ms(rr) == pytest.approx(math.sqrt(450), abs=1e-9)


def test_artefacts_are_left_out_of_rmssd() -> None:
    steady = [800.0, 820.0] * 20  # every difference ±20 ms: rMSSD 20
    with_artefacts = [*steady[:10], 1620.0, *steady[10:20], 2400.0, *steady[20:], np.nan, 250.0]

    assert rmssd_ms(steady) == pytest.approx(20.0)
    # A missed beat (1620 ms, +98 %), one out of range (2400 ms) and one too short (250 ms):
    # every difference touching them is dropped, the rest are ±20 ms.
    assert rmssd_ms(with_artefacts) == pytest.approx(20.0)
    assert clean_successive_differences_ms(with_artefacts).size == len(steady) - 1 - 2


def test_a_change_of_just_over_20_percent_is_an_artefact() -> None:
    assert clean_successive_differences_ms([1000.0, 1200.0]).size == 1
    assert clean_successive_differences_ms([1000.0, 1201.0]).size == 0
    assert clean_successive_differences_ms([1000.0, 799.0]).size == 0


def test_too_few_clean_beats_give_no_rmssd() -> None:
    enough = [800.0, 820.0] * (MIN_CLEAN_DIFFERENCES // 2) + [800.0]

    assert len(enough) - 1 == MIN_CLEAN_DIFFERENCES
    assert rmssd_ms(enough) == pytest.approx(20.0)
    assert rmssd_ms(enough[:-1]) is None
    assert rmssd_ms([]) is None
    assert rmssd_ms([800.0]) is None


def test_rmssd_of_a_morning_hrv_recording_is_plausible() -> None:
    path = CORPUS / "hrv-only_garmin-fr920xt_2min.fit"
    (activity,) = read_activities("fit", path.read_bytes(), path.name)

    value = rmssd_ms(activity.rr_intervals_ms)

    assert value is not None
    assert 20 <= value <= 150
    assert value == pytest.approx(54.7, abs=0.1)  # pinned: a change here changes stored HRV
