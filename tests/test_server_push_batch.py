"""A push batch is applied in one transaction, with the answers of one operation at a time;
a cached token never lets a revoked device write.

PushService.push decides every operation of a batch in order from what one round of
look-ups found plus what the batch itself stored so far, then writes it all with bulk
inserts and one commit. These tests hold it to the slow path it replaced (PushService.apply,
one transaction per operation): the same batch, on twin databases, gives the same answers
and leaves the same rows, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from db.central import (
    ReceivedAuditEvent,
    ReceivedCase,
    ReceivedItem,
    ReceivedPhoto,
    SyncOperation,
)
from server import admin
from server.auth import Principal
from server.database import Database, bulk_insert, default_sqlite_url, upgrade
from server.push import PushService, canonical_hash, canonical_json, operation_hash
from server.schemas import OperationResult, PushOperation
from tests.server_support import (
    BACKENDS,
    ServerProcess,
    enrol_counter,
    fake_jpeg,
    fresh_database,
    make_case_payload,
    make_op,
    new_id,
    orders_to_json,
    sample_order,
)

SH01 = Principal(device_id=new_id(), kind="counter", name="c1", store_code="SH01", region="East")


@contextlib.contextmanager
def central(backend: str, folder: Path) -> Iterator[Database]:
    """A migrated central database with stores SH01 (East) and BJ01 (North)."""
    with fresh_database(backend) as url:
        folder.mkdir(parents=True)
        database = Database(url or default_sqlite_url(folder))
        try:
            upgrade(database)
            admin.create_store(database, "SH01", "上海一店", "East", "Asia/Shanghai")
            admin.create_store(database, "BJ01", "北京一店", "North", "Asia/Shanghai")
            yield database
        finally:
            database.dispose()


def seed(database: Database, orders: list[Any], folder: Path) -> None:
    path = folder / "orders.json"
    path.write_text(orders_to_json(orders), encoding="utf-8")
    admin.import_order_file(database, path)


def as_ops(*ops: dict[str, Any]) -> list[PushOperation]:
    return [PushOperation.model_validate(op) for op in ops]


def answers(results: list[OperationResult]) -> list[tuple[Any, ...]]:
    """What a counter reads from a result; received_at only as there or not (two
    databases stamp their own times)."""
    return [
        (r.op_id, r.result, r.reason, r.message, r.entity_id, r.missing_photos,
         r.received_at is None)
        for r in results
    ]  # fmt: skip


def stored(database: Database) -> dict[str, Any]:
    with database.read() as s:
        return {
            "cases": sorted(s.execute(select(ReceivedCase.id, ReceivedCase.payload_hash)).all()),
            "payloads": {
                case_id: payload
                for case_id, payload in s.execute(select(ReceivedCase.id, ReceivedCase.payload))
            },
            "facts": sorted(
                s.execute(
                    select(
                        ReceivedCase.id,
                        ReceivedCase.sla_breached,
                        ReceivedCase.goodwill,
                        ReceivedCase.search_text,
                    )
                ).all()
            ),
            "returned": sorted(
                s.execute(
                    select(ReceivedItem.order_line_id, func.sum(ReceivedItem.quantity)).group_by(
                        ReceivedItem.order_line_id
                    )
                ).all()
            ),
            "children": sorted(
                [*s.scalars(select(ReceivedItem.id)), *s.scalars(select(ReceivedPhoto.id))]
                + list(s.scalars(select(ReceivedAuditEvent.id)))
            ),
            "ops": sorted(
                s.execute(
                    select(
                        SyncOperation.op_id,
                        SyncOperation.result,
                        SyncOperation.reason,
                        SyncOperation.payload_hash,
                    )
                ).all()
            ),
        }


def a_mixed_batch(staff: str, orders: list[Any]) -> list[dict[str, Any]]:
    """Every kind of answer, several depending on what an earlier operation stored."""
    order, other = orders
    sweater = order.lines[0]  # two bought (and three of the other line)

    def case(**kw: Any) -> dict[str, Any]:
        return make_case_payload("SH01", staff, order, [(sweater, 1)], **kw)

    first = case()
    first_op = make_op(first)
    second = case()
    edited = json.loads(json.dumps(first))
    edited["case"]["resolution_notes"] = "edited afterwards"
    reused = json.loads(json.dumps(first_op))
    reused["payload"]["case"]["resolution_notes"] = "edited afterwards"
    borrowed = make_case_payload("SH01", staff, order, [(order.lines[1], 1)])
    borrowed["items"][0]["id"] = first["items"][0]["id"]
    unknown_order = case()
    unknown_order["case"]["order_id"] = new_id()
    draft = make_op(case(status="draft"))
    foreign = make_op(make_case_payload("BJ01", staff, other, [(other.lines[0], 1)]))
    not_a_number = make_op(case())
    not_a_number["payload"]["case"]["flags"] = {"score": float("nan")}
    nul = make_op(case())
    nul["payload"]["case"]["condition_notes"] = "a\x00b"
    photo = fake_jpeg(2048, seed=7)
    with_photo = make_case_payload(
        "SH01", staff, order, [(order.lines[1], 1)], photos=[photo]
    )  # its blob was never uploaded
    return [
        first_op,
        first_op,  # the same op twice in one batch: the second is a replay
        make_op(first),  # same case, new op id: already stored
        make_op(edited),  # same case, other content: a finalised case never changes
        make_op(second),  # the last sweater: fits
        make_op(case()),  # one sweater too many, counting the batch's own cases
        make_op(borrowed),  # an item id of an earlier case
        make_op(unknown_order),
        draft,
        draft,  # a stored rejection, replayed
        foreign,  # another store's case: refused, not recorded
        foreign,
        not_a_number,
        nul,
        reused,  # an op id used before with other content
        make_op(with_photo),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_batch_answers_and_stores_like_one_op_at_a_time(backend: str, tmp_path: Path) -> None:
    orders = [
        sample_order("SH2611260001", "SH01", quantities=(2, 3)),
        sample_order("BJ2611260001", "BJ01"),
    ]
    with (
        central(backend, tmp_path / "batch") as together,
        central(backend, tmp_path / "alone") as alone,
    ):
        staff = admin.create_staff(together, "SH01", "李娜", "clerk", "1234")
        for database in (together, alone):
            seed(database, orders, tmp_path)
        raw = a_mixed_batch(staff, orders)
        batch = PushService(together).apply_batch(SH01, as_ops(*raw))
        one_by_one = [PushService(alone).apply(SH01, op) for op in as_ops(*raw)]

        assert answers(batch) == answers(one_by_one)
        assert [(r.result, r.reason) for r in batch] == [
            ("applied", None),
            ("duplicate", "OP_ALREADY_APPLIED"),
            ("duplicate", "CASE_ALREADY_STORED"),
            ("rejected", "CASE_IS_FINAL"),
            ("applied", None),
            ("rejected", "OVER_RETURN"),
            ("rejected", "INVALID_PAYLOAD"),
            ("rejected", "UNKNOWN_ORDER"),
            ("rejected", "CASE_NOT_FINAL"),
            ("rejected", "CASE_NOT_FINAL"),
            ("rejected", "FORBIDDEN_STORE"),
            ("rejected", "FORBIDDEN_STORE"),
            ("rejected", "INVALID_PAYLOAD"),
            ("rejected", "INVALID_PAYLOAD"),
            ("rejected", "OP_ID_REUSED"),
            ("applied", None),
        ]
        assert "2 bought, 2 already returned" in (batch[5].message or "")
        assert batch[-1].missing_photos == [raw[-1]["payload"]["photos"][0]["sha256"]]
        assert batch[1].received_at == batch[0].received_at == batch[2].received_at
        assert stored(together) == stored(alone)
        # The stored payload is the JSON value pushed, whatever text it was kept as.
        assert stored(together)["payloads"][raw[0]["entity_id"]] == raw[0]["payload"]

        # Everything again: every answer is now a replay, on both sides alike.
        again = PushService(together).apply_batch(SH01, as_ops(*raw))
        again_alone = [PushService(alone).apply(SH01, op) for op in as_ops(*raw)]
        assert answers(again) == answers(again_alone)
        assert stored(together) == stored(alone)


def test_the_op_hash_is_the_canonical_hash_of_the_op() -> None:
    """operation_hash splices the payload's canonical text in; the hashes stored before it
    (canonical_hash of the whole op) must still match, or every retry would be refused."""
    payload = make_case_payload("SH01", new_id())
    payload["case"]["customer_words"] = 'quote " backslash \\ tab \t 引号「」 emoji 😀 \u2028'
    payload["case"]["flags"] = {"z": 1, "a": [1.5, None, True], "é": {"b": 2, "a": 1}}
    for entity, operation in (("return_case", "finalise"), ('odd "name"', "änderung\n")):
        op = PushOperation.model_validate(
            {**make_op(payload), "entity": entity, "operation": operation}
        )
        whole = {
            "entity": op.entity,
            "entity_id": op.entity_id,
            "operation": op.operation,
            "payload": op.payload,
        }
        assert operation_hash(op, canonical_json(op.payload)) == canonical_hash(whole)


def test_bulk_insert_refuses_to_skip_a_python_default(tmp_path: Path) -> None:
    """The fast insert does not run Python-side column defaults: leaving such a column
    out is an error, never a row with the default silently missing."""
    with (
        central("sqlite", tmp_path / "c") as database,
        database.write() as s,
        pytest.raises(ValueError, match="sla_breached"),
    ):
        bulk_insert(s, ReceivedCase, [{"id": new_id(), "payload": {}}])


def test_a_value_the_database_refuses_is_answered_alone(tmp_path: Path) -> None:
    """The batch is written at once; when the database refuses it (here a trigger refusing
    one case number, as PostgreSQL refuses a value it cannot store), nothing of it stays
    and it is applied again one operation at a time: the culprit is refused, the rest
    stored."""
    order = sample_order("SH2611260002", "SH01", quantities=(5, 5))
    with central("postgresql", tmp_path / "c") as database:
        seed(database, [order], tmp_path)
        staff = admin.create_staff(database, "SH01", "李娜", "clerk", "1234")
        with database.write() as s:
            s.execute(
                text(
                    "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN "
                    "IF NEW.case_no = 'BOOM' THEN "
                    "RAISE EXCEPTION 'cannot store' USING ERRCODE = '22000'; END IF; "
                    "RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            s.execute(
                text(
                    "CREATE TRIGGER refuse_boom BEFORE INSERT ON return_case "
                    "FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
                )
            )
        ops = [
            make_op(make_case_payload("SH01", staff, order, [(order.lines[0], 1)], case_no=no))
            for no in ("SH01-A", "BOOM", "SH01-C")
        ]
        results = PushService(database).apply_batch(SH01, as_ops(*ops))
        assert [(r.result, r.reason) for r in results] == [
            ("applied", None),
            ("rejected", "INVALID_PAYLOAD"),
            ("applied", None),
        ]
        assert results[1].message == "The server cannot store this case."
        with database.read() as s:
            assert sorted(s.scalars(select(ReceivedCase.case_no))) == ["SH01-A", "SH01-C"]


def test_a_revoked_device_writes_nothing_even_while_its_token_is_cached(tmp_path: Path) -> None:
    """The gate believes a valid token for a few seconds (no database read per request);
    every write checks revocation again in its own transaction."""
    srv = ServerProcess(tmp_path / "data", None).start()
    try:
        srv.admin("create-store", "SH01", "--name", "上海一店", "--region", "East")
        token = enrol_counter(srv, "SH01", "to be stolen")
        device_id = next(
            line.split()[0] for line in srv.admin("list-devices").splitlines() if "stolen" in line
        )
        photo = fake_jpeg(4096, seed=11)
        digest = hashlib.sha256(photo).hexdigest()
        with srv.client(token) as c:
            assert c.get("/v1/changes").status_code == 200  # the token is cached now
            srv.admin("revoke-device", device_id)
            r = c.put(f"/v1/photos/{digest}", content=photo)
            assert r.status_code == 401 and r.json()["error"]["code"] == "TOKEN_REVOKED"
            r = c.post("/v1/push", json={"operations": []})
            assert r.status_code == 401 and r.json()["error"]["code"] == "TOKEN_REVOKED"
        assert not (srv.data_dir / "photos" / digest[:2] / f"{digest}.jpg").exists()
    finally:
        srv.stop()
