"""What the junk flags say about a week: its days, its sessions, the next key session, and
the words shared with the review ("Tuesday's 8.0 km at 5:05/km")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from everyrun.domain.audit.review_model import DoneSession
from everyrun.domain.planning.session import PlannedSession, SessionKind
from everyrun.domain.purpose import HARD_PURPOSES, Purpose
from everyrun.domain.readiness import Readiness
from everyrun.domain.science.vdot import TrainingPaces
from everyrun.domain.units import format_pace

EASY_PURPOSES = frozenset({Purpose.RECOVERY, Purpose.EASY_AEROBIC, Purpose.LONG_RUN})
# Sessions run for a pace: the hard purposes and the short fast work.
QUALITY_PURPOSES = HARD_PURPOSES | {Purpose.VO2MAX_INTERVALS, Purpose.SPEED}


@dataclass(frozen=True)
class JunkWeek:
    first: date
    last: date
    today: date
    planned: tuple[PlannedSession, ...]
    paces: TrainingPaces | None
    readiness: Mapping[date, Readiness]


def day_name(day: date) -> str:
    return f"{day:%A}"


def describe(done: DoneSession) -> str:
    """ "Tuesday's 8.0 km at 5:05/km", "Saturday's 30 min strength"."""
    if done.kind is SessionKind.RUN and done.distance_m > 0:
        speed = done.mean_speed_mps or (done.distance_m / done.duration_s if done.duration_s else 0)
        pace = f" at {format_pace(speed)}" if speed > 0 else ""
        return f"{day_name(done.day)}'s {done.distance_m / 1000:.1f} km{pace}"
    if done.kind in (SessionKind.STRENGTH, SessionKind.MOBILITY):
        return f"{day_name(done.day)}'s {done.duration_s / 60:.0f} min {done.kind.value}"
    return f"{day_name(done.day)}'s {done.title}"


def next_key_session(planned: Sequence[PlannedSession], after: date) -> PlannedSession | None:
    """The first session after `after` that the week is built around (quality, long run, race)."""
    later = [p for p in planned if p.day > after and p.is_hard]
    return min(later, key=lambda p: p.day, default=None)


def key_phrase(week: JunkWeek, after: date) -> str:
    key = next_key_session(week.planned, after)
    if key is None:
        return "the next hard session"
    return f"{day_name(key.day)}'s {key.title[0].lower()}{key.title[1:]}"


def recovery_pace(week: JunkWeek) -> str:
    if week.paces is None:
        return "at an effort you could chat at"
    return f"slower than {format_pace(week.paces.easy_slow_mps)}"
