"""Fitness, fatigue and form: Banister's impulse-response model on one load per local day.

Each day's load (any unit: TSS-like points, TRIMP, sRPE units; 0 on rest days) feeds two
exponentially weighted averages, a slow one (fitness, 42 days) and a fast one (fatigue, 7 days);
form is their difference (Banister et al. 1975; the "performance management chart"). Fitness,
fatigue and form are in the unit of the load per day.

Two smoothing conventions are in use, and they differ by a few percent:

- `exponential`, α = 1 − e^(−1/N) (GoldenCheetah, intervals.icu): the default, because it is
  Banister's continuous decay e^(−t/τ) sampled once a day, so N is the model's time constant,
  and because the tools most runners migrate from use it.
- `ewma`, α = 2/(N+1) (Runalyze): the "span" convention of finance-style moving averages.

Form is shown the way those tools show it: from yesterday's end-of-day values, so it says how
fresh you start today, before today's session (`form`). `form_same_day` is today's end-of-day
difference, after the session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from everyrun.domain.science.errors import ScienceInputError

FloatArray = npt.NDArray[np.float64]

FITNESS_DAYS = 42.0  # Banister's slow time constant as the PMC uses it (GoldenCheetah, Runalyze)
FATIGUE_DAYS = 7.0  # the fast one
# intervals.icu shades form from −10 to −30 as its "optimal" training band.
PRODUCTIVE_FORM_LOW = -30.0
PRODUCTIVE_FORM_HIGH = -10.0


class Smoothing(StrEnum):
    """How a time constant of N days becomes a daily weight α."""

    exponential = "exponential"  # α = 1 − e^(−1/N): GoldenCheetah, intervals.icu
    ewma = "ewma"  # α = 2/(N+1): Runalyze


@dataclass(frozen=True, eq=False)
class FitnessSeries:
    """The model over a daily series; index `t` is local day `t` of the input."""

    fitness: FloatArray  # end of day t, in load units per day
    fatigue: FloatArray  # end of day t
    form: FloatArray  # fitness − fatigue at the end of day t−1: freshness before day t's session
    form_same_day: FloatArray  # fitness − fatigue at the end of day t, after the session
    smoothing: Smoothing
    fitness_days: float
    fatigue_days: float


@dataclass(frozen=True)
class LoadForForm:
    """Today's load that gives a target form tomorrow; `form` is the form it actually gives."""

    load: float
    form: float
    is_reachable: bool  # False: even a rest day leaves form below the target; `load` is then 0


@dataclass(frozen=True)
class LoadRange:
    """The band of today's loads that keeps tomorrow's form within a range."""

    min_load: float
    max_load: float
    is_reachable: bool  # False: even a rest day leaves form below the range; both loads are 0


def smoothing_factor(days: float, smoothing: Smoothing = Smoothing.exponential) -> float:
    """The daily weight α for a time constant of `days` days."""
    if not (math.isfinite(days) and days >= 1.0):
        raise ScienceInputError(
            f"a time constant of {days:g} days is too short", "use 1 day or more, e.g. 42 or 7"
        )
    if Smoothing(smoothing) is Smoothing.exponential:
        return 1.0 - math.exp(-1.0 / days)  # Banister decay e^(−1/τ) per day (GoldenCheetah)
    return 2.0 / (days + 1.0)  # EWMA span N (Runalyze; Williams et al. 2017)


def check_daily_load(daily_load: npt.ArrayLike) -> FloatArray:
    """One finite, non-negative load per local day as float64; refuses anything else."""
    loads = np.asarray(daily_load, dtype=np.float64)
    if loads.ndim != 1:
        raise ScienceInputError(
            f"daily load has shape {loads.shape}", "give one value per local day, in order"
        )
    if not np.all(np.isfinite(loads)) or np.any(loads < 0):
        raise ScienceInputError(
            "daily load has missing or negative values", "use 0 for rest days, never NaN"
        )
    return loads


def exponentially_weighted(
    daily_load: npt.ArrayLike, alpha: float, *, start: float = 0.0
) -> FloatArray:
    """End-of-day values of `y_t = y_{t−1} + α (load_t − y_{t−1})`, from `y_{−1} = start`.

    A plain loop over Python floats: about 0.5 ms for ten years of days, and exactly the same
    arithmetic as stepping the model one day at a time (no filter library in the domain).
    """
    loads = check_daily_load(daily_load)
    if not (0.0 < alpha <= 1.0):
        raise ScienceInputError(f"weight {alpha:g} is outside (0, 1]", "use smoothing_factor")
    if not math.isfinite(start):
        raise ScienceInputError(f"starting value {start:g} is not a number", "start from 0")
    values = []
    value = float(start)
    for load in loads.tolist():
        value = value + alpha * (load - value)  # Banister 1975 / PMC: y += α (load − y)
        values.append(value)
    return np.array(values, dtype=np.float64)


def fitness_fatigue_form(
    daily_load: npt.ArrayLike,
    *,
    fitness_days: float = FITNESS_DAYS,
    fatigue_days: float = FATIGUE_DAYS,
    smoothing: Smoothing = Smoothing.exponential,
    start_fitness: float = 0.0,
    start_fatigue: float = 0.0,
) -> FitnessSeries:
    """Fitness, fatigue and form for every day; `start_*` are the values before the first day."""
    smoothing = Smoothing(smoothing)
    fitness = exponentially_weighted(
        daily_load, smoothing_factor(fitness_days, smoothing), start=start_fitness
    )
    fatigue = exponentially_weighted(
        daily_load, smoothing_factor(fatigue_days, smoothing), start=start_fatigue
    )
    form_same_day = fitness - fatigue  # Banister: performance ∝ fitness − fatigue
    form = np.empty_like(form_same_day)
    if form.size:
        form[0] = start_fitness - start_fatigue
        form[1:] = form_same_day[:-1]  # PMC tools show form from yesterday's values
    return FitnessSeries(
        fitness=fitness,
        fatigue=fatigue,
        form=form,
        form_same_day=form_same_day,
        smoothing=smoothing,
        fitness_days=float(fitness_days),
        fatigue_days=float(fatigue_days),
    )


def ramp_rate(fitness: npt.ArrayLike, days: int = 7) -> FloatArray:
    """Change in fitness over the last `days` days, per day of the series; NaN until known."""
    values = np.asarray(fitness, dtype=np.float64)
    if days < 1:
        raise ScienceInputError(f"a ramp over {days} days", "use 1 day or more, e.g. 7")
    ramp = np.full(values.shape, np.nan)
    ramp[days:] = values[days:] - values[:-days]  # PMC ramp rate: ΔCTL per week
    return ramp


def _weights(fitness_days: float, fatigue_days: float, smoothing: Smoothing) -> tuple[float, float]:
    fitness_alpha = smoothing_factor(fitness_days, smoothing)
    fatigue_alpha = smoothing_factor(fatigue_days, smoothing)
    if not fatigue_alpha > fitness_alpha:
        raise ScienceInputError(
            f"fatigue ({fatigue_days:g} days) must react faster than fitness ({fitness_days:g})",
            "use a shorter fatigue time constant, e.g. 7 against 42",
        )
    return fitness_alpha, fatigue_alpha


def _resting_form(fitness: float, fatigue: float, alphas: tuple[float, float]) -> float:
    fitness_alpha, fatigue_alpha = alphas
    return fitness * (1.0 - fitness_alpha) - fatigue * (1.0 - fatigue_alpha)


def _load_for(target_form: float, resting_form: float, alphas: tuple[float, float]) -> float:
    fitness_alpha, fatigue_alpha = alphas
    # L = (−target + CTL(1−α_c) − ATL(1−α_a)) / (α_a − α_c): one day of the model solved for L
    return (resting_form - target_form) / (fatigue_alpha - fitness_alpha)


def load_for_target_form(
    fitness_yesterday: float,
    fatigue_yesterday: float,
    target_form: float,
    *,
    fitness_days: float = FITNESS_DAYS,
    fatigue_days: float = FATIGUE_DAYS,
    smoothing: Smoothing = Smoothing.exponential,
) -> LoadForForm:
    """Today's load that makes tomorrow's form equal `target_form`, from yesterday's values.

    More load lowers form, so a target above what a rest day gives cannot be reached: the
    load is then 0 and `is_reachable` False. Fitness 50, fatigue 55, target −10 → 101.7.
    """
    alphas = _weights(fitness_days, fatigue_days, Smoothing(smoothing))
    resting = _resting_form(fitness_yesterday, fatigue_yesterday, alphas)
    load = _load_for(target_form, resting, alphas)
    if load < 0.0:
        return LoadForForm(load=0.0, form=resting, is_reachable=False)
    return LoadForForm(load=load, form=float(target_form), is_reachable=True)


def load_range_for_form(
    fitness: float,
    fatigue: float,
    low: float = PRODUCTIVE_FORM_LOW,
    high: float = PRODUCTIVE_FORM_HIGH,
    *,
    fitness_days: float = FITNESS_DAYS,
    fatigue_days: float = FATIGUE_DAYS,
    smoothing: Smoothing = Smoothing.exponential,
) -> LoadRange:
    """Today's loads that keep tomorrow's form in [low, high], from yesterday's values.

    The defaults are intervals.icu's "optimal" band. A fresh runner has a minimum load (below
    it form stays above `high`); one too tired to reach `low` even by resting gets (0, 0) and
    `is_reachable` False.
    """
    if not low <= high:
        raise ScienceInputError(f"form range {low:g} to {high:g} is empty", "give low ≤ high")
    alphas = _weights(fitness_days, fatigue_days, Smoothing(smoothing))
    resting = _resting_form(fitness, fatigue, alphas)
    most = _load_for(low, resting, alphas)
    if most < 0.0:
        return LoadRange(min_load=0.0, max_load=0.0, is_reachable=False)
    least = max(0.0, _load_for(high, resting, alphas))
    return LoadRange(min_load=least, max_load=most, is_reachable=True)


def easy_days_until_form(
    fitness: float,
    fatigue: float,
    target_form: float = 5.0,
    easy_load: float = 0.0,
    max_days: int = 60,
    *,
    fitness_days: float = FITNESS_DAYS,
    fatigue_days: float = FATIGUE_DAYS,
    smoothing: Smoothing = Smoothing.exponential,
) -> int | None:
    """Days of `easy_load` (0 = rest) from yesterday's values until form ≥ `target_form`.

    0 when today's form already is there; None when `max_days` easy days are not enough.
    """
    if not (math.isfinite(easy_load) and easy_load >= 0):
        raise ScienceInputError(f"easy load {easy_load:g} is negative", "use 0 for rest")
    if max_days < 0:
        raise ScienceInputError(f"max_days {max_days} is negative", "look ahead 0 days or more")
    fitness_alpha, fatigue_alpha = _weights(fitness_days, fatigue_days, Smoothing(smoothing))
    for day in range(max_days + 1):
        if fitness - fatigue >= target_form:
            return day
        fitness = fitness + fitness_alpha * (easy_load - fitness)  # same step as the series
        fatigue = fatigue + fatigue_alpha * (easy_load - fatigue)
    return None
