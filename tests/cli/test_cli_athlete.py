"""`everyrun athlete set/show`: every value checked and dated, estimates shown with evidence.

Exit codes: 0 done, 2 the command could not run (a bad value: nothing is stored).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from everyrun.domain.athlete import PROFILE_FIELDS
from everyrun.services.ports import NewActivity
from everyrun.store.sql_store import SqlStore
from tests.cli.conftest import Invoke, Library, plain
from tests.domain.workouts import block, build_run, warmup

ALL_OPTIONS = [
    "--name",
    "Ana Runner",
    "--sex",
    "female",
    "--birth-year",
    "1986",
    "--weight",
    "58.5",
    "--max-hr",
    "190",
    "--resting-hr",
    "48",
    "--lthr",
    "170",
    "--threshold-pace",
    "4:15/km",
    "--vdot",
    "50",
    "--time-zone",
    "Europe/Berlin",
    "--units",
    "metric",
]
EXPECTED = {
    "name": "Ana Runner",
    "sex": "female",
    "birth_year": 1986,
    "weight_kg": 58.5,
    "max_heart_rate_bpm": 190,
    "resting_heart_rate_bpm": 48,
    "threshold_heart_rate_bpm": 170,
    "threshold_speed_mps": 1000 / 255,
    "vdot": 50,
    "time_zone": "Europe/Berlin",
    "units": "metric",
}


def _json(text: str) -> Any:
    return json.loads(text)


def flat(text: str) -> str:
    """Table text with borders and line breaks gone: a wrapped cell reads as one line again."""
    return re.sub(r"[\s│┃]+", " ", plain(text))


def _profile(invoke: Invoke, db: str, *args: str) -> dict[str, Any]:
    shown: dict[str, Any] = _json(invoke("athlete", "show", "--json", "--db", db, *args).stdout)
    profile: dict[str, Any] = shown["profile"]
    return profile


def _changes(db: str) -> int:
    with SqlStore(db) as store:
        store.upgrade()
        return len(store.profile_changes(store.default_athlete_id()))


def test_set_every_value_and_show_it_back(invoke: Invoke, db_url: str) -> None:
    saved = _json(
        invoke(
            "athlete", "set", *ALL_OPTIONS, "--from", "2025-01-01", "--json", "--db", db_url
        ).stdout
    )

    assert saved["day"] == "2025-01-01"
    for name, value in EXPECTED.items():
        field = saved["profile"][name]
        assert field["value"] == pytest.approx(value) if isinstance(value, float) else value
        assert field["source"] == "set" and field["effective_from"] == "2025-01-01", name
    shown = _profile(invoke, db_url)
    assert set(shown) == set(PROFILE_FIELDS)
    assert all(set(f) >= {"value", "source", "effective_from", "estimate"} for f in shown.values())
    assert shown["threshold_heart_rate_bpm"]["value"] == 170
    assert shown["threshold_heart_rate_bpm"]["estimate"] is None  # nothing analysed yet

    text = flat(invoke("athlete", "show", "--db", db_url).stdout)
    for visible in ("Ana Runner", "female", "1986", "58.5", "190", "48", "170", "Europe/Berlin"):
        assert visible in text
    assert "4:15/km" in text
    assert "set from 2025-01-01" in text
    assert "everyrun analyze --all" in text  # how to get estimates for what is unset


def test_set_prints_what_was_saved_and_what_to_do_next(invoke: Invoke, db_url: str) -> None:
    output = flat(
        invoke("athlete", "set", "--lthr", "172", "--from", "2026-06-01", "--db", db_url).stdout
    )

    assert "Saved 1 value(s), in force from 2026-06-01." in output
    assert "172" in output and "set from 2026-06-01" in output
    assert "everyrun analyze --all" in output


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--threshold-pace", "4:15/km"], "4:15/km"),
        (["--threshold-pace", "4:15/km", "--units", "imperial"], "6:50/mi"),
        (["--threshold-pace", "6:50/mi", "--units", "imperial"], "6:50/mi"),
        (["--threshold-pace", "1:42/400m"], "4:15/km"),
    ],
)
def test_threshold_pace_is_shown_in_the_athletes_units(
    invoke: Invoke, db_url: str, args: list[str], shown: str
) -> None:
    invoke("athlete", "set", *args, "--db", db_url)

    text = flat(invoke("athlete", "show", "--db", db_url).stdout)

    found = re.search(r"Threshold pace (\S+) set from", text)
    assert found is not None and found.group(1) == shown


def test_an_old_day_shows_the_value_in_force_then(invoke: Invoke, db_url: str) -> None:
    invoke("athlete", "set", "--lthr", "165", "--from", "2024-01-01", "--db", db_url)
    invoke("athlete", "set", "--lthr", "172", "--from", "2026-06-01", "--db", db_url)

    before = _profile(invoke, db_url, "--date", "2026-05-31")["threshold_heart_rate_bpm"]
    after = _profile(invoke, db_url, "--date", "2026-06-01")["threshold_heart_rate_bpm"]
    earliest = _profile(invoke, db_url, "--date", "2023-06-01")["threshold_heart_rate_bpm"]

    assert (before["value"], before["effective_from"]) == (165, "2024-01-01")
    assert (after["value"], after["effective_from"]) == (172, "2026-06-01")
    # Before anything was set, the first known value is used, and said to be backdated.
    assert (earliest["value"], earliest["backdated"]) == (165, True)
    text = plain(invoke("athlete", "show", "--date", "2023-06-01", "--db", db_url).stdout)
    assert "Profile on 2023-06-01" in text
    assert "(first set after 2023-06-01: used for it as the best known)" in flat(text)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-hr", "400"], "between 100 and 230"),
        (["--max-hr", "180", "--lthr", "185"], "threshold heart rate 185 is not below max"),
        (["--lthr", "100", "--resting-hr", "110"], "resting heart rate 110 is not below"),
        (["--weight", "600"], "between 25 and 250"),
        (["--birth-year", "1850"], "must be a year between 1900"),
        (["--sex", "x"], "must be one of: female, male"),
        (["--units", "furlongs"], "must be one of: metric, imperial"),
        (["--time-zone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--threshold-pace", "fast"], "'fast' has no '/unit'"),
        (["--threshold-pace", "4:15"], "has no '/unit'"),
        (["--threshold-pace", "4:xx/km"], "cannot read pace '4:xx/km'"),
        (["--threshold-pace", "0:30/km"], "between 1.4 and 7"),
        (["--vdot", "70", "--threshold-pace", "4:15/km"], "does not match VDOT 70"),
        (["--lthr", "170", "--from", "2026-02-30"], "--from '2026-02-30' is not a date"),
        (["--lthr", "170", "--from", "yesterday"], "is not a date"),
        ([], "nothing to set"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_stored(
    invoke: Invoke, db_url: str, args: list[str], message: str
) -> None:
    invoke("athlete", "set", "--weight", "60", "--from", "2020-01-01", "--db", db_url)

    result = invoke("athlete", "set", *args, "--db", db_url, code=2)

    error = plain(result.stderr)
    assert "error:" in error and message in error
    assert "Traceback" not in error
    assert _changes(db_url) == 1  # only the first, good, value
    as_json = _json(invoke("athlete", "set", *args, "--json", "--db", db_url, code=2).stdout)
    assert message in as_json["error"]
    assert _changes(db_url) == 1


def test_a_max_heart_rate_below_a_later_lthr_is_refused(invoke: Invoke, db_url: str) -> None:
    invoke("athlete", "set", "--lthr", "175", "--from", "2026-06-01", "--db", db_url)

    result = invoke(
        "athlete", "set", "--max-hr", "172", "--from", "2026-01-01", "--db", db_url, code=2
    )

    assert "not below max heart rate 172" in plain(result.stderr)
    assert _changes(db_url) == 1


def test_show_date_must_be_a_date(invoke: Invoke, db_url: str) -> None:
    result = invoke("athlete", "show", "--date", "1.2.2026", "--db", db_url, code=2)
    assert "--date '1.2.2026' is not a date" in plain(result.stderr)


def _add_recent_time_trial(url: str, days_ago: int = 12) -> int:
    """A hard 5 km dated near today, so the estimates' look-back windows include it."""
    run = build_run([warmup(5), block(20, "4:00")], noise=0.02, seed=11)
    start = datetime.combine(datetime.now(UTC).date() - timedelta(days=days_ago), time(7))
    dated = run.with_changes(start_utc=start.replace(tzinfo=UTC), utc_offset_s=3600)
    with SqlStore(url) as store:
        (activity_id,) = store.add_activities(
            store.default_athlete_id(),
            [NewActivity(dated, file_sha256="b" * 64, imported_at=datetime.now(UTC))],
        )
    return activity_id


def test_after_analyze_show_gives_estimates_with_their_evidence(
    invoke: Invoke, library: Library
) -> None:
    trial = _add_recent_time_trial(library.url)
    before = flat(invoke("athlete", "show", "--db", library.url).stdout)
    assert "≈" not in before and "everyrun analyze --all" in before

    invoke("analyze", "--all", "--db", library.url)

    text = flat(invoke("athlete", "show", "--db", library.url).stdout)
    assert "≈" in text and "estimated:" in text
    assert f"(activity {trial})" in text
    assert "held 30 s" in text and "Daniels" in text
    profile = _profile(invoke, library.url)
    max_hr = profile["max_heart_rate_bpm"]
    assert max_hr["source"] == "estimated" and max_hr["effective_from"] is None
    assert max_hr["estimate"]["activity_id"] == trial
    assert max_hr["value"] == max_hr["estimate"]["value"]
    assert f"(activity {trial})" in max_hr["estimate"]["evidence"]
    assert profile["vdot"]["estimate"]["value"] == pytest.approx(49.8, abs=1.0)
    assert profile["threshold_speed_mps"]["source"] == "estimated"


def test_a_set_value_wins_over_its_estimate_in_show(invoke: Invoke, library: Library) -> None:
    _add_recent_time_trial(library.url)
    invoke(
        "athlete",
        "set",
        "--max-hr",
        "205",
        "--vdot",
        "45",
        "--from",
        "2010-01-01",
        "--db",
        library.url,
    )
    invoke("analyze", "--all", "--db", library.url)

    profile = _profile(invoke, library.url)

    max_hr = profile["max_heart_rate_bpm"]
    assert (max_hr["value"], max_hr["source"]) == (205, "set")
    assert max_hr["estimate"]["value"] < 205 and max_hr["estimate"]["used"] is False
    pace = profile["threshold_speed_mps"]  # estimated, but VDOT 45 was given: not used
    assert pace["source"] is None and pace["value"] is None and pace["estimate"]["used"] is False
    text = flat(invoke("athlete", "show", "--db", library.url).stdout)
    assert "estimated but not used: the values you set come first" in text


def test_show_on_an_old_day_uses_the_history_up_to_then(invoke: Invoke, library: Library) -> None:
    invoke("analyze", "--all", "--db", library.url)

    today = _profile(invoke, library.url)
    then = _profile(invoke, library.url, "--date", "2018-11-01")

    assert today["max_heart_rate_bpm"]["estimate"] is None  # the library's runs are years old
    estimate = then["max_heart_rate_bpm"]["estimate"]
    assert estimate["activity_id"] in library.ids.values()
    assert f"(activity {estimate['activity_id']})" in estimate["evidence"]
