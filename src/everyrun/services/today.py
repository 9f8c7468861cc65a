"""The morning question: what is planned today, what for, and is the body ready for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from everyrun.domain.days import checked_day
from everyrun.domain.errors import NotFoundError
from everyrun.domain.planning.session import PlannedSession
from everyrun.domain.readiness import Readiness
from everyrun.domain.wellness import WellnessEntry
from everyrun.services import planning
from everyrun.services.logs import wellness_on
from everyrun.services.readiness import readiness_on
from everyrun.services.review import ReviewStore


@dataclass(frozen=True)
class TodayView:
    day: date
    sessions: tuple[PlannedSession, ...]  # empty: no active plan covers the day
    has_plan: bool
    readiness: Readiness
    wellness: WellnessEntry


def today_view(
    store: ReviewStore, athlete_id: int, day: date, today: date | None = None
) -> TodayView:
    checked_day(day, today or day)
    try:
        sessions, has_plan = planning.sessions_on(store, athlete_id, day), True
    except NotFoundError:
        sessions, has_plan = (), False
    return TodayView(
        day=day,
        sessions=sessions,
        has_plan=has_plan,
        readiness=readiness_on(store, athlete_id, day),
        wellness=wellness_on(store, athlete_id, day),
    )
