"""Plans written by someone else — CSV, iCalendar, YAML or Markdown — read into dated lines of
workout text for the plan audit. Files only, no network; size-limited; YAML read as plain data."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from icalendar import Calendar

from everyrun.domain.audit.plan_source import PlanRow, PlanSource, SkippedLine
from everyrun.importers.plan_tables import (
    DATE_HINT,
    DateReader,
    PlanFileError,
    TableResult,
    read_table,
    week_of,
    weekday_of,
)

MAX_PLAN_BYTES = 5 * 1024 * 1024  # a year of daily workouts is a few tens of kilobytes
MAX_ROWS = 5000
FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "markdown",
    ".ics": "ics",
    ".ical": "ics",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".md": "markdown",
    ".markdown": "markdown",
}
_FORMAT_HINT = "save it as .csv, .ics, .yaml or .md (Markdown)"

__all__ = ["FORMATS", "PlanFileError", "read_plan_file"]


def read_plan_file(path: Path, *, start: date) -> PlanSource:
    """The dated workouts in a plan file; weeks without dates are counted from `start`."""
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise PlanFileError(f"{path.name}: not a plan format we read", _FORMAT_HINT)
    text = _text(path)
    if file_format == "ics":
        rows, skipped, notes, counted = _ics(text), [], _ics_notes(text), False
    else:
        table = {"csv": _csv, "yaml": _yaml, "markdown": _markdown}[file_format](text, start)
        rows, skipped, counted = table.rows, table.skipped, table.counted_from_start
        notes = []
    if counted:
        notes.append(
            f"the file has weeks but no dates: week 1 starts {start.isoformat()} "
            "(change it with --start)"
        )
    if not rows:
        raise PlanFileError(
            f"{path.name}: no dated workouts found",
            f"{DATE_HINT}; put one workout per row or per day cell",
        )
    if len(rows) > MAX_ROWS:
        raise PlanFileError(f"{path.name}: {len(rows)} workouts", f"split it: at most {MAX_ROWS}")
    rows.sort(key=lambda row: row.day)
    return PlanSource(tuple(rows), file_format, tuple(notes), tuple(skipped))


def _text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise PlanFileError(
                f"{path.name} is {size / 1e6:.1f} MB, too big for a plan",
                f"a plan is at most {MAX_PLAN_BYTES // 1_000_000} MB; check it is the right file",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanFileError(f"no such file: {path}", "check the path") from None
    except IsADirectoryError:
        raise PlanFileError(f"{path} is a folder", "give one plan file") from None
    except OSError as error:
        raise PlanFileError(
            f"cannot read {path}: {error.strerror}", "check its permissions"
        ) from None
    if b"\x00" in data[:4096]:
        raise PlanFileError(f"{path.name} is not a text file", _FORMAT_HINT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # spreadsheets on Windows save this


# --- CSV ----------------------------------------------------------------------------------------


def _csv(text: str, start: date) -> TableResult:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        lines = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise PlanFileError(
            f"the CSV is malformed: {error}", "export it again from the spreadsheet"
        ) from None
    numbered = [
        (f"line {n}", row) for n, row in enumerate(lines, start=1) if any(c.strip() for c in row)
    ]
    header_at = next((i for i, (_, row) in enumerate(numbered) if _looks_like_header(row)), None)
    if header_at is None:
        raise PlanFileError(
            "the CSV has no header row naming a date, week or weekday column",
            "start it with a header such as Date,Workout or Week,Mon,Tue,Wed,Thu,Fri,Sat,Sun",
        )
    result = read_table(numbered[header_at][1], numbered[header_at + 1 :], start)
    result.skipped[:0] = [
        SkippedLine(where, " ".join(c for c in row if c.strip()), "above the header row")
        for where, row in numbered[:header_at]
    ]
    return result


def _looks_like_header(cells: Sequence[str]) -> bool:
    titles = [c.strip().lower() for c in cells]
    days = sum(weekday_of(t) is not None for t in titles)
    return days >= 5 or any(
        t in ("date", "week", "day", "wk") or t.startswith("date") for t in titles
    )


# --- iCalendar ----------------------------------------------------------------------------------


def _ics(text: str) -> list[PlanRow]:
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as error:
        raise PlanFileError(
            f"not a readable iCalendar file: {str(error).splitlines()[0][:120]}",
            "export the calendar again",
        ) from None
    rows = []
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        start = event.get("dtstart")
        when = getattr(start, "dt", None)
        if isinstance(when, datetime):
            when = when.date()  # the day as the calendar shows it
        if not isinstance(when, date):
            continue
        summary = str(event.get("summary", "")).strip()
        description = str(event.get("description", "")).strip()
        text_ = summary or description
        if text_:
            rows.append(PlanRow(when, text_, f"event {number}", description if summary else ""))
    return rows


def _ics_notes(text: str) -> list[str]:
    if re.search(r"^RRULE", text, re.MULTILINE):
        return ["repeating events are read once, on their first date"]
    return []


# --- YAML ---------------------------------------------------------------------------------------


def _yaml(text: str, start: date) -> TableResult:
    try:
        data = yaml.safe_load(text)  # plain data only, never Python objects
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise PlanFileError(
            f"the YAML is malformed{where}: {problem}", "check the indentation and quotes there"
        ) from None
    if isinstance(data, dict):
        for key in ("plan", "weeks", "sessions", "workouts", "days"):
            if key in data and isinstance(data[key], list | dict):
                data = data[key]
                break
    records = _yaml_records(data)
    if not records:
        raise PlanFileError(
            "the YAML holds no workouts",
            'write a list of {date: 2027-01-04, workout: "45\' easy"}, or weeks of days',
        )
    header: list[str] = []
    for record in records:
        header.extend(k for k in record if k not in header)
    body = [
        (f"entry {n}", [record.get(k, "") for k in header]) for n, record in enumerate(records, 1)
    ]
    return read_table(header, body, start)


def _yaml_records(data: object) -> list[dict[str, str]]:
    if isinstance(data, list):
        return [
            _flat(item) if isinstance(item, dict) else {"workout": _plain(item)} for item in data
        ]
    if not isinstance(data, dict):
        return []
    records = []
    for key, value in data.items():
        if isinstance(value, dict):  # week 1: {mon: ..., tue: ...}
            records.append({"week": _plain(key), **_flat(value)})
        else:  # 2027-01-04: 45' easy
            records.append({"date": _plain(key), "workout": _plain(value)})
    return records


def _flat(record: dict[Any, Any]) -> dict[str, str]:
    return {str(k).strip().lower(): _plain(v) for k, v in record.items()}


def _plain(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return " + ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return "" if value is None else str(value)


# --- Markdown -----------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_TABLE_LINE = re.compile(r"^\s*\|")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?P<body>.+)$")
_DAY_LINE = re.compile(
    r"^\s*(?P<body>(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*[:\-–—].+)$", re.IGNORECASE
)
_ITEM_SPLIT = re.compile(r"^(?P<when>.*?)\s*(?::|\s[-–—]\s)\s*(?P<text>.+)$")


def _cells(line: str) -> list[str]:
    inner = line.strip().strip("|")
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _markdown(text: str, start: date) -> TableResult:
    lines = text.splitlines()
    dates = DateReader.for_cells(lines)
    result = TableResult()
    week: int | None = None
    week_start: date | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if heading := _HEADING.match(line):
            week = (
                week_of(re.sub(r"^\W*", "", heading[1])) if "week" in heading[1].lower() else week
            )
            week_start = dates.read(heading[1])
        elif _TABLE_LINE.match(line):
            block = []
            while index < len(lines) and _TABLE_LINE.match(lines[index]):
                block.append((f"line {index + 1}", _cells(lines[index])))
                index += 1
            body = [(w, c) for w, c in block[1:] if not all(_SEPARATOR_CELL.match(x) for x in c)]
            table = read_table(block[0][1], body, start, week=week)
            result.rows += table.rows
            result.skipped += table.skipped
            result.counted_from_start |= table.counted_from_start
            continue
        elif item := (_ITEM.match(line) or _DAY_LINE.match(line)):
            _list_item(item["body"], f"line {index + 1}", (week, week_start), start, dates, result)
        index += 1
    return result


def _list_item(
    body: str,
    where: str,
    heading: tuple[int | None, date | None],
    start: date,
    dates: DateReader,
    result: TableResult,
) -> None:
    """ "Mon 2027-01-04: 45' easy", "2027-01-04 — 45' easy", "Tue: 6x800m" under "## Week 2"."""
    split = _ITEM_SPLIT.match(body.replace("**", ""))
    when, text = (split["when"], split["text"]) if split else ("", body)
    day = dates.read(when) if when else None
    if day is None:
        weekday = weekday_of(when.split()[0]) if when.split() else None
        week, week_start = heading
        if weekday is not None and week_start is not None:
            day = week_start + timedelta(days=(weekday - week_start.weekday()) % 7)
        elif weekday is not None and week is not None:
            monday = start - timedelta(days=start.weekday())
            day = monday + timedelta(weeks=week - 1, days=weekday)
            result.counted_from_start = True
        else:
            result.skipped.append(
                SkippedLine(where, body.strip(), "no date or weekday to place it")
            )
            return
    result.rows.append(PlanRow(day, text.strip(), where))
