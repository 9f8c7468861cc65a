"""Judging a done session by its purpose: did the easy run stay easy, did the intervals hit the
reps and the pace band, was the long run long enough at the right effort.

Each success criterion gets a result with partial credit and the numbers behind it; criteria
the file cannot judge (no heart rate, no speed) are said so and left out of the score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from everyrun.domain.audit.purpose_criteria import UNBOUNDED_MPS, purpose_criteria
from everyrun.domain.audit.review_model import (
    CriterionResult,
    DoneSession,
    Evidence,
    Judgement,
)
from everyrun.domain.planning.run_sessions import EASY_SHARE_BELOW_CEILING as EASY_SHARE
from everyrun.domain.planning.run_targets import RunTargets
from everyrun.domain.planning.session import Check, PlannedSession, SessionKind, SuccessCriterion
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.vdot import TrainingPaces
from everyrun.domain.units import format_distance, format_duration, format_pace

ON_PURPOSE = 0.8
PARTLY = 0.5
# Easy parts: full credit at the criterion's share (90 % from the planner), none at half the
# time over the line: a run half above the easy ceiling did not stay easy in any sense.
EASY_NO_CREDIT_SHARE = 0.5
# A rep or block this far outside its pace band (5 % of speed, ~12 s/km at 4:00/km) earns
# nothing; closer, credit falls linearly from 1 at the band's edge. Credit is not the verdict:
# only reps inside the band count towards "met".
PACE_CREDIT_MISS = 0.05
# A detected rep is "of the planned size" between 75 % and 150 % of it: stream detection blurs
# a rep's edges by a few seconds, and a rep run long is still the session; a stride inside a
# warm-up is not a 1 km rep.
REP_SIZE_RANGE = (0.75, 1.5)
RACE_DISTANCE_SHARE = 0.98  # GPS reads a measured course up to ~2 % short
RACE_TIME_SLACK = 0.05  # 5 % over the target time leaves half the credit for racing it
NOTHING_JUDGED_SCORE = 0.5  # done, but nothing could be checked: neither credit nor blame


def judge(planned: PlannedSession, done: DoneSession | None, *, due: bool = True) -> Judgement:
    """The planned session's criteria checked against what was done."""
    if done is None and not any(c.check is Check.NO_RUN for c in planned.success):
        verdict = "not done" if due else "not yet due"
        results = tuple(
            CriterionResult(c, False if due else None, 0.0, "no session recorded")
            for c in planned.success
        )
        what = _noun(planned.purpose, planned.kind)
        summary = f"The {what} ({planned.title}) was {verdict}."
        return Judgement(0.0, verdict, results, summary[0].upper() + summary[1:])
    results = tuple(_result(c, planned.kind, done) for c in planned.success)
    return _judgement(planned.purpose, planned.kind, results)


def judge_against_purpose(
    purpose: Purpose,
    done: DoneSession,
    targets: RunTargets | TrainingPaces | None = None,
) -> Judgement:
    """An unplanned session judged against the purpose the athlete named after the fact."""
    criteria = purpose_criteria(purpose, targets, kind=done.kind)
    if not criteria:
        reason = (
            "no clear purpose named, so nothing to judge it against"
            if purpose is Purpose.NO_CLEAR_PURPOSE
            else f"no default criteria for {purpose.label}"
        )
        score = 0.0 if purpose is Purpose.NO_CLEAR_PURPOSE else NOTHING_JUDGED_SCORE
        verdict = "missed the purpose" if score == 0.0 else "done, not judged"
        return Judgement(score, verdict, (), f"The {_noun(purpose, done.kind)}: {reason}.")
    results = tuple(_result(c, done.kind, done) for c in criteria)
    return _judgement(purpose, done.kind, results)


# --- one criterion ---------------------------------------------------------------------------

_Judge = Callable[[SuccessCriterion, Evidence], CriterionResult]


def _result(
    criterion: SuccessCriterion, kind: SessionKind, done: DoneSession | None
) -> CriterionResult:
    check, params = criterion.check, criterion.params
    if check is Check.NO_RUN:
        if done is None or done.kind is not SessionKind.RUN:
            return CriterionResult(criterion, True, 1.0, "no run recorded")
        return CriterionResult(criterion, False, 0.0, f"a run was recorded: {done.title}")
    if check in (Check.SLEEP_AT_LEAST, Check.FUEL_LOGGED, Check.HYDRATION):
        return CriterionResult(criterion, None, 0.0, "judged from wellness logs, not a session")
    if done is None:  # a rest day's other criteria, if it ever has any
        return CriterionResult(criterion, False, 0.0, "no session recorded")
    if check is Check.LOGGED:
        return _logged(criterion, kind, done)
    if check is Check.DURATION_AT_LEAST:
        return _at_least(criterion, done.duration_s, params["seconds"], _minutes)
    if check is Check.DURATION_AT_MOST:
        return _at_most(criterion, done.duration_s, params["seconds"])
    evidence = done.evidence
    if check is Check.DISTANCE_AT_LEAST:
        metres = evidence.distance_m if evidence else done.distance_m
        if metres <= 0:
            return CriterionResult(criterion, None, 0.0, "no distance recorded")
        return _at_least(criterion, metres, params["metres"], _kilometres)
    if evidence is None:
        return CriterionResult(criterion, None, 0.0, "no recording to check")
    return _BY_EVIDENCE[check](criterion, evidence)


def _logged(criterion: SuccessCriterion, kind: SessionKind, done: DoneSession) -> CriterionResult:
    """A log of the planned kind counts; the minutes give the credit."""
    if done.kind is not kind:
        return CriterionResult(criterion, False, 0.0, f"no {kind.value} logged")
    minutes, wanted = done.duration_s / 60, criterion.params.get("minutes", 0.0)
    score = min(1.0, minutes / wanted) if wanted > 0 else 1.0
    detail = f"{kind.value} logged: {minutes:.0f} of {wanted:.0f} min"
    return CriterionResult(criterion, True, score, detail)


def _at_least(
    criterion: SuccessCriterion, value: float, needed: float, show: Callable[[float], str]
) -> CriterionResult:
    score = min(1.0, value / needed) if needed > 0 else 1.0
    return CriterionResult(criterion, value >= needed, score, f"{show(value)} of {show(needed)}")


def _at_most(criterion: SuccessCriterion, seconds: float, limit: float) -> CriterionResult:
    """Over the limit loses credit in proportion: 50 % too long earns half."""
    score = 1.0 if seconds <= limit else max(0.0, 1.0 - (seconds - limit) / limit)
    detail = f"{_minutes(seconds)} (at most {_minutes(limit)})"
    return CriterionResult(criterion, seconds <= limit, score, detail)


def _easy_share(
    criterion: SuccessCriterion, shares: dict[float, float], key: float, what: str, known: bool
) -> CriterionResult:
    needed = criterion.params.get("share", EASY_SHARE)
    share = next((v for k, v in shares.items() if math.isclose(k, key, abs_tol=1e-6)), None)
    if share is None:
        why = "not measured against it" if known else "not recorded"
        return CriterionResult(criterion, None, 0.0, f"easy parts {what}: {why}")
    span = needed - EASY_NO_CREDIT_SHARE
    score = 1.0 if share >= needed else max(0.0, (share - EASY_NO_CREDIT_SHARE) / span)
    detail = f"easy parts {what} for {share:.0%} of the time (needed {needed:.0%})"
    return CriterionResult(criterion, share >= needed, score, detail.replace("%", " %"))


def _below_heart_rate(criterion: SuccessCriterion, evidence: Evidence) -> CriterionResult:
    bpm = criterion.params["heart_rate_bpm"]
    shares, known = evidence.easy_share_below_ceiling, evidence.heart_rate_known
    if not known:
        return CriterionResult(criterion, None, 0.0, "no heart rate recorded")
    return _easy_share(criterion, shares, bpm, f"below {bpm:.0f} bpm", known)


def _slower_than(criterion: SuccessCriterion, evidence: Evidence) -> CriterionResult:
    fast = criterion.params["fast_mps"]
    if not evidence.speed_known:
        return CriterionResult(criterion, None, 0.0, "no pace recorded")
    what = f"slower than {format_pace(fast)}"
    return _easy_share(criterion, evidence.easy_share_slower_than, fast, what, True)


def _pace_credit(speed: float, slow: float, fast: float) -> float:
    if slow <= speed <= fast:
        return 1.0
    miss = (slow - speed) / slow if speed < slow else (speed - fast) / fast
    return max(0.0, 1.0 - miss / PACE_CREDIT_MISS)


def _reps(criterion: SuccessCriterion, evidence: Evidence) -> CriterionResult:
    """Reps of the planned size, counted inside the band; each out of it earns some credit."""
    params = criterion.params
    count = round(params.get("reps", 1))
    slow, fast = params.get("slow_mps", 0.0), params.get("fast_mps", UNBOUNDED_MPS)
    low, high = REP_SIZE_RANGE[0], REP_SIZE_RANGE[1] * params.get("max_ratio", 1.0)
    by_metres = "rep_m" in params
    size = params["rep_m"] if by_metres else params.get("rep_s", 0.0)
    if not evidence.speed_known:
        found = len(evidence.reps)
        return CriterionResult(criterion, None, 0.0, f"{found} reps found, but no pace recorded")

    def sized(rep_size: float) -> bool:
        return size <= 0 or low * size <= rep_size <= high * size

    reps = [r for r in evidence.reps if sized(r.distance_m if by_metres else r.duration_s)]
    inside = sum(1 for r in reps if slow <= r.speed_mps <= fast)
    credit = sorted((_pace_credit(r.speed_mps, slow, fast) for r in reps), reverse=True)
    score = min(1.0, sum(credit[:count]) / count) if count else 1.0
    needed = math.ceil(count * params.get("share", 1.0))
    what = _size(size) if by_metres else format_duration(size)
    band = _band(slow, fast)
    paces = ", ".join(
        format_pace(r.speed_mps).removesuffix("/km") for r in reps[:12] if r.speed_mps
    )
    detail = f"{inside} of {count} reps of {what} {band}" + (f" ({paces})" if paces else "")
    return CriterionResult(criterion, inside >= needed, score, detail)


def _size(metres: float) -> str:
    """1 km, 800 m: reps are named as runners say them."""
    if metres >= 1000 and metres % 1000 == 0:
        return f"{metres / 1000:g} km"
    return format_distance(metres)


def _band(slow: float, fast: float) -> str:
    if slow <= 0:
        return "at any pace"
    if fast >= UNBOUNDED_MPS:
        return f"at {format_pace(slow)} or faster"
    return f"within {format_pace(fast).removesuffix('/km')}–{format_pace(slow)}"


def _block(criterion: SuccessCriterion, evidence: Evidence) -> CriterionResult:
    params = criterion.params
    slow, fast = params["slow_mps"], params["fast_mps"]
    speed, metres = evidence.final_block_speed_mps, evidence.final_block_m
    if not evidence.speed_known or speed is None or metres is None:
        return CriterionResult(criterion, None, 0.0, "no pace for the final block")
    score = _pace_credit(speed, slow, fast)
    detail = f"last {_kilometres(metres)} at {format_pace(speed)} ({_band(slow, fast)})"
    return CriterionResult(criterion, slow <= speed <= fast, score, detail)


def _strides(criterion: SuccessCriterion, evidence: Evidence) -> CriterionResult:
    count = round(criterion.params.get("count", 1))
    if not evidence.speed_known:
        return CriterionResult(criterion, None, 0.0, "no pace recorded to find strides")
    score = min(1.0, evidence.strides / count) if count else 1.0
    return CriterionResult(
        criterion, evidence.strides >= count, score, f"{evidence.strides} of {count} strides"
    )


def _race(criterion: SuccessCriterion, evidence: Evidence) -> CriterionResult:
    """Finishing earns half; the other half is the target time, lost over its first 5 %."""
    metres, target = criterion.params["metres"], criterion.params.get("target_s")
    if evidence.distance_m <= 0:
        return CriterionResult(criterion, None, 0.0, "no distance recorded")
    finished = evidence.distance_m >= RACE_DISTANCE_SHARE * metres
    detail = f"{_kilometres(evidence.distance_m)} in {format_duration(evidence.duration_s)}"
    if not finished:
        score = 0.5 * evidence.distance_m / metres
        return CriterionResult(criterion, False, score, f"{detail}, short of {_kilometres(metres)}")
    if target is None:
        return CriterionResult(criterion, True, 1.0, detail)
    over = max(0.0, evidence.duration_s / target - 1.0)
    score = 0.5 + 0.5 * max(0.0, 1.0 - over / RACE_TIME_SLACK)
    detail += f" (target {format_duration(target)})"
    return CriterionResult(criterion, over == 0.0, score, detail)


_BY_EVIDENCE: dict[Check, _Judge] = {
    Check.EASY_BELOW_HEART_RATE: _below_heart_rate,
    Check.EASY_SLOWER_THAN: _slower_than,
    Check.REPS_IN_PACE_BAND: _reps,
    Check.BLOCK_IN_PACE_BAND: _block,
    Check.STRIDES_DONE: _strides,
    Check.RACE_FINISHED: _race,
}


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min"


def _kilometres(metres: float) -> str:
    return f"{metres / 1000:.1f} km"


# --- the verdict and the sentence ------------------------------------------------------------


def _judgement(
    purpose: Purpose, kind: SessionKind, results: Sequence[CriterionResult]
) -> Judgement:
    judged = [r for r in results if r.met is not None]
    if not judged:
        summary = f"The {_noun(purpose, kind)} was done, but the file could not judge it"
        reasons = "; ".join(r.detail for r in results)
        summary += f" ({reasons})." if reasons else "."
        return Judgement(NOTHING_JUDGED_SCORE, "done, not judged", tuple(results), summary)
    weights = [_weight(purpose, r.criterion.check) for r in judged]
    score = sum(w * r.score for w, r in zip(weights, judged, strict=True)) / sum(weights)
    verdict = (
        "on purpose"
        if score >= ON_PURPOSE
        else "partly on purpose"
        if score >= PARTLY
        else "missed the purpose"
    )
    return Judgement(score, verdict, tuple(results), _summary(purpose, kind, results))


_EASY_CHECKS = frozenset({Check.EASY_BELOW_HEART_RATE, Check.EASY_SLOWER_THAN})
_LENGTH_CHECKS = frozenset({Check.DISTANCE_AT_LEAST, Check.DURATION_AT_LEAST})
# The checks that *are* the purpose count double: an easy run of the right length at threshold
# effort missed its purpose, it did not half-meet it.
_DEFINING: dict[Purpose, frozenset[Check]] = {
    Purpose.EASY_AEROBIC: _EASY_CHECKS,
    Purpose.RECOVERY: _EASY_CHECKS | {Check.DURATION_AT_MOST},
    Purpose.LONG_RUN: _EASY_CHECKS | _LENGTH_CHECKS | {Check.BLOCK_IN_PACE_BAND},
}
_ALWAYS_DEFINING = frozenset(
    {Check.REPS_IN_PACE_BAND, Check.BLOCK_IN_PACE_BAND, Check.RACE_FINISHED}
)
DEFINING_WEIGHT = 2.0


def _weight(purpose: Purpose, check: Check) -> float:
    defining = check in _ALWAYS_DEFINING or check in _DEFINING.get(purpose, frozenset())
    return DEFINING_WEIGHT if defining else 1.0


def _noun(purpose: Purpose, kind: SessionKind) -> str:
    if kind is SessionKind.REST or purpose is Purpose.REST:
        return "rest day"
    if kind in (SessionKind.STRENGTH, SessionKind.MOBILITY):
        return f"{kind.value} session"
    return _NOUNS.get(purpose, f"{purpose.label} session")


_NOUNS = {
    Purpose.RECOVERY: "recovery run",
    Purpose.EASY_AEROBIC: "easy run",
    Purpose.LONG_RUN: "long run",
    Purpose.PROGRESSION: "progression run",
    Purpose.TEMPO_THRESHOLD: "threshold session",
    Purpose.VO2MAX_INTERVALS: "interval session",
    Purpose.SPEED: "speed session",
    Purpose.RACE_PACE: "race-pace session",
    Purpose.RACE: "race",
    Purpose.FARTLEK: "fartlek",
}

# What each check says about the purpose, met and not met.
_PHRASES: dict[Check, tuple[str, str]] = {
    Check.EASY_BELOW_HEART_RATE: ("stayed easy", "did not stay easy"),
    Check.EASY_SLOWER_THAN: ("stayed easy", "did not stay easy"),
    Check.REPS_IN_PACE_BAND: ("hit the reps and the pace band", "missed the reps or the band"),
    Check.BLOCK_IN_PACE_BAND: ("finished at the right pace", "missed the finishing pace"),
    Check.DURATION_AT_LEAST: ("was long enough", "was too short"),
    Check.DISTANCE_AT_LEAST: ("was long enough", "was too short"),
    Check.DURATION_AT_MOST: ("was kept short", "ran too long"),
    Check.STRIDES_DONE: ("had its strides", "lacked its strides"),
    Check.RACE_FINISHED: ("was raced as planned", "did not go to plan"),
    Check.NO_RUN: ("was kept", "had a run in it"),
    Check.LOGGED: ("was done", "was not logged"),
}


def _summary(purpose: Purpose, kind: SessionKind, results: Sequence[CriterionResult]) -> str:
    """One sentence by purpose: a clause per criterion, each with its numbers."""
    clauses = []
    for result in results:
        if result.met is None:
            clauses.append(f"could not be checked for one aim: {result.detail}")
            continue
        met, missed = _PHRASES.get(result.criterion.check, ("met its aim", "missed its aim"))
        if purpose is Purpose.RECOVERY and result.criterion.check is Check.EASY_SLOWER_THAN:
            met, missed = "stayed a recovery run", "was too fast for recovery"
        clauses.append(f"{met if result.met else missed}: {result.detail}")
    joined = clauses[0] if len(clauses) == 1 else "; ".join(clauses[:-1]) + f"; and {clauses[-1]}"
    return f"The {_noun(purpose, kind)} {joined}."
