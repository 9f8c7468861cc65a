"""Each adaptation rule on one hand-built week, with the numbers in its sentence checked.

The plan: a 45-VDOT runner on 40 km a week, five running days, long run on Sunday, training for
a half marathon. Its week 5 (Mon 1 Feb 2027) reads: Mon recovery 7.7 km, Tue threshold 3 × 8 min
+ strength, Wed recovery 7.7 km, Thu rest, Fri repetitions 7 × 400 m + strength, Sat rest,
Sun long run 14.7 km.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from everyrun.domain.adaptation.changes import Rule
from everyrun.domain.adaptation.load_trim import load_trim
from everyrun.domain.adaptation.niggle import NIGGLE_DAYS, niggle_shift
from everyrun.domain.adaptation.rules import (
    adapt,
    illness_pause,
    missed_key_sessions,
    new_fitness,
    readiness_swap,
)
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import Availability, Injury, Runner
from everyrun.domain.planning.session import PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import Level, Readiness, Reason
from everyrun.domain.units import HALF_MARATHON_M

START = date(2027, 1, 4)
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2027, 2, 1) + timedelta(days=i) for i in range(7))


@cache
def half_marathon_plan() -> Plan:
    goal = Goal(
        GoalKind.RACE,
        race_distance_m=HALF_MARATHON_M,
        race_date=START + timedelta(weeks=16, days=6),
    )
    runner = Runner(
        vdot=45, weekly_km=40, availability=Availability(days_per_week=5, long_run_day=6)
    )
    return build_plan(goal, runner, START)


def run_on(plan: Plan, day: date) -> PlannedSession:
    return next(s for s in plan.sessions_on(day) if s.kind is SessionKind.RUN)


def done_before(plan: Plan, day: date, *, except_: set[str]) -> dict[str, date]:
    return {s.id: s.day for s in plan.sessions if s.day < day and s.id not in except_}


def feeling(day: date, level: Level) -> Readiness:
    return Readiness(
        day,
        level,
        [
            Reason("hrv", 41.0, "46–52 ms", level, "HRV 18 % below your baseline"),
            Reason("sleep", 5.2, "7–9 h", Level.caution, "5.2 h sleep last night"),
        ],
        [],
    )


def test_the_week_is_as_the_module_docstring_says() -> None:
    plan = half_marathon_plan()
    assert run_on(plan, TUE).purpose is Purpose.TEMPO_THRESHOLD
    assert run_on(plan, WED).purpose is Purpose.RECOVERY
    assert run_on(plan, FRI).purpose is Purpose.SPEED
    assert run_on(plan, SUN).purpose is Purpose.LONG_RUN
    assert {s.kind for s in plan.sessions_on(THU)} >= {SessionKind.REST}


def test_a_missed_threshold_moves_to_the_next_day_that_keeps_hard_days_apart() -> None:
    plan = half_marathon_plan()
    threshold, recovery = run_on(plan, TUE), run_on(plan, WED)
    strength = next(s for s in plan.sessions_on(TUE) if s.kind is SessionKind.STRENGTH)
    done = done_before(plan, WED, except_={threshold.id, strength.id})

    adapted = missed_key_sessions(plan, done, WED)

    (change,) = adapted.changes
    assert change.rule is Rule.MISSED_KEY_SESSION
    assert change.before == threshold
    moved = change.after
    assert moved is not None
    assert (moved.day, moved.id, moved.purpose) == (WED, "2027-02-03-run", threshold.purpose)
    assert moved.steps == threshold.steps and moved.success == threshold.success
    assert moved.why.startswith("Moved from Tuesday: it was not done on Tuesday (2027-02-02).")
    assert change.sentence == (
        f"Moved Tuesday's {threshold.title[0].lower()}{threshold.title[1:]} to Wednesday: it was "
        f"not done on Tuesday (2027-02-02); it takes the place of the recovery "
        f"{recovery.distance_m / 1000:.1f} km, so the week gains no running"
    )
    assert recovery not in adapted.plan.sessions
    assert threshold in adapted.plan.sessions  # the past is never rewritten


def test_a_missed_key_session_is_dropped_when_no_day_keeps_hard_days_apart() -> None:
    plan = half_marathon_plan()
    reps = run_on(plan, FRI)
    done = done_before(plan, SAT, except_={reps.id})

    adapted = missed_key_sessions(plan, done, SAT)

    (change,) = adapted.changes
    assert change.after is None and change.before == reps
    assert change.sentence.startswith(
        "Dropped Friday's repetitions 7 × 400 m: it was not done on Friday (2027-02-05), and no "
        "easy day left in week 5 keeps hard days apart"
    )
    assert adapted.plan.sessions == plan.sessions


def test_sessions_done_leave_the_plan_alone() -> None:
    plan = half_marathon_plan()
    adapted = adapt(plan, as_of=WED, done=done_before(plan, WED, except_=set()))
    assert adapted.changes == () and adapted.plan == plan


def test_a_caution_day_swaps_quality_for_easy_running_and_says_why_in_numbers() -> None:
    plan = half_marathon_plan()
    threshold = run_on(plan, TUE)

    adapted = readiness_swap(plan, TUE, feeling(TUE, Level.caution))

    swap, moved = adapted.changes
    assert swap.rule is Rule.READINESS and swap.before == threshold
    easy = swap.after
    assert easy is not None and easy.purpose is Purpose.EASY_AEROBIC and not easy.is_hard
    assert easy.distance_m == round(threshold.distance_m * 0.8)
    assert swap.sentence == (
        f"Swapped today's threshold 3 × 8 min ({threshold.distance_m / 1000:.1f} km) for "
        f"easy {easy.distance_m / 1000:.1f} km: readiness is 'caution' today (HRV 18 % below "
        "your baseline; 5.2 h sleep last night)"
    )
    assert easy.why.startswith("Swapped in for threshold 3 × 8 min: readiness is 'caution'")
    # Wednesday follows Tuesday's strength, Friday and Sunday are hard: nowhere to go.
    assert moved.after is None and moved.sentence.startswith("Dropped Tuesday's threshold")


def test_a_rest_day_moves_the_quality_where_it_fits_without_adding_running() -> None:
    plan = half_marathon_plan()
    wednesday = run_on(plan, date(2027, 4, 21))  # race pace 3 × 2000 m, peak phase
    assert wednesday.purpose is Purpose.RACE_PACE
    friday = run_on(plan, wednesday.day + timedelta(days=2))
    week_km = sum(s.distance_m for s in plan.sessions_in_week(wednesday.week))

    adapted = readiness_swap(plan, wednesday.day, feeling(wednesday.day, Level.rest))

    swap, moved = adapted.changes
    assert swap.after is not None and swap.after.purpose is Purpose.RECOVERY
    assert swap.after.distance_m <= min(5000, friday.distance_m)
    assert moved.after is not None and moved.after.day == friday.day
    assert moved.sentence.startswith(
        f"Moved Wednesday's {wednesday.title[0].lower()}{wednesday.title[1:]} to Friday: "
        "readiness is 'rest' today (HRV 18 % below your baseline; 5.2 h sleep last night); it "
        f"takes the place of the easy {friday.distance_m / 1000:.1f} km"
    )
    new_km = sum(s.distance_m for s in adapted.plan.sessions_in_week(wednesday.week))
    assert new_km <= week_km


def test_a_ready_day_changes_nothing() -> None:
    plan = half_marathon_plan()
    assert readiness_swap(plan, TUE, feeling(TUE, Level.ready)).changes == ()
    assert readiness_swap(plan, TUE, feeling(WED, Level.rest)).changes == ()  # another day's


def test_illness_pauses_training_then_returns_on_a_graded_ramp() -> None:
    plan = half_marathon_plan()
    reps = run_on(plan, FRI)

    adapted = illness_pause(plan, [MON, TUE, WED], MON)

    paused = [c for c in adapted.changes if c.sentence.startswith("Paused")]
    assert [c.before.title for c in paused if c.before] == [
        run_on(plan, MON).title,
        "Threshold 3 × 8 min",
        next(s for s in plan.sessions_on(TUE) if s.kind is SessionKind.STRENGTH).title,
        run_on(plan, WED).title,
    ]
    assert all("3 days ill, no training until well" in c.sentence for c in paused)
    for day in (MON, TUE, WED):
        kinds = {s.kind for s in adapted.plan.sessions_on(day)}
        assert SessionKind.RUN not in kinds and SessionKind.STRENGTH not in kinds
        assert SessionKind.REST in kinds
    (eased,) = [c for c in adapted.changes if c.sentence.startswith("Eased")]
    assert eased.before == reps and eased.after is not None
    assert eased.after.purpose is Purpose.EASY_AEROBIC
    assert eased.after.distance_m == round(reps.distance_m * 2 / 3, -2)
    assert eased.sentence == (
        f"Eased Friday's repetitions 7 × 400 m to easy {eased.after.distance_m / 1000:.1f} km: "
        f"day 2 of 3 back after 3 days ill, easy only at 67 % of the planned "
        f"{reps.distance_m / 1000:.1f} km"
    )
    assert run_on(adapted.plan, SUN) == run_on(plan, SUN)  # the return is over by Sunday


def test_past_sick_days_change_only_the_days_to_come() -> None:
    plan = half_marathon_plan()
    adapted = illness_pause(plan, [MON, TUE, WED], THU)
    assert [s for s in adapted.plan.sessions if s.day < THU] == [
        s for s in plan.sessions if s.day < THU
    ]
    assert [c.day for c in adapted.changes] == [FRI]


def test_a_new_vdot_rebuilds_the_plan_from_the_next_week_and_keeps_the_past() -> None:
    plan = half_marathon_plan()

    adapted = new_fitness(plan, 47.0, WED)

    change = adapted.changes[0]
    assert change.rule is Rule.NEW_FITNESS and change.day == SUN + timedelta(days=1)
    assert change.sentence.startswith(
        "Paces updated from Monday 2027-02-08: VDOT 45.0 → 47.0, weeks 6–"
    )
    assert f"rebuilt from {plan.week(5).volume_km:.1f} km a week" in change.sentence
    assert adapted.plan.runner.vdot == 47.0
    cut = change.day
    assert [s for s in adapted.plan.sessions if s.day < cut] == [
        s for s in plan.sessions if s.day < cut
    ]
    old, new = run_on(plan, cut + timedelta(days=1)), run_on(adapted.plan, cut + timedelta(days=1))
    assert new.week == old.week == 6
    assert adapted.plan.end == plan.end


def test_adapt_applies_every_rule_in_order() -> None:
    plan = half_marathon_plan()
    threshold = run_on(plan, TUE)
    done = done_before(plan, WED, except_={threshold.id})

    adapted = adapt(plan, as_of=WED, done=done, sick_days=[THU], new_vdot=46.0)

    assert [c.rule for c in adapted.changes][:2] == [Rule.NEW_FITNESS, Rule.MISSED_KEY_SESSION]
    assert adapted.plan.runner.vdot == 46.0


def test_a_current_niggle_rebuilds_strength_and_mobility_and_takes_impact_out() -> None:
    plan = half_marathon_plan()
    as_of = plan.start + timedelta(days=28)
    niggle = Injury("achilles", "left", current=True, severity=4.0)

    adapted = niggle_shift(plan, [niggle], as_of)

    window = [
        s for s in adapted.plan.sessions if as_of <= s.day < as_of + timedelta(days=NIGGLE_DAYS)
    ]
    assert not any(s.purpose in (Purpose.SPEED, Purpose.VO2MAX_INTERVALS) for s in window)
    assert {c.rule for c in adapted.changes} == {Rule.NIGGLE}
    assert all("left achilles (4/10)" in c.sentence for c in adapted.changes)
    strength = [s for s in window if s.kind is SessionKind.STRENGTH]
    assert strength and all(
        any("achilles" in e.reason.lower() for e in s.exercises) for s in strength
    )
    assert all(not e.exercise.startswith("pogo") for s in strength for e in s.exercises)
    before = [s for s in adapted.plan.sessions if s.day < as_of]
    assert before == [s for s in plan.sessions if s.day < as_of]  # history untouched
    assert [s.day for s in adapted.plan.sessions if s.is_hard] == [
        s.day for s in plan.sessions if s.is_hard
    ]  # hard days stay where they were, so spacing holds


def test_a_coming_week_too_big_for_what_was_done_loses_easy_running_not_key_work() -> None:
    plan = half_marathon_plan()
    as_of = plan.start + timedelta(days=28)
    week = [s for s in plan.sessions if as_of <= s.day < as_of + timedelta(days=7)]
    planned = sum(s.expected_load for s in week if s.distance_m > 0)
    light = [planned * 0.6 / 7] * 21  # three weeks at 60 % of the coming week

    adapted = load_trim(plan, light, as_of)

    assert adapted.changes and {c.rule for c in adapted.changes} == {Rule.LOAD}
    assert all("acute:chronic ratio is 1.43" in c.sentence for c in adapted.changes)
    after = [s for s in adapted.plan.sessions if as_of <= s.day < as_of + timedelta(days=7)]
    trimmed = sum(s.expected_load for s in after if s.distance_m > 0)
    history = sum(light)
    assert trimmed * 4 / (history + trimmed) <= 1.3 + 0.02  # back at the limit
    assert [s for s in after if s.is_key] == [s for s in week if s.is_key]  # key work kept
    assert load_trim(plan, [planned / 7] * 21, as_of).changes == ()  # a steady week: no trim
    assert load_trim(plan, light[:10], as_of).changes == ()  # no three weeks of history
