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
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.science import stress, trimp, zones
from everyrun.domain.science.grade import grade_adjusted_speed
from everyrun.domain.science.vdot import training_paces

# Daniels: the easy range tops out at 74 % VO2max, threshold at 0.90 of vVDOT; from threshold
# speed alone VT1 sits at their ratio (~0.87), the same edge the VDOT pace zones use.
VT1_OF_THRESHOLD_SPEED = 0.871
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
class Load:
    value: float
    method: str  # "rTSS", "hrSS", "Edwards TRIMP", "session-RPE"
    detail: str


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
    graded = _graded_speed(movement) if pace_is_meaningful else None
    if heart_rate is None:
        missing.append("no heart rate")
    if movement.speed_mps is None:
        missing.append("no speed or distance")
    elif not pace_is_meaningful:
        missing.append(
            "pace not comparable (treadmill, trail or steep hills): judged by heart rate"
        )
    threshold_speed = _threshold_speed(profile)
    heart_rate_model = _heart_rate_zones(profile)
    intensity_model, intensity_values = _intensity_model(
        profile, heart_rate, graded, threshold_speed
    )
    if heart_rate is not None and heart_rate_model is None:
        missing.append("no max or threshold heart rate: set them with `everyrun athlete set`")
    if graded is not None and threshold_speed is None:
        missing.append("no threshold pace or VDOT: set one with `everyrun athlete set`")
    gap = _mean(graded, movement.dt_s, moving)
    banister = _banister(profile, heart_rate, movement.dt_s)
    return Effort(
        avg_heart_rate_bpm=_mean(heart_rate, movement.dt_s, moving),
        max_sustained_heart_rate_bpm=_rolling_max(heart_rate, movement.time_s, SUSTAINED_S),
        best_20min_heart_rate_bpm=_rolling_max(heart_rate, movement.time_s, 20 * 60),
        gap_speed_mps=gap,
        heart_rate_zones=_zone_time(heart_rate_model, heart_rate, movement.dt_s),
        pace_zones=_zone_time(_pace_model(profile), graded, movement.dt_s),
        intensity=_zone_time(intensity_model, intensity_values, movement.dt_s),
        trimp=banister,
        load=_load(activity, movement, profile, gap, threshold_speed, banister, heart_rate, rpe),
        efficiency_factor=_efficiency(graded, heart_rate, movement.dt_s, moving),
        decoupling_pct=_decoupling(graded, heart_rate, movement),
        missing=missing,
    )


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


def _threshold_speed(profile: AthleteProfile) -> float | None:
    if profile.threshold_speed_mps:
        return profile.threshold_speed_mps
    if profile.vdot:
        return training_paces(profile.vdot).threshold_mps
    return None


def _heart_rate_zones(profile: AthleteProfile) -> zones.ZoneModel | None:
    if profile.threshold_heart_rate_bpm:
        return zones.lthr_zones(profile.threshold_heart_rate_bpm)
    if profile.max_heart_rate_bpm:
        return zones.max_heart_rate_zones(profile.max_heart_rate_bpm)
    return None


def _pace_model(profile: AthleteProfile) -> zones.ZoneModel | None:
    return zones.pace_zones(profile.vdot) if profile.vdot else None


def _intensity_model(
    profile: AthleteProfile,
    heart_rate: act.FloatArray | None,
    graded: act.FloatArray | None,
    threshold_speed: float | None,
) -> tuple[zones.ZoneModel | None, act.FloatArray | None]:
    """Three zones by heart rate where it exists, else by grade-adjusted pace."""
    if heart_rate is not None:
        if profile.threshold_heart_rate_bpm:
            return zones.three_zones_from_lthr(profile.threshold_heart_rate_bpm), heart_rate
        if profile.max_heart_rate_bpm:
            return zones.three_zones_from_max_heart_rate(profile.max_heart_rate_bpm), heart_rate
    if graded is not None and threshold_speed:
        vt1 = training_paces(profile.vdot).easy_fast_mps if profile.vdot else None
        model = zones.ZoneModel(
            "three zones (pace)",
            zones.MPS,
            "Daniels: VT1 at the top of the easy range, VT2 at threshold pace",
            (
                zones.Zone("below VT1", 0.0, vt1 or VT1_OF_THRESHOLD_SPEED * threshold_speed),
                zones.Zone(
                    "VT1-VT2", vt1 or VT1_OF_THRESHOLD_SPEED * threshold_speed, threshold_speed
                ),
                zones.Zone("above VT2", threshold_speed, math.inf),
            ),
        )
        return model, graded
    return None, None


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
    profile: AthleteProfile, heart_rate: act.FloatArray | None, dt: act.FloatArray
) -> float | None:
    rest, top, sex = profile.resting_heart_rate_bpm, profile.max_heart_rate_bpm, profile.sex
    if heart_rate is None or not (rest and top and sex) or not len(dt):
        return None
    return trimp.banister_trimp(
        heart_rate, dt, resting_heart_rate_bpm=rest, max_heart_rate_bpm=top, sex=trimp.Sex(sex)
    )


def _load(
    activity: act.Activity,
    movement: Movement,
    profile: AthleteProfile,
    gap: float | None,
    threshold_speed: float | None,
    banister: float | None,
    heart_rate: act.FloatArray | None,
    rpe: float | None,
) -> Load | None:
    """One number per session, by the best method the data allows, and named."""
    moving_s = movement.moving_time_s
    if activity.sport == "running" and gap and threshold_speed:
        value = stress.running_stress_score(moving_s, gap, threshold_speed)
        detail = (
            f"grade-adjusted speed {gap / threshold_speed:.0%} of threshold "
            f"for {moving_s / 60:.0f} min"
        )
        return Load(value, "rTSS", detail)
    lthr = profile.threshold_heart_rate_bpm
    if (
        banister is not None
        and lthr
        and profile.resting_heart_rate_bpm
        and profile.max_heart_rate_bpm
    ):
        value = stress.heart_rate_stress_score(
            banister,
            threshold_heart_rate_bpm=lthr,
            resting_heart_rate_bpm=profile.resting_heart_rate_bpm,
            max_heart_rate_bpm=profile.max_heart_rate_bpm,
            sex=trimp.Sex(profile.sex or "male"),
        )
        return Load(value, "hrSS", f"Banister TRIMP {banister:.0f} scaled to 1 h at LTHR = 100")
    if heart_rate is not None and profile.max_heart_rate_bpm:
        value = trimp.edwards_trimp_from_stream(
            heart_rate, movement.dt_s, max_heart_rate_bpm=profile.max_heart_rate_bpm
        )
        return Load(value, "Edwards TRIMP", "minutes in %HRmax bands weighted 1-5")
    if rpe is not None:
        value = stress.session_rpe_load(rpe, moving_s / 60)
        return Load(value, "session-RPE", f"RPE {rpe:g} × {moving_s / 60:.0f} min")
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
