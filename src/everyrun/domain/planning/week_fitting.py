"""How a week's runs are fitted: which day plays which role, then the work budget and
strides tuned until 75–85 % of the running is easy and the week holds its volume."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from everyrun.domain.planning.goal import Goal
from everyrun.domain.planning.periodization import (
    Calendar,
    WeekFrame,
)
from everyrun.domain.planning.plan_rules import training_km
from everyrun.domain.planning.run_sessions import SessionContext
from everyrun.domain.planning.run_targets import RunTargets
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.planning.week_layout import Layout
from everyrun.domain.planning.week_runs import (
    DayPlan,
    WeekRuns,
    build_week_runs,
)
from everyrun.domain.purpose import Purpose

EASY_SHARE_RANGE = (0.75, 0.85)
TRAINING = (Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.TAPER)


def day_plans(
    goal: Goal,
    calendar: Calendar,
    frame: WeekFrame,
    layout: Layout,
    menu: Sequence[Purpose],
    runner: Runner,
    hard_before: bool,
) -> list[DayPlan]:
    days = frame.days
    keys = sorted(layout.key_days)
    hard = set(layout.hard_days)
    plans: list[DayPlan] = []
    for offset in layout.run_days:
        day = days[offset]
        phase = calendar.phase_on(day)
        share = calendar.volume_share(day)
        minutes = runner.availability.minutes_on(day.weekday())
        if offset == layout.race_day:
            plans.append(DayPlan(day, phase, share, "race", minutes))
        elif offset == layout.long_day:
            plans.append(DayPlan(day, phase, share, "long", minutes))
        elif offset in keys:
            purpose = menu[keys.index(offset)]
            plans.append(DayPlan(day, phase, share, "key", minutes, key_purpose=purpose))
        elif (offset - 1 in hard) or (offset == 0 and hard_before):
            before = day - timedelta(days=1)
            what = (
                "the race"
                if offset - 1 == layout.race_day
                else f"{before:%A}'s long run"
                if offset - 1 == layout.long_day
                else f"{before:%A}'s hard session"
            )
            plans.append(DayPlan(day, phase, share, "recovery", minutes, after=what))
        else:
            later = [h for h in sorted(hard) if h > offset]
            protects = ""
            if later:
                nxt = later[0]
                what = (
                    "race"
                    if nxt == layout.race_day
                    else "long run"
                    if nxt == layout.long_day
                    else menu[keys.index(nxt)].label + " session"
                )
                protects = f"keep {days[nxt]:%A}'s {what} fresh"
            plans.append(DayPlan(day, phase, share, "easy", minutes, protects=protects))
    return plans


def _hard_share(sessions: Sequence[PlannedSession]) -> float | None:
    easy = hard = 0.0
    for session in sessions:
        if session.kind is SessionKind.RUN and session.purpose is not Purpose.RACE:
            e, h = session.running_seconds()
            easy, hard = easy + e, hard + h
    return hard / (easy + hard) if easy + hard > 0 else None


def fit_week_runs(
    goal: Goal,
    runner: Runner,
    calendar: Calendar,
    frame: WeekFrame,
    targets: RunTargets,
    plans: list[DayPlan],
    reasons: dict[str, str],
) -> WeekRuns:
    """The week's runs, with the work budget tuned until 75–85 % of the running is easy."""
    training = [p for p in plans if p.role != "race"]
    if not training and not plans:
        return WeekRuns()
    mean_share = sum(p.share for p in training) / len(training) if training else 1.0
    week_km = frame.volume_km * mean_share
    ctx = SessionContext(goal, targets, frame.phase, frame.number)
    strides = 0
    if frame.phase in (Phase.BASE, Phase.BUILD, Phase.PEAK):
        strides = 2 if len(training) >= 4 else 1
    elif frame.phase is Phase.TAPER:
        strides = 1
    best: tuple[float, WeekRuns] | None = None
    key_days = [p for p in plans if p.role == "key"]
    # Too small a week for its key sessions: the least important goes first (menu order).
    for kept in range(len(key_days), -1, -1):
        demoted = key_days[kept:]
        trial = [
            DayPlan(p.day, p.phase, p.share, "easy", p.minutes) if p in demoted else p
            for p in plans
        ]
        miss, runs = _tuned(goal, ctx, frame, trial, week_km, strides)
        for p in demoted:
            assert p.key_purpose is not None
            runs.dropped.append(
                (
                    f"the {p.key_purpose.label} session in week {frame.number}",
                    "the week is too small to hold it and stay 75–85 % easy: less stimulus "
                    "until the volume grows",
                )
            )
        if best is None or miss < best[0]:
            best = (miss, runs)
        if miss == 0.0:
            break
    assert best is not None
    share = _hard_share(best[1].sessions)
    if best[0] > 0 and share is not None and share < 1.0 - EASY_SHARE_RANGE[1]:
        reasons.setdefault(
            "easy_share",
            "some weeks' key sessions are already at Daniels' per-session limits (threshold "
            "≤ 10 % of the week's distance, intervals ≤ 8 %, repetitions ≤ 5 %) or at your "
            "minutes per day; more fast running would pass them",
        )
    return best[1]


def _tuned(
    goal: Goal,
    ctx: SessionContext,
    frame: WeekFrame,
    plans: list[DayPlan],
    week_km: float,
    strides: int,
) -> tuple[float, WeekRuns]:
    """The work budget and strides count that bring the week's easy share into 75–85 %."""
    low, high = EASY_SHARE_RANGE
    best: tuple[float, WeekRuns] | None = None
    easy_days = sum(1 for p in plans if p.role == "easy")
    # Strides are the fine adjustment: two minutes of fast running each set of six.
    for count in dict.fromkeys((strides, *range(easy_days + 1))):
        scale = 1.0
        for _ in range(4):
            runs = build_week_runs(goal, ctx, plans, week_km, hard_scale=scale, strides_on=count)
            share = _hard_share(runs.sessions)
            if share is None or frame.phase not in TRAINING:
                return 0.0, runs
            easy = 1.0 - share
            over = max(0.0, training_km(runs.sessions) - week_km - 0.05)
            miss = max(0.0, low - easy, easy - high) + over
            if best is None or miss < best[0]:
                best = (miss, runs)
            if miss == 0.0:
                return best
            scale *= (1.0 - (low + high) / 2.0) / max(share, 0.01)
    assert best is not None
    return best
