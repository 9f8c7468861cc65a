"""A runner's weak links, read from their self-tests and injury history, with the numbers.

The strength session and the mobility routine are built around these first; each carries the
sentence that tells the runner why an exercise is in their plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from everyrun.domain.planning.exercise_library import injury_area
from everyrun.domain.planning.runner import Injury, Runner, Screening, SquatQuality

# A side counts as behind when it is more than 15 % short of the other: a limb symmetry index
# under 85 %, the usual return-to-sport line (Noyes, Barber & Mangine 1991, AJSM 19:513).
LIMB_SYMMETRY_MIN = 0.85
# Single-leg calf raises to failure: 25 is the long-used normal criterion (Lunsford & Perry 1995,
# Phys Ther 75:694), reviewed by Hébert-Losier et al. 2009 (J Sci Med Sport 12:594).
CALF_RAISES_MIN = 25
# Side bridge: McGill et al. 1999 (Arch Phys Med Rehabil 80:941) found young adults hold 75–95 s
# and call left/right ratios more than 0.05 from 1 an imbalance; 60 s is everyrun's floor.
SIDE_PLANK_MIN_S = 60.0
SIDE_PLANK_RATIO_TOLERANCE = 0.05
# Knee-to-wall (weight-bearing lunge): under ~10 cm is restricted, and the test's error is about
# 1 cm (Bennell et al. 1998, Aust J Physiother 44:175; Konor et al. 2012, IJSPT 7:279), so a
# side difference over 1.5 cm is a real one.
KNEE_TO_WALL_MIN_CM = 10.0
KNEE_TO_WALL_SIDE_DIFFERENCE_CM = 1.5
# Active straight-leg raise: 80° is normal hamstring length (Kendall et al., Muscles: Testing and
# Function); under 70° actively is a clear limit — everyrun's margin for the active test.
HIP_FLEXION_MIN_DEG = 70.0
# Modified Thomas test: a thigh resting above the horizontal means short hip flexors (Harvey 1998,
# BJSM 32:68). The screening's sign: above is negative.
HIP_EXTENSION_MIN_DEG = 0.0
HIP_SIDE_DIFFERENCE_DEG = 10.0  # everyrun's margin: goniometer error is about 5° either way

# Priorities: what hurts now first, then what the tests show, then what has hurt before.
PRIORITY_NIGGLE = 1
PRIORITY_SCREENING = 2
PRIORITY_HISTORY = 3

# Which areas to strengthen after each injury (the tissue and what protects it).
INJURY_TARGETS: dict[str, tuple[str, ...]] = {
    "achilles": ("calf", "soleus"),
    "calf": ("calf", "soleus"),
    "shin": ("calf", "soleus", "tibialis"),
    "plantar_fascia": ("feet", "calf"),
    "foot": ("feet", "calf"),
    "ankle": ("calf", "feet"),
    "knee": ("hip_abductors", "quads"),
    "itb": ("hip_abductors", "glutes"),
    "hamstring": ("hamstrings",),
    "hip": ("glutes", "hip_abductors"),
    "groin": ("adductors",),
    "lower_back": ("core", "glutes"),
}

INJURY_WORDS = {
    "achilles": "Achilles",
    "calf": "calf",
    "shin": "shin",
    "plantar_fascia": "plantar fascia",
    "foot": "foot",
    "ankle": "ankle",
    "knee": "knee",
    "itb": "IT band",
    "hamstring": "hamstring",
    "hip": "hip",
    "groin": "groin",
    "lower_back": "lower back",
}


@dataclass(frozen=True)
class Weakness:
    area: str  # a body area in the library's words: "calf", "hip_abductors", "ankle_dorsiflexion"
    side: str | None  # "left", "right", or None for both or unknown
    evidence: str  # the runner's own numbers: "left 14 single-leg calf raises against right 22"
    priority: int  # 1 first: a niggle now, then a failed test, then injury history
    is_current_niggle: bool = False
    is_range: bool = False  # a limit of movement: for mobility drills, not strength
    injury: str | None = None  # the library's injury area when it comes from one
    is_imbalance: bool = False  # this side is behind the other: it gets an extra set


def find_weaknesses(runner: Runner) -> tuple[Weakness, ...]:
    """Weak links from the screening and the injuries, most urgent first."""
    found = [*_from_screening(runner.screening)]
    for injury in runner.injuries:
        found.extend(_from_injury(injury))
    return tuple(sorted(found, key=lambda w: w.priority))


def _from_screening(s: Screening) -> list[Weakness]:
    found: list[Weakness] = []
    found += _paired(
        s.calf_raises_left,
        s.calf_raises_right,
        "calf",
        lambda x: x < CALF_RAISES_MIN,
        lambda a, b: _asymmetric(a, b),
        lambda side, a, b: f"{side} {a:.3g} single-leg calf raises against {_other(side)} {b:.3g}",
        lambda side, a: f"{side} {a:.3g} calf raises, under the norm of {CALF_RAISES_MIN}",
    )
    found += _paired(
        s.side_plank_left_s,
        s.side_plank_right_s,
        "core_lateral",
        lambda x: x < SIDE_PLANK_MIN_S,
        lambda a, b: a < b and abs(a / b - 1) > SIDE_PLANK_RATIO_TOLERANCE,
        lambda side, a, b: f"{side} side plank {a:.3g} s against {_other(side)} {b:.3g} s",
        lambda side, a: f"{side} side plank {a:.3g} s, under {SIDE_PLANK_MIN_S:g} s",
    )
    found += _paired(
        s.knee_to_wall_left_cm,
        s.knee_to_wall_right_cm,
        "ankle_dorsiflexion",
        lambda x: x < KNEE_TO_WALL_MIN_CM,
        lambda a, b: b - a > KNEE_TO_WALL_SIDE_DIFFERENCE_CM,
        lambda side, a, b: f"{side} knee-to-wall {a:.3g} cm against {_other(side)} {b:.3g} cm",
        lambda side, a: f"{side} knee-to-wall {a:.3g} cm, under {KNEE_TO_WALL_MIN_CM:g} cm",
        is_range=True,
    )
    found += _paired(
        s.hip_flexion_left_deg,
        s.hip_flexion_right_deg,
        "hamstrings",
        lambda x: x < HIP_FLEXION_MIN_DEG,
        lambda a, b: b - a > HIP_SIDE_DIFFERENCE_DEG,
        lambda side, a, b: f"{side} straight-leg raise {a:.3g}° against {_other(side)} {b:.3g}°",
        lambda side, a: f"{side} straight-leg raise {a:.3g}°, under {HIP_FLEXION_MIN_DEG:g}°",
        is_range=True,
    )
    found += _paired(
        s.hip_extension_left_deg,
        s.hip_extension_right_deg,
        "hip_flexors",
        lambda x: x < HIP_EXTENSION_MIN_DEG,
        lambda a, b: b - a > HIP_SIDE_DIFFERENCE_DEG,
        lambda side, a, b: f"{side} Thomas test {a:+.3g}° against {_other(side)} {b:+.3g}°",
        lambda side, a: f"{side} thigh {-a:.3g}° above the horizontal in the Thomas test",
        is_range=True,
    )
    found += _squat(s.squat_left, s.squat_right)
    return found


def _paired(
    left: float | None,
    right: float | None,
    area: str,
    is_low: Callable[[float], bool],
    is_behind: Callable[[float, float], bool],
    imbalance_text: Callable[[str, float, float], str],
    low_text: Callable[[str, float], str],
    *,
    is_range: bool = False,
) -> list[Weakness]:
    """The side behind the other (an imbalance), else each side below the norm on its own."""
    values = {"left": left, "right": right}
    for side, value in values.items():
        other = values[_other(side)]
        if value is not None and other is not None and is_behind(value, other):
            evidence = imbalance_text(side, value, other)
            if is_low(other):
                evidence += ", both under the norm"
            return [
                Weakness(
                    area, side, evidence, PRIORITY_SCREENING, is_range=is_range, is_imbalance=True
                )
            ]
    return [
        Weakness(area, side, low_text(side, value), PRIORITY_SCREENING, is_range=is_range)
        for side, value in values.items()
        if value is not None and is_low(value)
    ]


def _asymmetric(weaker: float, stronger: float) -> bool:
    return stronger > 0 and weaker / stronger < LIMB_SYMMETRY_MIN


def _squat(left: SquatQuality | None, right: SquatQuality | None) -> list[Weakness]:
    """A poor single-leg squat points to weak hip abductors (Crossley et al. 2011, AJSM 39:866)."""
    found: list[Weakness] = []
    for side, quality, other in (("left", left, right), ("right", right, left)):
        if quality is SquatQuality.POOR:
            evidence = f"{side} single-leg squat poor: the knee drops in or the pelvis tilts"
        elif quality is SquatQuality.FAIR and other is SquatQuality.GOOD:
            evidence = f"{side} single-leg squat fair against a good {_other(side)}"
        else:
            continue
        imbalance = other is not None and other is not quality
        found.append(
            Weakness("hip_abductors", side, evidence, PRIORITY_SCREENING, is_imbalance=imbalance)
        )
    return found


def _from_injury(injury: Injury) -> list[Weakness]:
    area = injury_area(injury.area)
    if area is None:
        return []
    word = INJURY_WORDS[area]
    side = f"{injury.side} " if injury.side else ""
    if injury.current:
        severity = f" ({injury.severity:g}/10)" if injury.severity is not None else ""
        evidence, priority = f"{side}{word} niggle now{severity}", PRIORITY_NIGGLE
    else:
        evidence, priority = f"{side}{word} history", PRIORITY_HISTORY
    return [
        Weakness(target, injury.side, evidence, priority, injury.current, injury=area)
        for target in INJURY_TARGETS[area]
    ]


def _other(side: str) -> str:
    return "right" if side == "left" else "left"
