"""AUDIT someone else's plan: every session read and given a purpose, then the rules our own
planner keeps (`planning.plan_rules`) checked against it, each broken rule with its evidence.

Weeks run Monday to Sunday; only full weeks inside the plan's first and last day are judged
per week. A day with nothing planned counts as a rest day. The score starts at 100 and loses
points per problem (capped per rule), so one bad habit cannot hide all the others.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from everyrun.domain.audit.plan_source import PlanRow, SkippedLine
from everyrun.domain.audit.workout_text import ParsedSession, parse_workout
from everyrun.domain.errors import EveryrunError
from everyrun.domain.planning.plan_rules import (
    EASY_SHARE,
    LONG_RUN_MAX_S,
    LONG_RUN_SHARE,
    MAX_WEEKLY_RISE,
)
from everyrun.domain.planning.session import Repeat, SessionKind, Step
from everyrun.domain.purpose import HARD_PURPOSES, Purpose
from everyrun.domain.science.vdot import TrainingPaces

# Sessions that need fresh legs the day after, as the planner spaces its key sessions.
HARD_FOR_SPACING = HARD_PURPOSES | {
    Purpose.LONG_RUN,
    Purpose.SPEED,
    Purpose.PROGRESSION,
    Purpose.FARTLEK,
}
CLUSTER_DAYS, CLUSTER_HARD = 4, 3  # three hard days inside four: no day to absorb them
RULE_LABELS = {
    "unclear_purpose": "every session has a clear purpose",
    "hard_days_back_to_back": "no hard days back to back",
    "hard_days_clustered": "no three hard days in four",
    "no_rest_day": "a rest or recovery day every week",
    "no_strength": "strength every week",
    "no_mobility": "mobility in the plan",
    "volume_ramp": "volume rises at most 10 % a week",
    "long_run": "long runs within 30 % of the week and 3 h",
    "easy_share": "75–85 % of running easy",
}
# Points lost per problem, and at most per rule.
_PENALTY = {
    "unclear_purpose": (3, 20),
    "hard_days_back_to_back": (8, 16),
    "hard_days_clustered": (10, 20),
    "no_rest_day": (10, 20),
    "no_strength": (4, 12),
    "no_mobility": (8, 8),
    "volume_ramp": (8, 16),
    "long_run": (8, 16),
    "easy_share": (4, 12),
}


@dataclass(frozen=True)
class AuditedSession:
    day: date
    where: str
    text: str  # the fragment of the line this session was read from
    kind: SessionKind
    purpose: Purpose
    confidence: float
    reason: str
    steps: tuple[Step | Repeat, ...]
    duration_s: float
    distance_m: float
    is_hard: bool


@dataclass(frozen=True)
class Unparsed:
    day: date | None
    where: str
    text: str
    reason: str


@dataclass(frozen=True)
class Flag:
    rule: str  # "no_rest_day", "volume_ramp", ...
    message: str  # what is wrong, in the runner's words
    evidence: tuple[str, ...]  # numbers and dates
    fix: str
    days: tuple[date, ...] = ()


@dataclass(frozen=True)
class AuditWeek:
    start: date  # Monday
    is_full: bool
    running_km: float
    running_s: float
    easy_share: float | None
    hard_days: int
    rest_days: int
    strength: int
    mobility: int


@dataclass(frozen=True)
class PlanAudit:
    first_day: date
    last_day: date
    sessions: tuple[AuditedSession, ...]
    weeks: tuple[AuditWeek, ...]
    flags: tuple[Flag, ...]
    unparsed: tuple[Unparsed, ...]
    checks_passed: tuple[str, ...]
    score: int  # 0-100
    paces_note: str  # where the paces behind the estimates came from


def audit_plan(
    rows: Sequence[PlanRow],
    *,
    paces: TrainingPaces,
    paces_note: str = "",
    skipped: Sequence[SkippedLine] = (),
) -> PlanAudit:
    """Read every row, infer each session's purpose, and check the plan against our rules."""
    if not rows:
        raise EveryrunError(
            "the plan has no workouts", "give a plan with at least one dated workout"
        )
    sessions: list[AuditedSession] = []
    unparsed = [Unparsed(None, s.where, s.text, s.reason) for s in skipped]
    for row in rows:
        result = parse_workout(row.text, paces)
        if not result.sessions and row.detail:
            result = parse_workout(row.detail, paces)
        for part in result.unparsed:
            unparsed.append(Unparsed(row.day, row.where, part, "not a workout we can read"))
        sessions.extend(_audited(row, s) for s in result.sessions)
    first, last = min(r.day for r in rows), max(r.day for r in rows)
    weeks = _weeks(sessions, first, last)
    checks = (
        ("unclear_purpose", _unclear(sessions, unparsed)),
        *_hard_days(sessions),
        ("no_rest_day", _rest(weeks)),
        ("no_strength", _strength(weeks)),
        ("no_mobility", _mobility(sessions, first, last)),
        ("volume_ramp", _ramp(weeks)),
        ("long_run", _long_runs(sessions, weeks)),
        ("easy_share", _easy_share(weeks)),
    )
    flags = [flag for _, found in checks for flag in found]
    passed = tuple(rule for rule, found in checks if not found)
    score = 100
    for rule, (points, cap) in _PENALTY.items():
        score -= min(cap, points * sum(f.rule == rule for f in flags))
    return PlanAudit(
        first, last, tuple(sessions), tuple(weeks), tuple(flags), tuple(unparsed),
        passed, max(0, score), paces_note,
    )  # fmt: skip


def _audited(row: PlanRow, session: ParsedSession) -> AuditedSession:
    return AuditedSession(
        day=row.day,
        where=row.where,
        text=session.text or row.text,
        kind=session.kind,
        purpose=session.purpose,
        confidence=session.confidence,
        reason=session.reason,
        steps=session.steps,
        duration_s=session.duration_s,
        distance_m=session.distance_m,
        is_hard=session.kind is SessionKind.RUN and session.purpose in HARD_FOR_SPACING,
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _is_restful(day_sessions: list[AuditedSession]) -> bool:
    """Nothing planned, rest, mobility, or only a recovery run."""
    for s in day_sessions:
        if s.kind in (SessionKind.REST, SessionKind.MOBILITY):
            continue
        if s.kind is SessionKind.RUN and s.purpose is Purpose.RECOVERY:
            continue
        return False
    return True


def _weeks(sessions: list[AuditedSession], first: date, last: date) -> list[AuditWeek]:
    by_day: dict[date, list[AuditedSession]] = defaultdict(list)
    for s in sessions:
        by_day[s.day].append(s)
    weeks = []
    monday = _monday(first)
    while monday <= last:
        days = [monday + timedelta(days=i) for i in range(7)]
        in_week = [s for d in days for s in by_day.get(d, [])]
        runs = [s for s in in_week if s.kind is SessionKind.RUN and s.purpose is not Purpose.RACE]
        easy = sum(_seconds(s)[0] for s in runs)
        hard = sum(_seconds(s)[1] for s in runs)
        weeks.append(
            AuditWeek(
                start=monday,
                is_full=first <= monday and days[-1] <= last,
                running_km=sum(s.distance_m for s in runs) / 1000.0,
                running_s=easy + hard,
                easy_share=easy / (easy + hard) if easy + hard else None,
                hard_days=len({s.day for s in in_week if s.is_hard}),
                rest_days=sum(_is_restful(by_day.get(d, [])) for d in days),
                strength=sum(s.kind is SessionKind.STRENGTH for s in in_week),
                mobility=sum(s.kind is SessionKind.MOBILITY for s in in_week),
            )
        )
        monday += timedelta(days=7)
    return weeks


def _seconds(session: AuditedSession) -> tuple[float, float]:
    easy = hard = 0.0
    for item in session.steps:
        times, steps = (item.times, item.steps) if isinstance(item, Repeat) else (1, (item,))
        for step in steps:
            if step.intensity.is_easy:
                easy += times * step.expected_duration_s
            else:
                hard += times * step.expected_duration_s
    return easy, hard


def _week_label(week: AuditWeek) -> str:
    return f"week of {week.start.isoformat()}"


def _unclear(sessions: list[AuditedSession], unparsed: list[Unparsed]) -> list[Flag]:
    flags = [
        Flag(
            "unclear_purpose",
            f"{s.day.isoformat()} {s.text!r} has no clear purpose",
            (f"{s.where}: {s.reason}",),
            "say what it is for: name the intensity (easy, recovery, tempo, '@ 10K pace') "
            "or the kind of run (long run, progression, strides)",
            (s.day,),
        )
        for s in sessions
        if s.purpose is Purpose.NO_CLEAR_PURPOSE
    ]
    flags += [
        Flag(
            "unclear_purpose",
            f"{u.day.isoformat()} {u.text!r} could not be read",
            (f"{u.where}: {u.reason}",),
            'write it as amount + intensity, e.g. "45\' easy" or "6x800m @ 5K pace w/ 400m jog"',
            (u.day,),
        )
        for u in unparsed
        if u.day is not None  # lines without a day are listed, but are not sessions
    ]
    return flags


def _hard_days(sessions: list[AuditedSession]) -> tuple[tuple[str, list[Flag]], ...]:
    hard = sorted({s.day for s in sessions if s.is_hard})
    what = defaultdict(list)
    for s in sessions:
        if s.is_hard:
            what[s.day].append(f"{s.day.isoformat()} {s.purpose.label}")
    clustered: set[date] = set()
    clusters = []
    for index, day in enumerate(hard):
        window = [d for d in hard[index:] if (d - day).days < CLUSTER_DAYS]
        if len(window) >= CLUSTER_HARD and not set(window) <= clustered:
            clustered |= set(window)
            clusters.append(
                Flag(
                    "hard_days_clustered",
                    f"{len(window)} hard days within {CLUSTER_DAYS} days from {day.isoformat()}",
                    tuple(e for d in window for e in what[d]),
                    "spread them out: at least one easy day between hard days",
                    tuple(window),
                )
            )
    pairs = [
        Flag(
            "hard_days_back_to_back",
            f"hard days back to back: {a.isoformat()} and {b.isoformat()}",
            (*what[a], *what[b]),
            "put an easy or rest day between them, or make one of them easy",
            (a, b),
        )
        for a, b in itertools.pairwise(hard)
        if (b - a).days == 1 and not {a, b} <= clustered
    ]
    return ("hard_days_back_to_back", pairs), ("hard_days_clustered", clusters)


def _rest(weeks: list[AuditWeek]) -> list[Flag]:
    return [
        Flag(
            "no_rest_day",
            f"no rest or recovery day in the {_week_label(w)}",
            (f"7 days of training, {w.hard_days} of them hard",),
            "make one day a rest day or a short recovery run",
            (w.start,),
        )
        for w in weeks
        if w.is_full and w.rest_days == 0
    ]


def _strength(weeks: list[AuditWeek]) -> list[Flag]:
    return [
        Flag(
            "no_strength",
            f"no strength training in the {_week_label(w)}",
            ("0 strength sessions; runners do best with 1–2 a week",),
            "add 1–2 short strength sessions, after a hard day's run or on an easy day",
            (w.start,),
        )
        for w in weeks
        if w.is_full and w.strength == 0
    ]


def _mobility(sessions: list[AuditedSession], first: date, last: date) -> list[Flag]:
    if any(s.kind is SessionKind.MOBILITY for s in sessions):
        return []
    days = (last - first).days + 1
    return [
        Flag(
            "no_mobility",
            "no mobility work anywhere in the plan",
            (f"0 mobility sessions in {days} days",),
            "add 10 minutes of mobility or yoga, ideally every day",
        )
    ]


def _ramp(weeks: list[AuditWeek]) -> list[Flag]:
    """Each full week against the last full week that was not lighter than the one before."""
    flags: list[Flag] = []
    reference: AuditWeek | None = None
    for week in (w for w in weeks if w.is_full and w.running_km > 0):
        if reference is not None:
            limit = reference.running_km * (1 + MAX_WEEKLY_RISE)
            if week.running_km > limit + 0.05:
                rise = week.running_km / reference.running_km - 1
                flags.append(
                    Flag(
                        "volume_ramp",
                        f"running volume rises {rise:.0%} in the {_week_label(week)}",
                        (
                            f"{week.running_km:.1f} km after {reference.running_km:.1f} km "
                            f"({_week_label(reference)}); at most {MAX_WEEKLY_RISE:.0%} a week",
                        ),
                        f"build to {limit:.1f} km at most that week",
                        (week.start,),
                    )
                )
        if reference is None or week.running_km >= reference.running_km:
            reference = week  # a lighter week does not lower the bar
    return flags


def _long_runs(sessions: list[AuditedSession], weeks: list[AuditWeek]) -> list[Flag]:
    flags = []
    for week in weeks:
        end = week.start + timedelta(days=6)
        for s in sessions:
            if s.purpose is not Purpose.LONG_RUN or not week.start <= s.day <= end:
                continue
            share = s.distance_m / 1000.0 / week.running_km if week.running_km else 1.0
            too_big = week.is_full and share > LONG_RUN_SHARE + 0.005
            if too_big or s.duration_s > LONG_RUN_MAX_S + 1:
                flags.append(
                    Flag(
                        "long_run",
                        f"the long run on {s.day.isoformat()} is too big",
                        (
                            f"{s.distance_m / 1000:.1f} km = {share:.0%} of the week's "
                            f"{week.running_km:.1f} km, about {s.duration_s / 60:.0f} min; "
                            f"at most {LONG_RUN_SHARE:.0%} and {LONG_RUN_MAX_S / 3600:.0f} h",
                        ),
                        "shorten it, or run more on the other days",
                        (s.day,),
                    )
                )
    return flags


def _easy_share(weeks: list[AuditWeek]) -> list[Flag]:
    low, high = EASY_SHARE
    flags = []
    for week in weeks:
        share = week.easy_share
        if not week.is_full or share is None or low <= share <= high:
            continue
        too_hard = share < low
        flags.append(
            Flag(
                "easy_share",
                f"{share:.1%} of running time easy in the {_week_label(week)}",
                (f"{week.running_s / 60:.0f} min of running; aim for {low:.0%}–{high:.0%} easy",),
                "make some of the hard running easy"
                if too_hard
                else "fine in a base or recovery week; otherwise add one quality session",
                (week.start,),
            )
        )
    return flags
