"""Moving time, distance, slope and best efforts from the streams."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from everyrun.domain import activity as act
from everyrun.domain.analysis.best_efforts import best_efforts
from everyrun.domain.analysis.movement import analyse_movement
from everyrun.importers.fit import read_fit
from tests.corpus import CORPUS

START = datetime(2025, 5, 1, 7, tzinfo=UTC)


def _run(speed_mps: np.ndarray, altitude_m: np.ndarray | None = None) -> act.Activity:
    time = np.arange(len(speed_mps), dtype=np.float64)
    columns = {act.TIME: time, act.SPEED: speed_mps, act.DISTANCE: np.cumsum(speed_mps)}
    if altitude_m is not None:
        columns[act.ALTITUDE] = altitude_m
    return act.Activity("running", START, float(time[-1]), streams=act.Streams(columns))


def test_standing_still_is_not_moving_time() -> None:
    speed = np.full(1200, 3.0)
    speed[300:420] = 0.0  # two minutes at a traffic light
    movement = analyse_movement(_run(speed))
    assert movement.moving_time_s == pytest.approx(1200 - 120 - 1, abs=1)


def test_timer_pauses_are_not_moving_time() -> None:
    run = _run(np.full(1200, 3.0))
    run = run.with_changes(
        pauses=[act.Pause(START + timedelta(seconds=100), START + timedelta(seconds=400))]
    )
    assert analyse_movement(run).moving_time_s == pytest.approx(1199 - 300, abs=1)


def test_a_steady_climb_has_its_grade() -> None:
    speed = np.full(600, 2.5)
    altitude = np.cumsum(speed) * 0.08  # 8 % all the way
    movement = analyse_movement(_run(speed, altitude))
    assert movement.grade is not None
    assert np.median(movement.grade) == pytest.approx(0.08, abs=0.005)
    assert movement.elevation_gain_m == pytest.approx(0.08 * 1500, rel=0.02)


def test_best_efforts_find_the_fast_middle_of_a_run() -> None:
    time = np.arange(3600, dtype=np.float64)
    speed = np.where((time > 600) & (time <= 1800), 4.0, 3.0)
    efforts = {e.name: e for e in best_efforts(time, np.cumsum(speed))}
    assert efforts["1k"].time_s == pytest.approx(250)
    assert efforts["5k"].time_s == pytest.approx(1200 + 200 / 3, abs=0.5)
    assert "half" not in efforts


def test_a_real_run_without_distance_gives_no_distance_not_a_guess() -> None:
    (run,) = read_fit((CORPUS / "run_garmin-fr70_hr-only_no-distance.fit").read_bytes(), "x")
    movement = analyse_movement(run)
    assert movement.distance_m is None and movement.speed_mps is None
    assert movement.moving_time_s > 3000


def test_a_real_run_moves_most_of_its_timer_time() -> None:
    name = "run_garmin-fenix5x-plus_18.7km_9-pauses.fit"
    (run,) = read_fit((CORPUS / name).read_bytes(), name)
    movement = analyse_movement(run)
    assert movement.distance_total_m == pytest.approx(18658, rel=0.01)
    assert 0.9 * run.timer_s <= movement.moving_time_s <= run.timer_s + 5  # type: ignore[operator]
