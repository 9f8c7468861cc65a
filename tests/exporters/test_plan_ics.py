"""The plan as an iCalendar file, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar, Event

from everyrun.domain.errors import ConfigurationError
from everyrun.exporters.plan_ics import plan_to_ics
from tests.exporters.plan_fixture import INTERVALS, SESSIONS, SLEEP, STRENGTH, fixture_plan

STAMP = datetime(2026, 12, 20, 18, 30, tzinfo=UTC)


def events(data: bytes) -> dict[str, Event]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture(scope="module")
def calendar_events() -> dict[str, Event]:
    return events(plan_to_ics(fixture_plan(), time_zone="Europe/Berlin", stamp=STAMP))


def test_every_session_is_an_all_day_event_on_its_day(calendar_events: dict[str, Event]) -> None:
    assert len(calendar_events) == len(SESSIONS)
    for session in SESSIONS:
        event = calendar_events[f"2027-01-04-{session.id}@everyrun"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date  # a DATE, not a DATE-TIME: all day
        assert (start, end) == (session.day, session.day + timedelta(days=1))
        assert event.decoded("DTSTAMP") == STAMP


def test_each_event_carries_purpose_why_and_success(calendar_events: dict[str, Event]) -> None:
    for session in SESSIONS:
        event = calendar_events[f"2027-01-04-{session.id}@everyrun"]
        description = str(event["DESCRIPTION"])
        assert f"Purpose: {session.purpose.label}" in description
        assert f"Why: {session.why}" in description  # commas and a pipe come back as written
        for criterion in session.success:
            assert f"Success: {criterion.text}" in description
        assert session.title in str(event["SUMMARY"])
        assert event.categories == [session.purpose.label]


def test_description_holds_the_prescription(calendar_events: dict[str, Event]) -> None:
    intervals = str(calendar_events[f"2027-01-04-{INTERVALS.id}@everyrun"]["DESCRIPTION"])
    assert "- 5 ×\n  - Work 1 km interval: 3:52–4:00/km · RPE 7–8\n" in intervals
    assert "Recover 2:00 recovery: 110–135 bpm" in intervals
    strength = str(calendar_events[f"2027-01-04-{STRENGTH.id}@everyrun"]["DESCRIPTION"])
    assert (
        "Single-leg calf raise: 3 × 12 each side, +10 % body mass — left calf raises 18 vs right 25"
        in strength
    )
    assert "Side plank: 2 × 40 s hold, bodyweight — pelvis control" in strength
    sleep = str(calendar_events[f"2027-01-04-{SLEEP.id}@everyrun"]["DESCRIPTION"])
    assert "- Lights out by 22:30" in sleep


def test_summary_names_kind_and_title(calendar_events: dict[str, Event]) -> None:
    event = calendar_events[f"2027-01-04-{STRENGTH.id}@everyrun"]
    assert str(event["SUMMARY"]) == "Strength: Single-leg strength (build)"


def test_text_is_escaped_in_the_file() -> None:
    data = plan_to_ics(fixture_plan(), time_zone="Europe/Berlin", stamp=STAMP)
    unfolded = data.replace(b"\r\n ", b"")
    assert b"Why: Raises VO2max\\, the ceiling" in unfolded
    assert b"PRODID:-//everyrun//" in data
    assert b"X-WR-TIMEZONE:Europe/Berlin" in data


def test_uids_are_stable_across_exports_so_an_update_replaces_events() -> None:
    first = events(plan_to_ics(fixture_plan(), time_zone="Europe/Berlin", stamp=STAMP))
    later = STAMP + timedelta(days=3)
    second = events(plan_to_ics(fixture_plan(), time_zone="Europe/Berlin", stamp=later))
    assert first.keys() == second.keys()


def test_an_unknown_time_zone_is_refused_with_a_hint() -> None:
    with pytest.raises(ConfigurationError, match="Europe/Berlin"):
        plan_to_ics(fixture_plan(), time_zone="Mars/Olympus")
