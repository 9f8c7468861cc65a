"""Great-circle distances and track length (everyrun.domain.geo)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from everyrun.domain.geo import (
    EARTH_MEAN_RADIUS_M,
    cumulative_distance_m,
    haversine_m,
    speed_from_distance_mps,
)

nan = math.nan


def test_one_degree_of_latitude_is_r_times_pi_over_180() -> None:
    assert float(haversine_m(45.0, 7.0, 46.0, 7.0)) == pytest.approx(111_195.08, abs=0.01)


def test_half_the_equator_is_pi_r() -> None:
    assert float(haversine_m(0.0, 0.0, 0.0, 180.0)) == pytest.approx(math.pi * EARTH_MEAN_RADIUS_M)


def test_paris_to_london_matches_the_published_great_circle_distance() -> None:
    # 343.5 km on a sphere of mean radius (ellipsoidal figure: 343.9 km).
    assert float(haversine_m(48.8566, 2.3522, 51.5074, -0.1278)) == pytest.approx(343_560, abs=300)


def test_haversine_is_symmetric_zero_on_itself_and_vectorised() -> None:
    lat1 = np.array([0.0, 10.0, -33.9])
    lon1 = np.array([0.0, 20.0, 151.2])
    lat2 = np.array([1.0, 10.0, -33.9])
    lon2 = np.array([0.0, 20.0, 151.3])
    forward = haversine_m(lat1, lon1, lat2, lon2)
    backward = haversine_m(lat2, lon2, lat1, lon1)
    assert forward.shape == (3,)
    np.testing.assert_allclose(forward, backward)
    assert forward[1] == 0.0
    assert forward[0] == pytest.approx(111_195.08, abs=0.01)
    # 0.1 degree of longitude at 33.9 S shrinks by cos(latitude).
    assert forward[2] == pytest.approx(11_119.5 * math.cos(math.radians(33.9)), rel=1e-4)


def test_haversine_propagates_nan() -> None:
    assert math.isnan(float(haversine_m(nan, 0.0, 1.0, 1.0)))


def test_cumulative_distance_starts_at_zero_and_adds_each_step() -> None:
    lat = np.array([0.0, 0.001, 0.002, 0.002])
    lon = np.zeros(4)
    total = cumulative_distance_m(lat, lon)
    step = 111_195.08 * 0.001
    assert total.dtype == np.float64
    np.testing.assert_allclose(total, [0.0, step, 2 * step, 2 * step], rtol=1e-6)


def test_gap_without_positions_adds_nothing_and_the_next_fix_bridges_it() -> None:
    lat = np.array([0.0, nan, nan, 0.003, 0.004])
    lon = np.array([0.0, nan, 5.0, 0.0, 0.0])  # a half position is no position
    step = 111_195.08 * 0.001
    bridged = cumulative_distance_m(lat, lon)
    np.testing.assert_allclose(bridged, [0.0, 0.0, 0.0, 3 * step, 4 * step], rtol=1e-6)
    unbridged = cumulative_distance_m(lat, lon, bridge_gaps=False)
    np.testing.assert_allclose(unbridged, [0.0, 0.0, 0.0, 0.0, step], rtol=1e-6)


def test_leading_gap_all_nan_single_and_empty_tracks() -> None:
    leading_gap = cumulative_distance_m([nan, nan, 1.0], [nan, nan, 1.0])
    np.testing.assert_array_equal(leading_gap, [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(cumulative_distance_m([nan, nan], [nan, nan]), [0.0, 0.0])
    np.testing.assert_array_equal(cumulative_distance_m([45.0], [7.0]), [0.0])
    assert cumulative_distance_m([], []).shape == (0,)


def test_cumulative_distance_refuses_mismatched_columns() -> None:
    with pytest.raises(ValueError, match="equal length"):
        cumulative_distance_m([1.0, 2.0], [1.0])


def test_speed_is_step_distance_over_step_time_and_nan_where_undefined() -> None:
    time_s = np.array([0.0, 1.0, 1.0, 3.0, 4.0])
    distance_m = np.array([0.0, 3.0, 4.0, 8.0, nan])
    speed = speed_from_distance_mps(time_s, distance_m)
    assert math.isnan(speed[0])  # nothing before the first sample
    assert speed[1] == 3.0
    assert math.isnan(speed[2])  # no time passed
    assert speed[3] == 2.0
    assert math.isnan(speed[4])  # no distance
    assert speed_from_distance_mps([0.0], [0.0]).shape == (1,)
