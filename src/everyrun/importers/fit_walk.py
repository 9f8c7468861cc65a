"""The structure of a FIT file: headers, checksums, definitions, and where each message is.

FIT layout (FIT SDK, "FIT File Protocol"): a 12/14-byte header (size, protocol, profile,
data size, ".FIT", optional CRC), then messages, then a 2-byte CRC-16; files may be chained.
The walk is the only per-message Python work of the fast decoder: it reads one header byte per
message and notes an offset; `fit_decoder` then decodes the values of all messages sharing a
definition at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import fastcrc

from everyrun.domain.errors import CorruptFileError

_MAX_CHAINED_FILES = 64


@dataclass
class Definition:
    global_num: int
    big_endian: bool
    fields: list[tuple[int, int, int]]  # (field number, size, base type)
    dev_fields: list[tuple[int, int, int]]  # (field number, size, developer data index)
    size: int
    offsets: list[int] = field(default_factory=list)


@dataclass
class MessageWalk:
    definitions: list[Definition] = field(default_factory=list)
    # (message offset, definition, 5-bit time offset) for compressed-timestamp headers
    compressed: list[tuple[int, Definition, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def walk_file(data: bytes) -> MessageWalk:
    """Where every message of every chained FIT section is; damaged tails end the walk."""
    if len(data) == 0:
        raise CorruptFileError("empty file (0 bytes)", hint="re-export it from the device")
    walk = MessageWalk()
    pos = 0
    sections = 0
    while pos < len(data) and sections < _MAX_CHAINED_FILES:
        if sections and len(data) - pos < 12:
            walk.warnings.append(f"ignored {len(data) - pos} trailing bytes after the FIT data")
            break
        if sections and data[pos + 8 : pos + 12] != b".FIT":
            walk.warnings.append(f"ignored {len(data) - pos} bytes after the FIT data")
            break
        pos, complete = _walk_section(data, pos, walk)
        sections += 1
        if not complete:
            break
    return walk


def _check_header(data: bytes, start: int) -> tuple[int, int]:
    if len(data) - start < 12:
        raise CorruptFileError(f"file too short for a FIT header ({len(data) - start} bytes)")
    header_size = data[start]
    if header_size not in (12, 14) or data[start + 8 : start + 12] != b".FIT":
        raise CorruptFileError("not a FIT file: the header lacks the '.FIT' signature")
    data_size = int.from_bytes(data[start + 4 : start + 8], "little")
    return header_size, data_size


def _walk_section(data: bytes, start: int, walk: MessageWalk) -> tuple[int, bool]:
    """Note where every message of one FIT section is; return the next section's offset."""
    header_size, data_size = _check_header(data, start)
    body = start + header_size
    end = body + data_size
    complete = True
    if data_size == 0 or end + 2 > len(data):
        # Unfinished recordings (device died, file cut): read as far as the bytes go.
        declared = data_size
        end = len(data)
        complete = False
        walk.warnings.append(
            f"FIT header declares {declared} data bytes but {len(data) - body} follow: "
            "the file was not finished (device stopped or file cut short); read what is there"
        )
    stopped_at = _walk_messages(data, body, end, walk)
    if stopped_at is not None:
        return len(data), False
    if complete:
        stored = data[end] | (data[end + 1] << 8)
        computed = fastcrc.crc16.arc(data[start:end])
        if stored != computed:
            raise CorruptFileError(
                f"FIT checksum mismatch (file says {stored:#06x}, data gives {computed:#06x}): "
                "the file is damaged",
                hint="copy it again from the device or re-download it from the platform",
            )
    return end + 2, complete


def _walk_messages(data: bytes, pos: int, end: int, walk: MessageWalk) -> int | None:
    """The hot loop; returns the offset where damage stopped it, or None."""
    local: list[Definition | None] = [None] * 16
    known: dict[bytes, Definition] = {}  # devices that redefine before every message reuse one
    compressed = walk.compressed
    while pos < end:
        header = data[pos]
        if header & 0x80:  # compressed-timestamp data message
            definition = local[(header >> 5) & 0x3]
            if definition is None or pos + 1 + definition.size > end:
                return _stop(walk, pos, end, definition is None)
            definition.offsets.append(pos + 1)
            compressed.append((pos + 1, definition, header & 0x1F))
            pos += 1 + definition.size
        elif header & 0x40:  # definition message
            parsed = _parse_definition(data, pos, end, bool(header & 0x20))
            if parsed is None:
                return _stop(walk, pos, end, False)
            definition, next_pos = parsed
            key = data[pos + 2 : next_pos]
            if key in known:
                definition = known[key]
            else:
                known[key] = definition
                walk.definitions.append(definition)
            local[header & 0x0F] = definition
            pos = next_pos
        else:
            definition = local[header & 0x0F]
            if definition is None or pos + 1 + definition.size > end:
                return _stop(walk, pos, end, definition is None)
            definition.offsets.append(pos + 1)
            pos += 1 + definition.size
    return None


def _stop(walk: MessageWalk, pos: int, end: int, undefined: bool) -> int:
    why = "a message uses an undefined layout" if undefined else "the file ends mid-message"
    walk.warnings.append(
        f"FIT data damaged at byte {pos} ({why}): kept the messages before it, "
        f"dropped the last {end - pos} bytes"
    )
    return pos


def _parse_definition(
    data: bytes, pos: int, end: int, has_dev: bool
) -> tuple[Definition, int] | None:
    if pos + 6 > end:
        return None
    arch = data[pos + 2]
    if arch > 1:
        return None
    big = arch == 1
    global_num = int.from_bytes(data[pos + 3 : pos + 5], "big" if big else "little")
    count = data[pos + 5]
    cursor = pos + 6
    if cursor + 3 * count > end:
        return None
    raw = data[cursor : cursor + 3 * count]
    fields = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, 3 * count, 3)]
    cursor += 3 * count
    dev_fields: list[tuple[int, int, int]] = []
    if has_dev:
        if cursor + 1 > end:
            return None
        dev_count = data[cursor]
        cursor += 1
        if cursor + 3 * dev_count > end:
            return None
        raw = data[cursor : cursor + 3 * dev_count]
        dev_fields = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, 3 * dev_count, 3)]
        cursor += 3 * dev_count
    size = sum(f[1] for f in fields) + sum(f[1] for f in dev_fields)
    return Definition(global_num, big, fields, dev_fields, size), cursor
