"""The decoded content of a FIT file, as both FIT decoders hand it to the activity builder.

Two decoders fill this: the fast NumPy one (`fit_decoder`) and the reference one built on
fitdecode (`fit_reference`), used for files the fast path cannot read and to prove it right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

FIT_EPOCH_UNIX_S = 631065600  # 1989-12-31T00:00:00Z, the zero of FIT date_time fields

# Non-record messages the activity builder reads; everything else is skipped unread.
SUMMARY_MESSAGES = (
    "file_id",
    "session",
    "lap",
    "event",
    "device_info",
    "activity",
    "sport",
    "set",
)


@dataclass
class DecodedFit:
    """Record streams as columns; the few summary messages as dicts, in file order.

    Values are in profile units (scale and offset applied); `date_time` fields and the record
    `timestamp` column are Unix seconds; positions are degrees; enums are profile names (or the
    number as int where the profile does not know it). Invalid FIT values are absent from dicts
    and NaN in columns. Developer fields appear in records as `dev:<field name>` columns.
    """

    records: dict[str, FloatArray] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rr_intervals_s: FloatArray = field(default_factory=lambda: np.zeros(0))
    # Unix time of the last record before each RR batch, to split RR between multisport legs.
    rr_times_s: FloatArray = field(default_factory=lambda: np.zeros(0))
    warnings: list[str] = field(default_factory=list)
    decoder: str = ""

    @property
    def record_count(self) -> int:
        ts = self.records.get("timestamp")
        return 0 if ts is None else len(ts)

    def first(self, message: str) -> dict[str, Any]:
        found = self.messages.get(message) or [{}]
        return found[0]
