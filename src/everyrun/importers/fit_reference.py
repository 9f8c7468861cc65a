"""The reference FIT decoder: fitdecode (MIT, pure Python), slow but lenient and proven.

Used for any file the fast decoder cannot read, and by the tests to prove the fast decoder
right record by record. Fills the same `DecodedFit` as the fast path.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import fitdecode
import numpy as np

from everyrun.domain.errors import CorruptFileError, NotAnActivityError
from everyrun.importers import fit_profile
from everyrun.importers.fit_messages import FIT_EPOCH_UNIX_S, SUMMARY_MESSAGES, DecodedFit

_RECORD_COLUMNS = {
    "timestamp", "position_lat", "position_long", "altitude", "enhanced_altitude", "heart_rate",
    "cadence", "distance", "speed", "enhanced_speed", "power", "temperature",
    "fractional_cadence",
}  # fmt: skip


def decode_fit_reference(data: bytes) -> DecodedFit:
    if not data:
        raise CorruptFileError("empty file (0 bytes)", hint="re-export it from the device")
    decoded = DecodedFit(decoder=f"fitdecode {'.'.join(map(str, fitdecode.version_info[:3]))}")
    rows: list[dict[str, float]] = []
    messages: dict[str, list[dict[str, Any]]] = {name: [] for name in SUMMARY_MESSAGES}
    rr: list[float] = []
    rr_times: list[float] = []
    last_record_time = float("nan")
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.WARN,
    )
    try:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "record":
                row = _record_row(frame)
                rows.append(row)
                last_record_time = row.get("timestamp", last_record_time)
            elif frame.name == "hrv":
                for value in _values(frame, "time"):
                    rr.append(float(value))
                    rr_times.append(last_record_time)
            elif frame.name in messages:
                messages[frame.name].append(_message_dict(frame))
    except fitdecode.FitCRCError as error:
        raise CorruptFileError(
            f"FIT checksum mismatch: {error}", hint="copy the file again"
        ) from error
    except fitdecode.FitHeaderError as error:
        raise CorruptFileError(f"not a readable FIT file: {error}") from error
    except (fitdecode.FitEOFError, fitdecode.FitParseError) as error:
        if not rows:
            raise CorruptFileError(f"FIT data damaged before any record: {error}") from error
        decoded.warnings.append(
            f"FIT data damaged ({error}): kept the {len(rows)} records before it"
        )
    finally:
        reader.close()
    kinds = [m.get("type") for m in messages["file_id"]]
    if not rows and not messages["session"] and any(k not in (None, "activity") for k in kinds):
        raise NotAnActivityError(f"a FIT '{kinds[0]}' file, not a recorded activity")
    decoded.records = _columns(rows)
    decoded.messages = messages
    rr_array = np.asarray(rr, dtype=np.float64)
    keep = np.isfinite(rr_array) & (rr_array > 0.2) & (rr_array < 3.0)
    decoded.rr_intervals_s = rr_array[keep]
    decoded.rr_times_s = np.asarray(rr_times, dtype=np.float64)[keep]
    return decoded


def _values(frame: Any, name: str) -> list[float]:
    if not frame.has_field(name):
        return []
    value = frame.get_value(name)
    items = value if isinstance(value, tuple | list) else [value]
    return [v for v in items if v is not None]


def _convert(field: Any) -> Any:
    value, units = field.value, field.units
    if isinstance(value, datetime):
        return value.timestamp()
    kind = getattr(getattr(field, "type", None), "name", "")
    if kind in ("date_time", "local_date_time") and isinstance(value, int):
        return value + FIT_EPOCH_UNIX_S  # fitdecode leaves clock-not-set times as raw numbers
    if units == "semicircles" and isinstance(value, int):
        return value * fit_profile.SEMICIRCLE_TO_DEG
    if isinstance(value, tuple):
        return [v for v in value if v is not None] or None
    return value


def _record_row(frame: Any) -> dict[str, float]:
    row: dict[str, float] = {}
    for field in frame.fields:
        value = _convert(field)
        if value is None or isinstance(value, list | str | bytes):
            continue
        if isinstance(field.field_def, fitdecode.types.DevFieldDefinition):
            row[f"dev:{field.name}"] = float(value)
        elif field.name in _RECORD_COLUMNS:
            row[field.name] = float(value)
    return row


def _message_dict(frame: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field in frame.fields:
        if isinstance(field.field_def, fitdecode.types.DevFieldDefinition):
            continue
        value = _convert(field)
        if value is not None and not field.name.startswith("unknown"):
            found[field.name] = value
    return found


def _columns(rows: list[dict[str, float]]) -> dict[str, np.ndarray]:
    if not rows:
        return {}
    names = list(dict.fromkeys(name for row in rows for name in row))
    nan = float("nan")
    columns = {
        name: np.array([row.get(name, nan) for row in rows], dtype=np.float64) for name in names
    }
    fit_profile.merge_enhanced(columns)
    return fit_profile.drop_empty(columns)
