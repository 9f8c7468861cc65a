"""One week's runs: the long run, the phase's key sessions, easy and recovery running.

Sizes come from the week's volume and a budget of non-easy running time (15–25 % of the week,
so 75–85 % stays easy); each kind of work is capped by Daniels' limits as a share of the week.
When the week cannot hold everything, filler goes first: easy runs too short to matter are
dropped and reported, never key sessions before easy ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.run_sessions import (
    COOLDOWN_S,
    WARMUP_S,
    SessionContext,
    easy_run,
    long_run,
    race,
    race_pace_session,
    recovery_run,
    speed_session,
    threshold_session,
    vo2max_session,
    walk_run,
)
from everyrun.domain.planning.session import Intensity, Phase, PlannedSession, Step
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import HALF_MARATHON_M

MAX_LONG_RUN_S = 3 * 3600.0  # the long run never passes 3 h: more adds injury risk, little else
LONG_RUN_SHARE = 0.30  # and at most 30 % of the week's running
MIN_EASY_KM = 3.0  # an easy run shorter than this is filler: drop it, rest instead
STRIDES = 6
# Share of running time that is not easy, by phase (75–85 % easy: Seiler 2010; Stöggl & Sperlich
# 2015 on polarised distributions); aim inside the band, adjusted after building the week.
HARD_SHARE = {Phase.BASE: 0.17, Phase.BUILD: 0.20, Phase.PEAK: 0.20, Phase.TAPER: 0.20}
# Daniels' Running Formula limits per session, as shares of weekly distance:
# T ≤ 10 %, I ≤ 8 % (and 10 km), R ≤ 5 % (and 8 km), M ≤ 20 %.
WORK_CAP_SHARE = {
    Purpose.TEMPO_THRESHOLD: 0.10,
    Purpose.VO2MAX_INTERVALS: 0.08,
    Purpose.SPEED: 0.05,
    Purpose.RACE_PACE: 0.20,
}
WORK_CAP_M = {Purpose.VO2MAX_INTERVALS: 10_000.0, Purpose.SPEED: 8_000.0}
# Longest useful long run by race: beyond these the long run adds fatigue, not fitness.
LONG_RUN_CAP_M = ((5000.0, 16_000.0), (10000.0, 20_000.0), (HALF_MARATHON_M, 24_000.0))
MARATHON_LONG_RUN_CAP_M = 35_000.0
_INTENSITY = {
    Purpose.TEMPO_THRESHOLD: Intensity.THRESHOLD,
    Purpose.VO2MAX_INTERVALS: Intensity.INTERVAL,
    Purpose.SPEED: Intensity.REPETITION,
    Purpose.RACE_PACE: Intensity.RACE_PACE,
}
_BUILDERS = {
    Purpose.TEMPO_THRESHOLD: threshold_session,
    Purpose.VO2MAX_INTERVALS: vo2max_session,
    Purpose.SPEED: speed_session,
    Purpose.RACE_PACE: race_pace_session,
}


def quality_menu(phase: Phase, goal: Goal) -> tuple[Purpose, ...]:
    """The phase's key sessions, most important for the goal first."""
    short_race = goal.kind is GoalKind.RACE and (goal.race_distance_m or 0) <= 10_000.0
    if goal.kind is not GoalKind.RACE:
        return {Phase.BASE: (Purpose.TEMPO_THRESHOLD, Purpose.SPEED)}.get(phase, ())
    return {
        Phase.BASE: (Purpose.TEMPO_THRESHOLD, Purpose.SPEED),
        Phase.BUILD: (
            (Purpose.VO2MAX_INTERVALS, Purpose.TEMPO_THRESHOLD)
            if short_race
            else (Purpose.TEMPO_THRESHOLD, Purpose.VO2MAX_INTERVALS)
        ),
        Phase.PEAK: (Purpose.RACE_PACE, Purpose.TEMPO_THRESHOLD),
        Phase.TAPER: (Purpose.RACE_PACE,),
        Phase.RACE: (Purpose.RACE_PACE,),
    }.get(phase, ())


def long_run_cap_m(goal: Goal) -> float:
    if goal.kind is GoalKind.RACE and goal.race_distance_m is not None:
        for distance, cap in LONG_RUN_CAP_M:
            if goal.race_distance_m <= distance + 1:
                return cap
        return MARATHON_LONG_RUN_CAP_M
    return 24_000.0


def long_run_share(runs: int) -> float:
    """30 % with four or more runs; fewer runs cannot keep the long run that small."""
    return {1: 1.0, 2: 0.55, 3: 0.40}.get(runs, LONG_RUN_SHARE)


@dataclass
class WeekRuns:
    sessions: list[PlannedSession] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (what was left out, its cost)
    capped_km: float = 0.0  # running the week's days and minutes could not hold


@dataclass(frozen=True)
class DayPlan:
    """A day the week runs on, as the layout chose it."""

    day: date
    phase: Phase
    share: float  # volume share (taper, recovery)
    role: str  # "long", "key", "race", "recovery", "easy"
    minutes: float | None  # the athlete's time that day
    key_purpose: Purpose | None = None
    after: str = ""  # what the day follows, for a recovery run's why
    protects: str = ""  # the next key session, for an easy run's why


def build_week_runs(
    goal: Goal,
    ctx: SessionContext,
    days: list[DayPlan],
    week_km: float,
    *,
    hard_scale: float = 1.0,
    strides_on: int = 0,
) -> WeekRuns:
    """The week's runs, hitting `week_km` of training running (the race is not counted)."""
    out = WeekRuns()
    targets = ctx.targets
    easy_speed = targets.speed(Intensity.EASY)
    running = [d for d in days if d.role != "race"]
    runs = len(running)
    week_m = week_km * 1000.0
    # Work budget, seconds of non-easy running.
    week_s = week_m / easy_speed
    budget_s = HARD_SHARE.get(ctx.phase, 0.18) * week_s * hard_scale
    keys = [d for d in days if d.role == "key"]
    long_day = next((d for d in days if d.role == "long"), None)
    used_m = 0.0
    # Long run first: the week's backbone.
    long_m = 0.0
    if long_day is not None:
        cap_s = min(MAX_LONG_RUN_S, (long_day.minutes or 1e9) * 60.0)
        long_m = min(
            long_run_share(runs) * week_m * long_day.share / _mean_share(running),
            cap_s * easy_speed,
            long_run_cap_m(goal),
        )
        long_m = _round_m(max(long_m, 1000.0))
    finish = _long_finish(goal, ctx.phase)
    weights: tuple[float, ...] = (0.6, 0.4) if len(keys) >= 2 else (1.0,)
    if finish is not None and long_m:
        weights = tuple(w * 0.75 for w in weights)
    spare_s = 0.0  # budget a capped session could not hold passes to the next
    for index, key in enumerate(keys):
        assert key.key_purpose is not None
        purpose = key.key_purpose
        wanted_s = budget_s * weights[min(index, len(weights) - 1)] * key.share + spare_s
        speed = targets.speed(_INTENSITY[purpose])
        cap_m = min(WORK_CAP_SHARE[purpose] * week_m, WORK_CAP_M.get(purpose, 1e9))
        work_s = min(wanted_s, cap_m / speed)
        if key.minutes is not None:
            room_s = (key.minutes * 60.0 - WARMUP_S - COOLDOWN_S) / 1.25
            work_s = min(work_s, max(5 * 60.0, room_s))
        spare_s = max(0.0, wanted_s - work_s)
        session = _BUILDERS[purpose](_on(ctx, key), key.day, work_s)
        out.sessions.append(session)
        used_m += session.distance_m
    if long_day is not None:
        finish_m = 0.0
        if finish is not None:
            finish_s = budget_s * (1.0 - sum(weights[: len(keys)])) + spare_s
            finish_m = min(0.2 * long_m, finish_s * targets.speed(finish))
            finish_m = float(round(finish_m / 1000.0)) * 1000.0
        session = long_run(
            _on(ctx, long_day),
            long_day.day,
            long_m,
            finish=finish if finish_m >= 2000 else None,
            finish_m=finish_m if finish_m >= 2000 else 0.0,
        )
        out.sessions.append(session)
        used_m += session.distance_m
    easy_days = [d for d in days if d.role in ("easy", "recovery")]
    if used_m > week_m and long_day is not None:
        # Key sessions and the long run overfill the week: the long run gives way.
        index = next(i for i, s in enumerate(out.sessions) if s.purpose is Purpose.LONG_RUN)
        session = out.sessions[index]
        shorter = max(1000.0, math.floor((session.distance_m - (used_m - week_m)) / 100.0) * 100)
        out.sessions[index] = long_run(ctx, session.day, shorter)
        used_m += out.sessions[index].distance_m - session.distance_m
    remaining = max(0.0, week_m - used_m)
    if not easy_days and remaining >= 1000.0:
        out.capped_km += remaining / 1000.0
    _easy_runs(ctx, easy_days, remaining, out, strides_on, longest_m=long_m or None)
    _keep_long_run_in_share(ctx, out, runs, long_run_finish=finish)
    for d in days:
        if d.role == "race":
            out.sessions.append(race(_on(ctx, d), d.day))
    out.sessions.sort(key=lambda s: s.day)
    return out


RECOVERY_WEIGHT = 0.6  # a recovery run gets 60 % of an easy run's distance …
MAX_RECOVERY_S = 45 * 60.0  # … and never more than 45 minutes
MAX_EASY_S = 90 * 60.0  # longer easy running belongs in the long run (or a second run a day)


def _easy_runs(
    ctx: SessionContext,
    easy_days: list[DayPlan],
    remaining_m: float,
    out: WeekRuns,
    strides_on: int,
    *,
    longest_m: float | None,
) -> None:
    easy_speed = ctx.targets.speed(Intensity.EASY)

    def weight(d: DayPlan) -> float:
        return d.share * (RECOVERY_WEIGHT if d.role == "recovery" else 1.0)

    chosen = list(easy_days)
    # Drop filler: easy runs too short to count — but never the week's last run, and never in a
    # return from injury, where short runs are the point.
    others = len(out.sessions)
    while (
        len(chosen) + others > 1
        and chosen
        and chosen[0].phase is not Phase.RETURN
        and remaining_m * weight(min(chosen, key=weight)) / sum(weight(d) for d in chosen)
        < MIN_EASY_KM * 1000.0
    ):
        dropped = min(chosen, key=lambda d: (weight(d), d.day))
        chosen.remove(dropped)
        out.dropped.append(
            (
                f"an easy run too short to count (under {MIN_EASY_KM:g} km) in week {ctx.week}",
                "none that matters: the day is rest and its distance goes to the other runs",
            )
        )
    total = sum(weight(d) for d in chosen)
    strides_left = strides_on
    for d in chosen:
        metres = math.floor(remaining_m * weight(d) / total / 100.0) * 100.0  # never over
        limit_s = min((d.minutes or 1e9) * 60.0, MAX_EASY_S)
        if longest_m is not None:
            limit_s = min(limit_s, 0.9 * longest_m / easy_speed)  # never rivals the long run
        if d.role == "recovery":
            limit_s = min(limit_s, MAX_RECOVERY_S)
        if metres > limit_s * easy_speed:
            capped = _round_m(limit_s * easy_speed)
            out.capped_km += (metres - capped) / 1000.0
            metres = capped
        if d.phase is Phase.RETURN:
            out.sessions.append(
                walk_run(_on(ctx, d), d.day, metres, run_minutes=max(1.0, float(ctx.week)))
            )
        elif d.role == "recovery":
            out.sessions.append(recovery_run(_on(ctx, d), d.day, metres, after=d.after))
        else:
            strides = STRIDES if strides_left > 0 else 0
            strides_left -= 1 if strides else 0
            session = easy_run(_on(ctx, d), d.day, metres, strides=strides, protects=d.protects)
            extra = session.distance_m - metres  # the strides and their walk-backs
            if extra > 0:
                session = easy_run(
                    _on(ctx, d),
                    d.day,
                    _round_m(metres - extra),
                    strides=strides,
                    protects=d.protects,
                )
            out.sessions.append(session)


def _keep_long_run_in_share(
    ctx: SessionContext, out: WeekRuns, runs: int, *, long_run_finish: Intensity | None
) -> None:
    """Easy runs dropped or capped leave the long run too big a share: shorten it to fit."""
    share = long_run_share(runs)
    for index, session in enumerate(out.sessions):
        if session.purpose is not Purpose.LONG_RUN:
            continue
        others = sum(s.distance_m for s in out.sessions if s is not session)
        allowed = share / (1.0 - share) * others if share < 1.0 else session.distance_m
        if session.distance_m <= allowed + 50.0:
            return
        metres = math.floor(allowed / 100.0) * 100.0
        finish_m = 0.0
        for step in session.steps:
            if isinstance(step, Step) and step.intensity is not Intensity.EASY:
                finish_m = step.expected_distance_m
        finish_m = min(finish_m, 0.2 * metres)
        out.sessions[index] = long_run(
            replace(ctx, phase=session.phase),
            session.day,
            max(metres, 1000.0),
            finish=long_run_finish if finish_m >= 2000 else None,
            finish_m=finish_m if finish_m >= 2000 else 0.0,
        )
        return


def _long_finish(goal: Goal, phase: Phase) -> Intensity | None:
    """Long runs finish steady (marathon pace); half and marathon runners rehearse race pace
    there in the peak phase."""
    long_race = goal.kind is GoalKind.RACE and (goal.race_distance_m or 0) >= HALF_MARATHON_M - 1
    if phase is Phase.PEAK and long_race:
        return Intensity.RACE_PACE
    if phase in (Phase.BASE, Phase.BUILD, Phase.PEAK):
        return Intensity.MARATHON
    return None


def _mean_share(days: list[DayPlan]) -> float:
    return sum(d.share for d in days) / len(days) if days else 1.0


def _on(ctx: SessionContext, day: DayPlan) -> SessionContext:
    """The context for one day: a week that enters the taper mid-way tapers from that day."""
    return ctx if day.phase is ctx.phase else replace(ctx, phase=day.phase)


def _round_m(metres: float) -> float:
    """Down to 100 m: rounding never carries a week past its volume."""
    return math.floor(metres / 100.0 + 1e-9) * 100.0
