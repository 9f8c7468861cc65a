"""The fast FIT decoder proven against the reference (fitdecode), record by record."""

from __future__ import annotations

import numpy as np
import pytest

from everyrun.domain.errors import FileRejectedError
from everyrun.importers.fit_decoder import decode_fit
from everyrun.importers.fit_messages import SUMMARY_MESSAGES
from everyrun.importers.fit_reference import decode_fit_reference
from tests.corpus import CorpusFile, fit_files

# Where the two must differ, and why (each checked below rather than skipped).
FAST_RECOVERS_MORE = {
    # fitdecode trusts the header's data size of 0 and then fails the CRC; the fast decoder reads
    # the records the unfinished file holds.
    "ride_header-datasize-zero.fit",
}
_SUMMARY_KEYS = ("start_time", "total_elapsed_time", "total_timer_time", "total_distance", "sport")


@pytest.mark.parametrize("corpus_file", fit_files(), ids=lambda f: f.filename)
def test_fast_decoder_agrees_with_fitdecode(corpus_file: CorpusFile) -> None:
    data = corpus_file.read()
    try:
        reference = decode_fit_reference(data)
    except FileRejectedError as refused:
        if corpus_file.filename in FAST_RECOVERS_MORE:
            assert decode_fit(data).record_count > 0
            return
        with pytest.raises(type(refused)):
            decode_fit(data)
        return
    fast = decode_fit(data)

    assert fast.record_count == reference.record_count
    assert sorted(fast.records) == sorted(reference.records)
    for name, expected in reference.records.items():
        np.testing.assert_array_equal(
            np.isnan(fast.records[name]), np.isnan(expected), err_msg=name
        )
        np.testing.assert_allclose(fast.records[name], expected, rtol=1e-9, atol=1e-9, err_msg=name)
    np.testing.assert_allclose(fast.rr_intervals_s, reference.rr_intervals_s, rtol=1e-9)
    for message in SUMMARY_MESSAGES:
        assert len(fast.messages[message]) == len(reference.messages[message]), message
    for ours, theirs in zip(fast.messages["session"], reference.messages["session"], strict=True):
        for key in _SUMMARY_KEYS:
            assert (
                ours.get(key) == pytest.approx(theirs.get(key))
                if isinstance(theirs.get(key), float)
                else ours.get(key) == theirs.get(key)
            ), key
