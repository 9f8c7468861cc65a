"""Judging by purpose: generated sessions of known structure against the planner's sessions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from everyrun.domain import activity as act
from everyrun.domain.audit.compliance import judge, judge_against_purpose
from everyrun.domain.audit.evidence import evidence_for
from everyrun.domain.audit.purpose_criteria import purpose_criteria
from everyrun.domain.audit.review_model import DoneSession, DoneSource, PurposeSource
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.recovery import rest_day
from everyrun.domain.planning.run_sessions import (
    SessionContext,
    easy_run,
    long_run,
    recovery_run,
    vo2max_session,
)
from everyrun.domain.planning.run_targets import RunTargets
from everyrun.domain.planning.session import (
    Check,
    Phase,
    PlannedSession,
    SessionKind,
    SuccessCriterion,
)
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.vdot import training_paces
from tests.domain.audit.test_evidence import corpus_runs
from tests.domain.workouts import build_run, cooldown, easy, reps, warmup

DAY = date(2026, 3, 3)
GOAL = Goal(GoalKind.RACE, 10000.0, date(2026, 6, 1))
# VDOT 55: I pace about 3:40/km, so the planner prescribes 1 km reps. Workouts.py's heart rate
# is 60 + 32 x speed: 5:30/km easy running is about 158 bpm, so the ceiling is 165.
TARGETS = RunTargets(training_paces(55), None, 165.0, "test ceiling", 190.0)
CTX = SessionContext(GOAL, TARGETS, Phase.BUILD, 3)


def done_run(activity: act.Activity, planned: PlannedSession | None) -> DoneSession:
    evidence = evidence_for(activity, planned)
    return DoneSession(
        DoneSource.ACTIVITY,
        1,
        DAY,
        SessionKind.RUN,
        None,
        PurposeSource.INFERRED,
        "Morning run",
        evidence.duration_s,
        evidence.distance_m,
        evidence=evidence,
    )


def pace(speed_mps: float) -> float:
    return 1000 / speed_mps  # seconds per km


def intervals_as_planned(planned: PlannedSession, slow_rep: int | None = None) -> act.Activity:
    params = planned.success[0].params
    middle = pace((params["slow_mps"] + params["fast_mps"]) / 2)
    steps = [warmup(15, "5:40")]
    for index in range(round(params["reps"])):
        rep_pace = middle * 1.03 if index == slow_rep else middle
        steps += reps(1, distance_m=params["rep_m"], pace=rep_pace)
        steps.append(easy(2, "6:30", kind="recovery"))
    steps.append(cooldown(10, "5:40"))
    return build_run(steps, noise=0.02, seed=7)


def test_intervals_at_the_planned_pace_are_on_purpose() -> None:
    planned = vo2max_session(CTX, DAY, 20 * 60)
    assert planned.title.endswith("× 1000 m")
    judgement = judge(planned, done_run(intervals_as_planned(planned), planned))
    count = round(planned.success[0].params["reps"])
    reps_result, easy_result = judgement.results
    assert reps_result.met and reps_result.score == pytest.approx(1.0)
    assert reps_result.detail.startswith(f"{count} of {count} reps of 1 km within ")
    assert easy_result.met, easy_result.detail
    assert judgement.verdict == "on purpose"
    assert "hit the reps and the pace band" in judgement.summary


def test_one_slow_rep_is_named_and_costs_part_of_the_credit() -> None:
    planned = vo2max_session(CTX, DAY, 20 * 60)
    count = round(planned.success[0].params["reps"])
    judgement = judge(planned, done_run(intervals_as_planned(planned, slow_rep=1), planned))
    result = judgement.results[0]
    assert result.detail.startswith(f"{count - 1} of {count} reps of 1 km")
    assert result.met  # 80 % of the reps in the band is what the planner asks
    assert 0.8 < result.score < 1.0  # 3 % slow: 40 % of that rep's credit kept
    paces = result.detail.split("(")[1].rstrip(")").split(", ")
    assert len(paces) == count


def test_an_easy_run_at_threshold_pace_missed_its_purpose() -> None:
    planned = easy_run(CTX, DAY, 8000)
    threshold = pace(TARGETS.paces.threshold_mps)
    judgement = judge(planned, done_run(build_run([easy(33, threshold)], noise=0.03), planned))
    easy_result, distance = judgement.results
    assert easy_result.met is False and easy_result.score == 0.0
    assert "below 165 bpm for 0 % of the time (needed 90 %)" in easy_result.detail
    assert distance.met
    assert judgement.verdict == "missed the purpose"
    assert judgement.summary.startswith("The easy run did not stay easy: easy parts below 165")


def test_an_easy_run_kept_easy_is_on_purpose() -> None:
    planned = easy_run(CTX, DAY, 8000)
    judgement = judge(planned, done_run(build_run([easy(46, "5:40")], noise=0.03), planned))
    assert judgement.verdict == "on purpose" and judgement.score == pytest.approx(1.0)
    assert judgement.summary.startswith("The easy run stayed easy: ")


def test_without_heart_rate_the_easy_criterion_is_not_judged() -> None:
    planned = easy_run(CTX, DAY, 8000)
    run = build_run([easy(46, "5:40")], heart_rate=False)
    judgement = judge(planned, done_run(run, planned))
    easy_result = judgement.results[0]
    assert easy_result.met is None and easy_result.detail == "no heart rate recorded"
    assert judgement.score == pytest.approx(1.0)  # judged on the distance alone
    assert "could not be checked" in judgement.summary


def test_a_short_long_run_gets_credit_by_distance() -> None:
    planned = long_run(CTX, DAY, 16000)
    run = build_run([easy(80, "5:40")], noise=0.02)  # about 14.1 km
    result = judge(planned, done_run(run, planned)).results[0]
    assert result.detail.endswith("km of 15.2 km") and result.met is False
    assert result.score == pytest.approx(run.distance_m / 15200, rel=0.01)  # type: ignore[operator]


def test_a_recovery_run_that_went_long_ran_too_long() -> None:
    planned = recovery_run(CTX, DAY, 5000, after="the intervals")
    run = build_run([easy(60, pace(TARGETS.paces.easy_slow_mps * 0.95))])
    judgement = judge(planned, done_run(run, planned))
    slower, at_most = judgement.results
    assert slower.met and not at_most.met
    assert "ran too long" in judgement.summary
    assert "stayed a recovery run" in judgement.summary


def test_a_session_not_done_or_not_yet_due() -> None:
    planned = easy_run(CTX, DAY, 8000)
    missed = judge(planned, None)
    assert (missed.verdict, missed.score) == ("not done", 0.0)
    assert all(r.met is False for r in missed.results)
    waiting = judge(planned, None, due=False)
    assert waiting.verdict == "not yet due"
    assert all(r.met is None for r in waiting.results)


def test_a_rest_day_is_kept_when_nothing_was_run() -> None:
    rest = rest_day(GOAL, Phase.BUILD, 3, DAY, "the long run")
    kept = judge(rest, None)
    assert (kept.verdict, kept.score) == ("on purpose", 1.0)
    broken = judge(rest, done_run(build_run([easy(30)]), None))
    assert broken.verdict == "missed the purpose"


def strength(minutes: float) -> PlannedSession:
    criterion = SuccessCriterion(Check.LOGGED, "strength logged", {"minutes": minutes})
    return PlannedSession(
        "s",
        DAY,
        SessionKind.STRENGTH,
        Purpose.STRENGTH,
        "Strength",
        "",
        Phase.BUILD,
        3,
        (criterion,),
    )


def log(kind: SessionKind, minutes: float) -> DoneSession:
    return DoneSession(
        DoneSource.LOG, 9, DAY, kind, None, PurposeSource.PLANNED, "log", minutes * 60
    )


def test_strength_logged_gets_credit_by_minutes() -> None:
    judgement = judge(strength(40), log(SessionKind.STRENGTH, 30))
    result = judgement.results[0]
    assert result.met and result.score == pytest.approx(0.75)
    assert result.detail == "strength logged: 30 of 40 min"
    assert judgement.verdict == "partly on purpose"
    assert judge(strength(40), log(SessionKind.MOBILITY, 30)).results[0].met is False


def test_an_unplanned_recovery_run_judged_against_its_named_purpose() -> None:
    criteria = purpose_criteria(Purpose.RECOVERY, TARGETS)
    jog = build_run([easy(30, pace(TARGETS.paces.easy_slow_mps * 0.95))], noise=0.03)
    evidence = evidence_for(jog, None, extra_criteria=criteria)
    done = replace(done_run(jog, None), evidence=evidence)
    judgement = judge_against_purpose(Purpose.RECOVERY, done, TARGETS)
    assert judgement.verdict == "on purpose", judgement.summary
    hard = build_run([easy(60, pace(TARGETS.paces.marathon_mps))], noise=0.03)
    evidence = evidence_for(hard, None, extra_criteria=criteria)
    done = replace(done_run(hard, None), evidence=evidence)
    assert judge_against_purpose(Purpose.RECOVERY, done, TARGETS).verdict == "missed the purpose"


def test_unplanned_intervals_need_three_reps_faster_than_threshold() -> None:
    interval = pace(TARGETS.paces.interval_mps)
    steps = [
        warmup(10),
        *reps(4, duration_s=180, pace=interval, recovery_duration_s=120),
        cooldown(),
    ]
    done = done_run(build_run(steps, noise=0.03, seed=3), None)
    judgement = judge_against_purpose(Purpose.VO2MAX_INTERVALS, done, TARGETS)
    assert judgement.results[0].detail.startswith("4 of 3 reps of 2:00")
    assert judgement.verdict == "on purpose"
    steady = done_run(build_run([easy(40)], noise=0.03), None)
    assert judge_against_purpose(Purpose.VO2MAX_INTERVALS, steady).verdict == "missed the purpose"


def test_no_clear_purpose_has_nothing_to_be_judged_against() -> None:
    done = done_run(build_run([easy(20)]), None)
    judgement = judge_against_purpose(Purpose.NO_CLEAR_PURPOSE, done)
    assert (judgement.verdict, judgement.score) == ("missed the purpose", 0.0)


def test_a_real_interval_session_from_the_corpus_is_judged_against_its_plan() -> None:
    """run_suunto9_4.3km_no-hr.fit: 5 x 850 m near 4:00/km with 1 min rests, no heart rate
    (tests/domain/data/run_purposes.tsv)."""
    band = SuccessCriterion(
        Check.REPS_IN_PACE_BAND,
        "5 reps of 850 m within 3:55–4:05/km",
        {"reps": 5, "rep_m": 850, "slow_mps": 1000 / 245, "fast_mps": 1000 / 235, "share": 0.8},
    )
    easy_parts = SuccessCriterion(
        Check.EASY_BELOW_HEART_RATE, "", {"heart_rate_bpm": 150, "share": 0.9}
    )
    planned = PlannedSession(
        "p",
        DAY,
        SessionKind.RUN,
        Purpose.VO2MAX_INTERVALS,
        "Intervals 5 × 850 m",
        "",
        Phase.BUILD,
        3,
        (band, easy_parts),
    )
    run = corpus_runs()["run_suunto9_4.3km_no-hr.fit", 0]
    judgement = judge(planned, done_run(run, planned))
    reps_result, heart = judgement.results
    assert reps_result.met, reps_result.detail
    assert reps_result.detail.startswith(("4 of 5 reps", "5 of 5 reps"))
    assert heart.met is None  # no heart-rate strap: not judged, not counted
    assert judgement.verdict in ("on purpose", "partly on purpose")
