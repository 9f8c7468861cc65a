"""Benchmark: `everyrun serve` under 50 concurrent clients with 1,000 activities stored.

Builds a history of 1,000 real 1 Hz runs ending yesterday (bench/import_history.py), imports
and analyses it with the real CLI, sets a profile, a half-marathon goal and a plan, and logs
60 days of wellness. Then starts `everyrun serve` in its own process and, for each page and
API call, runs 50 keep-alive clients back to back (bench/http_load.py) after a warm-up.
Prints p50/p95/p99 latency and requests/s per path, with /api/health (a trivial endpoint of
the same server) as the baseline. Target (issue 7): p95 under 50 ms for Today, Calendar and
the main API calls. Each line also gives one request right after a write (the first view of
new data, computed again rather than kept).

    python bench/web_serve.py [--activities 1000] [--clients 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import LoadResult, load  # the sibling bench module
from import_history import build_history  # the sibling bench script builds the history

PATHS = (
    "/api/health",  # the baseline: no store, no template
    "/",
    "/calendar",
    "/api/today",
    "/api/calendar",
    "/api/activities?limit=50",
    "/api/load",
    "/api/readiness",
    "/load",
    "/review",
    "/plan",
    "/activities",
)


def everyrun(*arguments: str, database: Path) -> dict[str, object]:
    environment = dict(os.environ, EVERYRUN_TIME_ZONE="UTC")
    command = [sys.executable, "-m", "everyrun.cli", *arguments, "--json"]
    command += ["--db", f"sqlite:///{database}"]
    finished = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if finished.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(arguments)} failed:\n{finished.stdout}\n{finished.stderr}")
    result: dict[str, object] = json.loads(finished.stdout)
    return result


def seed(scratch: Path, count: int) -> Path:
    database = scratch / "bench.db"
    today = datetime.now(UTC).date()
    first = today - timedelta(days=count)
    first_unix = int(datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp())
    paths, records = build_history(scratch / "history", count, first_unix)
    started = time.perf_counter()
    everyrun("import", str(scratch / "history"), database=database)
    everyrun(
        "athlete", "set", "--max-hr", "190", "--resting-hr", "48", "--lthr", "172",
        "--sex", "male", "--vdot", "48", "--from", str(first), database=database,
    )  # fmt: skip
    everyrun("analyze", "--all", database=database)
    race = today + timedelta(weeks=12)
    everyrun(
        "plan", "create", "--race", "half", "--date", str(race), "--target", "1:30:00",
        "--days-per-week", "5", "--start", str(today - timedelta(days=14)), database=database,
    )  # fmt: skip
    wellness = scratch / "wellness.csv"
    rows = ["date,sleep,hrv,resting_hr,soreness,mood"]
    for back in range(60, 0, -1):
        day: date = today - timedelta(days=back)
        rows.append(f"{day},{7 + back % 3 * 0.4:.1f},{55 + back % 7},{48 + back % 4},{back % 4},4")
    wellness.write_text("\n".join(rows) + "\n", encoding="utf-8")
    everyrun("log", "wellness-csv", str(wellness), database=database)
    print(
        f"seeded {len(paths)} runs ({records:,} records), profile, plan, 60 days of wellness "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return database


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(database: Path, port: int, extra: list[str]) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, EVERYRUN_TIME_ZONE="UTC")
    command = [sys.executable, "-m", "everyrun.cli", "serve", "--port", str(port)]
    command += ["--db", f"sqlite:///{database}", *extra]
    server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("everyrun serve did not start")


def cold_ms(port: int, path: str, mood: int) -> float:
    """One request right after a write: what the first view after new data costs (no kept
    answer can be used, every number is computed again)."""
    body = json.dumps({"mood": mood}).encode()
    write = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/wellness",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(write, timeout=30):
        pass
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
        answer.read()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--database", type=Path, help="reuse a seeded database (kept)")
    parser.add_argument("--serve-args", default="", help="extra `everyrun serve` arguments")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="everyrun-bench-") as scratch:
        database = options.database
        if database is None or not database.exists():
            database = seed(Path(scratch), options.activities)
            if options.database is not None:
                database.replace(options.database)
                database = options.database
        port = _free_port()
        server = serve(database, port, options.serve_args.split())
        results: list[LoadResult] = []
        try:
            print(
                f"{options.clients} concurrent keep-alive clients, {options.seconds:g} s per "
                "path after a 2 s warm-up, one server process"
            )
            for index, path in enumerate(PATHS):
                first = cold_ms(port, path, 1 + index % 5)
                result = load(
                    "127.0.0.1", port, path, clients=options.clients, seconds=options.seconds
                )
                results.append(result)
                print(f"{result.line()}  first view after a write {first:7.1f} ms", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    slow = [r.path for r in results if r.path != "/api/health" and r.percentile(0.95) >= 50]
    print("target p95 < 50 ms:", "met" if not slow else f"missed on {', '.join(slow)}")


if __name__ == "__main__":
    main()
