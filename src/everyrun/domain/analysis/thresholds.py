"""The athlete's thresholds as heart rates and as speeds: where recovery, easy, moderate and
threshold work begin. The purpose rules and the three intensity zones read the same edges.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.science import zones
from everyrun.domain.science.vdot import (
    MARATHON_FRACTION,
    THRESHOLD_FRACTION,
    training_paces,
    velocity_at_vdot_m_per_min,
)

# Daniels: the easy range tops out at 74 % VO2max, threshold at 0.90 of vVDOT; from threshold
# speed alone VT1 sits at their ratio (~0.87), the same edge the VDOT pace zones use.
VT1_OF_THRESHOLD_SPEED = 0.871
# Where Daniels' T zone starts: halfway between M (0.85 vVDOT) and T (0.90), as in pace_zones.
THRESHOLD_WORK_FRACTION = (MARATHON_FRACTION + THRESHOLD_FRACTION) / 2
# From threshold speed alone, the same edges as ratios to T at VDOT 50 (they move by ~1 % over
# VDOT 30-70): E's slow end (59 % VO2max) 0.726 T, M 0.944 T, the T zone's lower edge 0.972 T.
RECOVERY_OF_THRESHOLD_SPEED = 0.726
MARATHON_OF_THRESHOLD_SPEED = MARATHON_FRACTION / THRESHOLD_FRACTION
THRESHOLD_WORK_OF_THRESHOLD_SPEED = THRESHOLD_WORK_FRACTION / THRESHOLD_FRACTION
# Heart rate: Friel's Z1 ends at 85 % LTHR (recovery), his Z4 (sub-threshold) starts at 95 %.
RECOVERY_OF_LTHR = 0.85
THRESHOLD_WORK_OF_LTHR = 0.95
# From max heart rate alone: 75 % HRmax is about 85 % of an LTHR at a typical 89 % of HRmax;
# threshold work starts midway between Seiler's VT1 (82 %) and VT2 (87 %).
RECOVERY_OF_MAX_HEART_RATE = 0.75
THRESHOLD_WORK_OF_MAX_HEART_RATE = (
    zones.VT1_MAX_HEART_RATE_FRACTION + zones.VT2_MAX_HEART_RATE_FRACTION
) / 2


@dataclass(frozen=True)
class Thresholds:
    """Where easy ends and threshold begins for this athlete, by heart rate and by speed.

    An edge is None when the profile cannot give it. recovery < vt1 < threshold_work <= vt2.
    """

    recovery_bpm: float | None = None
    vt1_bpm: float | None = None
    threshold_work_bpm: float | None = None
    vt2_bpm: float | None = None
    recovery_mps: float | None = None
    vt1_mps: float | None = None
    threshold_work_mps: float | None = None
    vt2_mps: float | None = None  # threshold speed
    marathon_mps: float | None = None

    @property
    def by_heart_rate(self) -> bool:
        return self.vt1_bpm is not None and self.vt2_bpm is not None

    @property
    def by_speed(self) -> bool:
        return self.vt1_mps is not None and self.vt2_mps is not None


def thresholds_of(profile: AthleteProfile) -> Thresholds:
    """The edges the purpose rules and the three intensity zones use, from the profile."""
    lthr, top = profile.threshold_heart_rate_bpm, profile.max_heart_rate_bpm
    beats: tuple[float | None, ...] = (None,) * 4
    if lthr:
        beats = (
            RECOVERY_OF_LTHR * lthr,
            zones.VT1_LTHR_FRACTION * lthr,
            THRESHOLD_WORK_OF_LTHR * lthr,
            zones.VT2_LTHR_FRACTION * lthr,
        )
    elif top:
        beats = (
            RECOVERY_OF_MAX_HEART_RATE * top,
            zones.VT1_MAX_HEART_RATE_FRACTION * top,
            THRESHOLD_WORK_OF_MAX_HEART_RATE * top,
            zones.VT2_MAX_HEART_RATE_FRACTION * top,
        )
    threshold = _threshold_speed(profile)
    if threshold is None:
        return _with_beats(Thresholds(), beats)
    speeds = [RECOVERY_OF_THRESHOLD_SPEED, VT1_OF_THRESHOLD_SPEED]
    speeds += [THRESHOLD_WORK_OF_THRESHOLD_SPEED, 1.0, MARATHON_OF_THRESHOLD_SPEED]
    recovery, vt1, work, _, marathon = (ratio * threshold for ratio in speeds)
    if profile.vdot:
        paces = training_paces(profile.vdot)
        velocity = velocity_at_vdot_m_per_min(profile.vdot) / 60.0
        recovery, vt1, marathon = paces.easy_slow_mps, paces.easy_fast_mps, paces.marathon_mps
        work = THRESHOLD_WORK_FRACTION * velocity
    if not recovery < vt1 < work <= threshold:  # a set threshold pace far from the VDOT's
        recovery, vt1 = RECOVERY_OF_THRESHOLD_SPEED * threshold, VT1_OF_THRESHOLD_SPEED * threshold
        work = THRESHOLD_WORK_OF_THRESHOLD_SPEED * threshold
        marathon = MARATHON_OF_THRESHOLD_SPEED * threshold
    speed_edges = Thresholds(
        recovery_mps=recovery,
        vt1_mps=vt1,
        threshold_work_mps=work,
        vt2_mps=threshold,
        marathon_mps=marathon,
    )
    return _with_beats(speed_edges, beats)


def _with_beats(edges: Thresholds, beats: tuple[float | None, ...]) -> Thresholds:
    recovery, vt1, work, vt2 = beats
    return replace(edges, recovery_bpm=recovery, vt1_bpm=vt1, threshold_work_bpm=work, vt2_bpm=vt2)


def _threshold_speed(profile: AthleteProfile) -> float | None:
    if profile.threshold_speed_mps:
        return profile.threshold_speed_mps
    if profile.vdot:
        return training_paces(profile.vdot).threshold_mps
    return None
