"""Risk flags: patterns in load, recovery and niggles worth a look, each with its numbers.

A flag is a prompt to look, not an injury forecast: the acute:chronic ratio and the 10 % rule
are both disputed as predictors (see `science/workload.py`). Each flag's threshold is a named
constant with its source, or is stated as everyrun's convention.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import numpy as np

from everyrun.domain.readiness import (
    SLEEP_DEBT_CAUTION_HOURS,
    DayHistory,
    by_day,
    sleep_debt,
    sleep_debt_sentence,
    wellness_on,
    window,
)
from everyrun.domain.science.workload import (
    MONOTONY_HIGH,
    RAMP_WARNING_PCT,
    RAMP_WARNING_WEEKS,
    RATIO_SPIKE,
    find_ramp_streaks,
)
from everyrun.domain.wellness import Niggle


class FlagKind(StrEnum):
    load_spike = "load_spike"  # acute:chronic ratio above 1.5
    ramp = "ramp"  # weekly load up more than 10 % for 3 weeks in a row
    monotony = "monotony"  # Foster monotony above 2
    hard_back_to_back = "hard_back_to_back"  # hard sessions on consecutive days
    no_rest_day = "no_rest_day"  # 10 or more days in a row without rest
    sleep_debt = "sleep_debt"  # more than 5 h of sleep debt over 7 nights
    repeated_niggle = "repeated_niggle"  # the same place and side on 2+ days in 7


@dataclass(frozen=True)
class RiskFlag:
    kind: FlagKind
    day: date  # the day the pattern was last seen
    sentence: str
    numbers: dict[str, float] = field(default_factory=dict)


# Gabbett 2016 (BJSM 50:273): above 1.5 is a spike; shown as a spike, never as a forecast.
ACWR_SPIKE = RATIO_SPIKE
# Foster 1998 (MSSE 30:1164): monotony above 2.0 is high.
MONOTONY_FLAG = MONOTONY_HIGH
# Running lore's 10 % rule, for 3 weeks in a row (Buist et al. 2008 found it did not prevent
# injuries in novices: a prompt to look).
RAMP_PCT = RAMP_WARNING_PCT
RAMP_WEEKS = RAMP_WARNING_WEEKS
# Hard days are looked for in the last 7 days; a run of 2+ consecutive hard days is flagged
# (everyrun's convention: a hard day is followed by an easy one).
HARD_LOOKBACK_DAYS = 7
# No rest day in 10 or more days in a row (everyrun's convention).
NO_REST_DAYS = 10
# Sleep debt above 5 h over 7 nights, as readiness's caution (everyrun's convention).
SLEEP_DEBT_FLAG_HOURS = SLEEP_DEBT_CAUTION_HOURS
# The same niggle (location and side, severity ≥ 1) on 2 or more days within 7 days
# (everyrun's convention).
NIGGLE_DAYS = 7
NIGGLE_TIMES = 2


def _acwr(item: DayHistory | None, day: date) -> list[RiskFlag]:
    if item is None or item.acute_chronic_ratio is None:
        return []
    ratio = item.acute_chronic_ratio
    if not (math.isfinite(ratio) and ratio > ACWR_SPIKE):
        return []
    sentence = (
        f"acute:chronic ratio {ratio:.2f} is above {ACWR_SPIKE:.1f}: a spike in load against "
        "the last four weeks (an indicator, not an injury forecast)"
    )
    return [RiskFlag(FlagKind.load_spike, day, sentence, {"ratio": ratio, "limit": ACWR_SPIKE})]


def _ramp(weekly_loads: Sequence[float], day: date) -> list[RiskFlag]:
    weeks = np.asarray(weekly_loads, dtype=np.float64)
    if weeks.size < RAMP_WEEKS + 1:
        return []
    change = np.full(weeks.shape, np.nan)  # as workload.weekly_ramp; NaN breaks a streak
    before = weeks[:-1]
    grew = np.isfinite(before) & (before > 0)
    with np.errstate(over="ignore", invalid="ignore"):
        change[1:][grew] = (weeks[1:][grew] - before[grew]) / before[grew] * 100.0
    streaks = find_ramp_streaks(change, above_pct=RAMP_PCT, min_weeks=RAMP_WEEKS)
    current = [streak for streak in streaks if streak.last_week == weeks.size - 1]
    if not current:
        return []
    streak = current[0]
    loads = weeks[streak.first_week - 1 : streak.last_week + 1]
    rises = change[streak.first_week : streak.last_week + 1]
    path = " → ".join(f"{load:.0f}" for load in loads)
    steps = ", ".join(f"+{rise:.0f} %" for rise in rises)
    sentence = (
        f"weekly load rose more than {RAMP_PCT:.0f} % for {streak.weeks} weeks in a row: "
        f"{path} ({steps}); the 10 % rule is lore, a prompt to look"
    )
    numbers = {
        "weeks": float(streak.weeks),
        "first_load": float(loads[0]),
        "last_load": float(loads[-1]),
        "smallest_rise_pct": float(rises.min()),
        "limit_pct": RAMP_PCT,
    }
    return [RiskFlag(FlagKind.ramp, day, sentence, numbers)]


def _monotony(item: DayHistory | None, day: date) -> list[RiskFlag]:
    if item is None or item.monotony is None:
        return []
    monotony = item.monotony
    if math.isnan(monotony) or monotony <= MONOTONY_FLAG:
        return []
    if math.isinf(monotony):
        how = "the same load every day of the last 7"
    else:
        how = f"monotony {monotony:.2f} over the last 7 days"
    sentence = f"{how}, above {MONOTONY_FLAG:.1f} (Foster 1998): vary hard and easy days"
    return [
        RiskFlag(FlagKind.monotony, day, sentence, {"monotony": monotony, "limit": MONOTONY_FLAG})
    ]


def _hard_back_to_back(days: dict[date, DayHistory], day: date) -> list[RiskFlag]:
    flags = []
    run: list[date] = []
    for d in [*window(day, HARD_LOOKBACK_DAYS), day + timedelta(days=1)]:
        item = days.get(d) if d <= day else None
        if item is not None and item.hard:
            run.append(d)
            continue
        if len(run) >= 2:
            listed = ", ".join(str(x) for x in run)
            sentence = f"{len(run)} hard days back to back ({listed}): no easy day between"
            flags.append(
                RiskFlag(FlagKind.hard_back_to_back, run[-1], sentence, {"days": float(len(run))})
            )
        run = []
    return flags


def _no_rest(days: dict[date, DayHistory], day: date) -> list[RiskFlag]:
    streak = 0
    d = day
    while (item := days.get(d)) is not None and not item.rested:
        streak += 1
        d -= timedelta(days=1)
    if streak < NO_REST_DAYS:
        return []
    sentence = (
        f"no rest day in {streak} days (since {d + timedelta(days=1)}); "
        f"a rest day at least every {NO_REST_DAYS - 1} days"
    )
    return [
        RiskFlag(
            FlagKind.no_rest_day, day, sentence, {"days": float(streak), "limit": NO_REST_DAYS}
        )
    ]


def _sleep(history: Sequence[DayHistory], day: date) -> list[RiskFlag]:
    debt = sleep_debt(history, day)
    if debt is None or debt.hours <= SLEEP_DEBT_FLAG_HOURS:
        return []
    numbers = {
        "debt_hours": debt.hours,
        "nights_logged": float(debt.nights_logged),
        "need_hours": debt.need_hours,
        "limit_hours": SLEEP_DEBT_FLAG_HOURS,
    }
    return [RiskFlag(FlagKind.sleep_debt, day, sleep_debt_sentence(debt), numbers)]


def _niggles(days: dict[date, DayHistory], day: date) -> list[RiskFlag]:
    seen: dict[tuple[str, str | None], list[tuple[date, Niggle]]] = {}
    for d in window(day, NIGGLE_DAYS):
        entry = wellness_on(days, d)
        if entry is None:
            continue
        for niggle in {n.key: n for n in entry.niggles if n.severity >= 1}.values():
            seen.setdefault(niggle.key, []).append((d, niggle))
    flags = []
    for found in seen.values():
        if len(found) < NIGGLE_TIMES:
            continue
        where = found[-1][1].where
        worst_severity = max(niggle.severity for _, niggle in found)
        listed = ", ".join(f"{d} {niggle.severity}/10" for d, niggle in found)
        sentence = (
            f"{where} niggle logged on {len(found)} days in the last {NIGGLE_DAYS} "
            f"({listed}), worst {worst_severity}/10"
        )
        numbers = {"times": float(len(found)), "worst_severity": float(worst_severity)}
        flags.append(RiskFlag(FlagKind.repeated_niggle, found[-1][0], sentence, numbers))
    return flags


def find_risk_flags(
    history: Sequence[DayHistory], weekly_loads: Sequence[float], day: date
) -> list[RiskFlag]:
    """The flags standing on `day`, from the daily history and the weekly loads.

    `weekly_loads` are whole weeks, oldest first, the last being the most recent; a ramp is
    flagged while its streak reaches that last week. Days after `day` are ignored.
    """
    known = [item for item in history if item.day <= day]
    days = by_day(known)
    today = days.get(day)
    return [
        *_acwr(today, day),
        *_ramp(weekly_loads, day),
        *_monotony(today, day),
        *_hard_back_to_back(days, day),
        *_no_rest(days, day),
        *_sleep(known, day),
        *_niggles(days, day),
    ]
