"""Linking each done session to the planned session it carried out.

A session counts for the plan when it was the same kind (a run for a run, a strength log for a
strength session) within a day of its planned day; among the candidates the closest
prescription wins: the same purpose first, then the nearest duration or distance, then the
nearest day. Rest days and recovery items are never matched: a run on a rest day stays
unplanned, and sleep, fuelling and hydration are judged from wellness by the review.
"""

from __future__ import annotations

from collections.abc import Sequence

from everyrun.domain.audit.review_model import DoneSession
from everyrun.domain.planning.session import PlannedSession, SessionKind

MAX_DAYS_APART = 1  # moved to the day before or after is still the planned session
MATCHED_KINDS = frozenset(
    {SessionKind.RUN, SessionKind.STRENGTH, SessionKind.MOBILITY, SessionKind.CROSS}
)
# Costs are lexicographic, folded into one number: a purpose mismatch outweighs any size
# difference (capped at 5x), which outweighs a day's shift.
PURPOSE_COST = 1000.0
UNKNOWN_PURPOSE_COST = 500.0  # not yet inferred or named: half a mismatch
SIZE_COST = 100.0  # per unit of relative difference in duration or distance
MAX_SIZE_DIFFERENCE = 5.0
DAY_COST = 1.0
UNMATCHED = 1e9  # dearer than any real pair: as many pairs as possible are made first

Pair = tuple[PlannedSession | None, DoneSession | None]


def match_sessions(planned: Sequence[PlannedSession], done: Sequence[DoneSession]) -> list[Pair]:
    """Every matchable planned and every done session once: paired, or alone.

    The assignment is optimal, not greedy: it makes as many pairs as it can and, among those,
    the cheapest in total (Hungarian algorithm), so swapping two sessions between adjacent days
    is read as a swap, not as one match and two misses. It runs on each cluster of sessions
    that could be paired with one another, which stays small (a few days) over a long plan.
    Recovery items (sleep, fuelling, hydration) are left out of the result.
    """
    plans = [p for p in planned if p.kind is not SessionKind.RECOVERY]
    pairs: list[Pair] = []
    used_plans: set[int] = set()
    used_done: set[int] = set()
    for rows, cols in _clusters(plans, done):
        costs = [[_cost(plans[r], done[c]) for c in cols] for r in rows]
        for i, j in _assign(costs):
            if costs[i][j] < UNMATCHED:
                pairs.append((plans[rows[i]], done[cols[j]]))
                used_plans.add(rows[i])
                used_done.add(cols[j])
    pairs += [(p, None) for i, p in enumerate(plans) if i not in used_plans]
    pairs += [(None, d) for i, d in enumerate(done) if i not in used_done]
    return sorted(pairs, key=_order)


def can_match(planned: PlannedSession, done: DoneSession) -> bool:
    """Same kind, within a day, and a kind the plan expects a session for."""
    return (
        planned.kind in MATCHED_KINDS
        and planned.kind is done.kind
        and abs((planned.day - done.day).days) <= MAX_DAYS_APART
    )


def _cost(planned: PlannedSession, done: DoneSession) -> float:
    if not can_match(planned, done):
        return UNMATCHED
    if done.purpose is None:
        purpose = UNKNOWN_PURPOSE_COST
    else:
        purpose = 0.0 if done.purpose is planned.purpose else PURPOSE_COST
    return (
        purpose
        + SIZE_COST * _size_difference(planned, done)
        + DAY_COST * abs((planned.day - done.day).days)
    )


def _size_difference(planned: PlannedSession, done: DoneSession) -> float:
    """Relative difference in distance for runs (when both have one), else in duration."""
    if planned.distance_m > 0 and done.distance_m > 0:
        wanted, got = planned.distance_m, done.distance_m
    elif planned.duration_s > 0:
        wanted, got = planned.duration_s, done.duration_s
    else:
        return 0.0
    return min(MAX_SIZE_DIFFERENCE, abs(got - wanted) / wanted)


def _clusters(
    plans: Sequence[PlannedSession], done: Sequence[DoneSession]
) -> list[tuple[list[int], list[int]]]:
    """Groups of (planned indices, done indices) connected by possible pairs (union-find)."""
    parent = list(range(len(plans) + len(done)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    by_day: dict[tuple[SessionKind, int], list[int]] = {}
    for j, session in enumerate(done):
        by_day.setdefault((session.kind, session.day.toordinal()), []).append(j)
    for i, plan in enumerate(plans):
        for shift in range(-MAX_DAYS_APART, MAX_DAYS_APART + 1):
            for j in by_day.get((plan.kind, plan.day.toordinal() + shift), []):
                if can_match(plan, done[j]):
                    parent[root(i)] = root(len(plans) + j)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(plans)):
        groups.setdefault(root(i), ([], []))[0].append(i)
    for j in range(len(done)):
        groups.setdefault(root(len(plans) + j), ([], []))[1].append(j)
    return [(rows, cols) for rows, cols in groups.values() if rows and cols]


def _assign(costs: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of rows to columns (Hungarian algorithm with potentials,
    Kuhn 1955 / Munkres 1957, in the O(n³) shortest-augmenting-path form); the matrix is made
    square with UNMATCHED padding, and padded pairs are dropped."""
    n = max(len(costs), len(costs[0]) if costs else 0)
    if n == 0:
        return []
    square = [
        [costs[i][j] if i < len(costs) and j < len(costs[0]) else UNMATCHED for j in range(n)]
        for i in range(n)
    ]
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    owner, way = [0] * (n + 1), [0] * (n + 1)  # owner[j]: row (1-based) holding column j
    for row in range(1, n + 1):
        owner[0], col = row, 0
        least, seen = [inf] * (n + 1), [False] * (n + 1)
        while owner[col] != 0:
            seen[col] = True
            here, delta, next_col = owner[col], inf, 0
            for j in range(1, n + 1):
                if seen[j]:
                    continue
                reduced = square[here - 1][j - 1] - u[here] - v[j]
                if reduced < least[j]:
                    least[j], way[j] = reduced, col
                if least[j] < delta:
                    delta, next_col = least[j], j
            for j in range(n + 1):
                if seen[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            col = next_col
        while col:
            previous = way[col]
            owner[col] = owner[previous]
            col = previous
    return [
        (owner[j] - 1, j - 1)
        for j in range(1, n + 1)
        if owner[j] - 1 < len(costs) and j - 1 < len(costs[0])
    ]


def _order(pair: Pair) -> tuple[int, int, str, int]:
    planned, done = pair
    day = planned.day if planned is not None else done.day if done is not None else None
    assert day is not None
    return (
        day.toordinal(),
        0 if planned else 1,
        planned.id if planned else "",
        done.ref if done else 0,
    )
