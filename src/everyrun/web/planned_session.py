"""A planned session as every page and API call shows it: the plan's fields plus readable text."""

from __future__ import annotations

from typing import Any

from everyrun.domain.planning.plan_record import session_to_dict
from everyrun.domain.planning.session import PlannedSession
from everyrun.exporters.plan_text import KIND_LABELS, prescription_lines, session_totals


def session_view(session: PlannedSession) -> dict[str, Any]:
    """A planned session as the pages and the API show it: canonical fields plus readable text."""
    return {
        **session_to_dict(session),
        "kind_label": KIND_LABELS[session.kind],
        "purpose_label": session.purpose.label,
        "totals": session_totals(session),
        "prescription": [
            {"level": level, "text": text} for level, text in prescription_lines(session)
        ],
    }
