"""Each kind of run as a structured prescription with its why and its audit criteria.

The planner decides how much (distance, minutes of work); these builders decide the shape:
warm-up, reps and recoveries at Daniels' paces, cool-down, and what the recorded file must show.
Expected load is rTSS (hours · IF² · 100 with IF = speed / threshold speed), the same load
points `everyrun load` uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.run_targets import RunTargets
from everyrun.domain.planning.session import (
    Check,
    Intensity,
    Phase,
    PlannedSession,
    Repeat,
    SessionKind,
    Step,
    StepKind,
    SuccessCriterion,
    Target,
    as_params,
    flat_steps,
)
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import format_distance, format_duration, format_pace

WARMUP_S = 15 * 60.0
COOLDOWN_S = 10 * 60.0
STRIDE_S = 20.0
STRIDE_RECOVERY_S = 60.0
REP_SHARE_IN_BAND = 0.8  # reps judged done when 80 % of them land in the band
EASY_SHARE_BELOW_CEILING = 0.9  # an easy run stays easy with 90 % of its time under the ceiling


@dataclass(frozen=True)
class SessionContext:
    goal: Goal
    targets: RunTargets
    phase: Phase
    week: int

    @property
    def tail(self) -> str:
        if self.phase is Phase.RACE:
            return "race week"
        return f"{self.phase.value} phase, week {self.week}"

    @property
    def goal_phrase(self) -> str:
        goal = self.goal
        if goal.kind is GoalKind.RACE and goal.race_distance_m is not None:
            pace = self.targets.race_pace_mps
            if pace is not None:
                return (
                    f"hold {format_pace(pace)} for {goal.race_distance_m / 1000:.3g} km "
                    f"({goal.label})"
                )
            return f"race the {goal.label}"
        return f"reach your goal ({goal.label})"


def _step(
    targets: RunTargets,
    kind: StepKind,
    intensity: Intensity,
    *,
    seconds: float | None = None,
    metres: float | None = None,
) -> Step:
    speed = targets.speed(intensity)
    if seconds is not None:
        return Step(
            kind,
            intensity,
            targets.target(intensity),
            duration_s=seconds,
            expected_duration_s=seconds,
            expected_distance_m=seconds * speed,
        )
    assert metres is not None
    return Step(
        kind,
        intensity,
        targets.target(intensity),
        distance_m=metres,
        expected_duration_s=metres / speed,
        expected_distance_m=metres,
    )


def expected_load(steps: tuple[Step | Repeat, ...], threshold_mps: float) -> float:
    """rTSS: Σ hours · IF² · 100 over the steps (Coggan's TSS form applied to pace)."""
    total = 0.0
    for step, times in flat_steps(steps):
        speed = (
            step.expected_distance_m / step.expected_duration_s if step.expected_duration_s else 0
        )
        factor = speed / threshold_mps
        total += times * step.expected_duration_s / 3600.0 * factor * factor * 100.0
    return round(total, 1)


def _totals(steps: tuple[Step | Repeat, ...]) -> tuple[float, float]:
    seconds = metres = 0.0
    for step, times in flat_steps(steps):
        seconds += times * step.expected_duration_s
        metres += times * step.expected_distance_m
    return seconds, metres


def _band(target: Target) -> str:
    assert target.slow_mps is not None and target.fast_mps is not None
    return f"{format_pace(target.fast_mps).removesuffix('/km')}–{format_pace(target.slow_mps)}"


def _easy_criterion(targets: RunTargets, what: str = "easy parts") -> SuccessCriterion:
    easy = targets.target(Intensity.EASY)
    if targets.easy_ceiling_bpm is not None:
        return SuccessCriterion(
            Check.EASY_BELOW_HEART_RATE,
            f"{what} below {targets.easy_ceiling_bpm:.0f} bpm "
            f"({targets.easy_ceiling_source}) for at least 90 % of the time",
            as_params(heart_rate_bpm=targets.easy_ceiling_bpm, share=EASY_SHARE_BELOW_CEILING),
        )
    assert easy.fast_mps is not None
    return SuccessCriterion(
        Check.EASY_SLOWER_THAN,
        f"{what} no faster than {format_pace(easy.fast_mps)} (no heart-rate zones known)",
        as_params(fast_mps=easy.fast_mps, share=EASY_SHARE_BELOW_CEILING),
    )


def _session(
    ctx: SessionContext,
    day: date,
    purpose: Purpose,
    title: str,
    why: str,
    steps: tuple[Step | Repeat, ...],
    success: tuple[SuccessCriterion, ...],
    *,
    is_key: bool,
) -> PlannedSession:
    seconds, metres = _totals(steps)
    return PlannedSession(
        id=f"{day.isoformat()}-run",
        day=day,
        kind=SessionKind.RUN,
        purpose=purpose,
        title=title,
        why=why,
        phase=ctx.phase,
        week=ctx.week,
        success=success,
        steps=steps,
        duration_s=round(seconds),
        distance_m=round(metres),
        expected_load=expected_load(steps, ctx.targets.paces.threshold_mps),
        is_key=is_key,
    )


def _strides(targets: RunTargets, count: int) -> Repeat:
    return Repeat(
        count,
        (
            _step(targets, StepKind.WORK, Intensity.REPETITION, seconds=STRIDE_S),
            _step(targets, StepKind.RECOVER, Intensity.WALK, seconds=STRIDE_RECOVERY_S),
        ),
    )


def easy_run(
    ctx: SessionContext, day: date, metres: float, *, strides: int = 0, protects: str = ""
) -> PlannedSession:
    targets = ctx.targets
    easy = targets.target(Intensity.EASY)
    steps: tuple[Step | Repeat, ...] = (
        _step(targets, StepKind.RUN, Intensity.EASY, metres=metres),
    )
    success = [
        _easy_criterion(targets, "the run"),
        SuccessCriterion(
            Check.DISTANCE_AT_LEAST,
            f"at least {metres * 0.9 / 1000:.1f} km",
            as_params(metres=metres * 0.9),
        ),
    ]
    title = f"Easy {metres / 1000:.1f} km"
    if strides:
        steps = (*steps, _strides(targets, strides))
        success.append(
            SuccessCriterion(
                Check.STRIDES_DONE,
                f"{strides} strides of about {STRIDE_S:.0f} s, relaxed and fast",
                as_params(count=strides, seconds=STRIDE_S),
            )
        )
        title += f" + {strides} strides"
    keep = f", easy enough to {protects}" if protects else ""
    strides_why = " Strides keep leg speed without fatigue." if strides else ""
    why = (
        f"Adds {metres / 1000:.1f} km of aerobic base at {_band(easy)}{keep} — {ctx.tail}."
        f"{strides_why}"
    )
    return _session(ctx, day, Purpose.EASY_AEROBIC, title, why, steps, tuple(success), is_key=False)


def recovery_run(ctx: SessionContext, day: date, metres: float, *, after: str) -> PlannedSession:
    targets = ctx.targets
    target = targets.target(Intensity.RECOVERY)
    steps: tuple[Step | Repeat, ...] = (
        _step(targets, StepKind.RUN, Intensity.RECOVERY, metres=metres),
    )
    seconds, _ = _totals(steps)
    assert target.fast_mps is not None
    success = (
        SuccessCriterion(
            Check.EASY_SLOWER_THAN,
            f"no faster than {format_pace(target.fast_mps)} all the way",
            as_params(fast_mps=target.fast_mps, share=EASY_SHARE_BELOW_CEILING),
        ),
        SuccessCriterion(
            Check.DURATION_AT_MOST,
            f"no longer than {format_duration(seconds * 1.15)}",
            as_params(seconds=seconds * 1.15),
        ),
    )
    why = (
        f"Recovery: moves the legs after {after} without adding fatigue, so the next key "
        f"session starts fresh — {ctx.tail}."
    )
    return _session(
        ctx,
        day,
        Purpose.RECOVERY,
        f"Recovery {metres / 1000:.1f} km",
        why,
        steps,
        success,
        is_key=False,
    )


def long_run(
    ctx: SessionContext,
    day: date,
    metres: float,
    *,
    finish: Intensity | None = None,
    finish_m: float = 0.0,
) -> PlannedSession:
    targets = ctx.targets
    easy_m = metres - finish_m if finish else metres
    steps: tuple[Step | Repeat, ...] = (
        _step(targets, StepKind.RUN, Intensity.EASY, metres=easy_m),
    )
    success = [
        SuccessCriterion(
            Check.DISTANCE_AT_LEAST,
            f"at least {metres * 0.95 / 1000:.1f} km",
            as_params(metres=metres * 0.95),
        ),
        _easy_criterion(targets, "the easy part"),
    ]
    title = f"Long run {metres / 1000:.1f} km"
    finish_why = ""
    if finish is not None and finish_m > 0:
        block = _step(targets, StepKind.RUN, finish, metres=finish_m)
        steps = (*steps, block)
        band = block.target
        assert band.slow_mps is not None and band.fast_mps is not None
        name = "race pace" if finish is Intensity.RACE_PACE else "marathon pace"
        title += f", last {finish_m / 1000:.0f} km at {name}"
        success.append(
            SuccessCriterion(
                Check.BLOCK_IN_PACE_BAND,
                f"the last {finish_m / 1000:.0f} km within {_band(band)}",
                as_params(
                    seconds=block.expected_duration_s,
                    metres=finish_m,
                    slow_mps=band.slow_mps,
                    fast_mps=band.fast_mps,
                ),
            )
        )
        finish_why = f", finishing at {name} on tired legs"
    why = (
        f"Builds the endurance to {ctx.goal_phrase}: {metres / 1000:.1f} km mostly easy"
        f"{finish_why} — {ctx.tail}."
    )
    return _session(ctx, day, Purpose.LONG_RUN, title, why, steps, tuple(success), is_key=True)


def _reps(
    ctx: SessionContext,
    intensity: Intensity,
    count: int,
    *,
    rep_m: float | None = None,
    rep_s: float | None = None,
    recover_s: float,
) -> tuple[tuple[Step | Repeat, ...], SuccessCriterion]:
    targets = ctx.targets
    work = _step(targets, StepKind.WORK, intensity, seconds=rep_s, metres=rep_m)
    rest = _step(targets, StepKind.RECOVER, Intensity.RECOVERY, seconds=recover_s)
    steps: tuple[Step | Repeat, ...] = (
        _step(targets, StepKind.WARMUP, Intensity.EASY, seconds=WARMUP_S),
        Repeat(count, (work, rest)),
        _step(targets, StepKind.COOLDOWN, Intensity.EASY, seconds=COOLDOWN_S),
    )
    band = work.target
    assert band.slow_mps is not None and band.fast_mps is not None
    size = format_distance(rep_m) if rep_m else format_duration(rep_s or 0)
    criterion = SuccessCriterion(
        Check.REPS_IN_PACE_BAND,
        f"{count} reps of {size} within {_band(band)}, at least "
        f"{math.ceil(count * REP_SHARE_IN_BAND)} of them in the band",
        as_params(
            reps=count,
            rep_m=rep_m,
            rep_s=work.expected_duration_s,
            slow_mps=band.slow_mps,
            fast_mps=band.fast_mps,
            share=REP_SHARE_IN_BAND,
        ),
    )
    return steps, criterion


def threshold_session(ctx: SessionContext, day: date, work_s: float) -> PlannedSession:
    """Cruise intervals at T pace, 1 min jog per 5 min of work (Daniels)."""
    rep_s = 5 * 60.0 if work_s < 20 * 60 else 8 * 60.0 if work_s < 36 * 60 else 10 * 60.0
    count = max(2, round(work_s / rep_s))
    steps, reps = _reps(ctx, Intensity.THRESHOLD, count, rep_s=rep_s, recover_s=rep_s / 5)
    pace = format_pace(ctx.targets.speed(Intensity.THRESHOLD))
    why = (
        f"Raises your lactate threshold at {pace}, the engine you need to {ctx.goal_phrase}"
        f" — {ctx.tail}."
    )
    return _session(
        ctx,
        day,
        Purpose.TEMPO_THRESHOLD,
        f"Threshold {count} × {rep_s / 60:.0f} min",
        why,
        steps,
        (reps, _easy_criterion(ctx.targets, "warm-up and cool-down")),
        is_key=True,
    )


def vo2max_session(ctx: SessionContext, day: date, work_s: float) -> PlannedSession:
    """I-pace reps of 3–5 minutes with jog recoveries about as long (Daniels)."""
    speed = ctx.targets.speed(Intensity.INTERVAL)
    rep_m = 1000.0 if speed * 200 >= 900 else 800.0
    rep_s = rep_m / speed
    count = max(3, min(8, round(work_s / rep_s)))
    steps, reps = _reps(ctx, Intensity.INTERVAL, count, rep_m=rep_m, recover_s=round(rep_s * 0.8))
    why = f"Raises VO2max, the ceiling above the pace you need to {ctx.goal_phrase} — {ctx.tail}."
    return _session(
        ctx,
        day,
        Purpose.VO2MAX_INTERVALS,
        f"Intervals {count} × {format_distance(rep_m)}",
        why,
        steps,
        (reps, _easy_criterion(ctx.targets, "warm-up and cool-down")),
        is_key=True,
    )


def speed_session(ctx: SessionContext, day: date, work_s: float) -> PlannedSession:
    """R-pace 200s or 400s with equal jogs: economy and speed without much fatigue (Daniels)."""
    speed = ctx.targets.speed(Intensity.REPETITION)
    rep_m = 200.0 if work_s < 6 * 60 else 400.0
    rep_s = rep_m / speed
    count = max(4, min(12, round(work_s / rep_s)))
    steps, reps = _reps(ctx, Intensity.REPETITION, count, rep_m=rep_m, recover_s=round(rep_s))
    why = (
        "Fast, relaxed repetitions with full recoveries: better economy and leg speed, "
        f"so race pace feels easier when you {ctx.goal_phrase} — {ctx.tail}."
    )
    return _session(
        ctx,
        day,
        Purpose.SPEED,
        f"Repetitions {count} × {format_distance(rep_m)}",
        why,
        steps,
        (reps, _easy_criterion(ctx.targets, "warm-up and cool-down")),
        is_key=True,
    )


def race_pace_session(ctx: SessionContext, day: date, work_s: float) -> PlannedSession:
    """Reps at the goal race's pace: the body and the head learn the exact effort."""
    speed = ctx.targets.speed(Intensity.RACE_PACE)
    distance = ctx.goal.race_distance_m or 10000.0
    if distance <= 10000.0:
        rep_m, recover_s = 1000.0, 90.0
    else:
        # The longest block that still gives two reps: short weeks get shorter blocks.
        fitting = [m for m in (5000.0, 3000.0, 2000.0) if work_s / (m / speed) >= 2.0]
        rep_m, recover_s = (fitting[0] if fitting else 1000.0), 120.0
    rep_s = rep_m / speed
    count = max(2, min(8, round(work_s / rep_s)))
    steps, reps = _reps(ctx, Intensity.RACE_PACE, count, rep_m=rep_m, recover_s=recover_s)
    why = (
        f"Rehearses race pace, {format_pace(speed)}, so the effort to {ctx.goal_phrase} is "
        f"familiar — {ctx.tail}."
    )
    return _session(
        ctx,
        day,
        Purpose.RACE_PACE,
        f"Race pace {count} × {format_distance(rep_m)}",
        why,
        steps,
        (reps, _easy_criterion(ctx.targets, "warm-up and cool-down")),
        is_key=True,
    )


def race(ctx: SessionContext, day: date) -> PlannedSession:
    goal = ctx.goal
    assert goal.race_distance_m is not None
    targets = ctx.targets
    warmup = _step(targets, StepKind.WARMUP, Intensity.EASY, seconds=10 * 60.0)
    effort = _step(targets, StepKind.RUN, Intensity.RACE, metres=goal.race_distance_m)
    steps: tuple[Step | Repeat, ...] = (
        (warmup, effort) if goal.race_distance_m < 21000 else (effort,)
    )
    target_s = goal.target_time_s
    aim = (
        f"in {format_duration(target_s)}"
        if target_s is not None
        else f"at about {format_pace(effort.expected_distance_m / effort.expected_duration_s)}"
    )
    success = (
        SuccessCriterion(
            Check.RACE_FINISHED,
            f"finish the {goal.label} {aim}, even or negative splits",
            as_params(metres=goal.race_distance_m, target_s=target_s),
        ),
    )
    why = f"The goal the whole plan builds to: the {goal.label} {aim}."
    return _session(ctx, day, Purpose.RACE, f"Race: {goal.label}", why, steps, success, is_key=True)


def walk_run(ctx: SessionContext, day: date, metres: float, run_minutes: float) -> PlannedSession:
    """Return from injury: run and walk in turns, the running share growing week by week."""
    targets = ctx.targets
    block_s = 5 * 60.0
    run_s = min(block_s, max(60.0, run_minutes * 60))
    run = _step(targets, StepKind.WORK, Intensity.EASY, seconds=run_s)
    if run_s < block_s:
        walk = _step(targets, StepKind.RECOVER, Intensity.WALK, seconds=block_s - run_s)
        block_m = run.expected_distance_m + walk.expected_distance_m
        count = max(1, math.floor(metres / block_m))  # never more than the day's distance
        steps: tuple[Step | Repeat, ...] = (Repeat(count, (run, walk)),)
        title = (
            f"Walk-run {count} × ({run_s / 60:.0f} min run, {(block_s - run_s) / 60:.0f} min walk)"
        )
    else:
        steps = (_step(targets, StepKind.RUN, Intensity.EASY, metres=metres),)
        title = f"Easy {metres / 1000:.1f} km"
    seconds, _ = _totals(steps)
    injury = ctx.goal.injury or "the injury"
    success = (
        _easy_criterion(targets, "the running"),
        SuccessCriterion(
            Check.DURATION_AT_MOST,
            f"no longer than {format_duration(seconds * 1.1)}; stop if pain passes 3/10",
            as_params(seconds=seconds * 1.1),
        ),
    )
    why = (
        f"Reloads {injury} gradually: tissue adapts to running load it meets in small, "
        f"growing doses — {ctx.tail}."
    )
    return _session(ctx, day, Purpose.EASY_AEROBIC, title, why, steps, success, is_key=False)
