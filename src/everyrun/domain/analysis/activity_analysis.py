"""One activity analysed: movement, effort, best efforts, structure and purpose, in one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from everyrun.domain import activity as act
from everyrun.domain.analysis.best_efforts import BEST_EFFORT_DISTANCES_M, BestEffort, best_efforts
from everyrun.domain.analysis.effort import Effort, analyse_effort
from everyrun.domain.analysis.movement import Movement, analyse_movement
from everyrun.domain.analysis.purpose_inference import PurposeInference, RunFacts, infer_purpose
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.intervals import IntervalAnalysis, detect_intervals
from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.vdot import training_paces, vdot_from_race

ANALYSIS_VERSION = 1  # bump when a rule changes: stored analyses of older versions are redone
HILLY_M_PER_KM = 25.0  # more climbing than this and pace stops being comparable to flat pace
RACE_DISTANCE_TOLERANCE = 0.03  # a measured race is within ~3 % of its nominal distance by GPS
RACE_HEART_RATE_OF_LTHR = 0.95  # a race of 5K to half is run at or near LTHR on average
RACE_HEART_RATE_OF_MAX = 0.87  # the same effort against max heart rate (Seiler's VT2)
RACE_WORDS = ("race", "parkrun", "wettkampf", "course", "carrera", "gara", "10k", "5k", "half")
RACE_SPEED_OF_THRESHOLD = 0.97  # 10K race pace is just above threshold pace (Daniels)
RACE_DISTANCES = {"5K": 5000.0, "10K": 10000.0, "half": 21097.5, "marathon": 42195.0}


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
    race = _race_distance(activity, movement, effort, profile) if is_run else None
    vdot = _race_vdot(race, efforts)
    facts = RunFacts(
        movement.moving_time_s, movement.distance_total_m, effort.intensity, intervals, race
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
    activity: act.Activity, movement: Movement, effort: Effort, profile: AthleteProfile
) -> str | None:
    """A continuous, hard effort over a standard distance: a race or a time trial."""
    distance = movement.distance_total_m
    if not distance or movement.moving_time_s < 0.95 * activity.moving_time_s - 60:
        return None
    match = next(
        (
            name
            for name, metres in RACE_DISTANCES.items()
            if abs(distance - metres) <= RACE_DISTANCE_TOLERANCE * metres
        ),
        None,
    )
    if match is None:
        return None
    named = any(word in (activity.name or "").lower() for word in RACE_WORDS)
    threshold_speed = profile.threshold_speed_mps or (
        training_paces(profile.vdot).threshold_mps if profile.vdot else None
    )
    fast = bool(
        effort.gap_speed_mps
        and threshold_speed
        and effort.gap_speed_mps >= RACE_SPEED_OF_THRESHOLD * threshold_speed
    )
    heart_rate = effort.avg_heart_rate_bpm
    hard = heart_rate is not None and (
        (
            profile.threshold_heart_rate_bpm
            and heart_rate >= RACE_HEART_RATE_OF_LTHR * profile.threshold_heart_rate_bpm
        )
        or (
            profile.max_heart_rate_bpm
            and heart_rate >= RACE_HEART_RATE_OF_MAX * profile.max_heart_rate_bpm
        )
    )
    steady = effort.intensity is None or effort.intensity.fractions[0] < 0.3
    return match if (hard or fast or named) and steady else None


def _race_vdot(race: str | None, efforts: list[BestEffort]) -> float | None:
    if race is None:
        return None
    key = {"5K": "5k", "10K": "10k", "half": "half", "marathon": "marathon"}[race]
    effort = next((e for e in efforts if e.name == key), None)
    if effort is None:
        return None
    try:
        return vdot_from_race(effort.distance_m, effort.time_s)
    except ScienceInputError:
        return None


__all__ = ["BEST_EFFORT_DISTANCES_M", "ActivityAnalysis", "analyse_activity"]
