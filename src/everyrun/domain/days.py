"""The days a question may be about: from 2000 (before that no GPS watch recorded anything
everyrun reads) to a few years ahead (the longest plan). Asking about year 7626 is a typo, and
answering it would mean computing millions of days of load."""

from __future__ import annotations

from datetime import date, timedelta

from everyrun.domain.errors import EveryrunError

FIRST_DAY = date(2000, 1, 1)
DAYS_AHEAD = 3 * 366


class DayOutOfRange(EveryrunError):
    pass


def checked_day(day: date, today: date, what: str = "date") -> date:
    last = today + timedelta(days=DAYS_AHEAD)
    if not FIRST_DAY <= day <= last:
        raise DayOutOfRange(
            f"{what} {day.isoformat()} is out of range",
            f"give a day from {FIRST_DAY.isoformat()} to {last.isoformat()}",
        )
    return day
