"""How load is spread over time: acute against chronic load, monotony and strain, weekly ramps,
and how time is split between easy, threshold and hard intensity.

Every daily series is one finite, non-negative load per local day, 0 on rest days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.fitness import check_daily_load, exponentially_weighted

FloatArray = npt.NDArray[np.float64]

ACUTE_DAYS = 7
CHRONIC_DAYS = 28
# Bands commonly quoted for the ratio (Gabbett 2016, BJSM 50:273): < 0.8 low, 0.8-1.3 the
# "sweet spot", > 1.5 a spike. Lolli et al. 2019 and Impellizzeri et al. 2020 doubt that it
# predicts injury: show it as a spike indicator, never as an injury forecast.
RATIO_LOW = 0.8
RATIO_HIGH = 1.3
RATIO_SPIKE = 1.5
# Foster 1998 (MSSE 30:1164) and practice since: monotony above 1.5 calls for caution, above 2.0
# it is high.
MONOTONY_CAUTION = 1.5
MONOTONY_HIGH = 2.0
POLARIZED_INDEX = 2.0  # Treff et al. 2019: PI > 2.00 a.U. is polarized
ZERO_ZONE_FRACTION = 0.01  # Treff et al. 2019: a zone 2 of 0 enters the index as 0.01
RAMP_WARNING_PCT = 10.0  # the "10 % rule" of running lore
RAMP_WARNING_WEEKS = 3


class RatioMethod(StrEnum):
    """How acute and chronic load are averaged."""

    ewma = "ewma"  # Williams et al. 2017 (BJSM 51:209): EWMA, λ = 2/(N+1)
    rolling = "rolling"  # Hulin et al. 2014 (BJSM 48:708): 7-day over 28-day mean, coupled


class RatioSeed(StrEnum):
    """Where the EWMA starts before the first day."""

    first_load = "first_load"  # at the first day's load
    zero = "zero"  # at 0: chronic load starts low and the ratio reads high for weeks


class DistributionLabel(StrEnum):
    """The shape of a three-zone intensity distribution (Stöggl & Sperlich 2015; Treff 2019)."""

    polarized = "polarized"  # Z1 > Z3 > Z2 and polarization index > 2.00
    pyramidal = "pyramidal"  # Z1 > Z2 > Z3
    threshold = "threshold"  # Z2 larger than either other zone
    other = "other"  # anything else: hard-dominant, ties, Z1 > Z3 > Z2 with PI ≤ 2


@dataclass(frozen=True, eq=False)
class WorkloadRatio:
    """Acute and chronic load per day and their ratio; NaN where not yet known."""

    acute_load: FloatArray
    chronic_load: FloatArray
    ratio: FloatArray  # NaN before `chronic_days` days of history and where chronic load is 0
    method: RatioMethod
    seed: RatioSeed


@dataclass(frozen=True)
class WeekMonotony:
    """Foster's monotony and strain for one week of daily loads."""

    weekly_load: float
    monotony: float | None  # mean / SD of daily load; inf or None with `reason` when SD is 0
    strain: float | None  # weekly load × monotony
    reason: str | None = None


@dataclass(frozen=True, eq=False)
class MonotonySeries:
    """Monotony and strain of the 7 days ending on each day; NaN for the first 6 days."""

    weekly_load: FloatArray
    monotony: FloatArray  # inf where all 7 days had the same positive load, NaN for 7 rest days
    strain: FloatArray


@dataclass(frozen=True)
class IntensityDistribution:
    """Time (or distance) split into three zones: below VT1, between, above VT2."""

    z1: float  # fractions of the total, summing to 1
    z2: float
    z3: float
    polarization_index: float | None  # None when Z1 or Z3 is 0: the log is undefined
    is_polarized: bool
    label: DistributionLabel
    note: str | None = None


@dataclass(frozen=True)
class RampStreak:
    """Consecutive weeks whose load rose by more than the threshold each week."""

    first_week: int  # index into the weekly series
    last_week: int

    @property
    def weeks(self) -> int:
        return self.last_week - self.first_week + 1


def _check_windows(acute_days: int, chronic_days: int) -> None:
    if not 1 <= acute_days < chronic_days:
        raise ScienceInputError(
            f"acute window {acute_days} days against chronic {chronic_days} days",
            "the acute window must be shorter, e.g. 7 against 28",
        )


def _rolling_mean(loads: FloatArray, days: int) -> FloatArray:
    means = np.full(loads.shape, np.nan)
    if loads.size >= days:
        totals = np.cumsum(np.concatenate(([0.0], loads)))
        means[days - 1 :] = (totals[days:] - totals[:-days]) / days
    return means


def acute_chronic_loads(
    daily_load: npt.ArrayLike,
    *,
    acute_days: int = ACUTE_DAYS,
    chronic_days: int = CHRONIC_DAYS,
    method: RatioMethod = RatioMethod.ewma,
    seed: RatioSeed = RatioSeed.first_load,
) -> WorkloadRatio:
    """Acute load, chronic load and their ratio for every day (`seed` applies to EWMA only)."""
    loads = check_daily_load(daily_load)
    _check_windows(acute_days, chronic_days)
    method, seed = RatioMethod(method), RatioSeed(seed)
    if method is RatioMethod.rolling:
        acute = _rolling_mean(loads, acute_days)
        chronic = _rolling_mean(loads, chronic_days)  # coupled: includes the acute week
    else:
        start = float(loads[0]) if seed is RatioSeed.first_load and loads.size else 0.0
        # Williams et al. 2017: EWMA_t = λ load_t + (1 − λ) EWMA_{t−1}, λ = 2/(N + 1)
        acute = exponentially_weighted(loads, 2.0 / (acute_days + 1), start=start)
        chronic = exponentially_weighted(loads, 2.0 / (chronic_days + 1), start=start)
    ratio = np.full(loads.shape, np.nan)
    known = chronic > 0  # NaN compares False, so the rolling mean's empty start stays NaN
    ratio[known] = acute[known] / chronic[known]
    ratio[: chronic_days - 1] = np.nan  # less than one chronic window of history: not shown
    return WorkloadRatio(
        acute_load=acute, chronic_load=chronic, ratio=ratio, method=method, seed=seed
    )


def acute_chronic_ratio(
    daily_load: npt.ArrayLike,
    *,
    acute_days: int = ACUTE_DAYS,
    chronic_days: int = CHRONIC_DAYS,
    method: RatioMethod = RatioMethod.ewma,
    seed: RatioSeed = RatioSeed.first_load,
) -> FloatArray:
    """Acute:chronic workload ratio per day; NaN for the first `chronic_days − 1` days."""
    return acute_chronic_loads(
        daily_load, acute_days=acute_days, chronic_days=chronic_days, method=method, seed=seed
    ).ratio


def monotony_and_strain(daily_load_7: npt.ArrayLike, *, sample_sd: bool = False) -> WeekMonotony:
    """Monotony (mean / SD of daily load) and strain (weekly load × monotony) of one week.

    Population SD (÷ 7) as Runalyze uses it: 0, 20, 10, 10, 10, 10, 10 → 1.871 and 131.0
    (`sample_sd` gives 1.732 and 121.2). With SD 0 the ratio has no finite value: identical
    positive days are maximally monotonous (inf); a week of rest has no monotony (None).
    """
    week = check_daily_load(daily_load_7)
    if week.size != 7:
        raise ScienceInputError(f"{week.size} days given", "give exactly 7 daily loads")
    weekly_load = float(week.sum())
    if week.max() == week.min():
        if weekly_load == 0.0:
            return WeekMonotony(weekly_load, None, None, "no load this week: monotony undefined")
        return WeekMonotony(
            weekly_load, math.inf, math.inf, "the same load every day (SD 0): unbounded monotony"
        )
    monotony = float(week.mean() / week.std(ddof=1 if sample_sd else 0))  # Foster 1998
    return WeekMonotony(weekly_load, monotony, weekly_load * monotony)  # strain, Foster 1998


def rolling_monotony_and_strain(
    daily_load: npt.ArrayLike, *, sample_sd: bool = False
) -> MonotonySeries:
    """`monotony_and_strain` for the 7 days ending on each day of a daily series."""
    loads = check_daily_load(daily_load)
    weekly = np.full(loads.shape, np.nan)
    monotony = np.full(loads.shape, np.nan)
    if loads.size >= 7:
        windows = np.lib.stride_tricks.sliding_window_view(loads, 7)
        totals = windows.sum(axis=1)
        sd = windows.std(axis=1, ddof=1 if sample_sd else 0)
        flat = windows.max(axis=1) == windows.min(axis=1)  # SD exactly 0, free of rounding
        ratio = np.where(flat, np.where(totals > 0, np.inf, np.nan), 0.0)
        varied = ~flat
        ratio[varied] = totals[varied] / 7.0 / sd[varied]  # Foster 1998: mean / SD
        weekly[6:] = totals
        monotony[6:] = ratio
    strain = weekly * monotony  # Foster 1998: weekly load × monotony (inf × 0 cannot occur)
    return MonotonySeries(weekly_load=weekly, monotony=monotony, strain=strain)


def polarization_index(z1: float, z2: float, z3: float) -> IntensityDistribution:
    """Treff et al. 2019's polarization index and the distribution's shape.

    Zones may be times, distances or fractions: they are normalised to fractions first.
    `PI = log10(Z1 / Z2 · Z3 · 100)`: 80/5/15 % → 2.380; 75/20/5 % → 1.273.
    """
    zones = (z1, z2, z3)
    if not all(math.isfinite(zone) and zone >= 0 for zone in zones) or sum(zones) <= 0:
        raise ScienceInputError(
            f"zones {z1:g}/{z2:g}/{z3:g} are not a distribution",
            "give the time (or share) below VT1, between VT1 and VT2, and above VT2",
        )
    total = sum(zones)
    f1, f2, f3 = z1 / total, z2 / total, z3 / total
    note = None
    index = None
    if f1 > 0 and f3 > 0:
        middle = f2
        if middle == 0:
            middle = ZERO_ZONE_FRACTION  # Treff et al. 2019: Z2 = 0 is entered as 0.01
            note = "zone 2 is 0: entered as 0.01 (Treff et al. 2019)"
        index = math.log10(f1 / middle * f3 * 100.0)  # Treff et al. 2019, Front Physiol 10:707
    else:
        note = "zone 1 or zone 3 is 0: the index is undefined (log of 0)"
    # Polarized needs Z1 > Z3 > Z2; PI > 2 already implies Z3 > Z2, but not Z1 > Z3 (Treff 2019)
    is_polarized = index is not None and index > POLARIZED_INDEX and f1 > f3
    if is_polarized:
        label = DistributionLabel.polarized
    elif f1 > f2 > f3:
        label = DistributionLabel.pyramidal
    elif f2 > f1 and f2 > f3:
        label = DistributionLabel.threshold
    else:
        label = DistributionLabel.other
    return IntensityDistribution(f1, f2, f3, index, is_polarized, label, note)


def weekly_ramp(weekly_loads: npt.ArrayLike) -> FloatArray:
    """Week-over-week change in load, in %; NaN for the first week and after a week of 0."""
    weeks = check_daily_load(weekly_loads)
    change = np.full(weeks.shape, np.nan)
    before, after = weeks[:-1], weeks[1:]
    grew = before > 0
    change[1:][grew] = (after[grew] - before[grew]) / before[grew] * 100.0
    return change


def find_ramp_streaks(
    weekly_change_pct: npt.ArrayLike,
    *,
    above_pct: float = RAMP_WARNING_PCT,
    min_weeks: int = RAMP_WARNING_WEEKS,
) -> tuple[RampStreak, ...]:
    """Runs of at least `min_weeks` consecutive weeks each more than `above_pct` % up.

    The 10 % rule is lore: a graded programme that kept to it did not lower injuries in novice
    runners (Buist et al. 2008, AJSM 36:33). Treat a streak as a prompt to look, not a forecast.
    """
    change = np.asarray(weekly_change_pct, dtype=np.float64)
    rising = np.concatenate(([False], change > above_pct, [False]))  # NaN breaks a streak
    edges = np.flatnonzero(np.diff(rising.astype(np.int8)))
    starts, stops = edges[::2], edges[1::2]
    return tuple(
        RampStreak(first_week=int(start), last_week=int(stop) - 1)
        for start, stop in zip(starts, stops, strict=True)
        if stop - start >= min_weeks
    )
