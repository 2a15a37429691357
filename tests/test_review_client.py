"""The lead's review client on its own: retries, refusals, what it keeps for offline use."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from core.review import CaseFilters, CaseSort, ReviewClient, ReviewError

ROW = {
    "id": "01a2b3c4-0000-7000-8000-000000000001", "case_no": "SH01-20261126-0001",
    "store_code": "SH01", "store_name": "上海一店", "staff_id": "s1", "staff_name": "李娜",
    "order_id": None, "reason_category": "quality", "resolution": "refund",
    "refund_cents": 29900, "identity_status": "verified", "priority": "normal",
    "channel": "counter", "customer_words": "领口开线", "finalised_at": "2026-11-26T02:00:00Z",
    "received_at": "2026-11-26T02:01:00+00:00", "verdict": "",
    "flags": {"identity_override": False, "outside_policy": False, "goodwill": False,
              "sla_breached": True, "annotated": False},
}  # fmt: skip
PAGE = {"items": [ROW], "total": 1, "page": 1, "pages": 1, "limit": 50, "next_page": None}


def run_async(coro):  # type: ignore[no-untyped-def]
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def client(
    answer: Callable[[httpx.Request], httpx.Response], seen: list[httpx.Request]
) -> ReviewClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    return ReviewClient(
        "http://centre.test/", "rdt_lead", "0.1.0-test",
        transport=httpx.MockTransport(handler), attempts=3, backoff_base=0.001,
        backoff_cap=0.01, zone=timezone(timedelta(hours=8)),
    )  # fmt: skip


def error(status: int, code: str, message: str, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json={"error": {"code": code, "message": message}}, headers=headers
    )


def test_a_page_asks_with_every_filter_and_keeps_the_last_page() -> None:
    seen: list[httpx.Request] = []
    c = client(lambda r: httpx.Response(200, json=PAGE), seen)
    filters = CaseFilters(
        store="SH01", date_from=date(2026, 11, 1), date_to=date(2026, 11, 26), reason="quality",
        refund_min_cents=100, staff_id="s1", sla_breached=True, annotated=False,
        search=" 领口 ",
    )  # fmt: skip
    page = run_async(c.list_cases(filters, CaseSort("refund", descending=False), page=2))
    params = dict(seen[0].url.params)
    assert params == {
        "store": "SH01", "staff": "s1", "reason": "quality",
        # Whole days in the lead's zone (UTC+8 here); "to" includes the 26th.
        "finalised_from": "2026-11-01T00:00:00+08:00",
        "finalised_to": "2026-11-27T00:00:00+08:00",
        "refund_min": "100", "sla_breached": "true", "annotated": "false", "q": "领口",
        "sort": "refund", "order": "asc", "page": "2", "limit": "50",
    }  # fmt: skip
    headers = seen[0].headers
    assert headers["authorization"] == "Bearer rdt_lead"
    assert headers["x-returndesk-protocol"] == "1"
    assert headers["x-returndesk-app-version"] == "0.1.0-test"
    [row] = page.rows
    assert row.flags.sla_breached and row.flags.names() == ["sla_breached"]
    assert row.finalised_at == datetime(2026, 11, 26, 2, tzinfo=UTC)
    assert c.last_page is page and page.filters == filters


@pytest.mark.parametrize("status", [503, 429, 500])
def test_5xx_and_429_are_retried(status: int) -> None:
    seen: list[httpx.Request] = []
    answers = [
        error(status, "BUSY", "busy", **{"Retry-After": "0"}),
        httpx.Response(200, json=PAGE),
    ]
    c = client(lambda r: answers.pop(0), seen)
    assert run_async(c.list_cases()).total == 1
    assert len(seen) == 2


def test_other_4xx_are_raised_at_once_with_the_servers_message() -> None:
    seen: list[httpx.Request] = []
    c = client(lambda r: error(403, "FORBIDDEN", "Store BJ01 is outside your region."), seen)
    with pytest.raises(ReviewError) as raised:
        run_async(c.list_cases(CaseFilters(store="BJ01")))
    assert raised.value.message == "Store BJ01 is outside your region."
    assert (raised.value.code, raised.value.retryable, raised.value.offline) == (
        "FORBIDDEN", False, False
    )  # fmt: skip
    assert len(seen) == 1


def test_unreachable_server_is_offline_after_the_attempts() -> None:
    seen: list[httpx.Request] = []

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    c = client(down, seen)
    with pytest.raises(ReviewError) as raised:
        run_async(c.list_cases())
    assert raised.value.offline and raised.value.code == "OFFLINE"
    assert "cannot be reached" in raised.value.message
    assert len(seen) == 3 and c.last_page is None


def test_annotate_makes_one_id_and_retries_under_it() -> None:
    seen: list[httpx.Request] = []
    bodies: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        if len(bodies) == 1:
            raise httpx.ReadError("reply lost", request=request)  # stored, reply lost
        return httpx.Response(
            200,
            json={**body, "case_id": ROW["id"], "author_name": "East lead",
                  "created_at": "2026-11-26T03:00:00+00:00"},
        )  # fmt: skip

    c = client(answer, seen)
    note = run_async(c.annotate(ROW["id"], "suspicious", "  第三次了 "))
    assert bodies[0] == bodies[1]  # the retry is the same note, under the same id
    assert bodies[0]["verdict"] == "suspicious" and bodies[0]["text"] == "第三次了"
    assert len(bodies[0]["id"]) == 36 and bodies[0]["id"][14] == "7"  # a UUIDv7
    assert (note.id, note.verdict, note.author_name) == (bodies[0]["id"], "suspicious",
                                                         "East lead")  # fmt: skip
    with pytest.raises(ValueError):
        run_async(c.annotate(ROW["id"], "maybe", ""))


def test_photos_are_fetched_once() -> None:
    seen: list[httpx.Request] = []
    c = client(lambda r: httpx.Response(200, content=b"\xff\xd8\xff jpeg"), seen)
    sha = "a" * 64
    assert run_async(c.photo_bytes(sha)) == b"\xff\xd8\xff jpeg"
    assert run_async(c.photo_bytes(sha)) == b"\xff\xd8\xff jpeg"
    assert [r.url.path for r in seen] == [f"/v1/photos/{sha}"]
