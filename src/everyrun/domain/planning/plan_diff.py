"""Two versions of a plan compared session by session, so the athlete can see what an
adaptation (or a new plan) actually changed: sessions added, removed, and changed — with the
fields that differ, the title and purpose before and after.

Sessions are matched by id (one id per day and kind, see `check_session_ids`): a session moved
to another day shows as removed on one day and added on the other, which is what happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.plan_record import session_to_dict
from everyrun.domain.planning.session import PlannedSession


class DiffKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class SessionDiff:
    kind: DiffKind
    day: date
    session_id: str
    before: PlannedSession | None
    after: PlannedSession | None
    fields: tuple[str, ...] = ()  # for a changed session: what differs, e.g. ("distance_m",)


def diff_plans(old: Plan, new: Plan) -> tuple[SessionDiff, ...]:
    """Every session that differs between the two versions, by day, then id."""
    before = {s.id: s for s in old.sessions}
    after = {s.id: s for s in new.sessions}
    diffs: list[SessionDiff] = []
    for session_id in before.keys() | after.keys():
        a, b = before.get(session_id), after.get(session_id)
        if a is None and b is not None:
            diffs.append(SessionDiff(DiffKind.ADDED, b.day, session_id, None, b))
        elif b is None and a is not None:
            diffs.append(SessionDiff(DiffKind.REMOVED, a.day, session_id, a, None))
        elif a is not None and b is not None and a != b:
            fields = _changed_fields(a, b)
            if fields:
                diffs.append(SessionDiff(DiffKind.CHANGED, b.day, session_id, a, b, fields))
    return tuple(sorted(diffs, key=lambda d: (d.day, d.session_id)))


def _changed_fields(a: PlannedSession, b: PlannedSession) -> tuple[str, ...]:
    one, two = session_to_dict(a), session_to_dict(b)
    return tuple(key for key in sorted(one.keys() | two.keys()) if one.get(key) != two.get(key))
