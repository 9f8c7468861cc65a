"""Training impulse (TRIMP): how much a session loaded the heart, from heart rate and time.

Three published forms: Banister's (exponential in heart-rate reserve), Edwards' (five %HRmax
zones) and Lucia's (three zones split at the ventilatory thresholds). Streams are summed per
sample: `time_deltas_s[i]` is the time sample `i` stands for; NaN heart rates count nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.zones import (
    max_heart_rate_zones,
    three_zones_from_thresholds,
    time_in_zones,
)

FloatArray = npt.NDArray[np.float64]

BANISTER_METHOD = "Banister TRIMP (Morton, Fitz-Clarke & Banister 1990)"
EDWARDS_METHOD = "Edwards 1993 summated heart-rate zones"
LUCIA_METHOD = "Lucia et al. 2003 three-zone TRIMP"

EDWARDS_WEIGHTS = (1.0, 2.0, 3.0, 4.0, 5.0)  # 50-60 … 90-100 % HRmax (Edwards 1993)
LUCIA_WEIGHTS = (1.0, 2.0, 3.0)  # below VT1, VT1-VT2, above VT2 (Lucia et al. 2003)


class Sex(StrEnum):
    """Banister's weighting differs by sex because blood lactate rises differently with HRr."""

    male = "male"
    female = "female"


# Morton, Fitz-Clarke & Banister (1990), J Appl Physiol 69:1171: a·e^(b·HRr) weighting.
_BANISTER_COEFFICIENTS = {Sex.male: (0.64, 1.92), Sex.female: (0.86, 1.67)}


def _check_heart_rates(resting_heart_rate_bpm: float, max_heart_rate_bpm: float) -> None:
    if not (
        math.isfinite(resting_heart_rate_bpm)
        and math.isfinite(max_heart_rate_bpm)
        and 0 < resting_heart_rate_bpm < max_heart_rate_bpm
    ):
        raise ScienceInputError(
            f"resting {resting_heart_rate_bpm:g} and maximum {max_heart_rate_bpm:g} bpm "
            "are not a heart-rate range",
            "resting heart rate must be positive and below maximum, e.g. 50 and 190",
        )


def heart_rate_reserve_fraction(
    heart_rate_bpm: npt.ArrayLike, resting_heart_rate_bpm: float, max_heart_rate_bpm: float
) -> FloatArray:
    """(HR − rest)/(max − rest), clipped to [0, 1] (Karvonen et al. 1957); NaN stays NaN."""
    _check_heart_rates(resting_heart_rate_bpm, max_heart_rate_bpm)
    heart_rate = np.asarray(heart_rate_bpm, dtype=np.float64)
    reserve = (heart_rate - resting_heart_rate_bpm) / (max_heart_rate_bpm - resting_heart_rate_bpm)
    clipped: FloatArray = np.clip(reserve, 0.0, 1.0)
    return clipped


def _stream(heart_rate_bpm: npt.ArrayLike, time_deltas_s: npt.ArrayLike) -> tuple[FloatArray, ...]:
    heart_rate = np.asarray(heart_rate_bpm, dtype=np.float64)
    deltas = np.asarray(time_deltas_s, dtype=np.float64)
    if heart_rate.shape != deltas.shape:
        raise ScienceInputError(
            f"{heart_rate.size} heart rates but {deltas.size} time deltas",
            "give one time delta per heart-rate sample",
        )
    if np.any(deltas < 0):
        raise ScienceInputError(
            "a time delta is negative", "time deltas are the seconds each sample stands for"
        )
    return heart_rate, deltas


def banister_trimp(
    heart_rate_bpm: npt.ArrayLike,
    time_deltas_s: npt.ArrayLike,
    *,
    resting_heart_rate_bpm: float,
    max_heart_rate_bpm: float,
    sex: Sex,
) -> float:
    """Banister TRIMP summed sample by sample over a heart-rate stream."""
    heart_rate, deltas = _stream(heart_rate_bpm, time_deltas_s)
    reserve = heart_rate_reserve_fraction(heart_rate, resting_heart_rate_bpm, max_heart_rate_bpm)
    a, b = _BANISTER_COEFFICIENTS[Sex(sex)]
    impulse = deltas / 60.0 * reserve * a * np.exp(b * reserve)  # Σ D·HRr·a·e^(b·HRr), D in min
    return float(np.nansum(impulse))


def banister_trimp_block(
    minutes: float,
    heart_rate_bpm: float,
    *,
    resting_heart_rate_bpm: float,
    max_heart_rate_bpm: float,
    sex: Sex,
) -> float:
    """Banister TRIMP for one block at a steady (or average) heart rate."""
    return banister_trimp(
        [heart_rate_bpm],
        [minutes * 60.0],
        resting_heart_rate_bpm=resting_heart_rate_bpm,
        max_heart_rate_bpm=max_heart_rate_bpm,
        sex=sex,
    )


def _weighted_minutes(
    minutes_in_zones: Sequence[float], weights: tuple[float, ...], method: str
) -> float:
    if len(minutes_in_zones) != len(weights):
        raise ScienceInputError(
            f"{method} needs minutes in {len(weights)} zones, got {len(minutes_in_zones)}",
            "give one number of minutes per zone, lowest zone first",
        )
    if any(not math.isfinite(m) or m < 0 for m in minutes_in_zones):
        raise ScienceInputError("minutes in a zone must be zero or more", "e.g. 10 20 15 10 5")
    return sum(w * m for w, m in zip(weights, minutes_in_zones, strict=True))


def edwards_trimp(minutes_in_zones: Sequence[float]) -> float:
    """Edwards TRIMP from minutes in 50-60/60-70/70-80/80-90/90-100 % HRmax, weighted 1…5."""
    return _weighted_minutes(minutes_in_zones, EDWARDS_WEIGHTS, EDWARDS_METHOD)  # Edwards 1993


def edwards_trimp_from_stream(
    heart_rate_bpm: npt.ArrayLike, time_deltas_s: npt.ArrayLike, *, max_heart_rate_bpm: float
) -> float:
    """Edwards TRIMP of a heart-rate stream; time below 50 % HRmax counts nothing."""
    heart_rate, deltas = _stream(heart_rate_bpm, time_deltas_s)
    zones = max_heart_rate_zones(max_heart_rate_bpm)
    seconds = time_in_zones(heart_rate, deltas, zones.boundaries)
    return edwards_trimp([float(s) / 60.0 for s in seconds])


def lucia_trimp(minutes_in_zones: Sequence[float]) -> float:
    """Lucia TRIMP from minutes below VT1, between VT1 and VT2, and above VT2, weighted 1/2/3."""
    return _weighted_minutes(minutes_in_zones, LUCIA_WEIGHTS, LUCIA_METHOD)  # Lucia et al. 2003


def lucia_trimp_from_stream(
    heart_rate_bpm: npt.ArrayLike,
    time_deltas_s: npt.ArrayLike,
    *,
    vt1_heart_rate_bpm: float,
    vt2_heart_rate_bpm: float,
) -> float:
    """Lucia TRIMP of a heart-rate stream, given heart rates at the two ventilatory thresholds."""
    heart_rate, deltas = _stream(heart_rate_bpm, time_deltas_s)
    zones = three_zones_from_thresholds(vt1_heart_rate_bpm, vt2_heart_rate_bpm)
    seconds = time_in_zones(heart_rate, deltas, zones.boundaries)
    return lucia_trimp([float(s) / 60.0 for s in seconds])
