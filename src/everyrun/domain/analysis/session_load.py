"""One training-load number per session, by the best method its data allows, and named.

The methods, best first: session-RPE for lifting and drills (heart rate understates them),
rTSS for runs with a comparable pace and a threshold, hrSS (our Banister-based score) with full
heart-rate settings, Edwards TRIMP with only a max heart rate, session-RPE when that is all
there is. Never a number made up from defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from everyrun.domain import activity as act
from everyrun.domain.analysis.movement import Movement
from everyrun.domain.athlete import AthleteProfile
from everyrun.domain.science import stress, trimp
from everyrun.domain.science.errors import ScienceInputError


@dataclass(frozen=True)
class Load:
    value: float
    method: str  # "rTSS", "hrSS", "Edwards TRIMP", "session-RPE"
    detail: str


# Sports whose load heart rate and pace measure well; for the rest a given RPE comes first.
ENDURANCE_SPORTS = frozenset(
    {"running", "cycling", "swimming", "rowing", "cross_country_skiing", "walking", "hiking"}
)


def session_load(
    activity: act.Activity,
    movement: Movement,
    profile: AthleteProfile,
    gap: float | None,
    threshold_speed: float | None,
    banister: float | None,
    heart_rate: act.FloatArray | None,
    rpe: float | None,
) -> Load | None:
    """One number per session, by the best method the data allows, and named.

    Running with a comparable pace: rTSS. Otherwise heart rate (hrSS, else Edwards TRIMP).
    Neither: the athlete's session RPE. Never a number made up from defaults.
    """
    moving_s = movement.moving_time_s
    rated = rpe is not None and math.isfinite(rpe) and 0 <= rpe <= 10
    if rated and activity.sport not in ENDURANCE_SPORTS:
        # Heart rate understates lifting and drills; the athlete's own rating is the better
        # measure there (Foster et al. 2001 validated session-RPE for resistance training).
        return _rpe_load(rpe or 0.0, moving_s)
    if activity.sport == "running" and gap and threshold_speed:
        value = stress.running_stress_score(moving_s, gap, threshold_speed)
        detail = (
            f"grade-adjusted speed {gap / threshold_speed:.0%} of threshold "
            f"for {moving_s / 60:.0f} min"
        )
        return Load(value, "rTSS", detail)
    lthr, rest, top = (
        profile.threshold_heart_rate_bpm,
        profile.resting_heart_rate_bpm,
        profile.max_heart_rate_bpm,
    )
    try:
        if banister is not None and lthr and rest and top:
            value = stress.heart_rate_stress_score(
                banister,
                threshold_heart_rate_bpm=lthr,
                resting_heart_rate_bpm=rest,
                max_heart_rate_bpm=top,
                sex=trimp.Sex(profile.sex or "male"),
            )
            detail = f"Banister TRIMP {banister:.0f} scaled to 1 h at LTHR = 100"
            return Load(value, "hrSS", detail)
        if heart_rate is not None and top:
            value = trimp.edwards_trimp_from_stream(
                heart_rate, movement.dt_s, max_heart_rate_bpm=top
            )
            return Load(value, "Edwards TRIMP", "minutes in %HRmax bands weighted 1-5")
    except ScienceInputError:
        pass  # thresholds that contradict each other: fall through to RPE, or no load
    if rated:
        return _rpe_load(rpe or 0.0, moving_s)
    return None


def _rpe_load(rpe: float, moving_s: float) -> Load:
    value = stress.session_rpe_load(rpe, moving_s / 60)  # Foster 1998: RPE x minutes
    return Load(value, "session-RPE", f"RPE {rpe:g} × {moving_s / 60:.0f} min")


def why_no_load(
    activity: act.Activity,
    heart_rate: act.FloatArray | None,
    graded: act.FloatArray | None,
    profile: AthleteProfile,
) -> str:
    """Which setting or measurement would have given a training load."""
    ways = []
    if activity.sport == "running" and graded is not None:
        ways.append("--threshold-pace or --vdot")
    if heart_rate is not None:
        ways.append("--max-hr (with --lthr, --resting-hr and --sex for hrSS)")
    if not ways:
        return "no training load: no heart rate or comparable pace; give the session an RPE"
    if heart_rate is not None and profile.max_heart_rate_bpm:
        return "no training load: the heart-rate settings contradict each other; check them"
    return f"no training load: set {' or '.join(ways)} (everyrun athlete set), or give an RPE"
