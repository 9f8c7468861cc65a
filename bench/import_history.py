"""Benchmark: import a ten-year-sized running history and print files/s, records/s, peak memory.

Builds N running activities (default 1,000) from real 1 Hz recordings in ../shared (30–150 min
each), each copy moved to its own day by rewriting every FIT date_time field and re-signing the
CRC, so every file is new to the importer. Then runs the real `everyrun import` in a child
process into a fresh SQLite file, and times fitdecode decoding the same files.

    python bench/import_history.py                 # 1,000 files, fitdecode timed on a sample
    python bench/import_history.py --files 3000 --fitdecode-sample 0   # skip fitdecode

Targets (issue 2): whole import >= 20x faster than fitdecode decoding alone; 1,000 hour-long
activities in <= 30 s; peak memory < 300 MB whatever the history size.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fastcrc
import fitdecode
import numpy as np

from everyrun.importers import fit_decoder, fit_profile, fit_walk

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "activities"
TEMPLATES = [  # real 1 Hz runs between 30 and 150 minutes
    "run_garmin-fr945_14km_83min.fit",
    "run_garmin-fenix5x-plus_18.7km_9-pauses.fit",
    "run_coros_power_10.7km.fit",
    "run_garmin-fr935_running-power-ciq_25.6km.fit",
    "run_garmin-fr955_stryd_hrv_10km.fit",
    "run_garmin-fenix2_9km.fit",
    "run_stryd-app_developer-fields_6.8km.fit",
    "run_garmin-fr920xt_firstbeat_7.3km.fit",
    "run_stryd-app_hrv_power_8.2km.fit",
    "run_ipbike-android_hrv_power_9.3km.fit",
]
DAY_S = 86400
FIRST_DAY_UNIX_S = 1451606400  # 2016-01-01


def date_time_offsets(data: bytes) -> dict[str, np.ndarray]:
    """Byte offsets of every uint32 date_time value in a FIT file, by byte order."""
    walk = fit_walk.walk_file(data)
    offsets: dict[str, list[np.ndarray]] = {"<u4": [], ">u4": []}
    for definition in walk.definitions:
        if not definition.offsets:
            continue
        order = ">u4" if definition.big_endian else "<u4"
        name = fit_profile._profile.MESSAGE_TYPES.get(definition.global_num)
        start = 0
        for num, size, _base in definition.fields:
            meaning = fit_profile.field_meaning(name.name, num) if name else None
            if meaning is not None and meaning.is_datetime and size == 4:
                offsets[order].append(np.asarray(definition.offsets) + start)
            start += size
    return {
        order: np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        for order, found in offsets.items()
    }


def shifted_copy(data: bytes, offsets: dict[str, np.ndarray], shift_s: int) -> bytes:
    buffer = np.frombuffer(data, dtype=np.uint8).copy()
    for order, where in offsets.items():
        index = where[:, None] + np.arange(4)
        values = buffer[index].copy().view(order).ravel()
        valid = (values != 0xFFFFFFFF) & (values >= 0x10000000)  # leave invalid, relative times
        values[valid] = (values[valid].astype(np.int64) + shift_s).astype(order)
        buffer[index] = values.view(np.uint8).reshape(-1, 4)
    buffer[-2:] = np.frombuffer(
        fastcrc.crc16.arc(buffer[:-2].tobytes()).to_bytes(2, "little"), dtype=np.uint8
    )
    return buffer.tobytes()


def build_history(
    folder: Path, count: int, first_day_unix_s: int = FIRST_DAY_UNIX_S
) -> tuple[list[Path], int]:
    templates = [(CORPUS / name).read_bytes() for name in TEMPLATES]
    offsets = [date_time_offsets(t) for t in templates]
    decoded = [fit_decoder.decode_fit(t) for t in templates]
    records = [d.record_count for d in decoded]
    starts = [int(d.records["timestamp"][0]) for d in decoded]
    paths, total_records = [], 0
    for i in range(count):
        k = i % len(templates)
        path = folder / f"{2016 + i // 365}" / f"activity_{i:05d}.fit"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Every copy on a day of its own at 07:00 UTC, so none duplicates another.
        shift = first_day_unix_s + i * DAY_S + 7 * 3600 - starts[k]
        path.write_bytes(shifted_copy(templates[k], offsets[k], shift))
        paths.append(path)
        total_records += records[k]
    return paths, total_records


def time_fitdecode(paths: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    records = 0
    for path in paths:
        with fitdecode.FitReader(io.BytesIO(path.read_bytes())) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    records += 1
    return time.perf_counter() - started, records


def run_import(folder: Path, database: Path) -> tuple[float, dict[str, object], float]:
    environment = dict(os.environ, EVERYRUN_TIME_ZONE="UTC")
    command = [
        sys.executable,
        "-m",
        "everyrun.cli",
        "import",
        str(folder),
        "--json",
        "--db",
        f"sqlite:///{database}",
    ]
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    elapsed = time.perf_counter() - started
    if finished.returncode not in (0, 1):
        raise SystemExit(f"import failed ({finished.returncode}):\n{finished.stderr}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, json.loads(finished.stdout), peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument(
        "--fitdecode-sample",
        type=int,
        default=60,
        help="files timed with fitdecode; 0 skips, -1 all",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="everyrun-bench-") as scratch:
        folder = Path(scratch) / "history"
        paths, records = build_history(folder, options.files)
        size_mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"history: {len(paths)} FIT runs, {records:,} records, {size_mb:.0f} MB on disk")

        elapsed, report, peak_mb = run_import(folder, Path(scratch) / "bench.db")
        counts = report["counts"]
        db_mb = (Path(scratch) / "bench.db").stat().st_size / 1e6
        print(f"everyrun import: {elapsed:.1f} s for {len(paths)} files (incl. process start)")
        print(
            f"  {len(paths) / elapsed:,.0f} files/s, {records / elapsed:,.0f} records/s, "
            f"peak RSS {peak_mb:.0f} MB"
        )
        print(f"  outcomes {counts}; database {db_mb:.0f} MB")
        hour_equivalent = 1000 * 3600 / (records / elapsed)
        print(
            "  1,000 hour-long activities (3.6 M records) at this rate: "
            f"{hour_equivalent:.1f} s (target <= 30 s)"
        )

        again, report_again, _ = run_import(folder, Path(scratch) / "bench.db")
        print(f"same folder again: {again:.1f} s, outcomes {report_again['counts']}")

        sample = options.fitdecode_sample
        if sample:
            chosen = paths if sample < 0 else paths[: min(sample, len(paths))]
            decode_s, decoded_records = time_fitdecode(chosen)
            rate = decoded_records / decode_s
            full_s = records / rate
            print(
                f"fitdecode alone: {rate:,.0f} records/s on {len(chosen)} files "
                f"-> {full_s:.0f} s for this history"
            )
            print(
                "speed-up of the whole everyrun import over fitdecode decoding alone: "
                f"{full_s / elapsed:.1f}x (target >= 20x)"
            )


if __name__ == "__main__":
    main()
