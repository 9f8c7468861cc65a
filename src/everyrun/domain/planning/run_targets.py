"""Pace, heart-rate and effort targets for each intensity, from the runner's VDOT and profile.

Paces are Daniels' (via the velocity at VDOT, `science.vdot`); the band around each quality pace
is ±1 % of speed (about ±3 s/km at 4:30/km: everyrun's convention, the width Daniels' tables
span between neighbouring VDOTs). Easy is Daniels' own range, 59–74 % of VO2max.
"""

from __future__ import annotations

from dataclasses import dataclass

from everyrun.domain.planning.runner import Runner
from everyrun.domain.planning.session import Intensity, Target
from everyrun.domain.science.vdot import TrainingPaces, training_paces

QUALITY_BAND = 0.01  # ± fraction of speed around a quality pace
REPETITION_BAND = 0.015  # R reps are short: a slightly wider band
# Daniels' Running Formula: E 65–79 % HRmax, M 80–90 %, T 88–92 %.
EASY_MAX_HR_FRACTION = 0.79
MARATHON_HR_FRACTIONS = (0.80, 0.90)
THRESHOLD_HR_FRACTIONS = (0.88, 0.92)
# Friel: zone 2 ends at 89 % of lactate-threshold heart rate.
EASY_LTHR_FRACTION = 0.89
RECOVERY_SLOWER = 0.92  # recovery runs: down to 8 % slower than the slow end of easy

_RPE = {
    Intensity.WALK: (1.0, 2.0),
    Intensity.RECOVERY: (1.0, 2.0),
    Intensity.EASY: (2.0, 4.0),
    Intensity.MARATHON: (5.0, 6.0),
    Intensity.THRESHOLD: (6.0, 7.0),
    Intensity.INTERVAL: (8.0, 9.0),
    Intensity.REPETITION: (8.0, 9.0),
    Intensity.RACE_PACE: (6.0, 9.0),
    Intensity.RACE: (8.0, 10.0),
}


@dataclass(frozen=True)
class RunTargets:
    paces: TrainingPaces
    race_pace_mps: float | None  # the goal race's pace (target, or the realistic one)
    easy_ceiling_bpm: float | None  # top of easy running by heart rate, when known
    easy_ceiling_source: str | None  # "79 % of max heart rate (Daniels)" or "zone 2 (Friel)"
    max_heart_rate_bpm: float | None

    def speed(self, intensity: Intensity) -> float:
        """The middle speed of an intensity, m/s."""
        paces = self.paces
        return {
            Intensity.WALK: 1.5,
            Intensity.RECOVERY: paces.easy_slow_mps,
            Intensity.EASY: paces.easy_mps,
            Intensity.MARATHON: paces.marathon_mps,
            Intensity.THRESHOLD: paces.threshold_mps,
            Intensity.INTERVAL: paces.interval_mps,
            Intensity.REPETITION: paces.repetition_mps,
            Intensity.RACE_PACE: self.race_pace_mps or paces.marathon_mps,
            Intensity.RACE: self.race_pace_mps or paces.marathon_mps,
        }[intensity]

    def target(self, intensity: Intensity) -> Target:
        rpe_low, rpe_high = _RPE[intensity]
        paces = self.paces
        if intensity is Intensity.WALK:
            return Target(rpe_low=rpe_low, rpe_high=rpe_high)
        if intensity is Intensity.EASY:
            return Target(
                slow_mps=paces.easy_slow_mps,
                fast_mps=paces.easy_fast_mps,
                heart_rate_high_bpm=self.easy_ceiling_bpm,
                heart_rate_zone="Z2" if self.easy_ceiling_bpm else None,
                rpe_low=rpe_low,
                rpe_high=rpe_high,
            )
        if intensity is Intensity.RECOVERY:
            return Target(
                slow_mps=paces.easy_slow_mps * RECOVERY_SLOWER,
                fast_mps=paces.easy_slow_mps,
                heart_rate_high_bpm=self.easy_ceiling_bpm,
                heart_rate_zone="Z1" if self.easy_ceiling_bpm else None,
                rpe_low=rpe_low,
                rpe_high=rpe_high,
            )
        band = REPETITION_BAND if intensity is Intensity.REPETITION else QUALITY_BAND
        middle = self.speed(intensity)
        heart_rate = self._heart_rate(intensity)
        return Target(
            slow_mps=middle * (1 - band),
            fast_mps=middle * (1 + band),
            heart_rate_low_bpm=heart_rate[0] if heart_rate else None,
            heart_rate_high_bpm=heart_rate[1] if heart_rate else None,
            rpe_low=rpe_low,
            rpe_high=rpe_high,
        )

    def _heart_rate(self, intensity: Intensity) -> tuple[float, float] | None:
        top = self.max_heart_rate_bpm
        if top is None:
            return None
        fractions = {
            Intensity.MARATHON: MARATHON_HR_FRACTIONS,
            Intensity.THRESHOLD: THRESHOLD_HR_FRACTIONS,
        }.get(intensity)
        return (round(top * fractions[0]), round(top * fractions[1])) if fractions else None


def run_targets(runner: Runner, race_pace_mps: float | None) -> RunTargets:
    ceiling: float | None = None
    source: str | None = None
    if runner.threshold_heart_rate_bpm is not None:
        ceiling = round(runner.threshold_heart_rate_bpm * EASY_LTHR_FRACTION)
        source = "top of zone 2: 89 % of threshold heart rate (Friel)"
    elif runner.max_heart_rate_bpm is not None:
        ceiling = round(runner.max_heart_rate_bpm * EASY_MAX_HR_FRACTION)
        source = "79 % of max heart rate (Daniels)"
    return RunTargets(
        training_paces(runner.vdot), race_pace_mps, ceiling, source, runner.max_heart_rate_bpm
    )
