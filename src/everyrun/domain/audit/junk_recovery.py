"""Recovery skipped: sleep debt, no rest day, a niggle run through — the risk flags' own
thresholds (`domain.risk_flags`), turned into junk with what to do instead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from everyrun.domain.audit.junk_week import (
    QUALITY_PURPOSES,
    JunkWeek,
    day_name,
    describe,
    key_phrase,
)
from everyrun.domain.audit.review_model import JunkFlag, JunkKind, SessionMatch
from everyrun.domain.planning.session import SessionKind
from everyrun.domain.purpose import Purpose
from everyrun.domain.readiness import DayHistory
from everyrun.domain.risk_flags import FlagKind, RiskFlag, find_risk_flags


def recovery_flags(
    matches: Sequence[SessionMatch], history: Sequence[DayHistory], week: JunkWeek
) -> list[JunkFlag]:
    if not history:
        return []
    standing: dict[FlagKind, list[RiskFlag]] = {}
    day = week.first
    while day <= min(week.last, week.today):
        for flag in find_risk_flags(history, [], day):
            standing.setdefault(flag.kind, []).append(flag)
        day += timedelta(days=1)
    flags: list[JunkFlag] = []
    debts = standing.get(FlagKind.sleep_debt, [])
    if debts:
        worst = max(debts, key=lambda f: f.numbers["debt_hours"])
        flags.append(_sleep_debt(worst, week))
    rests = standing.get(FlagKind.no_rest_day, [])
    if rests:
        flags.append(_no_rest(rests[-1], week))
    flags.extend(_niggles_ignored(standing.get(FlagKind.repeated_niggle, []), matches, week))
    return flags


def _sleep_debt(flag: RiskFlag, week: JunkWeek) -> JunkFlag:
    sleep = [
        p.success[0].params.get("hours")
        for p in week.planned
        if p.purpose is Purpose.SLEEP and p.success
    ]
    hours = next((h for h in sleep if h), flag.numbers["need_hours"])
    return JunkFlag(
        JunkKind.SLEEP_DEBT,
        flag.day,
        f"{day_name(flag.day)}: {flag.sentence}",
        f"Aim for {hours:g} h a night until the debt is paid: sleep is where training is "
        f"absorbed, and {key_phrase(week, flag.day)} needs it.",
    )


def _no_rest(flag: RiskFlag, week: JunkWeek) -> JunkFlag:
    rest = next((p for p in week.planned if p.kind is SessionKind.REST and p.day > flag.day), None)
    when = f"{day_name(rest.day)} ({rest.day})" if rest is not None else "tomorrow"
    return JunkFlag(
        JunkKind.NO_REST_DAY,
        flag.day,
        f"{day_name(flag.day)}: {flag.sentence}",
        f"Take {when} fully off — no run, no strength: fitness is built on the rest days, "
        f"and {key_phrase(week, flag.day)} needs it.",
    )


def _niggles_ignored(
    flags: Sequence[RiskFlag], matches: Sequence[SessionMatch], week: JunkWeek
) -> list[JunkFlag]:
    """A repeated niggle standing, and a hard or extra run that day or the next."""
    found: list[JunkFlag] = []
    seen: set[str] = set()
    for flag in flags:
        where = flag.sentence.split(" niggle", 1)[0]
        if where in seen:
            continue
        for match in matches:
            done = match.done
            if done is None or done.kind is not SessionKind.RUN:
                continue
            if not 0 <= (done.day - flag.day).days <= 1:
                continue
            planned = match.planned
            hard = (planned is not None and planned.is_hard) or done.purpose in QUALITY_PURPOSES
            if not hard and planned is not None:
                continue
            what = "went ahead" if planned is not None else "was added off plan"
            found.append(
                JunkFlag(
                    JunkKind.NIGGLE_IGNORED,
                    done.day,
                    f"{flag.sentence}, and {describe(done)} {what}",
                    f"Swap hard running for easy runs or cross-training until the {where} is "
                    "quiet again, so it does not cost the weeks ahead; if it is still there in "
                    "a week, see a physio.",
                    done.ref,
                )
            )
            seen.add(where)
            break
    return found
