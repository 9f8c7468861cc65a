"""The plan's calendar: weeks, their phases, the taper, and how much running each week holds.

Weeks are seven-day blocks from the plan's first day. Phases are sized to the time available
(peak and build shrink first when time is short, base last); volume rises at most 10 % a week
with a lighter week every third or fourth week, and after a lighter week returns to the last full
week. The taper is counted in days before the race and reduces volume, not intensity.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import date, timedelta

from everyrun.domain.planning.goal import Goal, GoalKind, Priority
from everyrun.domain.planning.runner import Experience, Runner
from everyrun.domain.planning.session import Phase
from everyrun.domain.units import HALF_MARATHON_M, MARATHON_M

MAX_WEEKLY_RISE = 0.10  # the "10 % rule": a common coaching limit, not a proven threshold
LIGHTER_WEEK_SHARE = 0.75  # a cutback week keeps 75 % of the last full week
STARTING_FLOOR_KM = 8.0  # below this the plan starts from short easy runs and walk-run
# Taper lengths in days (issue rule; Mujika & Padilla 2003 and Bosquet et al. 2007 find
# 8–14 days effective for most events, longer for the marathon).
TAPER_DAYS = (
    (10_000.0, (7, 10)),
    (HALF_MARATHON_M, (10, 14)),
    (math.inf, (14, 21)),
)
# Bosquet et al. 2007 (meta-analysis): cut volume 41–60 %, keep intensity and frequency.
# Daily volume falls linearly from 75 % to 40 % of normal over the taper (mean ≈ 57 %).
TAPER_START_SHARE = 0.75
TAPER_END_SHARE = 0.40
RECOVERY_SHARE = 0.45  # after the race: short easy runs only
# everyrun's peak weekly km by race and experience (typical published plans: Daniels,
# Pfitzinger): a runner already above it keeps their volume.
PEAK_KM = {
    5000.0: (25.0, 40.0, 60.0),
    10000.0: (30.0, 45.0, 70.0),
    HALF_MARATHON_M: (35.0, 55.0, 80.0),
    MARATHON_M: (45.0, 70.0, 100.0),
}
_EXPERIENCE_INDEX = {Experience.BEGINNER: 0, Experience.INTERMEDIATE: 1, Experience.ADVANCED: 2}


@dataclass(frozen=True)
class WeekFrame:
    number: int
    start: date
    days: tuple[date, ...]  # the week's days inside the plan
    phase: Phase
    is_lighter: bool
    volume_km: float  # a full week's running before taper or recovery scaling


@dataclass(frozen=True)
class Calendar:
    start: date
    end: date
    race_day: date | None
    taper_start: date | None
    taper_days: int
    recovery_days: int
    weeks: tuple[WeekFrame, ...]
    peak_km: float
    notes: tuple[str, ...]

    def phase_on(self, day: date) -> Phase:
        if self.race_day is not None:
            if day == self.race_day:
                return Phase.RACE
            if day > self.race_day:
                return Phase.RECOVERY
            if self.taper_start is not None and day >= self.taper_start:
                return Phase.TAPER
        week = self.weeks[(day - self.start).days // 7]
        return week.phase

    def volume_share(self, day: date) -> float:
        """The share of a normal day's running this day gets (taper and recovery)."""
        if self.race_day is not None and day > self.race_day:
            return RECOVERY_SHARE
        if self.taper_start is None or self.race_day is None or day < self.taper_start:
            return 1.0
        progress = (day - self.taper_start).days / max(1, self.taper_days - 1)
        return TAPER_START_SHARE + (TAPER_END_SHARE - TAPER_START_SHARE) * min(1.0, progress)


def taper_range(distance_m: float) -> tuple[int, int]:
    for longest, days in TAPER_DAYS:
        if distance_m <= longest + 1.0:
            return days
    return TAPER_DAYS[-1][1]


def recovery_days(distance_m: float) -> int:
    # Daniels' Running Formula: one easy day for every 3 km raced.
    return max(3, math.ceil(distance_m / 3000.0))


def peak_km(goal: Goal, runner: Runner) -> float:
    if goal.kind is GoalKind.BASE:
        return goal.target_weekly_km or max(20.0, runner.weekly_km * 1.3)
    if goal.kind is GoalKind.RETURN:
        return goal.target_weekly_km or max(20.0, runner.weekly_km)
    assert goal.race_distance_m is not None
    index = _EXPERIENCE_INDEX[runner.experience]
    distances = sorted(PEAK_KM)
    distance = min(max(goal.race_distance_m, distances[0]), distances[-1])
    for low, high in itertools.pairwise(distances):
        if low <= distance <= high:
            weight = (distance - low) / (high - low)
            value = PEAK_KM[low][index] * (1 - weight) + PEAK_KM[high][index] * weight
            return max(runner.weekly_km, value)
    return max(runner.weekly_km, PEAK_KM[distances[-1]][index])


def _phases_before_taper(count: int, goal: Goal) -> list[Phase]:
    if goal.kind is GoalKind.BASE:
        return [Phase.BASE] * count
    if goal.kind is GoalKind.RETURN:
        back = max(1, math.ceil(count / 2))
        return [Phase.RETURN] * back + [Phase.BASE] * (count - back)
    peak = min(3, count // 4) if count >= 4 else (1 if count >= 2 else 0)
    remaining = count - peak
    build = remaining if remaining <= 2 else int(remaining * 0.5 + 0.5)
    return [Phase.BASE] * (remaining - build) + [Phase.BUILD] * build + [Phase.PEAK] * peak


def _weeks_count(start: date, end: date) -> int:
    return (end - start).days // 7 + 1


def plan_calendar(goal: Goal, runner: Runner, start: date, cap_km: float) -> Calendar:
    """Weeks, phases and full-week volumes from `start` to the goal (and recovery after a race)."""
    notes: list[str] = []
    race_day = goal.race_date if goal.kind is GoalKind.RACE else None
    taper_start: date | None = None
    taper = rest = 0
    if race_day is not None:
        assert goal.race_distance_m is not None
        low, high = taper_range(goal.race_distance_m)
        if goal.priority is Priority.C:
            taper = 2
        elif goal.priority is Priority.B:
            taper = low
        else:
            # A long plan affords the long taper; a short one keeps more weeks of training.
            taper = high if (race_day - start).days >= 12 * 7 else low
        taper = min(taper, (race_day - start).days)
        taper_start = race_day - timedelta(days=taper) if taper else None
        rest = recovery_days(goal.race_distance_m)
        end = race_day + timedelta(days=rest)
    else:
        end = goal.day
    count = _weeks_count(start, end)
    training_end = taper_start or race_day or end + timedelta(days=1)
    before_taper = max(0, (training_end - start).days // 7)
    phases = _phases_before_taper(before_taper, goal)
    target = min(peak_km(goal, runner), cap_km)
    if cap_km < peak_km(goal, runner):
        notes.append(
            f"your available time caps the week at about {cap_km:.0f} km, below the "
            f"{peak_km(goal, runner):.0f} km this goal usually takes"
        )
    cycle = 3 if runner.experience is Experience.BEGINNER else 4
    frames: list[WeekFrame] = []
    last_full = max(runner.weekly_km, 0.0)
    since_lighter = 0
    for index in range(count):
        week_start = start + timedelta(days=7 * index)
        days = tuple(d for d in (week_start + timedelta(days=i) for i in range(7)) if d <= end)
        phase = _week_phase(days, phases, index, race_day, taper_start)
        training = phase in (Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.RETURN)
        lighter = (
            training
            and since_lighter >= cycle - 1
            and index + 1 < before_taper  # never the week before the taper: it follows
        )
        if lighter:
            volume = round(last_full * LIGHTER_WEEK_SHARE, 1)
            since_lighter = 0
        else:
            if training or not frames:
                grown = last_full * (1 + MAX_WEEKLY_RISE)
                volume = max(min(target, grown), min(STARTING_FLOOR_KM, target))
                volume = math.floor(volume * 10) / 10
                if frames and frames[-1].is_lighter:
                    volume = last_full  # back to the last full week, then grow again
            else:
                volume = last_full  # taper, race and recovery scale from the last full week
            since_lighter += 1
            last_full = volume
        frames.append(WeekFrame(index + 1, week_start, days, phase, lighter, volume))
    if runner.weekly_km < STARTING_FLOOR_KM and frames:
        notes.append(
            f"you run {runner.weekly_km:g} km a week now: the plan starts from "
            f"{frames[0].volume_km:g} km of short easy runs"
        )
    return Calendar(
        start, end, race_day, taper_start, taper, rest, tuple(frames), target, tuple(notes)
    )


def _week_phase(
    days: tuple[date, ...],
    phases: list[Phase],
    index: int,
    race_day: date | None,
    taper_start: date | None,
) -> Phase:
    if race_day is not None and race_day in days:
        return Phase.RACE
    if race_day is not None and days[0] > race_day:
        return Phase.RECOVERY
    if taper_start is not None and sum(1 for d in days if d >= taper_start) >= 4:
        return Phase.TAPER  # most of the week tapers
    if index < len(phases):
        return phases[index]
    return phases[-1] if phases else Phase.TAPER  # the days before the taper keep their phase
