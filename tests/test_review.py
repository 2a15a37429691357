"""Regional review against a real server process: the API's filters, sorting, paging, region
isolation and verdicts; the review window; a verdict reaching the store's counter."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QImage, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFormLayout, QWidget
from pytestqt.qtbot import QtBot

from core.cases import CaseDraft
from core.counter import CounterStore, make_case_service, make_sync_client, open_counter_store
from core.review import CaseDetail, CasePage, ReviewClient
from core.staff import StaffService
from core.sync import SyncClient
from db.models import Annotation as LocalAnnotation
from tests.server_support import (
    BACKENDS,
    GENESIS,
    ROOT,
    Order,
    ServerProcess,
    _event_hash,
    fake_jpeg,
    make_case_payload,
    make_op,
    new_id,
    orders_to_json,
    sample_order,
    served,
    sha256,
)
from ui.review_model import ReviewCaseModel
from ui.review_window import ReviewWindow

BASE = datetime.now(UTC).replace(microsecond=0)


def rechain(
    payload: dict[str, Any], steps: list[tuple[str, datetime, dict[str, Any], str]]
) -> dict[str, Any]:
    """Replace the case's audit trail by ``steps`` (action, at, detail, staff), hash-chained."""
    case_id = payload["case"]["id"]
    audit, prev = [], GENESIS
    for seq, (action, at, detail, staff) in enumerate(steps, start=1):
        at_text = at.isoformat()
        h = _event_hash(prev, case_id, seq, at_text, staff, action, detail)
        audit.append(
            {"id": new_id(), "seq": seq, "at": at_text, "staff_id": staff, "action": action,
             "detail": detail, "prev_hash": prev, "hash": h}
        )  # fmt: skip
        prev = h
    payload["audit"] = audit
    return payload


def review_case(
    store: str,
    staff: str,
    *,
    finalised: datetime,
    response_after: timedelta | None = timedelta(minutes=2),
    approvals: list[tuple[str, str]] = (),  # type: ignore[assignment]
    order: Order | None = None,
    items: list[Any] | None = None,
    photos: list[bytes] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A finalised case opened 20 min before ``finalised``, due 15 min after opening;
    first response ``response_after`` opening (None: never recorded); ``approvals`` as
    (reason, supervisor id) audited like the counter does."""
    fields.setdefault("stated_reason", "")  # the helper's default would match every search
    created = finalised - timedelta(minutes=20)
    due = created + timedelta(minutes=15)
    responded = created + response_after if response_after is not None else None
    payload = make_case_payload(
        store,
        staff,
        order,
        items or [],
        photos=photos,
        created_at=created.isoformat(),
        first_response_due_at=due.isoformat(),
        first_response_at=responded.isoformat() if responded else None,
        finalised_at=finalised.isoformat(),
        **fields,
    )
    steps: list[tuple[str, datetime, dict[str, Any], str]] = [
        ("opened", created, {"channel": "counter"}, staff)
    ]
    if responded is not None:
        steps.append(("first_response", responded, {}, staff))
    for reason, supervisor in approvals:
        steps.append(
            ("approved", created + timedelta(minutes=10),
             {"reason": reason, "supervisor_id": supervisor, "note": "ok", "clerk": staff},
             supervisor)
        )  # fmt: skip
    steps.append(
        ("finalised", finalised, {"resolution": fields.get("resolution", "refund")}, staff)
    )
    return rechain(payload, steps)


@dataclass
class Region:
    """East: SH01 + SH02 with five known cases; North: BJ01 with one; South: GZ01 (verdicts)."""

    srv: ServerProcess
    tmp: Path
    staff: dict[str, str] = field(default_factory=dict)  # name -> staff id
    tokens: dict[str, str] = field(default_factory=dict)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> payload
    photos: list[bytes] = field(default_factory=list)
    order: Order | None = None

    def client(self, who: str | None = None) -> httpx.Client:
        return self.srv.client(self.tokens[who] if who else None)

    def enrol(self, store: str) -> str:
        code = self.srv.admin("create-enrolment-code", "--store", store)
        with self.client() as c:
            r = c.post("/v1/enrol", json={"code": code, "device_name": f"{store} counter"})
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def push(self, who: str, payload: dict[str, Any]) -> None:
        with self.client(who) as c:
            r = c.post("/v1/push", json={"operations": [make_op(payload)]})
        assert r.status_code == 200 and r.json()["results"][0]["result"] == "applied", r.text

    def upload(self, who: str, photo: bytes) -> None:
        with self.client(who) as c:
            r = c.put(f"/v1/photos/{sha256(photo)}", content=photo,
                      headers={"Content-Type": "image/jpeg"})  # fmt: skip
        assert r.status_code == 200, r.text

    def ids(self, *names: str) -> set[str]:
        return {self.cases[n]["case"]["id"] for n in names}

    def name_of(self, case_id: str) -> str:
        return next(n for n, p in self.cases.items() if p["case"]["id"] == case_id)

    def listed(self, who: str = "lead_east", **params: Any) -> dict[str, Any]:
        with self.client(who) as c:
            r = c.get("/v1/review/cases", params={"limit": 200, **params})
        assert r.status_code == 200, r.text
        return dict(r.json())


EAST = ("collar", "size", "goodwill", "late", "big")


def seed(w: Region) -> None:
    """Stores, staff, devices, leads and the cases the filters are tested on."""
    for code, name, region in (("SH01", "上海一店", "East"), ("SH02", "上海二店", "East"),
                               ("BJ01", "北京一店", "North"), ("GZ01", "广州一店", "South")):  # fmt: skip
        w.srv.admin("create-store", code, "--name", name, "--region", region)
    for key, store, name, role in (("li", "SH01", "李娜", "clerk"), ("chen", "SH01", "陈静",
                                   "supervisor"), ("wang", "SH02", "王强", "clerk"),
                                   ("zhao", "BJ01", "赵敏", "clerk"), ("liu", "GZ01", "刘洋",
                                   "clerk")):  # fmt: skip
        w.staff[key] = w.srv.admin(
            "create-staff", "--store", store, "--name", name, "--role", role, "--pin", "1234"
        )
    for store in ("SH01", "SH02", "BJ01", "GZ01"):
        w.tokens[store] = w.enrol(store)
    for region in ("East", "North", "South"):
        w.tokens[f"lead_{region.lower()}"] = w.srv.admin(
            "create-lead-token", "--region", region, "--name", f"{region} lead"
        )
    w.order = sample_order("SH2611200001", "SH01")
    file = w.tmp / "orders.json"
    file.write_text(orders_to_json([w.order]), encoding="utf-8")
    w.srv.admin("import-orders", str(file))
    w.photos = [fake_jpeg(4096), fake_jpeg(4096)]
    li, wang, chen = w.staff["li"], w.staff["wang"], w.staff["chen"]
    north_photo = fake_jpeg(2048)

    w.cases["collar"] = review_case(
        "SH01", li, finalised=BASE - timedelta(days=5), order=w.order,
        items=[(w.order.lines[0], 1)], photos=w.photos, case_no="SH01-20261101-0003",
        customer_words="领口开线了，才穿了一次", real_reason="款号x22", refund_cents=29900,
    )  # fmt: skip
    w.cases["size"] = review_case(
        "SH02", wang, finalised=BASE - timedelta(days=2), case_no="SH02-20261104-0001",
        approvals=[("identity_override", chen)], identity_status="overridden",
        flags={"identity_mismatch": True}, reason_category="size_colour", resolution="exchange",
        customer_words="Size too SMALL for my son", refund_cents=0,
    )  # fmt: skip
    w.cases["goodwill"] = review_case(
        "SH01", li, finalised=BASE - timedelta(days=1), case_no="SH01-20261105-0001",
        response_after=timedelta(minutes=20), approvals=[("outside_window", chen)],
        reason_category="changed_mind", resolution="decline_goodwill", refund_cents=0,
        customer_words="不想要了", resolution_notes="送了 50% 优惠券",
    )  # fmt: skip
    w.cases["late"] = review_case(
        "SH01", li, finalised=BASE - timedelta(hours=3), case_no="SH01-20261106-0002",
        response_after=None, customer_words="杯盖漏水", refund_cents=8900,
    )  # fmt: skip
    w.cases["big"] = review_case(
        "SH02", wang, finalised=BASE - timedelta(days=10), case_no="SH02-20261027-0001",
        customer_words="屏幕碎了 100% 不能用", stated_reason="model X_2 broken",
        refund_cents=120000,
    )  # fmt: skip
    w.cases["north"] = review_case(
        "BJ01", w.staff["zhao"], finalised=BASE - timedelta(days=1), case_no="BJ01-20261105-0001",
        customer_words="领口开线了", refund_cents=29900, photos=[north_photo],
    )  # fmt: skip
    for photo in w.photos:
        w.upload("SH01", photo)
    w.upload("BJ01", north_photo)
    for name, store in (("collar", "SH01"), ("size", "SH02"), ("goodwill", "SH01"),
                        ("late", "SH01"), ("big", "SH02"), ("north", "BJ01")):  # fmt: skip
        w.push(store, w.cases[name])
    note = {"id": new_id(), "verdict": "suspicious", "text": "第三次了"}
    with w.client("lead_east") as c:
        r = c.post(f"/v1/review/cases/{w.cases['late']['case']['id']}/annotations", json=note)
    assert r.status_code == 200, r.text


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Region]:
    tmp = tmp_path_factory.mktemp(f"review-{request.param}")
    with served(request.param, tmp / "data") as srv:
        w = Region(srv, tmp)
        seed(w)
        yield w


def _at(delta: timedelta) -> str:
    return (BASE + delta).isoformat()


FILTERS: list[tuple[str, dict[str, Any], set[str]]] = [
    ("store SH02", {"store": "SH02"}, {"size", "big"}),
    ("store SH01", {"store": "SH01"}, {"collar", "goodwill", "late"}),
    ("from", {"finalised_from": _at(-timedelta(days=3))}, {"size", "goodwill", "late"}),
    ("to (exclusive)", {"finalised_to": _at(-timedelta(days=2))}, {"collar", "big"}),
    ("from–to", {"finalised_from": _at(-timedelta(days=6)),
                 "finalised_to": _at(-timedelta(days=1, hours=12))}, {"collar", "size"}),
    ("reason", {"reason": "quality"}, {"collar", "late", "big"}),
    ("reason other", {"reason": "size_colour"}, {"size"}),
    ("resolution", {"resolution": "decline_goodwill"}, {"goodwill"}),
    ("refund min", {"refund_min": 10000}, {"collar", "big"}),
    ("refund max", {"refund_max": 8900}, {"size", "goodwill", "late"}),
    ("refund range", {"refund_min": 8900, "refund_max": 29900}, {"collar", "late"}),
    ("identity override", {"identity_override": "true"}, {"size"}),
    ("no identity override", {"identity_override": "false"}, {"collar", "goodwill", "late",
                                                              "big"}),
    ("outside policy", {"outside_policy": "true"}, {"goodwill"}),
    ("goodwill", {"goodwill": "true"}, {"goodwill"}),
    ("sla breached", {"sla_breached": "true"}, {"goodwill", "late"}),
    ("sla kept", {"sla_breached": "false"}, {"collar", "size", "big"}),
    ("annotated", {"annotated": "true"}, {"late"}),
    ("not annotated", {"annotated": "false"}, {"collar", "size", "goodwill", "big"}),
    ("search words", {"q": "领口"}, {"collar"}),
    ("search any case", {"q": "small"}, {"size"}),
    ("search notes", {"q": "优惠券"}, {"goodwill"}),
    ("search % literally", {"q": "100%"}, {"big"}),
    ("search _ literally", {"q": "x_2"}, {"big"}),
    ("search every word", {"q": "开线 穿"}, {"collar"}),
    ("search words must all match", {"q": "开线 漏水"}, set()),
    ("search case no", {"q": "sh02-20261027"}, {"big"}),
    ("combined", {"store": "SH01", "reason": "quality"}, {"collar", "late"}),
]  # fmt: skip


@pytest.mark.parametrize(("params", "expected"), [f[1:] for f in FILTERS],
                         ids=[f[0] for f in FILTERS])  # fmt: skip
def test_each_filter_keeps_what_matches_and_drops_what_does_not(
    world: Region, params: dict[str, Any], expected: set[str]
) -> None:
    body = world.listed(**params)
    got = {world.name_of(c["id"]) for c in body["items"]}
    assert got == expected
    assert body["total"] == len(expected)


def test_staff_filter(world: Region) -> None:
    body = world.listed(staff=world.staff["wang"])
    assert {world.name_of(c["id"]) for c in body["items"]} == {"size", "big"}
    assert {c["staff_name"] for c in body["items"]} == {"王强"}


def test_rows_carry_flags_names_and_the_latest_verdict(world: Region) -> None:
    rows = {world.name_of(c["id"]): c for c in world.listed()["items"]}
    assert set(rows) == set(EAST)
    assert rows["size"]["flags"] == {"identity_override": True, "outside_policy": False,
                                     "goodwill": False, "sla_breached": False,
                                     "annotated": False}  # fmt: skip
    assert rows["goodwill"]["flags"]["outside_policy"] and rows["goodwill"]["flags"]["goodwill"]
    assert rows["late"]["verdict"] == "suspicious" and rows["late"]["flags"]["annotated"]
    assert rows["collar"]["store_name"] == "上海一店" and rows["collar"]["staff_name"] == "李娜"
    assert rows["collar"]["customer_words"] == "领口开线了，才穿了一次"


@pytest.mark.parametrize(
    ("sort", "key"),
    [("refund", "refund_cents"), ("finalised_at", "finalised_at"), ("store", "store_code"),
     ("case_no", "case_no")],
)  # fmt: skip
def test_sorting_both_ways(world: Region, sort: str, key: str) -> None:
    for order in ("asc", "desc"):
        items = world.listed(sort=sort, order=order)["items"]
        assert len(items) == len(EAST)
        # Ties (two refunds of ¥0, three SH01 cases) are broken by id, the same way.
        pairs = [(c[key] if key != "finalised_at" else datetime.fromisoformat(c[key]), c["id"])
                 for c in items]  # fmt: skip
        assert pairs == sorted(pairs, reverse=order == "desc")


def test_default_order_is_newest_finalised_first(world: Region) -> None:
    names = [world.name_of(c["id"]) for c in world.listed()["items"]]
    assert names == ["late", "goodwill", "size", "collar", "big"]


def test_pages_cover_everything_once_with_a_total(world: Region) -> None:
    seen: list[str] = []
    for page in (1, 2, 3):
        body = world.listed(limit=2, page=page, sort="refund", order="asc")
        assert (body["total"], body["pages"], body["page"]) == (5, 3, page)
        assert body["next_page"] == (page + 1 if page < 3 else None)
        seen += [c["id"] for c in body["items"]]
    assert len(seen) == len(set(seen)) == 5 and set(seen) == world.ids(*EAST)
    after = world.listed(limit=2, page=4)
    assert after["items"] == [] and after["total"] == 5


def test_bad_queries_are_refused_with_a_message(world: Region) -> None:
    with world.client("lead_east") as c:
        naive = c.get("/v1/review/cases", params={"finalised_from": "2026-11-01T00:00:00"})
        assert naive.status_code == 422 and "offset" in naive.json()["error"]["message"]
        assert c.get("/v1/review/cases", params={"sort": "customer"}).status_code == 422
        assert c.get("/v1/review/cases", params={"page": 0}).status_code == 422
        # What the databases cannot hold is refused, never a 500 (PostgreSQL on NUL, INTEGER).
        for params in ({"q": "领口\x00"}, {"store": "SH01\x00"}, {"refund_min": 2**63}):
            r = c.get("/v1/review/cases", params=params)
            assert r.status_code == 422 and r.json()["error"]["code"] == "INVALID_REQUEST"
        assert c.get("/v1/review/cases/a%00b").status_code == 404
        note = {"id": new_id(), "verdict": "fine", "text": "a\x00b"}
        case_id = world.cases["collar"]["case"]["id"]
        assert c.post(f"/v1/review/cases/{case_id}/annotations", json=note).status_code == 422


def test_region_isolation(world: Region) -> None:
    north = world.cases["north"]["case"]["id"]
    collar = world.cases["collar"]
    # The North lead sees its store only, even searching words both regions share.
    body = world.listed("lead_north", q="领口")
    assert [c["id"] for c in body["items"]] == [north]
    assert world.listed("lead_east", q="领口")["total"] == 1
    with world.client("lead_east") as c:
        r = c.get("/v1/review/cases", params={"store": "BJ01"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
        assert c.get(f"/v1/review/cases/{north}").status_code == 404
        r = c.post(f"/v1/review/cases/{north}/annotations", json={"id": new_id(), "text": "x"})
        assert r.status_code == 404
        r = c.get(f"/v1/photos/{world.cases['north']['photos'][0]['sha256']}")
        assert r.status_code == 404
        options = c.get("/v1/review/options").json()
    assert [s["code"] for s in options["stores"]] == ["SH01", "SH02"]
    assert {s["name"] for s in options["staff"]} == {"李娜", "陈静", "王强"}
    assert options["reasons"] == ["changed_mind", "quality", "size_colour"]
    assert "exchange" in options["resolutions"]
    with world.client("lead_north") as c:
        assert c.get(f"/v1/review/cases/{collar['case']['id']}").status_code == 404
        assert c.get(f"/v1/photos/{sha256(world.photos[0])}").status_code == 404
        # Another region's staff filter finds nothing, never the other region's cases.
        r = c.get("/v1/review/cases", params={"staff": world.staff["li"]})
        assert r.json()["total"] == 0
    with world.client("SH01") as c:
        assert c.get("/v1/review/options").status_code == 403


def test_detail_has_every_field_items_photos_and_names(world: Region) -> None:
    collar = world.cases["collar"]
    with world.client("lead_east") as c:
        d = c.get(f"/v1/review/cases/{collar['case']['id']}").json()
        photo = c.get(f"/v1/photos/{sha256(world.photos[1])}")
    assert d["payload"] == collar  # every field, exactly as pushed, audit trail included
    assert d["order_no"] == "SH2611200001"
    [item] = d["items"]
    assert (item["name"], item["quantity"], item["unit_price_cents"]) == ("羊毛衫 M 灰色", 1, 29900)
    assert [p["sha256"] for p in d["photos"]] == [sha256(p) for p in world.photos]
    assert all(p["available"] for p in d["photos"])
    assert d["staff_names"] == {world.staff["li"]: "李娜"}
    assert photo.status_code == 200 and photo.content == world.photos[1]
    size = world.cases["size"]
    with world.client("lead_east") as c:
        d = c.get(f"/v1/review/cases/{size['case']['id']}").json()
    # The supervisor who approved the override is named too.
    assert d["staff_names"] == {world.staff["wang"]: "王强", world.staff["chen"]: "陈静"}
    assert d["summary"]["flags"]["identity_override"]


def test_verdicts_are_idempotent_checked_and_flow_down(world: Region) -> None:
    payload = review_case("GZ01", world.staff["liu"], finalised=BASE - timedelta(hours=1))
    world.push("GZ01", payload)
    case_id = payload["case"]["id"]
    path = f"/v1/review/cases/{case_id}/annotations"
    with world.client("GZ01") as c:
        cursor = c.get("/v1/changes", params={"limit": 1000}).json()["next_cursor"]
    first = {"id": new_id(), "verdict": "suspicious", "text": "同一客户本月第三次"}
    with world.client("lead_south") as c:
        r = c.post(path, json=first)
        assert r.status_code == 200, r.text
        assert (r.json()["verdict"], r.json()["author_name"]) == ("suspicious", "South lead")
        assert c.post(path, json=first).json() == r.json()  # same id, same content
        r = c.post(path, json={**first, "verdict": "fine"})
        assert r.status_code == 409 and r.json()["error"]["code"] == "CONFLICT"
        assert c.post(path, json={"id": new_id(), "verdict": "bad"}).status_code == 422
        assert c.post(path, json={"id": new_id(), "text": "  "}).status_code == 422
        verdict_only = {"id": new_id(), "verdict": "fine"}
        assert c.post(path, json=verdict_only).status_code == 200
        plain = {"id": new_id(), "text": "看过了"}  # an older tool's note: no verdict
        assert c.post(path, json=plain).json()["verdict"] == ""
        detail = c.get(f"/v1/review/cases/{case_id}").json()
        rows = c.get("/v1/review/cases", params={"annotated": "true"}).json()["items"]
    assert [(n["verdict"], n["text"]) for n in detail["annotations"]] == [
        ("suspicious", "同一客户本月第三次"), ("fine", ""), ("", "看过了")
    ]  # fmt: skip
    assert detail["summary"]["verdict"] == "fine"  # the latest verdict given
    assert [r["id"] for r in rows] == [case_id]
    with world.client("GZ01") as c:
        items = c.get("/v1/changes", params={"cursor": cursor}).json()["items"]
    down = {i["id"]: i["data"] for i in items if i["kind"] == "annotation"}
    assert down[first["id"]]["verdict"] == "suspicious"
    assert down[first["id"]]["text"] == "同一客户本月第三次"
    assert down[verdict_only["id"]]["verdict"] == "fine"
    assert down[plain["id"]]["verdict"] == ""


def test_an_odd_time_in_one_case_does_not_break_the_regions_list(world: Region) -> None:
    """The wire model also reads a number as a time; the list must not fail on it."""
    payload = review_case("GZ01", world.staff["liu"], finalised=BASE - timedelta(hours=2))
    payload["case"]["first_response_at"] = 1764123456
    with world.client("GZ01") as c:
        r = c.post("/v1/push", json={"operations": [make_op(payload)]})
    assert r.status_code == 200  # applied or refused: either way the list keeps working
    for params in ({}, {"sla_breached": "true"}, {"sla_breached": "false"}):
        body = world.listed("lead_south", **params)
        assert body["total"] >= 0


# ---- the review window, against the same server --------------------------------------------------

WEST_CASES = 6  # pushed over HTTP, besides the one the counter finalises


def run_async(coro):  # type: ignore[no-untyped-def]
    """A coroutine run to the end on its own loop in a worker thread (the session's qasync
    loop counts as running on the main thread, so asyncio.run cannot be used there)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """ASCII as key presses, Chinese as an input method commits it (QTest cannot press
    keys for non-ASCII characters)."""
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


class Switch(httpx.AsyncBaseTransport):
    """The real server behind a link the test can pull out."""

    def __init__(self) -> None:
        self.real = httpx.AsyncHTTPTransport()
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return await self.real.handle_async_request(request)

    async def aclose(self) -> None:
        """Kept open: the review client closes its httpx client after every call, and
        calls overlap (a page and the filter options), so the link outlives each one."""


@dataclass
class West:
    """Region West: store CD01 with a real counter (core.sync) and seven synced cases."""

    world: Region
    lead_token: str
    store: CounterStore
    sync: SyncClient
    counter_case: CaseDraft
    photo: Path
    pushed: list[dict[str, Any]]

    def client(self, transport: httpx.AsyncBaseTransport | None = None) -> ReviewClient:
        return ReviewClient(
            self.world.srv.url, self.lead_token, "0.1.0-test", transport=transport,
            attempts=2, backoff_base=0.01, backoff_cap=0.05,
        )  # fmt: skip


def _counter_case(store: CounterStore, order_no: str, photo: Path) -> CaseDraft:
    """A quality return walked through the counter's CaseService, with a photo."""
    svc = make_case_service(store)
    clerk = next(m for m in StaffService(store.sessions).list_staff("CD01") if m.role == "clerk")
    d = svc.open_case("CD01", clerk.id)
    d.customer_words = "拉链坏了，拉不上"
    d, _ = svc.save_page(d, clerk.id, 0)
    d.order = svc.lookup_order(order_no)
    d.order_no_entered = order_no
    d.claimed_orderer_name, d.claimed_phone_last4 = "王芳", "5678"
    d = svc.check_identity(d, clerk.id)
    assert d.order is not None and d.identity_status == "verified"
    d.items = {d.order.lines[0].id: 1}
    d.reason_category, d.stated_reason = "quality", "拉链坏"
    d = svc.save_draft(d, clerk.id)
    d = svc.add_photo(d.id, clerk.id, photo)
    d.packaging_kept = d.tags_intact = d.seal_intact = True
    d.signs_of_use = False
    d.resolution, d.refund_method = "refund", "original"
    d.refund_cents = d.order.lines[0].unit_price_cents
    return svc.finalise(d, clerk.id)


@pytest.fixture(scope="module")
def west(world: Region, tmp_path_factory: pytest.TempPathFactory, qapp: object) -> Iterator[West]:
    from core.demo import make_demo_item_photo

    srv, tmp = world.srv, tmp_path_factory.mktemp("west")
    srv.admin("create-store", "CD01", "--name", "成都一店", "--region", "West")
    for name, role, pin in (("周杰", "clerk", "1111"), ("吴芳", "supervisor", "9999")):
        srv.admin("create-staff", "--store", "CD01", "--name", name, "--role", role, "--pin", pin)
    order = sample_order("CD2611200001", "CD01")
    now = datetime.now(UTC)
    order.ordered_at = (now - timedelta(days=4)).isoformat()
    order.delivered_at = (now - timedelta(days=2)).isoformat()
    file = tmp / "orders.json"
    file.write_text(orders_to_json([order]), encoding="utf-8")
    srv.admin("import-orders", str(file))
    lead = srv.admin("create-lead-token", "--region", "West", "--name", "West lead")

    store = open_counter_store(tmp / "counter")
    sync = make_sync_client(store, backoff_base=0.01, backoff_cap=0.05)
    code = srv.admin("create-enrolment-code", "--store", "CD01")
    assert run_async(sync.enrol(srv.url, code, "CD01 counter")) == "CD01"
    run_async(sync.sync())  # store, staff and orders come down
    photo = make_demo_item_photo(tmp / "zip.jpg", 800, 600)
    final = _counter_case(store, order.order_no, photo)
    report = run_async(sync.sync())
    assert (report.applied, report.photos_uploaded) == (1, 1)

    token = world.enrol("CD01")
    world.tokens["CD01"] = token
    clerk = next(m for m in StaffService(store.sessions).list_staff("CD01") if m.role == "clerk")
    pushed = []
    for n in range(WEST_CASES):
        payload = review_case(
            "CD01", clerk.id, finalised=BASE - timedelta(days=n + 1),
            case_no=f"CD01-2026110{n}-0001", refund_cents=1000 * (n + 1),
            customer_words=f"第{n + 1}件 {'包装破了' if n == 4 else '不合适'}",
            response_after=timedelta(minutes=30) if n == 2 else timedelta(minutes=2),
            reason_category="size_colour", resolution="exchange",
        )  # fmt: skip
        world.push("CD01", payload)
        pushed.append(payload)
    yield West(world, lead, store, sync, final, photo, pushed)
    store.close()


@pytest.fixture
def review_window(qtbot: QtBot, qt_event_loop: object, west: West) -> ReviewWindow:
    window = ReviewWindow(west.client(), page_size=3)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sig_page_loaded, timeout=15_000):
        window.start()
    qtbot.waitUntil(lambda: window.options is not None, timeout=10_000)
    return window


def _shown(window: ReviewWindow) -> list[str]:
    return [r.case_no for r in window.model.rows()]


def test_window_pages_and_sorts_on_the_server(qtbot: QtBot, review_window: ReviewWindow) -> None:
    w = review_window
    assert w.page_label.text() == "Page 1 of 3 · 7 cases"
    assert not w.prev_button.isEnabled() and w.next_button.isEnabled()
    first = _shown(w)
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000):
        qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    assert w.page_label.text() == "Page 2 of 3 · 7 cases"
    assert not set(first) & set(_shown(w))
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000):
        qtbot.mouseClick(w.last_button, Qt.MouseButton.LeftButton)
    assert w.page_label.text() == "Page 3 of 3 · 7 cases" and len(_shown(w)) == 1

    # A click on the Refund header sorts all seven on the server, back on page 1.
    header = w.table.horizontalHeader()
    column = ReviewCaseModel.COLUMNS.index("refund")
    spot = QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2)
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    page: CasePage = blocker.args[0]
    assert page.page == 1 and page.sort.key == "refund"
    refunds = [r.refund_cents for r in page.rows]
    assert refunds == sorted(refunds, reverse=page.sort.descending)
    assert header.sortIndicatorSection() == column
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    again: CasePage = blocker.args[0]
    assert again.sort.descending != page.sort.descending
    assert [r.refund_cents for r in again.rows] == sorted(
        [r.refund_cents for r in again.rows], reverse=again.sort.descending
    )
    # All 7 refunds: ¥10…¥60 and the counter's ¥299: the extremes are on page 1.
    assert max(refunds + [r.refund_cents for r in again.rows]) == 29900


def test_window_shows_a_lower_bound_when_the_server_stopped_counting(
    qtbot: QtBot, review_window: ReviewWindow
) -> None:
    """Past its counting limit the server gives "at least" (total_exact false): the window
    says so, offers the next page, and no last page it cannot know."""
    w = review_window
    assert w.page_data is not None and w.page_data.total_exact
    w._show_page(replace(w.page_data, total=3, pages=1, total_exact=False))
    assert w.page_label.text() == "Page 1 of 1+ · 3+ cases"
    assert w.next_button.isEnabled() and not w.last_button.isEnabled()
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        qtbot.mouseClick(w.next_button, Qt.MouseButton.LeftButton)
    page: CasePage = blocker.args[0]
    assert page.page == 2 and page.total_exact and page.total == 7


def test_window_filters(qtbot: QtBot, review_window: ReviewWindow, west: West) -> None:
    w, bar = review_window, review_window.filter_bar
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        type_text(qtbot, bar.search, "包装")
        qtbot.keyClick(bar.search, Qt.Key.Key_Return)
    assert [r.case_no for r in blocker.args[0].rows] == ["CD01-20261104-0001"]
    assert w.page_label.text() == "Page 1 of 1 · 1 cases"
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000):
        bar.clear_button.click()
    assert w.page_data is not None and w.page_data.total == WEST_CASES + 1

    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        bar.flags["sla_breached"].click()
    assert [r.case_no for r in blocker.args[0].rows] == ["CD01-20261102-0001"]
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000):
        bar.flags["sla_breached"].click()

    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        bar.reason.setCurrentIndex(bar.reason.findData("quality"))
    assert [r.id for r in blocker.args[0].rows] == [west.counter_case.id]
    assert blocker.args[0].filters.reason == "quality"
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        bar.refund_min.setValue(100)  # ¥100: the quality case is ¥299
    assert blocker.args[0].total == 1
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000) as blocker:
        bar.refund_min.setValue(300)
    assert blocker.args[0].total == 0
    assert w.page_label.text() == "No cases match these filters."


def test_open_a_case_with_photos_and_annotate_it_to_the_store(
    qtbot: QtBot, review_window: ReviewWindow, west: West
) -> None:
    w = review_window
    with qtbot.waitSignal(w.sig_page_loaded, timeout=15_000):
        w.filter_bar.search.setText(west.counter_case.case_no)
        qtbot.keyClick(w.filter_bar.search, Qt.Key.Key_Return)
    assert _shown(w) == [west.counter_case.case_no]
    with qtbot.waitSignal(w.sig_thumbnails_loaded, timeout=15_000):
        w.select_row(0)
    detail: CaseDetail = w.detail.detail  # type: ignore[assignment]
    assert detail.row.id == west.counter_case.id
    assert detail.fields["customer_words"] == "拉链坏了，拉不上"
    assert detail.items[0].quantity == 1 and detail.order_no == "CD2611200001"
    assert [a.action for a in detail.audit][0] == "opened"
    assert {a.staff_name for a in detail.audit} == {"周杰"}
    assert w.detail.audit.count() == len(detail.audit) >= 3
    form = w.detail.form
    shown = {
        form.itemAt(i, QFormLayout.ItemRole.LabelRole).widget().text(): form.itemAt(
            i, QFormLayout.ItemRole.FieldRole
        )
        .widget()
        .text()
        for i in range(form.rowCount())
    }
    assert detail.fields["identity_status"] == "verified"
    assert shown["Identity:"] == "confirmed (name + last 4 digits)"  # words, not the code
    assert shown["Status:"] == "finalised"
    [photo] = detail.photos
    assert w.detail.thumbnail_loaded(photo.sha256)

    # A language switch re-renders everything in place, the loaded thumbnail included.
    for widget in (w, w.filter_bar, w.detail):
        QApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
    assert w.detail.thumbnail_loaded(photo.sha256) and w.detail.detail is detail
    assert w.page_label.text() == "Page 1 of 1 · 1 cases"

    thumb = w.detail.thumbs[photo.sha256]
    with qtbot.waitSignal(w.sig_photo_opened, timeout=15_000) as opened:
        qtbot.mouseClick(thumb, Qt.MouseButton.LeftButton)
    viewer = opened.args[0]  # deletes itself when closed
    assert viewer.problem == ""  # the bytes hash to the name the counter gave them
    assert viewer.pixmap.size() == QImage(str(west.counter_case.photos[0].path)).size()
    viewer.close()

    pane = w.detail
    pane.verdict.setCurrentIndex(pane.verdict.findData("needs_follow_up"))
    type_text(qtbot, pane.comment, "拉链批次请复查")
    with qtbot.waitSignal(w.sig_annotation_saved, timeout=15_000) as saved:
        qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)
    note = saved.args[0]
    assert (note.verdict, note.text) == ("needs_follow_up", "拉链批次请复查")
    assert pane.comment.toPlainText() == ""
    assert "Needs follow-up" in pane.notes.text() and "拉链批次请复查" in pane.notes.text()
    assert w.model.row_at(0).verdict == "needs_follow_up"

    # The store's counter syncs and finds the verdict on its case.
    run_async(west.sync.sync())
    with west.store.sessions() as s:
        local = s.get(LocalAnnotation, note.id)
    assert local is not None
    assert (local.case_id, local.verdict, local.text) == (
        west.counter_case.id, "needs_follow_up", "拉链批次请复查"
    )  # fmt: skip
    assert local.author_name == "West lead"


def test_offline_keeps_the_last_page_with_a_banner(
    qtbot: QtBot, qt_event_loop: object, west: West
) -> None:
    link = Switch()
    window = ReviewWindow(west.client(link), page_size=3)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sig_page_loaded, timeout=15_000):
        window.start()
    shown = _shown(window)
    with qtbot.waitSignal(window.sig_detail_loaded, timeout=15_000):
        window.select_row(1)
    loaded_at = window.client.last_page.loaded_at  # type: ignore[union-attr]

    link.down = True
    with qtbot.waitSignal(window.sig_load_failed, timeout=15_000):
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.banner_row.isVisible()
    assert window.banner.text().startswith(f"Offline — data from {loaded_at.astimezone():%H:%M}.")
    assert _shown(window) == shown and window.page_label.text() == "Page 1 of 3 · 7 cases"
    assert window.retry_timer.isActive()
    # A case opened before is still readable, marked as such.
    with qtbot.waitSignal(window.sig_detail_loaded, timeout=15_000):
        window.select_row(0)
        window.select_row(1)
    assert window.detail.notice.isVisible() and "Offline" in window.detail.notice.text()
    # A verdict cannot be saved offline; what was typed stays for the next try.
    type_text(qtbot, window.detail.comment, "稍后再看")
    with qtbot.waitSignal(window.sig_annotation_failed, timeout=15_000):
        window.detail.save_button.click()
    assert window.detail.comment.toPlainText() == "稍后再看"
    assert window.detail.save_button.isEnabled()

    link.down = False
    with qtbot.waitSignal(window.sig_page_loaded, timeout=15_000):
        qtbot.mouseClick(window.retry_button, Qt.MouseButton.LeftButton)
    assert not window.banner_row.isVisible() and not window.retry_timer.isActive()
    window.close()
    closing = asyncio.ensure_future(link.real.aclose())  # its connections, on the same loop
    qtbot.waitUntil(closing.done, timeout=5_000)


def test_review_command_opens_the_window_and_saves_a_screenshot(west: West, tmp_path: Path) -> None:
    """`returndesk review --server URL --token - --screenshot PNG`, as its own process."""
    png = tmp_path / "review.png"
    code = "import sys; from desktop.review import run_review; sys.exit(run_review(sys.argv[1:]))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("RETURNDESK_LEAD_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-c", code, "--server", west.world.srv.url, "--token", "-",
         "--screenshot", str(png)],
        input=west.lead_token + "\n", capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert QImage(str(png)).width() > 800
    signals_png = tmp_path / "signals.png"
    done = subprocess.run(
        [sys.executable, "-c", code, "--server", west.world.srv.url, "--token", "-",
         "--screenshot", str(signals_png), "--tab", "signals"],
        input=west.lead_token + "\n", capture_output=True, text=True, timeout=60, cwd=ROOT,
        env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # 1 if the signals failed to load
    assert QImage(str(signals_png)).width() > 800
    refused = subprocess.run(
        [sys.executable, "-c", code, "--server", west.world.srv.url],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
    )  # fmt: skip
    assert refused.returncode == 2 and "--token" in refused.stderr
