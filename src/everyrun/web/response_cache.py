"""Pages and API answers kept until the athlete's data changes.

Every page is a pure function of (athlete, their local day, the address, the athlete's data).
The store keeps a revision number per athlete that database triggers raise on every write
(migration 0008), from this server, another worker or the CLI alike; an answer is kept under
that revision and served again until it moves. A kept answer costs one indexed read instead of
recomputing readiness or load over years of history. Browsers get an ETag and revalidate.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 2048
MAX_BODY_BYTES = 4 * 1024 * 1024
# The roster reads every linked athlete's data, not one athlete's: web/roster.py keeps its rows
# per athlete and revision instead.
NOT_KEPT = (
    "/static",
    "/api/health",
    "/openapi.json",
    "/account",
    "/api/account",
    "/api/export",
    "/roster",
    "/api/roster",
)


@dataclass(frozen=True)
class Kept:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


Identity = Callable[[Scope], Hashable | None]  # None: do not keep this request's answer
Revision = Callable[[Hashable], int]


class ResponseCache:
    def __init__(
        self,
        app: ASGIApp,
        identity: Identity,
        revision: Revision,
        revision_is_quick: bool = False,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self.app = app
        self.identity = identity
        self.revision = revision
        self.revision_is_quick = revision_is_quick  # asked inline, not on a worker thread
        self.max_entries = max_entries
        self.entries: OrderedDict[Hashable, Kept] = OrderedDict()
        self.computing: dict[Hashable, asyncio.Event] = {}
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(NOT_KEPT)
        ):
            await self.app(scope, receive, send)
            return
        who = self.identity(scope)
        if who is None:
            await self.app(scope, receive, send)
            return
        if self.revision_is_quick:
            revision = self.revision(who)
        else:
            revision = await run_in_threadpool(self.revision, who)
        key = (who, revision, scope["path"], scope.get("query_string", b""))
        kept = self.entries.get(key)
        if kept is None and key in self.computing:
            # Many clients asking for the same page at once: one computes, the rest wait for it
            # rather than each redoing seconds of work in parallel.
            await self.computing[key].wait()
            kept = self.entries.get(key)
        if kept is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await _replay(kept, scope, send)
            return
        self.misses += 1
        done = self.computing.setdefault(key, asyncio.Event())
        try:
            await self.app(scope, receive, self._keeping(key, send))
        finally:
            done.set()
            self.computing.pop(key, None)

    def _keeping(self, key: Hashable, send: Send) -> Send:
        started: list[Message] = []
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.append(message)
                return  # sent with the body, once the ETag is known
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                start = started[0]
                body = b"".join(chunks)
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"etag"]
                etag = b'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
                cacheable = (
                    start["status"] == 200
                    and len(body) <= MAX_BODY_BYTES
                    and not any(k.lower() == b"set-cookie" for k, _ in headers)
                )
                if cacheable:
                    headers.append((b"etag", etag))
                    headers.append((b"cache-control", b"no-cache"))
                    self._store(key, Kept(start["status"], headers, body, etag))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        return keep

    def _store(self, key: Hashable, kept: Kept) -> None:
        self.entries[key] = kept
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)


async def _replay(kept: Kept, scope: Scope, send: Send) -> None:
    if_none_match = dict(scope.get("headers", [])).get(b"if-none-match")
    if if_none_match is not None and kept.etag in if_none_match:
        headers = [(k, v) for k, v in kept.headers if k.lower() != b"content-length"]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers})
    await send({"type": "http.response.body", "body": kept.body})
