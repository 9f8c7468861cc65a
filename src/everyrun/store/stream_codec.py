"""Compact, fast storage of one float64 sample column (a stream) as a single blob.

A 10,000-sample activity has ten or more columns; storing them as rows or as raw float64 would
make the database large and slow. Most columns are fixed-precision measurements, so they are
quantised to integers, delta-encoded (neighbouring samples differ little), narrowed to the
smallest integer width that holds the deltas and compressed with zstandard. Anything we do not
know the precision of (developer fields, extras) is kept bit-exact.

Quanta — decoded values are within half a quantum of the input (we promise "within one"):

=================  ===========  ===============================================
column             quantum      why
=================  ===========  ===============================================
time_s             0.001 s      GPX/TCX carry milliseconds at most
latitude_deg       1e-7 deg     about 1.1 cm; FIT semicircles are ~8.4e-8 deg
longitude_deg      1e-7 deg     as latitude
distance_m         0.01 m       FIT records centimetres
speed_mps          0.001 m/s    FIT records mm/s
heart_rate_bpm     0.01 bpm     devices record whole beats; smoothing adds some
cadence_rpm        0.01 rpm     FIT fractional cadence is 1/128 rpm
power_w            0.01 W       devices record whole watts
altitude_m         0.01 m       FIT records 0.2 m steps
temperature_c      0.01 °C      devices record whole degrees
rr_interval_ms     0.001 ms     FIT HRV records whole milliseconds
anything else      exact        raw float64 bits (byte-shuffled), lossless
=================  ===========  ===============================================

NaN positions ("not recorded") are always exact: quantised columns carry a bitmap of them.
A quantised column falls back to the exact codec when it holds ±inf or values too large for
int64 at its quantum. The common step of all deltas is divided out, so whole-beat heart rate
at a 0.01 quantum costs no more than at a quantum of 1.

Blob layout: a 17-byte little-endian header (version, kind, delta width in bytes, flags,
decimals, length, step) followed by one zstd frame holding [NaN bitmap] + deltas, or the
shuffled float64 bytes.
"""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import zstandard

from everyrun.domain import activity as act

FloatArray = npt.NDArray[np.float64]

QUANTISED_CODEC = "qdelta-zstd"
EXACT_CODEC = "f64-zstd"
CODECS = (QUANTISED_CODEC, EXACT_CODEC)
RR_INTERVALS = "rr_interval_ms"

# Decimal places kept per column: the quantum is 10**-decimals.
DECIMALS: dict[str, int] = {
    act.TIME: 3,
    act.LATITUDE: 7,
    act.LONGITUDE: 7,
    act.DISTANCE: 2,
    act.SPEED: 3,
    act.HEART_RATE: 2,
    act.CADENCE: 2,
    act.POWER: 2,
    act.ALTITUDE: 2,
    act.TEMPERATURE: 2,
    RR_INTERVALS: 3,
}

_VERSION = 1
_KIND_QUANTISED = 1
_KIND_EXACT = 2
_FLAG_NANS = 1
_HEADER = struct.Struct("<BBBBbIq")
_ZSTD_LEVEL = 3
# Keep |value * 10**decimals| well inside the range where float64 holds every integer.
_MAX_SCALED = float(2**52)
_thread_local = threading.local()


@dataclass(frozen=True)
class EncodedColumn:
    """What the store keeps for one column: its codec name, sample count and bytes."""

    codec: str
    length: int
    data: bytes


def quantum(name: str) -> float | None:
    """The precision kept for a column, or None when it is stored exactly."""
    decimals = DECIMALS.get(name)
    return None if decimals is None else 10.0**-decimals


def encode_column(name: str, values: FloatArray) -> EncodedColumn:
    """Encode one column, quantised when its name has a known precision, exact otherwise."""
    column = np.ascontiguousarray(values, dtype=np.float64)
    if column.ndim != 1:
        raise ValueError(f"stream {name!r} must be one-dimensional, got shape {column.shape}")
    if len(column) >= 2**32:
        raise ValueError(f"stream {name!r} has too many samples ({len(column)})")
    decimals = DECIMALS.get(name)
    if decimals is not None:
        blob = _encode_quantised(column, decimals)
        if blob is not None:
            return EncodedColumn(QUANTISED_CODEC, len(column), blob)
    return EncodedColumn(EXACT_CODEC, len(column), _encode_exact(column))


def decode_column(codec: str, data: bytes, length: int) -> FloatArray:
    """Rebuild a float64 column; raises ValueError when the blob does not match its row."""
    if codec not in CODECS:
        raise ValueError(f"unknown stream codec {codec!r}")
    if len(data) < _HEADER.size:
        raise ValueError("stream blob is shorter than its header")
    version, kind, width, flags, decimals, stored_length, step = _HEADER.unpack_from(data)
    expected_kind = _KIND_QUANTISED if codec == QUANTISED_CODEC else _KIND_EXACT
    if version != _VERSION or kind != expected_kind or stored_length != length:
        raise ValueError(
            f"stream blob header (version {version}, kind {kind}, length {stored_length})"
            f" does not match codec {codec!r} and length {length}"
        )
    payload = _decompressor().decompress(data[_HEADER.size :])
    if kind == _KIND_EXACT:
        return _unshuffle(payload, length)
    return _decode_quantised(payload, length, width, flags, decimals, step)


def _encode_quantised(column: FloatArray, decimals: int) -> bytes | None:
    nan_mask = np.isnan(column)
    has_nans = bool(nan_mask.any())
    finite = column[~nan_mask] if has_nans else column
    scale = 10.0**decimals
    if finite.size and not (
        np.isfinite(finite).all() and np.abs(finite).max() < _MAX_SCALED / scale
    ):
        return None
    scaled = np.rint(column * scale)
    if has_nans:
        # Carry the last recorded value over gaps so the deltas there are zero.
        scaled[nan_mask] = 0.0
        last_valid = np.where(nan_mask, 0, np.arange(len(column)))
        np.maximum.accumulate(last_valid, out=last_valid)
        scaled = scaled[last_valid]
    integers = scaled.astype(np.int64)
    deltas = np.diff(integers, prepend=np.int64(0))
    step = int(np.gcd.reduce(deltas)) if deltas.size else 0
    if step > 1:
        deltas //= step
    step = max(step, 1)
    width, narrow = _narrowest(deltas)
    bitmap = np.packbits(nan_mask).tobytes() if has_nans else b""
    header = _HEADER.pack(
        _VERSION, _KIND_QUANTISED, width, _FLAG_NANS if has_nans else 0, decimals, len(column), step
    )
    return header + _compressor().compress(bitmap + narrow.tobytes())


def _decode_quantised(
    payload: bytes, length: int, width: int, flags: int, decimals: int, step: int
) -> FloatArray:
    bitmap_bytes = (length + 7) // 8 if flags & _FLAG_NANS else 0
    if len(payload) != bitmap_bytes + length * width or width not in (1, 2, 4, 8):
        raise ValueError("stream blob payload has the wrong size")
    deltas = np.frombuffer(payload, dtype=f"<i{width}", offset=bitmap_bytes, count=length)
    integers = np.cumsum(deltas, dtype=np.int64)
    if step != 1:
        integers *= step
    column: FloatArray = integers / 10.0**decimals if decimals else integers.astype(np.float64)
    if bitmap_bytes:
        packed = np.frombuffer(payload, dtype=np.uint8, count=bitmap_bytes)
        nan_mask = np.unpackbits(packed, count=length).astype(bool)
        column[nan_mask] = np.nan
    return column


def _narrowest(deltas: npt.NDArray[np.int64]) -> tuple[int, npt.NDArray[np.signedinteger]]:
    """Smallest little-endian integer width holding every delta: fewer bytes to compress."""
    if not deltas.size:
        return 1, deltas.astype("<i1")
    low, high = int(deltas.min()), int(deltas.max())
    for width in (1, 2, 4):
        bound = 1 << (8 * width - 1)
        if -bound <= low and high < bound:
            return width, deltas.astype(f"<i{width}")
    return 8, deltas.astype("<i8")


def _encode_exact(column: FloatArray) -> bytes:
    # Byte-shuffling groups the similar high bytes of neighbouring floats: zstd packs them better.
    shuffled = column.astype("<f8").view(np.uint8).reshape(-1, 8).T.tobytes()
    header = _HEADER.pack(_VERSION, _KIND_EXACT, 8, 0, 0, len(column), 1)
    return header + _compressor().compress(shuffled)


def _unshuffle(payload: bytes, length: int) -> FloatArray:
    if len(payload) != 8 * length:
        raise ValueError("stream blob payload has the wrong size")
    planes = np.frombuffer(payload, dtype=np.uint8).reshape(8, length)
    return np.ascontiguousarray(planes.T).view("<f8").reshape(length).astype(np.float64, copy=False)


def _compressor() -> zstandard.ZstdCompressor:
    """One compressor per thread: they are not thread-safe, and building one costs time."""
    compressor: zstandard.ZstdCompressor | None = getattr(_thread_local, "compressor", None)
    if compressor is None:
        compressor = zstandard.ZstdCompressor(level=_ZSTD_LEVEL)
        _thread_local.compressor = compressor
    return compressor


def _decompressor() -> zstandard.ZstdDecompressor:
    decompressor: zstandard.ZstdDecompressor | None = getattr(_thread_local, "decompressor", None)
    if decompressor is None:
        decompressor = zstandard.ZstdDecompressor()
        _thread_local.decompressor = decompressor
    return decompressor
