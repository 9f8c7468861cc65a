"""Weak links from the screening and injury history, each with the runner's own numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from everyrun.domain.planning.exercise_library import BODY_AREAS
from everyrun.domain.planning.runner import Injury, Runner, Screening, SquatQuality
from everyrun.domain.planning.weaknesses import (
    CALF_RAISES_MIN,
    PRIORITY_HISTORY,
    PRIORITY_NIGGLE,
    PRIORITY_SCREENING,
    Weakness,
    find_weaknesses,
)


def runner(screening: Screening | None = None, *injuries: Injury) -> Runner:
    return Runner(vdot=45, weekly_km=40, screening=screening or Screening(), injuries=injuries)


def only(weaknesses: tuple[Weakness, ...], area: str) -> list[Weakness]:
    return [w for w in weaknesses if w.area == area]


def test_nothing_tested_and_no_injuries_finds_nothing() -> None:
    assert find_weaknesses(runner()) == ()


def test_calf_raise_imbalance_names_the_weak_side_with_both_numbers() -> None:
    found = find_weaknesses(runner(Screening(calf_raises_left=14, calf_raises_right=22)))
    [calf] = only(found, "calf")
    assert calf.side == "left"
    assert calf.is_imbalance
    assert "left 14 single-leg calf raises against right 22" in calf.evidence
    assert calf.priority == PRIORITY_SCREENING
    assert not calf.is_current_niggle


def test_calf_raises_within_15_percent_and_above_the_norm_are_fine() -> None:
    found = find_weaknesses(runner(Screening(calf_raises_left=27, calf_raises_right=30)))
    assert only(found, "calf") == []


def test_calf_raises_under_the_norm_on_both_sides_flag_both() -> None:
    low = CALF_RAISES_MIN - 5
    found = find_weaknesses(runner(Screening(calf_raises_left=low, calf_raises_right=low)))
    assert {w.side for w in only(found, "calf")} == {"left", "right"}
    assert all(not w.is_imbalance for w in found)


def test_side_plank_asymmetry_beyond_mcgills_five_percent() -> None:
    found = find_weaknesses(runner(Screening(side_plank_left_s=90, side_plank_right_s=80)))
    [plank] = only(found, "core_lateral")
    assert plank.side == "right"
    assert "right side plank 80 s against left 90 s" in plank.evidence


def test_short_knee_to_wall_is_a_range_limit_for_the_mobility_routine() -> None:
    found = find_weaknesses(runner(Screening(knee_to_wall_left_cm=6, knee_to_wall_right_cm=6.5)))
    ankle = only(found, "ankle_dorsiflexion")
    assert {w.side for w in ankle} == {"left", "right"}
    assert all(w.is_range for w in ankle)
    assert "left knee-to-wall 6 cm, under 10 cm" in ankle[0].evidence


def test_knee_to_wall_side_difference_over_1_5_cm() -> None:
    found = find_weaknesses(runner(Screening(knee_to_wall_left_cm=12, knee_to_wall_right_cm=14)))
    [ankle] = only(found, "ankle_dorsiflexion")
    assert ankle.side == "left"
    assert "12 cm against right 14 cm" in ankle.evidence


def test_hip_flexion_and_thomas_test_limits() -> None:
    screening = Screening(hip_flexion_left_deg=60, hip_extension_right_deg=-10)
    found = find_weaknesses(runner(screening))
    [hamstrings] = only(found, "hamstrings")
    [hip_flexors] = only(found, "hip_flexors")
    assert hamstrings.is_range and hamstrings.side == "left" and "60°" in hamstrings.evidence
    assert hip_flexors.is_range and hip_flexors.side == "right"
    assert "10° above the horizontal" in hip_flexors.evidence


def test_a_poor_single_leg_squat_points_to_the_hip_abductors() -> None:
    screening = Screening(squat_left=SquatQuality.POOR, squat_right=SquatQuality.GOOD)
    [hip] = only(find_weaknesses(runner(screening)), "hip_abductors")
    assert hip.side == "left"
    assert "poor" in hip.evidence


def test_injury_history_maps_to_the_areas_that_protect_it() -> None:
    cases = {
        "achilles": {"calf", "soleus"},
        "knee": {"hip_abductors", "quads"},
        "ITB": {"hip_abductors", "glutes"},
        "shin splints": {"calf", "soleus", "tibialis"},
        "plantar fascia": {"feet", "calf"},
        "hamstring": {"hamstrings"},
    }
    for area, expected in cases.items():
        found = find_weaknesses(runner(None, Injury(area, "right")))
        assert {w.area for w in found} == expected, area
        assert all(w.priority == PRIORITY_HISTORY and w.side == "right" for w in found)


def test_a_current_niggle_comes_first_and_says_so() -> None:
    found = find_weaknesses(
        runner(
            Screening(calf_raises_left=14, calf_raises_right=22),
            Injury("achilles", "left", current=True, severity=3),
        )
    )
    assert found[0].priority == PRIORITY_NIGGLE
    assert found[0].is_current_niggle
    assert found[0].evidence == "left Achilles niggle now (3/10)"
    assert found[0].injury == "achilles"


def test_an_injury_everyrun_has_no_words_for_is_left_out() -> None:
    assert find_weaknesses(runner(None, Injury("elbow"))) == ()


measure = st.one_of(st.none(), st.floats(0, 25))


@given(
    st.builds(
        Screening,
        calf_raises_left=st.one_of(st.none(), st.integers(0, 100)),
        calf_raises_right=st.one_of(st.none(), st.integers(0, 100)),
        squat_left=st.one_of(st.none(), st.sampled_from(list(SquatQuality))),
        squat_right=st.one_of(st.none(), st.sampled_from(list(SquatQuality))),
        side_plank_left_s=st.one_of(st.none(), st.floats(0, 600)),
        side_plank_right_s=st.one_of(st.none(), st.floats(0, 600)),
        knee_to_wall_left_cm=measure,
        knee_to_wall_right_cm=measure,
        hip_flexion_left_deg=st.one_of(st.none(), st.floats(0, 130)),
        hip_flexion_right_deg=st.one_of(st.none(), st.floats(0, 130)),
        hip_extension_left_deg=st.one_of(st.none(), st.floats(-45, 45)),
        hip_extension_right_deg=st.one_of(st.none(), st.floats(-45, 45)),
    )
)
def test_every_weakness_names_a_known_area_a_side_and_its_evidence(screening: Screening) -> None:
    found = find_weaknesses(runner(screening))
    priorities = [w.priority for w in found]
    assert priorities == sorted(priorities)
    for weakness in found:
        assert weakness.area in BODY_AREAS
        assert weakness.side in ("left", "right", None)
        assert weakness.evidence.startswith(weakness.side or "")
        assert any(ch.isdigit() for ch in weakness.evidence) or "squat" in weakness.evidence
