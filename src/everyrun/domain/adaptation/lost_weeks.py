"""A lost week or two: the rest of the plan is rebuilt by the planner from the volume the runner
can come back at, so the phases are re-sized to the weeks left, and a race target is judged
again — said plainly when it is no longer realistic.

Lost training is read from what was done in the three weeks before `as_of` (never before the
plan's start, nor before the last rebuild): a stretch of at least `MIN_LOST_DAYS` days without
running while the plan had running, or under `LOW_DONE_SHARE` of the planned kilometres done in
the last `SHARE_WINDOW_DAYS`. Sick days count as lost like any other: the illness rule (run after
this one) still pauses the sick days to come and eases the first days back, on the rebuilt plan.
A race too close to rebuild for (the taper has begun, or begins within a week) keeps its taper.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from everyrun.domain.adaptation.changes import Adaptation, Change, Rule
from everyrun.domain.planning.feasibility import assess
from everyrun.domain.planning.goal import GoalKind
from everyrun.domain.planning.periodization import peak_km, plan_calendar
from everyrun.domain.planning.plan import Plan, RuleResult
from everyrun.domain.planning.plan_rules import check_plan, training_km
from everyrun.domain.planning.planner import build_plan
from everyrun.domain.planning.run_sessions import SessionContext, easy_run
from everyrun.domain.planning.run_targets import run_targets
from everyrun.domain.planning.runner import WEEKDAYS
from everyrun.domain.planning.session import Phase, PlannedSession, SessionKind
from everyrun.domain.purpose import Purpose

LOOKBACK_DAYS = 21  # lost training is looked for in the last three weeks
# A week without running is the missed-key-session rule's business (moved or dropped, nothing
# owed); from ten days on — more than a full plan week — the plan's shape no longer fits
# (everyrun's convention: Daniels counts up to 5 days off as costing no fitness, and Mujika &
# Padilla 2000 find measurable VO2max losses within 2–4 weeks without training).
MIN_LOST_DAYS = 10
# Or a fortnight with a little running: under a quarter of the planned kilometres done is a
# lost fortnight too (everyrun's convention; Mujika & Padilla 2000 Part I: a training stimulus
# reduced this far no longer maintains the adaptations).
SHARE_WINDOW_DAYS = 14
LOW_DONE_SHARE = 0.25
MIN_PLANNED_RUN_DAYS = 2  # a stretch with less running planned lost nothing
# Coming back (everyrun's convention, conservative): resume at 100 % − 2.5 % per day lost of the
# last full week reached, never below half of it — 75 % after 10 days, 65 % after 14, 50 % from
# 20 — and never below what was run in the last seven days.
RESUME_LOSS_PER_DAY = 0.025
MIN_RESUME_SHARE = 0.5
RESTART_STEP = 0.1  # a restart too small for the planning rules is raised by 10 % steps
# Fitness lost, for judging the target: none for the first 5 days (Daniels' Running Formula),
# then 0.5 % of VDOT a day — 4.5 % after 14 days, 8 % after 21, inside the 4–14 % VO2max loss
# Mujika & Padilla 2000 report for under four weeks without training (Coyle et al. 1984: ~7 %
# after 21 days).
FREE_DAYS = 5
VDOT_LOSS_PER_DAY = 0.005
# Rebuilt sessions of the first day carry this in their why: a later run of the rule counts lost
# days only after it, so one lost fortnight is rebuilt for once.
REBUILT_MARK = "Rebuilt after lost training"
NO_CAP_KM = 1e9
_KIND_ORDER = (
    SessionKind.RUN,
    SessionKind.CROSS,
    SessionKind.STRENGTH,
    SessionKind.MOBILITY,
    SessionKind.REST,
    SessionKind.RECOVERY,
)
_PHASE_ORDER = (Phase.RETURN, Phase.BASE, Phase.BUILD, Phase.PEAK, Phase.TAPER)


@dataclass(frozen=True)
class LostTraining:
    days: int  # days lost (for a thin fortnight: its days weighted by the share not done)
    since: date  # the first day counted
    planned_km: float  # running planned over those days
    done_km: float  # running done over them (the planned distance of the sessions done)
    recent_km: float  # running done in the last seven days before as_of

    @property
    def words(self) -> str:
        done = f"{self.done_km:.1f} of {self.planned_km:.1f} km planned done"
        if self.done_km == 0:
            return f"{self.days} days without running since {self.since.isoformat()} ({done})"
        return (
            f"only {self.done_km / self.planned_km * 100:.0f} % of the running done since "
            f"{self.since.isoformat()} ({done}, about {self.days} days lost)"
        )


def lost_training(plan: Plan, done: Mapping[str, date], as_of: date) -> LostTraining | None:
    """The training lost in the days before `as_of`, or None when it is not enough to re-size."""
    first = max(plan.start, as_of - timedelta(days=LOOKBACK_DAYS))
    rebuilt = [s.day for s in plan.sessions if REBUILT_MARK in s.why and s.day <= as_of]
    if rebuilt:
        first = max(first, max(rebuilt))
    if as_of > plan.goal.day or as_of - first < timedelta(days=MIN_LOST_DAYS):
        return None
    runs = [s for s in plan.runs() if s.purpose is not Purpose.RACE]
    ran = {done[s.id] for s in runs if s.id in done}
    away = plan.runner.availability.days_away

    def totals(since: date) -> tuple[float, float, int]:
        planned = [s for s in runs if since <= s.day < as_of and s.day not in away]
        done_m = sum(s.distance_m for s in runs if s.id in done and since <= done[s.id] < as_of)
        return (
            sum(s.distance_m for s in planned) / 1000,
            done_m / 1000,
            len({s.day for s in planned}),
        )

    recent = totals(max(first, as_of - timedelta(days=7)))[1]
    day = as_of - timedelta(days=1)
    while day >= first and day not in ran:
        day -= timedelta(days=1)
    since = day + timedelta(days=1)
    gap = sum(1 for i in range((as_of - since).days) if since + timedelta(days=i) not in away)
    planned, done_km, run_days = totals(since)
    if gap >= MIN_LOST_DAYS and run_days >= MIN_PLANNED_RUN_DAYS:
        return LostTraining(gap, since, planned, done_km, recent)
    window = max(first, as_of - timedelta(days=SHARE_WINDOW_DAYS))
    if (as_of - window).days < MIN_LOST_DAYS:
        return None
    planned, done_km, run_days = totals(window)
    if run_days < MIN_PLANNED_RUN_DAYS or planned <= 0 or done_km >= LOW_DONE_SHARE * planned:
        return None
    days = round((as_of - window).days * (1 - done_km / planned))
    return LostTraining(days, window, planned, done_km, recent)


def lost_time(plan: Plan, done: Mapping[str, date], as_of: date) -> Adaptation:
    """After a lost week or two: the rest of the plan rebuilt from `as_of` at the volume the
    runner comes back at, phases re-sized to the weeks left, the race target judged again."""
    lost = lost_training(plan, done, as_of)
    if lost is None:
        return Adaptation(plan)
    verdict = _verdict(plan, lost, as_of)
    calendar = plan_calendar(plan.goal, plan.runner, plan.start, NO_CAP_KM)
    taper = calendar.taper_start
    if taper is not None and as_of >= taper - timedelta(days=7):
        race_day = plan.goal.day
        sentence = (
            f"Kept the taper: {lost.words}, but the race is {(race_day - as_of).days} days away "
            f"and the taper {'began' if as_of >= taper else 'begins'} on {taper.isoformat()} — "
            "too close to rebuild, so nothing is rebuilt and the taper stays as planned (no "
            f"catching up){verdict}"
        )
        return Adaptation(plan, (Change(Rule.LOST_TIME, as_of, sentence, None, None),))
    if plan.goal.day - as_of < timedelta(days=7):
        return Adaptation(plan)  # under a week to the end of the block: nothing to re-size
    reference = _reached_km(plan, lost.since)
    share = max(MIN_RESUME_SHARE, 1 - RESUME_LOSS_PER_DAY * lost.days)
    resume = round(min(reference, max(lost.recent_km, reference * share)), 1)
    kept = {r.rule for r in _report(plan, plan) if r.met}
    why_not = ""
    # A very small restart can break rules the plan keeps (small weeks hold few runs, so the
    # long run is a large share): then the restart is raised in steps until the rebuilt part
    # keeps them, never above the volume reached.
    for volume in _restarts(resume, reference):
        for day in _boundaries(plan, as_of):
            merged = _rebuilt(plan, day, volume, lost)
            broken = [r for r in _report(merged, plan) if r.rule in kept and not r.met]
            if not broken:
                raised = (
                    f" (raised from {resume:.1f} km so the rebuilt weeks keep the planning rules)"
                    if volume > resume
                    else ""
                )
                change = _change(plan, merged, day, lost, reference, volume, raised, verdict)
                return Adaptation(merged, (change,))
            why_not = "; ".join(f"{r.rule.replace('_', ' ')}: {r.detail}" for r in broken)
    sentence = (
        f"Not rebuilt: {lost.words}, but a plan rebuilt from {resume:.1f} km a week would break "
        f"a planning rule the plan keeps ({why_not}), so it stays as it is — come back easy "
        f"for the first days{verdict}"
    )
    return Adaptation(plan, (Change(Rule.LOST_TIME, as_of, sentence, None, None),))


def reshaped(plan: Plan, day: date, shape: Plan | None = None) -> Plan:
    """`plan`, whose sessions from `day` on come from a rebuild, with weeks, race pace and last
    day to match: phases, lighter weeks and focus as the planner lays them out from the week
    holding `day` (`shape`, or built again here: they do not depend on the volume), volumes
    counted from the sessions. Applying an accepted change ends here too."""
    number = (day - plan.start).days // 7 + 1
    week_start = plan.start + timedelta(days=7 * (number - 1))
    if shape is None:
        shape = build_plan(plan.goal, plan.runner, week_start)
    offset = number - 1
    weeks = [
        *plan.weeks[:offset],
        *(
            replace(
                w,
                number=w.number + offset,
                volume_km=round(
                    training_km([s for s in plan.sessions if s.week == w.number + offset]), 1
                ),
            )
            for w in shape.weeks
        ),
    ]
    return replace(
        plan,
        weeks=tuple(weeks),
        race_pace_mps=shape.race_pace_mps,
        last_day=shape.end,
    )


# --- the rebuild ---------------------------------------------------------------------------------


def _boundaries(plan: Plan, as_of: date) -> list[date]:
    """Where the rebuild may start: the next plan day, else the next week (when rebuilding
    mid-week would break a rule the plan keeps)."""
    number = (as_of - plan.start).days // 7 + 1
    following = plan.start + timedelta(days=7 * number)
    days = [as_of]
    if following != as_of and plan.goal.day - following >= timedelta(days=7):
        days.append(following)
    return days


def _restarts(resume_km: float, reference_km: float) -> list[float]:
    """The restart volume, then raised by a tenth of the volume reached at a time up to it."""
    volumes = [resume_km]
    step = max(RESTART_STEP * reference_km, 0.1)  # at least 100 m: rounding must not stall it
    while volumes[-1] < reference_km - 0.05:
        raised = min(reference_km, round(volumes[-1] + step, 1))
        volumes.append(raised if raised > volumes[-1] else reference_km)
    return volumes


def _rebuilt(plan: Plan, day: date, resume_km: float, lost: LostTraining) -> Plan:
    number = (day - plan.start).days // 7 + 1
    week_start = plan.start + timedelta(days=7 * (number - 1))
    runner = replace(plan.runner, weekly_km=resume_km, recent_daily_load=())
    rebuilt = build_plan(plan.goal, runner, week_start)
    offset = number - 1
    future = [replace(s, week=s.week + offset) for s in rebuilt.sessions if s.day >= day]
    kept = [s for s in plan.sessions if s.day < day]
    merged = _clear_eve(replace(plan, sessions=tuple(_sorted([*kept, *future]))), day)
    mark = f"{REBUILT_MARK} ({lost.days} days lost): back from {resume_km:.1f} km a week. "
    first = min((s.day for s in future), default=day)
    marked = (replace(s, why=mark + s.why) if s.day == first else s for s in merged.sessions)
    merged = reshaped(replace(merged, sessions=tuple(marked)), day, rebuilt)
    return replace(merged, rules=_report(merged, plan))


def _clear_eve(plan: Plan, day: date) -> Plan:
    """The rebuild cannot see the day before it: a hard run on its first day after a hard day
    or strength is eased to an easy run."""
    eve = day - timedelta(days=1)
    crowded = any(s.is_hard or s.kind is SessionKind.STRENGTH for s in plan.sessions_on(eve))
    first = next((s for s in plan.sessions_on(day) if s.is_hard), None)
    if not crowded or first is None or first.purpose is Purpose.RACE:
        return plan
    targets = run_targets(plan.runner, plan.race_pace_mps)
    ctx = SessionContext(plan.goal, targets, first.phase, first.week)
    eased = easy_run(ctx, first.day, first.distance_m * 0.8)
    eased = replace(
        eased,
        id=first.id,
        why=f"Eased from {_what(first)}: the day before was hard or held strength. {eased.why}",
    )
    return replace(
        plan, sessions=tuple(_sorted([*(s for s in plan.sessions if s.id != first.id), eased]))
    )


def _reached_km(plan: Plan, since: date) -> float:
    """The running of the last full plan week before the lost days began (the runner's own
    volume when they began in week 1)."""
    number = (since - plan.start).days // 7  # the week before the one holding `since`
    full = [w for w in plan.weeks[:number] if not w.is_lighter and w.volume_km > 0]
    return full[-1].volume_km if full else plan.runner.weekly_km


def _verdict(plan: Plan, lost: LostTraining, as_of: date) -> str:
    """The race target judged again from `as_of`, at the fitness left after the days lost."""
    goal = plan.goal
    if goal.kind is not GoalKind.RACE or goal.target_time_s is None:
        return ""
    loss = VDOT_LOSS_PER_DAY * max(0, lost.days - FREE_DAYS)
    vdot = round(plan.runner.vdot * (1 - loss), 1)
    runner = replace(plan.runner, vdot=max(20.0, vdot))
    goal_peak = peak_km(goal, plan.runner)
    judged = assess(goal, runner, as_of, goal_peak, goal_peak, NO_CAP_KM)
    fitness = (
        f"after {lost.days} days lost your VDOT {plan.runner.vdot:.1f} is about "
        f"{runner.vdot:.1f} (−{loss * 100:.1f} %: no loss for {FREE_DAYS} days, Daniels; then "
        "0.5 % a day, within Mujika & Padilla 2000's 4–14 % for under four weeks off)"
    )
    if judged.realistic or judged.proposed_target_s is None:
        return f". Target still realistic: {fitness}; {judged.message}"
    return f". Target no longer realistic: {fitness}; {judged.message}"


def _change(
    plan: Plan,
    merged: Plan,
    day: date,
    lost: LostTraining,
    reference_km: float,
    resume_km: float,
    note: str,
    verdict: str,
) -> Change:
    removed = tuple(s for s in plan.sessions if s.day >= day)
    added = tuple(s for s in merged.sessions if s.day >= day)
    number = (day - plan.start).days // 7 + 1
    phases = f"{_phases(plan, number)} → {_phases(merged, number)}"
    share = resume_km / reference_km if reference_km > 0 else 1.0
    sentence = (
        f"Rebuilt the plan from {WEEKDAYS[day.weekday()].capitalize()} {day.isoformat()}: "
        f"{lost.words}; back from {resume_km:.1f} km a week ({share * 100:.0f} % of the "
        f"{reference_km:.1f} km reached, everyrun's conservative return){note}, phases from "
        f"week {number} re-sized: {phases}{verdict}"
    )
    return Change(Rule.LOST_TIME, day, sentence, None, None, removed=removed, added=added)


def _phases(plan: Plan, number: int) -> str:
    counts = Counter(w.phase for w in plan.weeks if w.number >= number)
    parts = [f"{phase.value} {counts[phase]}" for phase in _PHASE_ORDER if counts[phase]]
    return " · ".join(parts) + " weeks" if parts else "no training weeks"


def _report(plan: Plan, reasons_from: Plan) -> tuple[RuleResult, ...]:
    """The planning rules on `plan`, with the reasons `reasons_from` gave (as `apply` checks)."""
    reasons = {r.rule: r.reason for r in reasons_from.rules if r.reason}
    calendar = plan_calendar(plan.goal, plan.runner, plan.start, NO_CAP_KM)
    return check_plan(plan, calendar, reasons)


def _sorted(sessions: list[PlannedSession]) -> list[PlannedSession]:
    return sorted(sessions, key=lambda s: (s.day, _KIND_ORDER.index(s.kind), s.id))


def _what(session: PlannedSession) -> str:
    return session.title[:1].lower() + session.title[1:]
