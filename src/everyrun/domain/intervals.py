"""The structure of a run: warm-up, work, recovery and cool-down segments.

A device workout writes its structure into the laps, so structured laps are trusted first.
Otherwise the samples are read: speed on a 1 s grid (grade-adjusted where altitude allows),
smoothed and compared with the run's own easy pace; heart rate stands in where there is no
speed. Pure: numpy only, vectorised over samples (loops run over laps or segments, never samples).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from everyrun.domain import activity as act
from everyrun.domain import sport as sports
from everyrun.domain import workout_patterns as patterns

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
SegmentKind = Literal["warmup", "work", "recovery", "cooldown", "steady"]
Source = Literal["laps", "streams", "none"]

MAX_GAP_S = 20.0  # samples further apart than this: the recorder stopped or lost the signal
MAX_GRID_POINTS = 200_000  # 1 s steps up to 55 h; longer recordings get coarser steps
MAX_RUN_SAMPLE_SPEED_MPS = 12.5  # a sprinter's top speed: anything faster is a GPS spike
STANDING_MPS = 0.5  # slower than a slow walk: standing, not a pace to compare against
WALK_SHARE = 0.5  # under half the typical effort is a walk or a stop, not the easy pace
SPEED_SMOOTH_S = 11  # rolling median: removes GPS jitter, keeps a 20 s stride intact
HR_SMOOTH_S = 31  # heart rate drifts beat to beat; half a minute shows the effort
HR_LAG_S = 20  # heart rate reaches half its new level ~20 s after the effort changes
ALTITUDE_SMOOTH_S = 30  # altitude noise (GPS or baro) averages out over half a minute
ALTITUDE_POINT_S = 5  # for the height at one moment (a rep's start): less smoothing, less blur
GRADE_BASE_S = (10, 30)  # +-10 s finds a hill rep; +-30 s confirms the slope is not noise
MIN_GRADE_DISTANCE_M = 10.0  # below this the altitude difference is noise, not a slope
SEGMENT_GRADE_MIN_M = 50.0  # over less ground (a standing rest) altitude drift reads as a slope
MIN_RISE_M = 1.5  # smoothed altitude wanders about a metre on the flat; a hill rep climbs 3+ m
MAX_GRADE = 0.25  # steeper is hiking ground, and beyond what the cost model was fitted on
# Beyond about +-10 % runners walk or brake, which costs less than the running model says: a
# hike up a mountain is not a rep, and a steep descent is not a recovery jog.
GRADE_COST_RANGE = (0.6, 1.6)
# Easy pace is read on level ground: on a mountain run the hikes up are not the easy pace.
FLAT_GRADE = 0.03
FLAT_SHARE = 0.2  # ...unless under a fifth of the run was level, then all of it counts


@dataclass(frozen=True)
class _Detector:
    """How sharply and for how long the effort must change to start or end a work segment."""

    enter: float  # x easy effort to start work
    leave: float  # x easy effort below which work ends (hysteresis: no flicker at the edge)
    contrast: float  # x easy effort a rep must average: crossed on purpose, not by noise
    min_work_s: float  # shorter surges are blips
    merge_gap_s: float  # shorter easings inside a rep do not end it


# Speed: a rep starts >= 15 % faster than easy pace (marathon pace is ~15-25 % faster than easy
# for most runners), ends when it falls back to within 8 %, averages >= 20 % faster (noise and
# rolling terrain hover around the 15 % line), lasts >= 10 s (a stride is 15-30 s); an easing
# shorter than 15 s (a crossing, a GPS wobble) does not end it.
BY_SPEED = _Detector(enter=1.15, leave=1.08, contrast=1.2, min_work_s=10.0, merge_gap_s=15.0)
# Heart rate: 8 % over the easy level is a clear step up (about 12 bpm at 150 bpm), above the
# drift of an easy hour; it cannot resolve reps shorter than about two minutes.
BY_HEART_RATE = _Detector(enter=1.08, leave=1.05, contrast=1.1, min_work_s=120.0, merge_gap_s=30.0)
REFERENCE_PERCENTILE = 30  # start below the median: in a work-heavy session the median is work
REFERENCE_ROUNDS = 4  # each round drops the work the last one found; two or three settle it

_NOT_ANALYSED = {sports.SWIMMING, sports.TRAINING, sports.TRANSITION}  # lengths, sets, no pace
_FOOT = {sports.RUNNING, sports.WALKING, sports.HIKING}


@dataclass(frozen=True)
class Segment:
    """One stretch of a run with one purpose; times in seconds since the activity's start."""

    kind: SegmentKind
    start_s: float
    end_s: float
    duration_s: float
    distance_m: float | None = None
    avg_speed_mps: float | None = None
    avg_heart_rate_bpm: float | None = None
    max_heart_rate_bpm: float | None = None
    elevation_gain_m: float | None = None
    avg_grade: float | None = None


@dataclass(frozen=True)
class IntervalAnalysis:
    """What a run was made of, the pattern a runner would name it by, and what was not known."""

    segments: list[Segment]
    source: Source
    pattern: patterns.Pattern | None
    reps: list[Segment]
    summary: str
    missing: list[str]


@dataclass(frozen=True)
class _Signals:
    """Samples resampled onto a regular grid; `valid` is False where the recorder was stopped."""

    time_s: FloatArray
    step_s: float
    valid: BoolArray
    effort: FloatArray  # smoothed speed (grade-adjusted) in m/s, or heart rate in bpm
    flat: BoolArray  # on level ground (or no altitude to say otherwise)
    by_speed: bool
    distance_m: FloatArray | None
    heart_rate_bpm: FloatArray | None
    altitude_m: FloatArray | None  # lightly smoothed: heights at a moment
    climb_m: FloatArray | None  # heavily smoothed: climbing, without the noise's ups and downs
    # Recording on (timer running), whatever the sensors said: a GPS hole is still running time,
    # so a segment's speed is its distance over this time, not over the samples that had a fix.
    timer_on: BoolArray | None = None


_Plan = patterns.Plan


def detect_intervals(activity: act.Activity) -> IntervalAnalysis:
    """Split a run into segments, from its laps if they are a workout, else from its samples."""
    if activity.sport in _NOT_ANALYSED:
        return _nothing(f"Structure is not analysed for {activity.sport}.", [])
    signals, missing = _signals(activity)
    source: Source = "laps"
    plan = patterns.lap_plan(activity, _coverage(signals))
    if plan is None and signals is not None:
        plan, source = _stream_plan(signals), "streams"
    if not plan:
        return _nothing("Too little data to find any structure.", missing)
    segments = _measure(plan, signals, activity)
    if not segments:
        return _nothing("Too short to find any structure.", missing)
    reps = [s for s in segments if s.kind == "work"]
    is_run = activity.sport == sports.RUNNING
    first, last = segments[0].start_s, segments[-1].end_s
    pattern, chosen = patterns.name_pattern(segments, reps) if is_run else (None, [])
    for _ in range(2):  # settles at once unless dropping work changed what stands out
        if pattern is None or len(chosen) == len(reps):
            break
        # work outside the pattern (a GPS jump, a hard climb) was part of the easy running
        spans = [(rep.start_s, rep.end_s) for rep in chosen]
        segments = _measure(_plan_from_work(first, last, spans), signals, activity)
        reps = [s for s in segments if s.kind == "work"]
        pattern, chosen = patterns.name_pattern(segments, reps)
    if len(chosen) != len(reps):
        pattern = None
    if (
        pattern in patterns.LOOSE
        and is_run
        and signals is not None
        and signals.by_speed
        and patterns.is_progression(_chunk_efforts(signals))
    ):
        pattern, reps = "progression", []
        segments = _measure(_thirds(first, last), signals, activity)
    if pattern == "strides" and segments[0].kind == "warmup":
        segments[0] = replace(segments[0], kind="steady")  # the easy run itself, not a warm-up
    summary = patterns.describe(pattern, segments, reps)
    return IntervalAnalysis(segments, source, pattern, reps, summary, missing)


def _nothing(summary: str, missing: list[str]) -> IntervalAnalysis:
    return IntervalAnalysis([], "none", None, [], summary, missing)


def _coverage(signals: _Signals | None) -> patterns.Coverage:
    """Distance run between two moments, from the samples, if they have it."""

    def covered_m(start_s: float, end_s: float) -> float | None:
        if signals is None or not signals.by_speed or signals.distance_m is None:
            return None
        ends = np.interp([start_s, end_s], signals.time_s, signals.distance_m)
        return float(ends[1] - ends[0])

    return covered_m


# --- samples onto a grid ------------------------------------------------------------------


def _signals(activity: act.Activity) -> tuple[_Signals | None, list[str]]:
    streams, missing = activity.streams, []
    time = streams.get(act.TIME)
    if time is None or len(time) < 2:
        return None, ["no samples: structure from laps only"]
    limit = activity.elapsed_s + 1.0 if activity.elapsed_s > 0 else np.inf
    keep = np.isfinite(time) & (time >= 0) & (time <= limit)
    index = np.flatnonzero(keep)
    if len(index) > 1:  # strictly increasing times only: np.interp needs them
        kept = time[index]
        rising = np.r_[True, kept[1:] > np.maximum.accumulate(kept)[:-1]]
        index = index[rising]
    if len(index) < 2:
        return None, ["no usable sample times: structure from laps only"]
    t = time[index]
    step = max(1.0, float(t[-1] - t[0]) / MAX_GRID_POINTS)
    grid = t[0] + np.arange(int((t[-1] - t[0]) // step) + 1) * step
    valid = _recording(t, grid, activity)
    timer_on = valid.copy()

    def column(name: str) -> FloatArray | None:
        values = streams.get(name)
        return None if values is None else _on_grid(t, values[index], grid)

    top_speed = MAX_RUN_SAMPLE_SPEED_MPS if activity.sport in _FOOT else np.inf
    speed = _below(column(act.SPEED), top_speed)
    speed, distance = _speed_and_distance(speed, column(act.DISTANCE), step, valid)
    speed = _below(speed, top_speed)  # again: GPS jumps in the distance make spikes too
    heart_rate, altitude = column(act.HEART_RATE), column(act.ALTITUDE)
    if heart_rate is None:
        missing.append("no heart rate: segments carry no heart-rate figures")
    climb = None
    if altitude is not None:
        climb = _moving_mean(_filled(altitude), round(ALTITUDE_SMOOTH_S / step))
        altitude = _moving_mean(_filled(altitude), round(ALTITUDE_POINT_S / step))
    flat = np.ones(len(grid), dtype=bool)
    if speed is not None and np.isfinite(speed[valid]).any():
        effort = _rolling_median(_filled(speed), round(SPEED_SMOOTH_S / step))
        valid &= np.isfinite(speed)
        if activity.sport in _FOOT and climb is not None and distance is not None:
            grade = _grade(climb, distance, step)
            effort, flat = effort * _grade_cost(grade), np.abs(grade) < FLAT_GRADE
        elif activity.sport in _FOOT and activity.sub_sport != "treadmill":
            missing.append("no altitude: pace not adjusted for hills, hill repeats not assessed")
        by_speed = True
    elif heart_rate is not None and np.isfinite(heart_rate[valid]).any():
        missing.insert(0, "no speed or distance: structure from heart rate only")
        lag = round(HR_LAG_S / step)
        smooth = _rolling_median(_filled(heart_rate), round(HR_SMOOTH_S / step))
        effort = np.r_[smooth[lag:], np.full(min(lag, len(smooth)), smooth[-1])][: len(smooth)]
        valid &= np.isfinite(heart_rate)
        by_speed = False
    else:
        return None, ["no speed, distance or heart rate: no structure to find"]
    signals = _Signals(
        grid, step, valid, effort, flat, by_speed, distance, heart_rate, altitude, climb, timer_on
    )
    return signals, missing


def _below(values: FloatArray | None, limit: float) -> FloatArray | None:
    """Values over the limit blanked: a speed no runner reaches is a GPS spike."""
    return None if values is None else np.where(values > limit, np.nan, values)


def _speed_and_distance(
    speed: FloatArray | None, distance: FloatArray | None, step_s: float, valid: BoolArray
) -> tuple[FloatArray | None, FloatArray | None]:
    """Each from the other where only one was recorded (footpods, GPX tracks, old watches)."""
    if distance is not None:
        distance = _monotone(distance)
        if speed is None:
            speed = np.gradient(distance, step_s) if len(distance) > 1 else np.zeros(1)
    elif speed is not None:
        distance = np.cumsum(np.nan_to_num(speed) * step_s * valid)
    return speed, distance


def _recording(t: FloatArray, grid: FloatArray, activity: act.Activity) -> BoolArray:
    """False inside pauses and inside gaps between samples too long to bridge."""
    after = np.clip(np.searchsorted(t, grid, side="right"), 1, len(t) - 1)
    inside = (grid > t[after - 1]) & (grid < t[after])
    valid = ~(inside & (t[after] - t[after - 1] > MAX_GAP_S))
    if activity.pauses:
        starts = np.array(
            [(p.start_utc - activity.start_utc).total_seconds() for p in activity.pauses]
        )
        ends = starts + np.array([p.duration_s for p in activity.pauses])
        depth = np.zeros(len(grid) + 1)
        np.add.at(depth, np.searchsorted(grid, starts), 1)
        np.add.at(depth, np.searchsorted(grid, ends), -1)
        valid &= np.cumsum(depth)[:-1] <= 0
    return valid


def _on_grid(t: FloatArray, values: FloatArray, grid: FloatArray) -> FloatArray | None:
    """Linear interpolation between recorded values, NaN across long holes in the column."""
    ok = np.isfinite(values)
    if not ok.any():
        return None
    known, recorded = t[ok], values[ok]
    if len(known) == 1:
        return np.where(np.abs(grid - known[0]) <= MAX_GAP_S, recorded[0], np.nan)
    out = np.interp(grid, known, recorded)
    after = np.clip(np.searchsorted(known, grid, side="right"), 1, len(known) - 1)
    hole = (grid > known[after - 1]) & (grid < known[after])
    hole &= known[after] - known[after - 1] > MAX_GAP_S
    out[hole | (grid < known[0] - MAX_GAP_S) | (grid > known[-1] + MAX_GAP_S)] = np.nan
    return out


def _filled(values: FloatArray) -> FloatArray:
    """NaN holes bridged linearly so that smoothing windows never see NaN."""
    ok = np.isfinite(values)
    if ok.all() or not ok.any():
        return np.nan_to_num(values)
    positions = np.arange(len(values))
    return np.interp(positions, positions[ok], values[ok])


def _monotone(distance: FloatArray) -> FloatArray:
    """Cumulative distance never decreases; GPS re-fixes sometimes step it back."""
    return np.maximum.accumulate(_filled(distance))


def _rolling_median(values: FloatArray, window: int) -> FloatArray:
    window = max(1, window) | 1  # odd, so the window is centred
    if window == 1 or len(values) < 2:
        return values.copy()
    padded = np.pad(values, window // 2, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, window)
    return np.asarray(np.median(windows, axis=1), dtype=np.float64)


def _moving_mean(values: FloatArray, window: int) -> FloatArray:
    window = max(1, window) | 1
    padded = np.pad(values, window // 2, mode="edge")
    sums = np.cumsum(np.r_[0.0, padded])
    return np.asarray((sums[window:] - sums[:-window]) / window, dtype=np.float64)


def _grade(altitude: FloatArray, distance: FloatArray, step_s: float) -> FloatArray:
    """Rise over run, kept only where a short and a long baseline agree: a hill, not noise."""
    short, long = (_slope(altitude, distance, round(base / step_s)) for base in GRADE_BASE_S)
    agree = np.sign(short) == np.sign(long)
    grade = np.where(agree, np.sign(short) * np.minimum(np.abs(short), np.abs(long)), 0.0)
    return np.clip(grade, -MAX_GRADE, MAX_GRADE)


def _slope(altitude: FloatArray, distance: FloatArray, half: int) -> FloatArray:
    half = max(1, half)
    heights, covered = np.pad(altitude, half, mode="edge"), np.pad(distance, half, mode="edge")
    rise = heights[2 * half :] - heights[: -2 * half]
    run = covered[2 * half :] - covered[: -2 * half]
    sloped = (run >= MIN_GRADE_DISTANCE_M) & (np.abs(rise) >= MIN_RISE_M)
    return np.divide(rise, run, out=np.zeros_like(rise), where=sloped)


def _grade_cost(grade: FloatArray) -> FloatArray:
    """Energy cost of running on a slope relative to the flat, so effort compares across hills.

    Minetti et al. 2002, J Appl Physiol 93:1039, C(i) in J/kg/m for gradient i; C(0) = 3.6.
    """
    i = grade
    cost = 155.4 * i**5 - 30.4 * i**4 - 43.3 * i**3 + 46.3 * i**2 + 19.5 * i + 3.6
    return np.clip(cost / 3.6, *GRADE_COST_RANGE)


# --- segments from the samples ------------------------------------------------------------


def _stream_plan(signals: _Signals) -> _Plan:
    detector = BY_SPEED if signals.by_speed else BY_HEART_RATE
    effort, valid = signals.effort, signals.valid
    moving = valid.copy()
    if signals.by_speed:
        moving &= effort > STANDING_MPS
        if moving.any():  # stops at lights and walks up steep banks are not the easy pace
            moving &= effort >= WALK_SHARE * np.median(effort[moving])
    if not moving.any():
        return [("steady", float(signals.time_s[0]), float(signals.time_s[-1]))]
    if (moving & signals.flat).sum() >= FLAT_SHARE * moving.sum():
        moving &= signals.flat
    easy = float(np.percentile(effort[moving], REFERENCE_PERCENTILE))
    starts = ends = np.zeros(0, dtype=np.intp)
    for _ in range(REFERENCE_ROUNDS):  # easy pace = the median of what is not work
        starts, ends = _work_runs(effort, valid, easy, detector, signals.step_s)
        work = np.zeros(len(effort) + 1, dtype=np.int64)
        np.add.at(work, starts, 1)
        np.add.at(work, ends, -1)
        rest = moving & (np.cumsum(work)[:-1] <= 0)
        if not rest.any():
            break
        new = float(np.median(effort[rest]))
        if abs(new - easy) <= 0.002 * easy:
            break
        easy = new
    return _plan_from_runs(signals.time_s, starts, ends)


def _work_runs(
    effort: FloatArray, valid: BoolArray, easy: float, detector: _Detector, step_s: float
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Index ranges [start, end) of work, with hysteresis, blips merged and dropped."""
    high = valid & (effort >= easy * detector.enter)
    low = ~valid | (effort < easy * detector.leave)
    positions = np.arange(len(effort))
    last = np.maximum.accumulate(np.where(high | low, positions, -1))
    state = (last >= 0) & high[np.maximum(last, 0)]
    edges = np.flatnonzero(np.diff(np.r_[0, state.astype(np.int8), 0]))
    starts, ends = edges[0::2], edges[1::2]
    if len(starts) > 1:
        apart = (starts[1:] - ends[:-1]) * step_s >= detector.merge_gap_s
        starts, ends = starts[np.r_[True, apart]], ends[np.r_[apart, True]]
    sums = np.r_[0.0, np.cumsum(np.where(valid, effort, 0.0))]
    counts = np.r_[0, np.cumsum(valid)]
    mean = (sums[ends] - sums[starts]) / np.maximum(counts[ends] - counts[starts], 1)
    keep = ((ends - starts) * step_s >= detector.min_work_s) & (mean >= easy * detector.contrast)
    return starts[keep], ends[keep]


def _plan_from_runs(
    time_s: FloatArray, starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]
) -> _Plan:
    at = time_s[np.minimum(np.r_[starts, ends], len(time_s) - 1)]
    spans = list(zip(at[: len(starts)].tolist(), at[len(starts) :].tolist(), strict=True))
    return _plan_from_work(float(time_s[0]), float(time_s[-1]), spans)


def _plan_from_work(first: float, last: float, work: list[tuple[float, float]]) -> _Plan:
    """Warm-up before the first work, recoveries between, cool-down after; steady if none."""
    if not work:
        return [("steady", first, last)]
    plan: _Plan = []
    if work[0][0] > first:
        plan.append(("warmup", first, work[0][0]))
    for index, (begin, end) in enumerate(work):
        plan.append(("work", begin, end))
        following = work[index + 1][0] if index + 1 < len(work) else last
        if following > end:
            plan.append(("recovery" if index + 1 < len(work) else "cooldown", end, following))
    return plan


def _chunk_efforts(signals: _Signals, chunks: int = 6) -> list[float]:
    """Median effort in equal stretches of recorded time, for the progression test."""
    effort = signals.effort[signals.valid & (signals.effort > STANDING_MPS)]
    if len(effort) < chunks * 60:  # under a minute per chunk says nothing about a trend
        return []
    return [float(np.median(part)) for part in np.array_split(effort, chunks)]


def _thirds(start_s: float, end_s: float) -> _Plan:
    cuts = np.linspace(start_s, end_s, 4)
    return [("steady", float(cuts[i]), float(cuts[i + 1])) for i in range(3)]


# --- what each segment holds --------------------------------------------------------------


def _measure(plan: _Plan, signals: _Signals | None, activity: act.Activity) -> list[Segment]:
    segments = []
    for kind, start, end in plan:
        if end <= start:
            continue
        if signals is None:
            segments.append(_from_laps(kind, start, end, activity))
        else:
            segments.append(_from_samples(kind, start, end, signals))
    return segments


def _from_samples(kind: SegmentKind, start: float, end: float, signals: _Signals) -> Segment:
    grid = signals.time_s
    first, stop = np.searchsorted(grid, [start, end])
    stop = max(stop, min(first + 1, len(grid)))
    distance = speed = gain = grade = hr_avg = hr_max = None
    if signals.by_speed and signals.distance_m is not None:
        ends = np.interp([start, end], grid, signals.distance_m)
        distance = float(ends[1] - ends[0])
        running = signals.timer_on if signals.timer_on is not None else signals.valid
        moving_s = float(running[first:stop].sum()) * signals.step_s
        speed = distance / moving_s if moving_s > 0 else None
    if signals.heart_rate_bpm is not None:
        beats = signals.heart_rate_bpm[first:stop]
        beats = beats[np.isfinite(beats)]
        if len(beats):
            hr_avg, hr_max = float(beats.mean()), float(beats.max())
    if signals.altitude_m is not None and signals.climb_m is not None:
        gain = float(np.clip(np.diff(signals.climb_m[first:stop]), 0, None).sum())
        if distance is not None and distance >= SEGMENT_GRADE_MIN_M:
            heights = np.interp([start, end], grid, signals.altitude_m)
            grade = float(heights[1] - heights[0]) / distance
    return Segment(kind, start, end, end - start, distance, speed, hr_avg, hr_max, gain, grade)


def _from_laps(kind: SegmentKind, start: float, end: float, activity: act.Activity) -> Segment:
    laps = [lap for s, e, lap in patterns.lap_spans(activity) if start <= s < end]
    distances = [lap.distance_m for lap in laps]
    distance = sum(d for d in distances if d is not None) if None not in distances else None
    seconds = sum((lap.timer_s or lap.elapsed_s) for lap in laps)
    speed = distance / seconds if distance is not None and seconds > 0 else None
    weighted = [(lap.avg_heart_rate_bpm, lap.elapsed_s) for lap in laps if lap.avg_heart_rate_bpm]
    total = sum(w for _, w in weighted)
    hr_avg = sum(h * w for h, w in weighted) / total if weighted and total > 0 else None
    peaks = [lap.max_heart_rate_bpm for lap in laps if lap.max_heart_rate_bpm is not None]
    return Segment(kind, start, end, end - start, distance, speed, hr_avg, max(peaks, default=None))
