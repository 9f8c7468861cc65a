"""Benchmark: re-analyse a 1,000-activity history with `everyrun analyze --all`.

Builds the same history as bench/import_history.py (real 1 Hz runs, each moved to a day of its
own), imports it, sets a profile, then times the real CLI re-analysing everything in a child
process. Prints seconds, activities/s and samples/s. Target (issue 3): under 30 s.

    python bench/analyze_history.py [--files 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_history import build_history  # the sibling bench script builds the history


def everyrun(*arguments: str, database: Path) -> tuple[float, dict[str, object]]:
    environment = dict(os.environ, EVERYRUN_TIME_ZONE="UTC")
    command = [
        sys.executable,
        "-m",
        "everyrun.cli",
        *arguments,
        "--json",
        "--db",
        f"sqlite:///{database}",
    ]
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    elapsed = time.perf_counter() - started
    if finished.returncode not in (0, 1):
        raise SystemExit(
            f"{' '.join(arguments)} failed ({finished.returncode}):\n{finished.stderr}"
        )
    return elapsed, json.loads(finished.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="everyrun-bench-") as scratch:
        folder = Path(scratch) / "history"
        database = Path(scratch) / "bench.db"
        paths, records = build_history(folder, options.files)
        print(f"history: {len(paths)} FIT runs, {records:,} records")
        imported_s, _ = everyrun("import", str(folder), database=database)
        print(f"import: {imported_s:.1f} s")
        everyrun(
            "athlete", "set", "--max-hr", "190", "--resting-hr", "48", "--lthr", "172",
            "--sex", "male", "--vdot", "48", "--from", "2015-01-01", database=database,
        )  # fmt: skip
        elapsed, report = everyrun("analyze", "--all", database=database)
        analysed = int(report["analysed"])  # type: ignore[call-overload]
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"everyrun analyze --all: {elapsed:.1f} s for {analysed} activities "
            f"(incl. process start; {report['passes']} pass(es)) -> {analysed / elapsed:.0f} "
            f"activities/s, {records / elapsed:,.0f} records/s, peak RSS {peak_mb:.0f} MB "
            "(target < 30 s)"
        )
        print(f"purposes: {report['purposes']}")


if __name__ == "__main__":
    main()
