"""The profile is a log of dated changes: each day sees the values in force then."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from everyrun.domain.athlete import (
    AthleteProfile,
    ProfileChange,
    ProfileValueError,
    check_consistent,
    checked_value,
    profile_on,
)

TODAY = date(2026, 11, 27)
RECORDED = datetime(2026, 11, 27, 8, tzinfo=UTC)


def change(field: str, value: object, day: date) -> ProfileChange:
    return ProfileChange(field, value, day, RECORDED)


def test_an_old_day_sees_the_threshold_in_force_then() -> None:
    changes = [
        change("threshold_heart_rate_bpm", 165.0, date(2024, 1, 1)),
        change("threshold_heart_rate_bpm", 171.0, date(2026, 3, 1)),
    ]
    assert profile_on(changes, date(2025, 6, 1)).profile.threshold_heart_rate_bpm == 165.0
    assert profile_on(changes, date(2026, 3, 1)).profile.threshold_heart_rate_bpm == 171.0


def test_a_day_before_any_value_borrows_the_earliest_and_says_so() -> None:
    dated = profile_on([change("max_heart_rate_bpm", 190.0, date(2026, 1, 1))], date(2020, 5, 5))
    assert dated.profile.max_heart_rate_bpm == 190.0
    assert dated.backdated == {"max_heart_rate_bpm"}


def test_the_later_of_two_changes_on_one_day_wins() -> None:
    first = ProfileChange("weight_kg", 60.0, TODAY, RECORDED)
    second = ProfileChange("weight_kg", 61.5, TODAY, RECORDED.replace(hour=9))
    assert profile_on([second, first], TODAY).profile.weight_kg == 61.5


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("max_heart_rate_bpm", 400, "between 100 and 230"),
        ("weight_kg", 150 * 2.2, "between 25 and 250 kg"),
        ("sex", "x", "female, male"),
        ("units", "furlongs", "metric, imperial"),
        ("birth_year", 2030, "between 1900 and 2021"),
        ("nonsense", 1, "unknown profile field"),
    ],
)
def test_impossible_values_are_refused_with_the_accepted_range(
    field: str, value: object, message: str
) -> None:
    with pytest.raises(ProfileValueError, match=message):
        checked_value(field, value, today=TODAY)


def test_values_are_normalised() -> None:
    assert checked_value("sex", " Female ", today=TODAY) == "female"
    assert checked_value("max_heart_rate_bpm", "188", today=TODAY) == 188.0


def test_thresholds_must_sit_below_max_heart_rate() -> None:
    with pytest.raises(ProfileValueError, match="LTHR is usually"):
        check_consistent(AthleteProfile(max_heart_rate_bpm=180, threshold_heart_rate_bpm=185))
    with pytest.raises(ProfileValueError, match="resting"):
        check_consistent(AthleteProfile(max_heart_rate_bpm=180, resting_heart_rate_bpm=181))
    check_consistent(AthleteProfile(max_heart_rate_bpm=190, threshold_heart_rate_bpm=172))
