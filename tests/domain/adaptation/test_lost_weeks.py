"""A lost week or two on real plans from `build_plan`: the rest rebuilt with re-sized phases and
the race target judged again; a missed day changes nothing; a race inside the taper keeps it."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from functools import cache

from everyrun.domain.adaptation.apply import accept_changes, apply_change, rule_report
from everyrun.domain.adaptation.changes import Rule
from everyrun.domain.adaptation.lost_weeks import lost_time, lost_training
from everyrun.domain.adaptation.rules import adapt
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import Availability, Runner
from everyrun.domain.planning.session import Phase, SessionKind

START = date(2027, 1, 4)  # a Monday
RACE_DAY = START + timedelta(weeks=16, days=6)
RUNNER = Runner(vdot=45, weekly_km=40, availability=Availability(days_per_week=5, long_run_day=6))


@cache
def race_plan() -> Plan:
    # 1:37:00 needs VDOT 46.7: realistic from 45 over 16 weeks (Daniels: a point per 4 weeks).
    goal = Goal(GoalKind.RACE, race_distance_m=21097.5, race_date=RACE_DAY, target_time_s=5820)
    return build_plan(goal, RUNNER, START)


@cache
def base_plan() -> Plan:
    goal = Goal(GoalKind.BASE, end_date=START + timedelta(weeks=12, days=6), target_weekly_km=55)
    return build_plan(goal, RUNNER, START)


def done_until(plan: Plan, last: date) -> dict[str, date]:
    """Every session planned before `last` done on its day; nothing from `last` on."""
    return {s.id: s.day for s in plan.sessions if s.day < last}


def test_two_weeks_with_nothing_done_rebuild_the_rest_with_phases_resized() -> None:
    plan = race_plan()
    assert plan.feasibility.realistic
    as_of = START + timedelta(weeks=6)  # Monday of week 7
    done = done_until(plan, as_of - timedelta(days=14))

    adapted = adapt(plan, as_of=as_of, done=done)

    (change,) = adapted.changes  # lost time replaces the missed-key-session rule
    assert change.rule is Rule.LOST_TIME and change.day == as_of
    assert change.removed == tuple(s for s in plan.sessions if s.day >= as_of)
    assert change.added == tuple(s for s in adapted.plan.sessions if s.day >= as_of)
    assert [s for s in adapted.plan.sessions if s.day < as_of] == [
        s for s in plan.sessions if s.day < as_of
    ]
    # back at 65 % of the 49.2 km reached in week 5 (14 days lost: 100 − 14 × 2.5 %)
    assert change.sentence.startswith(
        "Rebuilt the plan from Monday 2027-02-15: 14 days without running since 2027-02-01 (0.0 of "
    )
    assert "back from 32.0 km a week (65 % of the 49.2 km reached" in change.sentence
    assert "phases from week 7 re-sized: build 5 · peak 4 · taper 1 weeks → base " in (
        change.sentence
    )
    assert adapted.plan.week(7).phase is Phase.BASE and plan.week(7).phase is Phase.BUILD
    assert adapted.plan.week(7).volume_km < plan.week(7).volume_km
    # the target judged again at the fitness left: 45 × (1 − 9 × 0.5 %) = 43.0
    assert "Target no longer realistic: after 14 days lost your VDOT 45.0 is about 43.0" in (
        change.sentence
    )
    assert (
        "needs VDOT 46.7, 3.7 above your 43" in change.sentence
        and "A realistic target is" in change.sentence
    )
    first_day = adapted.plan.sessions_on(as_of)
    assert first_day and all(
        "Rebuilt after lost training (14 days lost)" in s.why for s in first_day
    )
    for session in adapted.plan.sessions:
        assert session.why.strip() and session.success and session.purpose is not None


def test_accepting_the_rebuild_alone_keeps_every_rule_and_gives_the_same_weeks() -> None:
    plan = race_plan()
    as_of = START + timedelta(weeks=6, days=2)  # a Wednesday: rebuilt from the next day on
    adapted = lost_time(plan, done_until(plan, as_of - timedelta(days=15)), as_of)
    (change,) = adapted.changes
    assert change.added, change.sentence

    accepted = accept_changes(plan, [change], strict=True)

    assert accepted.applied == (change,)
    assert accepted.plan.sessions == adapted.plan.sessions
    assert accepted.plan.weeks == adapted.plan.weeks
    assert apply_change(plan, change).weeks == adapted.plan.weeks
    kept = {r.rule for r in rule_report(plan) if r.met}
    assert all(r.met for r in accepted.plan.rules if r.rule in kept)
    # The next day the same lost fortnight is not rebuilt again.
    later = lost_time(accepted.plan, {}, as_of + timedelta(days=1))
    assert not later.changes


def test_one_missed_day_changes_nothing() -> None:
    plan = race_plan()
    as_of = START + timedelta(weeks=6)
    missed = next(
        s for s in plan.sessions_on(as_of - timedelta(days=1)) if s.kind is SessionKind.RUN
    )
    done = {i: d for i, d in done_until(plan, as_of).items() if i != missed.id}

    assert lost_training(plan, done, as_of) is None
    assert not lost_time(plan, done, as_of).changes
    assert all(c.rule is not Rule.LOST_TIME for c in adapt(plan, as_of=as_of, done=done).changes)


def test_a_week_with_nothing_done_is_left_to_the_missed_key_session_rule() -> None:
    plan = race_plan()
    as_of = START + timedelta(weeks=6)
    adapted = adapt(plan, as_of=as_of, done=done_until(plan, as_of - timedelta(days=7)))
    assert adapted.changes
    assert {c.rule for c in adapted.changes} == {Rule.MISSED_KEY_SESSION}


def test_a_thin_fortnight_under_a_quarter_of_the_running_is_lost_too() -> None:
    plan = race_plan()
    as_of = START + timedelta(weeks=6)
    window = [s for s in plan.runs() if as_of - timedelta(days=14) <= s.day < as_of]
    middle = as_of - timedelta(days=7)
    one = min(window, key=lambda s: (abs((s.day - middle).days), s.distance_m))  # one run done
    done = {**done_until(plan, as_of - timedelta(days=14)), one.id: one.day}

    lost = lost_training(plan, done, as_of)

    assert lost is not None and lost.done_km > 0
    assert lost.done_km < 0.25 * lost.planned_km
    (change,) = lost_time(plan, done, as_of).changes
    assert "of the running done since 2027-02-01" in change.sentence


def test_a_race_inside_the_taper_keeps_its_taper() -> None:
    plan = race_plan()
    as_of = RACE_DAY - timedelta(days=8)  # the taper has begun
    done = done_until(plan, as_of - timedelta(days=14))

    adapted = adapt(plan, as_of=as_of, done=done)

    (change,) = [c for c in adapted.changes if c.rule is Rule.LOST_TIME]
    assert change.removed == () and change.added == ()
    assert change.sentence.startswith("Kept the taper: 14 days without running since")
    assert "the race is 8 days away" in change.sentence
    assert "nothing is rebuilt and the taper stays as planned" in change.sentence
    assert "Target no longer realistic" in change.sentence
    assert [s for s in adapted.plan.sessions if s.day >= as_of] == [
        s for s in plan.sessions if s.day >= as_of
    ]


def test_a_base_block_is_resized_without_a_target_verdict() -> None:
    plan = base_plan()
    as_of = START + timedelta(weeks=5)
    done = done_until(plan, as_of - timedelta(days=14))

    adapted = adapt(plan, as_of=as_of, done=done)

    (change,) = adapted.changes
    assert change.rule is Rule.LOST_TIME and change.added
    assert "phases from week 6 re-sized: base 8 weeks → base 8 weeks" in change.sentence
    assert "Target" not in change.sentence
    assert adapted.plan.week(6).volume_km < plan.week(6).volume_km
    accepted = accept_changes(plan, [change], strict=True)
    assert accepted.plan.sessions == adapted.plan.sessions


def test_sick_days_in_the_lost_fortnight_compose_with_the_illness_rule() -> None:
    """The illness rule runs after: it eases the first rebuilt days back, on the rebuilt plan."""
    plan = race_plan()
    as_of = START + timedelta(weeks=6)
    sick = [as_of - timedelta(days=i) for i in range(1, 6)]
    adapted = adapt(
        plan, as_of=as_of, done=done_until(plan, as_of - timedelta(days=14)), sick_days=sick
    )

    rules = [c.rule for c in adapted.changes]
    assert rules[0] is Rule.LOST_TIME and Rule.ILLNESS in rules[1:]
    rebuilt = adapted.changes[0].added
    eased = [c for c in adapted.changes if c.rule is Rule.ILLNESS]
    assert all(c.before in rebuilt for c in eased)
    replayed = plan
    for change in adapted.changes:
        replayed = apply_change(replayed, change)
    assert replayed.sessions == adapted.plan.sessions


def test_a_rebuild_never_starts_past_the_goal() -> None:
    plan = race_plan()
    assert lost_training(plan, {}, RACE_DAY + timedelta(days=3)) is None


def test_the_restart_rises_to_the_volume_reached_even_when_it_is_tiny() -> None:
    from everyrun.domain.adaptation.lost_weeks import _restarts

    for reference in (0.0, 0.3, 0.75, 1.0, 30.0, 49.2):
        volumes = _restarts(reference / 2, reference)
        assert len(volumes) <= 12 and volumes[-1] >= reference - 0.05
        assert all(b > a for a, b in itertools.pairwise(volumes))
