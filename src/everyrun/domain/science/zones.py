"""Training zones: named bands of heart rate or speed, and the time a session spent in each.

Every model is one `ZoneModel`: contiguous zones, lowest first, each with inclusive lower and
exclusive upper bound. The top zone is open-ended (upper bound infinity), so a heart rate above
a stale maximum still counts as the hardest zone rather than vanishing.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.vdot import (
    INTERVAL_FRACTION,
    MARATHON_FRACTION,
    REPETITION_FRACTION,
    THRESHOLD_FRACTION,
    training_paces,
    velocity_at_vdot_m_per_min,
)

FloatArray = npt.NDArray[np.float64]

BPM = "bpm"
MPS = "m/s"

# Friel's running zones as fractions of LTHR: Z1 < 85 %, Z2 85-89 %, Z3 90-94 %, Z4 95-99 %,
# Z5 (his 5a-5c together) from 100 % (J. Friel, "Quick Guide to Setting Zones", TrainingPeaks
# 2009; *The Triathlete's Training Bible*).
FRIEL_RUN_LTHR_FRACTIONS = (0.0, 0.85, 0.90, 0.95, 1.00, math.inf)
# Five 10 %-wide bands from 50 % (Edwards 1993, *The Heart Rate Monitor Book*), used both of
# HRmax and of heart-rate reserve (Karvonen, Kentala & Mustala 1957).
FIVE_BAND_FRACTIONS = (0.50, 0.60, 0.70, 0.80, 0.90, math.inf)
# Seiler (2010), IJSPP 5:276-291, Table 1: the first threshold lies near 82 % HRmax (top of his
# zone 2, ~2 mmol/L lactate) and the second near 87 % HRmax (top of zone 3, ~4 mmol/L).
VT1_MAX_HEART_RATE_FRACTION = 0.82
VT2_MAX_HEART_RATE_FRACTION = 0.87
# From LTHR: Friel's 30-minute test estimates the second threshold (VT2 = LTHR); we take the
# upper edge of his aerobic zone 2 (90 % LTHR) as VT1.
VT1_LTHR_FRACTION = 0.90
VT2_LTHR_FRACTION = 1.00


@dataclass(frozen=True)
class Zone:
    """One band: `lower` ≤ value < `upper`, in the model's unit."""

    name: str
    lower: float
    upper: float


@dataclass(frozen=True)
class ZoneModel:
    """Contiguous named zones, lowest first; `source` names where the bands come from."""

    name: str
    unit: str
    source: str
    zones: tuple[Zone, ...]

    def __post_init__(self) -> None:
        for zone in self.zones:
            if not zone.lower < zone.upper:
                raise ScienceInputError(
                    f"zone {zone.name} would run from {zone.lower:g} to {zone.upper:g} {self.unit}",
                    "check the thresholds: each must be above the one before",
                )
        for below, above in itertools.pairwise(self.zones):
            if below.upper != above.lower:
                raise ScienceInputError(
                    f"zones {below.name} and {above.name} do not meet", "zones must be contiguous"
                )

    @property
    def boundaries(self) -> tuple[float, ...]:
        """Every zone's lower bound, then the top zone's upper bound: edges for time_in_zones."""
        return (*(zone.lower for zone in self.zones), self.zones[-1].upper)


def _check_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ScienceInputError(f"{name} {value:g} must be positive", "e.g. 165 bpm")


def _model(
    name: str, unit: str, source: str, labels: tuple[str, ...], edges: tuple[float, ...]
) -> ZoneModel:
    zones = tuple(
        Zone(label, lower, upper)
        for label, lower, upper in zip(labels, edges, edges[1:], strict=False)
    )
    return ZoneModel(name=name, unit=unit, source=source, zones=zones)


_FIVE = ("Z1", "Z2", "Z3", "Z4", "Z5")


def lthr_zones(threshold_heart_rate_bpm: float) -> ZoneModel:
    """Friel's five running heart-rate zones from lactate-threshold heart rate."""
    _check_positive("threshold heart rate", threshold_heart_rate_bpm)
    edges = tuple(threshold_heart_rate_bpm * f for f in FRIEL_RUN_LTHR_FRACTIONS)
    return _model("LTHR zones", BPM, "Friel 2009 (running)", _FIVE, edges)


def max_heart_rate_zones(max_heart_rate_bpm: float) -> ZoneModel:
    """Five zones of 10 % HRmax from 50 %: Edwards' TRIMP bands."""
    _check_positive("maximum heart rate", max_heart_rate_bpm)
    edges = tuple(max_heart_rate_bpm * f for f in FIVE_BAND_FRACTIONS)
    return _model("%HRmax zones", BPM, "Edwards 1993", _FIVE, edges)


def heart_rate_reserve_zones(resting_heart_rate_bpm: float, max_heart_rate_bpm: float) -> ZoneModel:
    """Five zones of 10 % heart-rate reserve from 50 % (Karvonen's formula)."""
    _check_positive("resting heart rate", resting_heart_rate_bpm)
    if not max_heart_rate_bpm > resting_heart_rate_bpm:
        raise ScienceInputError(
            f"maximum {max_heart_rate_bpm:g} bpm is not above resting {resting_heart_rate_bpm:g}",
            "give resting and maximum heart rate, e.g. 50 and 190",
        )
    reserve_bpm = max_heart_rate_bpm - resting_heart_rate_bpm
    # Karvonen et al. 1957: target HR = rest + fraction · (max − rest)
    edges = tuple(resting_heart_rate_bpm + f * reserve_bpm for f in FIVE_BAND_FRACTIONS)
    return _model("HR reserve zones", BPM, "Karvonen et al. 1957", _FIVE, edges)


_THREE = ("below VT1", "VT1-VT2", "above VT2")


def three_zones_from_thresholds(vt1_heart_rate_bpm: float, vt2_heart_rate_bpm: float) -> ZoneModel:
    """Seiler's three-zone model from measured ventilatory thresholds (Seiler & Kjerland 2006)."""
    _check_positive("VT1 heart rate", vt1_heart_rate_bpm)
    edges = (0.0, vt1_heart_rate_bpm, vt2_heart_rate_bpm, math.inf)
    return _model("three zones", BPM, "Seiler & Kjerland 2006", _THREE, edges)


def three_zones_from_lthr(threshold_heart_rate_bpm: float) -> ZoneModel:
    """Three zones with VT1 = 90 % and VT2 = 100 % of LTHR (see the fractions' comment)."""
    _check_positive("threshold heart rate", threshold_heart_rate_bpm)
    return three_zones_from_thresholds(
        VT1_LTHR_FRACTION * threshold_heart_rate_bpm, VT2_LTHR_FRACTION * threshold_heart_rate_bpm
    )


def three_zones_from_max_heart_rate(max_heart_rate_bpm: float) -> ZoneModel:
    """Three zones with VT1 = 82 % and VT2 = 87 % of HRmax (Seiler 2010)."""
    _check_positive("maximum heart rate", max_heart_rate_bpm)
    return three_zones_from_thresholds(
        VT1_MAX_HEART_RATE_FRACTION * max_heart_rate_bpm,
        VT2_MAX_HEART_RATE_FRACTION * max_heart_rate_bpm,
    )


_PACES = ("E", "M", "T", "I", "R")


def pace_zones(vdot: float) -> ZoneModel:
    """Daniels' E/M/T/I/R as contiguous speed bands in m/s.

    E runs from 59 % to 74 % VO2max (Daniels), solved through the oxygen-cost equation. Above it
    each band ends halfway between its own GoldenCheetah fraction and the next one's (our
    convention: Daniels gives single paces for M/T/I/R, not ranges); R is open-ended.
    """
    paces = training_paces(vdot)
    velocity_mps = velocity_at_vdot_m_per_min(vdot) / 60.0
    edges = (
        paces.easy_slow_mps,  # 59 % VO2max
        paces.easy_fast_mps,  # 74 % VO2max
        (MARATHON_FRACTION + THRESHOLD_FRACTION) / 2.0 * velocity_mps,
        (THRESHOLD_FRACTION + INTERVAL_FRACTION) / 2.0 * velocity_mps,
        (INTERVAL_FRACTION + REPETITION_FRACTION) / 2.0 * velocity_mps,
        math.inf,
    )
    return _model("VDOT pace zones", MPS, "Daniels & Gilbert 1979; GoldenCheetah", _PACES, edges)


def time_in_zones(
    values: npt.ArrayLike, time_deltas_s: npt.ArrayLike, boundaries: tuple[float, ...]
) -> FloatArray:
    """Seconds spent in each zone: one entry per pair of consecutive `boundaries`.

    Samples below the first boundary, at or above the last, or NaN count in no zone.
    """
    edges = np.asarray(boundaries, dtype=np.float64)
    if edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ScienceInputError(
            "zone boundaries must be two or more increasing numbers",
            "pass a ZoneModel's .boundaries",
        )
    samples = np.asarray(values, dtype=np.float64)
    deltas = np.asarray(time_deltas_s, dtype=np.float64)
    if samples.shape != deltas.shape:
        raise ScienceInputError(
            f"{samples.size} values but {deltas.size} time deltas",
            "give one time delta per sample",
        )
    counted = np.isfinite(samples) & np.isfinite(deltas)
    bins = np.digitize(samples[counted], edges)  # 0 below, 1..n-1 the zones, n above
    seconds = np.bincount(bins, weights=deltas[counted], minlength=edges.size + 1)
    in_zones: FloatArray = seconds[1 : edges.size].astype(np.float64)
    return in_zones
