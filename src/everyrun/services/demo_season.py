"""The demo's whole loop on sample data: an athlete, a goal, a plan that started weeks ago,
sample recordings and logs placed into its last full week (some on purpose, some junk), then
the analysis. The review of that week is the demo's last word.

The recordings are real files from the package (MIT), moved to the days they stand for; the
caller reads them, this module only decides where each goes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from everyrun.domain.activity import Activity
from everyrun.domain.manual_sessions import Drill
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.runner import (
    Availability,
    Equipment,
    Experience,
    Injury,
    Runner,
    Screening,
)
from everyrun.domain.planning.session import PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import HALF_MARATHON_M
from everyrun.domain.wellness import new_niggle
from everyrun.services import analysis, athlete, logs, planning
from everyrun.services.ports import NewActivity
from everyrun.services.review import ReviewStore

PLAN_WEEKS_AGO = 3  # the plan started three weeks before the reviewed week ended
RACE_WEEKS_AHEAD = 9
DEMO_PROFILE = {
    "sex": "male",
    "max_heart_rate_bpm": 190,
    "resting_heart_rate_bpm": 50,
    "threshold_heart_rate_bpm": 168,
    "vdot": 45,
}
DEMO_PROFILE_FROM = date(2010, 1, 1)
DEMO_RUNNER = Runner(
    vdot=45.0,
    weekly_km=32.0,
    experience=Experience.INTERMEDIATE,
    availability=Availability(days_per_week=5, long_run_day=6),
    injuries=(Injury("achilles", "left"),),
    screening=Screening(calf_raises_left=14, calf_raises_right=22, knee_to_wall_left_cm=7.5),
    equipment=Equipment.BANDS,
    max_heart_rate_bpm=190,
    threshold_heart_rate_bpm=168,
    resting_heart_rate_bpm=50,
    weight_kg=70,
)


@dataclass(frozen=True)
class Placed:
    day: date
    sample: str  # the file it came from
    stands_for: str  # what the demo uses it as: "the planned long run", "an unplanned run"


@dataclass(frozen=True)
class DemoSeason:
    plan_id: int
    plan: Plan
    week: str  # the reviewed ISO week, "2026-W47"
    placed: tuple[Placed, ...]
    analysed: int


def last_full_week(today: date) -> tuple[date, date]:
    """Monday and Sunday of the last ISO week that has ended."""
    monday = today - timedelta(days=today.weekday()) - timedelta(days=7)
    return monday, monday + timedelta(days=6)


def run_demo_season(
    store: ReviewStore,
    athlete_id: int,
    samples: Mapping[str, Activity],
    *,
    today: date,
    zone: ZoneInfo,
    now_utc: datetime,
) -> DemoSeason:
    """Set up the sample season in an empty store and analyse it."""
    athlete.set_profile(
        store, athlete_id, DEMO_PROFILE, effective_from=DEMO_PROFILE_FROM, now_utc=now_utc
    )
    monday, sunday = last_full_week(today)
    start = monday - timedelta(days=7 * PLAN_WEEKS_AGO)
    race_day = sunday + timedelta(days=7 * RACE_WEEKS_AHEAD)
    goal = Goal(
        GoalKind.RACE,
        race_distance_m=HALF_MARATHON_M,
        race_date=race_day,
        target_time_s=1 * 3600 + 38 * 60,
        race_name="Sample city half",
    )
    planning.set_goal(store, athlete_id, goal, now_utc=now_utc, today=today)
    plan_id, plan = planning.create_plan(
        store, athlete_id, goal, DEMO_RUNNER, start=start, created_at=now_utc, today=today
    )
    week = [s for s in plan.sessions if monday <= s.day <= sunday]
    placed = _place_recordings(store, athlete_id, samples, week, monday, zone, now_utc)
    _log_the_rest(store, athlete_id, week, monday, today, now_utc)
    done = analysis.analyze(store, athlete_id, now_utc=now_utc)
    year, number, _ = monday.isocalendar()
    return DemoSeason(plan_id, plan, f"{year}-W{number:02d}", tuple(placed), done.analysed)


def _run_days(week: list[PlannedSession], purpose: Purpose | None = None) -> list[date]:
    return [
        s.day
        for s in week
        if s.kind is SessionKind.RUN and (purpose is None or s.purpose is purpose)
    ]


def _place_recordings(
    store: ReviewStore,
    athlete_id: int,
    samples: Mapping[str, Activity],
    week: list[PlannedSession],
    monday: date,
    zone: ZoneInfo,
    now_utc: datetime,
) -> list[Placed]:
    runs = _run_days(week)
    long_days = _run_days(week, Purpose.LONG_RUN) or runs[-1:]
    easy_days = [d for d in runs if d not in long_days]
    rest_days = [
        monday + timedelta(days=i) for i in range(7) if monday + timedelta(days=i) not in runs
    ]
    strength_days = [s.day for s in week if s.kind is SessionKind.STRENGTH]
    # Which sample stands for what: real recordings, judged by what they really show.
    wanted = [
        ("run_garmin-fenix5x-plus_18.7km_9-pauses.fit", long_days[:1], "the planned long run"),
        ("run_garmin-fenix2_9km.fit", easy_days[:1], "a planned run"),
        ("run_garmin-connect_hr-cad.gpx", easy_days[1:2], "a planned run"),
        ("run_polar-m400.tcx.gz", easy_days[2:3], "a planned run"),
        ("run_garmin-fr645m_partial-gps_6km.fit", rest_days[:1], "an extra run on a rest day"),
        ("strength_garmin-vivoactive-hr_24min.fit", strength_days[:1], "planned strength"),
        ("hike_garmin-fr645m_3h_10km.fit", rest_days[1:2], "an unplanned hike"),
    ]
    placed: list[Placed] = []
    new: list[NewActivity] = []
    for name, days, stands_for in wanted:
        sample = samples.get(name)
        if sample is None or not days:
            continue
        local_start = datetime.combine(
            days[0], time(7, 0) if "run" in name else time(18, 0), tzinfo=zone
        )
        offset = local_start.utcoffset()
        moved = sample.moved_to(local_start.astimezone(UTC)).with_changes(
            utc_offset_s=int(offset.total_seconds()) if offset is not None else 0,
            utc_offset_source="athlete",
        )
        digest = hashlib.sha256(f"everyrun demo {name} {days[0]}".encode()).hexdigest()
        new.append(NewActivity(moved, digest, now_utc, {"demo": stands_for}))
        placed.append(Placed(days[0], name, stands_for))
    store.add_activities(athlete_id, new)
    return placed


def _log_the_rest(
    store: ReviewStore,
    athlete_id: int,
    week: list[PlannedSession],
    monday: date,
    today: date,
    now_utc: datetime,
) -> None:
    """Mobility on two days of seven (sporadic), a week of sleep with two short nights, and the
    same niggle twice: the recovery side of the review has something to say."""
    for offset in (0, 3):
        logs.log_session(
            store,
            athlete_id,
            "mobility",
            monday + timedelta(days=offset),
            rpe=2,
            minutes=8,
            drills=[Drill("knee-to-wall ankle mobilisation", 3.0), Drill("couch stretch", 3.0)],
            today=today,
            now_utc=now_utc,
        )
    sleep = (7.5, 6.1, 7.8, 8.2, 5.9, 8.5, 8.0)
    for offset, hours in enumerate(sleep):
        day = monday + timedelta(days=offset)
        niggles = [new_niggle("achilles", "left", 3)] if offset in (2, 5) else []
        logs.log_wellness(
            store,
            athlete_id,
            day,
            {"sleep_hours": hours, "soreness": 3},
            niggles=niggles,
            today=today,
            now_utc=now_utc,
        )
