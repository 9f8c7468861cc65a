"""The stream codec: within quantum, NaN positions exact, compact, fast."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from everyrun.domain import activity as act
from everyrun.store import stream_codec as codec

QUANTISED_NAMES = sorted(codec.DECIMALS)
DEV_POWER = f"{act.DEVELOPER_PREFIX}Power"


def round_trip(name: str, values: np.ndarray) -> np.ndarray:
    encoded = codec.encode_column(name, values)
    assert encoded.length == len(values)
    decoded = codec.decode_column(encoded.codec, encoded.data, encoded.length)
    assert decoded.dtype == np.float64
    assert decoded.shape == values.shape
    return decoded


def assert_within_quantum(name: str, values: np.ndarray, decoded: np.ndarray) -> None:
    np.testing.assert_array_equal(np.isnan(decoded), np.isnan(values))
    recorded = ~np.isnan(values)
    quantum = codec.quantum(name)
    if quantum is None:
        assert values[recorded].tobytes() == decoded[recorded].tobytes()
    else:
        infinite = np.isinf(values)
        np.testing.assert_array_equal(decoded[infinite], values[infinite])
        finite = np.isfinite(values)
        assert np.all(np.abs(decoded[finite] - values[finite]) <= quantum)


def realistic_columns(sample_count: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    time_s = np.arange(sample_count, dtype=np.float64)
    speed = np.round(np.clip(3 + np.cumsum(rng.normal(0, 0.05, sample_count)), 0, 8), 3)
    semicircle = 180 / 2**31
    heart_rate = np.round(140 + 10 * np.sin(time_s / 300) + rng.normal(0, 1, sample_count))
    heart_rate[100:130] = np.nan
    walk = np.cumsum(rng.normal(0, 2e-5, sample_count))
    return {
        act.TIME: time_s,
        act.LATITUDE: np.round((51.5 + walk) / semicircle) * semicircle,
        act.LONGITUDE: np.round((-0.12 - walk) / semicircle) * semicircle,
        act.DISTANCE: np.round(np.cumsum(speed), 2),
        act.SPEED: speed,
        act.HEART_RATE: heart_rate,
        act.CADENCE: np.round(85 + rng.normal(0, 2, sample_count)),
        act.POWER: np.round(250 + rng.normal(0, 30, sample_count)),
        act.ALTITUDE: np.round((30 + np.cumsum(rng.normal(0, 0.1, sample_count))) * 5) / 5,
        act.TEMPERATURE: np.round(20 + 3 * time_s / sample_count),
    }


@pytest.mark.parametrize("name", QUANTISED_NAMES)
def test_known_columns_are_quantised_and_round_trip_within_quantum(name: str) -> None:
    rng = np.random.default_rng(7)
    values = rng.uniform(-100, 300, 1000)
    values[[0, 10, 11, 999]] = np.nan
    encoded = codec.encode_column(name, values)
    assert encoded.codec == codec.QUANTISED_CODEC
    assert_within_quantum(name, values, round_trip(name, values))


def test_unknown_and_developer_columns_are_bit_exact() -> None:
    values = np.array([1.5, -0.0, np.nan, 5e-324, 1e308, -np.inf, np.inf, 0.1 + 0.2])
    for name in (DEV_POWER, "unknown_column"):
        encoded = codec.encode_column(name, values)
        assert encoded.codec == codec.EXACT_CODEC
        decoded = codec.decode_column(encoded.codec, encoded.data, encoded.length)
        assert decoded.tobytes() == values.tobytes()


def test_quantised_column_with_infinity_or_huge_values_falls_back_to_exact() -> None:
    for values in (np.array([140.0, np.inf, 141.0]), np.array([1e300, 1.0])):
        encoded = codec.encode_column(act.HEART_RATE, values)
        assert encoded.codec == codec.EXACT_CODEC
        assert round_trip(act.HEART_RATE, values).tobytes() == values.tobytes()


@pytest.mark.parametrize(
    "values",
    [
        np.zeros(0),
        np.array([np.nan]),
        np.full(1001, np.nan),
        np.array([142.0]),
        np.full(5000, 150.0),
        np.array([np.nan, np.nan, 100.0, np.nan, 101.0, np.nan]),
    ],
    ids=["empty", "one-nan", "all-nan", "one-value", "constant", "gaps"],
)
def test_edge_shapes_round_trip(values: np.ndarray) -> None:
    for name in (act.HEART_RATE, DEV_POWER):
        assert_within_quantum(name, values, round_trip(name, values))


def test_decoded_columns_are_writable_copies() -> None:
    for name in (act.HEART_RATE, DEV_POWER):
        decoded = round_trip(name, np.array([1.0, 2.0, 3.0]))
        decoded[0] = 9.0  # analysis code may fill gaps in place
        assert decoded.flags.writeable


def test_decode_rejects_mismatched_rows() -> None:
    encoded = codec.encode_column(act.HEART_RATE, np.array([140.0, 141.0]))
    with pytest.raises(ValueError, match="unknown stream codec"):
        codec.decode_column("gzip", encoded.data, 2)
    with pytest.raises(ValueError, match="does not match"):
        codec.decode_column(codec.QUANTISED_CODEC, encoded.data, 3)
    with pytest.raises(ValueError, match="does not match"):
        codec.decode_column(codec.EXACT_CODEC, encoded.data, 2)
    with pytest.raises(ValueError, match="shorter than its header"):
        codec.decode_column(codec.QUANTISED_CODEC, b"\x01", 2)


def test_rejects_two_dimensional_input() -> None:
    with pytest.raises(ValueError, match="one-dimensional"):
        codec.encode_column(act.POWER, np.zeros((2, 2)))


def test_whole_number_heart_rate_is_compact() -> None:
    rng = np.random.default_rng(3)
    heart_rate = np.round(140 + np.cumsum(rng.integers(-1, 2, 10_000)).clip(-40, 40)).astype(float)
    encoded = codec.encode_column(act.HEART_RATE, heart_rate)
    assert len(encoded.data) < heart_rate.nbytes / 20  # under 0.4 byte per sample


def test_realistic_activity_compresses_well_and_fast() -> None:
    columns = realistic_columns(10_000)
    raw_bytes = sum(values.nbytes for values in columns.values())
    best_encode_s = best_decode_s = float("inf")
    for _ in range(7):
        started = time.perf_counter()
        encoded = {name: codec.encode_column(name, values) for name, values in columns.items()}
        encoded_at = time.perf_counter()
        decoded = {n: codec.decode_column(e.codec, e.data, e.length) for n, e in encoded.items()}
        best_encode_s = min(best_encode_s, encoded_at - started)
        best_decode_s = min(best_decode_s, time.perf_counter() - encoded_at)
    for name, values in columns.items():
        assert_within_quantum(name, values, decoded[name])
    stored_bytes = sum(len(e.data) for e in encoded.values())
    assert stored_bytes < raw_bytes / 5
    # The target is well under 5 ms; the bound leaves room for a busy CI machine.
    assert best_encode_s < 0.015, f"encoding took {best_encode_s * 1000:.1f} ms"
    assert best_decode_s < 0.015, f"decoding took {best_decode_s * 1000:.1f} ms"


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from([*QUANTISED_NAMES, DEV_POWER]),
    values=hnp.arrays(
        np.float64,
        st.integers(0, 300),
        elements=st.one_of(
            st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
            st.just(np.nan),
            st.floats(min_value=-200.0, max_value=200.0, allow_nan=False).map(
                lambda x: round(x, 2)
            ),
        ),
    ),
)
def test_round_trip_property(name: str, values: np.ndarray) -> None:
    assert_within_quantum(name, values, round_trip(name, values))


@settings(max_examples=100, deadline=None)
@given(
    values=hnp.arrays(
        np.float64,
        st.integers(0, 100),
        elements=st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    )
)
def test_any_float_survives_every_codec(values: np.ndarray) -> None:
    """Infinities, subnormals and huge values fall back to exact storage, never corrupt."""
    for name in (act.TIME, act.LATITUDE, DEV_POWER):
        assert_within_quantum(name, values, round_trip(name, values))
