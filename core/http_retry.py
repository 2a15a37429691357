"""Calls to the centre with capped exponential back-off and jitter (sync and review share it).

Network errors and the answers that may pass (5xx, 408, 429, and whatever the
caller's ``classify`` marks retryable) are tried again, honouring Retry-After;
anything else is raised at once. The caller turns answers into its own errors.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class CentreError(Protocol):
    retryable: bool
    code: str


E = TypeVar("E", bound=Exception)


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def error_body(response: httpx.Response) -> tuple[str, str]:
    """(code, message) of the centre's error body; a bare status when there is none."""
    try:
        err = response.json().get("error", {})
    except (json.JSONDecodeError, AttributeError, UnicodeDecodeError):
        err = {}
    if not isinstance(err, dict):
        err = {}
    return err.get("code", "") or "", err.get("message") or f"HTTP {response.status_code}"


async def send_with_retries(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    attempts: int,
    backoff_base: float,
    backoff_cap: float,
    classify: Callable[[httpx.Response], E],
    offline: Callable[[Exception], E],
    **kw: Any,
) -> httpx.Response:
    import httpx

    for attempt in range(1, attempts + 1):
        wait: float | None = None
        try:
            response = await http.request(method, url, **kw)
        except httpx.TransportError as exc:
            problem = offline(exc)
        else:
            if response.status_code < 400:
                return response
            problem = classify(response)
            if not getattr(problem, "retryable", False):
                raise problem
            wait = retry_after(response)
        if attempt == attempts:
            raise problem
        delay = min(backoff_cap, backoff_base * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
        delay = min(wait if wait is not None else delay, backoff_cap)
        log.info("%s %s: %s; retrying in %.1f s", method, url, getattr(problem, "code", ""), delay)
        await asyncio.sleep(delay)
    raise AssertionError("unreachable")
