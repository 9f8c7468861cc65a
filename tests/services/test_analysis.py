"""Analysing activities with the thresholds of their day, and estimating what the athlete did
not say from their own history; on SQLite and PostgreSQL, with real recordings and built runs.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from everyrun.bootstrap import activity_reader, find_sources
from everyrun.domain import activity as act
from everyrun.domain.activity import Activity
from everyrun.domain.analysis import activity_analysis
from everyrun.domain.analysis.estimates import Estimate
from everyrun.domain.athlete import AthleteProfile, ProfileChange, ProfileValueError
from everyrun.domain.errors import NotFoundError
from everyrun.domain.science.errors import ScienceInputError
from everyrun.domain.science.vdot import training_paces, vdot_from_race
from everyrun.domain.science.zones import FIVE_BAND_FRACTIONS, FRIEL_RUN_LTHR_FRACTIONS
from everyrun.services import analysis as analysis_module
from everyrun.services.analysis import (
    analysis_of,
    analyze,
    history_estimates,
    local_day,
    with_estimates,
)
from everyrun.services.athlete import set_profile
from everyrun.services.import_history import ImportSettings, import_files
from everyrun.services.ports import NewActivity, StoredAnalysis
from everyrun.store.sql_store import SqlStore
from tests.corpus import CORPUS
from tests.domain.workouts import block, build_run, easy, warmup

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
FENIX2 = "run_garmin-fenix2_9km.fit"  # 2015-08-15
TIME_JUMP = "run_garmin-fr225_time-jump.fit"  # 2017-02-22, 6 reps
IPBIKE = "run_ipbike-android_hrv_power_9.3km.fit"  # 2017-03-02, 4 reps, hardest heart rate
RUNS = (FENIX2, TIME_JUMP, IPBIKE)
LTHR_CHANGE = date(2016, 1, 1)  # between the 2015 run and the 2017 ones
DAY = timedelta(days=1)


@pytest.fixture
def runs(store: SqlStore) -> dict[str, int]:
    """The three corpus runs imported for the default athlete: file name -> activity id."""
    settings = ImportSettings(store.default_athlete_id(), BERLIN, NOW)
    report = import_files(
        find_sources([CORPUS / name for name in RUNS]), activity_reader(), store, settings
    )
    ids = {outcome.name.rsplit("/", 1)[-1]: outcome.activity_ids for outcome in report.outcomes}
    assert all(len(found) == 1 for found in ids.values()), report.outcomes
    return {name: found[0] for name, found in ids.items()}


def _by_id(store: SqlStore, athlete_id: int) -> dict[int, StoredAnalysis]:
    return {stored.activity_id: stored for stored in store.analyses(athlete_id)}


def _zone_lowers(stored: StoredAnalysis) -> list[float]:
    zones: dict[str, Any] = stored.data["effort"]["heart_rate_zones"]
    return [float(v) for v in zones["lower"]]


def _friel(lthr: float) -> list[float]:
    return [lthr * f for f in FRIEL_RUN_LTHR_FRACTIONS[:-1]]


def _set(store: SqlStore, athlete: int, day: date, now: datetime = NOW, **values: Any) -> None:
    set_profile(store, athlete, values, effective_from=day, now_utc=now)


# --- thresholds of the day --------------------------------------------------------------------


def test_each_run_is_judged_with_the_lthr_in_force_on_its_day(
    store: SqlStore, runs: dict[str, int]
) -> None:
    me = store.default_athlete_id()
    _set(store, me, date(2010, 1, 1), threshold_heart_rate_bpm=160)
    _set(store, me, LTHR_CHANGE, threshold_heart_rate_bpm=175)

    report = analyze(store, me, now_utc=NOW)

    assert report.analysed == len(RUNS)
    assert report.estimates == {}  # as of NOW: the runs are years old
    stored = _by_id(store, me)
    assert set(stored) == set(runs.values())
    for name, activity_id in runs.items():
        analysis = stored[activity_id]
        assert analysis.profile_day == local_day(analysis.start_utc, analysis.utc_offset_s)
        assert analysis.data["effort"]["heart_rate_zones"]["model"] == "LTHR zones"
        assert analysis.analysed_at == NOW
        lthr = 160 if analysis.profile_day < LTHR_CHANGE else 175
        assert _zone_lowers(analysis) == pytest.approx(_friel(lthr)), name
    assert stored[runs[FENIX2]].profile_day == date(2015, 8, 15)
    assert _zone_lowers(stored[runs[FENIX2]])[1] == pytest.approx(136.0)  # 85 % of 160
    assert _zone_lowers(stored[runs[IPBIKE]])[1] == pytest.approx(148.75)  # 85 % of 175


def test_a_changed_threshold_and_a_new_analyze_update_what_is_stored(
    store: SqlStore, runs: dict[str, int]
) -> None:
    me = store.default_athlete_id()
    _set(store, me, date(2010, 1, 1), threshold_heart_rate_bpm=160)
    _set(store, me, LTHR_CHANGE, threshold_heart_rate_bpm=175)
    analyze(store, me, now_utc=NOW)
    later = NOW + timedelta(hours=1)
    _set(store, me, date(2010, 1, 1), later, threshold_heart_rate_bpm=150)  # a corrected test

    analyze(store, me, now_utc=later + timedelta(minutes=1))

    stored = _by_id(store, me)
    assert len(stored) == len(RUNS)  # replaced, not added
    assert {s.analysed_at for s in stored.values()} == {later + timedelta(minutes=1)}
    assert _zone_lowers(stored[runs[FENIX2]]) == pytest.approx(_friel(150))
    assert _zone_lowers(stored[runs[TIME_JUMP]]) == pytest.approx(_friel(175))  # still 175


def test_analysis_of_analyses_once_and_then_reuses_the_stored_one(
    store: SqlStore, runs: dict[str, int]
) -> None:
    me = store.default_athlete_id()
    _set(store, me, date(2010, 1, 1), threshold_heart_rate_bpm=160)
    fenix2 = runs[FENIX2]

    first = analysis_of(store, me, fenix2, now_utc=NOW + timedelta(minutes=1))
    again = analysis_of(store, me, fenix2, now_utc=NOW + timedelta(minutes=2))

    assert first.analysed_at == again.analysed_at == NOW + timedelta(minutes=1)
    assert again.data == first.data
    assert [s.activity_id for s in store.analyses(me)] == [fenix2]  # only the one asked for
    # A profile change after the analysis makes it stale: the next look redoes it.
    _set(store, me, date(2010, 1, 1), NOW + timedelta(minutes=3), threshold_heart_rate_bpm=170)
    redone = analysis_of(store, me, fenix2, now_utc=NOW + timedelta(minutes=4))
    assert redone.analysed_at == NOW + timedelta(minutes=4)
    assert _zone_lowers(redone) == pytest.approx(_friel(170))


def test_an_analysis_by_older_rules_is_redone(
    store: SqlStore, runs: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    me = store.default_athlete_id()
    monkeypatch.setattr(activity_analysis, "ANALYSIS_VERSION", 0)
    analyze(store, me, now_utc=NOW, activity_ids=[runs[FENIX2]])
    monkeypatch.undo()
    assert store.analyses(me, runs[FENIX2])[0].version == 0

    redone = analysis_of(store, me, runs[FENIX2], now_utc=NOW + timedelta(hours=1))

    assert redone.version == activity_analysis.ANALYSIS_VERSION
    assert redone.analysed_at == NOW + timedelta(hours=1)


def test_unknown_ids_are_not_found_and_nothing_is_analysed(
    store: SqlStore, runs: dict[str, int]
) -> None:
    me = store.default_athlete_id()
    missing = max(runs.values()) + 100

    with pytest.raises(NotFoundError, match=f"no activity with ID {missing}") as raised:
        analyze(store, me, now_utc=NOW, activity_ids=[runs[FENIX2], missing])
    assert raised.value.hint and "everyrun activities" in raised.value.hint
    with pytest.raises(NotFoundError, match=str(missing)):
        analysis_of(store, me, missing, now_utc=NOW)
    assert store.analyses(me) == []


# --- estimates from history -------------------------------------------------------------------


def test_history_estimates_name_the_activity_they_come_from(
    store: SqlStore, runs: dict[str, int]
) -> None:
    me = store.default_athlete_id()
    analyze(store, me, now_utc=NOW)
    stored = _by_id(store, me)
    as_of = date(2017, 3, 10)  # a week after the last run: the 2017 runs are within a year

    estimates = history_estimates(store, me, as_of)

    # Max heart rate: the highest value held 30 s, over the last two years (the 2015 run too).
    sustained = {i: s.data["effort"]["max_sustained_heart_rate_bpm"] for i, s in stored.items()}
    top = max(sustained, key=lambda i: sustained[i])
    assert top == runs[IPBIKE]
    max_hr = estimates["max_heart_rate_bpm"]
    assert max_hr.value == round(sustained[top])
    assert 175 <= max_hr.value <= 200
    assert max_hr.activity_id == top and f"(activity {top})" in max_hr.evidence
    assert "held 30 s on 2017-03-02" in max_hr.evidence
    # VDOT: the best race-like effort of 3 km or more in the last year (not the 2015 run).
    recent = [runs[TIME_JUMP], runs[IPBIKE]]
    candidates = {
        (i, e["name"]): vdot_from_race(e["distance_m"], e["time_s"])
        for i in recent
        for e in stored[i].data["best_efforts"]
        if e["distance_m"] >= 3000
    }
    (best_id, best_name), best = max(candidates.items(), key=lambda item: item[1])
    vdot = estimates["vdot"]
    assert vdot.value == pytest.approx(round(best, 1))
    assert vdot.activity_id == best_id and f"(activity {best_id})" in vdot.evidence
    assert vdot.evidence.startswith(f"{best_name} in ")
    pace = estimates["threshold_speed_mps"]
    assert pace.value == pytest.approx(training_paces(vdot.value).threshold_mps)
    assert pace.activity_id == best_id and "Daniels" in pace.evidence
    # Out of the look-back, or before any run, there is nothing to go on.
    assert history_estimates(store, me, NOW.date()) == {}
    assert history_estimates(store, me, date(2015, 1, 1)) == {}
    only_old = history_estimates(store, me, date(2016, 9, 1))
    assert set(only_old) == {"max_heart_rate_bpm"}  # over a year: too old for fitness values
    assert only_old["max_heart_rate_bpm"].activity_id == runs[FENIX2]


def _store_run(store: SqlStore, athlete: int, activity: Activity, day: date, tag: str) -> int:
    dated = activity.with_changes(
        start_utc=datetime.combine(day, time(7), tzinfo=UTC), utc_offset_s=0, name=tag
    )
    (activity_id,) = store.add_activities(
        athlete, [NewActivity(dated, file_sha256=tag.ljust(64, "0"), imported_at=NOW)]
    )
    return activity_id


def _time_trial(seed: int = 1) -> Activity:
    """5 min easy, then 5 km at 4:00/km: 25 min moving, too short for an LTHR estimate."""
    return build_run([warmup(5), block(20, "4:00")], noise=0.02, seed=seed)


def test_an_old_run_gets_the_estimates_of_its_own_day(store: SqlStore) -> None:
    """A max heart rate seen in 2020 judges the 2020 run; today's run, with only an easy run
    inside the two-year look-back, gets the lower floor that run shows."""
    me = store.default_athlete_id()
    old = _store_run(store, me, _time_trial(), date(2020, 3, 1), "old")
    new = _store_run(store, me, build_run([easy(25)], seed=8), NOW.date() - 2 * DAY, "new")

    analyze(store, me, now_utc=NOW)

    as_then = history_estimates(store, me, date(2020, 3, 1))["max_heart_rate_bpm"]
    as_now = history_estimates(store, me, NOW.date())["max_heart_rate_bpm"]
    assert (as_then.activity_id, as_now.activity_id) == (old, new)
    assert as_then.value > as_now.value + 20
    stored = _by_id(store, me)
    for activity_id, estimate in ((old, as_then), (new, as_now)):
        expected = [estimate.value * f for f in FIVE_BAND_FRACTIONS[:-1]]
        assert _zone_lowers(stored[activity_id]) == pytest.approx(expected)


def test_a_heart_rate_spike_is_not_a_maximum(sqlite_store: SqlStore) -> None:
    me = sqlite_store.default_athlete_id()
    run = build_run([easy(30)], noise=0.02, seed=3)  # about 150 bpm throughout
    beats = run.streams[act.HEART_RATE].copy()
    beats[900:905] = 228.0  # five seconds of a strap glitch
    columns = {name: run.streams[name] for name in run.streams.names()}
    spiky = run.with_changes(streams=act.Streams({**columns, act.HEART_RATE: beats}))
    activity_id = _store_run(sqlite_store, me, spiky, NOW.date() - 3 * DAY, "spike")

    analyze(sqlite_store, me, now_utc=NOW)

    estimate = history_estimates(sqlite_store, me, NOW.date())["max_heart_rate_bpm"]
    assert 140 <= estimate.value <= 175  # the spike, averaged over 30 s, adds at most 13 bpm
    assert estimate.activity_id == activity_id


def test_with_no_profile_a_full_analyze_learns_and_judges_again(store: SqlStore) -> None:
    me = store.default_athlete_id()
    trial = _store_run(store, me, _time_trial(), NOW.date() - 20 * DAY, "trial")
    easy_run = _store_run(
        store, me, build_run([easy(25)], noise=0.02, seed=2), NOW.date() - 5 * DAY, "easy"
    )

    report = analyze(store, me, now_utc=NOW)

    assert report.passes == 2  # the first pass taught max heart rate and VDOT
    assert report.analysed == 2  # each activity counted once
    max_hr = report.estimates["max_heart_rate_bpm"]
    assert max_hr.activity_id == trial and 185 <= max_hr.value <= 200
    assert report.estimates["vdot"].value == pytest.approx(49.8, abs=1.0)
    stored = _by_id(store, me)
    for activity_id in (trial, easy_run):
        zones = stored[activity_id].data["effort"]["heart_rate_zones"]
        assert zones["model"] == "%HRmax zones"
        expected = [max_hr.value * f for f in FIVE_BAND_FRACTIONS[:-1]]
        assert zones["lower"] == pytest.approx(expected)
        assert stored[activity_id].data["effort"]["pace_zones"] is not None  # estimated VDOT
        assert stored[activity_id].load_method == "rTSS"  # estimated threshold pace
    # Nothing new to learn: a second full run needs one pass only.
    assert analyze(store, me, now_utc=NOW + timedelta(hours=1)).passes == 1


def test_a_value_the_athlete_set_beats_an_estimate(store: SqlStore) -> None:
    me = store.default_athlete_id()
    trial = _store_run(store, me, _time_trial(), NOW.date() - 20 * DAY, "trial")
    _set(store, me, date(2010, 1, 1), max_heart_rate_bpm=205, vdot=40)

    report = analyze(store, me, now_utc=NOW)

    assert report.estimates["max_heart_rate_bpm"].value < 205  # estimated, but not used
    analysis = store.analyses(me, trial)[0]
    assert _zone_lowers(analysis) == pytest.approx([205 * f for f in FIVE_BAND_FRACTIONS[:-1]])
    pace_zones = analysis.data["effort"]["pace_zones"]
    assert pace_zones["lower"][0] == pytest.approx(training_paces(40).easy_slow_mps)
    # rTSS against the threshold pace of the athlete's own VDOT, not the trial's estimate.
    own_threshold = training_paces(40).threshold_mps
    gap = analysis.data["effort"]["gap_speed_mps"]
    assert analysis.data["effort"]["load"]["detail"].startswith(
        f"grade-adjusted speed {gap / own_threshold:.0%} of threshold"
    )


def _estimate(value: float) -> Estimate:
    return Estimate(value, "from a test", 1)


def test_with_estimates_fills_gaps_only_and_never_contradicts() -> None:
    estimates = {
        "max_heart_rate_bpm": _estimate(176),
        "threshold_heart_rate_bpm": _estimate(168),
        "vdot": _estimate(50.0),
        "threshold_speed_mps": _estimate(3.9),
    }

    assert with_estimates(AthleteProfile(), estimates) == AthleteProfile(
        max_heart_rate_bpm=176, threshold_heart_rate_bpm=168, vdot=50.0, threshold_speed_mps=3.9
    )
    # Their VDOT: no estimated threshold pace beside it (it would override the VDOT's pace).
    own_vdot = with_estimates(AthleteProfile(vdot=42.0), estimates)
    assert own_vdot.vdot == 42.0 and own_vdot.threshold_speed_mps is None
    own_pace = with_estimates(AthleteProfile(threshold_speed_mps=3.0), estimates)
    assert own_pace.threshold_speed_mps == 3.0 and own_pace.vdot is None
    # Their LTHR of 180: an estimated max heart rate of 176 cannot be right, nor LTHR 168.
    own_lthr = with_estimates(AthleteProfile(threshold_heart_rate_bpm=180), estimates)
    assert own_lthr.threshold_heart_rate_bpm == 180 and own_lthr.max_heart_rate_bpm is None
    own_max = with_estimates(AthleteProfile(max_heart_rate_bpm=165), estimates)
    assert own_max.max_heart_rate_bpm == 165 and own_max.threshold_heart_rate_bpm is None


def test_an_athlete_cannot_give_a_vdot_and_a_threshold_pace_that_disagree(
    sqlite_store: SqlStore,
) -> None:
    me = sqlite_store.default_athlete_id()
    _set(sqlite_store, me, date(2020, 1, 1), vdot=50)  # threshold pace 4:16/km
    _set(sqlite_store, me, date(2020, 1, 1), threshold_speed_mps=1000 / 250)  # 4:10/km: agrees

    with pytest.raises(ProfileValueError, match="does not match VDOT 70"):
        _set(sqlite_store, me, date(2025, 1, 1), vdot=70)
    assert len(sqlite_store.profile_changes(me)) == 2


def test_an_activity_that_cannot_be_analysed_is_named(
    sqlite_store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = sqlite_store.default_athlete_id()
    activity_id = _store_run(sqlite_store, me, _time_trial(), date(2026, 1, 5), "odd")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ScienceInputError("a formula refused", "check the data")

    monkeypatch.setattr(analysis_module, "analyse_activity", refuse)
    with pytest.raises(ScienceInputError, match=f"activity {activity_id} \\(2026-01-05\\)"):
        analyze(sqlite_store, me, now_utc=NOW)


def test_a_vdot_and_a_slower_threshold_pace_do_not_break_the_analysis() -> None:
    """The profile can hold both (set on different days, or before the service compared them);
    VT1 from the VDOT above VT2 from the pace once made ZoneModel raise for every such run."""
    run = build_run([easy(30)], heart_rate=False, seed=4)
    profile = AthleteProfile(vdot=70, threshold_speed_mps=1000 / 255)  # 4:15/km, VDOT 70: 3:15

    analysis = activity_analysis.analyse_activity(run, profile, date(2025, 6, 1))

    assert analysis.effort.intensity is not None


# --- athletes are kept apart ------------------------------------------------------------------


def test_one_athletes_analyze_never_touches_anothers(store: SqlStore) -> None:
    me = store.default_athlete_id()
    other = store.add_athlete("Second runner")
    mine = _store_run(store, me, _time_trial(seed=5), NOW.date() - 10 * DAY, "mine")
    theirs = _store_run(store, other, build_run([easy(35)], seed=6), NOW.date() - 9 * DAY, "th")
    _set(store, me, date(2010, 1, 1), threshold_heart_rate_bpm=170)
    analyze(store, me, now_utc=NOW)
    before = store.analyses(me)

    report = analyze(store, other, now_utc=NOW + timedelta(hours=1))

    assert report.analysed == 1
    assert store.analyses(me) == before  # same rows, same analysed_at
    assert [s.activity_id for s in store.analyses(other)] == [theirs]
    # Their analysis knows nothing of my LTHR; their estimates come from their runs only.
    assert store.analyses(other)[0].data["effort"]["heart_rate_zones"]["model"] != "LTHR zones"
    assert {e.activity_id for e in history_estimates(store, other, NOW.date()).values()} == {theirs}
    with pytest.raises(NotFoundError):
        analyze(store, other, now_utc=NOW, activity_ids=[mine])
    with pytest.raises(NotFoundError):
        analysis_of(store, other, mine, now_utc=NOW)
    assert store.analyses(me) == before


def test_stored_analyses_are_plain_json(store: SqlStore, runs: dict[str, int]) -> None:
    """No NaN or infinity sneaks into the stored JSON (PostgreSQL would refuse it)."""
    me = store.default_athlete_id()
    _set(store, me, date(2010, 1, 1), threshold_heart_rate_bpm=165, vdot=45)
    analyze(store, me, now_utc=NOW)

    def finite(value: Any) -> bool:
        if isinstance(value, dict):
            return all(finite(v) for v in value.values())
        if isinstance(value, list):
            return all(finite(v) for v in value)
        return not isinstance(value, float) or math.isfinite(value)

    for stored in store.analyses(me):
        assert finite(stored.data)
        assert stored.data["purpose"]["purpose"] == stored.purpose
        assert np.isfinite(stored.purpose_confidence)


def test_profile_changes_recorded_at_any_order_apply_by_day(sqlite_store: SqlStore) -> None:
    """A change recorded later but effective earlier still governs only its own days."""
    me = sqlite_store.default_athlete_id()
    sqlite_store.record_profile_changes(
        me,
        [
            ProfileChange("threshold_heart_rate_bpm", 175.0, date(2026, 1, 1), NOW),
            ProfileChange("threshold_heart_rate_bpm", 160.0, date(2020, 1, 1), NOW + DAY),
        ],
    )
    old = _store_run(sqlite_store, me, _time_trial(), date(2025, 6, 1), "old")
    new = _store_run(sqlite_store, me, _time_trial(seed=7), date(2026, 6, 1), "new")

    analyze(sqlite_store, me, now_utc=NOW + 2 * DAY)

    stored = _by_id(sqlite_store, me)
    assert _zone_lowers(stored[old]) == pytest.approx(_friel(160))
    assert _zone_lowers(stored[new]) == pytest.approx(_friel(175))
