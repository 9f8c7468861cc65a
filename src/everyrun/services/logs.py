"""Use cases: log how the athlete is (wellness, HRV) and training without a file (strength,
mobility, any workout), and rate a recorded activity. Every value is checked before anything
is written, and each log is written in one transaction: a refusal leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

import numpy as np

from everyrun.domain.log_parsing import parse_niggles
from everyrun.domain.manual_sessions import (
    Drill,
    Exercise,
    checked_rpe,
    new_manual_session,
    session_load,
)
from everyrun.domain.purpose import Purpose
from everyrun.domain.wellness import (
    MIN_CLEAN_DIFFERENCES,
    WELLNESS_VALUES,
    LogValueError,
    Niggle,
    WellnessEntry,
    clean_successive_differences_ms,
    new_wellness_entry,
    rmssd_ms,
)
from everyrun.services.ports import LogStore, StoredManualSession

NOTHING_STORED = "nothing was stored"
# A resting recording: a median beat shorter than 600 ms is a heart rate above 100 bpm, which
# is exercise, and rMSSD during exercise says nothing about recovery.
MIN_RESTING_MEDIAN_RR_MS = 600.0
LONG_HRV_RECORDING_S = 20 * 60


def log_wellness(
    store: LogStore,
    athlete_id: int,
    day: date,
    values: Mapping[str, Any],
    *,
    niggles: Iterable[Niggle] = (),
    today: date,
    now_utc: datetime,
) -> WellnessEntry:
    """Merge the given values (None: not given) into the day's entry; returns the whole day."""
    entry = new_wellness_entry(day, today=today, niggles=niggles, **values)
    if entry.is_empty:
        raise LogValueError("nothing to log", "give at least one value, e.g. --sleep 7.5")
    store.save_wellness(athlete_id, [entry], now_utc)
    return wellness_on(store, athlete_id, day)


def wellness_on(store: LogStore, athlete_id: int, day: date) -> WellnessEntry:
    found = store.wellness_between(athlete_id, day, day)
    return found[0] if found else WellnessEntry(day)


# --- wellness from a CSV file ------------------------------------------------------------------

# Header names, compared without case, spaces or hyphens; a few common short names too.
CSV_COLUMNS: Mapping[str, str] = {
    "date": "day",
    **{name: name for name in WELLNESS_VALUES},
    "niggles": "niggles",
    "sleep": "sleep_hours",
    "hrv": "hrv_rmssd_ms",
    "rmssd": "hrv_rmssd_ms",
    "resting_hr": "resting_heart_rate_bpm",
    "rhr": "resting_heart_rate_bpm",
    "hydration": "hydration_litres",
    "ill": "illness",
}
_TEXT_FIELDS = frozenset({"illness", "illness_note", "niggles"})
_DECIMAL_COMMA = re.compile(r"\s*-?[0-9]+,[0-9]+\s*")


@dataclass(frozen=True)
class WellnessImport:
    days: int  # days logged (new or merged)
    first: date | None
    last: date | None
    empty_rows: int  # rows with a date and nothing else, left out
    ignored_columns: list[str] = field(default_factory=list)  # headers everyrun does not know


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: Sequence[str]) -> tuple[dict[int, str], list[str]]:
    """Cell position -> field, and the headers that were not understood."""
    chosen: dict[int, str] = {}
    seen: dict[str, str] = {}
    ignored: list[str] = []
    for position, name in enumerate(header):
        target = CSV_COLUMNS.get(_header_key(name))
        if target is None:
            ignored.append(name)
            continue
        if target in seen:
            raise LogValueError(
                f"columns {seen[target]!r} and {name!r} both give {target}",
                f"keep one of them; {NOTHING_STORED}",
            )
        seen[target] = name
        chosen[position] = target
    if "day" not in seen:
        raise LogValueError(
            "the CSV has no 'date' column",
            f"name the columns on the first line, e.g. date,sleep_hours,hrv; {NOTHING_STORED}",
        )
    return chosen, ignored


def _row_entry(
    cells: Sequence[str], columns: Mapping[int, str], *, decimal_comma: bool, today: date
) -> WellnessEntry:
    values: dict[str, Any] = {}
    for position, target in columns.items():
        text = cells[position].strip() if position < len(cells) else ""
        if not text:
            continue
        if decimal_comma and target not in _TEXT_FIELDS and _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")  # 7,5 in a ';'-separated file from a European Excel
        values[target] = text
    raw_day = values.pop("day", None)
    if raw_day is None:
        raise LogValueError("the date is missing")
    try:
        day = date.fromisoformat(raw_day)
    except ValueError as error:
        raise LogValueError(f"date {raw_day!r} is not YYYY-MM-DD") from error
    niggles = parse_niggles(values.pop("niggles", ""))
    return new_wellness_entry(day, today=today, niggles=niggles, **values)


def import_wellness_csv(
    store: LogStore, athlete_id: int, text: str, *, today: date, now_utc: datetime
) -> WellnessImport:
    """Log every row, or none: a bad row refuses the whole file, naming its line and reason."""
    lines = text.lstrip("\ufeff")
    header_line = lines.split("\n", 1)[0]
    delimiter = _delimiter(header_line)
    reader = csv.reader(io.StringIO(lines, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise LogValueError("the CSV is empty", NOTHING_STORED) from None
    columns, ignored = _columns(header)
    entries: list[WellnessEntry] = []
    first_line: dict[date, int] = {}
    empty = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if any(cell.strip() for cell in cells[len(header) :]):
                raise LogValueError(f"{len(cells)} cells under {len(header)} column names")
            entry = _row_entry(cells, columns, decimal_comma=delimiter == ";", today=today)
            if entry.day in first_line:
                raise LogValueError(f"{entry.day} is also on line {first_line[entry.day]}")
            first_line[entry.day] = line
            if entry.is_empty:
                empty += 1
                continue
            entries.append(entry)
    except csv.Error as error:
        raise LogValueError(f"line {reader.line_num}: {error}", NOTHING_STORED) from error
    except LogValueError as error:  # its hint speaks of command options: left out here
        raise LogValueError(
            f"line {reader.line_num}: {error.message}",
            f"fix that line and import again; {NOTHING_STORED}",
        ) from error
    store.save_wellness(athlete_id, entries, now_utc)
    days = sorted(e.day for e in entries)
    return WellnessImport(
        len(days), days[0] if days else None, days[-1] if days else None, empty, ignored
    )


# --- HRV from a recording with RR intervals ---------------------------------------------------


@dataclass(frozen=True)
class HrvReading:
    activity_id: int
    day: date  # the recording's local day, where the value was logged
    rmssd_ms: float
    beats: int  # RR intervals in the recording
    clean_differences: int  # successive differences used
    warnings: list[str]
    entry: WellnessEntry  # the whole day after logging


def log_hrv_from_activity(
    store: LogStore,
    athlete_id: int,
    activity_id: int,
    *,
    zone: tzinfo,
    today: date,
    now_utc: datetime,
) -> HrvReading:
    """rMSSD of a resting recording's RR intervals, logged as that local day's HRV."""
    activity = store.get_activity(athlete_id, activity_id)
    rr = np.asarray(activity.rr_intervals_ms, dtype=np.float64)
    if rr.size == 0:
        raise LogValueError(
            f"activity {activity_id} has no RR intervals",
            "record with a chest strap and HRV (RR) logging on, e.g. a 2-minute morning check",
        )
    median_rr = float(np.nanmedian(rr))
    if median_rr < MIN_RESTING_MEDIAN_RR_MS:
        raise LogValueError(
            f"activity {activity_id} is not a resting recording: median heart rate "
            f"{60000 / median_rr:.0f} bpm",
            "rMSSD during exercise is not comparable; record 1–5 minutes lying still",
        )
    clean = clean_successive_differences_ms(rr).size
    value = rmssd_ms(rr)
    if value is None:
        raise LogValueError(
            f"activity {activity_id} has {clean} clean beat-to-beat differences; "
            f"rMSSD needs {MIN_CLEAN_DIFFERENCES}",
            "record at least a minute lying still, with a well-moistened chest strap",
        )
    local = activity.local_start or activity.start_utc.astimezone(zone)
    warnings = []
    if activity.elapsed_s > LONG_HRV_RECORDING_S:
        warnings.append(
            f"the recording lasted {activity.elapsed_s / 60:.0f} min; resting HRV is usually "
            "measured over 1–5 min, so this value may not compare with your other days"
        )
    if clean < 0.8 * (rr.size - 1):
        warnings.append(f"only {clean} of {rr.size - 1} beat-to-beat differences were clean")
    entry = log_wellness(
        store,
        athlete_id,
        local.date(),
        {"hrv_rmssd_ms": round(value, 1)},
        today=today,
        now_utc=now_utc,
    )
    return HrvReading(activity_id, local.date(), value, int(rr.size), clean, warnings, entry)


# --- sessions without a file, and RPE for recorded ones ----------------------------------------


def log_session(
    store: LogStore,
    athlete_id: int,
    kind: str,
    day: date,
    *,
    rpe: Any,
    minutes: Any = None,
    sport: str | None = None,
    purpose: Purpose | str | None = None,
    notes: str | None = None,
    exercises: Iterable[Exercise] = (),
    drills: Iterable[Drill] = (),
    today: date,
    now_utc: datetime,
) -> StoredManualSession:
    """Check and store a strength, mobility or other session, with its session-RPE load."""
    session = new_manual_session(
        kind,
        day,
        today=today,
        rpe=rpe,
        minutes=minutes,
        sport=sport,
        purpose=purpose,
        notes=notes,
        exercises=exercises,
        drills=drills,
    )
    load = session_load(session)
    session_id = store.add_manual_session(athlete_id, session, load, now_utc)
    return StoredManualSession(session_id, session, load.value, load.method, now_utc)


def set_activity_rpe(
    store: LogStore, athlete_id: int, activity_id: int, rpe: Any, *, now_utc: datetime
) -> float:
    """Record how hard a recorded activity felt (CR-10); NotFoundError for an unknown ID."""
    checked = checked_rpe(rpe)
    store.set_activity_rpe(athlete_id, activity_id, checked, now_utc)
    return checked
