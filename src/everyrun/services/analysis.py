"""Use cases: analyse activities with the thresholds in force on their day, and keep the result."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from everyrun.domain.analysis.activity_analysis import (
    ANALYSIS_VERSION,
    ActivityAnalysis,
    analyse_activity,
)
from everyrun.domain.analysis.estimates import EffortFacts, Estimate, estimate_profile
from everyrun.domain.athlete import AthleteProfile, ProfileChange, profile_on
from everyrun.services.ports import ActivitySummary, AnalysisStore, StoredAnalysis

SAVE_EVERY = 100  # analyses written per transaction during a full re-analysis


@dataclass
class AnalyzeReport:
    analysed: int = 0
    samples: int = 0
    elapsed_s: float = 0.0
    estimates: dict[str, Estimate] = field(default_factory=dict)
    passes: int = 0


def local_day(start_utc: datetime, utc_offset_s: int | None) -> date:
    return (start_utc + timedelta(seconds=utc_offset_s or 0)).date()


def with_estimates(profile: AthleteProfile, estimates: dict[str, Estimate]) -> AthleteProfile:
    """Fill only what the athlete did not give; their own values always win."""
    filled = {
        name: estimate.value
        for name, estimate in estimates.items()
        if getattr(profile, name) is None
    }
    return replace(profile, **filled) if filled else profile  # type: ignore[arg-type]


def effort_facts(stored: StoredAnalysis) -> EffortFacts:
    effort = stored.data.get("effort", {})
    return EffortFacts(
        activity_id=stored.activity_id,
        day=local_day(stored.start_utc, stored.utc_offset_s),
        sport=stored.sport,
        moving_time_s=float(stored.data.get("moving_time_s") or 0.0),
        max_sustained_heart_rate_bpm=effort.get("max_sustained_heart_rate_bpm"),
        best_20min_heart_rate_bpm=effort.get("best_20min_heart_rate_bpm"),
        best_efforts=[
            (e["name"], e["distance_m"], e["time_s"]) for e in stored.data.get("best_efforts", [])
        ],
    )


def history_estimates(store: AnalysisStore, athlete_id: int, as_of: date) -> dict[str, Estimate]:
    return estimate_profile((effort_facts(s) for s in store.analyses(athlete_id)), as_of)


def analyze(
    store: AnalysisStore,
    athlete_id: int,
    *,
    now_utc: datetime,
    activity_ids: Sequence[int] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> AnalyzeReport:
    """Analyse the given activities (all when None) and store the results.

    A full run makes a second pass when the first one taught us profile values the athlete had
    not set (max heart rate, VDOT...), so every activity is judged with them.
    """
    started = time.perf_counter()
    report = AnalyzeReport()
    changes = store.profile_changes(athlete_id)
    summaries = [s for s in reversed(store.list_activities(athlete_id))]
    if activity_ids is not None:
        wanted = set(activity_ids)
        summaries = [s for s in summaries if s.id in wanted]
    today = now_utc.date()
    estimates = history_estimates(store, athlete_id, today)
    _analyse_pass(store, athlete_id, summaries, changes, estimates, now_utc, report, on_done)
    if activity_ids is None:
        learned = history_estimates(store, athlete_id, today)
        if _fills_more(changes, today, estimates, learned):
            _analyse_pass(store, athlete_id, summaries, changes, learned, now_utc, report, None)
        estimates = learned
    report.estimates = estimates
    report.elapsed_s = time.perf_counter() - started
    return report


def _fills_more(
    changes: list[ProfileChange],
    today: date,
    before: dict[str, Estimate],
    after: dict[str, Estimate],
) -> bool:
    given = profile_on(changes, today).profile
    unset = {name for name in after if getattr(given, name) is None}
    return any(name not in before or before[name].value != after[name].value for name in unset)


def _analyse_pass(
    store: AnalysisStore,
    athlete_id: int,
    summaries: list[ActivitySummary],
    changes: list[ProfileChange],
    estimates: dict[str, Estimate],
    now_utc: datetime,
    report: AnalyzeReport,
    on_done: Callable[[int], None] | None,
) -> None:
    report.passes += 1
    pending: list[tuple[int, ActivityAnalysis]] = []
    for summary in summaries:
        activity = store.get_activity(athlete_id, summary.id)
        day = local_day(summary.start_utc, summary.utc_offset_s)
        profile = with_estimates(profile_on(changes, day).profile, estimates)
        pending.append((summary.id, analyse_activity(activity, profile, day)))
        report.analysed += 1
        report.samples += len(activity.streams)
        if len(pending) >= SAVE_EVERY:
            store.save_analyses(athlete_id, pending, now_utc)
            pending = []
        if on_done is not None:
            on_done(summary.id)
    store.save_analyses(athlete_id, pending, now_utc)


def analysis_of(
    store: AnalysisStore, athlete_id: int, activity_id: int, *, now_utc: datetime
) -> StoredAnalysis:
    """The stored analysis, made now if missing or made by older rules."""
    stored = store.analyses(athlete_id, activity_id)
    if stored and stored[0].version == ANALYSIS_VERSION:
        return stored[0]
    analyze(store, athlete_id, now_utc=now_utc, activity_ids=[activity_id])
    return store.analyses(athlete_id, activity_id)[0]
