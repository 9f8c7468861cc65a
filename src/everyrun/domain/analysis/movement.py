"""How far and how long the athlete actually moved, and on what slopes.

Everything here is vectorised over the sample streams: a five-hour run is a few array passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from everyrun.domain import activity as act
from everyrun.domain.geo import cumulative_distance_m

STOPPED_BELOW_MPS = 0.5  # slower than a shuffle: standing at a light, tying a lace
# Sports whose point is covering ground: standing still there is a stop, not training. In the
# rest (team sports, the gym, diving) the athlete works on the spot and all recorded time counts.
GROUND_SPORTS = frozenset(
    {
        "running",
        "walking",
        "hiking",
        "cycling",
        "e_biking",
        "cross_country_skiing",
        "inline_skating",
        "swimming",
        "rowing",
        "paddling",
        "kayaking",
        "stand_up_paddleboarding",
        "mountaineering",
        "transition",
        "generic",
    }
)
RECORDING_GAP_S = 10.0  # a longer silence between samples: paused, unless the runner moved on
GRADE_WINDOW_M = 30.0  # altitude is too noisy for a slope over less than this distance
MAX_GRADE = 0.45  # Minetti et al. (2002) measured the cost of running up to ±45 %
# GPS altitude jitters by metres from one fix to the next and barometers step by ~0.3 m: a
# centred half-minute mean removes both and keeps any hill a runner notices (they last minutes).
ALTITUDE_SMOOTH_S = 30.0
# A climb counts once the smoothed altitude has risen this much from its last low (hysteresis,
# as GoldenCheetah's elevation setting): what is left of the noise never adds up to a hill.
CLIMB_BAND_M = 1.0


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
    if speed is not None and not _ever_moving(speed):
        speed = _speed(time, distance, None)  # a speed column of zeros: ask the distance
        if speed is None or not _ever_moving(speed):
            # Never once moving: a gym, a mat, a rowing machine writing zeros. No speed was
            # measured, and the whole session is not a standstill.
            speed, distance = None, None
    raw = np.diff(time, prepend=time[0])
    step = np.where(raw < 0, 0.0, raw)
    gap = raw > RECORDING_GAP_S  # the recorder was paused, or lost the signal
    if distance is not None:
        # Ground covered across the gap at a running-or-walking speed: the runner went on and
        # the samples did not (a tunnel, sparse GPS). Without distance it stays a pause.
        with np.errstate(divide="ignore", invalid="ignore"):
            across = np.diff(distance, prepend=distance[0]) / raw
        gap &= ~(across >= STOPPED_BELOW_MPS)
    step[gap] = 0.0
    step = np.where(_inside_pauses(activity, time), 0.0, step)
    if speed is not None and activity.sport in GROUND_SPORTS:
        step = np.where(np.nan_to_num(speed, nan=1.0) < STOPPED_BELOW_MPS, 0.0, step)
    # On a treadmill the barometer only sees the weather and the air conditioning.
    indoors = activity.sub_sport == "treadmill"
    altitude = None if indoors else _smoothed_altitude(time, streams.get(act.ALTITUDE))
    grade = _grade(altitude, distance)
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


def _ever_moving(speed: act.FloatArray) -> bool:
    return bool((np.nan_to_num(speed) >= STOPPED_BELOW_MPS).any())


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
        if pause.duration_s > time[-1] - time[0]:
            continue  # longer than the recording itself: a clock jump's leftover, not a pause
        begin = (pause.start_utc - activity.start_utc).total_seconds()
        end = (pause.end_utc - activity.start_utc).total_seconds()
        paused |= (time > begin) & (time <= end)
    return paused


def _smoothed_altitude(
    time: act.FloatArray, altitude: act.FloatArray | None
) -> act.FloatArray | None:
    """Altitude with holes bridged and a centred ALTITUDE_SMOOTH_S mean, by cumulative sums.

    The window narrows symmetrically near the ends, so a steady climb keeps its full height.
    """
    if altitude is None or not np.isfinite(altitude).any():
        return None
    known = np.isfinite(altitude)
    filled = np.interp(np.arange(len(altitude)), np.flatnonzero(known), altitude[known])
    half = np.clip(np.minimum(time - time[0], time[-1] - time), 0.0, ALTITUDE_SMOOTH_S / 2)
    lo = np.searchsorted(time, time - half, side="left")
    hi = np.searchsorted(time, time + half, side="right")
    sums = np.concatenate([[0.0], np.cumsum(filled)])
    smoothed: act.FloatArray = (sums[hi] - sums[lo]) / np.maximum(hi - lo, 1)
    return smoothed


def _grade(
    altitude: act.FloatArray | None, distance: act.FloatArray | None
) -> act.FloatArray | None:
    if altitude is None or distance is None:
        return None
    # Slope between the points GRADE_WINDOW_M behind and ahead, not sample to sample.
    behind = np.searchsorted(distance, distance - GRADE_WINDOW_M / 2, side="left")
    last = len(distance) - 1
    ahead = np.clip(
        np.searchsorted(distance, distance + GRADE_WINDOW_M / 2, side="right") - 1, 0, last
    )
    run = distance[ahead] - distance[behind]
    with np.errstate(divide="ignore", invalid="ignore"):
        grade = np.where(run >= GRADE_WINDOW_M / 2, (altitude[ahead] - altitude[behind]) / run, 0.0)
    return np.clip(grade, -MAX_GRADE, MAX_GRADE)


def _elevation_gain(altitude: act.FloatArray | None) -> float | None:
    """Metres climbed: rises of the smoothed altitude past a CLIMB_BAND_M dead band.

    Only the turning points matter, found vectorised; the hysteresis then walks those alone.
    """
    if altitude is None:
        return None
    step = np.diff(altitude)
    turns = np.flatnonzero(np.sign(step[1:]) != np.sign(step[:-1])) + 1
    points = altitude[np.r_[0, turns, len(altitude) - 1]] if len(altitude) > 1 else altitude
    gain, reference = 0.0, float(points[0])
    for height in points[1:].tolist():
        if height - reference >= CLIMB_BAND_M:
            gain += height - reference
            reference = height
        elif reference - height >= CLIMB_BAND_M:
            reference = height
    return gain
