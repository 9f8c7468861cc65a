"""How hard a session was: zones, TRIMP, one named load number, efficiency and decoupling.

Every number needs some threshold from the athlete's profile; where one is missing the number
is left out and `missing` says which setting would fill it, never a made-up default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from everyrun.domain import activity as act
from everyrun.domain.analysis.movement import Movement
from everyrun.domain.analysis.session_load import Load, session_load, why_no_load
from everyrun.domain.analysis.thresholds import Thresholds, thresholds_of
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.science import trimp, zones
from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.grade import grade_adjusted_speed

# Heart rate on under half the session (a strap lost in the water) judges nothing; under 95 %
# (a dropout) the heart-rate numbers stand for the recorded part, and `missing` says so.
HEART_RATE_COVERAGE = 0.5
HEART_RATE_GAPLESS = 0.95
DECOUPLING_MIN_S = 20 * 60  # halves shorter than 10 min say more about warm-up than drift
SUSTAINED_S = 30  # max heart rate counts only when held this long (not a strap spike)


@dataclass(frozen=True)
class ZoneTime:
    model: str
    source: str
    names: list[str]
    lower: list[float]
    seconds: list[float]

    @property
    def fractions(self) -> list[float]:
        total = sum(self.seconds)
        return [s / total if total else 0.0 for s in self.seconds]


@dataclass(frozen=True)
class Effort:
    avg_heart_rate_bpm: float | None
    max_sustained_heart_rate_bpm: float | None
    best_20min_heart_rate_bpm: float | None  # for LTHR estimates (Friel's 30-min test)
    gap_speed_mps: float | None  # time-weighted mean grade-adjusted speed while moving
    heart_rate_zones: ZoneTime | None
    pace_zones: ZoneTime | None
    intensity: ZoneTime | None  # three zones: below VT1, between, above VT2
    trimp: float | None
    load: Load | None
    efficiency_factor: float | None  # graded metres per minute per beat
    decoupling_pct: float | None
    missing: list[str] = field(default_factory=list)
    # Shares of the intensity time (same signal as `intensity`): in the recovery band, and at
    # threshold work or harder (Friel's Z4 and up, Daniels' T pace and faster).
    recovery_share: float | None = None
    threshold_share: float | None = None


def analyse_effort(
    activity: act.Activity,
    movement: Movement,
    profile: AthleteProfile,
    *,
    pace_is_meaningful: bool,
    rpe: float | None = None,
) -> Effort:
    missing: list[str] = []
    heart_rate = _stream(activity, act.HEART_RATE)
    moving = movement.dt_s > 0 if len(movement.dt_s) else np.zeros(0, dtype=bool)
    if heart_rate is None:
        missing.append("no heart rate")
    heart_rate = _enough_heart_rate(heart_rate, movement.dt_s, moving, missing)
    graded = _graded_speed(movement) if pace_is_meaningful else None
    if movement.speed_mps is None:
        missing.append("no speed or distance")
    elif not pace_is_meaningful and activity.sport == "running":
        missing.append("pace not comparable (trail or steep hills): no grade-adjusted pace")
    edges = thresholds_of(profile)
    if heart_rate is not None and not edges.by_heart_rate:
        missing.append("no max or threshold heart rate: set --max-hr or --lthr (athlete set)")
    if graded is not None and edges.vt2_mps is None:
        missing.append("no threshold pace or VDOT: set --threshold-pace or --vdot (athlete set)")
    values, low, high = _intensity_signal(edges, heart_rate, graded)
    intensity = _zone_time(_intensity_model(edges, heart_rate, graded), values, movement.dt_s)
    gap = _mean(graded, movement.dt_s, moving)
    banister = _banister(profile, heart_rate, movement.dt_s, missing)
    load = session_load(activity, movement, profile, gap, edges.vt2_mps, banister, heart_rate, rpe)
    if load is None:
        missing.append(why_no_load(activity, heart_rate, graded, profile))
    return Effort(
        avg_heart_rate_bpm=_mean(heart_rate, movement.dt_s, moving),
        max_sustained_heart_rate_bpm=_rolling_max(heart_rate, movement.time_s, SUSTAINED_S),
        best_20min_heart_rate_bpm=_rolling_max(heart_rate, movement.time_s, 20 * 60),
        gap_speed_mps=gap,
        heart_rate_zones=_zone_time(heart_rate_zone_model(profile), heart_rate, movement.dt_s),
        pace_zones=_zone_time(_pace_model(profile), graded, movement.dt_s),
        intensity=intensity,
        trimp=banister,
        load=load,
        efficiency_factor=_efficiency(graded, heart_rate, movement.dt_s, moving),
        decoupling_pct=_decoupling(graded, heart_rate, movement),
        missing=missing,
        recovery_share=_share(values, movement.dt_s, moving, upper=low),
        threshold_share=_share(values, movement.dt_s, moving, lower=high),
    )


def _enough_heart_rate(
    heart_rate: act.FloatArray | None, dt: act.FloatArray, moving: np.ndarray, missing: list[str]
) -> act.FloatArray | None:
    """Heart rate that covers the session well enough to judge it by, and what it misses."""
    total = float(dt[moving].sum()) if len(dt) else 0.0
    if heart_rate is None or total <= 0:
        return heart_rate
    covered = float(dt[moving & np.isfinite(heart_rate)].sum())
    if covered < HEART_RATE_COVERAGE * total:
        missing.append(f"heart rate on only {covered / total:.0%} of the moving time: not used")
        return None
    if covered < HEART_RATE_GAPLESS * total:
        missing.append(
            f"no heart rate for {(total - covered) / 60:.0f} min: heart-rate figures and TRIMP "
            "cover the rest only"
        )
    return heart_rate


def _stream(activity: act.Activity, name: str) -> act.FloatArray | None:
    values = activity.streams.get(name)
    return values if values is not None and np.isfinite(values).any() else None


def _graded_speed(movement: Movement) -> act.FloatArray | None:
    if movement.speed_mps is None:
        return None
    if movement.grade is None:
        return movement.speed_mps
    return grade_adjusted_speed(movement.speed_mps, movement.grade)  # Minetti 2002


def _mean(values: act.FloatArray | None, dt: act.FloatArray, mask: np.ndarray) -> float | None:
    if values is None or not len(dt):
        return None
    use = mask & np.isfinite(values)
    weight = float(dt[use].sum())
    return float(np.sum(values[use] * dt[use]) / weight) if weight > 0 else None


def _rolling_max(
    values: act.FloatArray | None, time: act.FloatArray, window_s: float
) -> float | None:
    """Highest mean held over `window_s` of recording, vectorised with cumulative sums."""
    if values is None or len(time) < 2 or time[-1] - time[0] < window_s:
        return None
    known = np.isfinite(values)
    sums = np.concatenate([[0.0], np.cumsum(np.where(known, values, 0.0))])
    counts = np.concatenate([[0], np.cumsum(known)])
    starts = np.arange(len(time))
    ends = np.searchsorted(time, time + window_s, side="left")  # exclusive
    inside = ends < len(time)
    starts, ends = starts[inside], ends[inside]
    number = counts[ends] - counts[starts]
    # A window must be mostly recorded: half its samples with a value at the least.
    enough = number >= 0.5 * (ends - starts)
    if not enough.any():
        return None
    means = (sums[ends] - sums[starts])[enough] / number[enough]
    return float(means.max())


def heart_rate_zone_model(profile: AthleteProfile) -> zones.ZoneModel | None:
    """The athlete's chosen heart-rate zones, or the best the profile allows."""
    choice = profile.heart_rate_zones
    lthr, top, rest = (
        profile.threshold_heart_rate_bpm,
        profile.max_heart_rate_bpm,
        profile.resting_heart_rate_bpm,
    )
    if choice == "reserve" and top and rest and top > rest:
        return zones.heart_rate_reserve_zones(rest, top)
    if choice == "max" and top:
        return zones.max_heart_rate_zones(top)
    if lthr:
        return zones.lthr_zones(lthr)
    if top:
        return zones.max_heart_rate_zones(top)
    return None


def athlete_zone_models(profile: AthleteProfile) -> list[zones.ZoneModel]:
    """Every zone model the profile supports: heart rate, pace, and the three-zone splits."""
    edges = thresholds_of(profile)
    found = [
        heart_rate_zone_model(profile),
        _pace_model(profile),
        _intensity_model(edges, np.zeros(1), None),
        _intensity_model(edges, None, np.zeros(1)),
    ]
    return [model for model in found if model is not None]


def _pace_model(profile: AthleteProfile) -> zones.ZoneModel | None:
    return zones.pace_zones(profile.vdot) if profile.vdot else None


def _intensity_signal(
    edges: Thresholds, heart_rate: act.FloatArray | None, graded: act.FloatArray | None
) -> tuple[act.FloatArray | None, float | None, float | None]:
    """Heart rate where it exists and has thresholds, else grade-adjusted speed; with the
    recovery and threshold-work edges in the same unit."""
    if heart_rate is not None and edges.by_heart_rate:
        return heart_rate, edges.recovery_bpm, edges.threshold_work_bpm
    if graded is not None and edges.by_speed:
        return graded, edges.recovery_mps, edges.threshold_work_mps
    return None, None, None


def _intensity_model(
    edges: Thresholds, heart_rate: act.FloatArray | None, graded: act.FloatArray | None
) -> zones.ZoneModel | None:
    """Three zones (below VT1, between, above VT2) on the signal `_intensity_signal` picks."""
    if heart_rate is not None and edges.vt1_bpm and edges.vt2_bpm:
        return zones.three_zones_from_thresholds(edges.vt1_bpm, edges.vt2_bpm)
    if graded is not None and edges.vt1_mps and edges.vt2_mps:
        return zones.ZoneModel(
            "three zones (pace)",
            zones.MPS,
            "Daniels: VT1 at the top of the easy range, VT2 at threshold pace",
            (
                zones.Zone("below VT1", 0.0, edges.vt1_mps),
                zones.Zone("VT1-VT2", edges.vt1_mps, edges.vt2_mps),
                zones.Zone("above VT2", edges.vt2_mps, math.inf),
            ),
        )
    return None


def _share(
    values: act.FloatArray | None,
    dt: act.FloatArray,
    moving: np.ndarray,
    *,
    lower: float | None = None,
    upper: float | None = None,
) -> float | None:
    """Share of the moving time with a value in [lower, upper)."""
    if values is None or (lower is None and upper is None) or not len(dt):
        return None
    known = moving & np.isfinite(values)
    total = float(dt[known].sum())
    if total <= 0:
        return None
    inside = known & (values >= (lower if lower is not None else -math.inf))
    inside &= values < (upper if upper is not None else math.inf)
    return float(dt[inside].sum()) / total


def _zone_time(
    model: zones.ZoneModel | None, values: act.FloatArray | None, dt: act.FloatArray
) -> ZoneTime | None:
    if model is None or values is None or not len(dt):
        return None
    seconds = zones.time_in_zones(values, dt, model.boundaries)
    return ZoneTime(
        model=model.name,
        source=model.source,
        names=[z.name for z in model.zones],
        lower=[z.lower for z in model.zones],
        seconds=[float(s) for s in seconds],
    )


def _banister(
    profile: AthleteProfile,
    heart_rate: act.FloatArray | None,
    dt: act.FloatArray,
    missing: list[str],
) -> float | None:
    rest, top, sex = profile.resting_heart_rate_bpm, profile.max_heart_rate_bpm, profile.sex
    if heart_rate is None or not len(dt):
        return None
    if not (rest and top and sex):
        needed = [flag for flag, value in (("--resting-hr", rest), ("--max-hr", top)) if not value]
        needed += [] if sex else ["--sex"]
        missing.append(f"no Banister TRIMP: set {', '.join(needed)} (everyrun athlete set)")
        return None
    try:
        return trimp.banister_trimp(
            heart_rate, dt, resting_heart_rate_bpm=rest, max_heart_rate_bpm=top, sex=trimp.Sex(sex)
        )
    except ScienceInputError as error:  # e.g. a resting heart rate above an estimated max
        missing.append(f"no Banister TRIMP: {error.message}")
        return None


def _efficiency(
    graded: act.FloatArray | None,
    heart_rate: act.FloatArray | None,
    dt: act.FloatArray,
    mask: np.ndarray,
) -> float | None:
    """Efficiency factor: graded speed in m/min per beat (TrainingPeaks' EF for running)."""
    if graded is None or heart_rate is None:
        return None
    both = mask & np.isfinite(graded) & np.isfinite(heart_rate)
    speed = _mean(graded, dt, both)
    beats = _mean(heart_rate, dt, both)
    if not speed or not beats:
        return None
    return speed * 60.0 / beats


def _decoupling(
    graded: act.FloatArray | None, heart_rate: act.FloatArray | None, movement: Movement
) -> float | None:
    """Aerobic decoupling (Pa:HR): how much the second half's EF fell against the first's."""
    if graded is None or heart_rate is None or movement.moving_time_s < DECOUPLING_MIN_S:
        return None
    moving = movement.dt_s > 0
    elapsed = np.cumsum(movement.dt_s)
    first = moving & (elapsed <= movement.moving_time_s / 2)
    second = moving & (elapsed > movement.moving_time_s / 2)
    early = _efficiency(graded, heart_rate, movement.dt_s, first)
    late = _efficiency(graded, heart_rate, movement.dt_s, second)
    if not early or not late:
        return None
    return (early - late) / early * 100.0
