"""Recovery planned like training: rest, sleep, fuel and fluid, each with a why and a check."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from everyrun.domain.planning import recovery
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.runner import Injury, Runner
from everyrun.domain.planning.session import Check, Phase, PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.units import HALF_MARATHON_M

SUNDAY = date(2027, 1, 10)
MONDAY = date(2027, 1, 4)
HALF = Goal(GoalKind.RACE, race_distance_m=HALF_MARATHON_M, race_date=date(2027, 4, 25))
TEN_K = Goal(GoalKind.RACE, race_distance_m=10_000, race_date=date(2027, 4, 25))
RUNNER = Runner(vdot=45, weekly_km=40, weight_kg=60)
NO_WEIGHT = Runner(vdot=45, weekly_km=40)


def long_run(minutes: float) -> PlannedSession:
    return PlannedSession(
        id=f"{SUNDAY.isoformat()}-run",
        day=SUNDAY,
        kind=SessionKind.RUN,
        purpose=Purpose.LONG_RUN,
        title="Long run",
        why="endurance",
        phase=Phase.BUILD,
        week=5,
        success=(),
        duration_s=minutes * 60,
        is_key=True,
    )


def assert_recovery_item(item: PlannedSession, purpose: Purpose) -> None:
    assert item.purpose is purpose
    assert item.why and item.success and item.advice
    assert all(c.text for c in item.success)
    assert item.duration_s == 0 and item.expected_load == 0 and item.distance_m == 0


def test_rest_day_says_what_it_absorbs_and_checks_there_was_no_run() -> None:
    rest = recovery.rest_day(
        HALF, Phase.BUILD, 5, SUNDAY, "absorbs Tuesday's threshold and Thursday's long run"
    )
    assert_recovery_item(rest, Purpose.REST)
    assert rest.kind is SessionKind.REST
    assert rest.id == "2027-01-10-rest"
    assert "absorbs Tuesday's threshold and Thursday's long run" in rest.why
    assert rest.why.endswith("build phase, week 5")
    assert [c.check for c in rest.success] == [Check.NO_RUN]


def test_rest_day_without_the_verb_still_reads() -> None:
    rest = recovery.rest_day(HALF, Phase.BASE, 1, SUNDAY, "the long run")
    assert "absorbs the long run" in rest.why


def test_sleep_target_is_8_hours_and_more_in_a_heavy_week() -> None:
    easy = recovery.sleep_target(RUNNER, HALF, Phase.BASE, 2, MONDAY, (MONDAY + timedelta(1),))
    heavy = recovery.sleep_target(RUNNER, HALF, Phase.BUILD, 6, MONDAY, ())
    assert_recovery_item(easy, Purpose.SLEEP)
    assert easy.kind is SessionKind.RECOVERY and easy.id == "2027-01-04-sleep"
    [check] = easy.success
    assert check.check is Check.SLEEP_AT_LEAST
    assert check.params["hours"] >= 7, "the AASM/SRS adult minimum"
    assert check.params == {"hours": 8.0, "nights": 5.0}
    assert heavy.success[0].params["hours"] > easy.success[0].params["hours"]
    assert any("Tuesday" in line for line in easy.advice)


def test_three_hard_days_make_a_heavy_week_even_in_base() -> None:
    hard = tuple(MONDAY + timedelta(d) for d in (1, 3, 6))
    item = recovery.sleep_target(RUNNER, HALF, Phase.BASE, 2, MONDAY, hard)
    assert item.success[0].params["hours"] == 8.5


@pytest.mark.parametrize(("minutes", "grams_per_hour"), [(60, 0), (100, 30), (140, 60), (170, 90)])
def test_long_run_fuelling_follows_the_duration(minutes: float, grams_per_hour: float) -> None:
    item = recovery.long_run_fuelling(RUNNER, HALF, Phase.BUILD, 5, long_run(minutes))
    assert_recovery_item(item, Purpose.FUELLING)
    assert item.id == "2027-01-10-fuel"
    [check] = item.success
    assert check.check is Check.FUEL_LOGGED
    assert check.params == {"grams_per_hour": grams_per_hour}
    assert any("60 g" in line and "1 g/kg" in line for line in item.advice)


def test_half_and_marathon_goals_practise_race_fuelling_and_a_10k_does_not() -> None:
    half = recovery.long_run_fuelling(RUNNER, HALF, Phase.BUILD, 5, long_run(100))
    ten = recovery.long_run_fuelling(RUNNER, TEN_K, Phase.BUILD, 5, long_run(100))
    assert "race fuelling" in half.why
    assert any("race day" in line for line in half.advice)
    assert not any("race day" in line for line in ten.advice)


def test_refuel_after_a_hard_session_in_grams_per_kg() -> None:
    item = recovery.refuel_after(RUNNER, HALF, Phase.BUILD, 5, long_run(100))
    assert_recovery_item(item, Purpose.FUELLING)
    assert item.id == "2027-01-10-refuel"
    [check] = item.success
    assert check.params["grams_per_hour"] == pytest.approx(60.0)  # 1.0 g/kg for 60 kg
    assert check.params["protein_g"] == pytest.approx(18.0)  # 0.3 g/kg
    unknown = recovery.refuel_after(NO_WEIGHT, HALF, Phase.BUILD, 5, long_run(100))
    assert 20 <= unknown.success[0].params["protein_g"] <= 25


def test_hydration_keeps_body_mass_loss_under_2_percent() -> None:
    item = recovery.hydration(RUNNER, HALF, Phase.BUILD, 5, long_run(120))
    assert_recovery_item(item, Purpose.HYDRATION)
    assert item.id == "2027-01-10-hydration"
    [check] = item.success
    assert check.check is Check.HYDRATION and check.params == {"body_mass_loss_pct": 2.0}
    assert any("300–420 mL" in line for line in item.advice)  # 5–7 mL/kg for 60 kg
    assert any("sodium" in line for line in item.advice)
    short = recovery.hydration(RUNNER, HALF, Phase.BUILD, 5, long_run(50))
    assert not any("sodium" in line for line in short.advice)


@given(
    phase=st.sampled_from(list(Phase)),
    week=st.integers(1, 40),
    minutes=st.floats(20, 300),
    weight=st.one_of(st.none(), st.floats(40, 120)),
    niggle=st.booleans(),
)
def test_every_recovery_item_has_purpose_why_and_a_check(
    phase: Phase, week: int, minutes: float, weight: float | None, niggle: bool
) -> None:
    injuries = (Injury("calf", current=True),) if niggle else ()
    runner = Runner(vdot=45, weekly_km=40, weight_kg=weight, injuries=injuries)
    run = long_run(minutes)
    items = (
        recovery.rest_day(HALF, phase, week, SUNDAY, ""),
        recovery.sleep_target(runner, HALF, phase, week, MONDAY, (SUNDAY,)),
        recovery.long_run_fuelling(runner, HALF, phase, week, run),
        recovery.refuel_after(runner, HALF, phase, week, run),
        recovery.hydration(runner, HALF, phase, week, run),
    )
    for item in items:
        assert item.why.endswith(f"{phase.value} phase, week {week}")
        assert item.success and all(c.text for c in item.success)
        assert item.duration_s == 0 and item.expected_load == 0
    for item in items[1:]:
        assert all(c.params for c in item.success)
