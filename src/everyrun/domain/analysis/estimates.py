"""Profile values the athlete did not give, estimated from their own history, with evidence.

Only efforts that really happened count, so an estimate is a floor: a max heart rate never
reached in the files cannot be seen in them. Each estimate names the activity it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.vdot import training_paces, vdot_from_race
from everyrun.domain.units import format_duration

MAX_HEART_RATE_SPORTS = frozenset({"running", "cycling", "cross_country_skiing", "rowing"})
MAX_HEART_RATE_LOOKBACK = timedelta(days=730)  # max HR declines ~1 bpm a year; two years is fair
FITNESS_LOOKBACK = timedelta(days=365)  # VDOT and LTHR move with training: last year only
LTHR_MIN_MOVING_S = 30 * 60  # Friel's test: the last 20 min of a 30-min all-out effort
VDOT_MIN_DISTANCE_M = 3000.0  # shorter efforts overstate aerobic fitness


@dataclass(frozen=True)
class EffortFacts:
    """What one analysed run says about the athlete, whatever the thresholds were then."""

    activity_id: int
    day: date
    sport: str
    moving_time_s: float
    max_sustained_heart_rate_bpm: float | None
    best_20min_heart_rate_bpm: float | None
    best_efforts: list[tuple[str, float, float]] = field(default_factory=list)  # name, m, s


@dataclass(frozen=True)
class Estimate:
    value: float
    evidence: str
    activity_id: int


def estimate_profile(facts: Iterable[EffortFacts], as_of: date) -> dict[str, Estimate]:
    """Estimates keyed by AthleteProfile field name."""
    facts = [f for f in facts if f.day <= as_of]
    found: dict[str, Estimate] = {}
    # Hard efforts that can reach max heart rate: runs and rides, not a gym session or a walk.
    recent_hr = [
        f
        for f in facts
        if f.sport in MAX_HEART_RATE_SPORTS
        and f.max_sustained_heart_rate_bpm
        and f.day >= as_of - MAX_HEART_RATE_LOOKBACK
    ]
    if recent_hr:
        top = max(recent_hr, key=lambda f: f.max_sustained_heart_rate_bpm or 0)
        found["max_heart_rate_bpm"] = Estimate(
            round(top.max_sustained_heart_rate_bpm or 0),
            f"{top.max_sustained_heart_rate_bpm:.0f} bpm held 30 s on {top.day} "
            f"(activity {top.activity_id}); your true maximum may be higher",
            top.activity_id,
        )
    runs = [f for f in facts if f.sport == "running" and f.day >= as_of - FITNESS_LOOKBACK]
    threshold = [
        f for f in runs if f.best_20min_heart_rate_bpm and f.moving_time_s >= LTHR_MIN_MOVING_S
    ]
    if threshold:
        best = max(threshold, key=lambda f: f.best_20min_heart_rate_bpm or 0)
        found["threshold_heart_rate_bpm"] = Estimate(
            round(best.best_20min_heart_rate_bpm or 0),
            f"best 20-min average {best.best_20min_heart_rate_bpm:.0f} bpm on {best.day} "
            f"(activity {best.activity_id}), as in Friel's 30-min test",
            best.activity_id,
        )
    vdot = _best_vdot(runs)
    if vdot is not None:
        found["vdot"] = vdot
        speed = training_paces(vdot.value).threshold_mps
        found["threshold_speed_mps"] = Estimate(
            speed, f"threshold pace of VDOT {vdot.value:.1f} (Daniels)", vdot.activity_id
        )
    return found


def _best_vdot(runs: list[EffortFacts]) -> Estimate | None:
    best: Estimate | None = None
    for run in runs:
        for name, distance_m, time_s in run.best_efforts:
            if distance_m < VDOT_MIN_DISTANCE_M:
                continue
            try:
                vdot = vdot_from_race(distance_m, time_s)  # Daniels & Gilbert 1979
            except ScienceInputError:
                continue
            if best is None or vdot > best.value:
                best = Estimate(
                    round(vdot, 1),
                    f"{name} in {format_duration(time_s)} on {run.day} "
                    f"(activity {run.activity_id})",
                    run.activity_id,
                )
    return best
