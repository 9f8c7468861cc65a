"""Matching done sessions to planned ones: same kind, a day apart at most, each used once."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from everyrun.domain.audit.matching import match_sessions
from everyrun.domain.audit.review_model import DoneSession, DoneSource, PurposeSource
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose

MONDAY = date(2026, 3, 2)
KINDS = [
    SessionKind.RUN,
    SessionKind.STRENGTH,
    SessionKind.MOBILITY,
    SessionKind.REST,
    SessionKind.RECOVERY,
]


def plan(
    day: int,
    kind: SessionKind = SessionKind.RUN,
    purpose: Purpose = Purpose.EASY_AEROBIC,
    *,
    minutes: float = 45,
    name: str = "",
) -> PlannedSession:
    when = MONDAY + timedelta(days=day)
    return PlannedSession(
        f"{when}-{kind.value}-{name or purpose.value}",
        when,
        kind,
        purpose,
        "",
        "",
        Phase.BUILD,
        1,
        (),
        duration_s=minutes * 60,
    )


def did(
    day: int,
    kind: SessionKind = SessionKind.RUN,
    purpose: Purpose | None = None,
    *,
    minutes: float = 45,
    ref: int = 1,
) -> DoneSession:
    return DoneSession(
        DoneSource.ACTIVITY,
        ref,
        MONDAY + timedelta(days=day),
        kind,
        purpose,
        PurposeSource.INFERRED,
        "",
        minutes * 60,
    )


def pairs_by_ref(pairs: list[tuple[PlannedSession | None, DoneSession | None]]) -> dict[int, str]:
    return {d.ref: p.id if p else "" for p, d in pairs if d is not None}


def test_a_run_on_its_planned_day_is_matched() -> None:
    easy, run = plan(1), did(1)
    assert match_sessions([easy], [run]) == [(easy, run)]


def test_swapped_sessions_are_read_as_a_swap_by_purpose() -> None:
    intervals = plan(1, purpose=Purpose.VO2MAX_INTERVALS, minutes=60)
    easy = plan(2, minutes=60)
    tuesday = did(1, purpose=Purpose.EASY_AEROBIC, ref=1, minutes=60)
    wednesday = did(2, purpose=Purpose.VO2MAX_INTERVALS, ref=2, minutes=60)
    matched = pairs_by_ref(match_sessions([intervals, easy], [tuesday, wednesday]))
    assert matched == {1: easy.id, 2: intervals.id}


def test_the_nearest_duration_wins_when_purposes_are_unknown() -> None:
    short, long = plan(5, minutes=40, name="short"), plan(6, minutes=120, name="long")
    matched = pairs_by_ref(match_sessions([short, long], [did(5, minutes=115, ref=7)]))
    assert matched == {7: long.id}


def test_a_run_two_days_late_is_unplanned_and_the_plan_missed() -> None:
    easy, run = plan(1), did(3)
    assert match_sessions([easy], [run]) == [(easy, None), (None, run)]


def test_a_run_on_a_rest_day_stays_unplanned() -> None:
    rest, run = plan(2, SessionKind.REST, Purpose.REST), did(2)
    assert match_sessions([rest], [run]) == [(rest, None), (None, run)]


def test_a_strength_log_matches_the_strength_session_not_the_run() -> None:
    run_plan = plan(3)
    gym = plan(3, SessionKind.STRENGTH, Purpose.STRENGTH)
    log = did(3, SessionKind.STRENGTH, Purpose.STRENGTH, ref=5)
    pairs = match_sessions([run_plan, gym], [log])
    assert (gym, log) in pairs and (run_plan, None) in pairs


def test_recovery_items_are_left_to_the_review() -> None:
    sleep = plan(0, SessionKind.RECOVERY, Purpose.SLEEP)
    assert match_sessions([sleep], []) == []


def test_every_session_can_be_matched_at_most_once() -> None:
    one, two = did(1, ref=1), did(1, ref=2)
    pairs = match_sessions([plan(1)], [one, two])
    assert sum(1 for p, d in pairs if p is not None and d is not None) == 1
    assert len(pairs) == 2


planned_sessions = st.lists(
    st.builds(
        plan,
        st.integers(0, 13),
        st.sampled_from(KINDS),
        st.sampled_from([Purpose.EASY_AEROBIC, Purpose.LONG_RUN, Purpose.VO2MAX_INTERVALS]),
        minutes=st.floats(10, 180),
        name=st.text("abc", min_size=1, max_size=4),
    ),
    max_size=14,
    unique_by=lambda p: p.id,
)
done_sessions = st.lists(
    st.builds(
        did,
        st.integers(0, 13),
        st.sampled_from([SessionKind.RUN, SessionKind.STRENGTH, SessionKind.MOBILITY]),
        st.sampled_from([None, Purpose.EASY_AEROBIC, Purpose.LONG_RUN, Purpose.STRENGTH]),
        minutes=st.floats(5, 200),
        ref=st.integers(0, 10_000),
    ),
    max_size=14,
    unique_by=lambda d: d.ref,
)


@settings(max_examples=150, deadline=None)
@given(planned_sessions, done_sessions)
def test_matching_uses_each_session_once_within_a_day_and_a_kind(
    planned: list[PlannedSession], done: list[DoneSession]
) -> None:
    pairs = match_sessions(planned, done)
    out_planned = [p.id for p, _ in pairs if p is not None]
    out_done = [d.ref for _, d in pairs if d is not None]
    assert sorted(out_done) == sorted(d.ref for d in done)  # each exactly once
    expected = [p.id for p in planned if p.kind is not SessionKind.RECOVERY]
    assert sorted(out_planned) == sorted(expected)
    for p, d in pairs:
        assert p is not None or d is not None
        if p is not None and d is not None:
            assert p.kind is d.kind
            assert p.kind not in (SessionKind.REST, SessionKind.RECOVERY)
            assert abs((p.day - d.day).days) <= 1


@settings(max_examples=100, deadline=None)
@given(planned_sessions, done_sessions)
def test_no_unmatched_pair_could_have_been_matched(
    planned: list[PlannedSession], done: list[DoneSession]
) -> None:
    """The assignment is maximal: a left-over plan and a left-over session never fit."""
    pairs = match_sessions(planned, done)
    lone_plans = [p for p, d in pairs if d is None and p is not None]
    lone_done = [d for p, d in pairs if p is None and d is not None]
    for p in lone_plans:
        for d in lone_done:
            fits = p.kind is d.kind and abs((p.day - d.day).days) <= 1
            assert not (
                fits and p.kind in (SessionKind.RUN, SessionKind.STRENGTH, SessionKind.MOBILITY)
            )
