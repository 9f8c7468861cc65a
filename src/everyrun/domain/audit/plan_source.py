"""A plan someone else wrote, as dated lines of text: what an importer hands the plan audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanRow:
    day: date
    text: str  # the workout as written: "6x800m @ 5K pace w/ 400m jog"
    where: str  # where in the file: "line 4", "event 2", "entry 7"
    detail: str = ""  # a longer description, read when `text` alone says nothing we understand


@dataclass(frozen=True)
class SkippedLine:
    """A line of the file that holds no dated workout we could place: listed, never dropped."""

    where: str
    text: str
    reason: str


@dataclass(frozen=True)
class PlanSource:
    rows: tuple[PlanRow, ...]
    file_format: str  # "csv", "ics", "yaml", "markdown"
    notes: tuple[str, ...] = ()  # e.g. "dates counted from --start 2027-01-04"
    skipped: tuple[SkippedLine, ...] = ()
