"""A whole plan: weeks in phases, their sessions, and the planner's report on itself.

The report is part of the plan: which rules hold, which could not be met and why, what was left
out for lack of time and what that costs, and whether the goal is realistic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from everyrun.domain.planning.goal import Goal
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind


@dataclass(frozen=True)
class PlanWeek:
    number: int  # 1-based
    start: date  # seven days from here (the plan's weeks start on its first day)
    phase: Phase
    volume_km: float  # planned running distance
    is_lighter: bool  # a cutback week: absorb, then build again
    focus: str  # one sentence: what this week is for

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


@dataclass(frozen=True)
class RuleResult:
    rule: str  # a stable id: "volume_ramp", "acute_chronic", "rest_day", ...
    met: bool
    detail: str  # the numbers either way
    reason: str | None = None  # why it could not be met (too few days, too little time)


@dataclass(frozen=True)
class LeftOut:
    what: str  # "second quality session in weeks 3–8"
    cost: str  # what the athlete loses by it


@dataclass(frozen=True)
class Feasibility:
    realistic: bool
    current_vdot: float
    needed_vdot: float | None  # the target's VDOT, when there is a target
    reachable_vdot: float  # current plus a realistic gain over the weeks available
    message: str
    proposed_target_s: float | None = None  # a target that is realistic, when the given one is not
    volume_message: str | None = None  # when the volume the goal needs is unsafe to reach


@dataclass(frozen=True)
class Plan:
    goal: Goal
    runner: Runner
    start: date
    weeks: tuple[PlanWeek, ...]
    sessions: tuple[PlannedSession, ...]
    rules: tuple[RuleResult, ...]
    feasibility: Feasibility
    left_out: tuple[LeftOut, ...] = ()
    race_pace_mps: float | None = None  # the pace race-pace work and the race are run at
    notes: tuple[str, ...] = field(default_factory=tuple)
    last_day: date | None = None  # the plan's final day (the last week may be shorter)

    @property
    def end(self) -> date:
        if self.last_day is not None:
            return self.last_day
        return self.weeks[-1].end if self.weeks else self.start

    def week(self, number: int) -> PlanWeek:
        return self.weeks[number - 1]

    def sessions_in_week(self, number: int) -> tuple[PlannedSession, ...]:
        return tuple(s for s in self.sessions if s.week == number)

    def sessions_on(self, day: date) -> tuple[PlannedSession, ...]:
        return tuple(s for s in self.sessions if s.day == day)

    def session(self, session_id: str) -> PlannedSession | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def runs(self) -> tuple[PlannedSession, ...]:
        return tuple(s for s in self.sessions if s.kind is SessionKind.RUN)

    @property
    def unmet_rules(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if not r.met)
