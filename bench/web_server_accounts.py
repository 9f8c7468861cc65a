"""Benchmark: a shared server (`everyrun serve --accounts --workers W`) on PostgreSQL under
many athletes at once, and a check afterwards that nothing any of them wrote was lost.

Creates a fresh PostgreSQL schema, starts the real command on it, signs up 200 athletes through
the API (real argon2: about 0.2 s of CPU per sign-up and per sign-in, so they run concurrently
and the time is printed), each with an API token. Then 50 concurrent keep-alive clients, each
owning 4 athletes, send for N seconds a mix of what athletes do: read today, the calendar and
the activity list; log and edit wellness; upload a FIT run (a real recording, each upload
moved to a time of its own, so every upload is new); and now and then ask for another
athlete's activity, which must answer 404. Afterwards the store is read directly: every
wellness write and every import each client made must be there, for the right athlete and
nobody else. Prints p50/p95/p99 and requests/s per kind, errors, and the verification.
The schema is dropped at the end.

    eval "$(bash .ci/start-postgres | tail -1)"   # or --db postgresql+psycopg://...
    python bench/web_server_accounts.py [--workers 2] [--seconds 20] [--athletes 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from everyrun.importers import fit_decoder
from everyrun.store import tables
from everyrun.store.sql_store import SqlStore
from http_load import LoadResult  # the sibling bench modules
from import_history import CORPUS, date_time_offsets, shifted_copy

POSTGRES_URL_VARIABLE = "EVERYRUN_TEST_POSTGRES_URL"
RUN_FILE = "run_garmin-fr110_4.8km_2013.fit"  # a small real run: 4.8 km, 590 records, 18 KB
PASSWORD = "bench password 0123"
# What an athlete does, by weight: mostly reading, some logging, now and then an upload.
MIX = (
    ("GET /api/today", 30),
    ("GET /api/calendar", 18),
    ("GET /api/activities", 18),
    ("POST /api/wellness", 20),
    ("POST /api/imports", 9),
    ("GET another's activity (404)", 5),
)
EXPECTED = {kind: (404 if "another" in kind else 200) for kind, _ in MIX}
BOUNDARY = "everyrunbenchboundary7d1f"


@dataclass
class Athlete:
    email: str
    athlete_id: int = 0
    token: str = ""
    wellness: dict[date, dict[str, Any]] = field(default_factory=dict)  # the last write a day
    activity_ids: set[int] = field(default_factory=set)
    wellness_writes: int = 0  # edits of a day included
    uploads: int = 0


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    unexpected: list[str] = field(default_factory=list)  # kind, status and answer, for the report
    resent: int = 0


# --- a small keep-alive HTTP/1.1 client on asyncio streams -------------------------------------


class Connection:
    """One keep-alive connection; opened again if the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.resent = 0  # requests sent again after the server closed an idle connection

    async def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "application/json",
        token: str = "",
    ) -> tuple[int, bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if token:
            head += f"Authorization: Bearer {token}\r\n"
        if body or method == "POST":
            head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        message = head.encode() + b"\r\n" + body
        reused = self._streams is not None
        try:
            status, answer, close = await self._send(message)
        except (ConnectionError, asyncio.IncompleteReadError) as failure:
            nothing_read = (
                not isinstance(failure, asyncio.IncompleteReadError) or not failure.partial
            )
            if not (reused and nothing_read):
                raise
            # The server closed an idle keep-alive connection before reading this request.
            await self.close()
            self.resent += 1
            status, answer, close = await self._send(message)
        if close:
            await self.close()
        return status, answer

    async def _send(self, message: bytes) -> tuple[int, bytes, bool]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(message)
        await writer.drain()
        return await _read_response(reader)

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length, chunked, close = 0, False, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        lowered = name.strip().lower()
        if lowered == b"content-length":
            length = int(value.strip())
        elif lowered == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif lowered == b"connection" and b"close" in value.lower():
            close = True
    if not chunked:
        return status, await reader.readexactly(length) if length else b"", close
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        parts.append((await reader.readexactly(size + 2))[:-2])
        if size == 0:
            return status, b"".join(parts), close


def multipart(name: str, content: bytes) -> bytes:
    """A multipart/form-data body with one file, built by hand (the stdlib has no writer)."""
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


# --- the server and its schema -----------------------------------------------------------------


def fresh_schema(base_url: str) -> tuple[str, str]:
    """A new schema on the server, and a URL whose connections use only it."""
    base = sa.make_url(base_url)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    scoped = base.update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, scoped.render_as_string(hide_password=False)


def drop_schema(base_url: str, schema: str) -> None:
    admin = sa.create_engine(sa.make_url(base_url))
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(url: str, port: int, workers: int, home: Path) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, EVERYRUN_TIME_ZONE="UTC", EVERYRUN_HOME=str(home))
    command = [sys.executable, "-m", "everyrun.cli", "serve", "--accounts"]
    command += ["--workers", str(workers), "--port", str(port), "--db", url]
    server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"everyrun serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("everyrun serve did not start")


# --- sign-up -----------------------------------------------------------------------------------


async def sign_up_all(port: int, athletes: list[Athlete], concurrency: int) -> None:
    """Sign up, sign in and take an API token for each athlete, `concurrency` at a time."""
    queue: asyncio.Queue[Athlete] = asyncio.Queue()
    for athlete in athletes:
        queue.put_nowait(athlete)

    async def worker() -> None:
        while not queue.empty():
            await _sign_up(port, queue.get_nowait())

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _once(
    port: int, path: str, body: dict[str, Any], headers: str = ""
) -> tuple[int, bytes, bytes]:
    """One POST on a connection of its own: (status, raw head, body)."""
    data = json.dumps(body).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}"
                f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            + data
        )
        raw = await reader.read()
    finally:
        writer.close()
    head, _, answer = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, answer


async def _sign_up(port: int, athlete: Athlete) -> None:
    name = athlete.email.split("@")[0]
    account = {"email": athlete.email, "password": PASSWORD, "name": name}
    status, _, answer = await _once(port, "/api/auth/signup", account)
    if status != 201:
        raise SystemExit(f"sign-up of {athlete.email} answered {status}: {answer[:300]!r}")
    athlete.athlete_id = json.loads(answer)["account"]["athlete_id"]
    credentials = {"email": athlete.email, "password": PASSWORD}
    status, head, answer = await _once(port, "/api/auth/signin", credentials)
    if status != 200:
        raise SystemExit(f"sign-in of {athlete.email} answered {status}: {answer[:300]!r}")
    cookie = next(
        line.split(b":", 1)[1].split(b";", 1)[0].strip().decode()
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"set-cookie:")
    )
    csrf = json.loads(answer)["csrf_token"]
    session = f"Cookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\n"
    status, _, answer = await _once(port, "/api/auth/tokens", {"name": "bench"}, session)
    if status != 201:
        raise SystemExit(f"token for {athlete.email} answered {status}: {answer[:300]!r}")
    athlete.token = json.loads(answer)["token"]


# --- the load ----------------------------------------------------------------------------------


class Uploads:
    """Copies of one real run, each moved to a start time of its own (never a duplicate)."""

    def __init__(self) -> None:
        self.template = (CORPUS / RUN_FILE).read_bytes()
        self.offsets = date_time_offsets(self.template)
        first = int(fit_decoder.decode_fit(self.template).records["timestamp"][0])
        start = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
        self.first_shift = int((start - timedelta(days=2)).timestamp()) - first
        self.count = 0

    def next(self) -> tuple[str, bytes]:
        """Three hours apart, going back from two days ago."""
        self.count += 1
        shift = self.first_shift - self.count * 3 * 3600
        return f"run_{self.count:05d}.fit", shifted_copy(self.template, self.offsets, shift)


async def client(
    index: int,
    port: int,
    owned: list[Athlete],
    everyone: list[Athlete],
    uploads: Uploads,
    until: float,
    tally: Tally,
) -> None:
    chooser = random.Random(index)
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    today = datetime.now(UTC).date()
    connection = Connection("127.0.0.1", port)
    turn = 0
    try:
        while time.perf_counter() < until:
            athlete = owned[turn % len(owned)]
            turn += 1
            kind = chooser.choices(kinds, weights)[0]
            method, path, body, content_type = "GET", "", b"", "application/json"
            written: tuple[date, dict[str, Any]] | None = None
            if kind == "GET /api/today":
                path = "/api/today"
            elif kind == "GET /api/calendar":
                path = "/api/calendar"
            elif kind == "GET /api/activities":
                path = "/api/activities?limit=50"
            elif kind == "POST /api/wellness":
                # A new day mostly; one write in three edits a day already logged.
                if athlete.wellness and chooser.random() < 1 / 3:
                    day = chooser.choice(sorted(athlete.wellness))
                else:
                    day = today - timedelta(days=1 + len(athlete.wellness))
                values = {
                    "sleep_hours": round(chooser.uniform(5, 9), 1),
                    "hrv_rmssd_ms": float(chooser.randint(30, 120)),
                    "soreness": chooser.randint(0, 10),
                    "mood": chooser.randint(1, 5),
                }
                method, path = "POST", "/api/wellness"
                body = json.dumps({"day": day.isoformat(), **values}).encode()
                written = (day, values)
            elif kind == "POST /api/imports":
                name, content = uploads.next()
                method, path = "POST", "/api/imports"
                body, content_type = (
                    multipart(name, content),
                    f"multipart/form-data; boundary={BOUNDARY}",
                )
            else:
                others = [a for a in everyone if a is not athlete and a.activity_ids]
                if others:
                    other = chooser.choice(others)
                    path = f"/api/activities/{min(other.activity_ids)}"
                else:
                    other = chooser.choice([a for a in everyone if a is not athlete])
                    path = f"/api/today?athlete={other.athlete_id}"
            started = time.perf_counter()
            try:
                status, answer = await connection.request(
                    method, path, body, content_type, athlete.token
                )
            except (OSError, asyncio.IncompleteReadError) as failure:
                tally.unexpected.append(f"{kind}: connection failed ({failure!r})")
                await connection.close()
                continue
            tally.latencies[kind].append((time.perf_counter() - started) * 1000)
            if status != EXPECTED[kind]:
                tally.unexpected.append(f"{kind}: {status} {answer[:200]!r}")
                continue
            if written is not None:
                athlete.wellness[written[0]] = written[1]
                athlete.wellness_writes += 1
            elif kind == "POST /api/imports":
                athlete.uploads += 1
                report = json.loads(answer)
                if report["counts"]["imported"] != 1:
                    tally.unexpected.append(f"{kind}: not imported: {report['counts']}")
                for outcome in report["files"]:
                    athlete.activity_ids.update(outcome["activity_ids"])
    finally:
        tally.resent += connection.resent
        await connection.close()


async def run_load(
    port: int, athletes: list[Athlete], clients: int, seconds: float
) -> tuple[Tally, float]:
    tally = Tally()
    uploads = Uploads()
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(
            client(c, port, athletes[c::clients], athletes, uploads, until, tally)
            for c in range(clients)
        )
    )
    return tally, time.perf_counter() - started


# --- the check ---------------------------------------------------------------------------------


def verify(url: str, athletes: list[Athlete]) -> list[str]:
    """Every write each client saw succeed is in the store, for its athlete and no one else."""
    problems = []
    store = SqlStore(url)
    try:
        with store.engine.connect() as connection:
            rows = connection.execute(
                sa.select(tables.activities.c.id, tables.activities.c.athlete_id)
            ).all()
        owner = {row.id: row.athlete_id for row in rows}
        far_back = datetime.now(UTC).date() - timedelta(days=3650)
        for athlete in athletes:
            stored_ids = {i for i, a in owner.items() if a == athlete.athlete_id}
            if stored_ids != athlete.activity_ids:
                problems.append(
                    f"{athlete.email}: activities stored {sorted(stored_ids)}, "
                    f"imported {sorted(athlete.activity_ids)}"
                )
            entries = {
                e.day: e for e in store.wellness_between(athlete.athlete_id, far_back, date.max)
            }
            if set(entries) != set(athlete.wellness):
                problems.append(
                    f"{athlete.email}: wellness days stored {len(entries)}, "
                    f"written {len(athlete.wellness)}"
                )
            for day, values in athlete.wellness.items():
                entry = entries.get(day)
                kept = {k: getattr(entry, k) for k in values} if entry else None
                if kept != values:
                    problems.append(f"{athlete.email} {day}: stored {kept}, last wrote {values}")
    finally:
        store.close()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help=f"a PostgreSQL URL (default: ${POSTGRES_URL_VARIABLE})")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--signup-concurrency", type=int, default=8)
    options = parser.parse_args()
    base_url = options.db or os.environ.get(POSTGRES_URL_VARIABLE)
    if not base_url or not base_url.startswith("postgresql"):
        raise SystemExit(
            f"give a PostgreSQL URL with --db or ${POSTGRES_URL_VARIABLE} "
            '(eval "$(bash .ci/start-postgres | tail -1)")'
        )
    schema, url = fresh_schema(base_url)
    try:
        with tempfile.TemporaryDirectory(prefix="everyrun-bench-") as home:
            port = free_port()
            server = serve(url, port, options.workers, Path(home))
            try:
                measure(port, url, options)
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        drop_schema(base_url, schema)


def measure(port: int, url: str, options: argparse.Namespace) -> None:
    athletes = [Athlete(f"athlete{i:04d}@bench.example.org") for i in range(options.athletes)]
    print(
        f"everyrun serve --accounts --workers {options.workers} on PostgreSQL "
        f"(a fresh schema), {os.cpu_count()} CPU cores"
    )
    started = time.perf_counter()
    asyncio.run(sign_up_all(port, athletes, options.signup_concurrency))
    elapsed = time.perf_counter() - started
    print(
        f"signed up {len(athletes)} athletes (sign-up, sign-in, API token; real argon2) in "
        f"{elapsed:.1f} s, {options.signup_concurrency} at a time: "
        f"{elapsed / len(athletes) * 1000:.0f} ms each"
    )
    print(
        f"{options.clients} concurrent keep-alive clients, {len(athletes) // options.clients} "
        f"athletes each, {options.seconds:g} s"
    )
    tally, seconds = asyncio.run(run_load(port, athletes, options.clients, options.seconds))
    total = 0
    for kind, _ in MIX:
        latencies = tally.latencies.get(kind, [])
        total += len(latencies)
        errors = sum(1 for u in tally.unexpected if u.startswith(kind))
        print(LoadResult(kind, len(latencies), errors, seconds, latencies).line())
    print(
        f"all: {total} requests in {seconds:.1f} s = {total / seconds:.0f} req/s; "
        f"unexpected answers or failures: {len(tally.unexpected)}; sent again on a fresh "
        f"connection after an idle close: {tally.resent}"
    )
    for problem in tally.unexpected[:10]:
        print("  ", problem)
    days = sum(len(a.wellness) for a in athletes)
    writes = sum(a.wellness_writes for a in athletes)
    imports = sum(a.uploads for a in athletes)
    problems = verify(url, athletes)
    active = sum(1 for a in athletes if a.wellness or a.uploads)
    print(
        f"verified in the store: {writes} wellness writes ({days} days, {writes - days} edits; "
        f"the last write of each day) and {imports} imports "
        f"across {active} athletes: "
        + ("nothing lost, nothing in the wrong account" if not problems else "PROBLEMS")
    )
    for problem in problems[:10]:
        print("  ", problem)
    if problems or tally.unexpected:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
