"""What a session was really for, inferred from what was done, with the numbers behind it.

The rules read the run's structure (intervals, strides, tempo blocks...) first, then how its
time split across the three intensity zones, then its length. Each inference carries a
confidence (lower when zones or structure could not be measured) and one sentence a runner can
check against their memory of the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from everyrun.domain.analysis.effort import ZoneTime
from everyrun.domain.intervals import IntervalAnalysis, Segment
from everyrun.domain.purpose import Purpose

TOO_SHORT_S = 5 * 60  # a warm-up jog or a watch test, not a session
LONG_RUN_S = 75 * 60  # most plans call anything from 75-90 min up the long run
RECOVERY_MAX_S = 40 * 60  # recovery runs are short: 20-40 min
EASY_SHARE = 0.80  # an easy run keeps ~80 % or more below the first threshold (Seiler)
RECOVERY_SHARE = 0.95
GREY_SHARE = 0.35  # a third or more between the thresholds without structure: grey zone
HARD_SHARE = 0.50  # half the run above threshold without reps: a time trial or a race effort
SHORT_REP_S = 120.0  # reps under 2 min train speed and economy, not VO2max
VO2MAX_REP_MAX_S = 6 * 60  # Daniels' I reps are 3-5 min; up to 6 counts
STRONG_FINISH_SHARE = 0.25  # the last quarter of a long run

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


def infer_purpose(sport: str, sub_sport: str | None, run: RunFacts | None) -> PurposeInference:
    if sport != "running" or run is None:
        return _not_a_run(sport, sub_sport)
    minutes = run.moving_time_s / 60
    head = f"{minutes:.0f} min" + (f", {run.distance_m / 1000:.1f} km" if run.distance_m else "")
    shares = run.intensity.fractions if run.intensity else None
    zone_text = _zone_text(shares)
    confidence = 0.85 if shares else 0.5
    if run.moving_time_s < TOO_SHORT_S:
        return PurposeInference(
            Purpose.NO_CLEAR_PURPOSE, 0.3, f"only {head}: too short to serve a training purpose"
        )
    if run.race_distance:
        return PurposeInference(
            Purpose.RACE, 0.8, f"{head}, a hard continuous effort over {run.race_distance} → race"
        )
    structured = _from_structure(run, head, zone_text, confidence)
    if structured is not None:
        return structured
    if shares is None:
        return _by_length_only(run, head)
    below, between, above = shares
    if above >= HARD_SHARE:
        return PurposeInference(
            Purpose.TEMPO_THRESHOLD, confidence, f"{head}, {zone_text}, sustained → threshold run"
        )
    if between >= GREY_SHARE or (between + above) > 1 - EASY_SHARE + 0.1:
        return PurposeInference(
            Purpose.NO_CLEAR_PURPOSE,
            confidence,
            f"{head}, {zone_text}, no structured work: too hard to recover from, too easy to "
            "build threshold → grey zone, no clear purpose",
        )
    if run.moving_time_s >= LONG_RUN_S:
        return PurposeInference(Purpose.LONG_RUN, confidence, f"{head}, {zone_text} → long run")
    if run.moving_time_s <= RECOVERY_MAX_S and below >= RECOVERY_SHARE:
        return PurposeInference(Purpose.RECOVERY, confidence, f"{head}, {zone_text} → recovery")
    return PurposeInference(
        Purpose.EASY_AEROBIC, confidence, f"{head}, {zone_text}, no structured work → easy aerobic"
    )


def _not_a_run(sport: str, sub_sport: str | None) -> PurposeInference:
    purpose = _SPORT_PURPOSES.get(sub_sport or "")
    if purpose is not None:
        return PurposeInference(purpose, 0.9, f"recorded as {sub_sport.replace('_', ' ')}")  # type: ignore[union-attr]
    if sport in ("training", "generic"):
        return PurposeInference(
            Purpose.CROSS_TRAINING, 0.4, f"recorded as {sport} without a sub-sport"
        )
    return PurposeInference(
        Purpose.CROSS_TRAINING, 0.8, f"{sport.replace('_', ' ')}: aerobic work outside running"
    )


def _from_structure(
    run: RunFacts, head: str, zone_text: str, confidence: float
) -> PurposeInference | None:
    found = run.intervals
    if found is None or found.pattern is None:
        return None
    reps = found.reps
    what = found.summary
    match found.pattern:
        case "strides":
            return PurposeInference(
                Purpose.EASY_AEROBIC if run.moving_time_s >= 20 * 60 else Purpose.SPEED,
                confidence,
                f"{head}, {zone_text}, with {what} → easy aerobic with strides",
                also=[Purpose.SPEED],
            )
        case "hill_repeats":
            return PurposeInference(Purpose.SPEED, 0.8, f"{head}: {what} → hill repeats (speed)")
        case "progression":
            return PurposeInference(Purpose.PROGRESSION, 0.8, f"{head}: {what} → progression")
        case "fartlek":
            return PurposeInference(Purpose.FARTLEK, 0.7, f"{head}: {what} → fartlek")
        case "tempo_block":
            if run.moving_time_s >= LONG_RUN_S and _finishes_hard(found):
                return PurposeInference(
                    Purpose.MENTAL_TOUGHNESS,
                    0.7,
                    f"{head}: {what} at the end of a long run → a hard finish on tired legs",
                    also=[Purpose.LONG_RUN],
                )
            return PurposeInference(Purpose.TEMPO_THRESHOLD, 0.8, f"{head}: {what} → tempo")
        case "intervals":
            return _interval_purpose(reps, head, what)
    return None


def _interval_purpose(reps: list[Segment], head: str, what: str) -> PurposeInference:
    typical_s = sorted(r.duration_s for r in reps)[len(reps) // 2] if reps else 0.0
    if typical_s < SHORT_REP_S:
        return PurposeInference(Purpose.SPEED, 0.8, f"{head}: {what}, short reps → speed")
    if typical_s <= VO2MAX_REP_MAX_S:
        return PurposeInference(
            Purpose.VO2MAX_INTERVALS, 0.8, f"{head}: {what}, 2–6 min reps → VO2max intervals"
        )
    return PurposeInference(
        Purpose.TEMPO_THRESHOLD, 0.75, f"{head}: {what}, long reps → threshold (cruise intervals)"
    )


def _finishes_hard(found: IntervalAnalysis) -> bool:
    """The fast block sits in the last quarter of the run and runs to (nearly) its end."""
    if not found.reps or not found.segments:
        return False
    start, end = found.segments[0].start_s, found.segments[-1].end_s
    last = found.reps[-1]
    return last.start_s >= start + (1 - STRONG_FINISH_SHARE) * (end - start) - 300 and (
        end - last.end_s <= 0.1 * (end - start)
    )


def _by_length_only(run: RunFacts, head: str) -> PurposeInference:
    if run.moving_time_s >= LONG_RUN_S:
        return PurposeInference(
            Purpose.LONG_RUN,
            0.4,
            f"{head}, intensity unknown (no heart rate zones or pace thresholds) → long run by "
            "length alone",
        )
    return PurposeInference(
        Purpose.EASY_AEROBIC,
        0.3,
        f"{head}, intensity unknown (no heart rate zones or pace thresholds), no structured "
        "work → easy aerobic, a guess",
    )


def _zone_text(shares: list[float] | None) -> str:
    if shares is None:
        return "intensity unknown"
    below, between, above = shares
    return (
        f"{below:.0%} below the first threshold, {between:.0%} between, "
        f"{above:.0%} above the second"
    )
