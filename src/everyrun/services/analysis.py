"""Use cases: analyse activities with the thresholds in force on their day, and keep the result."""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from everyrun.domain.analysis.activity_analysis import (
    ANALYSIS_VERSION,
    ActivityAnalysis,
    analyse_activity,
)
from everyrun.domain.analysis.estimates import (
    FITNESS_LOOKBACK,
    MAX_HEART_RATE_LOOKBACK,
    EffortFacts,
    Estimate,
    estimate_profile,
)
from everyrun.domain.athlete import (
    AthleteProfile,
    ProfileChange,
    ProfileValueError,
    check_consistent,
    profile_on,
)
from everyrun.domain.errors import EveryrunError, NotFoundError
from everyrun.services.ports import ActivitySummary, AnalysisStore, StoredAnalysis

SAVE_EVERY = 100  # analyses written per transaction during a full re-analysis
# Values that say the same thing: threshold pace follows from VDOT (Daniels). When the athlete
# gave one of them, an estimate of the other would contradict it rather than fill a gap.
LINKED = (frozenset({"vdot", "threshold_speed_mps"}),)
LOOKBACK = max(MAX_HEART_RATE_LOOKBACK, FITNESS_LOOKBACK)  # the oldest facts an estimate reads
NOT_FOUND_HINT = "list your activities with `everyrun activities` to see their IDs"


@dataclass
class AnalyzeReport:
    analysed: int = 0  # activities analysed (each counted once, however many passes)
    samples: int = 0  # samples processed, over all passes
    elapsed_s: float = 0.0
    estimates: dict[str, Estimate] = field(default_factory=dict)  # as of today
    passes: int = 0


def local_day(start_utc: datetime, utc_offset_s: int | None) -> date:
    return (start_utc + timedelta(seconds=utc_offset_s or 0)).date()


def with_estimates(profile: AthleteProfile, estimates: dict[str, Estimate]) -> AthleteProfile:
    """Fill only what the athlete did not give; their own values always win.

    An estimate that would contradict a value the athlete gave is left out: no estimated
    threshold pace beside their own VDOT, no estimated max heart rate below their LTHR.
    """
    linked: set[str] = set().union(
        *(group for group in LINKED if any(getattr(profile, name) is not None for name in group))
    )
    filled = profile
    for name, estimate in estimates.items():
        if getattr(profile, name) is not None or name in linked:
            continue
        value: dict[str, Any] = {name: estimate.value}
        candidate = replace(filled, **value)
        try:
            check_consistent(candidate)
        except ProfileValueError:
            continue
        filled = candidate
    return filled


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


class DatedEstimates:
    """Estimates as of any day, from the facts of the analyses stored so far.

    An activity is judged with what its own history knew: a 2015 run with the max heart rate
    seen up to 2015, as `everyrun athlete show --date` shows it, never with a later year's.
    """

    def __init__(self, facts: Iterable[EffortFacts]) -> None:
        self._facts = sorted(facts, key=lambda f: f.day)
        self._days = [f.day for f in self._facts]
        self._known: dict[date, dict[str, Estimate]] = {}

    @classmethod
    def stored(cls, store: AnalysisStore, athlete_id: int) -> DatedEstimates:
        return cls(effort_facts(s) for s in store.analyses(athlete_id))

    def on(self, day: date) -> dict[str, Estimate]:
        if day not in self._known:
            # Only facts inside the longest look-back can count: keeps a long history linear.
            first = bisect_left(self._days, day - LOOKBACK)
            last = bisect_right(self._days, day)
            self._known[day] = estimate_profile(self._facts[first:last], day)
        return self._known[day]


def analyze(
    store: AnalysisStore,
    athlete_id: int,
    *,
    now_utc: datetime,
    activity_ids: Sequence[int] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> AnalyzeReport:
    """Analyse the given activities (all when None) and store the results.

    Each activity gets the profile in force on its day, with unset values estimated from the
    history up to that day. A full run makes a second pass when the first one taught us values
    the athlete had not set (max heart rate, VDOT...), so every activity is judged with them.
    NotFoundError, and nothing analysed, if an ID is not one of this athlete's activities.
    """
    started = time.perf_counter()
    report = AnalyzeReport()
    changes = store.profile_changes(athlete_id)
    summaries = [s for s in reversed(store.list_activities(athlete_id))]
    if activity_ids is not None:
        wanted = set(activity_ids)
        unknown = sorted(wanted - {s.id for s in summaries})
        if unknown:
            raise _not_found(unknown)
        summaries = [s for s in summaries if s.id in wanted]
    estimates = DatedEstimates.stored(store, athlete_id)
    _analyse_pass(store, athlete_id, summaries, changes, estimates, now_utc, report, on_done)
    if activity_ids is None:
        learned = DatedEstimates.stored(store, athlete_id)
        if _judged_differently(changes, summaries, estimates, learned):
            _analyse_pass(store, athlete_id, summaries, changes, learned, now_utc, report, None)
        estimates = learned
    report.estimates = estimates.on(now_utc.date())
    report.elapsed_s = time.perf_counter() - started
    return report


def _judged_differently(
    changes: list[ProfileChange],
    summaries: list[ActivitySummary],
    before: DatedEstimates,
    after: DatedEstimates,
) -> bool:
    """Whether any activity's profile, estimates filled in, differs between the two."""
    for summary in summaries:
        day = local_day(summary.start_utc, summary.utc_offset_s)
        given = profile_on(changes, day).profile
        if with_estimates(given, before.on(day)) != with_estimates(given, after.on(day)):
            return True
    return False


def _analyse_pass(
    store: AnalysisStore,
    athlete_id: int,
    summaries: list[ActivitySummary],
    changes: list[ProfileChange],
    estimates: DatedEstimates,
    now_utc: datetime,
    report: AnalyzeReport,
    on_done: Callable[[int], None] | None,
) -> None:
    report.passes += 1
    report.analysed = len(summaries)
    pending: list[tuple[int, ActivityAnalysis]] = []
    rpes = store.activity_rpes(athlete_id)  # session-RPE where nothing better measures load
    for summary in summaries:
        activity = store.get_activity(athlete_id, summary.id)
        day = local_day(summary.start_utc, summary.utc_offset_s)
        profile = with_estimates(profile_on(changes, day).profile, estimates.on(day))
        try:
            analysis = analyse_activity(activity, profile, day, rpe=rpes.get(summary.id))
            pending.append((summary.id, analysis))
        except EveryrunError as error:  # say which activity, so it can be looked at
            raise type(error)(
                f"cannot analyse activity {summary.id} ({day}): {error.message}", error.hint
            ) from error
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
    """The stored analysis, made now if missing, made by older rules or before the profile last
    changed (a new threshold must show at once). NotFoundError if not this athlete's activity.
    """
    stored = store.analyses(athlete_id, activity_id)
    changed = max((c.recorded_at for c in store.profile_changes(athlete_id)), default=None)
    if (
        stored
        and stored[0].version == ANALYSIS_VERSION
        and (changed is None or stored[0].analysed_at >= changed)
    ):
        return stored[0]
    analyze(store, athlete_id, now_utc=now_utc, activity_ids=[activity_id])
    return store.analyses(athlete_id, activity_id)[0]


def _not_found(activity_ids: list[int]) -> NotFoundError:
    listed = ", ".join(map(str, activity_ids))
    plural = "activities" if len(activity_ids) > 1 else "activity"
    return NotFoundError(f"no {plural} with ID {listed}", NOT_FOUND_HINT)
