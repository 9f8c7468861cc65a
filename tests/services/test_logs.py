"""Logging use cases on real stores (SQLite and PostgreSQL): merged days, all-or-nothing writes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from everyrun.domain.errors import NotFoundError
from everyrun.domain.log_parsing import parse_exercise, parse_niggle
from everyrun.domain.manual_sessions import Exercise
from everyrun.domain.wellness import LogValueError, Niggle, WellnessEntry
from everyrun.importers.registry import read_activities
from everyrun.services import logs
from everyrun.services.ports import NewActivity
from everyrun.store.sql_store import SqlStore
from tests.corpus import CORPUS

TODAY = date(2026, 3, 14)
NOW = datetime(2026, 3, 14, 7, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = (date(1900, 1, 1), date(2100, 1, 1))


def wellness(store: SqlStore, athlete: int) -> list[WellnessEntry]:
    return store.wellness_between(athlete, *EVERY_DAY)


def log(store: SqlStore, athlete: int, day: date = TODAY, **values: object) -> WellnessEntry:
    niggles = values.pop("niggles", ())
    return logs.log_wellness(
        store,
        athlete,
        day,
        values,
        niggles=niggles,
        today=TODAY,
        now_utc=NOW,  # type: ignore[arg-type]
    )


def import_csv(store: SqlStore, athlete: int, text: str) -> logs.WellnessImport:
    return logs.import_wellness_csv(store, athlete, text, today=TODAY, now_utc=NOW)


def add_corpus_activity(store: SqlStore, athlete: int, filename: str) -> int:
    path = CORPUS / filename
    (activity,) = read_activities("fit", path.read_bytes(), path.name)
    (activity_id,) = store.add_activities(
        athlete, [NewActivity(activity, filename.ljust(64, "0")[:64], NOW)]
    )
    return activity_id


# --- wellness -----------------------------------------------------------------------------------


def test_two_logs_on_one_day_merge_into_one_entry(store: SqlStore) -> None:
    athlete = store.default_athlete_id()

    log(store, athlete, sleep_hours=7.5, hrv_rmssd_ms=62, niggles=[parse_niggle("left knee:2")])
    merged = log(
        store,
        athlete,
        hrv_rmssd_ms=58.5,
        soreness=3,
        illness=False,
        niggles=[parse_niggle("left knee:4"), parse_niggle("right achilles:1:stiff")],
    )

    assert merged == WellnessEntry(
        TODAY,
        sleep_hours=7.5,
        hrv_rmssd_ms=58.5,
        soreness=3,
        illness=False,
        niggles=(Niggle("knee", "left", 4), Niggle("achilles", "right", 1, "stiff")),
    )
    assert wellness(store, athlete) == [merged]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"sleep_hours": 30}, "sleep 30: must be between 0 and 16 h"),
        ({"resting_heart_rate_bpm": 400}, "resting heart rate 400: must be between 25 and 120"),
        ({"sleep_hours": 7, "mood": 9}, "mood 9: must be a whole number from 1 to 5"),
        ({"soreness": 4, "hydration_litres": 40}, "hydration 40: must be between 0 and 15"),
    ],
)
def test_a_refused_log_stores_nothing(
    store: SqlStore, values: dict[str, object], message: str
) -> None:
    athlete = store.default_athlete_id()

    with pytest.raises(LogValueError, match=message):
        log(store, athlete, **({"niggles": [parse_niggle("left knee:2")]} | values))

    assert wellness(store, athlete) == []


def test_a_log_without_any_value_is_refused(store: SqlStore) -> None:
    with pytest.raises(LogValueError, match="nothing to log"):
        log(store, store.default_athlete_id(), sleep_hours=None)


def test_a_future_day_is_refused_and_nothing_stored(store: SqlStore) -> None:
    athlete = store.default_athlete_id()

    with pytest.raises(LogValueError, match="date 2026-03-15 is in the future"):
        log(store, athlete, TODAY + timedelta(days=1), sleep_hours=8)

    assert wellness(store, athlete) == []


def test_wellness_is_the_athletes_own(store: SqlStore) -> None:
    me, other = store.default_athlete_id(), store.add_athlete("Other")
    log(store, other, sleep_hours=9, niggles=[parse_niggle("left knee:2")])

    assert wellness(store, me) == []
    assert wellness(store, other)[0].niggles == (Niggle("knee", "left", 2),)


# --- wellness from CSV ---------------------------------------------------------------------------

GOOD_CSV = """\ufeffDate,Sleep,sleep_quality,HRV,resting hr,soreness,illness,niggles,steps
2026-03-01,7.5,4,62,48,2,no,left achilles:3; lower back:1,9000
2026-03-02,6,,55.5,,,yes,,
2026-03-03,,,,,,,,12000

2026-03-04,8,5,70,46,0,,,
"""


def test_a_csv_logs_every_day_and_reports_what_it_left_out(store: SqlStore) -> None:
    athlete = store.default_athlete_id()

    report = import_csv(store, athlete, GOOD_CSV)

    assert report == logs.WellnessImport(
        days=3,
        first=date(2026, 3, 1),
        last=date(2026, 3, 4),
        empty_rows=1,
        ignored_columns=["steps"],
    )
    first, second, fourth = wellness(store, athlete)
    assert first == WellnessEntry(
        date(2026, 3, 1),
        sleep_hours=7.5,
        sleep_quality=4,
        hrv_rmssd_ms=62.0,
        resting_heart_rate_bpm=48.0,
        soreness=2,
        illness=False,
        niggles=(Niggle("achilles", "left", 3), Niggle("lower back", None, 1)),
    )
    assert second == WellnessEntry(date(2026, 3, 2), sleep_hours=6, hrv_rmssd_ms=55.5, illness=True)
    assert fourth.day == date(2026, 3, 4)


def test_a_semicolon_csv_may_use_decimal_commas(store: SqlStore) -> None:
    athlete = store.default_athlete_id()

    import_csv(store, athlete, "date;sleep_hours;hydration_litres\n2026-03-01;7,5;2,25\n")

    assert wellness(store, athlete) == [
        WellnessEntry(date(2026, 3, 1), sleep_hours=7.5, hydration_litres=2.25)
    ]


def test_a_csv_merges_into_days_already_logged(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    log(store, athlete, date(2026, 3, 1), sleep_hours=9, mood=4, niggles=[parse_niggle("knee:2")])

    import_csv(store, athlete, "date,sleep,niggles\n2026-03-01,6,knee:5\n2026-03-02,7,\n")

    day_one, day_two = wellness(store, athlete)
    assert day_one == WellnessEntry(
        date(2026, 3, 1), sleep_hours=6, mood=4, niggles=(Niggle("knee", None, 5),)
    )
    assert day_two == WellnessEntry(date(2026, 3, 2), sleep_hours=7)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "date,sleep\n2026-03-01,7\n2026-03-02,30\n2026-03-03,8\n",
            "line 3: sleep 30: must be between 0 and 16 h",
        ),
        (
            "date,resting_hr\n2026-03-01,50\n2026-03-02,400\n",
            "line 3: resting heart rate 400: must be between 25 and 120 bpm",
        ),
        ("date,sleep\n2026-03-01,7\n2026-03-15,8\n", "line 3: date 2026-03-15 is in the future"),
        ("date,sleep\n2026-03-01,7\n01/03/2026,8\n", "line 3: date '01/03/2026' is not YYYY-MM-DD"),
        ("date,sleep\n2026-03-01,7\n,8\n", "line 3: the date is missing"),
        ("date,sleep\n2026-03-01,7\n2026-03-01,8\n", "line 3: 2026-03-01 is also on line 2"),
        ("date,sleep\n2026-03-01,7,extra\n", "line 2: 3 cells under 2 column names"),
        ("date,niggles\n2026-03-01,left knee\n", "line 2: niggle 'left knee' is not"),
        ("sleep,hrv\n7,60\n", "the CSV has no 'date' column"),
        ("date,hrv,rmssd\n2026-03-01,60,60\n", "columns 'hrv' and 'rmssd' both give hrv_rmssd_ms"),
        ("", "the CSV is empty"),
    ],
)
def test_one_bad_row_refuses_the_whole_file(store: SqlStore, text: str, message: str) -> None:
    athlete = store.default_athlete_id()

    with pytest.raises(LogValueError, match=message) as refused:
        import_csv(store, athlete, text)

    assert "nothing was stored" in str(refused.value)
    assert wellness(store, athlete) == []


def test_a_long_csv_is_stored_in_one_go(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    first = date(2020, 1, 1)
    rows = [
        f"{first + timedelta(days=i)},{6 + i % 3},{40 + i % 50},knee:{i % 4}" for i in range(1200)
    ]
    log(store, athlete, first + timedelta(days=600), mood=3)

    report = import_csv(store, athlete, "date,sleep,hrv,niggles\n" + "\n".join(rows))

    stored = wellness(store, athlete)
    assert report.days == len(stored) == 1200
    assert stored[600].mood == 3 and stored[600].sleep_hours == 6
    assert stored[1199].niggles == (Niggle("knee", None, 3),)


# --- HRV from a recording ------------------------------------------------------------------------


def test_hrv_from_a_morning_recording_is_logged_on_its_local_day(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    activity_id = add_corpus_activity(store, athlete, "hrv-only_garmin-fr920xt_2min.fit")
    log(store, athlete, date(2015, 6, 13), sleep_hours=7)

    reading = logs.log_hrv_from_activity(
        store, athlete, activity_id, zone=BERLIN, today=TODAY, now_utc=NOW
    )

    assert reading.day == date(2015, 6, 13)
    assert 20 <= reading.rmssd_ms <= 150
    assert reading.beats == 142 and reading.clean_differences > 120
    assert reading.warnings == []
    assert wellness(store, athlete) == [
        WellnessEntry(date(2015, 6, 13), sleep_hours=7, hrv_rmssd_ms=round(reading.rmssd_ms, 1))
    ]


def test_hrv_needs_a_resting_recording_with_rr_intervals(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    run = add_corpus_activity(store, athlete, "run_garmin-fenix5_1min_hrv.fit")
    without_rr = add_corpus_activity(store, athlete, "run_garmin-fenix2_9km.fit")

    def hrv(activity_id: int) -> logs.HrvReading:
        return logs.log_hrv_from_activity(
            store, athlete, activity_id, zone=BERLIN, today=TODAY, now_utc=NOW
        )

    with pytest.raises(LogValueError, match="is not a resting recording: median heart rate 105"):
        hrv(run)
    with pytest.raises(LogValueError, match="has no RR intervals"):
        hrv(without_rr)
    with pytest.raises(NotFoundError) as not_found:
        hrv(9999)
    assert not_found.value.hint
    assert wellness(store, athlete) == []


# --- sessions and RPE ----------------------------------------------------------------------------


def test_a_strength_session_is_stored_with_its_load(store: SqlStore) -> None:
    athlete = store.default_athlete_id()

    stored = logs.log_session(
        store,
        athlete,
        "strength",
        date(2026, 3, 10),
        rpe=7,
        minutes=45,
        notes="felt strong",
        exercises=[parse_exercise("squat:3x8@60"), parse_exercise("plank:3x1 rpe 6")],
        today=TODAY,
        now_utc=NOW,
    )

    assert (stored.load, stored.load_method) == (315.0, "session-RPE")
    (found,) = store.manual_sessions_between(athlete, date(2026, 3, 10), date(2026, 3, 10))
    assert found == stored
    assert found.session.exercises[1] == Exercise("plank", 3, 1, None, 6.0)
    assert store.manual_sessions_between(athlete, date(2026, 3, 11), TODAY) == []


def test_a_refused_session_stores_nothing(store: SqlStore) -> None:
    athlete = store.default_athlete_id()

    with pytest.raises(LogValueError, match="RPE 15: must be between 0 and 10"):
        logs.log_session(
            store,
            athlete,
            "workout",
            TODAY,
            rpe=15,
            minutes=30,
            sport="rowing",
            today=TODAY,
            now_utc=NOW,
        )

    assert store.manual_sessions_between(athlete, *EVERY_DAY) == []


def test_an_activity_rpe_is_set_replaced_and_removed_with_the_activity(store: SqlStore) -> None:
    athlete = store.default_athlete_id()
    activity_id = add_corpus_activity(store, athlete, "run_garmin-fenix2_9km.fit")

    logs.set_activity_rpe(store, athlete, activity_id, 6, now_utc=NOW)
    assert logs.set_activity_rpe(store, athlete, activity_id, "7.5", now_utc=NOW) == 7.5

    assert store.activity_rpes(athlete) == {activity_id: 7.5}
    store.delete_activity(athlete, activity_id)
    assert store.activity_rpes(athlete) == {}


def test_an_rpe_for_an_unknown_or_foreign_activity_is_refused(store: SqlStore) -> None:
    me, other = store.default_athlete_id(), store.add_athlete("Other")
    theirs = add_corpus_activity(store, other, "run_garmin-fenix2_9km.fit")

    for activity_id in (theirs, 9999):
        with pytest.raises(NotFoundError, match=f"no activity with (id|ID) {activity_id}") as error:
            logs.set_activity_rpe(store, me, activity_id, 5, now_utc=NOW)
        assert error.value.hint
    with pytest.raises(LogValueError, match="RPE 15: must be between 0 and 10"):
        logs.set_activity_rpe(store, other, theirs, 15, now_utc=NOW)
    assert store.activity_rpes(me) == store.activity_rpes(other) == {}
