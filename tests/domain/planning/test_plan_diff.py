"""Two plan versions compared: added, removed and changed sessions, by day."""

from __future__ import annotations

from dataclasses import replace

from everyrun.domain.planning.plan_diff import DiffKind, diff_plans
from tests.domain.planning.test_plan_record import sample_plan


def test_the_same_plan_has_no_differences() -> None:
    assert diff_plans(sample_plan(), sample_plan()) == ()


def test_added_removed_and_changed_sessions_are_named_with_their_fields() -> None:
    old = sample_plan()
    first, second, *rest = old.sessions
    changed = replace(first, title="Easy 5 km", distance_m=first.distance_m + 500)
    new = replace(old, sessions=(changed, *rest))

    diffs = diff_plans(old, new)

    by_id = {d.session_id: d for d in diffs}
    assert by_id[first.id].kind is DiffKind.CHANGED
    assert {"title", "distance_m"} <= set(by_id[first.id].fields)
    assert by_id[first.id].before == first and by_id[first.id].after == changed
    assert by_id[second.id].kind is DiffKind.REMOVED and by_id[second.id].after is None
    back = diff_plans(new, old)
    assert {d.session_id: d.kind for d in back}[second.id] is DiffKind.ADDED
    assert [d.day for d in diffs] == sorted(d.day for d in diffs)
