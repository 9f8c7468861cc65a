"""What a session was really for, inferred from what was done, with the numbers behind it.

The rules read the run's structure (intervals, strides, tempo blocks...) first and check how
hard its work was against the athlete's thresholds; then how its time split across the three
intensity zones; then its length. Heart rate decides where it exists (it knows the day's heat,
hills and fatigue); pace decides without it. Each inference carries a confidence (lower when
zones or thresholds are unknown) and one sentence a runner can check against their memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from everyrun.domain.analysis.effort import ZoneTime
from everyrun.domain.analysis.thresholds import Thresholds
from everyrun.domain.intervals import IntervalAnalysis, Segment
from everyrun.domain.purpose import Purpose

TOO_SHORT_S = 5 * 60  # a warm-up jog or a watch test, not a session
LONG_RUN_S = 75 * 60  # most plans call anything from 75-90 min up the long run
RECOVERY_MAX_S = 40 * 60  # recovery runs are short: 20-40 min
# An easy run keeps ~80 % or more below the first threshold (Seiler); 10 % more slack for heart
# rate drifting on a warm day or a hill. More than this above VT1, unstructured: grey zone.
EASY_ALLOWANCE = 0.30
RECOVERY_SHARE = 0.80  # a recovery run stays in the recovery band (Friel's Z1) nearly throughout
HARD_SHARE = 0.50  # half the run at threshold or above without reps: a threshold run
SHORT_REP_S = 120.0  # reps under 2 min train speed and economy, not VO2max
VO2MAX_REP_MAX_S = 6 * 60  # Daniels' I reps are 3-5 min; up to 6 counts
STRONG_FINISH_SHARE = 0.25  # the last quarter of a long run
BLOCK_S = 600.0  # a block this long is judged by its average heart rate; shorter reps by the peak
LEVEL_GRADE = 0.03  # reps on a steeper average slope have no pace comparable with the flat
ABOVE_THRESHOLD_SPEED = 1.02  # faster than ~10K pace (1.03 T at VDOT 50): VO2max territory
GREY_RACE_PACE_SHARE = 0.5  # half the run between the thresholds: it may have been M-pace work
# ...if its average is within 6 % of M pace (about 15 s/km: M-pace work with its warm-up)
MARATHON_PACE_TOLERANCE = 0.06
# Confidence of a structure read with the athlete's thresholds, and without them: then only the
# shape of the run speaks, and every reading stays below any reading with thresholds (>= 0.5).
KNOWN, UNKNOWN = 0.8, 0.45
ZONES_ONLY = 0.55  # thresholds known, but the reps themselves could not be judged against them
EASY, MODERATE, THRESHOLD, ABOVE = range(4)  # how hard work was, against the thresholds

_SPORT_PURPOSES = {
    "strength_training": Purpose.STRENGTH,
    "yoga": Purpose.MOBILITY,
    "pilates": Purpose.MOBILITY,
    "flexibility_training": Purpose.MOBILITY,
    "breathing": Purpose.MOBILITY,
    "mobility": Purpose.MOBILITY,
}


@dataclass(frozen=True)
class PurposeInference:
    purpose: Purpose
    confidence: float  # 0..1
    reason: str
    also: list[Purpose] = field(default_factory=list)  # e.g. strides after an easy run


@dataclass(frozen=True)
class RunFacts:
    """What the rules read, gathered by the analysis."""

    moving_time_s: float
    distance_m: float | None
    intensity: ZoneTime | None
    intervals: IntervalAnalysis | None
    race_distance: str | None  # "10K" when the run was a race-like effort over that distance
    thresholds: Thresholds = field(default_factory=Thresholds)
    recovery_share: float | None = None  # shares of the intensity time, see Effort
    threshold_share: float | None = None
    gap_speed_mps: float | None = None
    race_evidence: str | None = None  # what made it race-like, with the numbers


@dataclass(frozen=True)
class _Work:
    level: int | None  # EASY..ABOVE, None when no threshold could judge it
    by_pace: int | None  # the level pace alone gives, None without comparable pace
    text: str  # e.g. "at 3:55/km, 109 % of threshold pace"


def infer_purpose(sport: str, sub_sport: str | None, run: RunFacts | None) -> PurposeInference:
    if sport != "running" or run is None:
        return _not_a_run(sport, sub_sport)
    minutes = run.moving_time_s / 60
    head = f"{minutes:.0f} min" + (f", {run.distance_m / 1000:.1f} km" if run.distance_m else "")
    if run.moving_time_s < TOO_SHORT_S:
        return PurposeInference(
            Purpose.NO_CLEAR_PURPOSE, 0.3, f"only {head}: too short to serve a training purpose"
        )
    if run.race_distance:
        evidence = run.race_evidence or f"a hard continuous effort over {run.race_distance}"
        confidence = UNKNOWN if run.intensity is None else KNOWN
        return PurposeInference(Purpose.RACE, confidence, f"{head}, {evidence} → race")
    return _from_structure(run, head) or _by_zones(run, head)


def _not_a_run(sport: str, sub_sport: str | None) -> PurposeInference:
    purpose = _SPORT_PURPOSES.get(sub_sport or "")
    if purpose is not None:
        return PurposeInference(purpose, 0.9, f"recorded as {(sub_sport or '').replace('_', ' ')}")
    if sport in ("training", "generic"):
        return PurposeInference(
            Purpose.CROSS_TRAINING, 0.4, f"recorded as {sport} without a sub-sport"
        )
    return PurposeInference(
        Purpose.CROSS_TRAINING, 0.8, f"{sport.replace('_', ' ')}: aerobic work outside running"
    )


def _from_structure(run: RunFacts, head: str) -> PurposeInference | None:
    found = run.intervals
    if found is None or found.pattern is None:
        return None
    what = found.summary.rstrip(".")
    known = KNOWN if run.intensity is not None else UNKNOWN
    match found.pattern:
        case "strides":
            short = run.moving_time_s < 20 * 60
            return PurposeInference(
                Purpose.SPEED if short else Purpose.EASY_AEROBIC,
                known,
                f"{head}, {_zone_text(run)}, with {what} → "
                + ("strides (speed)" if short else "easy aerobic with strides"),
                also=[] if short else [Purpose.SPEED],
            )
        case "hill_repeats":
            if _typical_s(found.reps) < SHORT_REP_S:
                return PurposeInference(
                    Purpose.SPEED, known, f"{head}: {what} → hill repeats (speed)"
                )
            return PurposeInference(
                Purpose.VO2MAX_INTERVALS, known, f"{head}: {what} → long hill repeats (VO2max)"
            )
        case "progression":
            return PurposeInference(Purpose.PROGRESSION, known, f"{head}: {what} → progression")
        case "fartlek":
            return PurposeInference(Purpose.FARTLEK, known - 0.1, f"{head}: {what} → fartlek")
        case "tempo_block":
            return _block_purpose(run, head, what, found)
        case "intervals":
            return _interval_purpose(run, head, what, found.reps)
    return None


def _interval_purpose(run: RunFacts, head: str, what: str, reps: list[Segment]) -> PurposeInference:
    typical_s = _typical_s(reps)
    work = _work_level(reps, run)
    said = f"{head}: {what}" + (f", reps {work.text}" if work.text else "")
    confidence = _confidence(run, work)
    if typical_s < SHORT_REP_S:
        if work.by_pace is not None and work.by_pace < THRESHOLD:
            return _by_zones(run, head, f"{what}: pick-ups {work.text}, not speed work")
        return PurposeInference(Purpose.SPEED, confidence, f"{said}, short reps → speed")
    if work.level == EASY:
        return _by_zones(run, head, f"{what}: reps {work.text}, no harder than easy running")
    if work.level == MODERATE:
        return _below_threshold(said)
    if typical_s <= VO2MAX_REP_MAX_S and work.by_pace in (None, ABOVE):
        return PurposeInference(
            Purpose.VO2MAX_INTERVALS, confidence, f"{said}, 2–6 min reps → VO2max intervals"
        )
    return PurposeInference(
        Purpose.TEMPO_THRESHOLD,
        confidence - 0.05,
        f"{said}, reps at threshold → threshold (cruise intervals)",
    )


def _block_purpose(
    run: RunFacts, head: str, what: str, found: IntervalAnalysis
) -> PurposeInference:
    work = _work_level(found.reps, run)
    said = f"{head}: {what}" + (f", {work.text}" if work.text else "")
    confidence = _confidence(run, work)
    if work.level == EASY:  # blocks no harder than easy running: the zones tell the story
        return _by_zones(run, head, f"{what}, {work.text}: no harder than easy running")
    if run.moving_time_s >= LONG_RUN_S and _finishes_hard(found):
        kind = "a marathon-pace finish (race simulation)" if work.level == MODERATE else ""
        return PurposeInference(
            Purpose.MENTAL_TOUGHNESS,
            confidence - 0.1,
            f"{said} at the end of a long run → "
            + (kind or "a hard finish on tired legs (mental toughness)"),
            also=[Purpose.LONG_RUN],
        )
    if work.level == MODERATE:
        return _below_threshold(said)
    return PurposeInference(Purpose.TEMPO_THRESHOLD, confidence, f"{said} → tempo")


def _below_threshold(said: str) -> PurposeInference:
    """Work between VT1 and threshold: marathon-pace blocks, or reps that never got hard.

    Marathon-pace work is race-pace work only for an athlete with a goal marathon, and the
    profile holds no goal race; so it stays in the grey zone, and the sentence says why.
    """
    return PurposeInference(
        Purpose.NO_CLEAR_PURPOSE,
        0.5,
        f"{said}: between the thresholds, neither easy nor threshold work → grey zone, no "
        "clear purpose (race-pace work only toward a goal race at this pace, and none is set)",
    )


def _work_level(reps: list[Segment], run: RunFacts) -> _Work:
    """How hard the reps were: heart rate when reps last long enough for it to show, pace on
    level ground when it is comparable; heart rate decides, pace splits threshold from above."""
    edges, texts = run.thresholds, []
    by_heart: int | None = None
    if reps and _typical_s(reps) >= SHORT_REP_S and edges.vt1_bpm and edges.threshold_work_bpm:
        beats = [
            r.avg_heart_rate_bpm if r.duration_s >= BLOCK_S else r.max_heart_rate_bpm for r in reps
        ]
        known = [b for b in beats if b]
        if known and edges.vt2_bpm:
            value = median(known)
            by_heart = _level(value, edges.vt1_bpm, edges.threshold_work_bpm, None)
            word = "averaging" if _typical_s(reps) >= BLOCK_S else "peaking at"
            texts.append(f"{word} {value:.0f} bpm ({value / edges.vt2_bpm:.0%} of LTHR)")
    by_pace: int | None = None
    speeds = [r.avg_speed_mps for r in reps if abs(r.avg_grade or 0.0) < LEVEL_GRADE]
    if reps and len(speeds) == len(reps) and all(speeds) and edges.vt1_mps and edges.vt2_mps:
        speed = median(s or 0.0 for s in speeds)
        work_edge = edges.threshold_work_mps or edges.vt2_mps
        by_pace = _level(speed, edges.vt1_mps, work_edge, ABOVE_THRESHOLD_SPEED * edges.vt2_mps)
        texts.insert(0, f"at {_pace(speed)} ({speed / edges.vt2_mps:.0%} of threshold pace)")
    if by_heart is None:
        level = by_pace
    elif by_heart >= THRESHOLD and by_pace is not None:
        level = max(by_heart, by_pace)
    else:
        level = by_heart
    return _Work(level, by_pace, ", ".join(texts))


def _confidence(run: RunFacts, work: _Work) -> float:
    if work.level is not None:
        return KNOWN
    return ZONES_ONLY if run.intensity is not None else UNKNOWN


def _level(value: float, vt1: float, work: float, above: float | None) -> int:
    if value < vt1:
        return EASY
    if value < work:
        return MODERATE
    return ABOVE if above is not None and value >= above else THRESHOLD


def _finishes_hard(found: IntervalAnalysis) -> bool:
    """The fast block sits in the last quarter of the run and runs to (nearly) its end."""
    if not found.reps or not found.segments:
        return False
    start, end = found.segments[0].start_s, found.segments[-1].end_s
    last = found.reps[-1]
    return last.start_s >= start + (1 - STRONG_FINISH_SHARE) * (end - start) - 300 and (
        end - last.end_s <= 0.1 * (end - start)
    )


def _by_zones(run: RunFacts, head: str, lead: str = "") -> PurposeInference:
    """An unstructured run by how its time split across the zones, then by its length."""
    said = f"{lead}; {head}" if lead else head
    if run.intensity is None:
        return _by_length_only(run, said)
    _, between, above = run.intensity.fractions
    said += f", {_zone_text(run)}"
    hard = max(above, run.threshold_share or 0.0)
    long = run.moving_time_s >= LONG_RUN_S
    # Over 75 min nobody holds threshold: a long run that near it is a long run run too hard.
    if above >= HARD_SHARE or (hard >= HARD_SHARE and not long):
        return PurposeInference(
            Purpose.TEMPO_THRESHOLD,
            0.75,
            f"{said}, {hard:.0%} at threshold or harder, sustained → threshold run",
        )
    if between + above > EASY_ALLOWANCE:
        if long:
            return PurposeInference(
                Purpose.LONG_RUN,
                0.6,
                f"{said}: long, but {between + above:.0%} above VT1 → a long run, much of it in "
                "the grey zone",
            )
        return PurposeInference(
            Purpose.NO_CLEAR_PURPOSE,
            0.75,
            f"{said}, no structured work: too hard to recover from, too easy to build threshold "
            f"→ grey zone, no clear purpose{_marathon_note(run, between)}",
        )
    if long:
        return PurposeInference(Purpose.LONG_RUN, 0.85, f"{said} → long run")
    recovery = run.recovery_share
    if run.moving_time_s <= RECOVERY_MAX_S and recovery is not None and recovery >= RECOVERY_SHARE:
        return PurposeInference(
            Purpose.RECOVERY, 0.8, f"{said}, {recovery:.0%} in the recovery band → recovery"
        )
    return PurposeInference(
        Purpose.EASY_AEROBIC, 0.85, f"{said}, no structured work → easy aerobic"
    )


def _by_length_only(run: RunFacts, said: str) -> PurposeInference:
    unknown = "intensity unknown (no heart rate zones or pace thresholds)"
    if run.moving_time_s >= LONG_RUN_S:
        return PurposeInference(
            Purpose.LONG_RUN, 0.4, f"{said}, {unknown} → long run by length alone"
        )
    return PurposeInference(
        Purpose.EASY_AEROBIC,
        0.3,
        f"{said}, {unknown}, no structured work → easy aerobic, a guess",
    )


def _marathon_note(run: RunFacts, between: float) -> str:
    """Marathon pace lies between the thresholds: running there may be race-pace work, but
    only toward a goal marathon, and the profile holds no goal race."""
    speed, marathon = run.gap_speed_mps, run.thresholds.marathon_mps
    if between < GREY_RACE_PACE_SHARE or not speed or not marathon:
        return ""
    if abs(speed / marathon - 1) > MARATHON_PACE_TOLERANCE:
        return ""
    return (
        f" ({between:.0%} between the thresholds at {_pace(speed)} on average, near marathon "
        f"pace {_pace(marathon)}: race-pace work only toward a goal race, and none is set)"
    )


def _typical_s(reps: list[Segment]) -> float:
    return median(r.duration_s for r in reps) if reps else 0.0


def _pace(speed_mps: float) -> str:
    seconds = round(1000.0 / speed_mps) if speed_mps > 0 else 0
    return f"{seconds // 60}:{seconds % 60:02d}/km"


def _zone_text(run: RunFacts) -> str:
    if run.intensity is None:
        return "intensity unknown"
    below, between, above = run.intensity.fractions
    return (
        f"{below:.0%} below the first threshold, {between:.0%} between, "
        f"{above:.0%} above the second"
    )
