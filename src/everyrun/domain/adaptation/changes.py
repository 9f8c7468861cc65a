"""The vocabulary of adaptation: one `Change` per session moved, swapped, dropped or re-paced,
and the `Adaptation` that carries the new plan with every change that made it.

A change is what the runner reads to trust the new plan: the rule that fired, a sentence with
the numbers behind it, and the session before and after (either may be absent: a dropped
session has no after, a plan-wide change such as new paces has neither). Beside what the runner
reads, each change carries its exact edit — the sessions it takes out and puts in, or the new
VDOT it re-paces at — so that one change can be accepted without the others (`apply`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.session import PlannedSession


class Rule(StrEnum):
    """Why the plan changed: each adaptation rule has a stable id."""

    MISSED_KEY_SESSION = "missed_key_session"  # a key session not done: moved or dropped
    READINESS = "readiness"  # today's verdict is caution or rest: quality swapped, then moved
    ILLNESS = "illness"  # sick days: training paused, then a graded return
    NEW_FITNESS = "new_fitness"  # a race or workout shows a new VDOT: paces from that day
    NIGGLE = "niggle"  # a current niggle: strength and mobility around it, less impact
    LOAD = "load"  # the coming week's forecast A:C passes 1.3: its easy runs are shortened
    LOST_TIME = "lost_time"  # a lost week or two: the rest rebuilt, phases re-sized, goal judged


class ChangeStatus(StrEnum):
    """Where a suggested change stands with the athlete."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Change:
    rule: Rule
    day: date  # the day the change takes effect
    sentence: str  # "Moved Thursday's threshold run to Saturday: readiness is 'rest' today (…)"
    before: PlannedSession | None
    after: PlannedSession | None
    # The edit itself: sessions taken out of the plan (exactly as they stood) and put in; a
    # re-pacing change has neither and names its VDOT instead.
    removed: tuple[PlannedSession, ...] = ()
    added: tuple[PlannedSession, ...] = ()
    new_vdot: float | None = None


@dataclass(frozen=True)
class Adaptation:
    plan: Plan
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)
