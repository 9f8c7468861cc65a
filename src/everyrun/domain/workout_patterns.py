"""The patterns runners name (intervals, strides, hill repeats...) and a sentence with numbers.

Reads the segments `intervals.detect_intervals` found; pure, stdlib + numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    from everyrun.domain.intervals import Segment

Pattern = Literal["intervals", "strides", "hill_repeats", "tempo_block", "progression", "fartlek"]

# A steady rise in pace outranks these: a progression's fast end can look like a block or surges.
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
JOG_SHARE = 0.6  # fartlek recoveries are jogs (~70-80 % of surge speed), not walks (~50 %)
PROGRESSION_RISE = 0.08  # last third >= 8 % faster (about 25 s/km at 5:30/km): clearly faster
PROGRESSION_DIP = 0.02  # a stretch may slow by 2 % (a hill, a crossing) and still be monotone
PROGRESSION_STEP_SHARE = 0.5  # no single stretch holds half the rise: gradual, not a fast finish


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
        reps_text = _reps(reps)
        if pattern == "hill_repeats":
            grade = np.mean([r.avg_grade or 0.0 for r in reps])
            gain = np.mean([r.elevation_gain_m or 0.0 for r in reps])
            reps_text += f" hill repeats at {grade:+.0%} grade, climbing {gain:.0f} m each,"
        return f"{reps_text} with {_recoveries(reps, recoveries)} recoveries".replace(
            ", with", " with"
        )
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
    distances = _distances(reps)
    if distances and _spread(distances) <= _spread(_durations(reps)):
        return (
            f"{len(reps)} × {_distance(float(np.mean(distances)))} "
            f"(avg {_clock(np.mean(_durations(reps)))}, {_effort_avg(reps)})"
        )
    extra = f"avg {_distance(float(np.mean(distances)))}, " if distances else ""
    return f"{len(reps)} × {_clock(np.mean(_durations(reps)))} ({extra}{_effort_avg(reps)})"


def _recoveries(reps: Sequence[Segment], recoveries: Sequence[Segment]) -> str:
    if not recoveries:
        return "no"
    distances = _distances(recoveries)
    if distances and _spread(_distances(reps)) <= _spread(_durations(reps)):
        return _distance(float(np.mean(distances)))
    return _clock(float(np.mean(_durations(recoveries))))


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
