"""Zone models: Friel LTHR, %HRmax, Karvonen reserve, Seiler's three zones, VDOT pace bands."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.vdot import training_paces
from everyrun.domain.science.zones import (
    Zone,
    ZoneModel,
    heart_rate_reserve_zones,
    lthr_zones,
    max_heart_rate_zones,
    pace_zones,
    three_zones_from_lthr,
    three_zones_from_max_heart_rate,
    three_zones_from_thresholds,
    time_in_zones,
)


def test_friel_running_zones_from_lthr() -> None:
    zones = lthr_zones(170.0)

    assert [z.name for z in zones.zones] == ["Z1", "Z2", "Z3", "Z4", "Z5"]
    assert zones.boundaries == pytest.approx((0.0, 144.5, 153.0, 161.5, 170.0, math.inf))
    assert zones.unit == "bpm"
    assert "Friel" in zones.source


def test_max_heart_rate_zones_are_edwards_bands() -> None:
    assert max_heart_rate_zones(200.0).boundaries == pytest.approx(
        (100.0, 120.0, 140.0, 160.0, 180.0, math.inf)
    )


def test_karvonen_zones_are_fractions_of_the_reserve_above_rest() -> None:
    assert heart_rate_reserve_zones(40.0, 200.0).boundaries == pytest.approx(
        (120.0, 136.0, 152.0, 168.0, 184.0, math.inf)
    )


def test_three_zones_from_max_heart_rate_use_82_and_87_percent() -> None:
    zones = three_zones_from_max_heart_rate(200.0)

    assert zones.boundaries == pytest.approx((0.0, 164.0, 174.0, math.inf))
    assert [z.name for z in zones.zones] == ["below VT1", "VT1-VT2", "above VT2"]


def test_three_zones_from_lthr_put_vt2_at_lthr_and_vt1_at_90_percent() -> None:
    assert three_zones_from_lthr(170.0).boundaries == pytest.approx((0.0, 153.0, 170.0, math.inf))


def test_thresholds_out_of_order_are_refused() -> None:
    with pytest.raises(ScienceInputError, match="VT1-VT2"):
        three_zones_from_thresholds(175.0, 160.0)


def test_zone_models_must_be_contiguous() -> None:
    with pytest.raises(ScienceInputError, match="contiguous"):
        ZoneModel("gappy", "bpm", "test", (Zone("a", 0.0, 1.0), Zone("b", 2.0, 3.0)))


def test_pace_zones_hold_each_daniels_pace_in_its_own_band() -> None:
    zones = pace_zones(50.0)
    paces = training_paces(50.0)
    speeds = {
        "E": paces.easy_mps,
        "M": paces.marathon_mps,
        "T": paces.threshold_mps,
        "I": paces.interval_mps,
        "R": paces.repetition_mps,
    }

    assert zones.unit == "m/s"
    assert zones.zones[0].lower == pytest.approx(paces.easy_slow_mps)
    assert zones.zones[0].upper == pytest.approx(paces.easy_fast_mps)
    for zone in zones.zones:
        assert zone.lower <= speeds[zone.name] < zone.upper


def test_time_in_zones_sums_deltas_per_zone_and_ignores_what_is_outside() -> None:
    heart_rate = np.array([90.0, 110.0, 125.0, 139.9, 140.0, 250.0, np.nan])
    deltas = np.array([5.0, 1.0, 2.0, 3.0, 4.0, 6.0, 7.0])

    seconds = time_in_zones(heart_rate, deltas, max_heart_rate_zones(200.0).boundaries)

    assert seconds.tolist() == [1.0, 5.0, 4.0, 0.0, 6.0]  # 90 bpm is below zone 1


def test_time_in_zones_refuses_bad_boundaries_and_mismatched_streams() -> None:
    with pytest.raises(ScienceInputError):
        time_in_zones([1.0], [1.0], (2.0, 1.0))
    with pytest.raises(ScienceInputError):
        time_in_zones([1.0, 2.0], [1.0], (0.0, 3.0))


def _increasing(values: tuple[float, ...]) -> bool:
    return all(a < b for a, b in itertools.pairwise(values))


@given(
    rest=st.floats(min_value=30.0, max_value=80.0),
    reserve=st.floats(min_value=60.0, max_value=160.0),
    lthr_fraction=st.floats(min_value=0.75, max_value=0.97),
)
def test_heart_rate_zone_boundaries_are_increasing(
    rest: float, reserve: float, lthr_fraction: float
) -> None:
    maximum = rest + reserve
    for model in (
        lthr_zones(lthr_fraction * maximum),
        max_heart_rate_zones(maximum),
        heart_rate_reserve_zones(rest, maximum),
        three_zones_from_lthr(lthr_fraction * maximum),
        three_zones_from_max_heart_rate(maximum),
    ):
        assert _increasing(model.boundaries)


@given(vdot=st.floats(min_value=10.0, max_value=100.0))
def test_pace_zone_boundaries_are_increasing(vdot: float) -> None:
    assert _increasing(pace_zones(vdot).boundaries)


@given(
    values=st.lists(st.floats(min_value=0.0, max_value=250.0), min_size=1, max_size=50),
    delta=st.floats(min_value=0.1, max_value=10.0),
)
def test_time_in_zones_never_invents_time(values: list[float], delta: float) -> None:
    seconds = time_in_zones(values, [delta] * len(values), lthr_zones(170.0).boundaries)

    assert seconds.sum() == pytest.approx(delta * len(values))  # Friel's zones cover 0 to ∞
