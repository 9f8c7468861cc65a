"""FIT import checked against the corpus manifest, file by file."""

from __future__ import annotations

import numpy as np
import pytest

from everyrun.domain import activity as act
from everyrun.domain.errors import CorruptFileError, NotAnActivityError
from everyrun.importers.fit import read_fit
from tests.corpus import CorpusFile, fit_files

NOT_ACTIVITIES = {
    "workout-file_trainingpeaks_not-an-activity.fit": "workout",
    "ride_garmin-edge500_no-records.fit": "no recorded samples",
}
OK_FILES = [f for f in fit_files() if f.is_ok and f.filename not in NOT_ACTIVITIES]


def _read(corpus_file: CorpusFile) -> list[act.Activity]:
    return read_fit(corpus_file.read(), corpus_file.filename)


def _sport_label(activity: act.Activity) -> str:
    return activity.sport + (f"/{activity.sub_sport}" if activity.sub_sport else "")


@pytest.mark.parametrize("corpus_file", OK_FILES, ids=lambda f: f.filename)
def test_fit_file_matches_its_manifest_row(corpus_file: CorpusFile) -> None:
    legs = _read(corpus_file)

    expected_sports = [s.strip() for s in corpus_file.sport.split("+")]
    assert [_sport_label(leg) for leg in legs] == expected_sports
    assert all(leg.start_utc.tzinfo is not None for leg in legs)
    assert [leg.leg_index for leg in legs] == list(range(len(legs)))

    if corpus_file.duration_s is not None:
        assert sum(leg.elapsed_s for leg in legs) == pytest.approx(corpus_file.duration_s, abs=1.0)
    if corpus_file.timer_s is not None:
        assert sum(leg.timer_s or 0 for leg in legs) == pytest.approx(corpus_file.timer_s, abs=1.0)
    if corpus_file.distance_m is not None:
        assert sum(leg.distance_m or 0 for leg in legs) == pytest.approx(
            corpus_file.distance_m, abs=1.0
        )

    records = corpus_file.count("records")
    assert sum(len(leg.streams) for leg in legs) == records
    laps = corpus_file.count("laps")
    if laps is not None:
        assert sum(len(leg.laps) for leg in legs) == laps
    for feature, stream in (("hr", act.HEART_RATE), ("cadence", act.CADENCE), ("power", act.POWER)):
        if corpus_file.has(feature):
            assert any(leg.streams.has_data(stream) for leg in legs), feature
    if corpus_file.has("gps"):
        fixes = sum(
            int(
                np.isfinite(
                    leg.streams.get(act.LATITUDE) if act.LATITUDE in leg.streams else np.zeros(0)
                ).sum()
            )
            for leg in legs
        )
        if corpus_file.has("gps_partial"):
            assert fixes == int(corpus_file.features["gps"])
        else:
            assert fixes > 0.9 * (records or 0)
    else:
        assert not any(leg.streams.has_data(act.LATITUDE) for leg in legs)
    if corpus_file.has("hrv"):
        assert sum(len(leg.rr_intervals_ms) for leg in legs) >= corpus_file.count("hrv")  # type: ignore[operator]
    stops = corpus_file.count("timer_stops") or 0
    pauses = sum(len(leg.pauses) for leg in legs)
    assert pauses <= stops
    if corpus_file.has("sets"):
        assert sum(len(leg.sets) for leg in legs) == corpus_file.count("sets")


@pytest.mark.parametrize("corpus_file", OK_FILES, ids=lambda f: f.filename)
def test_time_stream_starts_at_the_session_start(corpus_file: CorpusFile) -> None:
    for leg in _read(corpus_file):
        time = leg.streams[act.TIME]
        assert np.isfinite(time).all()
        assert time[0] >= -5  # first record at (or a moment before) the session start


@pytest.mark.parametrize("name,reason", sorted(NOT_ACTIVITIES.items()))
def test_files_that_are_not_activities_are_refused_with_the_reason(name: str, reason: str) -> None:
    corpus_file = next(f for f in fit_files() if f.filename == name)
    with pytest.raises(NotAnActivityError, match=reason):
        _read(corpus_file)


def test_bad_checksum_is_a_clean_named_failure() -> None:
    corpus_file = next(f for f in fit_files() if f.filename == "corrupt_bad-file-crc.fit")
    with pytest.raises(CorruptFileError, match="checksum mismatch"):
        _read(corpus_file)


def test_truncated_file_keeps_what_is_sound_and_says_what_was_dropped() -> None:
    corpus_file = next(f for f in fit_files() if f.filename == "ride_sigma_truncated-eof.fit")
    (ride,) = _read(corpus_file)
    assert len(ride.streams) == corpus_file.count("records") == 14391
    assert any("dropped the last 17 bytes" in w for w in ride.warnings)
    assert any("no session summary" in w for w in ride.warnings)


def test_unfinished_file_with_zero_data_size_is_recovered() -> None:
    corpus_file = next(f for f in fit_files() if f.filename == "ride_header-datasize-zero.fit")
    (ride,) = _read(corpus_file)
    assert len(ride.streams) > 2000
    assert ride.streams.has_data(act.HEART_RATE) and ride.streams.has_data(act.LATITUDE)
    assert any("not finished" in w for w in ride.warnings)


def test_compressed_timestamps_and_speed_distance_are_rebuilt() -> None:
    name = "run_garmin-fr70_footpod_no-gps_compressed-speed-distance.fit"
    (run,) = _read(next(f for f in fit_files() if f.filename == name))
    time = run.streams[act.TIME]
    assert np.all(np.diff(time) > 0)
    assert time[-1] == pytest.approx(run.elapsed_s, abs=60)
    distance = run.streams[act.DISTANCE]
    assert np.nanmax(distance) == pytest.approx(run.distance_m, rel=0.01)
    speed = run.streams[act.SPEED]
    assert 2.0 < np.nanmedian(speed) < 5.0  # a footpod run, not noise


def test_local_time_comes_from_the_file() -> None:
    (run,) = _read(next(f for f in fit_files() if f.filename == "run_garmin-fr945_14km_83min.fit"))
    assert run.utc_offset_s == -4 * 3600
    assert run.utc_offset_source == "file"
    assert run.local_start is not None and run.local_start.hour == 5


def test_multisport_legs_have_their_own_streams_laps_and_sets() -> None:
    name = "multisport_garmin-fr965_strength-run-strength.fit"
    strength, run, strength_again = _read(next(f for f in fit_files() if f.filename == name))
    assert run.sport == "running" and run.streams.has_data(act.LATITUDE)
    assert strength.sets and strength_again.sets and not run.sets
    assert strength.end_utc <= run.start_utc + np.timedelta64(1, "s").astype(object)
    assert np.nanmin(run.streams[act.DISTANCE]) == 0.0


def test_developer_fields_are_kept_as_streams() -> None:
    (run,) = _read(
        next(f for f in fit_files() if f.filename == "run_garmin-fr955_stryd_hrv_10km.fit")
    )
    developer = [n for n in run.streams.names() if n.startswith(act.DEVELOPER_PREFIX)]
    assert "dev:Power" in developer
    assert np.nanmedian(run.streams["dev:Power"]) > 100


def test_an_unset_device_clock_keeps_the_watch_dates_with_a_warning() -> None:
    """The real date is unknown (the file's local time is the last sync, shared by other runs),
    so nothing is invented; cleaning flags the 1990 date."""
    from datetime import UTC, datetime

    from everyrun.domain.cleaning import clean_activity

    name = "run_garmin-fr70_hr-only_no-distance.fit"
    (run,) = _read(next(f for f in fit_files() if f.filename == name))
    assert run.start_utc.year == 1990
    cleaned = clean_activity(run, now_utc=datetime(2026, 11, 27, tzinfo=UTC))
    assert any("clock was probably not set" in w for w in cleaned.warnings)


def test_reference_decoder_gives_the_same_activities() -> None:
    corpus_file = next(
        f for f in fit_files() if f.filename == "run_garmin-fenix5x-plus_18.7km_9-pauses.fit"
    )
    (fast,) = read_fit(corpus_file.read(), "x", decoder="fast")
    (reference,) = read_fit(corpus_file.read(), "x", decoder="reference")
    assert fast.start_utc == reference.start_utc
    assert len(fast.laps) == len(reference.laps)
    assert len(fast.pauses) == len(reference.pauses)
    assert fast.streams.names() == reference.streams.names()
    for name in fast.streams.names():
        np.testing.assert_allclose(fast.streams[name], reference.streams[name], rtol=1e-9)
