"""Random, truncated and mutated FIT bytes: only clean refusals, never a crash or a hang."""

from __future__ import annotations

import contextlib

import fastcrc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from everyrun.domain.errors import FileRejectedError
from everyrun.importers.fit import read_fit
from tests.corpus import CORPUS

SMALL_FIT = (CORPUS / "run_garmin-fenix5_1min_hrv.fit").read_bytes()
MULTISPORT_FIT = (CORPUS / "multisport_garmin-fr935_run-transition-rowing_tiny.fit").read_bytes()
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def _read_cleanly(data: bytes) -> None:
    try:
        activities = read_fit(data, "fuzz.fit")
    except FileRejectedError as refused:
        assert str(refused)  # a reason a person can read
        return
    for activity in activities:
        assert activity.elapsed_s >= 0 or activity.warnings


def _with_valid_crc(data: bytearray) -> bytes:
    """Re-sign the file so the mutation reaches the message parser instead of the CRC check."""
    if len(data) >= 14:
        data[-2:] = fastcrc.crc16.arc(bytes(data[:-2])).to_bytes(2, "little")
    return bytes(data)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    _read_cleanly(data)


@FUZZ
@given(st.binary(max_size=512))
def test_random_bytes_behind_a_real_header(tail: bytes) -> None:
    header = bytearray(SMALL_FIT[:14])
    header[4:8] = len(tail).to_bytes(4, "little")
    _read_cleanly(_with_valid_crc(bytearray(bytes(header) + tail + b"\x00\x00")))


@FUZZ
@given(st.sampled_from([SMALL_FIT, MULTISPORT_FIT]), st.integers(min_value=0, max_value=6000))
def test_truncated_files(source: bytes, cut: int) -> None:
    _read_cleanly(source[: cut % (len(source) + 1)])


@FUZZ
@given(
    st.sampled_from([SMALL_FIT, MULTISPORT_FIT]),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=12),
    st.booleans(),
)
def test_mutated_files(source: bytes, flips: list[tuple[int, int]], resign: bool) -> None:
    data = bytearray(source)
    for position, value in flips:
        data[position % len(data)] = value
    _read_cleanly(_with_valid_crc(data) if resign else bytes(data))


@FUZZ
@given(
    st.sampled_from([SMALL_FIT, MULTISPORT_FIT]),
    st.lists(st.tuples(st.integers(min_value=14), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_fast_decoder_itself_refuses_cleanly(source: bytes, flips: list[tuple[int, int]]) -> None:
    """No fallback here: the fast path must not lean on the reference decoder for damage."""
    from everyrun.importers.fit_decoder import decode_fit

    data = bytearray(source)
    for position, value in flips:
        data[position % (len(data) - 2)] = value
    with contextlib.suppress(FileRejectedError):
        decode_fit(_with_valid_crc(data))
