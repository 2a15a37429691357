"""Server-Timing: how long the service took over each request, measured inside it.

The outermost middleware: the duration runs from the moment the request reaches the app
(before the overload guard, version check and token lookup) to the moment the answer's
headers leave it; JSON answers are complete by then. Benchmarks (bench/review.py) and
operators read it to tell the server's time from the network's.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"server-timing"


class ServerTiming:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - start) * 1000
                headers = list(message.get("headers", []))
                headers.append((HEADER, f"app;dur={ms:.2f}".encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed_send)
