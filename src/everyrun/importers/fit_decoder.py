"""A fast FIT decoder: one pass over message headers in Python, field values by NumPy.

Pure-Python decoders read FIT at 7–30 k records/s, so a ten-year history takes 20+ minutes.
Here the only per-message Python work is reading a header byte and noting an offset; all
messages sharing a definition are then decoded at once through a structured NumPy dtype
(bench/import_history.py measures the whole import against fitdecode). Field meanings come from
fitdecode's copy of the FIT profile. Whatever this decoder fails on, the caller
(`importers.fit`) reads with the reference decoder instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from everyrun.domain.errors import CorruptFileError, NotAnActivityError
from everyrun.importers import fit_profile
from everyrun.importers.fit_messages import FIT_EPOCH_UNIX_S, DecodedFit, FloatArray
from everyrun.importers.fit_walk import Definition, MessageWalk, walk_file


def decode_fit(data: bytes) -> DecodedFit:
    """Decode every FIT section in `data`; damaged tails are dropped with a warning."""
    if len(data) == 0:
        raise CorruptFileError("empty file (0 bytes)", hint="re-export it from the device")
    return _decode(data, walk_file(data))


# ---------------------------------------------------------------- field values, vectorised


def _decode(data: bytes, walk: MessageWalk) -> DecodedFit:
    buffer = np.frombuffer(data, dtype=np.uint8)
    by_message: dict[int, list[Definition]] = {}
    for definition in walk.definitions:
        if definition.offsets:
            by_message.setdefault(definition.global_num, []).append(definition)

    file_types = [
        m.get("type") for m in _dict_messages(buffer, by_message.get(0, []), "file_id", {})
    ]
    if not by_message.get(20) and not by_message.get(18):
        kind = next((t for t in file_types if t is not None), None)
        if kind is not None and kind != "activity":
            raise NotAnActivityError(
                f"a FIT '{kind}' file, not a recorded activity",
                hint="planned workouts, courses and settings files are not imported",
            )
    descriptions = _developer_descriptions(buffer, by_message.get(206, []))
    timestamps = _resolve_timestamps(buffer, walk)

    decoded = DecodedFit(decoder="everyrun-fast", warnings=list(walk.warnings))
    decoded.records = _record_columns(buffer, by_message.get(20, []), descriptions, timestamps)
    for name in fit_profile.SUMMARY_MESSAGE_NUMBERS:
        num = fit_profile.SUMMARY_MESSAGE_NUMBERS[name]
        decoded.messages[name] = _dict_messages(buffer, by_message.get(num, []), name, timestamps)
    _attach_rr(decoded, buffer, by_message.get(78, []), by_message.get(20, []))
    return decoded


def _field_matrix(buffer: np.ndarray, definition: Definition) -> np.ndarray:
    """Bytes of every message of one definition, one row a message."""
    offsets = np.asarray(definition.offsets, dtype=np.int64)
    matrix: np.ndarray = buffer[offsets[:, None] + np.arange(definition.size, dtype=np.int64)]
    return matrix


def _field_values(
    matrix: np.ndarray, start: int, size: int, base_type: int, big_endian: bool
) -> np.ndarray | None:
    """One field of every message as floats (NaN where invalid); None if not numeric."""
    spec = fit_profile.BASE_TYPES.get(base_type & 0x1F)
    if spec is None or spec.dtype is None or size % spec.size or size == 0:
        return None
    dtype = np.dtype(spec.dtype).newbyteorder(">" if big_endian else "<")
    count = size // spec.size
    raw = np.ascontiguousarray(matrix[:, start : start + size]).view(dtype).reshape(-1, count)
    values = raw.astype(np.float64)
    if spec.invalid is not None:
        values[raw == spec.invalid] = np.nan
    if spec.is_float:
        values[~np.isfinite(values)] = np.nan
    return values if count > 1 else values[:, 0]


def _layout(definition: Definition) -> dict[int, tuple[int, int, int]]:
    """Field number -> (byte start, size, base type)."""
    layout: dict[int, tuple[int, int, int]] = {}
    start = 0
    for num, size, base_type in definition.fields:
        layout.setdefault(num, (start, size, base_type))
        start += size
    return layout


def _record_columns(
    buffer: np.ndarray,
    definitions: list[Definition],
    descriptions: dict[tuple[int, int], fit_profile.DeveloperField],
    timestamps: dict[int, float],
) -> dict[str, FloatArray]:
    if not definitions:
        return {}
    parts: list[dict[str, FloatArray]] = []
    order: list[np.ndarray] = []
    for definition in definitions:
        matrix = _field_matrix(buffer, definition)
        columns: dict[str, FloatArray] = {}
        layout = _layout(definition)
        for num, (start, size, base_type) in layout.items():
            if num == fit_profile.COMPRESSED_SPEED_DISTANCE and size == 3:
                columns.update(fit_profile.expand_compressed_speed_distance(matrix[:, start:]))
                continue
            meaning = fit_profile.record_field(num)
            if meaning is None:
                continue
            values = _field_values(matrix, start, size, base_type, definition.big_endian)
            if values is None or values.ndim != 1:
                continue
            columns[meaning.name] = meaning.apply(values)
        if 253 not in layout:
            columns["timestamp"] = np.array(
                [timestamps.get(o, np.nan) for o in definition.offsets], dtype=np.float64
            )
        columns.update(_developer_columns(matrix, definition, descriptions))
        parts.append(columns)
        order.append(np.asarray(definition.offsets, dtype=np.int64))
    names = list(dict.fromkeys(n for p in parts for n in p))
    offsets = np.concatenate(order)
    sort = np.argsort(offsets, kind="stable")
    merged: dict[str, FloatArray] = {}
    for name in names:
        chunks = [p.get(name, np.full(len(o), np.nan)) for p, o in zip(parts, order, strict=True)]
        merged[name] = np.concatenate(chunks)[sort]
    fit_profile.merge_enhanced(merged)
    if "distance" in merged and "compressed_distance" in merged:
        merged.pop("compressed_distance")
    elif "compressed_distance" in merged:
        merged["distance"] = merged.pop("compressed_distance")
    return fit_profile.drop_empty(merged)


def _developer_columns(
    matrix: np.ndarray,
    definition: Definition,
    descriptions: dict[tuple[int, int], fit_profile.DeveloperField],
) -> dict[str, FloatArray]:
    columns: dict[str, FloatArray] = {}
    start = sum(f[1] for f in definition.fields)
    for num, size, dev_index in definition.dev_fields:
        described = descriptions.get((dev_index, num))
        if described is not None:
            values = _field_values(matrix, start, size, described.base_type, definition.big_endian)
            if values is not None and values.ndim == 1:
                columns[f"dev:{described.name}"] = described.apply(values)
        start += size
    return columns


def _developer_descriptions(
    buffer: np.ndarray, definitions: list[Definition]
) -> dict[tuple[int, int], fit_profile.DeveloperField]:
    found: dict[tuple[int, int], fit_profile.DeveloperField] = {}
    for message in _dict_messages(buffer, definitions, "field_description", {}):
        described = fit_profile.DeveloperField.from_message(message)
        if described is not None:
            found[(described.dev_index, described.field_num)] = described
    return found


def _dict_messages(
    buffer: np.ndarray,
    definitions: list[Definition],
    name: str,
    timestamps: dict[int, float],
) -> list[dict[str, Any]]:
    """Decode a (small) summary message type into dicts, in file order."""
    found: list[tuple[int, dict[str, Any]]] = []
    for definition in definitions:
        matrix = _field_matrix(buffer, definition)
        decoded_fields: list[tuple[str, list[Any]]] = []
        for num, (start, size, base_type) in _layout(definition).items():
            meaning = fit_profile.field_meaning(name, num)
            if meaning is None:
                continue
            if base_type & 0x1F == 7:
                column: list[Any] = [
                    fit_profile.decode_string(bytes(r)) for r in matrix[:, start : start + size]
                ]
            else:
                values = _field_values(matrix, start, size, base_type, definition.big_endian)
                if values is None:
                    continue
                column = [meaning.to_python(v) for v in values]
            decoded_fields.append((meaning.name, column))
        for row, offset in enumerate(definition.offsets):
            message = {k: col[row] for k, col in decoded_fields if col[row] is not None}
            if "timestamp" not in message and offset in timestamps:
                message["timestamp"] = timestamps[offset]
            found.append((offset, message))
    found.sort(key=lambda item: item[0])
    return [message for _, message in found]


def _resolve_timestamps(buffer: np.ndarray, walk: MessageWalk) -> dict[int, float]:
    """Times of compressed-timestamp messages (FIT SDK: 5-bit offset from the last full time)."""
    if not walk.compressed:
        return {}
    full: list[tuple[int, float]] = []
    for definition in walk.definitions:
        layout = _layout(definition)
        if 253 not in layout or not definition.offsets:
            continue
        start, size, base_type = layout[253]
        values = _field_values(
            _field_matrix(buffer, definition), start, size, base_type, definition.big_endian
        )
        if values is not None and values.ndim == 1:
            full.extend(zip(definition.offsets, values.tolist(), strict=True))
    events = sorted([(o, v, -1) for o, v in full] + [(o, 0.0, t) for o, _, t in walk.compressed])
    resolved: dict[int, float] = {}
    last: float | None = None
    for offset, value, time_offset in events:
        if time_offset < 0:
            if value == value:  # not NaN
                last = value
            continue
        if last is None:
            continue
        last_int = int(last)
        last = float(last_int + ((time_offset - (last_int & 0x1F)) & 0x1F))
        resolved[offset] = last + FIT_EPOCH_UNIX_S
    return resolved


def _attach_rr(
    decoded: DecodedFit,
    buffer: np.ndarray,
    hrv: list[Definition],
    records: list[Definition],
) -> None:
    """RR intervals (s) from `hrv` messages, each stamped with the last record time before it."""
    intervals: list[np.ndarray] = []
    offsets: list[np.ndarray] = []
    for definition in hrv:
        layout = _layout(definition)
        if 0 not in layout:
            continue
        start, size, base_type = layout[0]
        values = _field_values(
            _field_matrix(buffer, definition), start, size, base_type, definition.big_endian
        )
        if values is None:
            continue
        values = values.reshape(len(definition.offsets), -1) / 1000.0  # profile scale 1000 -> s
        intervals.append(values.ravel())
        offsets.append(np.repeat(np.asarray(definition.offsets), values.shape[1]))
    if not intervals:
        return
    rr = np.concatenate(intervals)
    rr_offsets = np.concatenate(offsets)
    sort = np.argsort(rr_offsets, kind="stable")
    rr, rr_offsets = rr[sort], rr_offsets[sort]
    keep = np.isfinite(rr) & (rr > 0.2) & (rr < 3.0)  # 20–300 bpm; others are padding
    record_offsets = (
        np.sort(np.concatenate([np.asarray(d.offsets) for d in records]))
        if records
        else np.zeros(0, dtype=np.int64)
    )
    times = decoded.records.get("timestamp")
    if times is not None and len(record_offsets) == len(times) and len(times):
        index = np.clip(np.searchsorted(record_offsets, rr_offsets) - 1, 0, len(times) - 1)
        stamps = times[index]
    else:
        stamps = np.full(len(rr), np.nan)
    decoded.rr_intervals_s = rr[keep]
    decoded.rr_times_s = stamps[keep]
