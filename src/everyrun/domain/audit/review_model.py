"""The audit's vocabulary: a done session, its match to the plan, the judgement by purpose, the
junk flags, and the week's review that gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from everyrun.domain.planning.session import PlannedSession, SessionKind, SuccessCriterion
from everyrun.domain.purpose import Purpose


class DoneSource(StrEnum):
    ACTIVITY = "activity"  # an imported recording
    LOG = "log"  # a manual strength, mobility or workout log


class PurposeSource(StrEnum):
    INFERRED = "inferred"  # the activity analysis read it from the file
    ATHLETE = "athlete"  # given after the fact with `everyrun why`
    PLANNED = "planned"  # a manual log linked to its planned session


@dataclass(frozen=True)
class RepEvidence:
    """One detected rep: how long, how far, how fast."""

    duration_s: float
    distance_m: float
    speed_mps: float
    heart_rate_bpm: float | None = None


@dataclass(frozen=True)
class Evidence:
    """What the recorded file shows, reduced to what the success criteria can check."""

    duration_s: float  # moving time
    distance_m: float
    easy_share_below_ceiling: dict[float, float] = field(default_factory=dict)  # bpm → share
    easy_share_slower_than: dict[float, float] = field(default_factory=dict)  # m/s → share
    reps: tuple[RepEvidence, ...] = ()  # work reps detected (laps or streams)
    strides: int = 0  # short fast efforts (≤ 40 s) detected
    final_block_speed_mps: float | None = None  # mean speed of the last `final_block_m`
    final_block_m: float | None = None
    heart_rate_known: bool = False
    speed_known: bool = False


@dataclass(frozen=True)
class DoneSession:
    source: DoneSource
    ref: int  # activity id or manual-log id
    day: date
    kind: SessionKind  # run, strength, mobility, cross
    purpose: Purpose | None
    purpose_source: PurposeSource
    title: str  # "Morning run 8.2 km", "Strength 40 min"
    duration_s: float
    distance_m: float = 0.0
    load: float | None = None  # load points
    mean_speed_mps: float | None = None
    evidence: Evidence | None = None  # activities only


@dataclass(frozen=True)
class CriterionResult:
    criterion: SuccessCriterion
    met: bool | None  # None: the file cannot tell (no heart rate, no laps)
    score: float  # 0–1, partial credit
    detail: str  # the numbers


@dataclass(frozen=True)
class Judgement:
    score: float  # 0–1 over the criteria that could be judged
    verdict: str  # "on purpose", "partly on purpose", "missed the purpose", "not done"
    results: tuple[CriterionResult, ...]
    summary: str  # one sentence with numbers


@dataclass(frozen=True)
class SessionMatch:
    planned: PlannedSession | None  # None: unplanned
    done: DoneSession | None  # None: missed (or not yet due)
    judgement: Judgement | None


class JunkKind(StrEnum):
    GREY_ZONE = "grey_zone"
    EASY_TOO_HARD = "easy_too_hard"
    HARD_TOO_EASY = "hard_too_easy"
    UNNEEDED_RUN = "unneeded_run"  # unplanned, and the week did not need its purpose
    RUN_ON_REST_DAY = "run_on_rest_day"  # including a "rest" readiness day
    RANDOM_STRENGTH = "random_strength"
    SPORADIC_MOBILITY = "sporadic_mobility"
    SLEEP_DEBT = "sleep_debt"
    NO_REST_DAY = "no_rest_day"
    NIGGLE_IGNORED = "niggle_ignored"


@dataclass(frozen=True)
class JunkFlag:
    kind: JunkKind
    day: date
    reason: str  # with numbers
    suggestion: str  # what to do instead, tied to the week's purpose
    ref: int | None = None  # the done session it is about, when there is one


@dataclass(frozen=True)
class DailyState:
    """The numbers behind the review's charts, one per day."""

    day: date
    planned_minutes: float
    done_minutes: float
    load: float
    fitness: float | None
    fatigue: float | None
    form: float | None
    sleep_h: float | None
    readiness: str | None  # "go", "easy", "rest", or None when unknown


@dataclass(frozen=True)
class WeekReview:
    iso_week: str  # "2027-W07"
    first: date
    last: date
    matches: tuple[SessionMatch, ...]
    junk: tuple[JunkFlag, ...]
    questions: tuple[str, ...]  # "Tuesday's 8 km at 5:05/km: what was it for?"
    score: float | None  # "every session counts", 0–100; None when nothing was due yet
    score_reason: str
    easy_share: float | None  # share of running time easy, done
    easy_share_target: tuple[float, float]
    strength_done: int
    strength_planned: int
    mobility_days: int
    mobility_planned: int
    days: tuple[DailyState, ...]
    notes: tuple[str, ...] = ()
