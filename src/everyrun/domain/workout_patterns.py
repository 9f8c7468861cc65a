"""Recognising a workout: the steps a watch wrote as laps, the patterns runners name
(intervals, strides, hill repeats...), and a sentence with the numbers.

Helpers of `intervals.detect_intervals`; pure, stdlib + numpy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from everyrun.domain import activity as act

if TYPE_CHECKING:
    from everyrun.domain.intervals import Segment, SegmentKind

Pattern = Literal["intervals", "strides", "hill_repeats", "tempo_block", "progression", "fartlek"]
Plan = list[tuple["SegmentKind", float, float]]  # (kind, start_s, end_s), ordered, contiguous
Coverage = Callable[[float, float], float | None]  # metres run between two moments, if known
FloatArray = npt.NDArray[np.float64]

# A steady rise in pace outranks these names: a progression's fast end looks like a block or
# surges, but not like regular reps, strides or hill repeats.
LOOSE: frozenset[Pattern | None] = frozenset({None, "fartlek", "tempo_block"})
STRIDE_MAX_S = 30.0  # strides are 15-30 s: long enough to reach speed, too short to tire
STRIDES_MIN, STRIDES_MAX = 4, 12  # coaches prescribe 4-12 strides; more is a short-rep session
TEMPO_MIN_S = 600.0  # a threshold block is >= 10 min; shorter sustained work is a rep
REPEATED = 3  # three of a kind is a pattern, two could be chance
SIMILAR_CV = 0.25  # reps within ~25 % of each other are "the same rep" (allows fading, GPS)
HILL_GRADE = 0.03  # 3 %: a hill a runner feels, well above grade noise over a rep
HILL_GAIN_M = 2.0  # even a 10 s hill sprint on 8 % climbs about 4 m
HILL_SHARE = 0.75  # most reps climb: a session on a hill, not a hilly route
HILL_RETURN = 0.5  # ...and the jog after each comes back down at least half of the climb
SPEED_CONTRAST = 1.2  # a rep is >= 20 % faster than the running either side (raw pace, so a
# slow climb that was merely hard does not count: that is a hill, not a surge)
RUNNING_MPS = 2.0  # walk-run transition (~7 km/h): anything slower is a brisk walk, not a surge
SURGE_MAX_GRADE = 0.05  # a "surge" up or down a steeper slope is the hill, not the runner
HEART_RATE_CONTRAST = 1.05  # by heart rate, ~8 bpm over the recovery's average at 150 bpm
STRAY_SHARE = 0.1  # a tempo run may hold a few short stray surges (a GPS jump at the start)
SURGE_MIN_S = 30.0  # a fartlek surge lasts 30 s to a few minutes; shorter are strides or noise
ROUND_DISTANCE_CV = 0.03  # distances this even were run to a mark, even if times match too
JOG_SHARE = 0.6  # fartlek recoveries are jogs (~70-80 % of surge speed), not walks (~50 %)
PROGRESSION_RISE = 0.08  # last third >= 8 % faster (about 25 s/km at 5:30/km): clearly faster
PROGRESSION_DIP = 0.02  # a stretch may slow by 2 % (a hill, a crossing) and still be monotone
PROGRESSION_STEP_SHARE = 0.5  # no single stretch holds half the rise: gradual, not a fast finish


# Laps: a work lap is >= 20 % faster than the laps either side; auto-laps vary less than that.
LAP_CONTRAST = 1.2
MIN_LAP_S = 15.0  # shorter laps are a button pressed twice, not a step of a workout
AUTO_LAP_TOLERANCE = 0.015  # auto-laps are the same distance to within GPS rounding
REP_CONSISTENCY = 0.85  # a lap > 15 % slower than the typical rep is warm-up or cool-down
_INTENSITY_KINDS: dict[str, SegmentKind] = {
    "warmup": "warmup",
    "cooldown": "cooldown",
    "rest": "recovery",
    "resting": "recovery",  # TCX says Active / Resting
    "recovery": "recovery",
    "active": "work",
    "interval": "work",
}


def lap_plan(activity: act.Activity, covered_m: Coverage) -> Plan | None:
    """Segments from laps that are a workout's steps; None when laps carry no structure.

    covered_m(start_s, end_s) gives the distance run between two moments from the samples,
    for laps that do not say their own speed.
    """
    spans = lap_spans(activity)
    if len(spans) < 2:
        return None
    by_intensity = [_INTENSITY_KINDS.get((lap.intensity or "").lower()) for _, _, lap in spans]
    if "work" in by_intensity and {"recovery", "warmup", "cooldown"} & set(by_intensity):
        return _merge_same([kind or "work" for kind in by_intensity], spans)
    steps = [i for i, (start, end, _) in enumerate(spans) if end - start >= MIN_LAP_S]
    speeds = [_lap_speed(*spans[i], covered_m) for i in steps]
    if len(steps) < 3 or None in speeds or _are_auto_laps([spans[i][2] for i in steps]):
        return None
    found = _alternation(np.array(speeds, dtype=np.float64))
    if found is None:
        return None
    (first, last), is_work = (steps[found[0]], steps[found[1]]), found[2]
    kinds: list[SegmentKind] = []
    for index in range(len(spans)):
        if index < first:
            kinds.append("warmup")
        elif index > last:
            kinds.append("cooldown")
        elif index in steps:
            kinds.append("work" if is_work[steps.index(index)] else "recovery")
        else:  # a stray button press takes the kind of the lap before it
            kinds.append(kinds[-1] if kinds else "warmup")
    return _merge_same(kinds, spans)


def _alternation(speeds: FloatArray) -> tuple[int, int, list[bool]] | None:
    """The run of laps that alternates fast and slow: (first, last, is_work) or None.

    The core is the longest stretch of laps each >= 20 % faster (a peak) or slower (a trough)
    than both neighbours, alternating, with reps of a kind; it then extends over laps on the
    same side of the peak/trough midpoint, so a recovery split into two laps does not end it.
    """
    before, after = np.r_[np.nan, speeds[:-1]], np.r_[speeds[1:], np.nan]
    peak = speeds >= LAP_CONTRAST * np.fmax(before, after)
    trough = speeds * LAP_CONTRAST <= np.fmin(before, after)
    labels = "".join("P" if p else "T" if t else "-" for p, t in zip(peak, trough, strict=True))
    cores = [(m.start(), m.end() - 1) for m in re.finditer(r"P(?:TP)+", labels)]
    if not cores:
        return None
    first, last = max(cores, key=lambda core: core[1] - core[0])
    while last - first >= 2:  # an end "rep" much slower than the rest is warm-up / cool-down
        typical = float(np.median(speeds[first : last + 1 : 2]))
        if speeds[first] < REP_CONSISTENCY * typical:
            first += 2
        elif speeds[last] < REP_CONSISTENCY * typical:
            last -= 2
        else:
            break
    if last - first < 2:
        return None
    typical = float(np.median(speeds[first : last + 1 : 2]))
    midpoint = float(np.sqrt(typical * np.median(speeds[first + 1 : last : 2])))
    is_work = [bool(value) for value in peak]
    is_rep = (speeds >= midpoint) & (speeds >= REP_CONSISTENCY * typical)
    for steps in (range(first - 1, -1, -1), range(last + 1, len(speeds))):
        for index in steps:  # more reps beyond the core, across recoveries split into laps
            if speeds[index] >= midpoint and not is_rep[index]:
                break
            is_work[index] = bool(is_rep[index])
            if is_rep[index]:
                first, last = min(first, index), max(last, index)
    return first, last, is_work


def lap_spans(activity: act.Activity) -> list[tuple[float, float, act.Lap]]:
    """Laps as contiguous [start, end) spans in activity seconds, ordered, inside the run."""
    end_of_run = activity.elapsed_s if activity.elapsed_s > 0 else np.inf
    timed = sorted(
        (((lap.start_utc - activity.start_utc).total_seconds(), lap) for lap in activity.laps),
        key=lambda pair: pair[0],
    )
    timed = [
        (max(0.0, s), lap)
        for s, lap in timed
        if -1.0 <= s < end_of_run and np.isfinite(lap.elapsed_s) and lap.elapsed_s >= 0
    ]
    spans = []
    for index, (start, lap) in enumerate(timed):
        end = timed[index + 1][0] if index + 1 < len(timed) else start + lap.elapsed_s
        spans.append((start, min(max(end, start), end_of_run), lap))
    return spans


def _lap_speed(start: float, end: float, lap: act.Lap, covered_m: Coverage) -> float | None:
    if lap.avg_speed_mps is not None and np.isfinite(lap.avg_speed_mps):
        return lap.avg_speed_mps
    seconds = lap.timer_s or lap.elapsed_s
    if lap.distance_m is not None and seconds and seconds > 0:
        return lap.distance_m / seconds
    covered = covered_m(start, end)
    return None if covered is None else covered / max(end - start, 1.0)


def _are_auto_laps(laps: list[act.Lap]) -> bool:
    """Splits every km / mile (or every N minutes) say nothing about the session's structure."""
    body = laps[:-1]  # the last lap is whatever was left when the run ended
    if len(body) < 2:
        return False
    distances = np.array([lap.distance_m or np.nan for lap in body])
    if np.isfinite(distances).all() and np.median(distances) > 0:
        spread = np.abs(distances - np.median(distances))
        if (spread <= AUTO_LAP_TOLERANCE * np.median(distances)).all():
            return True
    durations = np.array([lap.elapsed_s for lap in body])
    return bool((np.abs(durations - np.median(durations)) <= 1.5).all())


def _merge_same(kinds: list[SegmentKind], spans: list[tuple[float, float, act.Lap]]) -> Plan:
    plan: Plan = []
    for kind, (start, end, _) in zip(kinds, spans, strict=True):
        if plan and plan[-1][0] == kind:
            plan[-1] = (kind, plan[-1][1], end)
        else:
            plan.append((kind, start, end))
    return plan


# --- the patterns runners name -----------------------------------------------------------


def is_progression(chunk_speeds: Sequence[float]) -> bool:
    """Pace rising steadily: last third clearly faster than the first, without dips or jumps."""
    if len(chunk_speeds) < 6:
        return False
    speeds = np.asarray(chunk_speeds, dtype=np.float64)
    third = len(speeds) // 3
    first, last = speeds[:third].mean(), speeds[-third:].mean()
    if first <= 0 or last < first * (1 + PROGRESSION_RISE):
        return False
    steps = np.diff(speeds)
    rise = speeds[-1] - speeds[0]
    return bool(
        (steps >= -PROGRESSION_DIP * first).all() and steps.max() <= PROGRESSION_STEP_SHARE * rise
    )


def name_pattern(
    segments: Sequence[Segment], reps: Sequence[Segment]
) -> tuple[Pattern | None, list[Segment]]:
    """The session's pattern and the reps that make it; (None, []) for a steady run."""
    if len(reps) >= REPEATED and _hill_session(segments, reps):
        return "hill_repeats", list(reps)
    clear = [rep for rep in reps if _stands_out(rep, segments)]
    durations = np.array(_durations(clear))
    if STRIDES_MIN <= len(clear) <= STRIDES_MAX and (durations <= STRIDE_MAX_S).all():
        return "strides", clear
    blocks = [rep for rep in clear if rep.duration_s >= TEMPO_MIN_S]
    others = sum(rep.duration_s for rep in clear if rep.duration_s < TEMPO_MIN_S)
    if 1 <= len(blocks) <= 2 and others <= STRAY_SHARE * sum(_durations(blocks)):
        return "tempo_block", blocks
    if len(clear) >= REPEATED and _regular(clear):
        return "intervals", clear
    surges = [rep for rep in clear if SURGE_MIN_S <= rep.duration_s < TEMPO_MIN_S]
    if len(surges) >= REPEATED and _jogged_between(surges, segments):
        return "fartlek", surges
    return None, []


def _stands_out(rep: Segment, segments: Sequence[Segment]) -> bool:
    """Faster than the running either side on level ground (by heart rate without speed).

    A stretch of running between two hikes up a mountain is terrain, not a surge: recoveries
    that climb or descend steeply are no baseline.
    """
    index = next(i for i, s in enumerate(segments) if s is rep)
    around = [segments[i] for i in (index - 1, index + 1) if 0 <= i < len(segments)]
    around = [s for s in around if s.kind != "work"]
    if not around:
        return True  # nothing either side: the whole run was work
    level = [s for s in around if _is_level(s)]
    speeds = [s.avg_speed_mps for s in level if s.avg_speed_mps]
    if rep.avg_speed_mps is not None:
        return (
            bool(speeds)
            and rep.avg_speed_mps >= max(RUNNING_MPS, SPEED_CONTRAST * float(np.mean(speeds)))
            and abs(rep.avg_grade or 0.0) < SURGE_MAX_GRADE
        )
    beats = [s.avg_heart_rate_bpm for s in around if s.avg_heart_rate_bpm]
    if rep.avg_heart_rate_bpm and beats:
        return rep.avg_heart_rate_bpm >= HEART_RATE_CONTRAST * float(np.mean(beats))
    return False


def _is_level(segment: Segment) -> bool:
    """Level ground: a gentle grade, or too little ground covered to climb anything."""
    grade, covered = segment.avg_grade or 0.0, segment.distance_m or 0.0
    return abs(grade) < HILL_GRADE or abs(grade) * covered < HILL_GAIN_M


def _hill_session(segments: Sequence[Segment], reps: Sequence[Segment]) -> bool:
    """Reps that climb, each followed by a recovery that comes back down most of the way."""
    climbed = 0
    for rep in reps:
        rise = (rep.avg_grade or 0.0) * (rep.distance_m or 0.0)
        if (rep.avg_grade or 0.0) < HILL_GRADE or rise < HILL_GAIN_M:
            continue
        index = next(i for i, s in enumerate(segments) if s is rep)
        after = segments[index + 1] if index + 1 < len(segments) else None
        if after is None or after.kind == "cooldown":
            climbed += 1  # the last rep may end the session at the top
            continue
        drop = -(after.avg_grade or 0.0) * (after.distance_m or 0.0)
        climbed += drop >= HILL_RETURN * rise
    return climbed >= HILL_SHARE * len(reps)


def _jogged_between(surges: Sequence[Segment], segments: Sequence[Segment]) -> bool:
    """Fartlek runs between its surges; walking between them is a run-walk, not a fartlek."""
    easy = [s.avg_speed_mps for s in segments if s.kind != "work" and s.avg_speed_mps]
    fast = [s.avg_speed_mps for s in surges if s.avg_speed_mps]
    if not easy or not fast:
        return True  # by heart rate: no pace to tell a jog from a walk
    return float(np.mean(easy)) >= JOG_SHARE * float(np.mean(fast))


def _regular(reps: Sequence[Segment]) -> bool:
    return min(_spread(_durations(reps)), _spread(_distances(reps))) <= SIMILAR_CV


def _durations(segments: Sequence[Segment]) -> list[float]:
    return [s.duration_s for s in segments]


def _distances(segments: Sequence[Segment]) -> list[float]:
    values = [s.distance_m for s in segments]
    return [v for v in values if v is not None] if None not in values else []


def _spread(values: Sequence[float]) -> float:
    """Coefficient of variation; infinite when there is nothing to compare."""
    if len(values) < 2 or np.mean(values) <= 0:
        return float("inf")
    return float(np.std(values) / np.mean(values))


# --- one sentence ---------------------------------------------------------------------------


def describe(pattern: Pattern | None, segments: Sequence[Segment], reps: Sequence[Segment]) -> str:
    """One sentence with the numbers a runner would quote about the session."""
    if not segments:
        return "No structure found."
    total = segments[-1].end_s - segments[0].start_s
    recoveries = [s for s in segments if s.kind == "recovery"]
    if pattern == "progression":
        paces = [_effort(s) for s in segments]
        return f"Progression over {_clock(total)}: thirds at {', '.join(paces)}."
    if pattern in ("intervals", "hill_repeats"):
        hill = ""
        if pattern == "hill_repeats":
            grade = np.mean([r.avg_grade or 0.0 for r in reps])
            gain = np.mean([r.elevation_gain_m or 0.0 for r in reps])
            hill = f" hill repeats at {grade:+.0%} grade, climbing {gain:.0f} m each"
        return f"{_reps(reps)}{hill} with {_recoveries(recoveries)} recoveries"
    if pattern == "strides":
        lead = segments[0]
        where = (
            f"after {_clock(lead.duration_s)} easy"
            if lead.duration_s >= total / 2
            else "in the run"
        )
        return (
            f"{len(reps)} strides of about {_clock(np.mean(_durations(reps)))} "
            f"({_effort_avg(reps)}) {where}"
        )
    if pattern == "tempo_block":
        blocks = " and ".join(f"{_clock(r.duration_s)} at {_effort(r)}" for r in reps)
        noun = "tempo block" if len(reps) == 1 else "tempo blocks"
        covered = sum(r.distance_m or 0.0 for r in reps)
        distance = f" ({_distance(covered)} in all)" if covered > 0 else ""
        return f"{len(reps)} {noun}: {blocks}{distance}, within {_clock(total)}"
    if pattern == "fartlek":
        shortest, longest = min(_durations(reps)), max(_durations(reps))
        return (
            f"Fartlek: {len(reps)} surges of {_clock(shortest)}–{_clock(longest)} "
            f"({_effort_avg(reps)}) over {_clock(total)}"
        )
    if reps:
        hard = sum(_durations(reps))
        lengths = _clock(min(_durations(reps)))
        if len(reps) > 1:
            lengths += f"–{_clock(max(_durations(reps)))}"
        noun = "stretch" if len(reps) == 1 else "stretches"
        return (
            f"No named pattern: {len(reps)} harder {noun} of {lengths} "
            f"({hard / total:.0%} of {_clock(total)})"
        )
    return (
        f"Steady: {_clock(total)} at {_effort(segments[0])}{_covered(segments)}; no work segments"
    )


def _reps(reps: Sequence[Segment]) -> str:
    clock = _clock(float(np.mean(_durations(reps))))
    distances = _distances(reps)
    if _by_distance(reps):
        mean = _distance(float(np.mean(distances)))
        return f"{len(reps)} × {mean} (avg {clock}, {_effort_avg(reps)})"
    extra = f"avg {_distance(float(np.mean(distances)))}, " if distances else ""
    return f"{len(reps)} × {clock} ({extra}{_effort_avg(reps)})"


def _recoveries(recoveries: Sequence[Segment]) -> str:
    if not recoveries:
        return "no"
    if _by_distance(recoveries):
        return _distance(float(np.mean(_distances(recoveries))))
    return _clock(float(np.mean(_durations(recoveries))))


def _by_distance(segments: Sequence[Segment]) -> bool:
    """Runners name reps by distance unless the watch says they were timed."""
    spread = _spread(_distances(segments))
    return spread <= max(_spread(_durations(segments)), ROUND_DISTANCE_CV)


def _covered(segments: Sequence[Segment]) -> str:
    distances = _distances(segments)
    return f", {_distance(sum(distances))}" if distances else ""


def _effort(segment: Segment) -> str:
    if segment.avg_speed_mps:
        return _pace(segment.avg_speed_mps)
    if segment.avg_heart_rate_bpm:
        return f"{segment.avg_heart_rate_bpm:.0f} bpm"
    return "unknown pace"


def _effort_avg(segments: Sequence[Segment]) -> str:
    moving = sum(s.duration_s for s in segments)
    covered = [s.distance_m for s in segments]
    if moving > 0 and None not in covered and sum(c or 0.0 for c in covered) > 0:
        return _pace(sum(c or 0.0 for c in covered) / moving)
    beats = [s.avg_heart_rate_bpm for s in segments if s.avg_heart_rate_bpm]
    return f"{np.mean(beats):.0f} bpm" if beats else "unknown pace"


def _pace(speed_mps: float) -> str:
    return f"{_clock(1000.0 / speed_mps)}/km" if speed_mps > 0 else "standing"


def _clock(seconds: float | np.floating[Any]) -> str:
    whole = round(float(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _distance(metres: float) -> str:
    if metres >= 1000:
        return f"{metres / 1000:.1f} km"
    step = 50 if metres >= 300 else 10  # reps are prescribed in round distances
    return f"{round(metres / step) * step:.0f} m"
