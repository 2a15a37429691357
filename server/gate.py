"""What every API request passes before its route: overload, body size, versions, token."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import anyio
from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import errors
from server.auth import REVOKED_MESSAGE, Principal, lookup_principal
from server.database import Database
from server.errors import ApiError, error_body
from server.settings import Limits
from server.tokens import token_hash
from server.versions import (
    APP_VERSION_HEADER,
    MAX_VERSION_TEXT,
    PROTOCOL_HEADER,
    PROTOCOL_MAX,
    PROTOCOL_MIN,
    SCHEMA_VERSION_HEADER,
    ClientVersions,
)

API_PREFIX = "/v1/"
# Answer without versions or token: a client must be able to find out what the server
# speaks (and a load balancer whether it lives) before it knows anything else.
OPEN_PATHS = frozenset({"/v1/health", "/v1/version"})
NO_TOKEN_PATHS = OPEN_PATHS | {"/v1/enrol"}
PHOTO_PREFIX = "/v1/photos/"


def _guarded(scope: Scope, skip: frozenset[str]) -> bool:
    return (
        scope["type"] == "http"
        and scope["path"].startswith(API_PREFIX)
        and scope["path"] not in skip
    )


def _header(scope: Scope, name: str) -> str | None:
    key = name.lower().encode("latin-1")
    for k, v in scope["headers"]:
        if k == key:
            return bytes(v).decode("latin-1")
    return None


async def send_error(
    send: Send,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> None:
    body = json.dumps(error_body(code, message, **extra), ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class OverloadGuard:
    """At most ``max_concurrency`` API requests at once; a request that cannot get a slot
    within ``queue_wait_seconds`` gets 429 + Retry-After instead of piling up."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _guarded(scope, OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        if self._slots is None:  # created lazily: it belongs to the server's event loop
            self._slots = asyncio.Semaphore(self.limits.max_concurrency)
        try:
            async with asyncio.timeout(self.limits.queue_wait_seconds):
                await self._slots.acquire()
        except TimeoutError:
            retry = self.limits.retry_after_seconds
            await send_error(
                send,
                429,
                errors.OVERLOADED,
                "The server is busy; try again shortly.",
                headers={"Retry-After": str(retry)},
                retry_after_seconds=retry,
            )
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()


class BodyLimit:
    """Refuses bodies over the limit (photos have their own) and bodies that stall."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _guarded(scope, frozenset()):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "PUT" and scope["path"].startswith(PHOTO_PREFIX):
            limit, code, what = self.limits.max_photo_bytes, errors.PHOTO_TOO_LARGE, "photo"
        else:
            limit, code, what = self.limits.max_request_bytes, errors.REQUEST_TOO_LARGE, "request"
        too_large = f"The {what} is larger than the server accepts ({limit} bytes)."
        declared = _header(scope, "content-length")
        if declared is not None:
            if not declared.isdigit():
                await send_error(send, 400, errors.INVALID_REQUEST, "Bad Content-Length.")
                return
            if int(declared) > limit:
                await send_error(send, 413, code, too_large, limit_bytes=limit)
                return
        stall = self.limits.stall_seconds
        received = 0
        finished = False

        async def limited_receive() -> Message:
            nonlocal received, finished
            if finished:  # after the body only a disconnect can come; waiting is fine
                return await receive()
            try:
                async with asyncio.timeout(stall):
                    message = await receive()
            except TimeoutError:
                raise ApiError(
                    408, errors.REQUEST_STALLED, f"No data arrived for {stall:g} s."
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise ApiError(413, code, too_large, limit_bytes=limit)
                finished = not message.get("more_body", False)
            return message

        await self.app(scope, limited_receive, send)


class VersionCheck:
    """Every API request names its protocol, app and schema version; a protocol this
    server does not speak is refused before anything is read or written."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _guarded(scope, OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        protocol = _header(scope, PROTOCOL_HEADER)
        app_version = _header(scope, APP_VERSION_HEADER)
        schema = _header(scope, SCHEMA_VERSION_HEADER)
        supported = {"min": PROTOCOL_MIN, "max": PROTOCOL_MAX}
        if protocol is None or app_version is None or schema is None:
            await send_error(
                send,
                400,
                errors.VERSION_HEADERS_MISSING,
                f"Send {PROTOCOL_HEADER}, {APP_VERSION_HEADER} and {SCHEMA_VERSION_HEADER}.",
                supported_protocol=supported,
            )
            return
        if not protocol.strip().isdigit():
            await send_error(
                send,
                400,
                errors.VERSION_HEADERS_MISSING,
                f"{PROTOCOL_HEADER} must be a whole number.",
                supported_protocol=supported,
            )
            return
        number = int(protocol)
        if number < PROTOCOL_MIN:
            await send_error(
                send,
                426,
                errors.CLIENT_TOO_OLD,
                "This app is too old for the server: update ReturnDesk, then sync again.",
                supported_protocol=supported,
            )
            return
        if number > PROTOCOL_MAX:
            await send_error(
                send,
                400,
                errors.SERVER_TOO_OLD,
                "The server is older than this app: ask IT to update the server.",
                supported_protocol=supported,
            )
            return
        scope.setdefault("state", {})["client_versions"] = ClientVersions(
            protocol=number,
            app=app_version.strip()[:MAX_VERSION_TEXT],
            schema=schema.strip()[:MAX_VERSION_TEXT],
        )
        await self.app(scope, receive, send)


class BearerAuth:
    """Resolves ``Authorization: Bearer <token>`` to a Principal before any body is read.

    A token found valid is kept ``cache_seconds`` (by its hash): a push batch or a photo
    does not pay a database read and a worker-thread hop for it. Writes check revocation
    again in their own transaction (server/auth.py, refuse_if_revoked); reads of a device
    revoked meanwhile stop within ``cache_seconds``.
    """

    MAX_CACHED = 10_000

    def __init__(self, app: ASGIApp, database: Database, cache_seconds: float = 0.0) -> None:
        self.app = app
        self.database = database
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, Principal]] = {}

    def _cached(self, token: str) -> Principal | None:
        if self.cache_seconds <= 0:
            return None
        hit = self._cache.get(token_hash(token))
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def _remember(self, token: str, found: Principal) -> None:
        if self.cache_seconds <= 0:
            return
        if len(self._cache) >= self.MAX_CACHED:
            self._cache.clear()
        self._cache[token_hash(token)] = (time.monotonic() + self.cache_seconds, found)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _guarded(scope, NO_TOKEN_PATHS):
            await self.app(scope, receive, send)
            return
        challenge = {"WWW-Authenticate": "Bearer"}
        value = _header(scope, "authorization") or ""
        scheme, _, token = value.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            await send_error(
                send, 401, errors.UNAUTHENTICATED, "Sign in with a device token.", challenge
            )
            return
        try:
            found = self._cached(token) or await anyio.to_thread.run_sync(
                lookup_principal, self.database, token
            )
        except DBAPIError:
            await send_error(
                send,
                503,
                errors.UNAVAILABLE,
                "The server cannot reach its database.",
                {"Retry-After": "5"},
            )
            return
        if not isinstance(found, Principal):
            message = {
                errors.TOKEN_REVOKED: REVOKED_MESSAGE,
                errors.TOKEN_INVALID: "Unknown token; enrol this device again.",
            }[found]
            await send_error(send, 401, found, message, challenge)
            return
        self._remember(token, found)
        scope.setdefault("state", {})["principal"] = found
        await self.app(scope, receive, send)
