"""`everyrun analyze` and the analysis `everyrun activity ID` shows, on a library of real runs.

Exit codes: 0 done, 2 the command could not run (no IDs, an unknown ID).
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from rich.console import Console

from everyrun.cli.analysis_view import analysis_view
from everyrun.domain.purpose import Purpose
from everyrun.domain.science.zones import FRIEL_RUN_LTHR_FRACTIONS
from everyrun.services.ports import NewActivity, StoredAnalysis
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import Invoke, Library, plain
from tests.domain.workouts import block, build_run, warmup

FENIX2 = "run_garmin-fenix2_9km.fit"  # 2015-08-15
FENIX5X = "run_garmin-fenix5x-plus_18.7km_9-pauses.fit"  # 2018-10-20
TIME_JUMP = "run_garmin-fr225_time-jump.fit"  # 2017-02-22: 6 reps of about 3 min
RIDE = "ride_garmin-edge520_power.tcx"
LIBRARY_SIZE = 7
PURPOSES = {purpose.value for purpose in Purpose}


def _json(text: str) -> Any:
    return json.loads(text)


def flat(text: str) -> str:
    """Table text with borders and line breaks gone: a wrapped cell reads as one line again."""
    return re.sub(r"[\s│┃]+", " ", plain(text))


def _stored(library: Library) -> dict[int, StoredAnalysis]:
    with SqlStore(library.url) as store:
        return {a.activity_id: a for a in store.analyses(store.default_athlete_id())}


def _friel(lthr: float) -> list[float]:
    return [lthr * f for f in FRIEL_RUN_LTHR_FRACTIONS[:-1]]


def _lowers(stored: StoredAnalysis) -> list[float]:
    return [float(v) for v in stored.data["effort"]["heart_rate_zones"]["lower"]]


def _add_recent_time_trial(url: str, days_ago: int = 12) -> int:
    """A hard 5 km dated near today, so the estimates' look-back windows include it."""
    run = build_run([warmup(5), block(20, "4:00")], noise=0.02, seed=11)
    start = datetime.combine(datetime.now(UTC).date() - timedelta(days=days_ago), time(7))
    dated = run.with_changes(start_utc=start.replace(tzinfo=UTC), utc_offset_s=3600)
    with SqlStore(url) as store:
        (activity_id,) = store.add_activities(
            store.default_athlete_id(),
            [NewActivity(dated, file_sha256="c" * 64, imported_at=datetime.now(UTC))],
        )
    return activity_id


# --- analyze ----------------------------------------------------------------------------------


def test_analyze_needs_ids_or_all(invoke: Invoke, library: Library) -> None:
    result = invoke("analyze", "--db", library.url, code=2)

    assert "name activity IDs or use --all" in plain(result.stderr)
    assert "everyrun analyze --all" in plain(result.stderr)
    answer = _json(invoke("analyze", "--json", "--db", library.url, code=2).stdout)
    assert answer["error"] == "name activity IDs or use --all"
    assert _stored(library) == {}


def test_analyze_all_json_counts_purposes_and_estimates(invoke: Invoke, library: Library) -> None:
    trial = _add_recent_time_trial(library.url)

    report = _json(invoke("analyze", "--all", "--json", "--db", library.url).stdout)

    assert report["analysed"] == LIBRARY_SIZE + 1  # each once, though it took two passes
    assert report["passes"] == 2  # the trial taught max heart rate and VDOT
    assert sum(report["purposes"].values()) == LIBRARY_SIZE + 1
    assert set(report["purposes"]) <= PURPOSES
    assert report["purposes"]["cross_training"] >= 2  # the ride and the swim
    estimates = report["estimates"]
    assert {"max_heart_rate_bpm", "vdot", "threshold_speed_mps"} <= set(estimates)
    max_hr = estimates["max_heart_rate_bpm"]
    assert 180 <= max_hr["value"] <= 200
    assert f"(activity {trial})" in max_hr["evidence"]
    assert estimates["vdot"]["value"] == pytest.approx(49.8, abs=1.0)
    stored = _stored(library)
    assert set(stored) == {*library.ids.values(), trial}
    # The final analyses use what was learned: zones from the estimated max heart rate.
    zones = stored[library.ids[FENIX2]].data["effort"]["heart_rate_zones"]
    assert zones is not None and zones["model"] in ("%HRmax zones", "LTHR zones")

    again = _json(invoke("analyze", "--all", "--json", "--db", library.url).stdout)
    assert (again["analysed"], again["passes"]) == (LIBRARY_SIZE + 1, 1)


def test_analyze_all_prints_a_summary(invoke: Invoke, library: Library) -> None:
    output = flat(invoke("analyze", "--all", "--db", library.url).stdout)

    assert f"Analysed {LIBRARY_SIZE} activities in" in output
    assert "2 passes)" in output  # the first taught max heart rates of the runs' own days
    assert "What the sessions were for" in output and "cross training" in output


def test_analyze_named_ids_only(invoke: Invoke, library: Library) -> None:
    fenix2, ride = library.ids[FENIX2], library.ids[RIDE]

    report = _json(invoke("analyze", str(fenix2), str(ride), "--json", "--db", library.url).stdout)

    assert (report["analysed"], report["passes"]) == (2, 1)
    assert set(_stored(library)) == {fenix2, ride}
    assert report["purposes"]["cross_training"] == 1  # the ride


def test_an_unknown_id_is_a_clear_error_and_nothing_is_analysed(
    invoke: Invoke, library: Library
) -> None:
    missing = max(library.ids.values()) + 1000

    result = invoke("analyze", str(library.ids[FENIX2]), str(missing), "--db", library.url, code=2)

    error = plain(result.stderr)
    assert f"error: no activity with ID {missing}" in error
    assert "hint:" in error and "everyrun activities" in error
    assert "Traceback" not in error
    answer = _json(invoke("analyze", str(missing), "--json", "--db", library.url, code=2).stdout)
    assert answer["error"] == f"no activity with ID {missing}" and answer["hint"]
    assert _stored(library) == {}  # all or nothing: the known ID was not analysed either
    shown = invoke("activity", str(missing), "--db", library.url, code=2)
    assert "no activity with id" in plain(shown.stderr).lower()


def test_analyze_all_uses_the_thresholds_of_each_day_and_redoes_them_when_changed(
    invoke: Invoke, library: Library
) -> None:
    db = ("--db", library.url)
    invoke("athlete", "set", "--lthr", "160", "--from", "2010-01-01", *db)
    invoke("athlete", "set", "--lthr", "175", "--from", "2016-06-01", *db)

    invoke("analyze", "--all", *db)

    stored = _stored(library)
    old, new = stored[library.ids[FENIX2]], stored[library.ids[FENIX5X]]
    assert str(old.profile_day) == "2015-08-15" and str(new.profile_day) == "2018-10-20"
    assert _lowers(old) == pytest.approx(_friel(160))
    assert _lowers(new) == pytest.approx(_friel(175))
    shown = _json(invoke("activity", str(library.ids[FENIX2]), "--json", *db).stdout)
    assert shown["analysis"]["effort"]["heart_rate_zones"]["lower"] == pytest.approx(_friel(160))

    invoke("athlete", "set", "--lthr", "150", "--from", "2010-01-01", *db)  # a corrected test
    invoke("analyze", "--all", *db)

    redone = _stored(library)
    assert _lowers(redone[library.ids[FENIX2]]) == pytest.approx(_friel(150))
    assert _lowers(redone[library.ids[FENIX5X]]) == pytest.approx(_friel(175))
    assert redone[library.ids[FENIX5X]].analysed_at > new.analysed_at


# --- the analysis in `everyrun activity ID` ---------------------------------------------------


def test_activity_shows_purpose_zones_and_reps(invoke: Invoke, library: Library) -> None:
    db = ("--db", library.url)
    invoke("athlete", "set", "--lthr", "165", "--from", "2010-01-01", *db)
    activity_id = library.ids[TIME_JUMP]

    output = plain(invoke("activity", str(activity_id), *db).stdout)
    data = _json(invoke("activity", str(activity_id), "--json", *db).stdout)["analysis"]

    purpose = data["purpose"]
    assert purpose["purpose"] in PURPOSES and purpose["reason"]
    text = flat(output)
    assert f"Purpose: {purpose['purpose'].replace('_', ' ')}" in text
    assert flat(purpose["reason"]) in text  # and why
    assert "Heart-rate zones: LTHR zones" in text
    # Friel's Z3 of LTHR 165 is 90–95 %: 148.5–156.75 bpm; a bar and a share of the time.
    assert re.search(r"^\s*Z3\s+14[89]–157 bpm\s+\d+:\d\d\s+█*\s*\d+%\s*$", output, re.M)
    reps = data["intervals"]["reps"]
    assert len(reps) == 6
    assert f"Reps: {data['intervals']['summary']}" in text
    for number, rep in enumerate(reps, start=1):
        assert re.search(rf"^\s*{number}\s+\d+:\d\d\s+\d:\d\d\s+\d+ m\s+\d:\d\d/km", output, re.M)
        assert rep["duration_s"] > 60
    assert "Best efforts" in output


def test_activity_json_has_the_analysis_without_a_profile(invoke: Invoke, library: Library) -> None:
    data = _json(invoke("activity", str(library.ids[FENIX2]), "--json", "--db", library.url).stdout)

    analysis = data["analysis"]
    assert analysis["purpose"]["purpose"] in PURPOSES
    assert analysis["effort"]["heart_rate_zones"] is None  # no threshold known, none made up
    assert any("everyrun athlete set" in reason for reason in analysis["missing"])
    assert analysis["best_efforts"] and analysis["best_efforts"][0]["name"]
    text = flat(invoke("activity", str(library.ids[FENIX2]), "--db", library.url).stdout)
    assert "Not measured:" in text and "everyrun athlete set" in text


def test_activity_paces_follow_the_athletes_units(invoke: Invoke, library: Library) -> None:
    db = ("--db", library.url)
    invoke("athlete", "set", "--units", "imperial", "--lthr", "165", "--from", "2010-01-01", *db)

    output = plain(invoke("activity", str(library.ids[TIME_JUMP]), *db).stdout)

    analysis_part = output[output.index("Purpose:") :]
    assert re.search(r"^\s*Avg pace\s+\d+:\d\d/mi\s*$", analysis_part, re.M)
    assert re.search(r"^\s*1\s+\d+:\d\d\s+\d:\d\d\s+\d+ m\s+\d+:\d\d/mi", analysis_part, re.M)


@pytest.mark.parametrize("name", [TIME_JUMP, FENIX5X, RIDE])
def test_activity_at_80_columns_stays_readable(
    invoke: Invoke, library: Library, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    db = ("--db", library.url)
    invoke("athlete", "set", "--lthr", "165", "--vdot", "45", "--from", "2010-01-01", *db)
    activity_id = library.ids[name]

    output = plain(invoke("activity", str(activity_id), *db).stdout)

    assert all(len(line) <= 80 for line in output.splitlines())
    assert f"Activity {activity_id}" in output
    assert "Purpose:" in output
    analyzed = plain(invoke("analyze", "--all", *db).stdout)
    assert all(len(line) <= 80 for line in analyzed.splitlines())
    shown = plain(invoke("athlete", "show", *db).stdout)
    assert all(len(line) <= 80 for line in shown.splitlines())


def test_the_analysis_view_gives_paces_per_mile_for_imperial_units(
    invoke: Invoke, library: Library
) -> None:
    db = ("--db", library.url)
    invoke("athlete", "set", "--lthr", "165", "--vdot", "45", "--from", "2010-01-01", *db)
    invoke("analyze", str(library.ids[FENIX2]), *db)
    stored = _stored(library)[library.ids[FENIX2]]

    def rendered(units: str | None) -> str:
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(analysis_view(stored, units=units))
        return console.export_text()

    metric, imperial = rendered(None), rendered("imperial")

    def paces(text: str, unit: str) -> list[str]:
        return re.findall(rf"\d:\d\d/{unit}\b", text)

    assert paces(metric, "km") and not paces(metric, "mi")
    assert paces(imperial, "mi") and not paces(imperial, "km")
    assert "Pace zones: VDOT pace zones" in metric  # zone ranges as paces, not m/s
    assert re.search(r"^\s*T\s+\d:\d\d–\d:\d\d/km\s", metric, re.M)
