"""Sensible success criteria for a purpose the athlete named after the fact (`everyrun why`).

An unplanned run has no prescription to check, so its purpose stands in for one: a recovery
run should be slower than easy and short, an easy run below the easy ceiling, a threshold run
should hold a sustained block, intervals at least three reps. The athlete's paces and ceiling
set the numbers when known; without them only what needs no threshold is checked.
"""

from __future__ import annotations

from everyrun.domain.planning.run_sessions import EASY_SHARE_BELOW_CEILING as EASY_SHARE
from everyrun.domain.planning.run_targets import RunTargets
from everyrun.domain.planning.session import Check, SessionKind, SuccessCriterion
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.vdot import TrainingPaces
from everyrun.domain.units import format_duration, format_pace

RECOVERY_MAX_S = 45 * 60.0  # a recovery run longer than this is an easy run (Daniels, Pfitzinger)
LONG_RUN_MIN_S = 75 * 60.0  # the analysis calls a run long from 75 minutes
TEMPO_MIN_S = 10 * 60.0  # a threshold block is at least 10 minutes (workout_patterns)
VO2MAX_REP_S = (120.0, 360.0)  # 2–6 min reps (the Purpose's own definition)
SPEED_REP_S = (10.0, 90.0)  # strides to 400s
FARTLEK_SURGE_S = (30.0, 600.0)  # surges of 30 s to 10 min
RACE_PACE_REP_S = 5 * 60.0
UNBOUNDED_MPS = 100.0  # "any pace": no runner reaches it
NO_LONGEST = 100.0  # a block may run as long as the runner likes (finite: params go to JSON)


def purpose_criteria(
    purpose: Purpose,
    targets: RunTargets | TrainingPaces | None = None,
    *,
    kind: SessionKind = SessionKind.RUN,
) -> tuple[SuccessCriterion, ...]:
    """Sensible criteria for a purpose, with the athlete's paces and ceiling when known."""
    paces = targets.paces if isinstance(targets, RunTargets) else targets
    ceiling = targets.easy_ceiling_bpm if isinstance(targets, RunTargets) else None
    race_pace = targets.race_pace_mps if isinstance(targets, RunTargets) else None
    if purpose in (Purpose.STRENGTH, Purpose.MOBILITY) or kind in (
        SessionKind.STRENGTH,
        SessionKind.MOBILITY,
    ):
        return (SuccessCriterion(Check.LOGGED, f"{purpose.label} logged", {"minutes": 20.0}),)
    if purpose is Purpose.RECOVERY:
        most = SuccessCriterion(
            Check.DURATION_AT_MOST,
            f"no longer than {format_duration(RECOVERY_MAX_S)}",
            {"seconds": RECOVERY_MAX_S},
        )
        if paces is None:
            return (most, *_easy(None, ceiling))
        slower = SuccessCriterion(
            Check.EASY_SLOWER_THAN,
            f"slower than easy pace ({format_pace(paces.easy_slow_mps)}) all the way",
            {"fast_mps": paces.easy_slow_mps, "share": EASY_SHARE},
        )
        return (slower, most)
    if purpose is Purpose.EASY_AEROBIC:
        return _easy(paces, ceiling)
    if purpose is Purpose.LONG_RUN:
        long = SuccessCriterion(
            Check.DURATION_AT_LEAST,
            f"at least {format_duration(LONG_RUN_MIN_S)}",
            {"seconds": LONG_RUN_MIN_S},
        )
        return (long, *_easy(paces, ceiling))
    reps = _default_reps(purpose, paces, race_pace)
    if reps is not None:
        return (reps,)
    if purpose in (Purpose.PROGRESSION, Purpose.MENTAL_TOUGHNESS, Purpose.CROSS_TRAINING):
        return (SuccessCriterion(Check.DURATION_AT_LEAST, "at least 30:00", {"seconds": 1800.0}),)
    return ()


def _easy(paces: TrainingPaces | None, ceiling: float | None) -> tuple[SuccessCriterion, ...]:
    if ceiling is not None:
        return (
            SuccessCriterion(
                Check.EASY_BELOW_HEART_RATE,
                f"below {ceiling:.0f} bpm for at least 90 % of the time",
                {"heart_rate_bpm": ceiling, "share": EASY_SHARE},
            ),
        )
    if paces is not None:
        return (
            SuccessCriterion(
                Check.EASY_SLOWER_THAN,
                f"no faster than {format_pace(paces.easy_fast_mps)}",
                {"fast_mps": paces.easy_fast_mps, "share": EASY_SHARE},
            ),
        )
    return ()


def _default_reps(
    purpose: Purpose, paces: TrainingPaces | None, race_pace: float | None
) -> SuccessCriterion | None:
    """(reps, shortest rep, longest rep, slow and fast end of the band) for a quality purpose."""
    shapes: dict[Purpose, tuple[int, float, float, float | None, float | None]] = {
        # a sustained block of 10 min or more, between marathon and interval pace
        Purpose.TEMPO_THRESHOLD: (
            1,
            TEMPO_MIN_S,
            TEMPO_MIN_S * NO_LONGEST,
            paces.marathon_mps if paces else None,
            paces.interval_mps if paces else None,
        ),
        # three reps or more, faster than threshold pace
        Purpose.VO2MAX_INTERVALS: (
            3,
            *VO2MAX_REP_S,
            paces.threshold_mps if paces else None,
            paces.repetition_mps * 1.05 if paces else None,
        ),
        # four short fast efforts or more, interval pace or faster
        Purpose.SPEED: (4, *SPEED_REP_S, paces.interval_mps if paces else None, None),
        Purpose.FARTLEK: (3, *FARTLEK_SURGE_S, None, None),
        # two blocks of 5 min or more within 2 % of the goal race's pace
        Purpose.RACE_PACE: (
            2,
            RACE_PACE_REP_S,
            RACE_PACE_REP_S * NO_LONGEST,
            race_pace * 0.98 if race_pace else None,
            race_pace * 1.02 if race_pace else None,
        ),
    }
    if purpose not in shapes:
        return None
    count, shortest, longest, slow, fast = shapes[purpose]
    params = {"reps": float(count), "rep_s": shortest, "share": 1.0}
    params["max_ratio"] = longest / shortest
    band = ""
    if slow is not None:
        params["slow_mps"] = slow
        params["fast_mps"] = fast or UNBOUNDED_MPS
        band = f" at {format_pace(slow)} or faster"
    size = f"{format_duration(shortest)} or longer"
    return SuccessCriterion(Check.REPS_IN_PACE_BAND, f"{count} reps of {size}{band}", params)
