"""The daily mobility routine: 5–10 minutes on this runner's own limits, and a pre-run activation.

Short and daily beats long and rare for range of movement; the drills aimed at what the
screening found come first, so the runner knows which minute is for what.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from everyrun.domain.daily_load import load_points
from everyrun.domain.planning.exercise_library import (
    EXERCISES,
    Exercise,
    ExerciseKind,
    injury_area,
)
from everyrun.domain.planning.goal import Goal
from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import (
    Check,
    Drill,
    Phase,
    PlannedSession,
    SessionKind,
    SuccessCriterion,
    as_params,
)
from everyrun.domain.planning.weaknesses import Weakness
from everyrun.domain.purpose import Purpose

MIN_MINUTES = 5.0
MAX_MINUTES = 10.0
FILL_TO_MINUTES = 6.0  # general drills top the routine up to here, never past the maximum
MOBILITY_RPE = 2.0  # Borg CR-10 "easy": counted, but barely
# Before a run: dynamic drills, not long static stretches (Behm et al. 2016, APNM 41:1).
ACTIVATION = ("leg_swings", "glute_activation", "a_skips")
GENERAL = ("hip_90_90", "thoracic_rotation", "soleus_stretch", "toe_spread")
_LIMIT_WORDS = {
    "ankle_dorsiflexion": "ankle bend",
    "hip_flexors": "hip extension",
    "hamstrings": "hamstring length",
    "soleus": "calf length",
    "feet": "foot mobility",
    "hip_rotation": "hip rotation",
    "quads": "quad length",
}


def mobility_session(
    runner: Runner,
    goal: Goal,
    phase: Phase,
    week: int,
    day: date,
    runs_today: bool,
    weaknesses: tuple[Weakness, ...],
) -> PlannedSession:
    """The day's routine: drills for the runner's limits, then activation on a run day."""
    sore = {a for i in runner.current_niggles if (a := injury_area(i.area)) is not None}
    usable = {
        e.id: e
        for e in EXERCISES
        if e.is_drill and e.can_do_with(runner.equipment) and not e.is_contraindicated(sore)
    }
    activation = [
        (usable[i], f"before today's run: {_ACTIVATION_WHY[i]}")
        for i in (ACTIVATION if runs_today else ())
        if i in usable
    ]
    budget = MAX_MINUTES - sum(e.minutes for e, _ in activation)
    targeted: list[tuple[Exercise, str]] = []
    for area, evidence in _limits(weaknesses):
        drill = next(
            (
                e
                for e in usable.values()
                if e.kind is ExerciseKind.MOBILITY and area in e.targets
                if all(e is not t for t, _ in targeted)
            ),
            None,
        )
        if drill is not None and sum(e.minutes for e, _ in targeted) + drill.minutes <= budget:
            targeted.append((drill, evidence))
    general: list[tuple[Exercise, str]] = []
    for drill_id in GENERAL:
        total = sum(e.minutes for e, _ in targeted + general + activation)
        drill = usable.get(drill_id)
        if total >= FILL_TO_MINUTES or drill is None or any(e is drill for e, _ in targeted):
            continue
        if total + drill.minutes <= MAX_MINUTES:
            general.append((drill, f"everyday mobility: {_GENERAL_WHY[drill_id]}"))
    chosen = targeted + general + activation
    drills = tuple(_drill(e, reason, week, runner) for e, reason in chosen)
    minutes = sum(d.minutes for d in drills)
    limits = list(dict.fromkeys(_LIMIT_WORDS.get(e.targets[0], "") for e, _ in targeted))
    return PlannedSession(
        id=f"{day.isoformat()}-mobility",
        day=day,
        kind=SessionKind.MOBILITY,
        purpose=Purpose.MOBILITY,
        title="Mobility and pre-run activation" if activation else "Mobility",
        why=_why(goal, phase, week, [w for w in limits if w], bool(activation), minutes),
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(
                Check.LOGGED,
                f"Mobility logged today: about {minutes:g} min of these {len(drills)} drills",
                as_params(minutes=minutes),
            ),
        ),
        drills=drills,
        duration_s=minutes * 60.0,
        expected_load=load_points(minutes * MOBILITY_RPE, "session-RPE"),
    )


def _limits(weaknesses: Iterable[Weakness]) -> list[tuple[str, str]]:
    """(area, evidence) for the limits a drill can help: ranges first, then past injuries."""
    ranked = sorted(weaknesses, key=lambda w: (not w.is_range, w.priority))
    found: dict[str, list[str]] = {}
    for weakness in ranked:
        if weakness.is_range or (not weakness.is_current_niggle and weakness.area in _LIMIT_WORDS):
            found.setdefault(weakness.area, [])
            if weakness.evidence not in found[weakness.area]:
                found[weakness.area].append(weakness.evidence)
    return [(area, "; ".join(evidence)) for area, evidence in found.items()]


def _drill(exercise: Exercise, reason: str, week: int, runner: Runner) -> Drill:
    levels = exercise.levels_for(runner.equipment)
    level = levels[min((week - 1) // 3, len(levels) - 1)]
    each = " each side" if exercise.each_side else ""
    amount = f"{exercise.reps}{each}" if exercise.reps else f"{exercise.hold_s:g} s{each}"
    return Drill(f"{exercise.name} ({level.description}, {amount})", exercise.minutes, reason)


def _why(
    goal: Goal, phase: Phase, week: int, limits: list[str], activation: bool, minutes: float
) -> str:
    aim = ", ".join(limits[:-1]) + f" and {limits[-1]}" if len(limits) > 1 else "".join(limits)
    aim = aim or "hips, ankles and upper back"
    before = ", then wake the legs up before the run" if activation else ""
    return (
        f"{minutes:g} minutes on {aim}{before}, so every stride of the {goal.label} training "
        f"moves freely — {phase.value} phase, week {week}"
    )


_ACTIVATION_WHY = {
    "leg_swings": "hips loose through the range the stride uses",
    "glute_activation": "glutes switched on so they, not the knees, steer each landing",
    "a_skips": "quick, tall ground contacts before the first kilometre",
}
_GENERAL_WHY = {
    "hip_90_90": "hip rotation, which hours of sitting take away",
    "thoracic_rotation": "an upper back that turns, so the arms swing freely",
    "soleus_stretch": "calf length for the ankle to bend over the foot",
    "toe_spread": "feet that spread and grip on landing",
}
