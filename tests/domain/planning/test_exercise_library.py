"""The exercise library: ids unique, every area and injury in the shared vocabulary."""

from __future__ import annotations

import pytest

from everyrun.domain.planning.exercise_library import (
    BODY_AREAS,
    BY_ID,
    EXERCISES,
    INJURY_AREAS,
    Exercise,
    ExerciseKind,
    exercises_for,
    injury_area,
)
from everyrun.domain.planning.runner import Equipment


def test_every_exercise_id_is_unique() -> None:
    assert len(BY_ID) == len(EXERCISES)


def test_library_holds_25_to_45_exercises() -> None:
    assert 25 <= len(EXERCISES) <= 45


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_names_known_areas_and_contraindications(exercise: Exercise) -> None:
    assert exercise.targets, "an exercise targets something"
    assert set(exercise.targets) <= BODY_AREAS
    assert exercise.contraindications <= INJURY_AREAS


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_has_a_dose_and_a_progression_its_kit_allows(exercise: Exercise) -> None:
    e = exercise
    assert e.levels
    assert (e.reps is None) != (e.hold_s is None)
    assert e.levels_for(e.equipment), "the first level needs no more than the exercise's kit"
    if e.is_drill:
        assert e.minutes > 0


def test_the_library_covers_what_runners_need() -> None:
    for area in (
        "calf",
        "soleus",
        "hip_abductors",
        "glutes",
        "hamstrings",
        "quads",
        "core",
        "core_lateral",
        "feet",
        "ankle_dorsiflexion",
        "hip_flexors",
    ):
        assert exercises_for(area), area
    kinds = {e.kind for e in EXERCISES}
    assert kinds == set(ExerciseKind)
    for known in ("pogo_hops", "bounding", "box_jump", "single_leg_hops", "skipping"):
        assert BY_ID[known].is_plyometric
    for known in ("nordic_curl", "copenhagen_plank", "spanish_squat", "knee_to_wall", "a_skips"):
        assert known in BY_ID


def test_plyometrics_are_not_prescribed_with_a_current_achilles_niggle() -> None:
    for exercise in EXERCISES:
        if exercise.is_plyometric:
            assert exercise.is_contraindicated({"achilles"})


def test_a_gym_can_do_everything_and_no_kit_only_bodyweight_levels() -> None:
    assert all(e.can_do_with(Equipment.GYM) for e in EXERCISES)
    for exercise in EXERCISES:
        for level in exercise.levels_for(Equipment.NONE):
            assert (level.needs or exercise.equipment) is Equipment.NONE


@pytest.mark.parametrize(
    ("words", "area"),
    [
        ("Left Achilles tendon", "achilles"),
        ("plantar fasciitis", "plantar_fascia"),
        ("IT band", "itb"),
        ("shin splints", "shin"),
        ("runner's knee", "knee"),
        ("hamstring strain", "hamstring"),
        ("lower back", "lower_back"),
        ("elbow", None),
    ],
)
def test_injury_words_map_onto_the_library_areas(words: str, area: str | None) -> None:
    assert injury_area(words) == area
