"""The exercise library, kept as data: what each exercise strengthens, needs and must avoid.

The planner picks from here by body area, kit and current niggles; a level is a step of one
exercise's progression (double-leg → single-leg → weighted), chosen by week and phase.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from everyrun.domain.planning.runner import Equipment

# Body areas an exercise targets and a weakness names, in one vocabulary.
BODY_AREAS = frozenset(
    {
        "calf",  # gastrocnemius: straight-knee work
        "soleus",  # bent-knee work; takes the largest share of running's load on the lower leg
        "achilles",
        "tibialis",  # front of the shin
        "feet",
        "ankle_dorsiflexion",  # range: knee over toes
        "hip_abductors",
        "glutes",
        "adductors",
        "hamstrings",
        "quads",
        "hip_flexors",
        "hip_rotation",
        "core",
        "core_lateral",
        "thoracic_spine",
    }
)

# Injury areas in the library's words; free-text injuries are mapped onto them by `injury_area`.
INJURY_AREAS = frozenset(
    {
        "achilles",
        "calf",
        "shin",
        "plantar_fascia",
        "foot",
        "ankle",
        "knee",
        "itb",
        "hamstring",
        "hip",
        "groin",
        "lower_back",
    }
)

# Words a runner writes for an injury (checked in order: the first match wins).
_INJURY_WORDS: tuple[tuple[str, str], ...] = (
    ("achilles", "achilles"),
    ("plantar", "plantar_fascia"),
    ("heel", "plantar_fascia"),
    ("itb", "itb"),
    ("it band", "itb"),
    ("it_band", "itb"),
    ("iliotibial", "itb"),
    ("shin", "shin"),
    ("tibia", "shin"),
    ("mtss", "shin"),
    ("hamstring", "hamstring"),
    ("calf", "calf"),
    ("soleus", "calf"),
    ("patella", "knee"),
    ("knee", "knee"),
    ("groin", "groin"),
    ("adductor", "groin"),
    ("back", "lower_back"),
    ("hip", "hip"),
    ("glute", "hip"),
    ("ankle", "ankle"),
    ("metatarsal", "foot"),
    ("foot", "foot"),
    ("toe", "foot"),
)


def injury_area(text: str) -> str | None:
    """The library's injury area for a runner's words ("left Achilles tendon" → "achilles")."""
    words = text.lower().replace("-", " ").replace("_", " ")
    for word, area in _INJURY_WORDS:
        if word.replace("_", " ") in words:
            return area
    return None


class ExercisePurpose(StrEnum):
    RESILIENCE = "resilience"  # tissue capacity: tendon, bone and muscle that take each landing
    ECONOMY = "economy"  # stiffness and force: less energy per stride (heavy and plyometric work)
    IMBALANCE = "imbalance"  # one side or one area behind: single-leg and corrective work


class ExerciseKind(StrEnum):
    STRENGTH = "strength"  # moved through a range, counted in reps
    ISOMETRIC = "isometric"  # held: loads a sore tendon with little pain, often replaces jumps
    PLYOMETRIC = "plyometric"  # fast ground contacts: the most impact, the first thing dropped
    MOBILITY = "mobility"  # range of movement, in the daily routine
    ACTIVATION = "activation"  # before a run: wakes up the muscles the run will use


@dataclass(frozen=True)
class Level:
    """One step of an exercise's progression; `needs` is kit beyond the exercise's own."""

    description: str
    load: str = "bodyweight"
    needs: Equipment | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    kind: ExerciseKind
    purpose: ExercisePurpose
    targets: tuple[str, ...]
    levels: tuple[Level, ...]  # easiest first
    equipment: Equipment = Equipment.NONE  # the least kit it needs
    reps: int | None = None  # a set's reps (per side when `each_side`) …
    hold_s: float | None = None  # … or its hold
    each_side: bool = True
    minutes: float = 0.0  # mobility and activation: time in the daily routine
    contraindications: frozenset[str] = frozenset()  # not while one of these injuries is current

    @property
    def is_plyometric(self) -> bool:
        return self.kind is ExerciseKind.PLYOMETRIC

    @property
    def is_drill(self) -> bool:
        """Done in the daily mobility routine, not the strength session."""
        return self.kind in (ExerciseKind.MOBILITY, ExerciseKind.ACTIVATION)

    def can_do_with(self, equipment: Equipment) -> bool:
        return self.equipment in equipment.includes

    def levels_for(self, equipment: Equipment) -> tuple[Level, ...]:
        """The progression a runner with this kit can follow."""
        kit = equipment.includes
        return tuple(lv for lv in self.levels if (lv.needs or self.equipment) in kit)

    def is_contraindicated(self, current_injuries: Iterable[str]) -> bool:
        return not self.contraindications.isdisjoint(current_injuries)


_S, _I, _P = ExerciseKind.STRENGTH, ExerciseKind.ISOMETRIC, ExerciseKind.PLYOMETRIC
_M, _A = ExerciseKind.MOBILITY, ExerciseKind.ACTIVATION
_RES, _ECO, _IMB = ExercisePurpose.RESILIENCE, ExercisePurpose.ECONOMY, ExercisePurpose.IMBALANCE
_NONE, _BANDS, _DB, _GYM = Equipment.NONE, Equipment.BANDS, Equipment.DUMBBELLS, Equipment.GYM
_IMPACT = frozenset({"achilles", "calf", "shin", "plantar_fascia", "foot"})  # bone and tendon


def _lv(*levels: str | tuple[str, str, Equipment]) -> tuple[Level, ...]:
    return tuple(Level(lv) if isinstance(lv, str) else Level(*lv) for lv in levels)


# A data table: one record a paragraph reads better than the formatter's one argument a line.
# fmt: off
EXERCISES: tuple[Exercise, ...] = (
    # Calf and soleus: the muscles that hold the body up in running (Dorn et al. 2012, JEB 215:1944)
    Exercise("single_leg_calf_raise", "Single-leg calf raise", _S, _RES, ("calf", "achilles"),
             _lv("single-leg on the flat, bodyweight", "single-leg off a step, bodyweight",
                 ("single-leg holding a dumbbell", "+10 % body mass", _DB),
                 ("single-leg in a Smith machine", "+25 % body mass", _GYM)), reps=15),
    Exercise("bent_knee_calf_raise", "Bent-knee calf raise", _S, _RES, ("soleus", "achilles"),
             _lv("single-leg, knee bent, on the flat", "single-leg, knee bent, off a step",
                 ("single-leg, knee bent, holding a dumbbell", "+10 % body mass", _DB),
                 ("seated calf-raise machine", "RPE 8", _GYM)), reps=15),
    Exercise("isometric_calf_hold", "Isometric calf hold", _I, _RES,
             ("calf", "soleus", "achilles"),
             _lv("double-leg, heels just off the floor", "single-leg, heel just off the floor",
                 ("single-leg holding a dumbbell", "+10 % body mass", _DB)), hold_s=45),
    Exercise("tibialis_raise", "Tibialis raise", _S, _RES, ("tibialis",),
             _lv("back against a wall, both feet", "back against a wall, one foot",
                 ("band around the forefoot", "band", _BANDS)), reps=15, each_side=False),
    # Hips and glutes: keep the pelvis level and the knee over the foot
    Exercise("side_lying_hip_abduction", "Side-lying hip abduction", _S, _IMB,
             ("hip_abductors", "glutes"),
             _lv("bodyweight, slow", ("band above the knees", "band", _BANDS)), reps=12),
    Exercise("clamshell", "Clamshell", _S, _IMB, ("hip_abductors", "glutes"),
             _lv("bodyweight", ("band above the knees", "band", _BANDS)), reps=15),
    Exercise("banded_lateral_walk", "Banded lateral walk", _S, _IMB, ("hip_abductors", "glutes"),
             _lv("band above the knees", "band around the ankles"), equipment=_BANDS, reps=12),
    Exercise("single_leg_rdl", "Single-leg Romanian deadlift", _S, _IMB,
             ("hamstrings", "glutes", "feet"),
             _lv("bodyweight, hand on a wall", "bodyweight, free-standing",
                 ("holding a dumbbell", "RPE 7", _DB), ("kettlebell or barbell", "RPE 8", _GYM)),
             reps=8),
    Exercise("step_up", "Step-up", _S, _RES, ("quads", "glutes"),
             _lv("low step, bodyweight", "knee-height box, bodyweight",
                 ("knee-height box, dumbbells", "RPE 7", _DB)), reps=10),
    Exercise("split_squat", "Split squat", _S, _IMB, ("quads", "glutes"),
             _lv("split squat, bodyweight", "rear foot elevated, bodyweight",
                 ("rear foot elevated, dumbbells", "RPE 7", _DB),
                 ("rear foot elevated, barbell", "RPE 8", _GYM)), reps=10),
    Exercise("hip_thrust", "Hip thrust", _S, _ECO, ("glutes", "hamstrings"),
             _lv("glute bridge, both legs", "single-leg glute bridge",
                 ("hip thrust, dumbbell on the hips", "RPE 7", _DB),
                 ("barbell hip thrust", "RPE 8", _GYM)), reps=12, each_side=False),
    Exercise("copenhagen_plank", "Copenhagen plank", _I, _RES, ("adductors", "core_lateral"),
             _lv("short lever, knee on a bench", "long lever, foot on a bench"), hold_s=20,
             contraindications=frozenset({"groin"})),
    # Hamstrings: eccentric strength lowers strain risk (van der Horst et al. 2015, AJSM 43:1316)
    Exercise("nordic_curl", "Nordic hamstring curl", _S, _RES, ("hamstrings",),
             _lv("partial range, hands catch early", "full range, slow lowering"),
             reps=5, each_side=False, contraindications=frozenset({"hamstring"})),
    Exercise("bridge_walkout", "Bridge walkout", _S, _RES, ("hamstrings", "glutes"),
             _lv("short walkout", "long walkout, heels far out"), reps=6, each_side=False,
             contraindications=frozenset({"hamstring"})),
    Exercise("isometric_hamstring_bridge", "Isometric hamstring bridge", _I, _RES,
             ("hamstrings", "glutes"),
             _lv("both heels on a step", "one heel on a step"), hold_s=30),
    # Quads and knees
    Exercise("step_down", "Forward step-down", _S, _IMB, ("quads", "hip_abductors"),
             _lv("low step, slow", "high step, slow",
                 ("high step, holding a dumbbell", "RPE 7", _DB)), reps=10),
    Exercise("goblet_squat", "Goblet squat", _S, _RES, ("quads", "glutes"),
             _lv("light dumbbell", "heavy dumbbell", ("barbell back squat", "RPE 8", _GYM)),
             equipment=_DB, reps=10, each_side=False, contraindications=frozenset({"knee"})),
    Exercise("spanish_squat", "Spanish squat isometric", _I, _RES, ("quads",),
             _lv("band behind the knees, 70° knee bend", "band behind the knees, 90° knee bend"),
             equipment=_BANDS, hold_s=45, each_side=False),
    Exercise("wall_sit", "Wall sit", _I, _RES, ("quads",),
             _lv("both legs, 60° knee bend", "both legs, 90° knee bend", "one leg, 60°"),
             hold_s=45, each_side=False),
    Exercise("back_squat", "Back squat", _S, _ECO, ("quads", "glutes", "hamstrings"),
             _lv("moderate load", "RPE 7"), equipment=_GYM, reps=6, each_side=False,
             contraindications=frozenset({"knee", "lower_back"})),
    # Trunk
    Exercise("side_plank", "Side plank", _I, _IMB, ("core_lateral", "hip_abductors"),
             _lv("on the knees", "on the feet", "on the feet, top leg raised"), hold_s=30),
    Exercise("dead_bug", "Dead bug", _S, _RES, ("core",),
             _lv("arms only", "arms and legs", ("holding a band overhead", "band", _BANDS)),
             reps=10),
    Exercise("pallof_press", "Pallof press", _S, _RES, ("core", "core_lateral"),
             _lv("half-kneeling", "standing", "split stance"), equipment=_BANDS, reps=10),
    # Feet
    Exercise("short_foot", "Short foot", _S, _RES, ("feet",),
             _lv("seated, 5 s holds", "standing, 5 s holds", "single-leg, 5 s holds"), reps=10),
    Exercise("toe_yoga", "Toe yoga", _S, _RES, ("feet",),
             _lv("seated", "standing"), reps=10, each_side=False),
    # Plyometrics: stiffer tendons, better economy (Blagrove et al. 2018, Sports Med 48:1117)
    Exercise("pogo_hops", "Pogo hops", _P, _ECO, ("calf", "achilles"),
             _lv("double-leg, low and quick", "double-leg, higher", "single-leg"), reps=20,
             each_side=False, contraindications=_IMPACT),
    Exercise("skipping", "Skipping", _P, _ECO, ("calf", "achilles"),
             _lv("low skips", "skips for height", "rope skipping"), reps=20, each_side=False,
             contraindications=_IMPACT),
    Exercise("bounding", "Bounding", _P, _ECO, ("glutes", "hamstrings", "calf"),
             _lv("rhythm bounds, 20 m", "bounds for distance, 30 m"), reps=10, each_side=False,
             contraindications=_IMPACT | {"hamstring", "knee"}),
    Exercise("box_jump", "Box jump", _P, _ECO, ("quads", "glutes"),
             _lv("low box, step down", "knee-height box, step down"), equipment=_GYM, reps=6,
             each_side=False, contraindications=_IMPACT | {"knee"}),
    Exercise("single_leg_hops", "Single-leg hops", _P, _ECO, ("calf", "achilles", "hip_abductors"),
             _lv("in place", "forward", "side to side"), reps=10,
             contraindications=_IMPACT | {"knee", "ankle"}),
    # Mobility drills for the daily routine
    Exercise("knee_to_wall", "Knee-to-wall ankle mobilisation", _M, _IMB, ("ankle_dorsiflexion",),
             _lv("knee to wall, heel down"), reps=10, minutes=2),
    Exercise("soleus_stretch", "Bent-knee calf stretch", _M, _RES,
             ("ankle_dorsiflexion", "soleus"), _lv("against a wall"), hold_s=45, minutes=1.5),
    Exercise("couch_stretch", "Hip flexor stretch", _M, _IMB, ("hip_flexors", "quads"),
             _lv("half-kneeling hip flexor stretch", "couch stretch"), hold_s=45, minutes=2),
    Exercise("hamstring_floss", "Hamstring floss", _M, _IMB, ("hamstrings",),
             _lv("lying, strap round the foot", "standing, heel on a step"), reps=10, minutes=1.5),
    Exercise("hip_90_90", "Hip 90/90", _M, _RES, ("hip_rotation", "glutes"),
             _lv("hands behind", "hands free"), reps=8, minutes=2),
    Exercise("thoracic_rotation", "Thoracic rotation", _M, _RES, ("thoracic_spine",),
             _lv("side-lying open book", "half-kneeling"), reps=8, minutes=1.5),
    Exercise("toe_spread", "Toe spread and big-toe mobility", _M, _RES, ("feet",),
             _lv("seated"), reps=10, minutes=1),
    # Pre-run activation
    Exercise("leg_swings", "Leg swings", _A, _ECO, ("hip_flexors", "hamstrings", "hip_abductors"),
             _lv("front-to-back and side-to-side"), reps=10, minutes=1.5),
    Exercise("glute_activation", "Glute activation", _A, _ECO, ("glutes", "hip_abductors"),
             _lv("glute bridges and clamshells"), reps=10, minutes=1.5),
    Exercise("a_skips", "A-skips", _A, _ECO, ("hip_flexors", "calf"),
             _lv("marching", "skipping"), reps=20, each_side=False, minutes=1,
             contraindications=frozenset({"achilles"})),
)
# fmt: on

BY_ID: dict[str, Exercise] = {exercise.id: exercise for exercise in EXERCISES}


def exercises_for(area: str) -> tuple[Exercise, ...]:
    """Every exercise targeting an area, in library order (the order is the preference)."""
    return tuple(e for e in EXERCISES if area in e.targets)
