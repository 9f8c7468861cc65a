"""Evidence: generated runs of known structure give exact numbers; every corpus run gives some."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

import pytest

from everyrun.domain import activity as act
from everyrun.domain.audit.evidence import evidence_for
from everyrun.domain.cleaning import clean_activity
from everyrun.domain.errors import FileRejectedError
from everyrun.domain.planning.session import (
    Check,
    Phase,
    PlannedSession,
    SessionKind,
    SuccessCriterion,
)
from everyrun.domain.purpose import Purpose
from everyrun.importers.registry import read_activities
from tests.corpus import manifest
from tests.domain.workouts import block, build_run, cooldown, easy, reps, warmup

DAY = date(2025, 6, 1)
NOW = datetime(2026, 1, 1, tzinfo=UTC)
# workouts.py: heart rate 60 + 32 x speed, so 6:00/km is about 149 bpm and 3:56/km about 196.
CEILING = 160.0


def planned(purpose: Purpose, *criteria: SuccessCriterion) -> PlannedSession:
    return PlannedSession(
        "s", DAY, SessionKind.RUN, purpose, "test", "test", Phase.BUILD, 1, tuple(criteria)
    )


def below(bpm: float) -> SuccessCriterion:
    return SuccessCriterion(Check.EASY_BELOW_HEART_RATE, "", {"heart_rate_bpm": bpm, "share": 0.9})


def slower_than(pace_s_per_km: float) -> SuccessCriterion:
    return SuccessCriterion(Check.EASY_SLOWER_THAN, "", {"fast_mps": 1000 / pace_s_per_km})


def rep_band(count: int, metres: float) -> SuccessCriterion:
    params = {"reps": count, "rep_m": metres, "slow_mps": 4.1, "fast_mps": 4.4, "share": 0.8}
    return SuccessCriterion(Check.REPS_IN_PACE_BAND, "", params)


def intervals(laps: str = "none") -> act.Activity:
    steps = [
        warmup(15),
        *reps(5, distance_m=1000, pace="3:56", recovery_duration_s=180, recovery_pace="6:30"),
        cooldown(10),
    ]
    return build_run(steps, noise=0.05, seed=1, laps=laps)  # type: ignore[arg-type]


@pytest.mark.parametrize("laps", ["none", "steps"])
def test_five_1km_reps_are_found_with_their_pace(laps: str) -> None:
    evidence = evidence_for(intervals(laps), planned(Purpose.VO2MAX_INTERVALS, rep_band(5, 1000)))
    assert len(evidence.reps) == 5
    for rep in evidence.reps:
        assert rep.distance_m == pytest.approx(1000, rel=0.02)
        assert rep.speed_mps == pytest.approx(1000 / 236, rel=0.01)
    assert evidence.strides == 0
    assert evidence.speed_known and evidence.heart_rate_known


def test_heart_rate_of_an_interval_session_is_judged_on_warm_up_and_cool_down() -> None:
    session = planned(Purpose.VO2MAX_INTERVALS, rep_band(5, 1000), below(CEILING))
    evidence = evidence_for(intervals(), session)
    # the reps reach ~196 bpm, yet the easy parts stayed below the ceiling
    assert evidence.easy_share_below_ceiling[CEILING] > 0.95


def test_pace_of_an_interval_session_is_judged_outside_the_reps() -> None:
    session = planned(Purpose.VO2MAX_INTERVALS, rep_band(5, 1000), slower_than(330))
    share = evidence_for(intervals(), session).easy_share_slower_than[1000 / 330]
    assert share > 0.9


def test_an_easy_run_stays_under_a_ceiling_above_its_heart_rate() -> None:
    run = build_run([easy(45)], noise=0.05, seed=3)
    evidence = evidence_for(run, planned(Purpose.EASY_AEROBIC, below(CEILING), below(140)))
    assert evidence.easy_share_below_ceiling[CEILING] > 0.97
    assert evidence.easy_share_below_ceiling[140] < 0.05
    assert evidence.duration_s == pytest.approx(45 * 60, abs=2)
    assert evidence.distance_m == pytest.approx(7500, rel=0.01)


def test_an_easy_run_at_threshold_pace_is_over_the_ceiling() -> None:
    run = build_run([easy(40, pace="4:15")], noise=0.05, seed=4)
    evidence = evidence_for(run, planned(Purpose.EASY_AEROBIC, below(CEILING), slower_than(330)))
    assert evidence.easy_share_below_ceiling[CEILING] < 0.05
    assert evidence.easy_share_slower_than[1000 / 330] < 0.05


def test_without_heart_rate_the_heart_rate_shares_stay_empty() -> None:
    run = build_run([easy(30)], heart_rate=False)
    evidence = evidence_for(run, planned(Purpose.EASY_AEROBIC, below(CEILING), slower_than(330)))
    assert not evidence.heart_rate_known
    assert evidence.easy_share_below_ceiling == {}
    assert evidence.easy_share_slower_than[1000 / 330] == pytest.approx(1.0)


def test_without_speed_or_distance_the_pace_shares_stay_empty() -> None:
    run = build_run([easy(30)], speed=False, distance=False)
    evidence = evidence_for(run, planned(Purpose.EASY_AEROBIC, below(CEILING), slower_than(330)))
    assert not evidence.speed_known
    assert evidence.easy_share_slower_than == {}
    assert evidence.easy_share_below_ceiling[CEILING] > 0.97


def test_strides_are_counted() -> None:
    steps = [
        easy(30),
        *reps(6, duration_s=20, pace="3:20", recovery_duration_s=60, recovery_pace="7:00"),
        easy(3),
    ]
    evidence = evidence_for(build_run(steps, noise=0.05, seed=2), None)
    assert evidence.strides == 6


def test_a_long_runs_finishing_block_and_the_easy_part_before_it() -> None:
    run = build_run([easy(60), block(13.5, "4:30")], noise=0.03, seed=5)
    finish = SuccessCriterion(
        Check.BLOCK_IN_PACE_BAND, "", {"metres": 3000, "slow_mps": 3.65, "fast_mps": 3.75}
    )
    evidence = evidence_for(run, planned(Purpose.LONG_RUN, finish, below(CEILING)))
    assert evidence.final_block_m == pytest.approx(3000, abs=10)
    assert evidence.final_block_speed_mps == pytest.approx(1000 / 270, rel=0.01)
    assert evidence.easy_share_below_ceiling[CEILING] > 0.97  # the fast finish is left out


def test_extra_criteria_are_measured_for_an_unplanned_run() -> None:
    evidence = evidence_for(build_run([easy(30)]), None, extra_criteria=[below(CEILING)])
    assert CEILING in evidence.easy_share_below_ceiling


@cache
def corpus_runs() -> dict[tuple[str, int], act.Activity]:
    """Every running activity of the corpus, cleaned, keyed by (file name, leg index)."""
    found = {}
    for entry in manifest():
        try:
            activities = read_activities(entry.format.split()[0], entry.read(), entry.filename)
        except FileRejectedError:
            continue
        for leg, activity in enumerate(activities):
            if activity.sport == "running":
                found[entry.filename, leg] = clean_activity(activity, now_utc=NOW)
    return found


def test_every_corpus_run_gives_evidence() -> None:
    everything = planned(
        Purpose.LONG_RUN,
        below(150),
        slower_than(330),
        rep_band(5, 1000),
        SuccessCriterion(
            Check.BLOCK_IN_PACE_BAND, "", {"metres": 1000, "slow_mps": 3, "fast_mps": 4}
        ),
    )
    runs = corpus_runs()
    assert len(runs) > 30
    for run in runs.values():
        evidence = evidence_for(run, everything)
        assert evidence.duration_s >= 0 and evidence.distance_m >= 0
        shares = [
            *evidence.easy_share_below_ceiling.values(),
            *evidence.easy_share_slower_than.values(),
        ]
        assert all(0.0 <= share <= 1.0 for share in shares)
        assert evidence.heart_rate_known or not evidence.easy_share_below_ceiling
        assert evidence.speed_known or not evidence.easy_share_slower_than
