"""Never trust a file blindly: repair or flag data that cannot be true, and say so.

Each rule fixes what it safely can (drops samples, shifts a clock jump back, recomputes a
total from the samples) and adds a warning in the runner's words; what it cannot fix it flags.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from everyrun.domain import activity as act
from everyrun.domain import sport as sports
from everyrun.domain.geo import cumulative_distance_m

CLOCK_JUMP_S = 6 * 3600  # a gap this long inside one recording is a clock fault, not a pause
MAX_SESSION_S = 7 * 24 * 3600  # multi-day ultras exist; a week-long "session" does not
EARLIEST_PLAUSIBLE = datetime(2000, 1, 1, tzinfo=UTC)  # before GPS sport watches
LOWEST_ALTITUDE_M = -450.0  # Dead Sea shore, the lowest dry land, is about -430 m
HIGHEST_ALTITUDE_M = 9000.0  # above Everest
_LABELS = {
    act.HEART_RATE: ("heart rate", "bpm"),
    act.CADENCE: ("cadence", "rpm"),
    act.POWER: ("power", "W"),
    act.TEMPERATURE: ("temperature", "°C"),
    act.LATITUDE: ("latitude", "°"),
    act.LONGITUDE: ("longitude", "°"),
    act.ALTITUDE: ("altitude", "m"),
    act.SPEED: ("speed", "m/s"),
}
_SAMPLE_LIMITS: dict[str, tuple[float, float]] = {
    act.HEART_RATE: (25.0, 250.0),  # bpm: below and above any recorded human heart rate
    act.CADENCE: (0.0, 300.0),
    act.POWER: (0.0, 3000.0),  # W: track sprinters peak near 2,500 W
    act.TEMPERATURE: (-60.0, 70.0),
    act.LATITUDE: (-90.0, 90.0),
    act.LONGITUDE: (-180.0, 180.0),
}
_MAX_SAMPLE_SPEED_MPS = {sports.RUNNING: 12.5, sports.WALKING: 12.5, sports.HIKING: 12.5}


def clean_activity(activity: act.Activity, *, now_utc: datetime) -> act.Activity:
    warnings = list(activity.warnings)
    activity = _drop_time_going_back(activity, warnings)
    activity = _undo_clock_jumps(activity, warnings)
    activity = _clear_impossible_samples(activity, warnings)
    activity = _fix_totals(activity, warnings)
    _flag_dates(activity, now_utc, warnings)
    _flag_speed(activity, warnings)
    return replace(activity, warnings=list(dict.fromkeys(warnings)))


def _drop_time_going_back(activity: act.Activity, warnings: list[str]) -> act.Activity:
    time = activity.streams.get(act.TIME)
    if time is None or len(time) < 2:
        return activity
    # Repeated times are kept: devices write two records in one second at laps and pauses.
    running_max = np.maximum.accumulate(np.nan_to_num(time, nan=-np.inf))
    keep = np.isfinite(time) & (time >= running_max)
    dropped = int((~keep).sum())
    if not dropped:
        return activity
    warnings.append(f"{dropped} sample(s) whose time went back were dropped (device clock glitch)")
    return replace(activity, streams=activity.streams.select(keep))


def _undo_clock_jumps(activity: act.Activity, warnings: list[str]) -> act.Activity:
    """A jump of hours or days between two samples is shifted out of every later sample."""
    time = activity.streams.get(act.TIME)
    if time is None or len(time) < 2:
        return activity
    gaps = np.diff(time)
    jumps = np.flatnonzero(gaps > CLOCK_JUMP_S)
    if not len(jumps):
        return activity
    step = float(np.median(gaps[gaps > 0])) if (gaps > 0).any() else 1.0
    fixed = time.copy()
    laps, pauses = list(activity.laps), list(activity.pauses)
    for index in jumps[::-1]:
        shift = float(fixed[index + 1] - fixed[index] - step)
        at = activity.start_utc + timedelta(seconds=float(fixed[index]))
        fixed[index + 1 :] -= shift
        laps = [_shift_lap(lap, at, shift) for lap in laps]
        pauses = [p for p in (_shift_pause(p, at, shift) for p in pauses) if p is not None]
        warnings.append(
            f"clock jumped forward {_duration(shift)} after sample {index + 1}: "
            "later samples were moved back to follow on"
        )
    columns = dict(activity.streams.columns)
    columns[act.TIME] = fixed
    return replace(activity, streams=act.Streams(columns), laps=laps, pauses=pauses)


def _shift_pause(pause: act.Pause, after: datetime, shift_s: float) -> act.Pause | None:
    """Pauses after the jump move back with the samples; one spanning it shrinks by the jump."""
    shift = timedelta(seconds=shift_s)
    if pause.end_utc <= after:
        return pause
    if pause.start_utc > after:
        return act.Pause(pause.start_utc - shift, pause.end_utc - shift)
    end = pause.end_utc - shift
    return act.Pause(pause.start_utc, end) if end > pause.start_utc else None


def _shift_lap(lap: act.Lap, after: datetime, shift_s: float) -> act.Lap:
    if lap.start_utc <= after:
        return lap
    return replace(lap, start_utc=lap.start_utc - timedelta(seconds=shift_s))


def _clear_impossible_samples(activity: act.Activity, warnings: list[str]) -> act.Activity:
    columns = dict(activity.streams.columns)
    limits = dict(_SAMPLE_LIMITS)
    limits[act.ALTITUDE] = (LOWEST_ALTITUDE_M, HIGHEST_ALTITUDE_M)
    top_speed = _MAX_SAMPLE_SPEED_MPS.get(activity.sport)
    if top_speed is not None:
        limits[act.SPEED] = (0.0, top_speed)
    changed = False
    heart_rate = columns.get(act.HEART_RATE)
    if heart_rate is not None and (heart_rate == 0).any():  # 0 bpm is "no strap signal"
        columns[act.HEART_RATE] = np.where(heart_rate == 0, np.nan, heart_rate)
        changed = True
    for name, (low, high) in limits.items():
        values = columns.get(name)
        if values is None:
            continue
        bad = np.isfinite(values) & ((values < low) | (values > high))
        if name in (act.LATITUDE, act.LONGITUDE):
            bad |= _null_island(columns)
        count = int(bad.sum())
        if count:
            values = values.copy()
            values[bad] = np.nan
            columns[name] = values
            changed = True
            label, unit = _LABELS[name]
            warnings.append(f"{count} {label} value(s) outside {low:g}..{high:g} {unit} removed")
    return replace(activity, streams=act.Streams(columns)) if changed else activity


def _null_island(columns: dict[str, act.FloatArray]) -> np.ndarray:
    """Exactly 0°, 0° is a GPS without a fix, not the Gulf of Guinea."""
    lat, lon = columns.get(act.LATITUDE), columns.get(act.LONGITUDE)
    if lat is None or lon is None:
        return np.zeros(0, dtype=bool)
    return np.asarray((lat == 0.0) & (lon == 0.0))


def _fix_totals(activity: act.Activity, warnings: list[str]) -> act.Activity:
    time = activity.streams.get(act.TIME)
    span = (
        float(np.nanmax(time) - min(0.0, float(np.nanmin(time))))
        if time is not None and len(time)
        else None
    )
    elapsed, timer, distance = activity.elapsed_s, activity.timer_s, activity.distance_m
    if span is not None and (elapsed > span + 3600 or elapsed > MAX_SESSION_S):
        warnings.append(
            f"the file says the session lasted {_duration(elapsed)} but its samples span "
            f"{_duration(span)}: used the samples"
        )
        elapsed = span
    elif span is None and elapsed > MAX_SESSION_S:
        warnings.append(f"a {_duration(elapsed)} session cannot be right: check this file")
    if timer is not None and timer > elapsed + 1:
        better = max(elapsed, span or 0.0)
        warnings.append(
            f"timer time {timer:.0f} s is longer than elapsed time {elapsed:.0f} s, which cannot "
            f"be: elapsed set to {better:.0f} s from the samples"
        )
        elapsed = better
        timer = min(timer, elapsed)
    if timer is None and activity.pauses:
        timer = max(0.0, elapsed - sum(p.duration_s for p in activity.pauses))
    if distance is None or distance == 0:
        distance = _distance_from_streams(activity) or distance
    return replace(activity, elapsed_s=elapsed, timer_s=timer, distance_m=distance)


def _distance_from_streams(activity: act.Activity) -> float | None:
    streams = activity.streams
    if streams.has_data(act.DISTANCE):
        return float(np.nanmax(streams[act.DISTANCE]) - np.nanmin(streams[act.DISTANCE]))
    if streams.has_data(act.LATITUDE) and streams.has_data(act.LONGITUDE):
        track = cumulative_distance_m(streams[act.LATITUDE], streams[act.LONGITUDE])
        return float(track[-1]) if len(track) and track[-1] > 0 else None
    return None


def _flag_dates(activity: act.Activity, now_utc: datetime, warnings: list[str]) -> None:
    if activity.start_utc > now_utc + timedelta(days=1):
        warnings.append(
            f"starts in the future ({activity.start_utc:%Y-%m-%d}): the device clock is wrong"
        )
    elif activity.start_utc < EARLIEST_PLAUSIBLE:
        warnings.append(
            f"dated {activity.start_utc:%Y-%m-%d}, before sport watches recorded files: "
            "the device clock was probably not set"
        )


def _flag_speed(activity: act.Activity, warnings: list[str]) -> None:
    limit = sports.max_plausible_speed_mps(activity.sport)
    moving = activity.moving_time_s
    if limit is None or not activity.distance_m or moving <= 300:  # sprints may be quicker
        return
    speed = activity.distance_m / moving
    if speed > limit:
        warnings.append(
            f"average speed {speed * 3.6:.1f} km/h is not possible for {activity.sport}: "
            "was this recorded on a bike or in a car, or is the sport wrong?"
        )


def _duration(seconds: float) -> str:
    if seconds >= 2 * 86400:
        return f"{seconds / 86400:.1f} days"
    if seconds >= 2 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.0f} min"
