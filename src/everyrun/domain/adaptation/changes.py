"""The vocabulary of adaptation: one `Change` per session moved, swapped, dropped or re-paced,
and the `Adaptation` that carries the new plan with every change that made it.

A change is what the runner reads to trust the new plan: the rule that fired, a sentence with
the numbers behind it, and the session before and after (either may be absent: a dropped
session has no after, a plan-wide change such as new paces has neither).
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


@dataclass(frozen=True)
class Change:
    rule: Rule
    day: date  # the day the change takes effect
    sentence: str  # "Moved Thursday's threshold run to Saturday: readiness is 'rest' today (…)"
    before: PlannedSession | None
    after: PlannedSession | None


@dataclass(frozen=True)
class Adaptation:
    plan: Plan
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)
