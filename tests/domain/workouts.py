"""Synthetic runs of known structure, sampled at 1 Hz, for tests of run analysis.

    build_run([easy(10), *reps(6, distance_m=800, pace="3:50", recovery_distance_m=400,
               recovery_pace="6:00"), easy(10, kind="cooldown")], noise=0.05, seed=1)

Each `Step` is one stretch at one pace (or a pace changing linearly, for progressions) on one
grade. `build_run` turns the steps into an `Activity` with time, distance, speed, altitude and
heart-rate streams; `plan` gives the true (kind, start_s, end_s) of every step to compare with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import numpy as np

from everyrun.domain import activity as act

START = datetime(2025, 6, 1, 7, 0, tzinfo=UTC)
EASY_PACE = "6:00"
Kind = Literal["warmup", "work", "recovery", "cooldown", "steady"]
Pace = str | float  # "m:ss" per km, or seconds per km
LapStyle = Literal["none", "steps", "km"]
_LAP_INTENSITY = {
    "warmup": "warmup",
    "work": "active",
    "recovery": "rest",
    "cooldown": "cooldown",
    "steady": "active",
}


def pace_s_per_km(pace: Pace) -> float:
    """'3:50' -> 230.0; numbers are already seconds per km."""
    if isinstance(pace, str):
        minutes, seconds = pace.split(":")
        return int(minutes) * 60 + float(seconds)
    return float(pace)


@dataclass(frozen=True)
class Step:
    """One stretch of a run: give a duration or a distance, a pace, and optionally a grade."""

    duration_s: float | None = None
    distance_m: float | None = None
    pace_s_per_km: float = 360.0
    end_pace_s_per_km: float | None = None  # pace changes linearly to this over the step
    grade: float = 0.0  # rise over run, 0.08 = 8 % uphill
    kind: Kind = "steady"

    def seconds(self) -> float:
        if self.duration_s is not None:
            return float(self.duration_s)
        if self.distance_m is None:
            raise ValueError("a step needs a duration or a distance")
        end = self.end_pace_s_per_km or self.pace_s_per_km
        return self.distance_m * (self.pace_s_per_km + end) / 2 / 1000


def easy(
    minutes: float, pace: Pace = EASY_PACE, *, kind: Kind = "steady", grade: float = 0.0
) -> Step:
    return Step(duration_s=minutes * 60, pace_s_per_km=pace_s_per_km(pace), kind=kind, grade=grade)


def warmup(minutes: float = 10, pace: Pace = EASY_PACE) -> Step:
    return easy(minutes, pace, kind="warmup")


def cooldown(minutes: float = 10, pace: Pace = EASY_PACE) -> Step:
    return easy(minutes, pace, kind="cooldown")


def block(minutes: float, pace: Pace, *, grade: float = 0.0) -> Step:
    """A sustained work stretch (tempo, race pace)."""
    return Step(
        duration_s=minutes * 60, pace_s_per_km=pace_s_per_km(pace), kind="work", grade=grade
    )


def progression(minutes: float, start_pace: Pace, end_pace: Pace) -> Step:
    return Step(
        duration_s=minutes * 60,
        pace_s_per_km=pace_s_per_km(start_pace),
        end_pace_s_per_km=pace_s_per_km(end_pace),
    )


def reps(
    n: int,
    *,
    pace: Pace,
    distance_m: float | None = None,
    duration_s: float | None = None,
    recovery_pace: Pace = EASY_PACE,
    recovery_distance_m: float | None = None,
    recovery_duration_s: float | None = None,
    grade: float = 0.0,
    recovery_grade: float | None = None,
) -> list[Step]:
    """n work steps with a recovery between each (none after the last)."""
    work = Step(duration_s, distance_m, pace_s_per_km(pace), grade=grade, kind="work")
    rest = Step(
        recovery_duration_s,
        recovery_distance_m,
        pace_s_per_km(recovery_pace),
        grade=-grade if recovery_grade is None else recovery_grade,
        kind="recovery",
    )
    steps: list[Step] = []
    for index in range(n):
        steps.append(work)
        if index < n - 1:
            steps.append(rest)
    return steps


def plan(steps: Sequence[Step]) -> list[tuple[Kind, float, float]]:
    """The true (kind, start_s, end_s) of each step, on the 1 s sample grid."""
    ends = np.cumsum([round(step.seconds()) for step in steps])
    starts = np.r_[0, ends[:-1]]
    return [(s.kind, float(a), float(b)) for s, a, b in zip(steps, starts, ends, strict=True)]


def build_run(
    steps: Sequence[Step],
    *,
    noise: float = 0.0,
    seed: int = 0,
    speed: bool = True,
    distance: bool = True,
    altitude: bool = True,
    heart_rate: bool = True,
    heart_rate_lag_s: float = 25.0,
    pauses: Iterable[tuple[float, float]] = (),
    laps: LapStyle = "none",
    sport: str = "running",
    sub_sport: str | None = None,
) -> act.Activity:
    """An Activity sampled at 1 Hz following `steps`.

    noise: relative spread of per-second speed (0.05 = 5 %, a typical GPS watch); heart rate gets
    40x that in bpm (2 bpm at 0.05) and altitude 40x in metres, all from a seeded RNG.
    heart rate follows effort (speed, harder uphill) with a first-order lag of heart_rate_lag_s.
    pauses: (at_s, duration_s): after at_s seconds of running the runner stops for duration_s
    while the clock runs on (no samples, a Pause recorded); `plan` stays in running time.
    laps: "steps" writes one lap per step with its intensity (a device workout), "km" auto-laps.
    """
    rng = np.random.default_rng(seed)
    seconds = [round(step.seconds()) for step in steps]
    pace = np.concatenate(
        [
            np.linspace(s.pace_s_per_km, s.end_pace_s_per_km or s.pace_s_per_km, n)
            for s, n in zip(steps, seconds, strict=True)
        ]
    )
    grade = np.concatenate([np.full(n, s.grade) for s, n in zip(steps, seconds, strict=True)])
    true_speed = 1000.0 / pace
    time = np.arange(len(pace), dtype=np.float64)
    covered = np.cumsum(true_speed)
    heights = 100.0 + np.cumsum(true_speed * grade)
    measured = true_speed * (1 + noise * rng.standard_normal(len(time)))
    effort = true_speed * (1 + 5 * grade)  # about what an uphill costs at running speeds
    target = 60.0 + 32.0 * effort  # 6:00/km -> ~150 bpm, 3:50/km -> ~200 bpm at most
    beats = _lagged(target, heart_rate_lag_s) + 40 * noise * rng.standard_normal(len(time))
    columns = {act.TIME: time}
    if distance:
        columns[act.DISTANCE] = np.maximum.accumulate(covered + np.cumsum(measured - true_speed))
    if speed:
        columns[act.SPEED] = np.maximum(measured, 0.0)
    if altitude:
        columns[act.ALTITUDE] = heights + 40 * noise * rng.standard_normal(len(time))
    if heart_rate:
        columns[act.HEART_RATE] = np.round(beats)
    clock, pause_list = time.copy(), list[act.Pause]()
    for at_s, duration_s in sorted(pauses):  # the clock runs on while the runner stands still
        at = float(at_s) + sum(p.duration_s for p in pause_list)
        clock[clock > at] += duration_s
        pause_list.append(act.Pause(_at(at), _at(at + duration_s)))
    columns[act.TIME] = clock
    streams = act.Streams(columns)
    return act.Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=START,
        elapsed_s=float(clock[-1]) if len(clock) else 0.0,
        timer_s=float(len(clock) - 1) if len(clock) else 0.0,
        distance_m=float(covered[-1]) if distance and len(covered) else None,
        streams=streams,
        laps=_laps(steps, seconds, true_speed, clock, laps),
        pauses=pause_list,
        source_format="fit",
        source_name="synthetic.fit",
    )


def _lagged(target: np.ndarray, lag_s: float) -> np.ndarray:
    """First-order response (heart rate catching up with effort), by convolution."""
    if lag_s <= 0 or not len(target):
        return target
    kernel = np.exp(-np.arange(int(6 * lag_s)) / lag_s)
    kernel /= kernel.sum()
    padded = np.r_[np.full(len(kernel) - 1, target[0]), target]
    return np.convolve(padded, kernel, mode="valid")


def _at(seconds: float) -> datetime:
    return START + timedelta(seconds=float(seconds))


def _laps(
    steps: Sequence[Step], seconds: list[int], speed: np.ndarray, clock: np.ndarray, style: LapStyle
) -> list[act.Lap]:
    if style == "none" or not len(speed):
        return []
    covered = np.r_[0.0, np.cumsum(speed)]
    if style == "km":
        marks = np.searchsorted(covered, np.arange(1000.0, covered[-1], 1000.0))
        bounds = np.r_[0, marks, len(speed)]
        triggers = ["distance"] * (len(bounds) - 2) + ["session_end"]
        intensities: list[str | None] = [None] * len(triggers)
    else:
        bounds = np.r_[0, np.cumsum(seconds)]
        triggers = ["manual"] * len(steps)
        intensities = [_LAP_INTENSITY[s.kind] for s in steps]
    found = []
    for index, trigger in enumerate(triggers):
        begin, end = int(bounds[index]), int(bounds[index + 1])
        if end <= begin:
            continue
        metres = float(covered[end] - covered[begin])
        ends_at = clock[end] if end < len(clock) else clock[-1] + 1
        found.append(
            act.Lap(
                start_utc=_at(clock[begin]),
                elapsed_s=float(ends_at - clock[begin]),
                timer_s=float(end - begin),
                distance_m=metres,
                avg_speed_mps=metres / (end - begin),
                intensity=intensities[index],
                trigger=trigger,
            )
        )
    return found
