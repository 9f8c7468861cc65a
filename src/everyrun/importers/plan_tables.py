"""Tables of workouts, whatever file they came from: a date column, week and day columns, or a
coach's grid of weeks by weekdays. Shared by the CSV, Markdown and YAML readers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from everyrun.domain.audit.plan_source import PlanRow, SkippedLine
from everyrun.domain.errors import EveryrunError

DATE_HINT = "write dates as YYYY-MM-DD, or give weeks and weekdays (Week,Mon,Tue,...)"

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}  # fmt: skip
_ISO = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_DOTTED = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_SLASHED = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_WEEK = re.compile(r"^\s*(?:week|wk|w)?\s*#?\s*(\d{1,3})\b", re.IGNORECASE)
_TEXT_COLUMNS = (
    "workout", "session", "training", "description", "plan", "activity", "what", "run",
    "summary", "title", "details", "notes",
)  # fmt: skip
_DETAIL_COLUMNS = ("description", "details", "notes", "comment", "comments")


class PlanFileError(EveryrunError):
    """A plan file we cannot read; the hint says how to make it readable."""


def weekday_of(text: str) -> int | None:
    """0 for Monday ... 6 for Sunday, from "Mon", "monday", "Tues."."""
    return _WEEKDAYS.get(text.strip().lower().rstrip(".:"))


def week_of(text: str) -> int | None:
    found = _WEEK.match(text)
    return int(found[1]) if found and 1 <= int(found[1]) <= 520 else None


@dataclass
class DateReader:
    """The dates of one file: "03/04/2027" is settled by its other dates, or refused."""

    day_first: bool | None = None

    @classmethod
    def for_cells(cls, cells: Sequence[str]) -> DateReader:
        firsts, seconds = set(), set()
        for cell in cells:
            for found in _SLASHED.finditer(cell):
                firsts.add(int(found[1]))
                seconds.add(int(found[2]))
        if not firsts:
            return cls()
        day_first = max(firsts) > 12
        month_first = max(seconds) > 12
        if day_first == month_first:
            raise PlanFileError(
                "dates like 03/04/2027 could be 3 April or March 4, and nothing in the file says "
                "which",
                DATE_HINT,
            )
        return cls(day_first=day_first)

    def read(self, text: str) -> date | None:
        lowered = text.strip().lower()
        try:
            if found := _ISO.search(lowered):
                return date(int(found[1]), int(found[2]), int(found[3]))
            if found := _DOTTED.search(lowered):
                return date(int(found[3]), int(found[2]), int(found[1]))
            if (found := _SLASHED.search(lowered)) and self.day_first is not None:
                first, second = int(found[1]), int(found[2])
                day, month = (first, second) if self.day_first else (second, first)
                return date(int(found[3]), month, day)
            if (found := _DAY_MONTH.search(lowered)) and found[2] in _MONTHS:
                return date(int(found[3]), _MONTHS[found[2]], int(found[1]))
            if (found := _MONTH_DAY.search(lowered)) and found[1] in _MONTHS:
                return date(int(found[3]), _MONTHS[found[1]], int(found[2]))
        except ValueError:
            return None  # 2027-02-30: a date-shaped typo
        return None


@dataclass
class TableResult:
    rows: list[PlanRow] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    counted_from_start: bool = False


def _column(header: list[str], *names: str) -> int | None:
    for name in names:
        for index, title in enumerate(header):
            if title == name or title.startswith(name + " ") or title.endswith(" " + name):
                return index
    return None


def read_table(
    header: Sequence[str],
    body: Sequence[tuple[str, Sequence[str]]],
    start: date,
    *,
    week: int | None = None,
) -> TableResult:
    """Rows of (where, cells) under a header; `week` is the week a heading gave the table."""
    titles = [" ".join(h.strip().lower().split()) for h in header]
    dates = DateReader.for_cells([c for _, cells in body for c in cells] + titles)
    day_columns = [i for i, t in enumerate(titles) if weekday_of(t) is not None]
    if len(day_columns) >= 5:
        return _grid(titles, day_columns, body, start, dates)
    return _columns(titles, body, start, dates, week)


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _grid(
    titles: list[str],
    day_columns: list[int],
    body: Sequence[tuple[str, Sequence[str]]],
    start: date,
    dates: DateReader,
) -> TableResult:
    """Week by weekday: "Week,Mon,Tue,...": a week column of numbers or dates, or row order."""
    result = TableResult()
    first_day = weekday_of(titles[day_columns[0]]) or 0
    aligned = start + timedelta(days=(first_day - start.weekday()) % 7)
    week_column = next((i for i in range(len(titles)) if i not in day_columns), None)
    for order, (where, cells) in enumerate(body):
        label = _cell(cells, week_column)
        week_start = dates.read(label) if label else None
        if week_start is None:
            number = week_of(label) if label else None
            week_start = aligned + timedelta(weeks=(number - 1) if number else order)
            result.counted_from_start = True
        for column in day_columns:
            text = _cell(cells, column)
            if text:
                offset = ((weekday_of(titles[column]) or 0) - first_day) % 7
                result.rows.append(PlanRow(week_start + timedelta(days=offset), text, where))
    return result


def _columns(
    titles: list[str],
    body: Sequence[tuple[str, Sequence[str]]],
    start: date,
    dates: DateReader,
    heading_week: int | None,
) -> TableResult:
    result = TableResult()
    date_column = _column(titles, "date", "day date", "when")
    week_column = _column(titles, "week", "wk")
    day_column = _column(titles, "day", "weekday", "dow")
    text_column = _column(titles, *_TEXT_COLUMNS)
    detail_column = _column(titles, *_DETAIL_COLUMNS)
    if detail_column == text_column:
        detail_column = None
    if text_column is None:
        used = {date_column, week_column, day_column}
        text_column = next((i for i in range(len(titles)) if i not in used), None)
    if date_column is None and day_column is not None:
        sample = [_cell(cells, day_column) for _, cells in body]
        if any(dates.read(s) for s in sample):
            date_column, day_column = day_column, None
    if date_column is None and (day_column is None or (week_column is None and not heading_week)):
        raise PlanFileError(
            f"no date information: the columns are {', '.join(titles) or 'empty'}", DATE_HINT
        )
    for where, cells in body:
        text = _cell(cells, text_column)
        if not text:
            continue  # nothing planned that day
        day = dates.read(_cell(cells, date_column)) if date_column is not None else None
        if day is None:
            day, reason = _week_day(cells, week_column, day_column, heading_week, start)
            if day is None:
                result.skipped.append(SkippedLine(where, text, reason))
                continue
            result.counted_from_start = True
        result.rows.append(PlanRow(day, text, where, _cell(cells, detail_column)))
    return result


def _week_day(
    cells: Sequence[str],
    week_column: int | None,
    day_column: int | None,
    heading_week: int | None,
    start: date,
) -> tuple[date | None, str]:
    week_text, day_text = _cell(cells, week_column), _cell(cells, day_column)
    number = week_of(week_text) if week_text else heading_week
    weekday = weekday_of(day_text) if day_text else None
    if weekday is None and day_text.isdigit() and 1 <= int(day_text) <= 7:
        weekday = int(day_text) - 1
    if number is None or weekday is None:
        shown = " ".join(x for x in (week_text, day_text) if x) or "nothing"
        return None, f"no date, and {shown!r} is not a week number and weekday"
    monday = start - timedelta(days=start.weekday())
    return monday + timedelta(weeks=number - 1, days=weekday), ""
