"""Session stress scores: perceived effort × time, and intensity relative to threshold.

The threshold scores share one form, TSS = hours · IF² · 100, so an hour at threshold is 100
whatever was measured. TrainingPeaks' rTSS (normalised graded pace) and hrTSS internals are not
published; the running and heart-rate variants here are our own and named for what they do.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.grade import grade_adjusted_speed
from everyrun.domain.science.trimp import Sex, banister_trimp_block

SESSION_RPE_METHOD = "Foster et al. 2001 session RPE (CR-10 × minutes)"
TSS_METHOD = "Coggan TSS form: hours · IF² · 100"
RUNNING_STRESS_METHOD = (
    "rTSS form with IF = time-weighted mean grade-adjusted speed (Minetti 2002) / threshold speed"
)
HEART_RATE_STRESS_METHOD = "hrSS: Banister TRIMP normalised so that one hour at LTHR = 100"


def _check_non_negative(name: str, value: float, example: str) -> None:
    if not (math.isfinite(value) and value >= 0):
        raise ScienceInputError(f"{name} {value:g} must be zero or more", example)


def session_rpe_load(rpe: float, minutes: float) -> float:
    """Session load in arbitrary units: CR-10 RPE × minutes (Foster et al. 2001, JSCR 15:109)."""
    if not (math.isfinite(rpe) and 0 <= rpe <= 10):
        raise ScienceInputError(
            f"RPE {rpe:g} is outside Borg's CR-10 scale",
            "rate the whole session from 0 (rest) to 10 (maximal), about 30 min after it",
        )
    _check_non_negative("duration", minutes, "give the session's minutes, e.g. 60")
    return rpe * minutes  # Foster 1998/2001: sRPE load = RPE × duration (min)


def intensity_factor(value: float, threshold: float) -> float:
    """Effort relative to threshold (speed, power, or their normalised forms): value/threshold."""
    _check_non_negative("value", value, "e.g. a speed in m/s")
    if not (math.isfinite(threshold) and threshold > 0):
        raise ScienceInputError(
            f"threshold {threshold:g} must be positive", "set your threshold pace or power"
        )
    return value / threshold  # Coggan & Allen 2006: IF = NP / FTP


def training_stress_score(duration_s: float, intensity_factor: float) -> float:
    """Stress of a session: hours · IF² · 100 (Coggan & Allen 2006, *Training and Racing with a
    Power Meter*); an hour at threshold scores 100."""
    _check_non_negative("duration", duration_s, "give seconds, e.g. 3600")
    _check_non_negative("intensity factor", intensity_factor, "e.g. 0.85")
    return duration_s / 3600.0 * intensity_factor**2 * 100.0  # TSS = h · IF² · 100


def mean_graded_speed_mps(
    speed_mps: npt.ArrayLike, grade: npt.ArrayLike, time_deltas_s: npt.ArrayLike
) -> float:
    """Time-weighted mean of grade-adjusted speed over the samples given (NaN samples skipped).

    We use a plain mean, not NP's 30-s rolling fourth-power mean: the energy cost of running per
    metre hardly varies with speed (Margaria et al. 1963), so metabolic rate rises about linearly
    with graded speed, and NP's fourth power was chosen for cycling power. Pass moving samples
    only: stops would dilute the mean.
    """
    speed = np.asarray(speed_mps, dtype=np.float64)
    deltas = np.asarray(time_deltas_s, dtype=np.float64)
    graded = np.broadcast_to(grade_adjusted_speed(speed, grade), speed.shape)
    if deltas.shape != speed.shape:
        raise ScienceInputError(
            f"{speed.size} speeds but {deltas.size} time deltas", "give one delta per sample"
        )
    counted = np.isfinite(graded) & np.isfinite(deltas) & (deltas > 0)
    total_s = float(deltas[counted].sum())
    if total_s <= 0:
        raise ScienceInputError("no sample has both a speed and a time", "check the streams")
    return float(np.sum(graded[counted] * deltas[counted]) / total_s)


def running_stress_score(
    duration_s: float, gap_speed_mps: float, threshold_speed_mps: float
) -> float:
    """rTSS-form running stress from mean grade-adjusted speed against threshold speed.

    IF = mean graded speed / threshold speed (see `mean_graded_speed_mps`); then the TSS form.
    For pace this is threshold pace / graded pace: 60 min at 4:45/km against 4:15/km is 80.1.
    """
    factor = intensity_factor(gap_speed_mps, threshold_speed_mps)
    return training_stress_score(duration_s, factor)


def heart_rate_stress_score(
    trimp: float,
    *,
    threshold_heart_rate_bpm: float,
    resting_heart_rate_bpm: float,
    max_heart_rate_bpm: float,
    sex: Sex,
) -> float:
    """hrSS, our own variant: Banister TRIMP scaled so that one hour at LTHR scores 100.

    TrainingPeaks' hrTSS is unpublished; this keeps Banister's weighting and only rescales it.
    """
    _check_non_negative("TRIMP", trimp, "compute it with banister_trimp")
    if not resting_heart_rate_bpm < threshold_heart_rate_bpm <= max_heart_rate_bpm:
        raise ScienceInputError(
            f"LTHR {threshold_heart_rate_bpm:g} bpm is not between resting "
            f"{resting_heart_rate_bpm:g} and maximum {max_heart_rate_bpm:g}",
            "check your heart-rate settings",
        )
    hour_at_threshold = banister_trimp_block(
        60.0,
        threshold_heart_rate_bpm,
        resting_heart_rate_bpm=resting_heart_rate_bpm,
        max_heart_rate_bpm=max_heart_rate_bpm,
        sex=sex,
    )
    return 100.0 * trimp / hour_at_threshold  # hrSS = 100 · TRIMP / TRIMP(1 h at LTHR)
