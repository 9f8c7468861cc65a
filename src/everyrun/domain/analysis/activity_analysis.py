"""One activity analysed: movement, effort, best efforts, structure and purpose, in one call."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from everyrun.domain import activity as act
from everyrun.domain.analysis.best_efforts import BEST_EFFORT_DISTANCES_M, BestEffort, best_efforts
from everyrun.domain.analysis.effort import Effort, analyse_effort
from everyrun.domain.analysis.movement import Movement, analyse_movement
from everyrun.domain.analysis.purpose_inference import PurposeInference, RunFacts, infer_purpose
from everyrun.domain.analysis.thresholds import Thresholds, thresholds_of
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.intervals import IntervalAnalysis, detect_intervals
from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.vdot import race_time_s, vdot_from_race

ANALYSIS_VERSION = 2  # bump when a rule changes: stored analyses of older versions are redone
HILLY_M_PER_KM = 25.0  # more climbing than this and pace stops being comparable to flat pace
RACE_DISTANCE_TOLERANCE = 0.03  # a measured race is within ~3 % of its nominal distance by GPS
# Race effort by distance: (metres, average heart rate as a share of LTHR, of HRmax, speed as a
# share of threshold speed). Friel's LTHR is about the average of a 30-60 min race, so 5K and
# 10K races average at or above it, a half ~95 % and a marathon ~90 %; each floor sits ~3 %
# lower for the first minutes, and HRmax floors take LTHR as 89 % of HRmax. Speeds are Daniels'
# race paces against T pace at VDOT 50 (5K 1.068, 10K 1.031, half 0.981, marathon 0.942).
RACE_DISTANCES: dict[str, tuple[float, float, float, float]] = {
    "5K": (5000.0, 0.97, 0.86, 1.068),
    "10K": (10000.0, 0.97, 0.86, 1.031),
    "half": (21097.5, 0.92, 0.82, 0.981),
    "marathon": (42195.0, 0.87, 0.78, 0.942),
}
RACE_SPEED_MARGIN = 0.95  # within 5 % of the predicted race pace: a race on a bad day or hills
# Words that name a race, whole words only: "course" and "carrera" are also plain "run" in
# French and Spanish app names, and distances alone ("easy 10k") say nothing about the effort.
RACE_WORDS = re.compile(r"\b(race|racing|parkrun|wettkampf|gara|time trial|tt)\b", re.IGNORECASE)
RACE_EASY_SHARE = 0.3  # a race keeps under ~30 % below VT1 (the warm-up is a separate file)
RACE_TENTHS = 10  # a race is run evenly: its slowest tenth is no slower than
RACE_EVEN = 0.8  # 80 % of its median tenth (a warm-up or cool-down km inside fails this)
# Structured reps are training, never a race (a race ending in a sprint is not "intervals").
NOT_RACE_PATTERNS = frozenset({"intervals", "strides", "hill_repeats", "fartlek"})


@dataclass(frozen=True)
class ActivityAnalysis:
    version: int
    sport: str
    profile_day: date
    moving_time_s: float
    distance_m: float | None
    elevation_gain_m: float | None
    avg_speed_mps: float | None
    pace_is_meaningful: bool
    effort: Effort
    best_efforts: list[BestEffort]
    vdot_estimate: float | None  # only for race-like efforts
    intervals: IntervalAnalysis | None
    purpose: PurposeInference
    missing: list[str] = field(default_factory=list)


def analyse_activity(
    activity: act.Activity, profile: AthleteProfile, profile_day: date, *, rpe: float | None = None
) -> ActivityAnalysis:
    movement = analyse_movement(activity)
    is_run = activity.sport == "running"
    meaningful = is_run and _pace_is_meaningful(activity, movement)
    effort = analyse_effort(activity, movement, profile, pace_is_meaningful=meaningful, rpe=rpe)
    efforts = (
        best_efforts(movement.time_s, movement.distance_m)
        if is_run and movement.distance_m is not None and activity.sub_sport != "treadmill"
        else []
    )
    intervals = detect_intervals(activity) if is_run else None
    edges = thresholds_of(profile)
    race, evidence = (
        _race_distance(activity, movement, effort, profile, edges, intervals)
        if is_run
        else (None, None)
    )
    vdot = _race_vdot(race, efforts, movement)
    facts = RunFacts(
        movement.moving_time_s,
        movement.distance_total_m,
        effort.intensity,
        intervals,
        race,
        thresholds=edges,
        recovery_share=effort.recovery_share,
        threshold_share=effort.threshold_share,
        gap_speed_mps=effort.gap_speed_mps,
        race_evidence=evidence,
    )
    missing = list(dict.fromkeys([*effort.missing, *(intervals.missing if intervals else [])]))
    distance = movement.distance_total_m or activity.distance_m
    return ActivityAnalysis(
        version=ANALYSIS_VERSION,
        sport=activity.sport,
        profile_day=profile_day,
        moving_time_s=movement.moving_time_s,
        distance_m=distance,
        elevation_gain_m=movement.elevation_gain_m,
        avg_speed_mps=distance / movement.moving_time_s
        if distance and movement.moving_time_s
        else None,
        pace_is_meaningful=meaningful,
        effort=effort,
        best_efforts=efforts,
        vdot_estimate=vdot,
        intervals=intervals,
        purpose=infer_purpose(activity.sport, activity.sub_sport, facts if is_run else None),
        missing=missing,
    )


def _pace_is_meaningful(activity: act.Activity, movement: Movement) -> bool:
    """Pace compares across runs only on road-like ground with a real distance."""
    if movement.speed_mps is None or activity.sub_sport == "trail":
        return False
    km = (movement.distance_total_m or 0) / 1000
    climbing = movement.elevation_gain_m
    return not (km and climbing is not None and climbing / km > HILLY_M_PER_KM)


def _race_distance(
    activity: act.Activity,
    movement: Movement,
    effort: Effort,
    profile: AthleteProfile,
    edges: Thresholds,
    intervals: IntervalAnalysis | None,
) -> tuple[str | None, str | None]:
    """A continuous, even, hard effort over a standard distance: a race or a time trial.

    Hard means race heart rate for the distance, or a pace within 5 % of the athlete's predicted
    race pace, or a name that says race; a run mostly below VT1 is never one, whatever its name.
    """
    distance = movement.distance_total_m
    if not distance or movement.moving_time_s < 0.95 * activity.moving_time_s - 60:
        return None, None
    if intervals is not None and intervals.pattern in NOT_RACE_PATTERNS:
        return None, None
    match = next(
        (
            (name, rule)
            for name, rule in RACE_DISTANCES.items()
            if abs(distance - rule[0]) <= RACE_DISTANCE_TOLERANCE * rule[0]
        ),
        None,
    )
    if match is None or not _even(movement):
        return None, None
    name, (metres, of_lthr, of_max, of_threshold) = match
    named = bool(RACE_WORDS.search(activity.name or ""))
    expected = _race_speed(profile, edges, metres, of_threshold)
    gap = effort.gap_speed_mps
    fast = bool(gap and expected and gap >= RACE_SPEED_MARGIN * expected)
    heart_rate, lthr, top = (
        effort.avg_heart_rate_bpm,
        profile.threshold_heart_rate_bpm,
        profile.max_heart_rate_bpm,
    )
    hard = heart_rate is not None and (
        (lthr is not None and heart_rate >= of_lthr * lthr)
        or (lthr is None and top is not None and heart_rate >= of_max * top)
    )
    steady = effort.intensity is None or effort.intensity.fractions[0] < RACE_EASY_SHARE
    if not ((hard or fast or named) and steady):
        return None, None
    said = [f"an even effort over {name}"]
    if gap and expected:
        said.append(f"at {_pace(gap)} ({gap / expected:.0%} of predicted race pace)")
    elif gap:
        said.append(f"at {_pace(gap)}")
    if heart_rate is not None and (lthr or top):
        share = heart_rate / (lthr or top or 1)
        said.append(f"avg {heart_rate:.0f} bpm ({share:.0%} of {'LTHR' if lthr else 'max'})")
    if named:
        said.append(f"named {activity.name!r}")
    return name, ", ".join(said)


def _pace(speed_mps: float) -> str:
    seconds = round(1000.0 / speed_mps)
    return f"{seconds // 60}:{seconds % 60:02d}/km"


def _race_speed(
    profile: AthleteProfile, edges: Thresholds, metres: float, of_threshold: float
) -> float | None:
    """The athlete's predicted race speed over the distance: Daniels from VDOT, else from T."""
    if profile.vdot and not profile.threshold_speed_mps:
        try:
            return metres / race_time_s(profile.vdot, metres)
        except ScienceInputError:
            return None
    return of_threshold * edges.vt2_mps if edges.vt2_mps else None


def _even(movement: Movement) -> bool:
    """No tenth of the run (by moving time) much slower than the typical tenth."""
    if movement.distance_m is None or movement.moving_time_s <= 0:
        return True
    elapsed = np.cumsum(movement.dt_s)
    marks = np.linspace(0.0, movement.moving_time_s, RACE_TENTHS + 1)
    at = np.clip(np.searchsorted(elapsed, marks), 0, len(elapsed) - 1)
    covered = np.diff(movement.distance_m[at])
    if not np.isfinite(covered).all() or np.median(covered) <= 0:
        return True
    return bool(covered.min() >= RACE_EVEN * np.median(covered))


def _race_vdot(race: str | None, efforts: list[BestEffort], movement: Movement) -> float | None:
    """VDOT of the race at its nominal distance (Daniels & Gilbert 1979).

    GPS measures a race a little long or short. Measured long: the best effort over the nominal
    distance, so a jog after the line does not count. Measured short: the whole run's time.
    """
    if race is None or not len(movement.time_s):
        return None
    metres = RACE_DISTANCES[race][0]
    key = {"5K": "5k", "10K": "10k", "half": "half", "marathon": "marathon"}[race]
    effort = next((e for e in efforts if e.name == key), None)
    seconds = (
        effort.time_s
        if effort is not None
        else float(movement.time_s[-1] - movement.time_s[0])  # continuous: elapsed is moving
    )
    try:
        return vdot_from_race(metres, seconds)
    except ScienceInputError:
        return None


__all__ = ["BEST_EFFORT_DISTANCES_M", "ActivityAnalysis", "analyse_activity"]
