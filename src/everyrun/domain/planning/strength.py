"""The strength session: the runner's own weak links first, then every runner's basics.

Periodized like the running: foundations in base, heavy lifts and plyometrics in build, one short
maintenance session in peak, none in the taper, isometrics and low load on the way back from
injury. Heavy strength and plyometrics improve running economy (Blagrove, Howatson & Hayes 2018,
Sports Med 48:1117); one session a week keeps the gain (Rønnestad & Mujika 2014, SJMSS 24:603).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from everyrun.domain.daily_load import load_points
from everyrun.domain.planning.exercise_library import (
    EXERCISES,
    Exercise,
    ExerciseKind,
    Level,
    exercises_for,
    injury_area,
)
from everyrun.domain.planning.goal import Goal, GoalKind
from everyrun.domain.planning.runner import Experience, Runner
from everyrun.domain.planning.session import (
    Check,
    ExerciseDose,
    Phase,
    PlannedSession,
    SessionKind,
    SuccessCriterion,
    as_params,
)
from everyrun.domain.planning.weaknesses import Weakness
from everyrun.domain.purpose import Purpose

# Sessions a week: 2–3 over 6–14 weeks improve economy (Blagrove et al. 2018), 1 maintains
# (Rønnestad & Mujika 2014). A lighter base or build week keeps 1 so the habit and the gains
# stay; taper, race and post-race weeks drop it to arrive and recover fresh (everyrun's choice).
SESSIONS_PER_WEEK = {
    Phase.BASE: 2,
    Phase.BUILD: 2,
    Phase.PEAK: 1,
    Phase.TAPER: 0,
    Phase.RACE: 0,
    Phase.RECOVERY: 0,
    Phase.RETURN: 2,  # rehab-oriented: isometrics and low load, tendons like frequent loading
}

# Exercises per session: 4–7, a 30–45 min session; peak keeps only a short maintenance dose.
EXERCISE_COUNT = {Phase.BASE: 6, Phase.BUILD: 6, Phase.PEAK: 4, Phase.RETURN: 5}
MAX_MINUTES = {Phase.BASE: 45.0, Phase.BUILD: 45.0, Phase.PEAK: 25.0, Phase.RETURN: 40.0}
MIN_EXERCISES = 4
WARM_UP_MIN = 5.0
SECONDS_PER_REP = 3.0  # controlled: about 1 s up, 2 s down
SECONDS_PER_CONTACT = 1.0  # plyometrics: quick contacts and a reset
REST_S = 60.0
HEAVY_REST_S = 120.0  # near-maximal sets need 2–3 min to repeat the quality
# Whole-session RPE (Foster et al. 2001, J Strength Cond Res 15:109: session-RPE), per phase.
SESSION_RPE = {Phase.BASE: 5.0, Phase.BUILD: 7.0, Phase.PEAK: 6.0, Phase.RETURN: 4.0}
PLYOMETRIC_PHASES = frozenset({Phase.BUILD, Phase.PEAK})
HEAVY_PHASES = frozenset({Phase.BUILD, Phase.PEAK})
PLYOMETRIC_WHY = "stiffer tendons return more energy per stride (Blagrove et al. 2018)"

# The general basics, in the order they fill a session, and why every runner does them.
BASICS: tuple[tuple[str, str], ...] = (
    ("calf", "the calves push off at every stride"),
    ("soleus", "the soleus holds the body up in running more than any other muscle (Dorn 2012)"),
    ("glutes", "the glutes keep the pelvis level on each landing"),
    ("quads", "the quads absorb each landing, downhill most of all"),
    ("hamstrings", "eccentric hamstring strength protects against strains (van der Horst 2015)"),
    ("core_lateral", "a steady trunk keeps the stride efficient late in a run"),
    ("hip_abductors", "the hip abductors keep the knee over the foot"),
    ("core", "trunk control"),
)
_AREA_WORDS = {
    "calf": "calf",
    "soleus": "calf",
    "achilles": "calf",
    "tibialis": "shin",
    "feet": "foot",
    "hip_abductors": "hip",
    "glutes": "hip",
    "adductors": "groin",
    "quads": "thigh",
    "hamstrings": "hamstring",
    "core": "trunk",
    "core_lateral": "trunk",
}
_TISSUE_WORDS = {
    "achilles": "the Achilles",
    "calf": "the calves",
    "shin": "the shins",
    "plantar_fascia": "the feet",
    "foot": "the feet",
    "ankle": "the ankles",
    "knee": "the knees",
    "itb": "the IT band",
    "hamstring": "the hamstrings",
    "hip": "the hips",
    "groin": "the groin",
    "lower_back": "the lower back",
}


def strength_sessions_per_week(phase: Phase, is_lighter: bool) -> int:
    """How many strength sessions this week holds."""
    sessions = SESSIONS_PER_WEEK[phase]
    if is_lighter and phase in (Phase.BASE, Phase.BUILD):
        return 1
    return sessions


@dataclass
class _Pick:
    exercise: Exercise
    evidence: list[str]
    extra_side: str | None = None  # the weaker side, which gets one extra set
    is_sore: bool = False  # targets a current niggle: start at the easiest level


def strength_session(
    runner: Runner,
    goal: Goal,
    phase: Phase,
    week: int,
    day: date,
    number_in_week: int,
    weaknesses: tuple[Weakness, ...],
) -> PlannedSession:
    """One strength session, each exercise with this runner's reason for it."""
    count = EXERCISE_COUNT.get(phase, EXERCISE_COUNT[Phase.PEAK])
    sore = {a for i in runner.current_niggles if (a := injury_area(i.area)) is not None}
    usable = [
        e
        for e in EXERCISES
        if not e.is_drill and e.can_do_with(runner.equipment) and not e.is_contraindicated(sore)
        if e.levels_for(runner.equipment)
    ]
    picks: list[_Pick] = []
    plyometrics = [e for e in usable if e.is_plyometric] if phase in PLYOMETRIC_PHASES else []
    if plyometrics:
        choice = plyometrics[(number_in_week - 1) % len(plyometrics)]
        picks.append(_Pick(choice, [f"{phase.value} phase: {PLYOMETRIC_WHY}"]))
    strength = [e for e in usable if not e.is_plyometric]
    for area, group in _by_area(w for w in weaknesses if not w.is_range):
        is_sore = any(w.is_current_niggle for w in group)
        candidates = _ranked(strength, area, phase, runner, prefer_isometric=is_sore)
        fresh = [e for e in candidates if all(p.exercise is not e for p in picks)]
        evidence = list(dict.fromkeys(w.evidence for w in group))
        extra = next((w.side for w in group if w.is_imbalance), None)
        if fresh and len(picks) < count - 1:
            picks.append(_Pick(fresh[0], evidence, extra, is_sore))
        elif candidates and (pick := _picked(picks, candidates)) is not None:
            pick.evidence += [e for e in evidence if e not in pick.evidence]
            pick.extra_side = pick.extra_side or extra
            pick.is_sore = pick.is_sore or is_sore
    for area, why in BASICS:
        if len(picks) >= count:
            break
        if any(area in p.exercise.targets for p in picks):
            continue
        candidates = [
            e
            for e in _ranked(strength, area, phase, runner, prefer_isometric=phase is Phase.RETURN)
            if all(p.exercise is not e for p in picks)
        ]
        if candidates:
            choice = candidates[(number_in_week - 1) % min(2, len(candidates))]
            picks.append(_Pick(choice, [f"runner basics: {why}"]))
    doses = [_dose(p, phase, week, runner) for p in picks]
    cap = MAX_MINUTES.get(phase, 25.0)
    while _minutes(doses) > cap and len(doses) > MIN_EXERCISES:
        doses.pop()
    while _minutes(doses) > cap:
        # Still long (isometric holds are slow): one set fewer on the longest exercise.
        index = max(range(len(doses)), key=lambda i: doses[i][1])
        dose, seconds = doses[index]
        if dose.sets <= 2:
            break
        doses[index] = (replace(dose, sets=dose.sets - 1), seconds * (dose.sets - 1) / dose.sets)
    minutes = _minutes(doses)
    rpe = SESSION_RPE.get(phase, SESSION_RPE[Phase.PEAK])
    return PlannedSession(
        id=f"{day.isoformat()}-strength",
        day=day,
        kind=SessionKind.STRENGTH,
        purpose=Purpose.STRENGTH,
        title=_title(phase),
        why=_why(runner, goal, phase, week, weaknesses, picks),
        phase=phase,
        week=week,
        success=(
            SuccessCriterion(
                Check.LOGGED,
                f"Strength logged today: about {minutes:g} min at session RPE {rpe:g} "
                f"(everyrun log strength --minutes {minutes:g} --rpe {rpe:g})",
                as_params(minutes=minutes),
            ),
        ),
        exercises=tuple(dose for dose, _ in doses),
        duration_s=minutes * 60.0,
        expected_load=load_points(minutes * rpe, "session-RPE"),
    )


def _by_area(weaknesses: Iterable[Weakness]) -> list[tuple[str, list[Weakness]]]:
    """Weaknesses grouped by area, the most urgent area first."""
    groups: dict[str, list[Weakness]] = {}
    for weakness in sorted(weaknesses, key=lambda w: w.priority):
        groups.setdefault(weakness.area, []).append(weakness)
    return list(groups.items())


def _ranked(
    usable: list[Exercise], area: str, phase: Phase, runner: Runner, *, prefer_isometric: bool
) -> list[Exercise]:
    """Exercises for an area, best first: isometrics for sore tissue, loaded work when heavy."""
    wanted = ExerciseKind.ISOMETRIC if prefer_isometric else ExerciseKind.STRENGTH
    allowed = {e.id for e in usable}
    return sorted(
        (e for e in exercises_for(area) if e.id in allowed),
        key=lambda e: (
            e.targets[0] != area,  # made for this area, not just touching it
            e.kind is not wanted,
            phase in HEAVY_PHASES and not _is_loaded(e.levels_for(runner.equipment)[-1]),
        ),
    )


def _picked(picks: list[_Pick], candidates: list[Exercise]) -> _Pick | None:
    return next((p for c in candidates for p in picks if p.exercise is c), None)


def _is_loaded(level: Level) -> bool:
    return level.load != "bodyweight"


def _level(pick: _Pick, phase: Phase, week: int, runner: Runner) -> Level:
    """Progress a level every three weeks; build starts one up, return and sore tissue stay low."""
    levels = pick.exercise.levels_for(runner.equipment)
    index = (week - 1) // 3
    if runner.experience is Experience.ADVANCED:
        index += 1
    if phase is Phase.BUILD:
        index = max(index, 1)
    if phase is Phase.RETURN:
        index = min((week - 1) // 4, 1)
    if pick.is_sore:
        index = 0
    return levels[min(index, len(levels) - 1)]


def _dose(pick: _Pick, phase: Phase, week: int, runner: Runner) -> tuple[ExerciseDose, float]:
    """The dose at this phase and level, and the seconds it takes with its rests."""
    exercise = pick.exercise
    level = _level(pick, phase, week, runner)
    reps, hold_s = exercise.reps, exercise.hold_s
    heavy = phase in HEAVY_PHASES and (_is_loaded(level) or exercise.id == "nordic_curl")
    if exercise.is_plyometric:
        sets, load = (3 if phase is Phase.BUILD else 2), "bodyweight, quick light contacts"
    elif exercise.kind is ExerciseKind.ISOMETRIC:
        # Isometric holds ease tendon pain: 5 × 45 s (Rio et al. 2015, BJSM 49:1277).
        sets = {Phase.BUILD: 4, Phase.PEAK: 2, Phase.RETURN: 5}.get(phase, 3)
        gentle = phase is Phase.RETURN or pick.is_sore
        load = _with(level, "firm but pain no more than 3/10" if gentle else "steady hold, RPE 7")
    elif phase is Phase.RETURN or pick.is_sore:
        sets, load = 3, _with(level, "slow: 3 s up, 3 s down, RPE 5, pain no more than 3/10")
    elif heavy:
        # Heavy: 3–5 sets of 4–6 at about RPE 8 (Blagrove et al. 2018; Beattie et al. 2014).
        sets = 4 if phase is Phase.BUILD else 2
        reps = min(reps or 6, 6)
        load = _with(level, "heavy: RPE 8 (2 reps in reserve)")
    elif phase is Phase.BUILD:
        sets, load = 3, _with(level, "slow 3 s lowering to RPE 8 (2 reps in reserve)")
    else:
        sets = 2 if phase is Phase.PEAK else 3
        load = _with(level, "RPE 6–7 (3–4 reps in reserve)")
    amount = f"{sets}×{reps}" if reps is not None else f"{sets}×{hold_s:g} s"
    sides = " each side" if exercise.each_side else ""
    extra = ""
    if pick.extra_side and exercise.each_side:
        extra = f", plus 1 extra set on the {pick.extra_side}"
    per_rep = SECONDS_PER_CONTACT if exercise.is_plyometric else SECONDS_PER_REP
    work_s = (hold_s or 0.0) if reps is None else reps * per_rep
    rest_s = HEAVY_REST_S if heavy else REST_S
    seconds = sets * (work_s * (2 if exercise.each_side else 1) + rest_s)
    if extra:
        seconds += work_s + rest_s
    dose = ExerciseDose(
        exercise=exercise.id,
        name=f"{exercise.name} ({level.description})",
        sets=sets,
        reps=reps,
        hold_s=hold_s if reps is None else None,
        load=load,
        each_side=exercise.each_side,
        reason=f"{exercise.name} {amount}{sides}{extra} — {'; '.join(pick.evidence)}",
    )
    return dose, seconds


def _with(level: Level, effort: str) -> str:
    """The level's kit and the effort, without saying RPE twice."""
    return effort if level.load.startswith("RPE") else f"{level.load}, {effort}"


def _minutes(doses: list[tuple[ExerciseDose, float]]) -> float:
    """Warm-up plus each exercise's sets and rests, to the nearest 5 min."""
    seconds = WARM_UP_MIN * 60.0 + sum(s for _, s in doses)
    return float(max(5, round(seconds / 300.0) * 5))


def _title(phase: Phase) -> str:
    return {
        Phase.BASE: "Strength: single-leg foundations",
        Phase.BUILD: "Strength: heavy lifts and plyometrics",
        Phase.PEAK: "Strength maintenance (short)",
        Phase.RETURN: "Rehab strength: isometrics and low load",
    }.get(phase, "Strength maintenance (short)")


def _why(
    runner: Runner,
    goal: Goal,
    phase: Phase,
    week: int,
    weaknesses: tuple[Weakness, ...],
    picks: list[_Pick],
) -> str:
    chosen = {t for p in picks for t in p.exercise.targets}
    words = [_AREA_WORDS[w.area] for w in weaknesses if w.area in chosen and w.area in _AREA_WORDS]
    areas = " and ".join(list(dict.fromkeys(words))[:2]) or "single-leg and trunk"
    injured = [a for i in runner.injuries if (a := injury_area(i.area)) is not None]
    tissues = " and ".join(list(dict.fromkeys(_TISSUE_WORDS[a] for a in injured))[:2])
    tissues = tissues or "your legs"
    when = f"{phase.value} phase, week {week}"
    if phase is Phase.PEAK:
        return (
            f"One short session keeps the {areas} strength you built without tiring your legs "
            f"for the {goal.label} — {when}"
        )
    if phase is Phase.RETURN or goal.kind is GoalKind.RETURN:
        return f"Isometric and low-load {areas} work so {tissues} tolerate running again — {when}"
    if goal.kind is GoalKind.RACE and goal.race_distance_m is not None:
        target = f"the {goal.label}'s {goal.race_distance_m / 1000:.3g} km of impact"
    else:
        target = f"the rising mileage of the {goal.label}"
    if phase is Phase.BUILD:
        return (
            f"Heavier {areas} strength and plyometrics so {tissues} take {target} and the "
            f"stride returns more of its energy — {when}"
        )
    return f"{areas.capitalize()} strength so {tissues} take {target} — {when}"
