"""A small closed-loop HTTP load generator: N clients, each with one keep-alive connection,
sending GET requests back to back for a fixed time. Latency is measured per request.

Used by bench/web_serve.py; written on asyncio streams so the client costs little CPU beside
the server on the same machine. `wrk` (Debian package) gives the same figures where installed.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        median = statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")
        return (
            f"{self.path:<34} {self.per_second:8.0f} req/s  p50 {median:6.1f} ms  "
            f"p95 {self.percentile(0.95):6.1f} ms  p99 {self.percentile(0.99):6.1f} ms  "
            f"errors {self.errors}"
        )


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        lowered = name.strip().lower()
        if lowered == b"content-length":
            length = int(value.strip())
        elif lowered == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _client(
    host: str,
    port: int,
    request: bytes,
    until: float,
    measure_from: float,
    latencies: list[float],
    errors: list[int],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            started = time.perf_counter()
            if started >= until:
                return
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            finished = time.perf_counter()
            if started >= measure_from:
                latencies.append((finished - started) * 1000)
                if status >= 400:
                    errors.append(status)
    finally:
        writer.close()


async def _run(
    host: str, port: int, path: str, clients: int, seconds: float, warmup: float, headers: str
) -> LoadResult:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n{headers}\r\n"
    ).encode()
    start = time.perf_counter()
    measure_from = start + warmup
    until = measure_from + seconds
    latencies: list[float] = []
    errors: list[int] = []
    await asyncio.gather(
        *(
            _client(host, port, request, until, measure_from, latencies, errors)
            for _ in range(clients)
        )
    )
    return LoadResult(path, len(latencies), len(errors), seconds, latencies)


def load(
    host: str,
    port: int,
    path: str,
    *,
    clients: int = 50,
    seconds: float = 10.0,
    warmup: float = 2.0,
    headers: str = "",
) -> LoadResult:
    """Hammer one path; `headers` are extra raw header lines ending in CRLF (e.g. a cookie)."""
    return asyncio.run(_run(host, port, path, clients, seconds, warmup, headers))
