"""Plan versions and the differences between two, as JSON: one shape for the CLI and the API."""

from __future__ import annotations

from typing import Any

from everyrun.domain.planning.plan_diff import SessionDiff
from everyrun.services.adaptation import VersionInfo


def version_json(info: VersionInfo) -> dict[str, Any]:
    v = info.version
    return {
        "id": v.id,
        "created_at": v.created_at.isoformat(),
        "active": v.active,
        "start": v.start.isoformat(),
        "end": v.end.isoformat(),
        "why": info.why,
        "adapted_changes": v.adapted_changes,
    }


def diff_json(d: SessionDiff) -> dict[str, Any]:
    return {
        "kind": d.kind.value,
        "day": d.day.isoformat(),
        "session_id": d.session_id,
        "title_before": d.before.title if d.before else None,
        "title_after": d.after.title if d.after else None,
        "purpose_before": d.before.purpose.value if d.before else None,
        "purpose_after": d.after.purpose.value if d.after else None,
        "fields": list(d.fields),
    }
