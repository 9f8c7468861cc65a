"""Junk flags: each kind at its boundary, with numbers in the reason and the week in the advice."""

from __future__ import annotations

from datetime import timedelta

from everyrun.domain.audit.junk import flag_junk
from everyrun.domain.audit.review_model import (
    Evidence,
    JunkFlag,
    JunkKind,
    PurposeSource,
    RepEvidence,
)
from everyrun.domain.planning.session import SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import DayHistory, Level, Readiness, Reason
from everyrun.domain.wellness import Niggle, WellnessEntry
from tests.domain.audit.review_fixtures import (
    MONDAY,
    PACES,
    SUNDAY,
    day,
    easy_evidence,
    history,
    log,
    matched,
    planned,
    run,
    threshold,
)


def kinds(flags: tuple[JunkFlag, ...]) -> list[JunkKind]:
    return [f.kind for f in flags]


def flags_for(matches: list, plans: list | None = None, **kwargs: object) -> tuple[JunkFlag, ...]:
    plans = plans if plans is not None else [m.planned for m in matches if m.planned]
    return flag_junk(matches, plans, first=MONDAY, today=SUNDAY, paces=PACES, **kwargs)  # type: ignore[arg-type]


def test_a_run_without_purpose_is_grey_zone_junk_naming_the_next_key_session() -> None:
    key = threshold(3)
    (flag,) = flags_for([matched(None, run(1, Purpose.NO_CLEAR_PURPOSE, ref=42))], [key])

    assert flag.kind is JunkKind.GREY_ZONE
    assert flag.ref == 42
    assert flag.reason.startswith("Tuesday's 8.0 km at 5:38/km had no purpose")
    assert "45 min" in flag.reason
    assert "slower than" in flag.suggestion
    assert "Thursday's threshold 3 × 8 min needs fresh legs" in flag.suggestion


def test_an_easy_run_is_too_hard_just_below_its_share_and_fine_at_it() -> None:
    plan = planned(1)
    too_hard = flags_for([matched(plan, run(1, evidence=easy_evidence(0.89)))])
    easy_enough = flags_for([matched(plan, run(1, evidence=easy_evidence(0.90)))])

    assert kinds(too_hard) == [JunkKind.EASY_TOO_HARD]
    assert "89 %" in too_hard[0].reason and "needed 90 %" in too_hard[0].reason
    assert easy_enough == ()


def _reps(speed: float) -> Evidence:
    rep = RepEvidence(duration_s=480.0, distance_m=speed * 480, speed_mps=speed)
    return Evidence(3300.0, 10000.0, reps=(rep, rep, rep), speed_known=True)


def test_a_hard_session_run_slow_is_too_easy_but_run_fast_is_not() -> None:
    plan = threshold(3)
    slow = flags_for([matched(plan, run(3, Purpose.TEMPO_THRESHOLD, evidence=_reps(3.0)))])
    fast = flags_for([matched(plan, run(3, Purpose.TEMPO_THRESHOLD, evidence=_reps(4.5)))])

    assert kinds(slow) == [JunkKind.HARD_TOO_EASY]
    assert "0 of 3 reps" in slow[0].reason
    assert fast == ()


def test_an_extra_easy_run_is_unneeded_unless_it_makes_up_a_missed_one() -> None:
    easy = planned(0)
    extra = run(2, ref=7)
    done_week = flags_for([matched(easy, run(0)), matched(None, extra)])
    missed_week = flags_for([matched(easy, None), matched(None, extra)])

    assert kinds(done_week) == [JunkKind.UNNEEDED_RUN]
    assert "were all done" in done_week[0].reason
    assert missed_week == ()


def test_one_more_run_on_a_planned_rest_day_is_flagged() -> None:
    rest = planned(3, SessionKind.REST, Purpose.REST, title="Rest day")
    key = threshold(4)
    (flag,) = flags_for([matched(rest, None), matched(None, run(3, ref=9))], [rest, key])

    assert flag.kind is JunkKind.RUN_ON_REST_DAY
    assert "Friday's threshold" in flag.suggestion


def test_a_run_on_a_rest_readiness_day_is_flagged_unless_it_was_recovery() -> None:
    reason = Reason(
        "sleep_debt", 11.0, "≤ 5 h", Level.rest, "sleep debt 11.0 h over the last 7 nights"
    )
    readiness = {day(1): Readiness(day(1), Level.rest, [reason], [])}
    plan = planned(1)
    easy = flags_for([matched(plan, run(1, evidence=easy_evidence(0.95)))], readiness=readiness)
    recovery = flags_for(
        [matched(None, run(1, Purpose.RECOVERY, source=PurposeSource.ATHLETE))],
        [],
        readiness=readiness,
    )

    assert kinds(easy) == [JunkKind.RUN_ON_REST_DAY]
    assert "sleep debt 11.0 h" in easy[0].reason
    assert JunkKind.RUN_ON_REST_DAY not in kinds(recovery)


def test_strength_off_plan_is_random_and_on_plan_is_not() -> None:
    slot = planned(1, SessionKind.STRENGTH, Purpose.STRENGTH, title="Strength: single-leg")
    off = flags_for([matched(slot, None), matched(None, log(5, SessionKind.STRENGTH))])
    on = flags_for([matched(slot, log(1, SessionKind.STRENGTH))])

    assert kinds(off) == [JunkKind.RANDOM_STRENGTH]
    assert "Tuesday" in off[0].reason
    assert on == ()


def _mobility_week(done_days: int) -> tuple[JunkFlag, ...]:
    matches = []
    for offset in range(7):
        plan = planned(offset, SessionKind.MOBILITY, Purpose.MOBILITY, title="Mobility", minutes=6)
        done = (
            log(offset, SessionKind.MOBILITY, ref=offset, minutes=6) if offset < done_days else None
        )
        matches.append(matched(plan, done))
    return flags_for(matches)


def test_mobility_done_on_fewer_than_half_the_days_is_sporadic() -> None:
    assert kinds(_mobility_week(3)) == [JunkKind.SPORADIC_MOBILITY]
    assert "3 of the 7 days" in _mobility_week(3)[0].reason
    assert _mobility_week(4) == ()


def test_sleep_debt_above_the_risk_flag_threshold_is_skipped_recovery() -> None:
    short = flags_for([], [], history=history(14, sleep_hours=7.2))  # 5.6 h over 7 nights
    enough = flags_for([], [], history=history(14, sleep_hours=7.3))  # 4.9 h

    assert kinds(short) == [JunkKind.SLEEP_DEBT]
    assert "5.6 h" in short[0].reason
    assert enough == ()


def test_ten_days_without_rest_is_flagged_and_nine_is_not() -> None:
    def streak(days: int) -> list[DayHistory]:
        rested = history(20, last=SUNDAY - timedelta(days=days))
        busy = history(days, rested=False)
        return [*rested, *busy]

    assert JunkKind.NO_REST_DAY in kinds(flags_for([], [], history=streak(10)))
    assert JunkKind.NO_REST_DAY not in kinds(flags_for([], [], history=streak(9)))


def test_a_repeated_niggle_then_a_hard_session_is_ignored() -> None:
    niggle = (Niggle("achilles", "left", 3),)
    days = [
        DayHistory(day(i), 0.0, False, True, wellness=WellnessEntry(day(i), niggles=niggle))
        for i in (0, 1)
    ]
    key = threshold(2)
    hard = flags_for(
        [
            matched(
                key,
                run(
                    2,
                    Purpose.TEMPO_THRESHOLD,
                    evidence=_reps(key.success[0].params["slow_mps"] + 0.01),
                ),
            )
        ],
        history=days,
    )
    once = flags_for(
        [matched(key, run(2, Purpose.TEMPO_THRESHOLD, evidence=_reps(4.0)))], history=days[:1]
    )

    assert kinds(hard) == [JunkKind.NIGGLE_IGNORED]
    assert "left achilles" in hard[0].reason and "went ahead" in hard[0].reason
    assert JunkKind.NIGGLE_IGNORED not in kinds(once)
