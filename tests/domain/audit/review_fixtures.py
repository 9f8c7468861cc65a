"""Hand-built planned and done sessions for the junk and weekly review tests."""

from __future__ import annotations

from datetime import date, timedelta

from everyrun.domain.audit.compliance import judge
from everyrun.domain.audit.review_model import (
    DoneSession,
    DoneSource,
    Evidence,
    PurposeSource,
    SessionMatch,
)
from everyrun.domain.planning.session import (
    Check,
    Phase,
    PlannedSession,
    SessionKind,
    SuccessCriterion,
)
from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import DayHistory
from everyrun.domain.science.vdot import training_paces
from everyrun.domain.wellness import WellnessEntry

MONDAY = date(2027, 2, 15)  # 2027-W07
SUNDAY = MONDAY + timedelta(days=6)
PACES = training_paces(45)
CEILING = 146.0


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def planned(
    offset: int,
    kind: SessionKind = SessionKind.RUN,
    purpose: Purpose = Purpose.EASY_AEROBIC,
    *,
    title: str = "Easy 8 km",
    success: tuple[SuccessCriterion, ...] = (),
    is_key: bool = False,
    minutes: float = 45.0,
) -> PlannedSession:
    if not success and kind is SessionKind.RUN and purpose is Purpose.EASY_AEROBIC:
        success = (
            SuccessCriterion(
                Check.EASY_BELOW_HEART_RATE,
                "below 146 bpm",
                {"heart_rate_bpm": CEILING, "share": 0.9},
            ),
        )
    if not success and kind in (SessionKind.STRENGTH, SessionKind.MOBILITY):
        success = (SuccessCriterion(Check.LOGGED, "logged", {"minutes": minutes}),)
    if not success and kind is SessionKind.REST:
        success = (SuccessCriterion(Check.NO_RUN, "no run"),)
    return PlannedSession(
        id=f"{day(offset)}-{kind.value}",
        day=day(offset),
        kind=kind,
        purpose=purpose,
        title=title,
        why="",
        phase=Phase.BUILD,
        week=1,
        success=success,
        duration_s=minutes * 60,
        distance_m=8000.0 if kind is SessionKind.RUN else 0.0,
        is_key=is_key,
    )


def threshold(offset: int) -> PlannedSession:
    reps = SuccessCriterion(
        Check.REPS_IN_PACE_BAND,
        "3 × 8 min at threshold",
        {
            "reps": 3.0,
            "rep_s": 480.0,
            "slow_mps": PACES.threshold_mps * 0.99,
            "fast_mps": PACES.threshold_mps * 1.01,
            "share": 0.8,
        },
    )
    return planned(
        offset,
        purpose=Purpose.TEMPO_THRESHOLD,
        title="Threshold 3 × 8 min",
        success=(reps,),
        is_key=True,
        minutes=55,
    )


def run(
    offset: int,
    purpose: Purpose | None = Purpose.EASY_AEROBIC,
    *,
    ref: int = 1,
    km: float = 8.0,
    minutes: float = 45.0,
    source: PurposeSource = PurposeSource.INFERRED,
    evidence: Evidence | None = None,
) -> DoneSession:
    return DoneSession(
        source=DoneSource.ACTIVITY,
        ref=ref,
        day=day(offset),
        kind=SessionKind.RUN,
        purpose=purpose,
        purpose_source=source,
        title=f"Run {km:.1f} km",
        duration_s=minutes * 60,
        distance_m=km * 1000,
        mean_speed_mps=km * 1000 / (minutes * 60),
        evidence=evidence,
    )


def log(offset: int, kind: SessionKind, *, ref: int = 100, minutes: float = 30.0) -> DoneSession:
    return DoneSession(
        source=DoneSource.LOG,
        ref=ref,
        day=day(offset),
        kind=kind,
        purpose=Purpose(kind.value),
        purpose_source=PurposeSource.INFERRED,
        title=f"{kind.value.capitalize()} {minutes:.0f} min",
        duration_s=minutes * 60,
    )


def easy_evidence(share_below: float) -> Evidence:
    return Evidence(
        duration_s=2700.0,
        distance_m=8000.0,
        easy_share_below_ceiling={CEILING: share_below},
        heart_rate_known=True,
        speed_known=True,
    )


def matched(plan: PlannedSession | None, done: DoneSession | None) -> SessionMatch:
    return SessionMatch(plan, done, judge(plan, done) if plan is not None else None)


def history(
    days: int, *, last: date = SUNDAY, rested: bool = True, **wellness: object
) -> list[DayHistory]:
    """`days` days ending on `last`, each with the same wellness values."""
    found = []
    for back in range(days - 1, -1, -1):
        current = last - timedelta(days=back)
        entry = WellnessEntry(current, **wellness) if wellness else None  # type: ignore[arg-type]
        found.append(DayHistory(current, 0.0, hard=False, rested=rested, wellness=entry))
    return found
