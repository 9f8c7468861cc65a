"""Daily readiness — ready, caution or rest — with every reason in numbers.

Open and documented, never a black box: each signal is compared with a stated threshold, each
threshold has its source beside it (or is named as everyrun's own convention), and the day's
level is simply the worst verdict among the reasons. A signal that cannot be judged (nothing
logged, too short a baseline) is listed in `missing` and never guessed.

Inputs are plain data: one `DayHistory` per local day, built by whoever has the loads and the
wellness log. The domain never reads the clock: the caller names the day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import numpy as np

from everyrun.domain.wellness import WellnessEntry


class Level(StrEnum):
    """A verdict, from best to worst."""

    ready = "ready"
    caution = "caution"
    rest = "rest"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.ready: 0, Level.caution: 1, Level.rest: 2}


def worst(levels: Iterable[Level]) -> Level:
    """The worst of the verdicts; `ready` when there are none."""
    return max(levels, key=lambda level: level.rank, default=Level.ready)


@dataclass(frozen=True)
class DayHistory:
    """What is known about one local day, as any caller can build it."""

    day: date
    load_points: float  # the day's training load, 0 on a day without sessions
    hard: bool  # a session with a hard purpose (`purpose.HARD_PURPOSES`) that day
    rested: bool  # no session, or only recovery / mobility
    form: float | None = None  # fitness − fatigue at the end of the day before (fitness.py)
    acute_chronic_ratio: float | None = None  # as shown for that day; None while unknown
    monotony: float | None = None  # Foster monotony of the 7 days ending that day
    wellness: WellnessEntry | None = None  # what the athlete logged for that day


@dataclass(frozen=True)
class Reason:
    """One signal judged: its value, what is normal, the verdict, and a sentence with numbers."""

    signal: str
    value: float
    normal: str
    verdict: Level
    sentence: str


@dataclass(frozen=True)
class Readiness:
    day: date
    level: Level  # the worst verdict among `reasons`; ready when nothing says otherwise
    reasons: list[Reason]
    missing: list[str]  # signals that could not be judged, and why


# --- thresholds ---------------------------------------------------------------------------------

# HRV: the 7-day rolling mean of ln(rMSSD) against the athlete's own normal, the mean ± 0.5 SD
# of the daily ln(rMSSD) values of the last 60 days. 0.5 SD is the smallest worthwhile change
# (Plews et al. 2013, Sports Med 43:773; HRV-guided training, Kiviniemi et al. 2007, Eur J Appl
# Physiol 101:743). Below the band: caution; more than 1 SD below: rest (everyrun's convention).
HRV_WEEK_DAYS = 7
HRV_BASELINE_DAYS = 60
HRV_MIN_WEEK_READINGS = 3  # ≥ 3 readings a week give a valid weekly mean (Plews et al. 2014,
# IJSPP 9:783)
MIN_BASELINE_READINGS = 14  # everyrun's convention: two weeks before a "normal" means anything
HRV_CAUTION_SD = 0.5
HRV_REST_SD = 1.0

# Resting heart rate against its mean over the 60 days before: a rise of more than ~5 bpm is a
# meaningful sign of fatigue or illness (Buchheit 2014, Front Physiol 5:73); > 10 bpm: rest
# (everyrun's convention).
RESTING_HR_BASELINE_DAYS = 60
RESTING_HR_CAUTION_BPM = 5.0
RESTING_HR_REST_BPM = 10.0

# Sleep debt: the sum over the last 7 nights of (need − slept). 8 h is the middle of the 7–9 h
# recommended for adults (Hirshkowitz et al. 2015, Sleep Health 1:40); the thresholds are
# everyrun's convention.
SLEEP_NEED_HOURS = 8.0
SLEEP_DEBT_DAYS = 7
SLEEP_DEBT_CAUTION_HOURS = 5.0
SLEEP_DEBT_REST_HOURS = 10.0

# Soreness and fatigue on the 0–10 scale of the wellness log (everyrun's convention).
FEELING_CAUTION = 7
FEELING_REST = 9

# Form (fitness − fatigue): below −30 is beyond intervals.icu's "optimal" band (−10 to −30), i.e.
# high fatigue; below −40: rest. Both are everyrun's stated convention.
FORM_CAUTION = -30.0
FORM_REST = -40.0

# Acute:chronic ratio above 1.5 is a spike (Gabbett 2016, BJSM 50:273). Later work (Lolli et al.
# 2019; Impellizzeri et al. 2020) doubts that it predicts injury: it is shown as a spike in load,
# never as an injury forecast, and never gives more than caution.
ACWR_CAUTION = 1.5

_EPSILON = 1e-9  # guards the comparisons of means against rounding


# --- helpers shared with risk_flags --------------------------------------------------------------


def by_day(history: Iterable[DayHistory]) -> dict[date, DayHistory]:
    """The history keyed by day; a later entry for the same day replaces an earlier one."""
    return {item.day: item for item in history}


def window(day: date, days: int, *, end_offset: int = 0) -> list[date]:
    """The `days` days ending `end_offset` days before `day`, oldest first."""
    last = day - timedelta(days=end_offset)
    return [last - timedelta(days=i) for i in range(days - 1, -1, -1)]


def wellness_on(days: Mapping[date, DayHistory], day: date) -> WellnessEntry | None:
    item = days.get(day)
    return None if item is None else item.wellness


def _fmt(value: float, digits: int = 0) -> str:
    text = f"{value:.{digits}f}"
    return "0" if text in ("-0", "-0.0") else text


@dataclass(frozen=True)
class SleepDebt:
    hours: float  # sum of (need − slept) over the nights logged; negative: more than needed
    nights_logged: int
    nights: int  # the window's length
    need_hours: float


def sleep_debt(history: Iterable[DayHistory], day: date) -> SleepDebt | None:
    """Sleep debt over the 7 nights logged up to `day`; None when no night was logged.

    Each day's `sleep_hours` is the night before it. A night not logged adds nothing: the sum is
    then a lower bound, and `nights_logged` says so.
    """
    days = by_day(history)
    slept = [
        entry.sleep_hours
        for d in window(day, SLEEP_DEBT_DAYS)
        if (entry := wellness_on(days, d)) is not None and entry.sleep_hours is not None
    ]
    if not slept:
        return None
    debt = sum(SLEEP_NEED_HOURS - hours for hours in slept)
    return SleepDebt(debt, len(slept), SLEEP_DEBT_DAYS, SLEEP_NEED_HOURS)


def sleep_debt_sentence(debt: SleepDebt) -> str:
    logged = (
        f"the last {debt.nights} nights"
        if debt.nights_logged == debt.nights
        else f"the {debt.nights_logged} of the last {debt.nights} nights logged"
    )
    if debt.hours <= 0:
        return (
            f"no sleep debt: {_fmt(-debt.hours, 1)} h more than a need of "
            f"{_fmt(debt.need_hours)} h a night over {logged}"
        )
    return (
        f"sleep debt {_fmt(debt.hours, 1)} h over {logged} (need {_fmt(debt.need_hours)} h a night)"
    )


# --- the signals ---------------------------------------------------------------------------------


def _hrv(days: Mapping[date, DayHistory], day: date) -> Reason | str:
    def ln_rmssd(dates: list[date]) -> list[float]:
        values = []
        for d in dates:
            entry = wellness_on(days, d)
            if entry is not None and entry.hrv_rmssd_ms is not None and entry.hrv_rmssd_ms > 0:
                values.append(math.log(entry.hrv_rmssd_ms))
        return values

    week = ln_rmssd(window(day, HRV_WEEK_DAYS))
    if len(week) < HRV_MIN_WEEK_READINGS:
        return (
            f"HRV: {len(week)} readings in the last {HRV_WEEK_DAYS} days, "
            f"{HRV_MIN_WEEK_READINGS} needed"
        )
    baseline = ln_rmssd(window(day, HRV_BASELINE_DAYS))
    if len(baseline) < MIN_BASELINE_READINGS:
        return (
            f"HRV: {len(baseline)} readings in the last {HRV_BASELINE_DAYS} days, "
            f"{MIN_BASELINE_READINGS} needed for a normal range"
        )
    mean = float(np.mean(baseline))
    sd = float(np.std(baseline, ddof=1))
    week_mean = float(np.mean(week))
    low, high = mean - HRV_CAUTION_SD * sd, mean + HRV_CAUTION_SD * sd
    if week_mean < mean - HRV_REST_SD * sd - _EPSILON:
        verdict, where = Level.rest, "far below"
    elif week_mean < low - _EPSILON:
        verdict, where = Level.caution, "below"
    elif week_mean > high + _EPSILON:
        verdict, where = Level.ready, "above"
    else:
        verdict, where = Level.ready, "within"
    # In ms: the geometric means, i.e. the means of ln(rMSSD) turned back into milliseconds.
    week_ms, normal_ms = math.exp(week_mean), math.exp(mean)
    low_ms, high_ms = math.exp(low), math.exp(high)
    change = (week_ms / normal_ms - 1.0) * 100.0
    direction = "below" if change < 0 else "above"
    normal = f"{_fmt(low_ms)}–{_fmt(high_ms)} ms"
    sentence = (
        f"HRV 7-day mean {_fmt(week_ms)} ms is {_fmt(abs(change))} % {direction} your "
        f"{HRV_BASELINE_DAYS}-day normal of {_fmt(normal_ms)} ms (range {_fmt(low_ms)}–"
        f"{_fmt(high_ms)}): {where} the normal range"
    )
    return Reason("hrv", week_ms, normal, verdict, sentence)


def _resting_hr(days: Mapping[date, DayHistory], day: date) -> Reason | str:
    entry = wellness_on(days, day)
    if entry is None or entry.resting_heart_rate_bpm is None:
        return "resting heart rate: not logged today"
    before = [
        e.resting_heart_rate_bpm
        for d in window(day, RESTING_HR_BASELINE_DAYS, end_offset=1)
        if (e := wellness_on(days, d)) is not None and e.resting_heart_rate_bpm is not None
    ]
    if len(before) < MIN_BASELINE_READINGS:
        return (
            f"resting heart rate: {len(before)} readings in the {RESTING_HR_BASELINE_DAYS} days "
            f"before, {MIN_BASELINE_READINGS} needed for a normal"
        )
    today = entry.resting_heart_rate_bpm
    mean = float(np.mean(before))
    rise = today - mean
    if rise > RESTING_HR_REST_BPM + _EPSILON:
        verdict = Level.rest
    elif rise > RESTING_HR_CAUTION_BPM + _EPSILON:
        verdict = Level.caution
    else:
        verdict = Level.ready
    direction = "above" if rise >= 0 else "below"
    sentence = (
        f"resting heart rate {_fmt(today)} bpm is {_fmt(abs(rise), 1)} bpm {direction} your "
        f"{RESTING_HR_BASELINE_DAYS}-day mean of {_fmt(mean, 1)} bpm "
        f"(caution above +{_fmt(RESTING_HR_CAUTION_BPM)}, rest above "
        f"+{_fmt(RESTING_HR_REST_BPM)})"
    )
    normal = f"≤ {_fmt(mean + RESTING_HR_CAUTION_BPM, 1)} bpm"
    return Reason("resting_heart_rate", today, normal, verdict, sentence)


def _sleep(history: Sequence[DayHistory], day: date) -> Reason | str:
    debt = sleep_debt(history, day)
    if debt is None:
        return f"sleep: no night logged in the last {SLEEP_DEBT_DAYS} days"
    if debt.hours > SLEEP_DEBT_REST_HOURS:
        verdict = Level.rest
    elif debt.hours > SLEEP_DEBT_CAUTION_HOURS:
        verdict = Level.caution
    else:
        verdict = Level.ready
    normal = f"≤ {_fmt(SLEEP_DEBT_CAUTION_HOURS)} h"
    return Reason("sleep_debt", debt.hours, normal, verdict, sleep_debt_sentence(debt))


def _feeling(entry: WellnessEntry | None, name: str) -> Reason | str:
    value = None if entry is None else getattr(entry, name)
    if value is None:
        return f"{name}: not logged today"
    if value >= FEELING_REST:
        verdict = Level.rest
    elif value >= FEELING_CAUTION:
        verdict = Level.caution
    else:
        verdict = Level.ready
    sentence = f"{name} {value}/10 (caution from {FEELING_CAUTION}, rest from {FEELING_REST})"
    return Reason(name, float(value), f"< {FEELING_CAUTION}/10", verdict, sentence)


def _illness(entry: WellnessEntry | None) -> Reason | str:
    if entry is None or entry.illness is None:
        return "illness: not logged today"
    if entry.illness:
        note = f" ({entry.illness_note})" if entry.illness_note else ""
        return Reason("illness", 1.0, "well", Level.rest, f"ill today{note}: rest")
    return Reason("illness", 0.0, "well", Level.ready, "not ill today")


def _form(item: DayHistory | None) -> Reason | str:
    if item is None or item.form is None or not math.isfinite(item.form):
        return "form: not known for today"
    form = item.form
    if form < FORM_REST:
        verdict, how = Level.rest, "very high fatigue"
    elif form < FORM_CAUTION:
        verdict, how = Level.caution, "high fatigue"
    else:
        verdict, how = Level.ready, "fatigue in hand"
    sentence = (
        f"form {_fmt(form)} ({how}; caution below {_fmt(FORM_CAUTION)}, rest below "
        f"{_fmt(FORM_REST)})"
    )
    return Reason("form", form, f"≥ {_fmt(FORM_CAUTION)}", verdict, sentence)


def _acwr(item: DayHistory | None) -> Reason | str:
    if (
        item is None
        or item.acute_chronic_ratio is None
        or not math.isfinite(item.acute_chronic_ratio)
    ):
        return "acute:chronic ratio: not known for today (needs 28 days of load)"
    ratio = item.acute_chronic_ratio
    verdict = Level.caution if ratio > ACWR_CAUTION else Level.ready
    spike = "a spike in load" if verdict is Level.caution else "no spike in load"
    sentence = (
        f"acute:chronic ratio {_fmt(ratio, 2)}: {spike} (above {_fmt(ACWR_CAUTION, 1)} is a "
        "spike; an indicator, not an injury forecast)"
    )
    return Reason("acute_chronic_ratio", ratio, f"≤ {_fmt(ACWR_CAUTION, 1)}", verdict, sentence)


def assess_readiness(history: Sequence[DayHistory], day: date) -> Readiness:
    """Readiness on `day` from the history up to it; each reason says its numbers.

    Signals: HRV (7-day mean against the 60-day normal), resting heart rate, sleep debt,
    soreness, fatigue, illness, form and the acute:chronic ratio. Days after `day` are ignored.
    """
    known = [item for item in history if item.day <= day]
    days = by_day(known)
    today = days.get(day)
    entry = None if today is None else today.wellness
    outcomes = [
        _hrv(days, day),
        _resting_hr(days, day),
        _sleep(known, day),
        _feeling(entry, "soreness"),
        _feeling(entry, "fatigue"),
        _illness(entry),
        _form(today),
        _acwr(today),
    ]
    reasons = [outcome for outcome in outcomes if isinstance(outcome, Reason)]
    missing = [outcome for outcome in outcomes if isinstance(outcome, str)]
    return Readiness(day, worst(reason.verdict for reason in reasons), reasons, missing)
