"""Nothing enters twice: the same session recorded twice (two formats, two devices) is one.

Two recordings are the same session when they cover mostly the same time in the same sport:
a FIT and a GPX of one run, or a watch and a bike computer over the same ride.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

SAME_SESSION_OVERLAP = 0.5  # share of the shorter recording that must overlap
SHORT_RECORDING_S = 60.0  # below this, overlap means little: compare start times instead
_INTERCHANGEABLE = {"generic"}  # a sport word that says nothing conflicts with nothing


class RecordedSpan(Protocol):
    @property
    def sport(self) -> str: ...
    @property
    def start_utc(self) -> datetime: ...
    @property
    def elapsed_s(self) -> float: ...


Span = TypeVar("Span", bound=RecordedSpan)


def is_same_session(a: RecordedSpan, b: RecordedSpan) -> bool:
    if a.sport != b.sport and not ({a.sport, b.sport} & _INTERCHANGEABLE):
        return False
    a_end = a.start_utc + timedelta(seconds=a.elapsed_s)
    b_end = b.start_utc + timedelta(seconds=b.elapsed_s)
    shorter_s = min(a.elapsed_s, b.elapsed_s)
    if shorter_s < SHORT_RECORDING_S:
        return abs((a.start_utc - b.start_utc).total_seconds()) <= SHORT_RECORDING_S
    overlap_s = (min(a_end, b_end) - max(a.start_utc, b.start_utc)).total_seconds()
    return overlap_s >= SAME_SESSION_OVERLAP * shorter_s


def find_same_session(candidate: RecordedSpan, stored: Iterable[Span]) -> Span | None:
    """The stored recording of the same session, if any (the one overlapping most)."""
    matches = [s for s in stored if is_same_session(candidate, s)]
    if not matches:
        return None
    return min(matches, key=lambda s: abs((s.start_utc - candidate.start_utc).total_seconds()))
