"""Audit a plan someone else wrote: read the file (through the reader handed in), then judge it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from everyrun.domain.audit.plan_audit import PlanAudit, audit_plan
from everyrun.domain.audit.plan_source import PlanSource
from everyrun.domain.science.vdot import training_paces

DEFAULT_VDOT = 45.0  # a club runner (about 21:00 for 5K): only sizes named-pace work


class ReadPlanFile(Protocol):
    def __call__(self, path: Path, *, start: date) -> PlanSource: ...


def audit_plan_file(
    path: Path, *, read: ReadPlanFile, start: date, vdot: float | None = None
) -> tuple[PlanSource, PlanAudit]:
    """The file as read (format, notes) and its audit; paces from `vdot`, else a stated default."""
    source = read(path, start=start)
    used = vdot if vdot is not None else DEFAULT_VDOT
    note = (
        f"paces from VDOT {used:g}"
        if vdot is not None
        else f"durations of named-pace work estimated at VDOT {DEFAULT_VDOT:g}; "
        "give --vdot for yours"
    )
    audit = audit_plan(
        source.rows, paces=training_paces(used), paces_note=note, skipped=source.skipped
    )
    return source, audit
