"""Use cases: today's readiness and the risk flags standing, from the store.

The rules are pure (`domain.readiness`, `domain.risk_flags`); this module only gathers what they
read: one `DayHistory` for each of the 70 local days up to the chosen day — every day present,
rested ones too — from the load report (load, form, acute:chronic ratio, monotony), the purposes
of the analysed activities and of the sessions logged by hand, and the wellness log. The weekly
loads are the whole ISO weeks of the load report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from everyrun.domain.purpose import HARD_PURPOSES, Purpose
from everyrun.domain.readiness import DayHistory, Readiness, assess_readiness
from everyrun.domain.risk_flags import RiskFlag, find_risk_flags
from everyrun.domain.science.fitness import Smoothing
from everyrun.domain.wellness import WellnessEntry
from everyrun.services.analysis import local_day
from everyrun.services.load import LoadReport, LoadStore, load_report
from everyrun.services.ports import ActivitySummary, StoredAnalysis

# 60 days of baseline (HRV, resting heart rate) before the week judged, with room to spare.
HISTORY_DAYS = 70
# Sessions with only these purposes leave the day rested.
RESTING_PURPOSES = frozenset({Purpose.RECOVERY, Purpose.MOBILITY, Purpose.REST})


@dataclass(frozen=True)
class History:
    """What the rules read for one day."""

    day: date
    days: list[DayHistory]  # HISTORY_DAYS days ending on `day`, oldest first, none left out
    weekly_loads: list[float]  # whole ISO weeks ending on or before `day`, oldest first


def _purpose(text: str | Purpose | None) -> Purpose | None:
    if text is None:
        return None
    try:
        return Purpose(text)
    except ValueError:
        return None


def build_history(
    day: date,
    report: LoadReport,
    sessions: Iterable[tuple[date, Purpose | str | None]],
    wellness: Iterable[WellnessEntry],
    *,
    days: int = HISTORY_DAYS,
) -> History:
    """The pure part: the history from a load report, (day, purpose) of every session (None: no
    purpose known), and wellness entries. A day with no session is rested; a day is hard when a
    session has a hard purpose, rested when every session is recovery, mobility or rest."""
    first = day - timedelta(days=days - 1)
    rows = {row.day: row for row in report.daily}
    purposes: dict[date, list[Purpose | None]] = {}
    for session_day, purpose in sessions:
        if first <= session_day <= day:
            purposes.setdefault(session_day, []).append(_purpose(purpose))
    logged: Mapping[date, WellnessEntry] = {e.day: e for e in wellness if first <= e.day <= day}
    history = []
    for offset in range(days):
        current = first + timedelta(days=offset)
        row = rows.get(current)
        found = purposes.get(current, [])
        history.append(
            DayHistory(
                day=current,
                load_points=0.0 if row is None else row.load,
                hard=any(p in HARD_PURPOSES for p in found),
                rested=all(p in RESTING_PURPOSES for p in found),
                form=None if row is None else row.form,
                acute_chronic_ratio=None if row is None else row.acute_chronic_ratio,
                monotony=None if row is None else row.monotony,
                wellness=logged.get(current),
            )
        )
    return History(day, history, whole_weeks(report, day))


def whole_weeks(report: LoadReport, day: date) -> list[float]:
    """Loads of the report's ISO weeks that lie wholly within its history up to `day`: a week
    begun before the first session, or not yet over on `day`, is left out."""
    first = report.first_day
    return [
        row.load
        for row in report.weekly
        if first is not None and row.first_day >= first and row.first_day + timedelta(days=6) <= day
    ]


def history_until(
    store: LoadStore,
    athlete_id: int,
    day: date,
    *,
    smoothing: Smoothing = Smoothing.exponential,
    report: LoadReport | None = None,
    analyses: Sequence[StoredAnalysis] | None = None,
    summaries: Sequence[ActivitySummary] | None = None,
) -> History:
    """Everything the readiness and flag rules read, from the store, for `day` (`report`,
    `analyses`, `summaries`: the load report to `day` and the athlete's analyses and activity
    list, when the caller has read them already)."""
    first = day - timedelta(days=HISTORY_DAYS - 1)
    if analyses is None:
        analyses = store.analyses(athlete_id)
    if summaries is None:
        summaries = list(store.iter_summaries(athlete_id))
    if report is None or report.until != day:
        report = load_report(
            store,
            athlete_id,
            until=day,
            smoothing=smoothing,
            analyses=analyses,
            summaries=summaries,
        )
    sessions: list[tuple[date, Purpose | str | None]] = []
    analysed = set()
    for analysis in analyses:
        analysed.add(analysis.activity_id)
        sessions.append((local_day(analysis.start_utc, analysis.utc_offset_s), analysis.purpose))
    # An activity not analysed yet is still a session: the day is not rested, hard unknown.
    for summary in summaries:
        if summary.id not in analysed:
            sessions.append((local_day(summary.start_utc, summary.utc_offset_s), None))
    for manual in store.manual_sessions_between(athlete_id, first, day):
        sessions.append((manual.session.day, manual.session.purpose))
    wellness = store.wellness_between(athlete_id, first, day)
    return build_history(day, report, sessions, wellness)


def readiness_on(store: LoadStore, athlete_id: int, day: date) -> Readiness:
    """Ready, caution or rest on `day`, each reason with its numbers."""
    history = history_until(store, athlete_id, day)
    return assess_readiness(history.days, day)


def flags_on(store: LoadStore, athlete_id: int, day: date) -> list[RiskFlag]:
    """The risk flags standing on `day`."""
    history = history_until(store, athlete_id, day)
    return find_risk_flags(history.days, history.weekly_loads, day)
