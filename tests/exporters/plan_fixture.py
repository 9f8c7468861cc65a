"""A small two-week plan built by hand from the domain types, for the plan exporters' tests.

It holds one of each thing an export must carry: an easy run, 5 × 1 km intervals in a Repeat, a
long run by distance, a run without steps, strength with exercises, mobility drills, a rest day
and a sleep item, and text with characters that need escaping.
"""

from __future__ import annotations

from datetime import date, timedelta

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Feasibility, LeftOut, Plan, PlanWeek, RuleResult
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import (
    Check,
    Drill,
    ExerciseDose,
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
)
from everyrun.domain.purpose import Purpose

START = date(2027, 1, 4)  # a Monday


def speed(pace: str) -> float:
    """m/s for a pace like `3:52` per km."""
    minutes, seconds = pace.split(":")
    return 1000.0 / (int(minutes) * 60 + int(seconds))


EASY = Target(slow_mps=speed("5:40"), fast_mps=speed("5:10"), heart_rate_zone="Z2")
EASY_CAPPED = Target(heart_rate_high_bpm=150.0, heart_rate_zone="Z2", rpe_low=2, rpe_high=3)
INTERVAL = Target(slow_mps=speed("4:00"), fast_mps=speed("3:52"), rpe_low=7, rpe_high=8)
JOG = Target(heart_rate_low_bpm=110.0, heart_rate_high_bpm=135.0, rpe_low=1, rpe_high=2)
THRESHOLD = Target(speed("4:15"), speed("4:08"), heart_rate_zone="Z4", rpe_low=6, rpe_high=7)

INTERVALS = PlannedSession(
    id="2027-01-05-run",
    day=START + timedelta(days=1),
    kind=SessionKind.RUN,
    purpose=Purpose.VO2MAX_INTERVALS,
    title="Intervals 5 × 1 km",
    why="Raises VO2max, the ceiling your 10K pace sits under.",
    phase=Phase.BUILD,
    week=1,
    success=(
        SuccessCriterion(
            Check.REPS_IN_PACE_BAND,
            "At least 4 of 5 reps between 3:52 and 4:00/km",
            as_params(reps=4, slow_mps=INTERVAL.slow_mps, fast_mps=INTERVAL.fast_mps, rep_m=1000),
        ),
    ),
    steps=(
        Step(StepKind.WARMUP, Intensity.EASY, EASY, duration_s=900.0, expected_duration_s=900.0),
        Repeat(
            5,
            (
                Step(StepKind.WORK, Intensity.INTERVAL, INTERVAL, distance_m=1000.0),
                Step(StepKind.RECOVER, Intensity.RECOVERY, JOG, duration_s=120.0),
            ),
        ),
        Step(StepKind.COOLDOWN, Intensity.EASY, EASY_CAPPED, duration_s=600.0),
    ),
    duration_s=3300.0,
    distance_m=10_500.0,
    is_key=True,
)
STRENGTH = PlannedSession(
    id="2027-01-05-strength",
    day=START + timedelta(days=1),
    kind=SessionKind.STRENGTH,
    purpose=Purpose.STRENGTH,
    title="Single-leg strength (build)",
    why="Stronger calves and hips take the load your achilles took last year.",
    phase=Phase.BUILD,
    week=1,
    success=(SuccessCriterion(Check.LOGGED, "Log 30 min of strength", as_params(minutes=30)),),
    exercises=(
        ExerciseDose(
            "calf_raise",
            "Single-leg calf raise",
            sets=3,
            reps=12,
            load="+10 % body mass",
            each_side=True,
            reason="left calf raises 18 vs right 25",
        ),
        ExerciseDose("side_plank", "Side plank", sets=2, hold_s=40.0, reason="pelvis control"),
    ),
    duration_s=1800.0,
)
EASY_RUN = PlannedSession(
    id="2027-01-06-run",
    day=START + timedelta(days=2),
    kind=SessionKind.RUN,
    purpose=Purpose.EASY_AEROBIC,
    title="Easy 45 min",
    why="Aerobic volume | recovery between the key days.",  # a pipe to escape
    phase=Phase.BUILD,
    week=1,
    success=(
        SuccessCriterion(
            Check.EASY_BELOW_HEART_RATE,
            "90 % of the run below 150 bpm",
            as_params(heart_rate_bpm=150, share=0.9),
        ),
    ),
    steps=(Step(StepKind.RUN, Intensity.EASY, EASY_CAPPED, duration_s=2700.0),),
    duration_s=2700.0,
    distance_m=8500.0,
)
MOBILITY = PlannedSession(
    id="2027-01-07-mobility",
    day=START + timedelta(days=3),
    kind=SessionKind.MOBILITY,
    purpose=Purpose.MOBILITY,
    title="Hips and ankles",
    why="Your knee-to-wall test was 6 cm on the left: ankle range first.",
    phase=Phase.BUILD,
    week=1,
    success=(SuccessCriterion(Check.LOGGED, "Log 15 min of mobility", as_params(minutes=15)),),
    drills=(
        Drill("Knee-to-wall ankle mobilisation", 5.0, "left ankle 6 cm vs right 10 cm"),
        Drill("Hip flexor stretch", 10.0),
    ),
    duration_s=900.0,
)
SLEEP = PlannedSession(
    id="2027-01-08-sleep",
    day=START + timedelta(days=4),
    kind=SessionKind.RECOVERY,
    purpose=Purpose.SLEEP,
    title="Sleep 8 h before the long run",
    why="Sleep is when the week's work turns into fitness.",
    phase=Phase.BUILD,
    week=1,
    success=(SuccessCriterion(Check.SLEEP_AT_LEAST, "Sleep 8 h", as_params(hours=8, nights=1)),),
    advice=("Lights out by 22:30", "No caffeine after 14:00"),
)
REST = PlannedSession(
    id="2027-01-09-rest",
    day=START + timedelta(days=5),
    kind=SessionKind.REST,
    purpose=Purpose.REST,
    title="Rest day",
    why="A day without running lets tendons adapt to the week's load.",
    phase=Phase.BUILD,
    week=1,
    success=(SuccessCriterion(Check.NO_RUN, "No run recorded"),),
)
LONG_RUN = PlannedSession(
    id="2027-01-10-run",
    day=START + timedelta(days=6),
    kind=SessionKind.RUN,
    purpose=Purpose.LONG_RUN,
    title="Long run 18 km",
    why="Endurance for the last 3 km of the race.",
    phase=Phase.BUILD,
    week=1,
    success=(
        SuccessCriterion(Check.DISTANCE_AT_LEAST, "Run at least 17 km", as_params(metres=17_000)),
    ),
    steps=(Step(StepKind.RUN, Intensity.EASY, EASY, distance_m=18_000.0),),
    duration_s=5800.0,
    distance_m=18_000.0,
    is_key=True,
)
THRESHOLD_RUN = PlannedSession(
    id="2027-01-12-run",
    day=START + timedelta(days=8),
    kind=SessionKind.RUN,
    purpose=Purpose.TEMPO_THRESHOLD,
    title="Threshold 3 × 10 min",
    why="Lifts the pace you can hold for an hour: the heart of a 10K.",
    phase=Phase.BUILD,
    week=2,
    success=(
        SuccessCriterion(
            Check.BLOCK_IN_PACE_BAND,
            "30 min between 4:08 and 4:15/km",
            as_params(seconds=1800, slow_mps=THRESHOLD.slow_mps, fast_mps=THRESHOLD.fast_mps),
        ),
    ),
    steps=(
        Step(StepKind.WARMUP, Intensity.EASY, EASY, duration_s=900.0),
        Repeat(
            3,
            (
                Step(StepKind.WORK, Intensity.THRESHOLD, THRESHOLD, duration_s=600.0),
                Step(StepKind.RECOVER, Intensity.RECOVERY, Target(), duration_s=90.0),
            ),
        ),
        Step(StepKind.COOLDOWN, Intensity.EASY, EASY, duration_s=600.0),
    ),
    duration_s=3570.0,
    is_key=True,
)
SHAKEOUT = PlannedSession(
    id="2027-01-14-run",
    day=START + timedelta(days=10),
    kind=SessionKind.RUN,
    purpose=Purpose.RECOVERY,
    title="Shake-out 30 min",
    why="Blood flow without load, before the weekend.",
    phase=Phase.BUILD,
    week=2,
    success=(
        SuccessCriterion(Check.DURATION_AT_MOST, "No more than 35 min", as_params(seconds=2100)),
    ),
    duration_s=1800.0,  # no steps: one step over the time
)

SESSIONS = (INTERVALS, STRENGTH, EASY_RUN, MOBILITY, SLEEP, REST, LONG_RUN, THRESHOLD_RUN, SHAKEOUT)


def fixture_plan() -> Plan:
    return Plan(
        goal=Goal(
            GoalKind.RACE,
            race_distance_m=10_000.0,
            race_date=date(2027, 3, 14),
            target_time_s=40 * 60.0,
            race_name="City 10K",
        ),
        runner=Runner(vdot=50.0, weekly_km=40.0),
        start=START,
        weeks=(
            PlanWeek(1, START, Phase.BUILD, 42.0, False, "First VO2max block: 5 × 1 km."),
            PlanWeek(2, START + timedelta(days=7), Phase.BUILD, 34.0, True, "Absorb | recover."),
        ),
        sessions=SESSIONS,
        rules=(
            RuleResult("volume_ramp", True, "42 km after 40 km: +5 %"),
            RuleResult(
                "rest_day",
                False,
                "0 rest days in week 2",
                reason="5 running days asked for in 6 free days",
            ),
        ),
        feasibility=Feasibility(
            realistic=True,
            current_vdot=50.0,
            needed_vdot=51.9,
            reachable_vdot=52.5,
            message="40:00 needs VDOT 51.9; 10 weeks can take you from 50.0 to about 52.5.",
        ),
        left_out=(
            LeftOut("second quality session in week 2", "less time at threshold before the race"),
        ),
        notes=("Paces come from VDOT 50.",),
    )
