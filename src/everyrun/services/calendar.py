"""The calendar: weeks of plan against done, each day's sessions marked as the review judges them.

The judging is the weekly review's own (`services.review.review`, so matching, compliance and
junk are the audit's and the calendar never says otherwise); it runs only for weeks that have
started, and the caller may pass a cached one. Weeks still ahead show the plan's sessions from
the day-indexed session rows, so the whole plan is never decoded for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from everyrun.domain.audit.review_model import DoneSession, DoneSource, JunkFlag, WeekReview
from everyrun.domain.audit.weekly_review import iso_week
from everyrun.domain.days import checked_day
from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.session import PlannedSession, SessionKind
from everyrun.services.review import ReviewStore, review

DEFAULT_WEEKS_BACK = 2
DEFAULT_WEEKS = 6  # two weeks back, this week, three ahead
MAX_WEEKS = 26

WeekReviewer = Callable[[date], WeekReview]  # the review of the week starting on a Monday


class CalendarInputError(EveryrunError):
    """A range the calendar cannot show; the hint says what it can."""


class Status(StrEnum):
    """How a session stands against the plan, in the review's words."""

    DONE = "done"  # done as planned: on purpose
    PARTLY = "partly"  # partly on purpose
    OFF = "off"  # done, but missed its purpose
    MISSED = "missed"  # planned, due, not done
    DUE = "due"  # planned, not yet due
    UNPLANNED = "unplanned"  # done without a planned session
    NOT_JUDGED = "not_judged"  # done, nothing to judge it against


_VERDICTS = {
    "on purpose": Status.DONE,
    "partly on purpose": Status.PARTLY,
    "missed the purpose": Status.OFF,
    "not done": Status.MISSED,
    "not yet due": Status.DUE,
}


@dataclass(frozen=True)
class PlannedEntry:
    session: PlannedSession
    status: Status
    verdict: str | None  # the review's verdict sentence head ("partly on purpose")
    summary: str | None  # the review's one sentence with numbers
    done: DoneSession | None  # what carried it out (maybe on the day before or after)


@dataclass(frozen=True)
class DoneEntry:
    done: DoneSession
    status: Status
    verdict: str | None
    planned_id: str | None  # the planned session it carried out
    planned_title: str | None
    junk: tuple[JunkFlag, ...]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    planned: tuple[PlannedEntry, ...]
    done: tuple[DoneEntry, ...]
    junk: tuple[JunkFlag, ...]  # the day's flags about no one session (no rest day, sleep debt)
    is_today: bool


@dataclass(frozen=True)
class CalendarWeek:
    first: date
    iso_week: str
    days: tuple[CalendarDay, ...]
    plan_week: int | None  # the plan's week number, when the plan covers it
    score: float | None  # the review's "every session counts" score; None when not reviewed
    reviewed: bool


@dataclass(frozen=True)
class CalendarView:
    first: date
    weeks: tuple[CalendarWeek, ...]
    today: date
    has_plan: bool

    @property
    def last(self) -> date:
        return self.first + timedelta(days=7 * len(self.weeks) - 1)


def calendar_range(first: date | None, weeks: int | None, today: date) -> tuple[date, int]:
    """The Monday to start on and how many weeks: by default two back to three ahead."""
    count = DEFAULT_WEEKS if weeks is None else weeks
    if not 1 <= count <= MAX_WEEKS:
        raise CalendarInputError(
            f"{count} weeks cannot be shown", f"ask for 1 to {MAX_WEEKS} weeks"
        )
    start = first or today - timedelta(weeks=DEFAULT_WEEKS_BACK)
    checked_day(start, today, "from")
    return start - timedelta(days=start.weekday()), count


def calendar_view(
    store: ReviewStore,
    athlete_id: int,
    *,
    first: date,
    weeks: int,
    today: date,
    reviewer: WeekReviewer | None = None,
) -> CalendarView:
    """`weeks` weeks from the Monday `first`; `reviewer` gives a started week's review (default:
    `review()` from the store)."""
    last = first + timedelta(days=7 * weeks - 1)
    planned = [
        s
        for s in store.planned_sessions_between(athlete_id, first, last)
        if s.kind is not SessionKind.RECOVERY  # advice, not sessions: the review skips them too
    ]
    has_plan = bool(planned) or store.active_plan(athlete_id) is not None
    judge = reviewer or (
        lambda monday: review(store, athlete_id, week=iso_week(monday), today=today)
    )
    shown = []
    for n in range(weeks):
        monday = first + timedelta(weeks=n)
        week_planned = [s for s in planned if monday <= s.day <= monday + timedelta(days=6)]
        started = monday <= today
        shown.append(_week(monday, week_planned, judge(monday) if started else None, today))
    return CalendarView(first, tuple(shown), today, has_plan)


def _week(
    monday: date, planned: Sequence[PlannedSession], reviewed: WeekReview | None, today: date
) -> CalendarWeek:
    entries: dict[str, PlannedEntry] = {
        s.id: PlannedEntry(s, Status.DUE, None, None, None) for s in planned
    }
    done: list[DoneEntry] = []
    junk = reviewed.junk if reviewed is not None else ()
    for match in reviewed.matches if reviewed is not None else ():
        judgement = match.judgement
        verdict = judgement.verdict if judgement is not None else None
        status = _VERDICTS.get(verdict or "", Status.NOT_JUDGED)
        if status is Status.MISSED and match.planned is not None and match.planned.day >= today:
            status = Status.DUE  # today is not over: not done yet is not missed
        if match.planned is not None:
            entries[match.planned.id] = PlannedEntry(
                match.planned,
                status,
                verdict,
                judgement.summary if judgement is not None else None,
                match.done,
            )
        if match.done is not None:
            if match.planned is None:
                status = Status.UNPLANNED if judgement is None else status
            done.append(
                DoneEntry(
                    match.done,
                    status,
                    verdict,
                    match.planned.id if match.planned is not None else None,
                    match.planned.title if match.planned is not None else None,
                    tuple(f for f in junk if _about(f, match.done)),
                )
            )
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        day_done = tuple(d for d in done if d.done.day == day)
        days.append(
            CalendarDay(
                day,
                tuple(e for e in entries.values() if e.session.day == day),
                day_done,
                tuple(f for f in junk if f.day == day and not any(_about(f, d.done) for d in done)),
                day == today,
            )
        )
    return CalendarWeek(
        monday,
        iso_week(monday),
        tuple(days),
        planned[0].week if planned else None,
        reviewed.score if reviewed is not None else None,
        reviewed is not None,
    )


def _about(flag: JunkFlag, done: DoneSession) -> bool:
    """A junk flag's `ref` names an activity (or a log for strength done at random)."""
    if flag.ref is None or flag.ref != done.ref or flag.day != done.day:
        return False
    return done.source is DoneSource.ACTIVITY or done.kind is SessionKind.STRENGTH
