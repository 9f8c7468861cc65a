"""A recording reduced to what a planned session's success criteria can check.

The audit judges a session by its purpose, so it needs few numbers: how long and how far, how
much of the easy running stayed under the easy ceiling, the work reps, the strides, the pace of
a finishing block. Everything else in the file is left to the activity analysis. Pure: numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from everyrun.domain import activity as act
from everyrun.domain.analysis.effort import HEART_RATE_COVERAGE
from everyrun.domain.analysis.movement import Movement, analyse_movement
from everyrun.domain.audit.review_model import Evidence, RepEvidence
from everyrun.domain.intervals import Segment, detect_intervals
from everyrun.domain.planning.session import Check, PlannedSession, SuccessCriterion
from everyrun.domain.science.grade import grade_adjusted_speed

BoolArray = npt.NDArray[np.bool_]

STRIDE_MAX_S = 40.0  # strides are 15–30 s; 40 s leaves room for a slow start and a late lap
# Heart rate after a hard rep falls by roughly 20–30 bpm in the first minute and keeps falling
# for a few more (Cole et al. 1999, N Engl J Med 341:1351, heart-rate recovery): the jog right
# after a rep is not "easy running above the ceiling", so heart rate is judged on the warm-up
# and on the cool-down from two minutes after the last rep, as the planner's criterion says.
HEART_RATE_SETTLE_S = 120.0
# A pace is judged over half a minute of moving time: per-second GPS speed jitters by ~5 %, so
# a single sample over the line says nothing; a 30 s stretch over it is a runner speeding up.
PACE_WINDOW_S = 30.0


@dataclass(frozen=True)
class _Parts:
    """Which samples count as easy running: for heart rate, and for pace."""

    for_heart_rate: BoolArray
    for_pace: BoolArray


def evidence_for(
    activity: act.Activity,
    planned: PlannedSession | None,
    *,
    extra_criteria: Sequence[SuccessCriterion] = (),
) -> Evidence:
    """What the file shows, for the planned session's criteria (and any `extra_criteria`).

    Unplanned sessions pass `planned=None`; when the athlete later names a purpose, pass that
    purpose's default criteria (`purpose_criteria.purpose_criteria`) as `extra_criteria` so the
    ceilings and paces they check are measured.
    """
    criteria = [*(planned.success if planned else ()), *extra_criteria]
    movement = analyse_movement(activity)
    structure = detect_intervals(activity)
    reps = tuple(_rep(segment) for segment in structure.reps)
    distance = movement.distance_total_m or activity.distance_m or 0.0
    speed_known = movement.speed_mps is not None and distance > 0
    ceilings: dict[float, float] = {}
    slower: dict[float, float] = {}
    block: tuple[int, float, float] | None = None
    heart_rate: act.FloatArray | None = None
    if len(movement.time_s) >= 2:
        heart_rate = _heart_rate(activity, movement)
        speed = _graded_speed(movement) if speed_known else None
        block = _final_block(criteria, movement, speed)
        parts = _easy_parts(criteria, movement, structure.reps, block)
        if heart_rate is not None:
            for bpm in _params(criteria, Check.EASY_BELOW_HEART_RATE, "heart_rate_bpm"):
                share = _share(heart_rate < bpm, heart_rate, movement, parts.for_heart_rate)
                if share is not None:
                    ceilings[bpm] = share
        if speed is not None:
            smooth = _smoothed(speed, movement)
            for fast in _params(criteria, Check.EASY_SLOWER_THAN, "fast_mps"):
                share = _share(smooth <= fast, smooth, movement, parts.for_pace)
                if share is not None:
                    slower[fast] = share
    return Evidence(
        duration_s=movement.moving_time_s,
        distance_m=distance,
        easy_share_below_ceiling=ceilings,
        easy_share_slower_than=slower,
        reps=reps,
        strides=sum(1 for rep in reps if rep.duration_s <= STRIDE_MAX_S),
        final_block_speed_mps=block[1] if block else None,
        final_block_m=block[2] if block else None,
        heart_rate_known=heart_rate is not None,
        speed_known=speed_known,
    )


def _rep(segment: Segment) -> RepEvidence:
    """A work segment as the audit reads it: plain speed, distance over moving time.

    Reps are judged against a flat pace band, and detection already compared them by
    grade-adjusted effort; a hill rep's pace band would be set for the hill anyway.
    """
    return RepEvidence(
        duration_s=segment.duration_s,
        distance_m=segment.distance_m or 0.0,
        speed_mps=segment.avg_speed_mps or 0.0,
        heart_rate_bpm=segment.avg_heart_rate_bpm,
    )


def _params(criteria: Sequence[SuccessCriterion], check: Check, name: str) -> list[float]:
    values = [c.params[name] for c in criteria if c.check is check and name in c.params]
    return sorted(set(values))


def _heart_rate(activity: act.Activity, movement: Movement) -> act.FloatArray | None:
    """Heart rate when it covers enough of the moving time to judge by (as `analyse_effort`)."""
    beats = activity.streams.get(act.HEART_RATE)
    if beats is None or len(beats) != len(movement.time_s):
        return None
    moving = movement.dt_s > 0
    total = float(movement.dt_s[moving].sum())
    covered = float(movement.dt_s[moving & np.isfinite(beats)].sum())
    return beats if total > 0 and covered >= HEART_RATE_COVERAGE * total else None


def _graded_speed(movement: Movement) -> act.FloatArray | None:
    """Grade-adjusted speed (Minetti 2002): an easy effort up a hill is still easy.

    The movement analysis already holds per-sample speed and grade, so this costs one pass;
    without altitude (or on a treadmill) the grade is unknown and plain speed is used.
    """
    speed = movement.speed_mps
    if speed is None or movement.grade is None:
        return speed
    return grade_adjusted_speed(speed, np.nan_to_num(movement.grade))


def _smoothed(speed: act.FloatArray, movement: Movement) -> act.FloatArray:
    """Time-weighted mean speed over PACE_WINDOW_S of moving time around each sample."""
    dt = movement.dt_s
    ok = (dt > 0) & np.isfinite(speed)
    clock = np.cumsum(dt)
    weighted = np.r_[0.0, np.cumsum(np.where(ok, speed * dt, 0.0))]
    weights = np.r_[0.0, np.cumsum(np.where(ok, dt, 0.0))]
    lo = np.searchsorted(clock, clock - PACE_WINDOW_S / 2, side="left")
    hi = np.searchsorted(clock, clock + PACE_WINDOW_S / 2, side="right")
    span = weights[hi] - weights[lo]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(span > 0, (weighted[hi] - weighted[lo]) / span, np.nan)
    return np.asarray(mean, dtype=np.float64)


def _final_block(
    criteria: Sequence[SuccessCriterion],
    movement: Movement,
    speed: act.FloatArray | None,
) -> tuple[int, float, float] | None:
    """(first sample, mean speed, metres) of the finishing block a criterion asks about."""
    wanted = next((c for c in criteria if c.check is Check.BLOCK_IN_PACE_BAND), None)
    if wanted is None or speed is None or movement.distance_m is None:
        return None
    distance, dt = movement.distance_m, movement.dt_s
    total = float(distance[-1])
    if "metres" in wanted.params:
        metres = wanted.params["metres"]
        if total < metres:
            return None  # the run was shorter than the block: nothing to judge
        start = int(np.searchsorted(distance, total - metres, side="left"))
    elif "seconds" in wanted.params:
        from_end = np.cumsum(dt[::-1])[::-1]  # moving seconds left at each sample
        if from_end[0] < wanted.params["seconds"]:
            return None
        start = int(np.flatnonzero(from_end >= wanted.params["seconds"])[-1])
    else:
        return None
    use = (dt[start:] > 0) & np.isfinite(speed[start:])
    seconds = float(dt[start:][use].sum())
    if seconds <= 0:
        return None
    mean = float(np.sum(speed[start:][use] * dt[start:][use]) / seconds)
    return start, mean, total - float(distance[start])


def _easy_parts(
    criteria: Sequence[SuccessCriterion],
    movement: Movement,
    reps: Sequence[Segment],
    block: tuple[int, float, float] | None,
) -> _Parts:
    """Easy running: outside the reps of an interval session, before a long run's finishing
    block, or the whole run."""
    time = movement.time_s
    everything = np.ones(len(time), dtype=bool)
    if block is not None:
        before = np.arange(len(time)) < block[0]
        return _Parts(before, before)
    has_reps = any(c.check is Check.REPS_IN_PACE_BAND for c in criteria)
    work = list(reps)  # short reps too: 200 m repetitions are reps, not easy running
    if not has_reps or not work:
        return _Parts(everything, everything)
    outside = everything.copy()
    for rep in work:
        outside &= (time < rep.start_s) | (time >= rep.end_s)
    first, last = work[0].start_s, work[-1].end_s
    warm_and_cool = (time < first) | (time >= last + HEART_RATE_SETTLE_S)
    return _Parts(warm_and_cool, outside)


def _share(
    passes: BoolArray, values: act.FloatArray, movement: Movement, part: BoolArray
) -> float | None:
    """Share of the part's moving time (where `values` were recorded) that passes."""
    use = part & (movement.dt_s > 0) & np.isfinite(values)
    total = float(movement.dt_s[use].sum())
    if total <= 0:
        return None
    return float(movement.dt_s[use & passes].sum()) / total
