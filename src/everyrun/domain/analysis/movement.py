"""How far and how long the athlete actually moved, and on what slopes.

Everything here is vectorised over the sample streams: a five-hour run is a few array passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from everyrun.domain import activity as act
from everyrun.domain.geo import cumulative_distance_m

STOPPED_BELOW_MPS = 0.5  # slower than a shuffle: standing at a light, tying a lace
RECORDING_GAP_S = 10.0  # a longer silence between samples means the recording was paused
GRADE_WINDOW_M = 30.0  # altitude is too noisy for a slope over less than this distance
MAX_GRADE = 0.45  # Minetti et al. (2002) measured the cost of running up to ±45 %


@dataclass(frozen=True)
class Movement:
    """Per-sample arrays the other analyses share, computed once."""

    time_s: act.FloatArray
    dt_s: act.FloatArray  # time each sample stands for (0 across pauses and stops)
    distance_m: act.FloatArray | None  # cumulative; None without distance or positions
    speed_mps: act.FloatArray | None
    grade: act.FloatArray | None  # rise over run, None without altitude
    moving_time_s: float
    distance_total_m: float | None
    elevation_gain_m: float | None


def analyse_movement(activity: act.Activity) -> Movement:
    streams = activity.streams
    time = streams.get(act.TIME)
    if time is None or len(time) < 2:
        empty = np.zeros(0)
        return Movement(empty, empty, None, None, None, activity.moving_time_s, None, None)
    distance = _distance(activity)
    speed = _speed(time, distance, streams.get(act.SPEED))
    step = np.diff(time, prepend=time[0])
    step[(step < 0) | (step > RECORDING_GAP_S)] = 0.0  # the gap itself is not moving time
    step = np.where(_inside_pauses(activity, time), 0.0, step)
    if speed is not None:
        step = np.where(np.nan_to_num(speed, nan=1.0) < STOPPED_BELOW_MPS, 0.0, step)
    grade = _grade(streams.get(act.ALTITUDE), distance)
    altitude = streams.get(act.ALTITUDE)
    return Movement(
        time_s=time,
        dt_s=step,
        distance_m=distance,
        speed_mps=speed,
        grade=grade,
        moving_time_s=float(step.sum()),
        distance_total_m=float(np.nanmax(distance)) if distance is not None else None,
        elevation_gain_m=_elevation_gain(altitude),
    )


def _distance(activity: act.Activity) -> act.FloatArray | None:
    streams = activity.streams
    if streams.has_data(act.DISTANCE):
        recorded = streams[act.DISTANCE]
        known = np.flatnonzero(np.isfinite(recorded))
        # Bridge dropouts linearly; a distance that goes back (sensor reset) does not count.
        filled = np.interp(np.arange(len(recorded)), known, recorded[known])
        return np.maximum.accumulate(filled - filled[0])
    if streams.has_data(act.LATITUDE) and streams.has_data(act.LONGITUDE):
        return cumulative_distance_m(streams[act.LATITUDE], streams[act.LONGITUDE])
    return None


def _speed(
    time: act.FloatArray, distance: act.FloatArray | None, recorded: act.FloatArray | None
) -> act.FloatArray | None:
    if recorded is not None and np.isfinite(recorded).any():
        return recorded
    if distance is None:
        return None
    dt = np.diff(time, prepend=np.nan)
    dd = np.diff(distance, prepend=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(dt > 0, dd / dt, np.nan)
    return speed


def _inside_pauses(activity: act.Activity, time: act.FloatArray) -> np.ndarray:
    paused = np.zeros(len(time), dtype=bool)
    for pause in activity.pauses:
        begin = (pause.start_utc - activity.start_utc).total_seconds()
        end = (pause.end_utc - activity.start_utc).total_seconds()
        paused |= (time > begin) & (time <= end)
    return paused


def _grade(
    altitude: act.FloatArray | None, distance: act.FloatArray | None
) -> act.FloatArray | None:
    if altitude is None or distance is None or not np.isfinite(altitude).any():
        return None
    known = np.isfinite(altitude)
    filled = np.interp(np.arange(len(altitude)), np.flatnonzero(known), altitude[known])
    # Slope between the points GRADE_WINDOW_M behind and ahead, not sample to sample.
    behind = np.searchsorted(distance, distance - GRADE_WINDOW_M / 2, side="left")
    last = len(distance) - 1
    ahead = np.clip(
        np.searchsorted(distance, distance + GRADE_WINDOW_M / 2, side="right") - 1, 0, last
    )
    run = distance[ahead] - distance[behind]
    with np.errstate(divide="ignore", invalid="ignore"):
        grade = np.where(run >= GRADE_WINDOW_M / 2, (filled[ahead] - filled[behind]) / run, 0.0)
    return np.clip(grade, -MAX_GRADE, MAX_GRADE)


def _elevation_gain(altitude: act.FloatArray | None) -> float | None:
    if altitude is None or not np.isfinite(altitude).any():
        return None
    known = altitude[np.isfinite(altitude)]
    if len(known) < 5:
        return float(np.clip(np.diff(known), 0, None).sum())
    # A 5-sample mean takes out most barometer and GPS jitter before summing the climbs.
    smoothed = np.convolve(known, np.ones(5) / 5, mode="valid")
    return float(np.clip(np.diff(smoothed), 0, None).sum())
