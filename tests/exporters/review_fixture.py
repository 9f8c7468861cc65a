"""A week's review built by hand from the audit types, for the HTML review report's tests.

ISO week 2027-W07 (Monday 15 February). It holds one of each thing the report must show: a rest
day kept, an interval session on purpose, an easy run run too hard, a missed strength session, an
unplanned run with no purpose, a long run, mobility, a sleep target with one short night, a day
with no sleep logged, fitness, fatigue and form with a gap, one junk flag and one question.
"""

from __future__ import annotations

from datetime import date, timedelta

from everyrun.domain.audit.review_model import (
    CriterionResult,
    DailyState,
    DoneSession,
    DoneSource,
    Judgement,
    JunkFlag,
    JunkKind,
    PurposeSource,
    SessionMatch,
    WeekReview,
)
from everyrun.domain.planning.session import (
    Check,
    Phase,
    PlannedSession,
    SessionKind,
    SuccessCriterion,
    as_params,
)
from everyrun.domain.purpose import Purpose

MONDAY = date(2027, 2, 15)


def day(offset: int) -> date:
    return MONDAY + timedelta(days=offset)


def planned(
    offset: int,
    kind: SessionKind,
    purpose: Purpose,
    title: str,
    minutes: float,
    *criteria: SuccessCriterion,
) -> PlannedSession:
    return PlannedSession(
        id=f"{day(offset).isoformat()}-{kind.value}",
        day=day(offset),
        kind=kind,
        purpose=purpose,
        title=title,
        why="Why text.",
        phase=Phase.BUILD,
        week=7,
        success=criteria,
        duration_s=minutes * 60,
    )


def done(
    ref: int,
    offset: int,
    title: str,
    minutes: float,
    purpose: Purpose | None,
    kind: SessionKind = SessionKind.RUN,
    distance_m: float = 0.0,
) -> DoneSession:
    return DoneSession(
        source=DoneSource.ACTIVITY if kind is SessionKind.RUN else DoneSource.LOG,
        ref=ref,
        day=day(offset),
        kind=kind,
        purpose=purpose,
        purpose_source=PurposeSource.INFERRED,
        title=title,
        duration_s=minutes * 60,
        distance_m=distance_m,
        mean_speed_mps=distance_m / (minutes * 60) if distance_m else None,
    )


NO_RUN = SuccessCriterion(Check.NO_RUN, "No run recorded today")
REPS = SuccessCriterion(
    Check.REPS_IN_PACE_BAND,
    "At least 4 of 5 reps between 3:52 and 4:00/km",
    as_params(reps=4, slow_mps=4.17, fast_mps=4.31, rep_m=1000),
)
EASY_HR = SuccessCriterion(
    Check.EASY_BELOW_HEART_RATE,
    "90 % of the run below 150 bpm",
    as_params(heart_rate_bpm=150, share=0.9),
)
LOGGED = SuccessCriterion(Check.LOGGED, "Log 30 min of strength", as_params(minutes=30))
LONG = SuccessCriterion(Check.DURATION_AT_LEAST, "At least 90 min", as_params(seconds=5400))
MOBILITY_LOGGED = SuccessCriterion(Check.LOGGED, "Log 20 min of mobility", as_params(minutes=20))
SLEEP = SuccessCriterion(
    Check.SLEEP_AT_LEAST, "At least 8 h of sleep on 5 of 7 nights", as_params(hours=8, nights=5)
)

REST = planned(0, SessionKind.REST, Purpose.REST, "Rest day", 0, NO_RUN)
SLEEP_TARGET = planned(0, SessionKind.RECOVERY, Purpose.SLEEP, "Sleep 8 h a night", 0, SLEEP)
INTERVALS = planned(1, SessionKind.RUN, Purpose.VO2MAX_INTERVALS, "Intervals 5 × 1 km", 60, REPS)
EASY = planned(2, SessionKind.RUN, Purpose.EASY_AEROBIC, "Easy 45 min", 45, EASY_HR)
STRENGTH = planned(2, SessionKind.STRENGTH, Purpose.STRENGTH, "Single-leg strength", 30, LOGGED)
MOBILITY = planned(
    4, SessionKind.MOBILITY, Purpose.MOBILITY, "Hips and ankles", 20, MOBILITY_LOGGED
)
LONG_RUN = planned(5, SessionKind.RUN, Purpose.LONG_RUN, "Long run 90 min", 90, LONG)

INTERVALS_DONE = done(101, 1, "Track 5 × 1 km", 58, Purpose.VO2MAX_INTERVALS, distance_m=11_200)
EASY_DONE = done(102, 2, "Evening run 9.1 km", 47, Purpose.NO_CLEAR_PURPOSE, distance_m=9100)
UNPLANNED_DONE = done(103, 3, "Morning run 8.0 km", 40.7, None, distance_m=8000)
MOBILITY_DONE = done(201, 4, "Mobility 20 min", 20, Purpose.MOBILITY, SessionKind.MOBILITY)
LONG_DONE = done(104, 5, "Long run 18.2 km", 95, Purpose.LONG_RUN, distance_m=18_200)

REST_DETAIL = "no run recorded on Monday"
REPS_DETAIL = "5 of 5 reps in the band: 3:55, 3:57, 3:54, 3:58, 3:56/km"
EASY_DETAIL = "62 % of the run below 150 bpm (90 % needed); mean 156 bpm"
STRENGTH_DETAIL = "no session recorded"
MOBILITY_DETAIL = "20 min of mobility logged"
LONG_DETAIL = "95 min moving (90 min needed)"
SLEEP_DETAIL = "8 h or more on 5 of 6 logged nights; Wednesday 5.9 h"
UNPLANNED_SUMMARY = "The run: no clear purpose named, so nothing to judge it against."

MATCHES = (
    SessionMatch(
        REST,
        None,
        Judgement(1.0, "on purpose", (CriterionResult(NO_RUN, True, 1.0, REST_DETAIL),), "Rested."),
    ),
    SessionMatch(
        SLEEP_TARGET,
        None,
        Judgement(
            1.0,
            "on purpose",
            (CriterionResult(SLEEP, True, 1.0, SLEEP_DETAIL),),
            "Sleep met the target on 5 of 6 logged nights.",
        ),
    ),
    SessionMatch(
        INTERVALS,
        INTERVALS_DONE,
        Judgement(
            1.0,
            "on purpose",
            (CriterionResult(REPS, True, 1.0, REPS_DETAIL),),
            "The intervals hit the band on every rep.",
        ),
    ),
    SessionMatch(
        EASY,
        EASY_DONE,
        Judgement(
            0.3,
            "missed the purpose",
            (CriterionResult(EASY_HR, False, 0.3, EASY_DETAIL),),
            "The easy run was run too hard to stay easy.",
        ),
    ),
    SessionMatch(
        STRENGTH,
        None,
        Judgement(
            0.0,
            "not done",
            (CriterionResult(LOGGED, False, 0.0, STRENGTH_DETAIL),),
            "The strength session (Single-leg strength) was not done.",
        ),
    ),
    SessionMatch(None, UNPLANNED_DONE, Judgement(0.0, "missed the purpose", (), UNPLANNED_SUMMARY)),
    SessionMatch(
        MOBILITY,
        MOBILITY_DONE,
        Judgement(
            1.0,
            "on purpose",
            (CriterionResult(MOBILITY_LOGGED, True, 1.0, MOBILITY_DETAIL),),
            "Mobility done.",
        ),
    ),
    SessionMatch(
        LONG_RUN,
        LONG_DONE,
        Judgement(
            1.0, "on purpose", (CriterionResult(LONG, True, 1.0, LONG_DETAIL),), "Long run done."
        ),
    ),
)

JUNK = JunkFlag(
    JunkKind.EASY_TOO_HARD,
    day(2),
    "Wednesday's easy run averaged 156 bpm, 6 above your easy ceiling of 150",
    "Run it at 5:40/km or slower, so Saturday's long run starts on fresh legs",
    ref=102,
)
QUESTION = "Thursday's 8.0 km at 5:05/km: what was it for?"
SCORE_REASON = "5 of 7 sessions on purpose; one unplanned run with no purpose; strength missed"

SLEEP_H = (8.1, 8.0, 5.9, 8.4, None, 8.6, 8.2)  # Wednesday night short, Friday not logged
FITNESS = (50.0, 50.8, 51.5, 52.1, 51.9, 53.0, 52.7)
FATIGUE = (55.0, 62.0, 64.5, 66.0, None, 70.2, 63.1)  # Friday's value missing: a gap
FORM = (-3.0, -5.0, -11.2, -13.0, -13.9, None, -17.2)
READINESS = ("go", "go", "easy", "rest", None, "go", "easy")
PLANNED_MINUTES = (0.0, 60.0, 75.0, 0.0, 20.0, 90.0, 0.0)
DONE_MINUTES = (0.0, 58.0, 47.0, 40.7, 20.0, 95.0, 0.0)
LOADS = (0.0, 95.0, 60.0, 52.0, 5.0, 110.0, 0.0)

DAYS = tuple(
    DailyState(
        day(i),
        PLANNED_MINUTES[i],
        DONE_MINUTES[i],
        LOADS[i],
        FITNESS[i],
        FATIGUE[i],
        FORM[i],
        SLEEP_H[i],
        READINESS[i],
    )
    for i in range(7)
)

REVIEW = WeekReview(
    iso_week="2027-W07",
    first=MONDAY,
    last=day(6),
    matches=MATCHES,
    junk=(JUNK,),
    questions=(QUESTION,),
    score=64.0,
    score_reason=SCORE_REASON,
    easy_share=0.68,
    easy_share_target=(0.75, 0.85),
    strength_done=0,
    strength_planned=1,
    mobility_days=1,
    mobility_planned=2,
    days=DAYS,
    notes=("Sunday was not yet due when the review was written.",),
)

EMPTY_REVIEW = WeekReview(
    iso_week="2027-W08",
    first=day(7),
    last=day(13),
    matches=(),
    junk=(),
    questions=(),
    score=0.0,
    score_reason="No sessions planned or done.",
    easy_share=None,
    easy_share_target=(0.75, 0.85),
    strength_done=0,
    strength_planned=0,
    mobility_days=0,
    mobility_planned=0,
    days=(),
)
