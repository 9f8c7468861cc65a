"""A plan as an iCalendar file: one all-day event per session, with its purpose and why.

Each event's UID is the plan's start plus the session id, so importing an updated plan into the
same calendar replaces the sessions instead of doubling them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from everyrun.domain.errors import ConfigurationError
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.session import PlannedSession
from everyrun.exporters.plan_text import KIND_LABELS, prescription_lines, session_totals

PRODID = "-//everyrun//training plan//EN"


def plan_to_ics(plan: Plan, *, time_zone: str, stamp: datetime | None = None) -> bytes:
    """All-day events need no zone, but calendars file the feed under `time_zone`
    (X-WR-TIMEZONE). `stamp` (default: now) is the DTSTAMP every event carries."""
    _check_zone(time_zone)
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"everyrun: {plan.goal.label}")
    calendar.add("x-wr-timezone", time_zone)
    for session in sorted(plan.sessions, key=lambda s: (s.day, s.id)):
        calendar.add_component(_event(plan, session, stamp))
    return bytes(calendar.to_ical())


def session_uid(plan: Plan, session: PlannedSession) -> str:
    """Stable across exports of the same plan; a new plan (another start) gets new events."""
    return f"{plan.start.isoformat()}-{session.id}@everyrun"


def _event(plan: Plan, session: PlannedSession, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", session_uid(plan, session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.day)
    event.add("dtend", session.day + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", f"{KIND_LABELS[session.kind]}: {session.title}")
    event.add("description", describe(session))
    event.add("categories", [session.purpose.label])
    event.add("transp", "TRANSPARENT")  # training does not make you busy for other invitations
    return event


def describe(session: PlannedSession) -> str:
    """The event's text: purpose, why, prescription, and how the audit will judge it."""
    lines = [
        f"Purpose: {session.purpose.label}",
        f"Why: {session.why}",
        f"Phase: {session.phase.value}, week {session.week}" + (" (key session)" * session.is_key),
    ]
    totals = session_totals(session)
    if totals:
        lines.append(f"Planned: {totals}")
    prescription = prescription_lines(session)
    if prescription:
        lines.extend(["", "Prescription:"])
        lines.extend(f"{'  ' * level}- {text}" for level, text in prescription)
    if session.success:
        lines.append("")
        lines.extend(f"Success: {criterion.text}" for criterion in session.success)
    return "\n".join(lines)


def _check_zone(time_zone: str) -> None:
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(
            f"unknown time zone {time_zone!r}", "give an IANA name such as Europe/Berlin"
        ) from None
