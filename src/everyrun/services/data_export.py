"""Everything stored about one athlete, as one JSON document they can take elsewhere (the
right of access and portability: GDPR articles 15 and 20).

The document is written section by section and each activity's samples one activity at a
time, so an export of years of recordings never holds more than one recording in memory: the
web app streams the chunks to the browser, the CLI to a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

import numpy as np

from everyrun.domain.accounts.people import Account, CoachLink, SessionComment
from everyrun.domain.activity import Activity
from everyrun.domain.athlete import ProfileChange
from everyrun.domain.wellness import WellnessEntry
from everyrun.services.ports import (
    ActivitySummary,
    GivenPurpose,
    PlanVersion,
    StoredAnalysis,
    StoredChange,
    StoredManualSession,
)

FORMAT = "everyrun-export"
FORMAT_VERSION = 1
_FIRST_DAY, _LAST_DAY = date(1, 1, 1), date(9999, 12, 31)


class ExportStore(Protocol):
    """The athlete-scoped reads an export needs (all of them SqlStore's)."""

    def profile_changes(self, athlete_id: int) -> list[ProfileChange]: ...
    def iter_summaries(self, athlete_id: int) -> Iterator[ActivitySummary]: ...
    def get_activity(self, athlete_id: int, activity_id: int) -> Activity: ...
    def analyses(self, athlete_id: int, activity_id: int | None = None) -> list[StoredAnalysis]: ...
    def wellness_between(self, athlete_id: int, first: date, last: date) -> list[WellnessEntry]: ...
    def manual_sessions_between(
        self, athlete_id: int, first: date, last: date
    ) -> list[StoredManualSession]: ...
    def activity_rpes(self, athlete_id: int) -> dict[int, float]: ...
    def given_purposes(
        self, athlete_id: int, activity_ids: Sequence[int] | None = None
    ) -> dict[int, GivenPurpose]: ...
    def goal_history(self, athlete_id: int) -> list[tuple[int, datetime, dict[str, Any]]]: ...
    def plan_versions(self, athlete_id: int) -> list[PlanVersion]: ...
    def plan_document(self, athlete_id: int, plan_id: int) -> dict[str, Any]: ...
    def plan_changes(self, athlete_id: int) -> list[StoredChange]: ...
    def account_for_athlete(self, athlete_id: int) -> Account | None: ...
    def api_tokens(self, user_id: int) -> list[tuple[int, str, datetime, datetime | None]]: ...
    def links(
        self, *, coach_user_id: int | None = None, athlete_id: int | None = None
    ) -> list[CoachLink]: ...
    def comments(
        self, athlete_id: int, session_ids: Sequence[str] | None = None
    ) -> list[SessionComment]: ...


def plain(value: Any) -> Any:
    """Strict JSON values: dataclasses as objects, dates as ISO text, NaN as null."""
    if isinstance(value, Enum):
        return plain(value.value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        numbers = value.astype(np.float64, copy=False)
        finite = np.isfinite(numbers)
        listed: list[float | None] = numbers.tolist()
        if not finite.all():
            for index in np.flatnonzero(~finite).tolist():
                listed[index] = None
        return listed
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if np.isfinite(number) else None
    return value


def _dump(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, allow_nan=False)


def _account(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "email": account.email,
        "name": account.name,
        "role": account.role.value,
        "created_at": account.created_at.isoformat(),
    }


def link_json(link: CoachLink) -> dict[str, Any]:
    """A coach link as both sides may see it: names and addresses, never more."""
    return {
        "id": link.id,
        "status": link.status.value,
        "coach": {"id": link.coach.id, "name": link.coach.name, "email": link.coach.email},
        "athlete": {
            "id": link.athlete.id,
            "name": link.athlete.name,
            "email": link.athlete.email,
            "athlete_id": link.athlete.athlete_id,
        },
        "created_at": link.created_at.isoformat(),
        "decided_at": link.decided_at.isoformat() if link.decided_at else None,
    }


def _account_section(store: ExportStore, athlete_id: int) -> dict[str, Any] | None:
    """The account on a shared server (None in the single-user app): no password hash, no
    token secrets (only their hashes are stored anyway)."""
    account = store.account_for_athlete(athlete_id)
    if account is None:
        return None
    links = {link.id: link for link in store.links(athlete_id=athlete_id)}
    links.update({link.id: link for link in store.links(coach_user_id=account.id)})
    return {
        **_account(account),
        "api_tokens": [
            {"id": i, "name": name, "created_at": made, "revoked_at": revoked}
            for i, name, made, revoked in store.api_tokens(account.id)
        ],
        "coach_links": [link_json(links[i]) for i in sorted(links)],
    }


def _activity(activity_id: int, activity: Activity, extra: dict[str, Any]) -> dict[str, Any]:
    record = plain(activity)
    record["streams"] = record.pop("streams")["columns"]  # name -> samples, in SI units
    return {"id": activity_id, **record, **extra}


def export_chunks(store: ExportStore, athlete_id: int, *, now: datetime) -> Iterator[str]:
    """The export as JSON text in pieces: small sections first, then one activity at a time
    (summary, laps, pauses, sets, streams, RR intervals, its RPE and given purpose)."""
    given = store.given_purposes(athlete_id)
    rpes = store.activity_rpes(athlete_id)
    yield "{"
    yield f'"format": "{FORMAT}", "version": {FORMAT_VERSION}, '
    yield f'"exported_at": {_dump(now)}, "athlete_id": {athlete_id},\n'
    yield f'"account": {_dump(_account_section(store, athlete_id))},\n'
    yield f'"profile_changes": {_dump(store.profile_changes(athlete_id))},\n'
    wellness = store.wellness_between(athlete_id, _FIRST_DAY, _LAST_DAY)
    yield f'"wellness": {_dump(wellness)},\n'
    manual = store.manual_sessions_between(athlete_id, _FIRST_DAY, _LAST_DAY)
    yield f'"manual_sessions": {_dump(manual)},\n'
    goals = [
        {"id": i, "created_at": at, "goal": document}
        for i, at, document in store.goal_history(athlete_id)
    ]
    yield f'"goals": {_dump(goals)},\n'
    yield '"plans": ['
    for number, version in enumerate(store.plan_versions(athlete_id)):
        record = {**plain(version), "document": store.plan_document(athlete_id, version.id)}
        yield ("," if number else "") + "\n" + _dump(record)
    yield "],\n"
    yield f'"plan_changes": {_dump(store.plan_changes(athlete_id))},\n'
    yield f'"comments": {_dump(store.comments(athlete_id))},\n'
    yield f'"analyses": {_dump(store.analyses(athlete_id))},\n'
    yield '"activities": ['
    for number, summary in enumerate(store.iter_summaries(athlete_id)):
        activity = store.get_activity(athlete_id, summary.id)
        extra = {"rpe": rpes.get(summary.id), "given_purpose": given.get(summary.id)}
        yield ("," if number else "") + "\n" + _dump(_activity(summary.id, activity, extra))
    yield "]}\n"
