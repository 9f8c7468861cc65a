"""The planner's rules over 1,000 random athletes and goals: every rule holds, or the plan says
which one cannot and why — never a silent break."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.plan import Plan
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import SessionKind
from tests.domain.planning.strategies import START, goals, runners

RULES = {
    "purpose_why_success",
    "volume_ramp",
    "acute_chronic",
    "rest_day",
    "hard_days_apart",
    "easy_share",
    "long_run",
    "taper",
    "strength",
    "mobility_daily",
}


SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]


# 1,000 random athletes and goals in all, in two halves so the test workers share them.
@settings(max_examples=600, deadline=None, suppress_health_check=SLOW_OK)
@given(runner=runners(), goal=goals(kinds=(GoalKind.RACE,)))
def test_race_plans_keep_every_rule_or_say_why(runner: Runner, goal: Goal) -> None:
    check_rules(build_plan(goal, runner, START), runner)


@settings(max_examples=400, deadline=None, suppress_health_check=SLOW_OK)
@given(runner=runners(), goal=goals(kinds=(GoalKind.BASE, GoalKind.RETURN)))
def test_base_and_return_plans_keep_every_rule_or_say_why(runner: Runner, goal: Goal) -> None:
    check_rules(build_plan(goal, runner, START), runner)


def check_rules(plan: Plan, runner: Runner) -> None:
    assert {r.rule for r in plan.rules} == RULES
    for rule in plan.rules:
        assert rule.met or rule.reason, f"{rule.rule} broken silently: {rule.detail}"
    purposes = next(r for r in plan.rules if r.rule == "purpose_why_success")
    assert purposes.met, purposes.detail
    ids = [s.id for s in plan.sessions]
    assert len(ids) == len(set(ids))
    away = runner.availability.days_away
    for session in plan.sessions:
        assert plan.start <= session.day <= plan.end
        assert session.why.strip() and session.success
        assert all(c.text.strip() for c in session.success)
        if session.day in away and session.purpose.value != "race":
            assert session.kind not in (SessionKind.RUN, SessionKind.STRENGTH)
    hard = {s.day for s in plan.sessions if s.is_hard}
    for session in plan.sessions:
        if session.kind is SessionKind.STRENGTH:
            assert session.day + timedelta(days=1) not in hard, "strength the day before a key day"
    mobility = {s.day for s in plan.sessions if s.kind is SessionKind.MOBILITY}
    assert len(mobility) == (plan.end - plan.start).days + 1
