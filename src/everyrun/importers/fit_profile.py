"""What FIT bytes mean: base types, and the fields of the messages everyrun reads.

Field names, scales, offsets and enum names come from fitdecode's generated copy of Garmin's
FIT profile (MIT), so they follow the SDK without a hand-typed table to drift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from fitdecode import profile as _profile

from everyrun.importers.fit_messages import FIT_EPOCH_UNIX_S, FloatArray

SEMICIRCLE_TO_DEG = 180.0 / 2**31  # FIT SDK: degrees = semicircles * (180 / 2^31)
COMPRESSED_SPEED_DISTANCE = 8  # record field holding 12-bit speed + 12-bit rolling distance


@dataclass(frozen=True)
class BaseType:
    dtype: str | None  # NumPy type code, None for strings
    size: int
    invalid: int | None  # the raw value FIT uses for "no value"
    is_float: bool = False


# FIT SDK base types, keyed by base type number (low 5 bits of the base type byte).
BASE_TYPES: dict[int, BaseType] = {
    0x00: BaseType("u1", 1, 0xFF),  # enum
    0x01: BaseType("i1", 1, 0x7F),  # sint8
    0x02: BaseType("u1", 1, 0xFF),  # uint8
    0x03: BaseType("i2", 2, 0x7FFF),  # sint16
    0x04: BaseType("u2", 2, 0xFFFF),  # uint16
    0x05: BaseType("i4", 4, 0x7FFFFFFF),  # sint32
    0x06: BaseType("u4", 4, 0xFFFFFFFF),  # uint32
    0x07: BaseType(None, 1, None),  # string
    0x08: BaseType("f4", 4, None, is_float=True),  # float32 (invalid: all bits set = NaN)
    0x09: BaseType("f8", 8, None, is_float=True),  # float64
    0x0A: BaseType("u1", 1, 0x00),  # uint8z
    0x0B: BaseType("u2", 2, 0x0000),  # uint16z
    0x0C: BaseType("u4", 4, 0x00000000),  # uint32z
    0x0D: BaseType("u1", 1, 0xFF),  # byte
    0x0E: BaseType("i8", 8, 0x7FFFFFFFFFFFFFFF),  # sint64
    0x0F: BaseType("u8", 8, 0xFFFFFFFFFFFFFFFF),  # uint64
    0x10: BaseType("u8", 8, 0x0000000000000000),  # uint64z
}

SUMMARY_MESSAGE_NUMBERS = {
    "file_id": 0,
    "sport": 12,
    "session": 18,
    "lap": 19,
    "event": 21,
    "device_info": 23,
    "activity": 34,
    "set": 225,
}


@dataclass(frozen=True)
class FieldMeaning:
    name: str
    scale: float = 1.0
    offset: float = 0.0
    is_datetime: bool = False
    is_position: bool = False
    enum: dict[int, str] | None = None

    def apply(self, values: FloatArray) -> FloatArray:
        """Raw column -> profile units, vectorised."""
        if self.is_position:
            return values * SEMICIRCLE_TO_DEG
        if self.is_datetime:
            return values + FIT_EPOCH_UNIX_S
        if self.scale != 1.0 or self.offset:
            return values / self.scale - self.offset
        return values

    def to_python(self, value: Any) -> Any:
        if isinstance(value, np.ndarray):
            items = [self.to_python(v) for v in value]
            kept = [v for v in items if v is not None]
            return kept or None
        number = float(value)
        if math.isnan(number):
            return None
        if self.enum is not None:
            return self.enum.get(int(number), int(number))
        converted = float(self.apply(np.array([number]))[0])
        if self.scale == 1.0 and not self.is_position and converted.is_integer():
            return int(converted)
        return converted


@cache
def _message_fields(name: str) -> dict[int, FieldMeaning]:
    message = next((m for m in _profile.MESSAGE_TYPES.values() if m.name == name), None)
    if message is None:
        return {}
    meanings: dict[int, FieldMeaning] = {}
    for num, spec in message.fields.items():
        kind = spec.type
        type_name = getattr(kind, "name", "")
        enum = getattr(kind, "enum", None) if not isinstance(kind, type(None)) else None
        scale = spec.scale if isinstance(spec.scale, int | float) else 1.0
        offset = spec.offset if isinstance(spec.offset, int | float) else 0.0
        meanings[num] = FieldMeaning(
            name=spec.name,
            scale=float(scale or 1.0),
            offset=float(offset or 0.0),
            is_datetime=type_name in ("date_time", "local_date_time"),
            is_position=spec.units == "semicircles",
            enum=dict(enum) if enum and type_name not in ("date_time", "local_date_time") else None,
        )
    return meanings


def field_meaning(message: str, num: int) -> FieldMeaning | None:
    return _message_fields(message).get(num)


_RECORD_STREAM_FIELDS = (253, 0, 1, 2, 3, 4, 5, 6, 7, 13, 53, 73, 78)


@cache
def record_field(num: int) -> FieldMeaning | None:
    """Record fields that become stream columns; the rest of a record is skipped."""
    if num not in _RECORD_STREAM_FIELDS:
        return None
    return field_meaning("record", num)


def expand_compressed_speed_distance(matrix: np.ndarray) -> dict[str, FloatArray]:
    """FIT SDK components: speed = 12 bits / 100 m/s; distance = 12 rolling bits / 16 m."""
    b0 = matrix[:, 0].astype(np.int64)
    b1 = matrix[:, 1].astype(np.int64)
    b2 = matrix[:, 2].astype(np.int64)
    speed = (b0 | ((b1 & 0x0F) << 8)).astype(np.float64) / 100.0
    rolling = (b1 >> 4) | (b2 << 4)
    invalid = (b0 == 0xFF) & (b1 == 0xFF) & (b2 == 0xFF)
    valid_rolling = rolling[~invalid]
    # Accumulate across 12-bit wraps from 0, as the SDK's accumulator does.
    steps = np.diff(valid_rolling, prepend=0) & 0xFFF
    distance = np.full(len(rolling), np.nan)
    distance[~invalid] = np.cumsum(steps) / 16.0
    speed[invalid] = np.nan
    return {"speed": speed, "compressed_distance": distance}


def merge_enhanced(columns: dict[str, FloatArray]) -> None:
    """Prefer the 32-bit enhanced_speed/enhanced_altitude; fill gaps from the 16-bit fields."""
    for base in ("speed", "altitude"):
        enhanced = columns.pop(f"enhanced_{base}", None)
        if enhanced is None:
            continue
        plain = columns.get(base)
        if plain is None:
            columns[base] = enhanced
        else:
            columns[base] = np.where(np.isnan(enhanced), plain, enhanced)


def drop_empty(columns: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Fields a device defines but never fills are not streams."""
    return {k: v for k, v in columns.items() if k == "timestamp" or not np.isnan(v).all()}


def decode_string(raw: bytes) -> str | None:
    """FIT strings are NUL-terminated UTF-8, but some devices omit the NUL."""
    text = raw.split(b"\x00", 1)[0].decode("utf-8", errors="replace").strip()
    return text or None


@dataclass(frozen=True)
class DeveloperField:
    """A Connect IQ / sensor field described by a `field_description` message."""

    dev_index: int
    field_num: int
    base_type: int
    name: str
    scale: float = 1.0
    offset: float = 0.0
    units: str | None = None

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> DeveloperField | None:
        try:
            return cls(
                dev_index=int(message["developer_data_index"]),
                field_num=int(message["field_definition_number"]),
                base_type=_base_type_number(message["fit_base_type_id"]),
                name=str(
                    message.get("field_name") or f"field_{message['field_definition_number']}"
                ),
                scale=float(message.get("scale") or 1.0),
                offset=float(message.get("offset") or 0.0),
                units=message.get("units"),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def apply(self, values: FloatArray) -> FloatArray:
        if self.scale != 1.0 or self.offset:
            return values / self.scale - self.offset
        return values


_BASE_TYPE_NAMES = {
    "enum": 0x00, "sint8": 0x01, "uint8": 0x02, "sint16": 0x83, "uint16": 0x84, "sint32": 0x85,
    "uint32": 0x86, "string": 0x07, "float32": 0x88, "float64": 0x89, "uint8z": 0x0A,
    "uint16z": 0x8B, "uint32z": 0x8C, "byte": 0x0D, "sint64": 0x8E, "uint64": 0x8F,
    "uint64z": 0x90,
}  # fmt: skip


def _base_type_number(value: Any) -> int:
    if isinstance(value, str):
        return _BASE_TYPE_NAMES[value]
    return int(value)


_GARMIN_FAMILY = ("garmin", "dynastream", "dynastream_oem", "tacx")


def product_name(manufacturer: Any, product: Any) -> str | None:
    """Garmin-family product numbers have names in the profile; others stay numbers."""
    if product is None:
        return None
    if manufacturer in _GARMIN_FAMILY and isinstance(product, int):
        names = _profile.FIELD_TYPES["garmin_product"].enum or {}
        return str(names.get(product, product))
    return str(product)
