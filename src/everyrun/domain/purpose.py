"""The one vocabulary of session purposes, shared by the analysis, the planner and the audit.

A purpose says what a session is *for*. The analysis infers it from what was done; the planner
prescribes it; the audit compares the two.
"""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    RECOVERY = "recovery"  # very easy, short: helps absorb the hard days
    EASY_AEROBIC = "easy_aerobic"  # below the first threshold: builds the aerobic base
    LONG_RUN = "long_run"  # the week's longest, mostly easy: endurance and fuel use
    PROGRESSION = "progression"  # starts easy, finishes near threshold
    TEMPO_THRESHOLD = "tempo_threshold"  # sustained near lactate threshold
    VO2MAX_INTERVALS = "vo2max_intervals"  # 2–6 min reps near 5K pace or faster
    SPEED = "speed"  # strides, hill sprints, short fast reps: neuromuscular
    RACE_PACE = "race_pace"  # blocks at the goal race's pace
    RACE = "race"  # an all-out effort over a race distance
    FARTLEK = "fartlek"  # unstructured surges by feel
    MENTAL_TOUGHNESS = "mental_toughness"  # race simulation, a hard finish on tired legs
    NO_CLEAR_PURPOSE = "no_clear_purpose"  # grey zone: too hard to recover, too easy to build
    CROSS_TRAINING = "cross_training"  # aerobic work in another sport
    STRENGTH = "strength"
    MOBILITY = "mobility"  # mobility, yoga, prehab drills
    REST = "rest"
    # Recovery planned like training: the analysis never infers these, the planner prescribes them
    SLEEP = "sleep"
    FUELLING = "fuelling"
    HYDRATION = "hydration"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


HARD_PURPOSES = frozenset(
    {
        Purpose.TEMPO_THRESHOLD,
        Purpose.VO2MAX_INTERVALS,
        Purpose.RACE_PACE,
        Purpose.RACE,
        Purpose.MENTAL_TOUGHNESS,
    }
)
