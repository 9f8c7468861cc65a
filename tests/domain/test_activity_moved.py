from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from everyrun.domain.activity import TIME
from everyrun.importers.fit import read_fit
from tests.corpus import CORPUS


def test_a_moved_recording_keeps_its_shape_and_moves_its_laps_and_pauses() -> None:
    name = "run_garmin-fenix5x-plus_18.7km_9-pauses.fit"
    (run,) = read_fit((CORPUS / name).read_bytes(), name)
    assert run.laps and run.pauses
    moved = run.moved_to(datetime(2027, 1, 10, 7, 30, tzinfo=UTC))
    shift = moved.start_utc - run.start_utc
    assert moved.elapsed_s == run.elapsed_s and moved.distance_m == run.distance_m
    assert [lap.start_utc - shift for lap in moved.laps] == [lap.start_utc for lap in run.laps]
    assert all(
        (a.start_utc - shift, a.end_utc - shift) == (b.start_utc, b.end_utc)
        for a, b in zip(moved.pauses, run.pauses, strict=True)
    )
    assert np.array_equal(moved.streams[TIME], run.streams[TIME])
    assert run.start_utc != moved.start_utc  # the original is untouched
