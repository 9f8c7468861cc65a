"""Refuse writes sent by another site's page (a CSRF attempt on this server, or on the
single-user app listening on localhost): a browser names the page's origin on every POST."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SameOriginWrites:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE:
            headers = dict(scope.get("headers", []))
            origin = headers.get(b"origin", b"").decode("latin-1")
            host = headers.get(b"host", b"").decode("latin-1")
            if origin and origin != "null" and urlsplit(origin).netloc != host:
                refusal = JSONResponse(
                    {
                        "error": f"a write from another site ({origin}) is refused",
                        "hint": "use everyrun's own pages, or an API token without a browser",
                    },
                    status_code=403,
                )
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)
