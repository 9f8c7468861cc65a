"""Use case: the daily load series and the fitness / fatigue / form model over a whole history.

Every analysed activity and every session logged by hand counts on the athlete's local day, on
the one scale of `domain.daily_load` (load points). The model runs from the first day with any
load up to a chosen day (default today); the report carries the convention it used, so a number
can always be traced to its formula. Activities without a stored analysis have no load yet:
they are counted and reported, never skipped in silence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from everyrun.domain import daily_load as daily_load_model
from everyrun.domain.science.fitness import (
    FATIGUE_DAYS,
    FITNESS_DAYS,
    PRODUCTIVE_FORM_HIGH,
    PRODUCTIVE_FORM_LOW,
    Smoothing,
    easy_days_until_form,
    fitness_fatigue_form,
    load_range_for_form,
    ramp_rate,
)
from everyrun.domain.science.workload import (
    CHRONIC_DAYS,
    acute_chronic_ratio,
    polarization_index,
    rolling_monotony_and_strain,
    weekly_ramp,
)
from everyrun.services.analysis import local_day
from everyrun.services.ports import ActivitySummary, AnalysisStore, LogStore, StoredAnalysis

FloatArray = npt.NDArray[np.float64]
Zones = tuple[float, float, float]  # seconds below VT1, VT1–VT2, above VT2

RECOVERED_FORM = 5.0  # "fresh": form back above +5
MAX_EASY_DAYS = 60
ANALYZE_HINT = "run `everyrun analyze --all` to give them a load"

ALPHA_FORMULAS = {
    Smoothing.exponential: "α = 1 − e^(−1/N) (GoldenCheetah, intervals.icu)",
    Smoothing.ewma: "α = 2/(N+1) (Runalyze)",
}


class LoadStore(AnalysisStore, LogStore, Protocol):
    """Analyses and manual sessions: everything that carries a load."""


@dataclass(frozen=True)
class DailyRow:
    day: date
    load: float  # load points of the day (activities + manual sessions)
    fitness: float  # end of day
    fatigue: float  # end of day
    form: float  # from yesterday's values: how fresh the day starts
    ramp: float | None  # fitness change over the last 7 days; None for the first 7 days
    acute_chronic_ratio: float | None  # EWMA 7/28; None before 28 days of history
    monotony: float | None  # Foster, 7 days ending here; None when undefined or unbounded
    strain: float | None


@dataclass(frozen=True)
class WeeklyRow:
    week: str  # ISO week, e.g. "2026-W11"
    first_day: date  # its Monday
    load: float
    change_pct: float | None  # against the week before; None after a week of 0
    zone_seconds: tuple[float, float, float]  # below VT1, VT1–VT2, above VT2
    polarization_index: float | None
    distribution: str | None  # polarized, pyramidal, threshold, other; None without zone time


@dataclass(frozen=True)
class Prescription:
    """What today's load can be, computed from yesterday's end-of-day values."""

    day: date
    fitness_yesterday: float
    fatigue_yesterday: float
    form_today: float
    load_so_far: float  # already logged on `day`
    form_low: float
    form_high: float
    min_load: float  # today's total load keeping tomorrow's form in [form_low, form_high]
    max_load: float
    range_reachable: bool  # False: even a rest day leaves tomorrow's form below form_low
    easy_load: float  # the load of an "easy day" (0 = rest)
    recovered_form: float
    easy_days_until_recovered: int | None  # None: more than MAX_EASY_DAYS


@dataclass(frozen=True)
class Convention:
    smoothing: str
    alpha: str
    fitness_days: float
    fatigue_days: float
    form: str
    load_points: str
    acute_chronic_ratio: str
    monotony: str


@dataclass(frozen=True)
class LoadReport:
    until: date
    first_day: date | None  # None: no load at all
    daily: list[DailyRow]
    weekly: list[WeeklyRow]
    prescription: Prescription | None
    convention: Convention
    activities: int  # analysed activities that count
    manual_sessions: int
    unanalysed_activities: int  # stored but with no analysis: no load yet
    without_load: int  # analysed or logged, but no load could be computed (no HR, no RPE...)
    after_until: int  # sessions later than `until`, left out
    notes: list[str] = field(default_factory=list)


def convention(smoothing: Smoothing) -> Convention:
    smoothing = Smoothing(smoothing)
    return Convention(
        smoothing=smoothing.value,
        alpha=ALPHA_FORMULAS[smoothing],
        fitness_days=FITNESS_DAYS,
        fatigue_days=FATIGUE_DAYS,
        form=(
            "form = fitness − fatigue at the end of yesterday: how fresh you start the day, "
            "before its session"
        ),
        load_points=daily_load_model.CONVENTION,
        acute_chronic_ratio=(
            f"EWMA 7/{CHRONIC_DAYS} days, λ = 2/(N+1), seeded at the first day's load "
            f"(Williams et al. 2017); shown from day {CHRONIC_DAYS} of history; a spike "
            "indicator, not an injury forecast"
        ),
        monotony="Foster 1998: mean / SD (population) of the 7 days ending that day",
    )


def intensity_seconds(data: dict[str, Any]) -> Zones | None:
    """Seconds in the three intensity zones of a stored analysis, if it has them."""
    intensity = (data.get("effort") or {}).get("intensity") or {}
    seconds = intensity.get("seconds")
    if not isinstance(seconds, list) or len(seconds) != 3:
        return None
    values = tuple(float(s or 0.0) for s in seconds)
    return values[0], values[1], values[2]


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def load_report(
    store: LoadStore,
    athlete_id: int,
    *,
    until: date,
    smoothing: Smoothing = Smoothing.exponential,
    easy_load: float = 0.0,
    analyses: Sequence[StoredAnalysis] | None = None,
    summaries: Sequence[ActivitySummary] | None = None,
) -> LoadReport:
    """The whole series from the first day with a session up to `until` (inclusive);
    `analyses` and `summaries`: the athlete's, when the caller has read them already."""
    if analyses is None:
        analyses = store.analyses(athlete_id)
    if summaries is None:
        summaries = list(store.iter_summaries(athlete_id))
    manual = store.manual_sessions_between(athlete_id, date.min, until)
    analysed_ids = {a.activity_id for a in analyses}
    unanalysed = sum(1 for s in summaries if s.id not in analysed_ids)
    return build_report(
        [
            (
                local_day(a.start_utc, a.utc_offset_s),
                a.load,
                a.load_method,
                intensity_seconds(a.data),
            )
            for a in analyses
        ],
        [(m.session.day, m.load, m.load_method) for m in manual],
        until=until,
        smoothing=smoothing,
        easy_load=easy_load,
        unanalysed_activities=unanalysed,
    )


def build_report(
    activities: Sequence[tuple[date, float | None, str | None, Zones | None]],
    manual: Sequence[tuple[date, float | None, str | None]],
    *,
    until: date,
    smoothing: Smoothing = Smoothing.exponential,
    easy_load: float = 0.0,
    unanalysed_activities: int = 0,
) -> LoadReport:
    """The report from (day, load, method, zone seconds) activities and (day, load, method)
    manual sessions: the part that is pure computation, timed by `bench/load_history.py`."""
    smoothing = Smoothing(smoothing)
    sessions: list[tuple[date, float, str]] = []
    zone_days: list[tuple[date, Zones]] = []
    without_load = after_until = counted_activities = counted_manual = 0
    for day, value, method, zones in activities:
        if day > until:
            after_until += 1
            continue
        if zones is not None:
            zone_days.append((day, zones))
        if value is None or method is None or method not in daily_load_model.POINTS_PER_UNIT:
            without_load += 1
            continue
        counted_activities += 1
        sessions.append((day, value, method))
    for day, value, method in manual:
        if day > until:
            after_until += 1
            continue
        if value is None or method is None or method not in daily_load_model.POINTS_PER_UNIT:
            without_load += 1
            continue
        counted_manual += 1
        sessions.append((day, value, method))
    notes = []
    if unanalysed_activities:
        notes.append(
            f"{_count(unanalysed_activities, 'activity has', 'activities have')} no analysis "
            f"and no load yet: {ANALYZE_HINT}"
        )
    if without_load:
        notes.append(
            f"{_count(without_load, 'session has', 'sessions have')} no load "
            "(no heart rate, pace or RPE to compute one)"
        )
    if not sessions:
        return LoadReport(
            until,
            None,
            [],
            [],
            None,
            convention(smoothing),
            0,
            0,
            unanalysed_activities,
            without_load,
            after_until,
            notes,
        )
    first = min(day for day, _, _ in sessions)
    series = daily_load_model.daily_load(sessions, first, until)
    loads = series.points
    model = fitness_fatigue_form(loads, smoothing=smoothing)
    ramp = ramp_rate(model.fitness)
    ratio = acute_chronic_ratio(loads)
    foster = rolling_monotony_and_strain(loads)
    daily = [
        DailyRow(
            first + timedelta(days=i),
            load,
            fitness,
            fatigue,
            form,
            _finite(r),
            _finite(a),
            _finite(m),
            _finite(s),
        )
        for i, (load, fitness, fatigue, form, r, a, m, s) in enumerate(
            zip(
                loads.tolist(),
                model.fitness.tolist(),
                model.fatigue.tolist(),
                model.form.tolist(),
                ramp.tolist(),
                ratio.tolist(),
                foster.monotony.tolist(),
                foster.strain.tolist(),
                strict=True,
            )
        )
    ]
    weekly = _weekly(first, loads, zone_days)
    prescription = _prescription(
        until,
        first,
        loads,
        model.fitness,
        model.fatigue,
        smoothing,
        easy_load,
    )
    return LoadReport(
        until,
        first,
        daily,
        weekly,
        prescription,
        convention(smoothing),
        counted_activities,
        counted_manual,
        unanalysed_activities,
        without_load,
        after_until,
        notes,
    )


def _weekly(first: date, loads: FloatArray, zone_days: list[tuple[date, Zones]]) -> list[WeeklyRow]:
    monday = first - timedelta(days=first.weekday())
    lead = (first - monday).days
    padded = np.concatenate((np.zeros(lead), loads))
    weeks = -(-padded.size // 7)
    padded = np.concatenate((padded, np.zeros(weeks * 7 - padded.size)))
    weekly_loads = padded.reshape(weeks, 7).sum(axis=1)
    change = weekly_ramp(weekly_loads)
    zones = np.zeros((weeks, 3))
    for day, seconds in zone_days:
        index = (day - monday).days // 7
        if 0 <= index < weeks:
            zones[index] += seconds
    rows = []
    for index in range(weeks):
        start = monday + timedelta(days=7 * index)
        year, week, _ = start.isocalendar()
        z1, z2, z3 = (float(z) for z in zones[index])
        distribution = polarization_index(z1, z2, z3) if z1 + z2 + z3 > 0 else None
        rows.append(
            WeeklyRow(
                week=f"{year}-W{week:02d}",
                first_day=start,
                load=float(weekly_loads[index]),
                change_pct=_finite(float(change[index])),
                zone_seconds=(z1, z2, z3),
                polarization_index=distribution.polarization_index if distribution else None,
                distribution=distribution.label.value if distribution else None,
            )
        )
    return rows


def _prescription(
    day: date,
    first: date,
    loads: FloatArray,
    fitness: FloatArray,
    fatigue: FloatArray,
    smoothing: Smoothing,
    easy_load: float,
) -> Prescription:
    index = (day - first).days
    fitness_before = float(fitness[index - 1]) if index > 0 else 0.0
    fatigue_before = float(fatigue[index - 1]) if index > 0 else 0.0
    band = load_range_for_form(
        fitness_before,
        fatigue_before,
        PRODUCTIVE_FORM_LOW,
        PRODUCTIVE_FORM_HIGH,
        smoothing=smoothing,
    )
    days = easy_days_until_form(
        fitness_before,
        fatigue_before,
        RECOVERED_FORM,
        easy_load,
        MAX_EASY_DAYS,
        smoothing=smoothing,
    )
    return Prescription(
        day=day,
        fitness_yesterday=fitness_before,
        fatigue_yesterday=fatigue_before,
        form_today=fitness_before - fatigue_before,
        load_so_far=float(loads[index]),
        form_low=PRODUCTIVE_FORM_LOW,
        form_high=PRODUCTIVE_FORM_HIGH,
        min_load=band.min_load,
        max_load=band.max_load,
        range_reachable=band.is_reachable,
        easy_load=easy_load,
        recovered_form=RECOVERED_FORM,
        easy_days_until_recovered=days,
    )
