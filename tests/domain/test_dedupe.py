"""The same session recorded twice is recognised; different sessions are not merged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from everyrun.domain.dedupe import find_same_session, is_same_session

START = datetime(2025, 5, 1, 7, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Span:
    sport: str
    start_utc: datetime
    elapsed_s: float


def test_a_fit_and_a_gpx_of_one_run_are_the_same_session() -> None:
    watch = Span("running", START, 4989)
    export = Span("running", START + timedelta(seconds=2), 4987)
    assert is_same_session(watch, export)


def test_a_watch_and_a_bike_computer_over_the_same_hour_are_one_ride() -> None:
    watch = Span("cycling", START, 3600)
    bike_computer = Span("cycling", START + timedelta(minutes=4), 3500)
    assert is_same_session(watch, bike_computer)


def test_back_to_back_sessions_are_kept_apart() -> None:
    morning = Span("running", START, 3600)
    later = Span("running", START + timedelta(minutes=45), 3600)  # 15 min overlap of 60
    assert not is_same_session(morning, later)


def test_a_run_and_a_ride_at_the_same_time_are_different_sessions() -> None:
    assert not is_same_session(Span("running", START, 3600), Span("cycling", START, 3600))


def test_a_generic_recording_matches_any_sport() -> None:
    assert is_same_session(Span("generic", START, 3600), Span("running", START, 3600))


def test_short_recordings_match_only_on_start_time() -> None:
    hrv_check = Span("running", START, 57)
    assert is_same_session(hrv_check, Span("running", START + timedelta(seconds=30), 57))
    assert not is_same_session(hrv_check, Span("running", START + timedelta(minutes=5), 57))


def test_the_closest_stored_twin_is_chosen() -> None:
    stored = [Span("running", START + timedelta(seconds=90), 3600), Span("running", START, 3600)]
    assert find_same_session(Span("running", START, 3600), stored) is stored[1]
    assert find_same_session(Span("running", START + timedelta(days=1), 3600), stored) is None


@given(
    st.integers(min_value=60, max_value=20000),
    st.integers(min_value=60, max_value=20000),
    st.integers(min_value=-30000, max_value=30000),
)
def test_being_the_same_session_is_symmetric(a_s: int, b_s: int, shift_s: int) -> None:
    a = Span("running", START, a_s)
    b = Span("running", START + timedelta(seconds=shift_s), b_s)
    assert is_same_session(a, b) == is_same_session(b, a)
    if shift_s >= a_s or -shift_s >= b_s:  # no overlap at all
        assert not is_same_session(a, b)
