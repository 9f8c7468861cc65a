"""Use cases: set a goal, gather the runner's planning inputs, make a plan and read it back.

The planner (domain.planning.planner) needs every input as a value. Whatever the runner does not
give is looked up: fitness in the dated profile or estimated from analysed runs, volume from the
running recorded in the last four full weeks, heart rates and weight from the profile, the daily
load of the last six weeks from the load model. Each value says where it came from.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from everyrun.domain.analysis.estimates import Estimate
from everyrun.domain.athlete import DatedProfile
from everyrun.domain.errors import EveryrunError, NotFoundError
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan, PlanWeek
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import (
    Availability,
    Equipment,
    Experience,
    Injury,
    Runner,
    Screening,
)
from everyrun.domain.planning.session import PlannedSession
from everyrun.domain.science.vdot import MAX_VDOT, MIN_VDOT, training_paces, vdot_from_race
from everyrun.domain.sport import RUNNING
from everyrun.domain.units import format_distance, format_duration
from everyrun.services.activities import list_activities, local_day
from everyrun.services.analysis import history_estimates
from everyrun.services.athlete import profile_for_day
from everyrun.services.load import LoadStore, load_report
from everyrun.services.ports import PlanStore

HISTORY_WEEKS = 4  # weekly volume: the mean of the last four full (Monday–Sunday) weeks
LOAD_DAYS = 42  # daily load handed to the planner: six weeks, the fitness time constant
VOLUME_MISMATCH = 0.30  # a given weekly volume this far from the history's is worth a note
SHOW_HINT = "`everyrun plan show` lists the plan's weeks and the ID of every session"
CREATE_HINT = "make one with `everyrun plan create`"
VDOT_HINT = "give --vdot or a recent race (--race-result 10k=45:00)"

MEASURED = ("max_heart_rate_bpm", "threshold_heart_rate_bpm", "resting_heart_rate_bpm", "weight_kg")
CHOSEN = ("experience", "availability", "injuries", "screening", "equipment")

PlanBuilder = Callable[[Goal, Runner, date], Plan]


class PlanningInputError(EveryrunError):
    """A planning input that is missing or cannot be planned for; the hint names the flag."""


class PlanningStore(LoadStore, PlanStore, Protocol):
    """Activities, the profile, analyses and logs (the runner's history), and plans."""


@dataclass(frozen=True)
class RunnerOverrides:
    """Planning inputs the runner gives; None means "find it in my history" or the default."""

    vdot: float | None = None
    race_result: tuple[float, float] | None = None  # (distance_m, time_s) of a recent race
    weekly_km: float | None = None
    experience: Experience | None = None
    availability: Availability | None = None
    injuries: tuple[Injury, ...] | None = None
    screening: Screening | None = None
    equipment: Equipment | None = None
    max_heart_rate_bpm: float | None = None
    threshold_heart_rate_bpm: float | None = None
    resting_heart_rate_bpm: float | None = None
    weight_kg: float | None = None
    recent_daily_load: tuple[float, ...] | None = None


@dataclass(frozen=True)
class RunnerResolution:
    runner: Runner
    sources: dict[str, str]  # Runner field -> where its value came from
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeekView:
    plan_id: int
    week: PlanWeek
    sessions: tuple[PlannedSession, ...]


@dataclass(frozen=True)
class Explanation:
    """A session in its context: the week it belongs to and what the plan is for."""

    plan_id: int
    session: PlannedSession
    week: PlanWeek
    goal: Goal
    days_to_goal: int  # from the session's day to the goal's day
    week_sessions: tuple[PlannedSession, ...] = field(default_factory=tuple)

    @property
    def goal_label(self) -> str:
        return self.goal.label


def set_goal(
    store: PlanStore, athlete_id: int, goal: Goal, *, now_utc: datetime, today: date | None = None
) -> Goal:
    """Make `goal` the current goal; a goal whose day is before `today` (the athlete's local
    day; default the day of `now_utc`) is refused."""
    _check_not_past(goal, today or now_utc.date())
    store.save_goal(athlete_id, goal, created_at=now_utc)
    return goal


# --- the runner's inputs ----------------------------------------------------------------------


def runner_inputs(
    store: PlanningStore, athlete_id: int, *, day: date, overrides: RunnerOverrides
) -> RunnerResolution:
    """The Runner for a plan starting on `day`: the given values, the rest from the history."""
    dated = profile_for_day(store, athlete_id, day)
    estimates = history_estimates(store, athlete_id, day)
    sources: dict[str, str] = {}
    notes: list[str] = []
    vdot = _vdot(store, athlete_id, overrides, dated, estimates, sources)
    weekly_km = _weekly_km(store, athlete_id, day, overrides.weekly_km, sources, notes)
    measured = {
        name: _measured(name, getattr(overrides, name), dated, estimates, sources)
        for name in MEASURED
    }
    recent_daily_load = _recent_daily_load(store, athlete_id, day, overrides, sources, notes)
    for name in CHOSEN:
        sources[name] = "default" if getattr(overrides, name) is None else "given"
    injuries = overrides.injuries or ()
    logged = logged_niggles(store, athlete_id, day, injuries)
    if logged:
        injuries = (*injuries, *logged)
        where = ", ".join(
            f"{i.side + ' ' if i.side else ''}{i.area} {i.severity:g}/10" for i in logged
        )
        sources["injuries"] = f"{sources['injuries']} + wellness log: {where}"
        notes.append(f"current niggles from your wellness log shape strength and mobility: {where}")
    default = Runner(vdot=vdot, weekly_km=weekly_km)
    runner = Runner(
        vdot=vdot,
        weekly_km=weekly_km,
        experience=overrides.experience or default.experience,
        availability=overrides.availability or default.availability,
        injuries=injuries,
        screening=overrides.screening or default.screening,
        equipment=overrides.equipment or default.equipment,
        max_heart_rate_bpm=measured["max_heart_rate_bpm"],
        threshold_heart_rate_bpm=measured["threshold_heart_rate_bpm"],
        resting_heart_rate_bpm=measured["resting_heart_rate_bpm"],
        weight_kg=measured["weight_kg"],
        recent_daily_load=recent_daily_load,
    )
    return RunnerResolution(runner, sources, tuple(notes))


NIGGLE_DAYS = 14  # a niggle logged in the last two weeks counts as current
NIGGLE_SEVERITY = 2  # 0–10; 1 is a passing twinge


def logged_niggles(
    store: PlanningStore, athlete_id: int, day: date, given: tuple[Injury, ...]
) -> tuple[Injury, ...]:
    """Niggles from the wellness log of the last two weeks, latest severity, not already given."""
    latest: dict[tuple[str, str | None], Injury] = {}
    entries = store.wellness_between(athlete_id, day - timedelta(days=NIGGLE_DAYS), day)
    for entry in sorted(entries, key=lambda e: e.day):
        for niggle in entry.niggles:
            side = niggle.side if niggle.side in ("left", "right") else None
            latest[(niggle.location, side)] = Injury(
                niggle.location, side, current=True, severity=float(niggle.severity)
            )
    known = {(i.area.lower(), i.side) for i in given}
    return tuple(
        injury
        for key, injury in latest.items()
        if key not in known and (injury.severity or 0) >= NIGGLE_SEVERITY
    )


def _vdot(
    store: PlanningStore,
    athlete_id: int,
    overrides: RunnerOverrides,
    dated: DatedProfile,
    estimates: dict[str, Estimate],
    sources: dict[str, str],
) -> float:
    if overrides.vdot is not None:
        sources["vdot"] = "given"
        return overrides.vdot
    if overrides.race_result is not None:
        distance_m, time_s = overrides.race_result
        vdot = round(vdot_from_race(distance_m, time_s), 1)  # Daniels & Gilbert 1979
        sources["vdot"] = (
            f"race: {format_distance(distance_m)} in {format_duration(time_s)} (Daniels & Gilbert)"
        )
        return vdot
    profile = dated.profile
    if profile.vdot is not None:
        sources["vdot"] = _profile_source("vdot", dated)
        return profile.vdot
    if profile.threshold_speed_mps is not None:
        from_pace = _vdot_for_threshold_speed(profile.threshold_speed_mps)
        if from_pace is not None:
            sources["vdot"] = (
                f"threshold pace in the {_profile_source('threshold_speed_mps', dated)}"
            )
            return from_pace
    if "vdot" in estimates:
        sources["vdot"] = f"estimate from history: {estimates['vdot'].evidence}"
        return estimates["vdot"].value
    hint = VDOT_HINT
    if store.list_activities(athlete_id, limit=1) and not store.analyses(athlete_id):
        hint += ", or run `everyrun analyze --all` to estimate it from your runs"
    raise PlanningInputError("no VDOT: nothing says how fit you are now", hint)


def _vdot_for_threshold_speed(speed_mps: float) -> float | None:
    """The VDOT whose Daniels threshold pace is `speed_mps` (bisection: pace rises with VDOT)."""
    low, high = MIN_VDOT, MAX_VDOT
    if not training_paces(low).threshold_mps <= speed_mps <= training_paces(high).threshold_mps:
        return None
    while high - low > 0.01:
        middle = (low + high) / 2
        if training_paces(middle).threshold_mps < speed_mps:
            low = middle
        else:
            high = middle
    return round((low + high) / 2, 1)


def _profile_source(name: str, dated: DatedProfile) -> str:
    change = dated.sources[name]
    if name in dated.backdated:
        return f"profile, set from {change.effective_from} (the earliest value known)"
    return f"profile from {change.effective_from}"


def _measured(
    name: str,
    given: float | None,
    dated: DatedProfile,
    estimates: dict[str, Estimate],
    sources: dict[str, str],
) -> float | None:
    if given is not None:
        sources[name] = "given"
        return given
    value: float | None = getattr(dated.profile, name)
    if value is not None:
        sources[name] = _profile_source(name, dated)
        return value
    if name in estimates:
        sources[name] = f"estimate from history: {estimates[name].evidence}"
        return estimates[name].value
    sources[name] = "unknown"
    return None


def history_weeks(day: date) -> tuple[date, date]:
    """The first and last day of the last HISTORY_WEEKS full Monday–Sunday weeks before `day`."""
    last = day - timedelta(days=day.weekday() + 1)  # the Sunday before day's week
    return last - timedelta(days=7 * HISTORY_WEEKS - 1), last


def _weekly_km(
    store: PlanningStore,
    athlete_id: int,
    day: date,
    given: float | None,
    sources: dict[str, str],
    notes: list[str],
) -> float:
    first, last = history_weeks(day)
    runs = list_activities(store, athlete_id, since=first, until=last, sports=[RUNNING])
    history: float | None = None
    described = ""
    if runs:
        # Weeks before the first recorded run are not known to be empty: they are not counted.
        earliest_day = local_day(store.list_activities(athlete_id, sports=[RUNNING])[-1])
        weeks = HISTORY_WEEKS - max(0, (earliest_day - first).days // 7)
        history = sum((run.distance_m or 0.0) for run in runs) / 1000.0 / weeks
        described = (
            f"history: mean of {weeks} week{'s' if weeks > 1 else ''} to {last} "
            f"({len(runs)} run{'s' if len(runs) > 1 else ''})"
        )
    if given is not None:
        sources["weekly_km"] = "given"
        if history is not None and history > 0 and abs(given / history - 1) > VOLUME_MISMATCH:
            notes.append(
                f"given weekly volume {given:g} km is {given / history - 1:+.0%} against the "
                f"{history:.1f} km of your {described.removeprefix('history: ')}: "
                "the plan starts from the given value"
            )
        return given
    if history is None:
        raise PlanningInputError(
            f"no weekly volume: no runs recorded in the {HISTORY_WEEKS} weeks {first} to {last}",
            "give --weekly-km (the kilometres you run in a usual week now; 0 after a break)",
        )
    sources["weekly_km"] = described
    return round(history, 1)


def _recent_daily_load(
    store: PlanningStore,
    athlete_id: int,
    day: date,
    overrides: RunnerOverrides,
    sources: dict[str, str],
    notes: list[str],
) -> tuple[float, ...]:
    if overrides.recent_daily_load is not None:
        sources["recent_daily_load"] = "given"
        return overrides.recent_daily_load
    until = day - timedelta(days=1)
    report = load_report(store, athlete_id, until=until)
    window = tuple(row.load for row in report.daily if row.day > until - timedelta(LOAD_DAYS))
    if not any(load > 0 for load in window):  # nothing recent: "steady at weekly_km" is fairer
        sources["recent_daily_load"] = f"none: no load recorded in the {LOAD_DAYS} days to {until}"
        notes.extend(report.notes)
        return ()
    sources["recent_daily_load"] = f"history: daily load of the {len(window)} days to {until}"
    notes.extend(report.notes)
    return tuple(round(load, 2) if math.isfinite(load) else 0.0 for load in window)


# --- plans ------------------------------------------------------------------------------------


def create_plan(
    store: PlanStore,
    athlete_id: int,
    goal: Goal,
    runner: Runner,
    *,
    start: date,
    created_at: datetime,
    today: date | None = None,
    build: PlanBuilder | None = None,
) -> tuple[int, Plan]:
    """Build a plan from `start` to the goal and make it the active one.

    `today` (the athlete's local day; default the day of `created_at`) decides what is past;
    `build` is the planner (default `domain.planning.planner.build_plan`).
    """
    _check_not_past(goal, today or created_at.date())
    if start > goal.day:
        raise PlanningInputError(
            f"a plan starting {start} begins after the goal's day {goal.day}",
            "start the plan on or before the goal's day (--start)",
        )
    if goal.day - start > MAX_PLAN_LENGTH:
        raise PlanningInputError(
            f"a plan from {start} to {goal.day} would be more than two years long",
            f"start on or after {goal.day - MAX_PLAN_LENGTH} (--start)",
        )
    plan = (build or build_plan)(goal, runner, start)
    plan_id = store.save_plan(athlete_id, plan, created_at=created_at)
    return plan_id, plan


# A goal at most two years ahead, a plan at most two years long: a season, or two building to
# a marathon. Beyond that the date is a typo (year 9999) and the plan would be thousands of weeks.
MAX_GOAL_AHEAD = timedelta(days=2 * 366)
MAX_PLAN_LENGTH = timedelta(weeks=104)


def _check_not_past(goal: Goal, today: date) -> None:
    what = "race date" if goal.kind is GoalKind.RACE else "end date"
    if goal.day < today:
        raise PlanningInputError(
            f"the goal's {what} {goal.day} is in the past (today is {today})",
            "give a date from today on (--date)",
        )
    if goal.day > today + MAX_GOAL_AHEAD:
        raise PlanningInputError(
            f"the goal's {what} {goal.day} is more than two years away",
            f"give a date up to {today + MAX_GOAL_AHEAD} (--date); plan the nearer goal first",
        )


def active_plan(store: PlanStore, athlete_id: int) -> tuple[int, Plan]:
    found = store.active_plan(athlete_id)
    if found is None:
        raise NotFoundError("no plan yet", CREATE_HINT)
    return found


def plan_week(store: PlanStore, athlete_id: int, number: int) -> WeekView:
    plan_id, plan = active_plan(store, athlete_id)
    if not 1 <= number <= len(plan.weeks):
        raise NotFoundError(
            f"the plan has no week {number}", f"its weeks are 1 to {len(plan.weeks)}"
        )
    return WeekView(plan_id, plan.week(number), plan.sessions_in_week(number))


def sessions_on(store: PlanStore, athlete_id: int, day: date) -> tuple[PlannedSession, ...]:
    """The active plan's sessions of `day` (none on a day outside the plan)."""
    sessions = store.planned_sessions_between(athlete_id, day, day)
    if not sessions:
        active_plan(store, athlete_id)  # no plan at all: say how to make one
    return tuple(sessions)


def explain(store: PlanStore, athlete_id: int, session_id: str) -> Explanation:
    plan_id, plan = active_plan(store, athlete_id)
    session = plan.session(session_id)
    if session is None:
        raise NotFoundError(f"the active plan has no session {session_id!r}", SHOW_HINT)
    return Explanation(
        plan_id=plan_id,
        session=session,
        week=plan.week(session.week),
        goal=plan.goal,
        days_to_goal=(plan.goal.day - session.day).days,
        week_sessions=plan.sessions_in_week(session.week),
    )
