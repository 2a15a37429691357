"""Helpers for the server tests: a real server process, fresh databases, wire payloads."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uuid_utils
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
PG_URL_ENV = "RETURNDESK_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")
GENESIS = "0" * 64

VERSION_HEADERS = {
    "X-ReturnDesk-Protocol": "1",
    "X-ReturnDesk-App-Version": "0.1.0-test",
    "X-ReturnDesk-Schema-Version": "0001_baseline",
}


def new_id() -> str:
    return str(uuid_utils.uuid7())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- databases ------------------------------------------------------------------------------


def _psycopg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def fresh_database(backend: str) -> Iterator[str | None]:
    """None for SQLite (the server's embedded file); for PostgreSQL a new, empty database
    (or schema, when the role may not create databases), dropped afterwards."""
    if backend == "sqlite":
        yield None
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need ${PG_URL_ENV} (e.g. from `bash scripts/postgres.sh | tail -1`)"
        )
    import psycopg

    name = f"rd_test_{secrets.token_hex(6)}"
    dsn = _psycopg_dsn(base)
    with psycopg.connect(dsn, autocommit=True) as conn:
        try:
            conn.execute(f'CREATE DATABASE "{name}"')
            kind = "database"
        except psycopg.errors.InsufficientPrivilege:
            conn.execute(f'CREATE SCHEMA "{name}"')
            kind = "schema"
    if kind == "database":
        url = make_url(base).set(database=name)
    else:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            if kind == "database":
                _drop_database(conn, name)
            else:
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@contextlib.contextmanager
def migrated_database(backend: str, tmp_path: Path, revision: str) -> Iterator[Any]:
    """A fresh central database (server.database.Database) brought to ``revision``."""
    from server.database import Database, default_sqlite_url, upgrade

    with fresh_database(backend) as url:
        database = Database(url or default_sqlite_url(tmp_path))
        try:
            upgrade(database, revision)
            yield database
        finally:
            database.dispose()


def _drop_database(conn: Any, name: str) -> None:
    """Drop a test database, ending its sessions. An autovacuum worker that has just
    started on it cannot be ended by a non-superuser role: it finishes in moments."""
    import psycopg

    for attempt in range(50):
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
            if attempt == 49:
                raise
            time.sleep(0.1)


# ---- the server process ---------------------------------------------------------------------


@dataclass
class ServerProcess:
    """``python -m server serve`` on 127.0.0.1 and a free port; stop() at teardown."""

    data_dir: Path
    database_url: str | None
    extra_args: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir.parent / f"server-{self.data_dir.name}.log"

    def db_args(self) -> list[str]:
        args = ["--data-dir", str(self.data_dir)]
        if self.database_url:
            args += ["--database-url", self.database_url]
        return args

    def start(self, timeout: float = 30.0) -> ServerProcess:
        self.port = free_port()
        cmd = [sys.executable, "-m", "server", "serve", *self.db_args(), "--port", str(self.port)]
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [*cmd, *self.extra_args], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}:\n{self.log_text()}")
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not become healthy:\n{self.log_text()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def client(self, token: str | None = None, **headers: str) -> httpx.Client:
        merged = dict(VERSION_HEADERS)
        if token:
            merged["Authorization"] = f"Bearer {token}"
        merged.update(headers)
        return httpx.Client(base_url=self.url, headers=merged, timeout=20.0)

    def admin(self, *args: str) -> str:
        """An admin command, in this process (cheap), through the real CLI parser."""
        from server.__main__ import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["admin", *args, *self.db_args()])
        if code != 0:
            raise AssertionError(f"admin {args} exited {code}: {err.getvalue()}")
        return out.getvalue().strip()

    def admin_process(self, *args: str) -> subprocess.CompletedProcess[str]:
        """An admin command as its own process, exactly as an operator runs it."""
        return subprocess.run(
            [sys.executable, "-m", "server", "admin", *args, *self.db_args()],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )


# ---- orders ---------------------------------------------------------------------------------


@dataclass
class Line:
    line_no: int
    sku: str
    name: str
    category: str
    quantity: int
    unit_price_cents: int
    id: str = field(default_factory=new_id)


@dataclass
class Order:
    order_no: str
    store_code: str
    lines: list[Line]
    customer_name: str = "王芳"
    phone: str = "13800005678"
    address: str = "上海市浦东新区世纪大道100号"
    payment_method: str = "alipay"
    ordered_at: str = "2026-11-20T10:15:00+08:00"
    delivered_at: str | None = "2026-11-22T16:40:00"  # naive: the store's time zone
    id: str = field(default_factory=new_id)


def sample_order(order_no: str, store_code: str, quantities: tuple[int, ...] = (2, 1)) -> Order:
    names = [("羊毛衫 M 灰色", "ordinary", 29900), ("保温杯", "ordinary", 8900)]
    lines = [
        Line(i + 1, f"SKU-{order_no[-4:]}-{i + 1}", names[i % 2][0], names[i % 2][1], q,
             names[i % 2][2])
        for i, q in enumerate(quantities)
    ]  # fmt: skip
    return Order(order_no=order_no, store_code=store_code, lines=lines)


def orders_to_csv(orders: list[Order]) -> str:
    import csv

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        ["order_no", "order_id", "store_code", "customer_name", "phone", "address",
         "payment_method", "ordered_at", "delivered_at", "line_no", "line_id", "sku",
         "item_name", "category", "quantity", "unit_price_cents"]
    )  # fmt: skip
    for o in orders:
        for ln in o.lines:
            w.writerow(
                [o.order_no, o.id, o.store_code, o.customer_name, o.phone, o.address,
                 o.payment_method, o.ordered_at, o.delivered_at or "", ln.line_no, ln.id,
                 ln.sku, ln.name, ln.category, ln.quantity, ln.unit_price_cents]
            )  # fmt: skip
    return out.getvalue()


def orders_to_json(orders: list[Order]) -> str:
    doc = [
        {
            "id": o.id,
            "order_no": o.order_no,
            "store_code": o.store_code,
            "customer_name": o.customer_name,
            "phone": o.phone,
            "address": o.address,
            "payment_method": o.payment_method,
            "ordered_at": o.ordered_at,
            "delivered_at": o.delivered_at,
            "lines": [
                {
                    "id": ln.id,
                    "line_no": ln.line_no,
                    "sku": ln.sku,
                    "name": ln.name,
                    "category": ln.category,
                    "quantity": ln.quantity,
                    "unit_price_cents": ln.unit_price_cents,
                }
                for ln in o.lines
            ],
        }
        for o in orders
    ]
    return json.dumps({"orders": doc}, ensure_ascii=False)


# ---- wire payloads (the shape of db.wire.case_to_wire) -------------------------------------


def _event_hash(
    prev: str, case_id: str, seq: int, at: str, staff_id: str, action: str, detail: dict[str, Any]
) -> str:
    # The counter's chain (core.audit.event_hash), rebuilt here so tests stay off core/.
    canonical = json.dumps(
        {"case_id": case_id, "seq": seq, "at": at, "staff_id": staff_id, "action": action,
         "detail": detail},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )  # fmt: skip
    return hashlib.sha256((prev + canonical).encode()).hexdigest()


def make_case_payload(
    store_code: str,
    staff_id: str,
    order: Order | None = None,
    items: list[tuple[Line, int]] | None = None,
    photos: list[bytes] | None = None,
    case_no: str | None = None,
    **case_fields: Any,
) -> dict[str, Any]:
    """A finalised case in wire format, with a valid audit hash chain."""
    case_id = new_id()
    now = datetime.now(UTC).replace(microsecond=0)
    created = now - timedelta(minutes=20)
    items = items or []
    refund = sum(line.unit_price_cents * qty for line, qty in items)
    case: dict[str, Any] = {
        "id": case_id,
        "case_no": case_no or f"{store_code}-{now:%Y%m%d}-{secrets.randbelow(9999) + 1:04d}",
        "store_code": store_code,
        "staff_id": staff_id,
        "status": "finalised",
        "channel": "counter",
        "customer_words": "领口开线了，才穿了一次",
        "emotion": "upset",
        "priority": "normal",
        "urgent_goods": False,
        "sla_minutes": 15,
        "requester_name": "王芳",
        "is_proxy": False,
        "proxy_relationship": "",
        "order_id": order.id if order else None,
        "identity_status": "verified",
        "flags": {},
        "reason_category": "quality",
        "stated_reason": "领口开线",
        "real_reason": "",
        "packaging_kept": True,
        "tags_intact": True,
        "seal_intact": True,
        "signs_of_use": False,
        "condition_notes": "",
        "resolution": "refund",
        "refund_cents": refund,
        "refund_method": "original",
        "resolution_notes": "",
        "created_at": created.isoformat(),
        "first_response_due_at": (created + timedelta(minutes=15)).isoformat(),
        "first_response_at": (created + timedelta(minutes=2)).isoformat(),
        "finalised_at": now.isoformat(),
        "follow_up_on": None,
    }
    case.update(case_fields)
    photo_rows = [
        {"id": new_id(), "sha256": hashlib.sha256(p).hexdigest(), "byte_size": len(p),
         "caption": f"photo {i + 1}"}
        for i, p in enumerate(photos or [])
    ]  # fmt: skip
    audit = []
    prev = GENESIS
    steps = [
        ("opened", created, {"channel": "counter"}),
        ("first_response", created + timedelta(minutes=2), {}),
        ("finalised", now, {"resolution": "refund", "refund_cents": refund}),
    ]
    for seq, (action, at, detail) in enumerate(steps, start=1):
        at_text = at.isoformat()
        h = _event_hash(prev, case_id, seq, at_text, staff_id, action, detail)
        audit.append(
            {"id": new_id(), "seq": seq, "at": at_text, "staff_id": staff_id, "action": action,
             "detail": detail, "prev_hash": prev, "hash": h}
        )  # fmt: skip
        prev = h
    return {
        "wire_version": 1,
        "case": case,
        "items": [
            {"id": new_id(), "order_line_id": line.id, "quantity": qty} for line, qty in items
        ],
        "photos": photo_rows,
        "audit": audit,
    }


def make_op(payload: dict[str, Any], op_id: str | None = None) -> dict[str, Any]:
    """An outbox row as the counter pushes it (db.models.OutboxEntry)."""
    return {
        "op_id": op_id or new_id(),
        "entity": "return_case",
        "entity_id": payload["case"]["id"],
        "operation": "finalise",
        "created_at": payload["case"]["finalised_at"],
        "payload": payload,
    }


def fake_jpeg(size: int = 2048, seed: int | None = None) -> bytes:
    """Bytes that start like a JPEG; the server checks the magic and the hash, not pixels."""
    body = (
        secrets.token_bytes(size) if seed is None else hashlib.sha256(str(seed).encode()).digest()
    )
    return b"\xff\xd8\xff\xe0" + body * (1 if seed is None else max(1, size // 32))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- shared set-up for fuzzing and benchmarks ------------------------------------------------


def enrol_counter(srv: ServerProcess, store: str, name: str = "counter") -> str:
    """A counter's device token, enrolled over HTTP with a fresh one-time code."""
    code = srv.admin("create-enrolment-code", "--store", store)
    with srv.client() as c:
        r = c.post("/v1/enrol", json={"code": code, "device_name": name})
    if r.status_code != 200:
        raise AssertionError(f"enrol {store}: {r.status_code} {r.text}")
    return str(r.json()["token"])


def import_orders(srv: ServerProcess, orders: list[Order], path: Path) -> None:
    """Import ``orders`` through the admin CLI (JSON file at ``path``)."""
    path.write_text(orders_to_json(orders), encoding="utf-8")
    srv.admin("import-orders", str(path))


def server_errors(log: str) -> list[str]:
    """The exception lines ("ValueError: …") of the tracebacks in a server log, in order."""
    found: list[str] = []
    in_traceback = False
    for line in log.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif (
            in_traceback
            and line
            and not line[0].isspace()
            and not line.startswith(("The above exception", "During handling"))
        ):
            found.append(line)
            in_traceback = False
    return found


@contextlib.contextmanager
def served(
    backend: str, data_dir: Path, extra_args: list[str] | None = None
) -> Iterator[ServerProcess]:
    """A real server process on a fresh database; afterwards its log must hold no traceback."""
    with fresh_database(backend) as url:
        srv = ServerProcess(data_dir, url, extra_args=extra_args or []).start()
        try:
            yield srv
        finally:
            srv.stop()
    log = srv.log_text()
    assert "Traceback" not in log, log[-4000:]
