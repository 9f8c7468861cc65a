"""Use case: bring a runner's history in from files, each activity once, nothing half-stored."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from everyrun.domain.activity import Activity
from everyrun.domain.cleaning import clean_activity
from everyrun.domain.dedupe import find_same_session
from everyrun.domain.errors import FileRejectedError
from everyrun.domain.sport import canonical_sport
from everyrun.services.ports import (
    ActivityFile,
    ActivityStore,
    NewActivity,
    PlatformMetadata,
    ReadActivities,
    UnreadableSource,
)

IMPORTED = "imported"
ALREADY_PRESENT = "already_present"
SKIPPED = "skipped"
FAILED = "failed"
OUTCOMES = (IMPORTED, ALREADY_PRESENT, SKIPPED, FAILED)


@dataclass
class FileOutcome:
    name: str
    outcome: str
    reason: str | None = None
    activity_ids: list[int] = field(default_factory=list)
    same_as: list[int] = field(default_factory=list)  # stored ids this file duplicates
    warnings: list[str] = field(default_factory=list)
    sample_count: int = 0


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    elapsed_s: float = 0.0

    def counts(self) -> dict[str, int]:
        found = Counter(o.outcome for o in self.outcomes)
        return {outcome: found.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def sample_count(self) -> int:
        return sum(o.sample_count for o in self.outcomes)

    @property
    def activity_count(self) -> int:
        return sum(len(o.activity_ids) for o in self.outcomes)


@dataclass(frozen=True)
class ImportSettings:
    athlete_id: int
    time_zone: ZoneInfo  # the athlete's zone, for files that do not carry local time
    now_utc: datetime


def import_files(
    sources: Iterable[ActivityFile | UnreadableSource],
    read_activities: ReadActivities,
    store: ActivityStore,
    settings: ImportSettings,
    on_file_done: Callable[[FileOutcome], None] | None = None,
) -> ImportReport:
    """Import every source; one bad file is reported and never stops the batch."""
    started = time.perf_counter()
    report = ImportReport()
    for source in sources:
        outcome = _import_one(source, read_activities, store, settings)
        report.outcomes.append(outcome)
        if on_file_done is not None:
            on_file_done(outcome)
    report.elapsed_s = time.perf_counter() - started
    return report


def _import_one(
    source: ActivityFile | UnreadableSource,
    read_activities: ReadActivities,
    store: ActivityStore,
    settings: ImportSettings,
) -> FileOutcome:
    if isinstance(source, UnreadableSource):
        return FileOutcome(source.name, source.outcome, source.reason)
    try:
        data = source.read()
        digest = hashlib.sha256(data).hexdigest()
        known = store.file_already_imported(settings.athlete_id, digest)
        if known:
            return FileOutcome(
                source.name, ALREADY_PRESENT, "this file was imported before", same_as=known
            )
        activities = read_activities(source.format, data, source.name)
        del data
    except FileRejectedError as error:
        return FileOutcome(source.name, error.outcome, str(error))
    prepared = [_prepare(a, source.metadata, settings) for a in activities]
    fresh: list[Activity] = []
    same_as: list[int] = []
    for activity in prepared:
        window = store.activities_between(
            settings.athlete_id,
            activity.start_utc - timedelta(hours=1),
            activity.end_utc + timedelta(hours=1),
        )
        twin = find_same_session(activity, window)
        if twin is None:
            fresh.append(activity)
        else:
            same_as.append(twin.activity_id)
    warnings = list(dict.fromkeys(w for a in prepared for w in a.warnings))
    if not fresh:
        return FileOutcome(
            source.name,
            ALREADY_PRESENT,
            "the same session is stored from another file or device",
            same_as=same_as,
            warnings=warnings,
        )
    new = [NewActivity(a, digest, settings.now_utc) for a in fresh]
    try:
        ids = store.add_activities(settings.athlete_id, new)
    except FileRejectedError as error:  # all or nothing: none of this file was stored
        return FileOutcome(source.name, error.outcome, str(error), warnings=warnings)
    reason = None
    if same_as:
        reason = f"{len(same_as)} of {len(prepared)} legs were already stored"
    return FileOutcome(
        source.name,
        IMPORTED,
        reason,
        activity_ids=ids,
        same_as=same_as,
        warnings=warnings,
        sample_count=sum(len(a.streams) for a in fresh),
    )


def _prepare(
    activity: Activity, metadata: PlatformMetadata | None, settings: ImportSettings
) -> Activity:
    """Clean, name from the platform's export, and fix the local clock."""
    activity = clean_activity(activity, now_utc=settings.now_utc)
    changes: dict[str, object] = {}
    if metadata is not None:
        if metadata.name:
            changes["name"] = metadata.name
        if metadata.gear:
            changes["gear"] = metadata.gear
        if metadata.activity_type and activity.leg_count == 1:
            sport, sub_sport = canonical_sport(metadata.activity_type)
            changes["sport"] = sport
            changes["sub_sport"] = sub_sport or activity.sub_sport
    if activity.utc_offset_s is None:
        offset = activity.start_utc.astimezone(settings.time_zone).utcoffset()
        changes["utc_offset_s"] = int(offset.total_seconds()) if offset is not None else 0
        changes["utc_offset_source"] = "athlete"
    return replace(activity, **changes) if changes else activity  # type: ignore[arg-type]
