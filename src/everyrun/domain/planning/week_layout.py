"""Which days of a week carry the long run, the key sessions, easy running and rest.

A small search: every choice of running days and key days is scored, and the best that keeps
hard days apart wins. A week has at most 7 choose n × (n choose k) candidates (a few hundred),
and most weeks share a shape, so layouts are cached by shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations, pairwise


@dataclass(frozen=True)
class WeekShape:
    """A week reduced to what layout depends on (offsets 0–6 from the week's first day)."""

    open_days: tuple[int, ...]  # offsets the athlete can train on
    runs: int  # running days wanted
    keys: int  # key sessions wanted besides the long run
    long_day: int | None  # offset of the long run, or None (race, recovery weeks)
    race_day: int | None
    hard_before: bool  # the day before this week was hard
    hard_after: int | None  # offset (7) if the day after the week will be hard, else None


@dataclass(frozen=True)
class Layout:
    run_days: tuple[int, ...]
    key_days: tuple[int, ...]  # excluding long run and race
    long_day: int | None
    race_day: int | None

    @property
    def hard_days(self) -> tuple[int, ...]:
        fixed = [d for d in (self.long_day, self.race_day) if d is not None]
        return tuple(sorted({*self.key_days, *fixed}))


def _adjacent(days: tuple[int, ...]) -> bool:
    return any(b - a == 1 for a, b in pairwise(days))


def _score(shape: WeekShape, runs: tuple[int, ...], keys: tuple[int, ...]) -> float | None:
    hard = sorted({*keys, *(d for d in (shape.long_day, shape.race_day) if d is not None)})
    if _adjacent(tuple(hard)):
        return None
    if shape.hard_before and hard and hard[0] == 0:
        return None
    if shape.hard_after is not None and hard and hard[-1] == 6:
        return None
    score = 0.0
    # Spread hard days: reward the smallest gap between them (wrapping the week).
    if len(hard) >= 2:
        gaps = [b - a for a, b in pairwise(hard)] + [hard[0] + 7 - hard[-1]]
        score += 2.0 * min(gaps)
    # Rest the day after the long run or race, else at least run easy there.
    for fixed in (shape.long_day, shape.race_day):
        if fixed is not None and fixed + 1 <= 6 and fixed + 1 not in runs:
            score += 1.5
    # Rest days spread out rather than bunched.
    rests = [d for d in shape.open_days if d not in runs]
    score -= 0.5 * sum(1 for a, b in pairwise(rests) if b - a == 1)
    # Key sessions not the day before the long run (the long run needs fresh legs).
    if shape.long_day is not None and shape.long_day - 2 in keys:
        score += 0.5
    return score


@lru_cache(maxsize=4096)
def lay_out(shape: WeekShape) -> Layout:
    """The best layout, dropping key sessions (then runs) until hard days can be kept apart."""
    fixed = tuple(d for d in (shape.long_day, shape.race_day) if d is not None)
    others = tuple(d for d in shape.open_days if d not in fixed)
    runs_wanted = min(shape.runs, len(shape.open_days))
    for keys_wanted in range(shape.keys, -1, -1):
        best: tuple[float, tuple[int, ...], tuple[int, ...]] | None = None
        extra = max(0, runs_wanted - len(fixed))
        for chosen in combinations(others, min(extra, len(others))):
            runs = tuple(sorted((*fixed, *chosen)))
            for keys in combinations(chosen, min(keys_wanted, len(chosen))):
                score = _score(shape, runs, keys)
                if score is not None and (best is None or score > best[0]):
                    best = (score, runs, keys)
        if best is not None:
            return Layout(best[1], best[2], shape.long_day, shape.race_day)
    # Even the fixed days clash (a long run right after last week's hard day): keep them.
    return Layout(tuple(sorted(fixed)), (), shape.long_day, shape.race_day)


def long_run_offset(days: tuple[date, ...], open_days: tuple[int, ...], weekday: int) -> int | None:
    """The preferred weekday when open, else the open day nearest to it (later wins a tie)."""
    if not open_days:
        return None
    wanted = [i for i in open_days if days[i].weekday() == weekday]
    if wanted:
        return wanted[0]
    anchor = next((i for i, d in enumerate(days) if d.weekday() == weekday), None)
    if anchor is None:
        return open_days[-1]
    return min(open_days, key=lambda i: (abs(i - anchor), -i))
