"""A second reference: Garmin's own Python FIT SDK agrees with the fast decoder.

The SDK does not read compressed-timestamp files (it raises), so those are left to the
fitdecode cross-check; every other sound FIT file in the corpus is compared here.
"""

from __future__ import annotations

import numpy as np
import pytest
from garmin_fit_sdk import Decoder, Stream

from everyrun.importers.fit_decoder import decode_fit
from everyrun.importers.fit_messages import FIT_EPOCH_UNIX_S
from everyrun.importers.fit_profile import SEMICIRCLE_TO_DEG
from tests.corpus import CorpusFile, fit_files

COMPARED = {  # SDK record field -> our column, and how to bring the SDK value to our units
    "timestamp": ("timestamp", lambda v: v + FIT_EPOCH_UNIX_S),
    "position_lat": ("position_lat", lambda v: v * SEMICIRCLE_TO_DEG),
    "position_long": ("position_long", lambda v: v * SEMICIRCLE_TO_DEG),
    "distance": ("distance", float),
    "heart_rate": ("heart_rate", float),
    "cadence": ("cadence", float),
    "power": ("power", float),
    "enhanced_speed": ("speed", float),
    "enhanced_altitude": ("altitude", float),
}
COMPRESSED_TIMESTAMPS = {  # every record uses a compressed-timestamp header
    "run_garmin-fr70_footpod_no-gps_compressed-speed-distance.fit",
    "run_garmin-fr70_hr-only_no-distance.fit",
    "intervals_garmin-fr70_no-gps_7laps.fit",
}
SOUND = [
    f
    for f in fit_files()
    if f.is_ok
    and f.format == "fit"
    and f.filename not in COMPRESSED_TIMESTAMPS
    and f.count("records")
]


def _sdk_records(corpus_file: CorpusFile) -> list[dict[str, object]]:
    decoder = Decoder(Stream.from_byte_array(bytearray(corpus_file.read())))
    messages, errors = decoder.read(
        convert_datetimes_to_dates=False, merge_heart_rates=False, expand_sub_fields=False
    )
    assert not errors, errors
    return list(messages.get("record_mesgs", []))


@pytest.mark.parametrize("corpus_file", SOUND, ids=lambda f: f.filename)
def test_records_agree_with_garmins_sdk(corpus_file: CorpusFile) -> None:
    expected = _sdk_records(corpus_file)
    ours = decode_fit(corpus_file.read())
    assert ours.record_count == len(expected)
    for sdk_name, (column, convert) in COMPARED.items():
        theirs = np.array(
            [convert(r[sdk_name]) if r.get(sdk_name) is not None else np.nan for r in expected],
            dtype=np.float64,
        )
        if np.isnan(theirs).all():
            continue
        mine = ours.records[column]
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-6, err_msg=column)
