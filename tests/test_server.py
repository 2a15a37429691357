"""The sync service as a real process on 127.0.0.1, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server_support import (
    BACKENDS,
    VERSION_HEADERS,
    Order,
    ServerProcess,
    fake_jpeg,
    fresh_database,
    make_case_payload,
    make_op,
    new_id,
    orders_to_csv,
    orders_to_json,
    sample_order,
    sha256,
)

# Small limits so the tests can reach them cheaply.
MAX_BATCH = 20
MAX_REQUEST = 256 * 1024
MAX_PHOTO = 64 * 1024
MAX_CONCURRENCY = 4
STALL_SECONDS = 2
SERVER_ARGS = [
    "--max-batch", str(MAX_BATCH),
    "--max-request-bytes", str(MAX_REQUEST),
    "--max-photo-bytes", str(MAX_PHOTO),
    "--max-concurrency", str(MAX_CONCURRENCY),
    "--queue-wait", "0.2",
    "--retry-after", "3",
    "--stall-seconds", str(STALL_SECONDS),
]  # fmt: skip


@dataclass
class World:
    """A running server with three stores in two regions, staff, devices and lead tokens."""

    srv: ServerProcess
    tmp: Path
    staff: dict[str, str] = field(default_factory=dict)  # store -> staff id
    tokens: dict[str, str] = field(default_factory=dict)  # name -> bearer token
    _orders: int = 0

    def client(self, who: str | None = None, **headers: str) -> httpx.Client:
        return self.srv.client(self.tokens[who] if who else None, **headers)

    def enrol(self, store: str, name: str = "counter") -> str:
        code = self.srv.admin("create-enrolment-code", "--store", store)
        with self.client() as c:
            r = c.post("/v1/enrol", json={"code": code, "device_name": name})
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def new_order(self, store: str = "SH01", quantities: tuple[int, ...] = (2, 1)) -> Order:
        """A fresh order (its own lines, so tests never share a ledger), imported."""
        self._orders += 1
        prefix = store[:2]
        order = sample_order(f"{prefix}26112{self._orders:05d}", store, quantities)
        path = self.tmp / f"order-{self._orders}.json"
        path.write_text(orders_to_json([order]), encoding="utf-8")
        self.srv.admin("import-orders", str(path))
        return order

    def case(self, store: str = "SH01", order: Order | None = None, **kw: Any) -> dict[str, Any]:
        """A finalised case returning one item of ``order`` (a fresh order by default)."""
        order = order or self.new_order(store)
        items = kw.pop("items", [(order.lines[0], 1)])
        return make_case_payload(store, self.staff[store], order, items, **kw)

    def plain_case(self, store: str = "SH01", **kw: Any) -> dict[str, Any]:
        """A finalised case without an order (advice only): no ledger, no import needed."""
        kw.setdefault("resolution", "decline_goodwill")
        return make_case_payload(store, self.staff[store], None, [], **kw)

    def push(self, who: str, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        with self.client(who) as c:
            r = c.post("/v1/push", json={"operations": list(ops)})
        assert r.status_code == 200, r.text
        return list(r.json()["results"])

    def known(self, who: str, *case_ids: str) -> list[str]:
        """The ids among ``case_ids`` the server has (the counter's sanity check)."""
        with self.client(who) as c:
            r = c.post("/v1/cases/check", json={"case_ids": list(case_ids)})
        assert r.status_code == 200, r.text
        missing = set(r.json()["missing"])
        return [c for c in case_ids if c not in missing]


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp(f"server-{request.param}")
    with fresh_database(request.param) as url:
        srv = ServerProcess(tmp / "data", url, SERVER_ARGS).start()
        try:
            w = World(srv, tmp)
            for code, name, region in (("SH01", "上海一店", "East"), ("SH02", "上海二店", "East"),
                                       ("BJ01", "北京一店", "North")):  # fmt: skip
                srv.admin("create-store", code, "--name", name, "--region", region)
                w.staff[code] = srv.admin(
                    "create-staff", "--store", code, "--name", f"{code} 店员", "--role", "clerk",
                    "--pin", "1234",
                )  # fmt: skip
            w.tokens["sh01"] = w.enrol("SH01", "SH01 counter 1")
            w.tokens["sh01b"] = w.enrol("SH01", "SH01 counter 2")
            w.tokens["bj01"] = w.enrol("BJ01", "BJ01 counter 1")
            w.tokens["lead_east"] = srv.admin(
                "create-lead-token", "--region", "East", "--name", "East lead"
            )
            w.tokens["lead_north"] = srv.admin("create-lead-token", "--region", "North")
            yield w
        finally:
            srv.stop()
    # Every refusal above is an answer, never a crash: the log holds no traceback (a 500)
    # and no warning (a deprecation that will break on the next upgrade).
    log = srv.log_text()
    assert "Traceback" not in log and "Warning" not in log, log[-4000:]


def error_code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])


# ---- open endpoints, enrolment, auth ------------------------------------------------------


def test_health_version_and_openapi_need_nothing(world: World) -> None:
    r = httpx.get(f"{world.srv.url}/v1/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "database": "ok"}
    v = httpx.get(f"{world.srv.url}/v1/version").json()
    assert v["protocol"] == {"min": 1, "max": 1}
    assert v["schema_revision"] == "0005_products"  # the newest central migration
    doc = httpx.get(f"{world.srv.url}/openapi.json").json()
    for path in ("/v1/enrol", "/v1/push", "/v1/photos/missing", "/v1/photos/{sha256}",
                 "/v1/changes", "/v1/cases/check", "/v1/health", "/v1/version"):  # fmt: skip
        assert path in doc["paths"], path
    push_body = doc["paths"]["/v1/push"]["post"]["requestBody"]["content"]["application/json"]
    assert push_body["schema"]["$ref"] == "#/components/schemas/PushRequest"
    assert "PushOperation" in doc["components"]["schemas"]


def test_enrolment_code_is_one_time_and_expires(world: World) -> None:
    code = world.srv.admin("create-enrolment-code", "--store", "SH02")
    with world.client() as c:
        # Typed the way people do: lower case, spaces instead of dashes.
        r = c.post("/v1/enrol", json={"code": code.lower().replace("-", " ")})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["store"] == {
            "code": "SH02", "name": "上海二店", "region": "East", "timezone": "Asia/Shanghai"
        }  # fmt: skip
        assert body["token"].startswith("rdt_")

        again = c.post("/v1/enrol", json={"code": code})
        assert again.status_code == 403 and error_code(again) == "ENROLMENT_CODE_USED"
        wrong = c.post("/v1/enrol", json={"code": "AAAA-BBBB-CCCC"})
        assert wrong.status_code == 403 and error_code(wrong) == "ENROLMENT_CODE_INVALID"

        short = world.srv.admin("create-enrolment-code", "--store", "SH02", "--hours", "0.0001")
        time.sleep(0.5)
        late = c.post("/v1/enrol", json={"code": short})
        assert late.status_code == 403 and error_code(late) == "ENROLMENT_CODE_EXPIRED"

    with world.srv.client(body["token"]) as c:
        assert c.get("/v1/changes").status_code == 200


def test_counters_of_a_store_are_numbered_in_order_of_enrolment(world: World) -> None:
    def enrol(store: str, name: str) -> int:
        code = world.srv.admin("create-enrolment-code", "--store", store)
        with world.client() as c:
            r = c.post("/v1/enrol", json={"code": code, "device_name": name})
        assert r.status_code == 200, r.text
        return int(r.json()["counter_no"])

    def counters(store: str) -> int:
        return sum(f" {store} #" in line for line in world.srv.admin("list-devices").splitlines())

    sh01 = counters("SH01")
    first = enrol("SH02", "SH02 till A")
    assert first == counters("SH02")
    assert enrol("SH02", "SH02 till B") == first + 1
    assert enrol("SH01", "SH01 till") == sh01 + 1  # numbers are per store
    listing = world.srv.admin("list-devices").splitlines()
    assert any(f"SH02 #{first + 1}" in line and line.endswith("SH02 till B") for line in listing)
    # Its version is known from the enrolment itself, before any push.
    till_b = next(line for line in listing if line.endswith("SH02 till B"))
    assert "app 0.1.0-test" in till_b


ROUTES = [
    ("POST", "/v1/push"),
    ("POST", "/v1/photos/missing"),
    ("PUT", f"/v1/photos/{'a' * 64}"),
    ("GET", f"/v1/photos/{'a' * 64}"),
    ("GET", "/v1/changes"),
    ("POST", "/v1/cases/check"),
    ("GET", "/v1/review/cases"),
    ("GET", f"/v1/review/cases/{'0' * 8}-0000-7000-8000-{'0' * 12}"),
    ("POST", f"/v1/review/cases/{'0' * 8}-0000-7000-8000-{'0' * 12}/annotations"),
]


def test_every_route_but_health_and_version_needs_a_token(world: World) -> None:
    with world.client() as c:
        for method, path in ROUTES:
            r = c.request(method, path, content=b"{}")
            assert r.status_code == 401, (method, path, r.text)
            assert error_code(r) == "UNAUTHENTICATED"
            assert r.headers["www-authenticate"] == "Bearer"
        r = c.get("/v1/changes", headers={"Authorization": "Bearer rdt_not-a-token"})
        assert r.status_code == 401 and error_code(r) == "TOKEN_INVALID"


def test_revoked_device_is_refused(world: World) -> None:
    token = world.enrol("SH01", "to be stolen")
    with world.srv.client(token) as c:
        r = c.get("/v1/changes")
        assert r.status_code == 200
        device_id = next(
            line.split()[0]
            for line in world.srv.admin("list-devices").splitlines()
            if line.endswith("to be stolen")
        )
        assert world.srv.admin("revoke-device", device_id) == f"device {device_id} revoked"
        r = c.post("/v1/push", json={"operations": [make_op(world.plain_case())]})
        assert r.status_code == 401 and error_code(r) == "TOKEN_REVOKED"


def test_a_store_cannot_push_another_stores_case(world: World) -> None:
    op = make_op(world.plain_case("BJ01"))
    [res] = world.push("sh01", op)
    assert res["result"] == "rejected" and res["reason"] == "FORBIDDEN_STORE"
    assert world.known("bj01", op["entity_id"]) == []
    # The refusal is not recorded against the op id: the rightful store can still use it.
    [res] = world.push("bj01", op)
    assert res["result"] == "applied"
    [res] = world.push("sh01", op)
    assert res["result"] == "rejected" and res["reason"] == "FORBIDDEN_STORE"


def test_leads_read_only_their_region(world: World) -> None:
    east = world.plain_case("SH02")
    north = world.plain_case("BJ01")
    world.tokens.setdefault("sh02", world.enrol("SH02"))
    assert world.push("sh02", make_op(east))[0]["result"] == "applied"
    assert world.push("bj01", make_op(north))[0]["result"] == "applied"

    with world.client("lead_east") as c:
        listed = c.get("/v1/review/cases", params={"limit": 200}).json()["items"]
        assert east["case"]["id"] in {x["id"] for x in listed}
        assert {x["store_code"] for x in listed} <= {"SH01", "SH02"}
        r = c.get("/v1/review/cases", params={"store": "BJ01"})
        assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
        r = c.get(f"/v1/review/cases/{north['case']['id']}")
        assert r.status_code == 404
        detail = c.get(f"/v1/review/cases/{east['case']['id']}").json()
        assert detail["payload"] == east
        # A lead is no counter.
        r = c.post("/v1/push", json={"operations": []})
        assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
    with world.client("lead_north") as c:
        listed = c.get("/v1/review/cases").json()["items"]
        assert {x["store_code"] for x in listed} == {"BJ01"}
        assert c.get(f"/v1/review/cases/{north['case']['id']}").status_code == 200
    with world.client("sh01") as c:
        assert c.get("/v1/review/cases").status_code == 403


# ---- push: idempotency -------------------------------------------------------------------


def test_push_applies_once_and_replays_the_stored_result(world: World) -> None:
    op = make_op(world.plain_case())
    [first] = world.push("sh01", op)
    assert first["result"] == "applied" and first["entity_id"] == op["entity_id"]
    [second] = world.push("sh01", op)
    assert second["result"] == "duplicate" and second["reason"] == "OP_ALREADY_APPLIED"
    assert second["received_at"] == first["received_at"]  # the server's stamp, kept
    # Another counter of the same store retrying it (e.g. after a reinstall) gets the same.
    [third] = world.push("sh01b", op)
    assert third["result"] == "duplicate"


def test_same_op_id_with_other_content_is_refused(world: World) -> None:
    payload = world.plain_case()
    op = make_op(payload)
    assert world.push("sh01", op)[0]["result"] == "applied"
    changed = json.loads(json.dumps(op))
    changed["payload"]["case"]["resolution_notes"] = "edited afterwards"
    [res] = world.push("sh01", changed)
    assert res["result"] == "rejected" and res["reason"] == "OP_ID_REUSED"
    # Key order and whitespace are not content.
    reordered = {k: op[k] for k in reversed(list(op))}
    assert world.push("sh01", reordered)[0]["result"] == "duplicate"
    with world.client("lead_east") as c:
        stored = c.get(f"/v1/review/cases/{payload['case']['id']}").json()["payload"]
    assert stored == payload


def test_a_finalised_case_never_changes(world: World) -> None:
    payload = world.plain_case()
    [stored] = world.push("sh01", make_op(payload))
    assert stored["result"] == "applied"

    edited = json.loads(json.dumps(payload))
    edited["case"]["refund_cents"] += 1000
    [res] = world.push("sh01", make_op(edited))  # a new op id for the same case id
    assert res["result"] == "rejected" and res["reason"] == "CASE_IS_FINAL"

    [res] = world.push("sh01", make_op(payload))  # same content under a new op id
    assert res["result"] == "duplicate" and res["reason"] == "CASE_ALREADY_STORED"
    assert res["received_at"] == stored["received_at"]
    with world.client("lead_east") as c:
        detail = c.get(f"/v1/review/cases/{payload['case']['id']}").json()
    assert detail["payload"] == payload
    assert detail["summary"]["refund_cents"] == payload["case"]["refund_cents"]


def test_out_of_order_and_doubled_batches(world: World) -> None:
    ops = [make_op(world.plain_case()) for _ in range(3)]
    batch = [ops[2], ops[0], ops[0], ops[1]]
    results = world.push("sh01", *batch)
    assert [r["result"] for r in results] == ["applied", "applied", "duplicate", "applied"]
    assert [r["op_id"] for r in results] == [o["op_id"] for o in batch]
    again = world.push("sh01", *batch)
    assert [r["result"] for r in again] == ["duplicate"] * 4
    ids = [o["entity_id"] for o in ops]
    assert world.known("sh01", *ids) == ids


def test_rejections_say_why_and_are_replayed(world: World) -> None:
    order = world.new_order()
    other = world.new_order()

    def op_with(change: Any) -> dict[str, Any]:
        payload = world.case(order=order)
        change(payload)
        return make_op(payload)

    def draft(p: dict[str, Any]) -> None:
        p["case"]["status"] = "draft"

    def wire_v2(p: dict[str, Any]) -> None:
        p["wire_version"] = 2

    def no_words(p: dict[str, Any]) -> None:
        del p["case"]["customer_words"]

    def foreign_line(p: dict[str, Any]) -> None:
        p["items"][0]["order_line_id"] = other.lines[0].id

    def unknown_order(p: dict[str, Any]) -> None:
        p["case"]["order_id"] = new_id()

    def tampered(p: dict[str, Any]) -> None:
        p["audit"][1]["detail"] = {"note": "rewritten history"}

    def borrowed_item_id(p: dict[str, Any]) -> None:
        p["items"][0]["id"] = earlier["items"][0]["id"]  # would slip past the ledger

    earlier = world.case(order=world.new_order())
    assert world.push("sh01", make_op(earlier))[0]["result"] == "applied"

    cases = [
        ("CASE_NOT_FINAL", draft),
        ("UNSUPPORTED_WIRE_VERSION", wire_v2),
        ("INVALID_PAYLOAD", no_words),
        ("UNKNOWN_ORDER_LINE", foreign_line),
        ("UNKNOWN_ORDER", unknown_order),
        ("AUDIT_CHAIN_BROKEN", tampered),
        ("INVALID_PAYLOAD", borrowed_item_id),
    ]
    reasons = [reason for reason, _ in cases]
    ops = [op_with(change) for _, change in cases]
    odd = make_op(world.case(order=order))
    odd["operation"] = "cancel"
    results = world.push("sh01", *ops, odd)
    assert [(r["result"], r["reason"]) for r in results] == [
        *(("rejected", reason) for reason in reasons),
        ("rejected", "UNSUPPORTED_OPERATION"),
    ]
    assert all(r["message"] for r in results)
    # A rejection is final: the same op again gets the same answer, and nothing was stored.
    replay = world.push("sh01", *ops)
    assert [r["reason"] for r in replay] == reasons
    assert world.known("sh01", *(o["entity_id"] for o in ops)) == []


def test_unsupported_protocol_touches_nothing(world: World) -> None:
    op = make_op(world.plain_case())
    body = {"operations": [op]}
    with world.client("sh01", **{"X-ReturnDesk-Protocol": "0"}) as c:
        r = c.post("/v1/push", json=body)
        assert r.status_code == 426 and error_code(r) == "CLIENT_TOO_OLD"
        assert r.json()["error"]["supported_protocol"] == {"min": 1, "max": 1}
    with world.client("sh01", **{"X-ReturnDesk-Protocol": "99"}) as c:
        r = c.post("/v1/push", json=body)
        assert r.status_code == 400 and error_code(r) == "SERVER_TOO_OLD"
    headers = {k: v for k, v in VERSION_HEADERS.items() if "Schema" not in k}
    with httpx.Client(base_url=world.srv.url) as c:
        r = c.post(
            "/v1/push",
            json=body,
            headers={**headers, "Authorization": f"Bearer {world.tokens['sh01']}"},
        )
        assert r.status_code == 400 and error_code(r) == "VERSION_HEADERS_MISSING"
    assert world.known("sh01", op["entity_id"]) == []
    assert world.push("sh01", op)[0]["result"] == "applied"  # not "duplicate"


def test_over_return_across_cases_is_rejected(world: World) -> None:
    order = world.new_order(quantities=(2, 1))
    sweater, cup = order.lines
    first = world.case(order=order, items=[(sweater, 2)])
    assert world.push("sh01", make_op(first))[0]["result"] == "applied"
    # The second counter of the store never saw the first case: only the centre can tell.
    second = world.case(order=order, items=[(sweater, 1), (cup, 1)])
    [res] = world.push("sh01b", make_op(second))
    assert res["result"] == "rejected" and res["reason"] == "OVER_RETURN"
    assert "2 bought, 2 already returned" in res["message"]
    third = world.case(order=order, items=[(cup, 1)])
    assert world.push("sh01b", make_op(third))[0]["result"] == "applied"


def test_batch_and_request_size_limits(world: World) -> None:
    ops = [make_op(world.plain_case()) for _ in range(MAX_BATCH + 1)]
    with world.client("sh01") as c:
        r = c.post("/v1/push", json={"operations": ops})
        assert r.status_code == 413 and error_code(r) == "BATCH_TOO_LARGE"
        assert r.json()["error"]["max_batch_ops"] == MAX_BATCH
        assert world.known("sh01", *(o["entity_id"] for o in ops)) == []

        big = world.plain_case()
        big["case"]["customer_words"] = "很长" * (MAX_REQUEST // 3)
        r = c.post("/v1/push", json={"operations": [make_op(big)]})
        assert r.status_code == 413 and error_code(r) == "REQUEST_TOO_LARGE"

        # Without Content-Length the limit is counted while the body streams in.
        data = json.dumps({"operations": [make_op(big)]}).encode()
        chunks = (data[i : i + 16384] for i in range(0, len(data), 16384))
        r = c.post("/v1/push", content=chunks, headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and error_code(r) == "REQUEST_TOO_LARGE"
        assert world.known("sh01", big["case"]["id"]) == []
        # The device's push lease was given back: the next push goes through.
        assert world.push("sh01", ops[0])[0]["result"] == "applied"


# ---- photos ------------------------------------------------------------------------------


def test_photos_by_hash(world: World) -> None:
    photo = fake_jpeg(4096)
    digest = sha256(photo)
    stored = world.srv.data_dir / "photos" / digest[:2] / f"{digest}.jpg"
    with world.client("sh01") as c:

        def missing(*hashes: str) -> list[str]:
            r = c.post("/v1/photos/missing", json={"sha256": list(hashes)})
            assert r.status_code == 200, r.text
            return list(r.json()["missing"])

        assert missing(digest) == [digest]
        jpeg = {"Content-Type": "image/jpeg"}
        bad = c.put(f"/v1/photos/{digest}", content=photo[:-1] + b"!", headers=jpeg)
        assert bad.status_code == 422 and error_code(bad) == "HASH_MISMATCH"
        assert not stored.exists() and missing(digest) == [digest]

        ok = c.put(f"/v1/photos/{digest}", content=photo, headers=jpeg)
        assert ok.status_code == 200, ok.text
        assert ok.json() == {"sha256": digest, "byte_size": len(photo), "already_present": False}
        assert stored.read_bytes() == photo
        assert missing(digest, "0" * 64) == ["0" * 64]
        again = c.put(f"/v1/photos/{digest}", content=photo, headers=jpeg)
        assert again.json()["already_present"] is True

        huge = fake_jpeg(MAX_PHOTO + 1)
        r = c.put(f"/v1/photos/{sha256(huge)}", content=huge, headers=jpeg)
        assert r.status_code == 413 and error_code(r) == "PHOTO_TOO_LARGE"
        streamed = c.put(
            f"/v1/photos/{sha256(huge)}",
            content=(huge[i : i + 8192] for i in range(0, len(huge), 8192)),
            headers=jpeg,
        )
        assert streamed.status_code == 413 and error_code(streamed) == "PHOTO_TOO_LARGE"
        assert missing(sha256(huge)) == [sha256(huge)]

        text = b"not a photo at all"
        r = c.put(f"/v1/photos/{sha256(text)}", content=text, headers=jpeg)
        assert r.status_code == 415 and error_code(r) == "UNSUPPORTED_MEDIA_TYPE"
        r = c.put("/v1/photos/..%2F..%2Fetc", content=photo, headers=jpeg)
        assert r.status_code in (404, 422)
    assert list((world.srv.data_dir / "photos" / "tmp").iterdir()) == []


def test_a_case_pushed_before_its_photo_is_told_what_is_missing(world: World) -> None:
    photo = fake_jpeg()
    payload = world.plain_case(photos=[photo])
    op = make_op(payload)
    [res] = world.push("sh01", op)
    assert res["result"] == "applied" and res["missing_photos"] == [sha256(photo)]
    with world.client("sh01") as c:
        r = c.put(f"/v1/photos/{sha256(photo)}", content=photo)
        assert r.status_code == 200
    [res] = world.push("sh01", op)
    assert res["result"] == "duplicate" and res["missing_photos"] == []
    with world.client("lead_east") as c:
        detail = c.get(f"/v1/review/cases/{payload['case']['id']}").json()
        assert detail["photos"][0]["available"] is True
        r = c.get(f"/v1/photos/{sha256(photo)}")
        assert r.status_code == 200 and r.content == photo
    with world.client("lead_north") as c:
        assert c.get(f"/v1/photos/{sha256(photo)}").status_code == 404


# ---- pull --------------------------------------------------------------------------------


def pull_all(c: httpx.Client, cursor: str = "", limit: int = 3) -> tuple[list[dict[str, Any]], str]:
    items: list[dict[str, Any]] = []
    while True:
        r = c.get("/v1/changes", params={"cursor": cursor, "limit": limit})
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return items, cursor


def test_pull_pages_in_order_and_only_for_the_store(world: World) -> None:
    with world.client("sh01") as c:
        items, cursor = pull_all(c)
        seqs = [i["seq"] for i in items]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        kinds = {(i["kind"], i["id"]) for i in items}
        assert ("store", "SH01") in kinds and ("store", "BJ01") not in kinds
        assert ("staff", world.staff["SH01"]) in kinds
        assert ("staff", world.staff["BJ01"]) not in kinds
        stores = {i["data"]["store_code"] for i in items if i["kind"] in ("order", "staff")}
        assert stores == {"SH01"}
        # At the front of the feed: nothing new, same cursor.
        r = c.get("/v1/changes", params={"cursor": cursor}).json()
        assert r["items"] == [] and r["next_cursor"] == cursor and r["has_more"] is False


def test_imported_orders_flow_down_and_reimport_sends_nothing(world: World) -> None:
    from core.pins import verify_pin

    with world.client("sh01") as c:
        items, cursor = pull_all(c, limit=50)
        staff = next(i["data"] for i in items if i["id"] == world.staff["SH01"])
        # The counter checks PINs offline with core.pins against the pulled hash.
        assert verify_pin("1234", staff["pin_hash"]) and not verify_pin("4321", staff["pin_hash"])

        order = sample_order("SH2611299001", "SH01", (3,))
        csv_file = world.tmp / "import.csv"
        csv_file.write_text(orders_to_csv([order]), encoding="utf-8")
        done = world.srv.admin_process("import-orders", str(csv_file))  # the real console command
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "orders: 1 created, 0 updated, 0 unchanged (1 lines)"

        new, cursor = pull_all(c, cursor)
        assert [(i["kind"], i["id"]) for i in new] == [("order", order.id)]
        got = new[0]["data"]
        assert got["order_no"] == "SH2611299001" and got["lines"][0]["id"] == order.lines[0].id
        assert got["delivered_at"] == "2026-11-22T08:40:00+00:00"  # naive = the store's zone
        assert got["total_cents"] == 3 * order.lines[0].unit_price_cents

        assert world.srv.admin("import-orders", str(csv_file)).startswith("orders: 0 created")
        assert pull_all(c, cursor)[0] == []
        order.address = "上海市静安区南京西路1号"
        csv_file.write_text(orders_to_csv([order]), encoding="utf-8")
        world.srv.admin("import-orders", str(csv_file))
        changed, _ = pull_all(c, cursor)
        assert [i["data"]["address"] for i in changed] == ["上海市静安区南京西路1号"]
    with world.client("bj01") as c:
        assert order.id not in {i["id"] for i in pull_all(c, limit=100)[0]}


def test_annotations_and_policy_flow_down(world: World) -> None:
    payload = world.plain_case()
    world.push("sh01", make_op(payload))
    with world.client("sh01") as c:
        _, cursor = pull_all(c, limit=100)
    with world.client("bj01") as c:
        _, bj_cursor = pull_all(c, limit=100)

    note = {"id": new_id(), "text": "同款近期质量投诉多，请拍清楚领口"}
    path = f"/v1/review/cases/{payload['case']['id']}/annotations"
    with world.client("lead_east") as c:
        r = c.post(path, json=note)
        assert r.status_code == 200 and r.json()["author_name"] == "East lead"
        assert c.post(path, json=note).status_code == 200  # same id, same text: idempotent
        r = c.post(path, json={**note, "text": "something else"})
        assert r.status_code == 409
    with world.client("lead_north") as c:
        assert c.post(path, json={"id": new_id(), "text": "x"}).status_code == 404

    policy = world.tmp / "policy.toml"
    policy.write_text("[windows]\nordinary_days = 7\nfresh_hours = 48\n", encoding="utf-8")
    world.srv.admin("set-policy", str(policy))

    with world.client("sh01") as c:
        new, _ = pull_all(c, cursor)
    kinds = [i["kind"] for i in new]
    assert kinds == ["annotation", "policy"]
    assert new[0]["data"]["case_no"] == payload["case"]["case_no"]
    assert new[1]["data"]["text"] == policy.read_text(encoding="utf-8")
    with world.client("bj01") as c:
        assert [i["kind"] for i in pull_all(c, bj_cursor)[0]] == ["policy"]


def test_a_cursor_the_feed_cannot_continue_gets_410(world: World) -> None:
    with world.client("sh01") as c:
        _, cursor = pull_all(c, limit=100)
        epoch, seq = cursor.split(".")
        r = c.get("/v1/changes", params={"cursor": f"{epoch}.{int(seq) + 1000}"})
        assert r.status_code == 410 and error_code(r) == "MUST_REFETCH"
        r = c.get("/v1/changes", params={"cursor": "garbage"})
        assert r.status_code == 400 and error_code(r) == "INVALID_CURSOR"

        world.srv.admin("reset-feed")  # e.g. after the centre was restored from a backup
        r = c.get("/v1/changes", params={"cursor": cursor})
        assert r.status_code == 410 and error_code(r) == "MUST_REFETCH"
        again, fresh = pull_all(c, "", limit=100)
        assert ("store", "SH01") in {(i["kind"], i["id"]) for i in again}
        assert fresh.split(".")[0] != epoch


# ---- concurrency, overload, lost replies ------------------------------------------------------


class Gate:
    """A request body that sends its first bytes, then waits until the test opens it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.started = threading.Event()
        self.open = threading.Event()

    def body(self) -> Iterator[bytes]:
        yield self.data[:100]
        self.started.set()
        self.open.wait(10)
        yield self.data[100:]


def test_one_push_per_device_at_a_time(world: World) -> None:
    op = make_op(world.plain_case())
    gate = Gate(json.dumps({"operations": [op]}).encode())
    answers: list[httpx.Response] = []

    def slow_push() -> None:
        with world.client("sh01") as c:
            answers.append(
                c.post(
                    "/v1/push", content=gate.body(), headers={"Content-Type": "application/json"}
                )
            )

    worker = threading.Thread(target=slow_push)
    worker.start()
    try:
        assert gate.started.wait(10)
        with world.client("sh01") as c:
            for _ in range(50):  # until the first push holds the lease
                r = c.post("/v1/push", json={"operations": []})
                if r.status_code == 409:
                    break
                time.sleep(0.05)
        assert r.status_code == 409 and error_code(r) == "PUSH_IN_PROGRESS"
        assert "retry-after" in r.headers
        # Another counter of the same store is not held up.
        assert world.push("sh01b", make_op(world.plain_case()))[0]["result"] == "applied"
    finally:
        gate.open.set()
        worker.join(15)
    assert answers[0].status_code == 200
    assert answers[0].json()["results"][0]["result"] == "applied"


def test_overload_gets_429_with_retry_after(world: World) -> None:
    photos = [fake_jpeg(1000) for _ in range(MAX_CONCURRENCY)]
    gates = [Gate(p) for p in photos]
    answers: list[httpx.Response] = []

    def slow_upload(photo: bytes, gate: Gate) -> None:
        with world.client("sh01") as c:
            answers.append(c.put(f"/v1/photos/{sha256(photo)}", content=gate.body()))

    workers = [
        threading.Thread(target=slow_upload, args=pg) for pg in zip(photos, gates, strict=True)
    ]
    for w in workers:
        w.start()
    try:
        assert all(g.started.wait(10) for g in gates)
        with world.client("sh01") as c:
            for _ in range(50):  # until the slow uploads hold every slot
                r = c.get("/v1/changes")
                if r.status_code == 429:
                    break
                time.sleep(0.05)
        assert r.status_code == 429 and error_code(r) == "OVERLOADED"
        assert r.headers["retry-after"] == "3"
        assert httpx.get(f"{world.srv.url}/v1/health").status_code == 200  # still alive
    finally:
        for g in gates:
            g.open.set()
        for w in workers:
            w.join(15)
    assert sorted(a.status_code for a in answers) == [200] * MAX_CONCURRENCY
    with world.client("sh01") as c:
        assert c.get("/v1/changes").status_code == 200


def raw_request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes
) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
    return sock


def test_a_lost_reply_then_retry_gets_duplicate(world: World) -> None:
    op = make_op(world.plain_case())
    body = json.dumps({"operations": [op]}).encode()
    headers = {
        **VERSION_HEADERS,
        "Authorization": f"Bearer {world.tokens['sh01']}",
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
    }
    sock = raw_request(world.srv.port, "POST", "/v1/push", headers, body)
    try:
        deadline = time.monotonic() + 10
        while not world.known("sh01b", op["entity_id"]) and time.monotonic() < deadline:
            time.sleep(0.02)  # the server has committed once the case is known
    finally:
        sock.close()  # …and the counter never reads the reply
    assert world.known("sh01b", op["entity_id"]) == [op["entity_id"]]

    with world.client("sh01") as c:
        for _ in range(100):
            r = c.post("/v1/push", json={"operations": [op]})
            if r.status_code != 409:  # the first request may still hold the lease
                break
            time.sleep(0.05)
    assert r.status_code == 200
    [res] = r.json()["results"]
    assert res["result"] == "duplicate" and res["reason"] == "OP_ALREADY_APPLIED"
    assert res["received_at"] is not None


def test_a_stalled_upload_is_dropped(world: World) -> None:
    photo = fake_jpeg(4000)
    headers = {
        **VERSION_HEADERS,
        "Authorization": f"Bearer {world.tokens['sh01']}",
        "Content-Type": "image/jpeg",
        "Content-Length": str(len(photo)),
    }
    started = time.monotonic()
    sock = raw_request(world.srv.port, "PUT", f"/v1/photos/{sha256(photo)}", headers, photo[:500])
    with sock:
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert b"REQUEST_STALLED" in reply
    assert time.monotonic() - started >= STALL_SECONDS * 0.9


def test_two_counters_racing_for_the_last_item(world: World) -> None:
    """Both counters of a store return the same single item at the same moment: the
    centre's ledger (row locks on PostgreSQL, one writer on SQLite) lets one through."""

    def push(who: str, op: dict[str, Any], start: threading.Barrier, out: list[Any]) -> None:
        with world.client(who) as c:
            start.wait(5)
            r = c.post("/v1/push", json={"operations": [op]})
        out.append(r.json()["results"][0])

    for _round in range(3):
        order = world.new_order(quantities=(1,))
        start = threading.Barrier(2)
        results: list[dict[str, Any]] = []
        workers = [
            threading.Thread(
                target=push, args=(who, make_op(world.case(order=order)), start, results)
            )
            for who in ("sh01", "sh01b")
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(15)
        outcomes = sorted((r["result"], r["reason"]) for r in results)
        assert outcomes == [("applied", None), ("rejected", "OVER_RETURN")]


def test_concurrent_writers_never_make_a_cursor_skip(world: World) -> None:
    """Feed numbers become visible in order: a counter pulling while leads write keeps
    up with every change by cursor alone (the advisory lock on PostgreSQL)."""
    # Two writers and one reader: within the server's four slots, so nobody gets a 429.
    cases = [world.plain_case() for _ in range(2)]
    world.push("sh01", *(make_op(p) for p in cases))
    with world.client("sh01") as c:
        _, cursor = pull_all(c, limit=100)
    written: list[str] = []
    done = threading.Event()

    def annotate(payload: dict[str, Any]) -> None:
        with world.client("lead_east") as c:
            for n in range(12):
                note = {"id": new_id(), "text": f"note {n}"}
                r = c.post(f"/v1/review/cases/{payload['case']['id']}/annotations", json=note)
                assert r.status_code == 200, r.text
                written.append(note["id"])

    seen: list[str] = []

    def follow() -> None:
        nonlocal cursor
        with world.client("sh01") as c:
            while True:
                finished = done.is_set()
                items, cursor = pull_all(c, cursor, limit=2)
                seen.extend(i["id"] for i in items if i["kind"] == "annotation")
                if finished:
                    return

    writers = [threading.Thread(target=annotate, args=(p,)) for p in cases]
    reader = threading.Thread(target=follow)
    reader.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join(30)
    done.set()
    reader.join(30)
    assert len(written) == 24
    assert sorted(seen) == sorted(written)
