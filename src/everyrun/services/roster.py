"""Use case: a coach's athletes side by side, the one who needs attention first.

One row per live-linked athlete: today's readiness with its main reason, the risk flags
standing, the key sessions missed so far this week, the week's junk and its score. A row reads
years of history (the readiness history and the week's review), so the web keeps rows until
the athlete's data revision moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from everyrun.domain.readiness import Level, assess_readiness
from everyrun.domain.risk_flags import find_risk_flags
from everyrun.services.readiness import history_until
from everyrun.services.review import ReviewStore, review


@dataclass(frozen=True)
class RosterRow:
    athlete_id: int
    name: str
    day: date  # the athlete's local today
    readiness: Level
    top_reason: str | None  # the sentence behind the verdict
    flags: tuple[str, ...]
    missed_key: tuple[str, ...]  # "Tue: Intervals 5 × 1 km"
    junk: int
    score: float | None
    score_reason: str
    iso_week: str


def roster_row(store: ReviewStore, athlete_id: int, name: str, today: date) -> RosterRow:
    """The athlete's row for `today` (their local day)."""
    history = history_until(store, athlete_id, today)
    readiness = assess_readiness(history.days, today)
    flags = find_risk_flags(history.days, history.weekly_loads, today)
    week = review(store, athlete_id, week=None, today=today)
    worst = [r.sentence for r in readiness.reasons if r.verdict is readiness.level]
    missed = tuple(
        f"{m.planned.day:%a}: {m.planned.title}"
        for m in week.matches
        if m.planned is not None and m.planned.is_key and m.done is None and m.planned.day < today
    )
    return RosterRow(
        athlete_id=athlete_id,
        name=name,
        day=today,
        readiness=readiness.level,
        top_reason=worst[0] if worst else None,
        flags=tuple(f.sentence for f in flags),
        missed_key=missed,
        junk=len(week.junk),
        score=week.score,
        score_reason=week.score_reason,
        iso_week=week.iso_week,
    )


def by_attention(rows: Iterable[RosterRow]) -> list[RosterRow]:
    """Rest first, then caution; within a level, more risk flags, then more missed key
    sessions, then more junk; then by name."""
    return sorted(
        rows,
        key=lambda r: (
            -r.readiness.rank,
            -len(r.flags),
            -len(r.missed_key),
            -r.junk,
            r.name.lower(),
            r.athlete_id,
        ),
    )
