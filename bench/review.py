"""Review benchmark (issue #6): server time of typical pages over 1,000,000 cases.

Run: .venv/bin/python bench/review.py [--cases 1000000] [--backends postgresql,sqlite]
                                      [--database-url postgresql+psycopg://user:pw@host/db]
                                      [--rounds 20] [--keep] [--reuse] [--explain]
                                      [--only dashboard,options]

1. Makes a database per backend and brings it to the current schema with the server's own
   migrations: on PostgreSQL a database ``rd_bench_review_<cases>`` on the given server
   (default ``$RETURNDESK_TEST_PG_URL``), on SQLite ``<tmp>/rd-bench-review-<cases>/``.
   Without ``--keep`` both are dropped afterwards; ``--reuse`` measures an existing,
   completely loaded one again (it is upgraded first, and the upgrade is timed: that is
   how migrations with a backfill are measured on a big database).
2. Loads synthetic data in bulk (PostgreSQL ``COPY``, SQLite ``executemany`` in large
   transactions; secondary indexes and foreign keys are dropped for the load and rebuilt
   from their own definitions afterwards): 3 regions, 50 stores, 250 staff, one order per
   case (95 % of cases; 1-3 lines, 300,000 customers), cases spread over the past year in
   time order with a realistic mix of reasons, resolutions, channels, SLA misses (about
   8 %), identity overrides (2 %), supervisor approvals (about 8 %), customer words in
   Chinese and English, returned items, audit trails (opened, first response, approvals,
   finalised; hashes are well-formed but not a valid chain: nothing here checks them) and
   annotations on 2 % of the cases. No photos. Derived columns the current schema may have
   on ``return_case`` are filled by ``server.case_facts.facts`` (when it exists), exactly
   as push fills them. PostgreSQL gets ``VACUUM ANALYZE`` after the load (autovacuum's
   job on a live server); SQLite gets nothing the server would not do itself.
3. Starts the real service (``python -m server serve``) on each database and asks, as the
   East regional lead (20 stores, about 40 % of the cases), for typical pages of
   ``GET /v1/review/cases``, for the dashboard (``GET /v1/review/dashboard``: the region, a
   reason, a store and 30 days) and for the filter options (``GET /v1/review/options``). SERVER TIME is the ``Server-Timing: app;dur=`` the service
   adds to every answer (server/timing.py: from the request reaching the app, before the
   token check, to the answer's headers leaving it); the loopback round trip is printed
   next to it. Each page type is asked for once, unmeasured, first (warm caches: this is
   the steady state of a server, not its first minute).
4. Raw baseline, same run: the SQL statements the endpoint issues for each request
   (captured by calling ``server.review.list_cases`` — ``server.dashboard.dashboard``,
   ``server.review.options`` — in this process, with the same parameters; that run also
   warms the caches) executed again directly with the driver
   (psycopg / sqlite3), rows fetched, same rounds. The token lookup the server also does
   is not part of the baseline.

Prints p50/p95 per page type for each backend, the ratio server/raw (p50), and whether the
target (p95 < 50 ms on PostgreSQL, for the list's pages) is met; the dashboard and options
have their own aim (p95 < 1 s). For the dashboard "matches (rows)" is the cases it counts
(stores); for the options the reasons offered (resolutions). Exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

import uuid_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 50.0
AIM_SUMMARY_P95_MS = 1000.0  # the dashboard and the options: whole-region summaries
LEAD_REGION = "East"
CHUNK = 20_000
LOADED_KEY = "bench_review_cases"  # server_meta: set once a load has completed

# ---- the synthetic world --------------------------------------------------------------------

REGIONS = {  # region: (city prefix, city name, stores)
    "East": (("SH", "上海", 12), ("HZ", "杭州", 8)),
    "North": (("BJ", "北京", 10), ("TJ", "天津", 5)),
    "South": (("GZ", "广州", 9), ("SZ", "深圳", 6)),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["芳", "娜", "伟", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平"]
REASONS = [  # (reason, weight)
    ("quality", 30), ("size_colour", 20), ("logistics", 12), ("changed_mind", 12),
    ("not_as_described", 10), ("wrong_item", 8), ("missing_parts", 5), ("other", 3),
]  # fmt: skip
RESOLUTIONS = [
    ("refund", 55), ("exchange", 20), ("replacement", 8), ("store_credit", 8),
    ("decline_goodwill", 5), ("repair", 4),
]  # fmt: skip
CHANNELS = [("counter", 60), ("phone", 15), ("app_chat", 15), ("video_comment", 5), ("other", 5)]
EMOTIONS = [("calm", 50), ("anxious", 20), ("upset", 22), ("angry", 8)]
APPROVALS = [  # (reason, share of cases)
    ("outside_window", 0.03), ("not_resaleable", 0.02), ("refund_above_limit", 0.02),
    ("goodwill_above_budget", 0.01),
]  # fmt: skip
PRODUCTS = [  # (name, category, price in cents)
    ("羊毛衫 M 灰色", "ordinary", 29900), ("保温杯 500ml", "ordinary", 8900),
    ("运动鞋 42", "ordinary", 45900), ("牛仔裤 30", "ordinary", 19900),
    ("蓝牙耳机", "electronics", 39900), ("电动牙刷", "electronics", 25900),
    ("充电宝 20000mAh", "electronics", 15900), ("平板电脑 11寸", "electronics", 299900),
    ("纯棉内衣套装", "underwear", 12900), ("有机牛奶 1L", "fresh", 1590),
    ("进口车厘子 2斤", "fresh", 12800), ("维生素C片", "medicine", 6800),
    ("儿童羽绒服 120", "ordinary", 39900), ("不粘锅 28cm", "ordinary", 16900),
    ("Wool scarf", "ordinary", 15900), ("USB-C cable 2m", "electronics", 4900),
]  # fmt: skip
WORDS_ZH = [
    "领口开线了，才穿了一次", "拉链坏了，拉不上", "尺码偏小，穿不上", "颜色和图片不一样",
    "收到的时候包装破了", "少了一个配件", "发错货了，我买的是黑色", "洗一次就褪色了",
    "快递太慢，已经不需要了", "屏幕有坏点", "充电器无法充电", "鞋底开胶了", "保温杯不保温",
    "买重复了，想退掉", "有很大的异味", "电池鼓包，很危险", "裤子太长了", "衣服起球严重",
    "说明书看不懂，不会用", "牛奶过期了", "耳机左边没有声音", "孩子不喜欢这个颜色",
]  # fmt: skip
WORDS_EN = [
    "The zipper broke after two days", "Wrong size, too small", "Colour does not match the photo",
    "Box was damaged on arrival", "Missing the charging cable", "Screen has dead pixels",
    "Changed my mind, never used it", "Stitching came apart at the collar",
    "Battery drains too fast", "Received the wrong item", "It smells strange",
    "The heel came off", "The lid leaks", "Arrived too late for the gift",
    "Left earbud has no sound", "Pilling after one wash",
]  # fmt: skip
NOTES = ["", "", "", "包装完整", "吊牌已剪", "有使用痕迹", "tags removed", "box opened, unused"]
# What the search page looks for: words customers use, in both languages.
SEARCH_TERMS = ["拉链", "zipper", "起球", "dead pixels", "异味", "charging cable", "褪色"]


_CUMULATIVE: dict[int, tuple[list[str], list[float]]] = {}


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    key = id(weighted)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = ([w for w, _ in weighted], list(accumulate(n for _, n in weighted)))
    names, cumulative = _CUMULATIVE[key]
    return names[bisect(cumulative, rng.random() * cumulative[-1])]


@dataclass
class World:
    stores: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, region
    store_weights: list[float] = field(default_factory=list)
    clerks: dict[str, list[str]] = field(default_factory=dict)
    supervisors: dict[str, list[str]] = field(default_factory=dict)
    staff_rows: list[tuple[str, str, str, str]] = field(default_factory=list)


def make_world(rng: random.Random) -> World:
    world = World()
    for region, cities in REGIONS.items():
        for prefix, city, count in cities:
            for n in range(1, count + 1):
                code = f"{prefix}{n:02d}"
                world.stores.append((code, f"{city}{n}店", region))
                world.store_weights.append(rng.uniform(0.5, 2.0))
    for code, _name, _region in world.stores:
        world.clerks[code], world.supervisors[code] = [], []
        for role in ("clerk", "clerk", "clerk", "clerk", "supervisor"):
            sid = _uuid(rng)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
            (world.clerks if role == "clerk" else world.supervisors)[code].append(sid)
            world.staff_rows.append((sid, code, name, role))
    return world


def _uuid(_rng: random.Random, at: float | None = None) -> str:
    """A UUIDv7 (time-ordered, like the counter's ids) at ``at`` (epoch seconds)."""
    if at is None:
        return str(uuid_utils.uuid7())
    return str(uuid_utils.uuid7(nanoseconds=int(at * 1e9)))


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat()


@dataclass
class Chunk:
    cases: list[dict[str, Any]] = field(default_factory=list)
    orders: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    notes: list[tuple[Any, ...]] = field(default_factory=list)
    case_rows: dict[tuple[str, ...], list[tuple[Any, ...]]] = field(default_factory=dict)


ORDER_COLS = ("id", "order_no", "store_code", "customer_id", "customer_name", "phone", "address",
              "payment_method", "ordered_at", "delivered_at", "total_cents", "updated_at")  # fmt: skip
LINE_COLS = ("id", "order_id", "line_no", "sku", "name", "category", "quantity", "unit_price_cents")
# The item keeps its order line's SKU and its case's store, reason and finalisation (0005).
ITEM_COLS = ("id", "case_id", "order_line_id", "quantity", "sku", "store_code",
             "reason_category", "finalised_at")  # fmt: skip
EVENT_COLS = ("id", "case_id", "seq", "at", "staff_id", "action", "detail", "prev_hash", "hash")
NOTE_COLS = ("id", "case_id", "author_device_id", "author_name", "verdict", "text", "created_at")
CASE_COLS = ("id", "case_no", "store_code", "staff_id", "order_id", "status", "channel",
             "priority", "identity_status", "reason_category", "resolution", "refund_cents",
             "created_at", "finalised_at", "received_at", "device_id", "op_id", "payload_hash",
             "payload")  # fmt: skip


def generate(n_cases: int, world: World, seed: int = 6) -> Iterator[Chunk]:
    """The cases in finalising order, ``CHUNK`` at a time, with their orders and children."""
    rng = random.Random(seed)
    end = datetime.now(UTC).replace(microsecond=0)
    first_day = (end - timedelta(days=365)).replace(hour=0, minute=0, second=0).timestamp()
    # Finalising times: a day of the past year, shop hours (10:00-21:00 in Shanghai).
    times = sorted(
        first_day + rng.randrange(366) * 86400 + 7200 + rng.random() * 39600 for _ in range(n_cases)
    )
    lead_device = _uuid(rng)
    counters = {code: _uuid(rng) for code, _n, _r in world.stores}
    numbers: dict[tuple[str, str], int] = {}
    codes = [s[0] for s in world.stores]
    store_cumulative = list(accumulate(world.store_weights))
    chunk = Chunk()
    for i, t in enumerate(times):
        finalised = datetime.fromtimestamp(min(t, end.timestamp()), UTC).replace(microsecond=0)
        store = codes[bisect(store_cumulative, rng.random() * store_cumulative[-1])]
        clerk = rng.choice(world.clerks[store])
        supervisor = rng.choice(world.supervisors[store])
        created = finalised - timedelta(minutes=rng.uniform(5, 60))
        case_id = _uuid(rng, created.timestamp())
        day = finalised.strftime("%Y%m%d")
        numbers[(store, day)] = numbers.get((store, day), 0) + 1
        case_no = f"{store}-{day}-{numbers[(store, day)]:04d}"
        priority = "urgent" if rng.random() < 0.05 else "high" if rng.random() < 0.15 else "normal"
        sla = 5 if priority == "urgent" else 15
        due = created + timedelta(minutes=sla)
        r = rng.random()
        responded = (
            None
            if r < 0.03
            else min(finalised, created + timedelta(minutes=rng.expovariate(1 / 5.5)))
        )
        reason = pick(rng, REASONS)
        resolution = pick(rng, RESOLUTIONS)
        overridden = rng.random() < 0.02
        # The order and what comes back from it.
        order_id, items, refund = None, [], 0
        if rng.random() < 0.95:
            order_id = _uuid(rng, (created - timedelta(days=rng.uniform(1, 40))).timestamp())
            ordered = created - timedelta(days=rng.uniform(1, 40))
            customer = rng.randrange(300_000)
            lines = []
            for line_no in range(1, rng.choice((1, 1, 1, 2, 2, 3)) + 1):
                name, category, price = rng.choice(PRODUCTS)
                line_id = _uuid(rng, ordered.timestamp())
                qty = rng.choice((1, 1, 1, 2))
                sku = f"SKU-{abs(hash(name)) % 99999:05d}"
                lines.append((line_id, qty, price, sku))
                chunk.lines.append(
                    (line_id, order_id, line_no, sku, name, category, qty, price)
                )  # fmt: skip
            chunk.orders.append(
                (order_id, f"{store}{ordered:%y%m%d}{i:08d}", store, f"C{customer:07d}",
                 rng.choice(SURNAMES) + rng.choice(GIVEN), f"138{customer:08d}",
                 f"{store} 区 {customer % 500} 号", rng.choice(("alipay", "wechat", "card")),
                 ordered.replace(tzinfo=None), (ordered + timedelta(days=2)).replace(tzinfo=None),
                 sum(q * p for _l, q, p, _s in lines), ordered.replace(tzinfo=None))
            )  # fmt: skip
            for line_id, qty, price, sku in rng.sample(lines, rng.randint(1, len(lines))):
                items.append((_uuid(rng, created.timestamp()), line_id, qty, sku))
                refund += qty * price
        if resolution in ("exchange", "replacement", "repair", "decline_goodwill"):
            refund = 0
        words = WORDS_ZH if rng.random() < 0.65 else WORDS_EN
        customer_words = "，".join(rng.sample(words, rng.choice((1, 1, 2))))
        if rng.random() < 0.3:
            customer_words += f"（买了{rng.randint(2, 60)}天）"
        approvals = [a for a, share in APPROVALS if rng.random() < share]
        if overridden:
            approvals.insert(0, "identity_override")
        case = {
            "id": case_id, "case_no": case_no, "store_code": store, "staff_id": clerk,
            "status": "finalised", "channel": pick(rng, CHANNELS),
            "customer_words": customer_words, "emotion": pick(rng, EMOTIONS),
            "priority": priority, "urgent_goods": priority == "urgent", "sla_minutes": sla,
            "requester_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "is_proxy": False, "proxy_relationship": "", "order_id": order_id,
            "identity_status": "overridden" if overridden else "verified", "flags": {},
            "reason_category": reason, "stated_reason": customer_words[:12],
            "real_reason": "", "packaging_kept": rng.random() < 0.8,
            "tags_intact": rng.random() < 0.7, "seal_intact": rng.random() < 0.6,
            "signs_of_use": rng.random() < 0.2, "condition_notes": rng.choice(NOTES),
            "resolution": resolution, "refund_cents": refund, "refund_method": "original",
            "resolution_notes": rng.choice(NOTES), "created_at": _iso(created),
            "first_response_due_at": _iso(due),
            "first_response_at": _iso(responded) if responded else None,
            "finalised_at": _iso(finalised), "follow_up_on": None,
        }  # fmt: skip
        steps: list[tuple[str, datetime, dict[str, Any], str]] = [
            ("opened", created, {"channel": case["channel"]}, clerk)
        ]
        if responded is not None:
            steps.append(("first_response", responded, {}, clerk))
        for a in approvals:
            detail = {"reason": a, "supervisor_id": supervisor, "note": "同意", "clerk": clerk}
            steps.append(("approved", created + timedelta(minutes=3), detail, supervisor))
        steps.append(("finalised", finalised, {"resolution": resolution}, clerk))
        audit, prev = [], "0" * 64
        for seq, (action, at, detail, who) in enumerate(steps, start=1):
            h = hashlib.sha256(f"{case_id}{seq}".encode()).hexdigest()
            event_id = _uuid(rng, at.timestamp())
            audit.append({"id": event_id, "seq": seq, "at": _iso(at), "staff_id": who,
                          "action": action, "detail": detail, "prev_hash": prev, "hash": h})  # fmt: skip
            chunk.events.append((event_id, case_id, seq, at.replace(tzinfo=None), who, action,
                                 json.dumps(detail), prev, h))  # fmt: skip
            prev = h
        payload = {
            "wire_version": 1,
            "case": case,
            "items": [{"id": a, "order_line_id": b, "quantity": q} for a, b, q, _s in items],
            "photos": [],
            "audit": audit,
        }
        received = finalised + timedelta(seconds=rng.uniform(2, 600))
        chunk.items += [(a, case_id, b, q, sku, store, reason, finalised.replace(tzinfo=None))
                        for a, b, q, sku in items]  # fmt: skip
        chunk.cases.append(
            {
                "id": case_id, "case_no": case_no, "store_code": store, "staff_id": clerk,
                "order_id": order_id, "status": "finalised", "channel": case["channel"],
                "priority": priority, "identity_status": case["identity_status"],
                "reason_category": reason, "resolution": resolution, "refund_cents": refund,
                "created_at": created.replace(tzinfo=None),
                "finalised_at": finalised.replace(tzinfo=None),
                "received_at": received.replace(tzinfo=None), "device_id": counters[store],
                "op_id": _uuid(rng, received.timestamp()),
                "payload_hash": hashlib.sha256(case_id.encode()).hexdigest(),
                "payload": payload,
                "payload_text": json.dumps(payload),  # SQLAlchemy's JSON serialiser
            }
        )  # fmt: skip
        if rng.random() < 0.02:
            noted = min(received + timedelta(days=rng.uniform(0, 5)), end)
            verdict = rng.choice(("fine", "fine", "needs_follow_up", "suspicious", ""))
            chunk.notes.append((_uuid(rng, noted.timestamp()), case_id, lead_device, "东区主管",
                                verdict, "请跟进" if verdict else "已看", noted.replace(tzinfo=None)))  # fmt: skip
        if len(chunk.cases) >= CHUNK:
            yield chunk
            chunk = Chunk()
    if chunk.cases:
        yield chunk


def facts_function() -> Callable[[dict[str, Any]], dict[str, Any]] | None:
    """``server.case_facts.facts`` when the schema at hand has derived columns."""
    try:
        from server.case_facts import facts
    except ImportError:
        return None
    return facts


# ---- loading --------------------------------------------------------------------------------

TABLES = ("store", "staff", "sales_order", "order_line", "return_case", "returned_item",
          "audit_event", "annotation")  # fmt: skip


class Loader:
    """Bulk writer of one backend; case columns follow the live table (derived ones too)."""

    case_columns: list[str]

    def __init__(self, case_columns: list[str]) -> None:
        self.case_columns = case_columns
        self.facts = facts_function()
        extra = set(case_columns) - set(CASE_COLS)
        if extra and self.facts is None:
            raise SystemExit(f"return_case has columns this bench cannot fill: {sorted(extra)}")

    def case_rows(self, chunk: Chunk) -> list[tuple[Any, ...]]:
        """The chunk's case rows in this table's column order (made once per chunk)."""
        key = tuple(self.case_columns)
        if key not in chunk.case_rows:
            rows = []
            for c in chunk.cases:
                values = {**c, "payload": c["payload_text"]}
                if self.facts is not None:
                    values.update(self.facts(c["payload"]))
                rows.append(tuple(values[name] for name in self.case_columns))
            chunk.case_rows[key] = rows
        return chunk.case_rows[key]


class PgLoader(Loader):
    def __init__(self, dsn: str) -> None:
        import psycopg

        self.conn = psycopg.connect(dsn)
        cols = self.conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'return_case' AND table_schema = current_schema() "
            "ORDER BY ordinal_position"
        ).fetchall()
        super().__init__([c for (c,) in cols])
        # Secondary indexes and foreign keys go for the load and come back after.
        self.indexes = self.conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            (list(TABLES),),
        ).fetchall()
        self.fkeys = self.conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            (list(TABLES),),
        ).fetchall()
        for table, name, _d in self.fkeys:
            self.conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _d in self.indexes:
            self.conn.execute(f'DROP INDEX "{name}"')
        self.conn.commit()

    def copy(self, table: str, columns: tuple[str, ...] | list[str], rows: list[Any]) -> None:
        if not rows:
            return
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self.conn.cursor() as cur, cur.copy(sql) as cp:
            for row in rows:
                cp.write_row(row)

    def write(self, chunk: Chunk) -> None:
        self.copy("sales_order", ORDER_COLS, chunk.orders)
        self.copy("order_line", LINE_COLS, chunk.lines)
        self.copy("return_case", self.case_columns, self.case_rows(chunk))
        self.copy("returned_item", ITEM_COLS, chunk.items)
        self.copy("audit_event", EVENT_COLS, chunk.events)
        self.copy("annotation", NOTE_COLS, chunk.notes)
        self.conn.commit()

    def finish(self) -> None:
        for _name, definition in self.indexes:
            self.conn.execute(definition)
        for table, name, definition in self.fkeys:
            self.conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.conn.commit()
        self.conn.autocommit = True
        self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


def _lite(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLAlchemy's SQLite DateTime storage format
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


class SqliteLoader(Loader):
    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")  # the load only; the server sets FULL
        self.conn.execute("PRAGMA cache_size=-400000")
        cols = [r[1] for r in self.conn.execute("PRAGMA table_info(return_case)")]
        super().__init__(cols)
        self.indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({','.join('?' * len(TABLES))})",
            TABLES,
        ).fetchall()
        for name, _sql in self.indexes:
            self.conn.execute(f'DROP INDEX "{name}"')

    def insert(self, table: str, columns: tuple[str, ...] | list[str], rows: list[Any]) -> None:
        if rows:
            marks = ", ".join("?" * len(columns))
            convert = [i for i, v in enumerate(rows[0]) if isinstance(v, datetime | bool)]
            convert += [columns.index(c) for c in ("delivered_at",) if c in columns]
            if convert:
                rows = [list(row) for row in rows]
                for row in rows:
                    for i in convert:
                        row[i] = _lite(row[i])
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )

    def write(self, chunk: Chunk) -> None:
        self.conn.execute("BEGIN")
        self.insert("sales_order", ORDER_COLS, chunk.orders)
        self.insert("order_line", LINE_COLS, chunk.lines)
        self.insert("return_case", self.case_columns, self.case_rows(chunk))
        self.insert("returned_item", ITEM_COLS, chunk.items)
        self.insert("audit_event", EVENT_COLS, chunk.events)
        self.insert("annotation", NOTE_COLS, chunk.notes)
        self.conn.execute("COMMIT")

    def finish(self) -> None:
        for _name, definition in self.indexes:
            self.conn.execute(definition)
        self.conn.close()


def seed_reference(database: Any, world: World) -> None:
    """Stores and staff through the ORM tables (tiny), in the server's own types."""
    from sqlalchemy import insert

    from db.central import Staff, Store

    now = datetime.now(UTC)
    with database.engine.begin() as conn:
        conn.execute(
            insert(Store),
            [{"code": c, "name": n, "region": r, "timezone": "Asia/Shanghai", "created_at": now,
              "updated_at": now} for c, n, r in world.stores],
        )  # fmt: skip
        conn.execute(
            insert(Staff),
            [{"id": i, "store_code": s, "name": n, "role": r, "pin_hash": None, "active": True,
              "created_at": now, "updated_at": now} for i, s, n, r in world.staff_rows],
        )  # fmt: skip


def mark_loaded(database: Any, cases: int) -> None:
    from sqlalchemy import insert

    from db.central import ServerMeta

    with database.engine.begin() as conn:
        conn.execute(insert(ServerMeta), [{"key": LOADED_KEY, "value": str(cases)}])


def loaded_cases(database: Any) -> int | None:
    from sqlalchemy import select
    from sqlalchemy.exc import DBAPIError

    from db.central import ServerMeta

    try:
        with database.engine.connect() as conn:
            value = conn.scalar(select(ServerMeta.value).where(ServerMeta.key == LOADED_KEY))
    except DBAPIError:
        return None
    return int(value) if value else None


def load(targets: list[Target], cases: int) -> float:
    """Generate once, write to every target that needs it; seconds taken."""
    from server.database import Database

    todo = [t for t in targets if not t.loaded]
    if not todo:
        return 0.0
    rng = random.Random(6)
    world = make_world(rng)
    start = time.perf_counter()
    loaders: list[Loader] = []
    for t in todo:
        db = Database(t.url)
        seed_reference(db, world)
        db.dispose()
        loaders.append(PgLoader(t.dsn) if t.backend == "postgresql" else SqliteLoader(t.path))
    done = 0
    for chunk in generate(cases, world):
        for loader in loaders:
            loader.write(chunk)  # type: ignore[attr-defined]
        done += len(chunk.cases)
        if done % 100_000 < CHUNK:
            print(f"  loaded {done:,} cases ({time.perf_counter() - start:.0f} s)", flush=True)
    for loader in loaders:
        t0 = time.perf_counter()
        loader.finish()  # type: ignore[attr-defined]
        print(f"  indexes, keys, statistics: {time.perf_counter() - t0:.0f} s", flush=True)
    for t in todo:
        db = Database(t.url)
        mark_loaded(db, cases)
        db.dispose()
        t.loaded = True
    return time.perf_counter() - start


# ---- targets (one database per backend) -----------------------------------------------------


@dataclass
class Target:
    backend: str
    url: str
    dsn: str = ""  # psycopg's
    path: Path = Path()  # SQLite file
    data_dir: Path = Path()
    loaded: bool = False
    upgrade_seconds: float = 0.0


def drop_database(conn: Any, name: str) -> None:
    """DROP DATABASE, waiting out an autovacuum worker (a role we may not terminate)."""
    import psycopg

    for attempt in range(60):
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            if attempt == 59:
                raise
            time.sleep(2)


@contextlib.contextmanager
def targets(args: argparse.Namespace) -> Iterator[list[Target]]:
    from sqlalchemy.engine import make_url

    from server.database import SQLITE_NAME, Database, current_revision, head_revision, upgrade

    made: list[Target] = []
    cleanups: list[Callable[[], None]] = []
    try:
        for backend in args.backends:
            if backend == "postgresql":
                import psycopg

                base = make_url(args.database_url)
                name = f"rd_bench_review_{args.cases}"
                admin_dsn = base.set(drivername="postgresql").render_as_string(False)
                url = base.set(database=name).render_as_string(hide_password=False)
                dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
                with psycopg.connect(admin_dsn, autocommit=True) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
                    ).fetchone()
                    if exists and not args.reuse:
                        drop_database(conn, name)
                    if not exists or not args.reuse:
                        conn.execute(f'CREATE DATABASE "{name}"')

                def drop(name: str = name, admin_dsn: str = admin_dsn) -> None:
                    with psycopg.connect(admin_dsn, autocommit=True) as conn:
                        drop_database(conn, name)

                target = Target(backend, url, dsn=dsn)
                target.data_dir = Path(tempfile.gettempdir()) / f"rd-bench-review-pg-{args.cases}"
                if not args.keep:
                    cleanups.append(drop)
            else:
                folder = Path(tempfile.gettempdir()) / f"rd-bench-review-{args.cases}"
                if folder.exists() and not args.reuse:
                    shutil.rmtree(folder)
                data = folder / "data"
                data.mkdir(parents=True, exist_ok=True)
                path = data / SQLITE_NAME
                target = Target(backend, f"sqlite:///{path}", path=path, data_dir=data)
                if not args.keep:
                    cleanups.append(lambda folder=folder: shutil.rmtree(folder, True))
            target.data_dir.mkdir(parents=True, exist_ok=True)
            db = Database(target.url)
            found = loaded_cases(db)
            target.loaded = found == args.cases
            if found is not None and not target.loaded:
                raise SystemExit(f"{target.url} holds a partial or other load; drop it first")
            before = current_revision(db.engine)
            t0 = time.perf_counter()
            upgrade(db)
            target.upgrade_seconds = time.perf_counter() - t0
            if target.loaded and before != head_revision():
                print(f"{backend}: schema upgraded {before} -> {head_revision()} in "
                      f"{target.upgrade_seconds:.1f} s on {found:,} cases", flush=True)  # fmt: skip
            db.dispose()
            made.append(target)
        yield made
    finally:
        for cleanup in cleanups:
            cleanup()


# ---- pages ----------------------------------------------------------------------------------


def page_requests(stores: list[str], reasons: list[str], rounds: int) -> dict[str, list[dict]]:
    """Typical pages, ``rounds`` variants each (different stores, windows, reasons, words)."""
    rng = random.Random(60)
    now = datetime.now(UTC).replace(microsecond=0)
    pages: dict[str, list[dict[str, Any]]] = {}
    pages["default (region, newest)"] = [{} for _ in range(rounds)]
    windows = []
    for _ in range(rounds):
        start = now - timedelta(days=rng.randint(30, 360))
        windows.append(
            {"store": rng.choice(stores), "finalised_from": start.isoformat(),
             "finalised_to": (start + timedelta(days=30)).isoformat()}
        )  # fmt: skip
    pages["store + 30 days"] = windows
    pages["reason, by amount"] = [
        {"reason": reasons[i % len(reasons)], "sort": "refund", "order": "desc"}
        for i in range(rounds)
    ]
    for flag in ("identity_override", "sla_breached", "outside_policy"):
        pages[f"flag {flag}"] = [{flag: "true"} for _ in range(rounds)]
    pages["search words"] = [{"q": SEARCH_TERMS[i % len(SEARCH_TERMS)]} for i in range(rounds)]
    pages["deep page 200"] = [{"page": "200"} for _ in range(rounds)]
    pages["dashboard (region)"] = [{} for _ in range(rounds)]
    pages["dashboard, reason"] = [{"reason": reasons[i % len(reasons)]} for i in range(rounds)]
    pages["dashboard, store + 30 days"] = windows
    pages["options"] = [{} for _ in range(rounds)]
    return pages


def endpoint(page: str) -> str:
    """What a page type asks: the case list, the dashboard or the filter options."""
    if page.startswith("dashboard"):
        return "dashboard"
    return "options" if page == "options" else "cases"


def answer_size(kind: str, body: dict[str, Any]) -> tuple[str, int]:
    """(matches, rows) of an answer, for the report."""
    if kind == "dashboard":
        return f"{body['totals']['cases']:,}", len(body["stores"])
    if kind == "options":
        return f"{len(body['reasons'])}", len(body["resolutions"])
    more = "" if body.get("total_exact", True) else "+"
    return f"{body['total']:,}{more}", len(body["items"])


def as_query(params: dict[str, Any]) -> Any:
    """The CaseQuery the endpoint builds from these parameters (see server.app)."""
    from server import review

    values: dict[str, Any] = {}
    for key, value in params.items():
        if key in ("finalised_from", "finalised_to"):
            values[key] = datetime.fromisoformat(value)
        elif key == "page":
            values[key] = int(value)
        elif key == "order":
            values["descending"] = value == "desc"
        elif value in ("true", "false"):
            values[key] = value == "true"
        else:
            values[key] = value
    return review.CaseQuery(**values)


def capture_sql(url: str, pages: dict[str, list[dict]]) -> dict[str, list[list[tuple]]]:
    """Per page and variant, the statements the endpoint's function sends to the driver."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from server import dashboard, review
    from server.auth import Principal
    from server.database import Database

    db = Database(url)
    sent: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: Any) -> None:
        if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    lead = Principal(device_id="bench", kind="lead", name="bench", store_code=None,
                     region=LEAD_REGION)  # fmt: skip
    out: dict[str, list[list[tuple]]] = {}
    for name, variants in pages.items():
        out[name] = []
        for params in variants:
            with Session(db.engine) as s:
                sent.clear()
                kind = endpoint(name)
                if kind == "dashboard":
                    dashboard.dashboard(s, lead, as_query(params))
                elif kind == "options":
                    review.options(s, lead)
                else:
                    review.list_cases(s, lead, as_query(params))
                out[name].append(list(sent))
    db.dispose()
    return out


def time_raw(target: Target, statements: dict[str, list[list[tuple]]]) -> dict[str, list[float]]:
    """The captured statements, run with the bare driver; ms per request."""
    if target.backend == "postgresql":
        import psycopg

        from server.database import POSTGRES_SESSION_OPTIONS

        conn: Any = psycopg.connect(target.dsn, autocommit=True, options=POSTGRES_SESSION_OPTIONS)
    else:
        from server.dashboard import LOCAL_DAY_SQL, _sqlite_local_day

        conn = sqlite3.connect(target.path)
        # The dashboard's store-local day, as the service registers it on its connections.
        conn.create_function(LOCAL_DAY_SQL, 2, _sqlite_local_day, deterministic=True)
    out: dict[str, list[float]] = {}
    try:
        for name, variants in statements.items():
            out[name] = []  # no warm-up here: capturing the statements just ran them
            for stmts in variants:
                t0 = time.perf_counter()
                if target.backend == "postgresql":
                    # One transaction per request, as the service's (the dashboard's SET
                    # LOCAL settings hold for its own statements only).
                    with conn.transaction():
                        run_statements(conn, stmts)
                else:
                    run_statements(conn, stmts)
                out[name].append((time.perf_counter() - t0) * 1000)
    finally:
        conn.close()
    return out


def run_statements(conn: Any, stmts: list[tuple]) -> None:
    cur = conn.cursor()
    for statement, parameters in stmts:
        cur.execute(statement, parameters)
        if cur.description is not None:  # not for SET
            cur.fetchall()
    cur.close()


def time_server(srv: Any, token: str, pages: dict[str, list[dict]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with srv.client(token) as http:
        http.timeout = 300.0
        for name, variants in pages.items():
            kind = endpoint(name)
            path = f"/v1/review/{kind}"
            http.get(path, params=variants[0]).raise_for_status()  # warm-up
            server_ms, round_ms, totals = [], [], []
            for params in variants:
                t0 = time.perf_counter()
                r = http.get(path, params=params)
                round_ms.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
                timing = r.headers.get("server-timing", "")
                server_ms.append(float(timing.split("dur=")[1]) if "dur=" in timing else math.nan)
                totals.append(answer_size(kind, r.json()))
            out[name] = {"server": server_ms, "round": round_ms, "totals": totals}
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def explain(target: Target, statements: dict[str, list[list[tuple]]]) -> None:
    import psycopg

    from server.database import POSTGRES_SESSION_OPTIONS

    with psycopg.connect(target.dsn, autocommit=True, options=POSTGRES_SESSION_OPTIONS) as conn:
        for name, variants in statements.items():
            print(f"---- EXPLAIN {name}")
            with conn.transaction():  # one per request, as the service's
                for statement, parameters in variants[0]:
                    if statement.lstrip().upper().startswith("SET "):
                        conn.execute(statement, parameters)  # the dashboard's SET LOCAL
                        continue
                    rows = conn.execute(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
                    ).fetchall()
                    print("\n".join(r[0] for r in rows))


# ---- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--database-url", default=os.environ.get("RETURNDESK_TEST_PG_URL"),
                        help="a PostgreSQL server (default $RETURNDESK_TEST_PG_URL)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=20, help="requests per page type")
    parser.add_argument("--keep", action="store_true", help="keep the databases for --reuse")
    parser.add_argument("--reuse", action="store_true", help="measure a kept, loaded database")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE on PostgreSQL")
    parser.add_argument("--only", default="",
                        help="page types whose names start with these (comma-separated)")  # fmt: skip
    args = parser.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgresql" in args.backends and not args.database_url:
        parser.error("PostgreSQL needs --database-url or $RETURNDESK_TEST_PG_URL")

    from tests.server_support import ServerProcess

    print(f"review benchmark: {args.cases:,} cases; {', '.join(args.backends)}; "
          f"{args.rounds} requests per page type", flush=True)  # fmt: skip
    with targets(args) as made:
        seconds = load(made, args.cases)
        if seconds:
            print(f"load: {args.cases:,} cases into {', '.join(t.backend for t in made if t)} "
                  f"in {seconds:.0f} s", flush=True)  # fmt: skip
        results = {}
        for target in made:
            srv = ServerProcess(target.data_dir, target.url if target.backend != "sqlite" else None)
            srv.log_path.unlink(missing_ok=True)
            srv.start(timeout=600)
            try:
                token = srv.admin("create-lead-token", "--region", LEAD_REGION, "--name", "bench")
                token = token.split()[-1]
                with srv.client(token) as http:
                    opts = http.get("/v1/review/options").json()
                pages = page_requests([s["code"] for s in opts["stores"]], opts["reasons"],
                                      args.rounds)  # fmt: skip
                wanted = tuple(w.strip() for w in args.only.split(",") if w.strip())
                pages = {k: v for k, v in pages.items() if not wanted or k.startswith(wanted)}
                load_before = os.getloadavg()[0]
                served = time_server(srv, token, pages)
                served["_load"] = (load_before, os.getloadavg()[0])
                if "Traceback" in srv.log_text():
                    print(f"PROBLEM: tracebacks in the {target.backend} server log")
            finally:
                srv.stop()
            statements = capture_sql(target.url, pages)
            raw = time_raw(target, statements)
            if args.explain and target.backend == "postgresql":
                explain(target, statements)
            served["_memory"] = memory_settings(target)
            results[target.backend] = (served, raw)
    report(results)
    return 0


def memory_settings(target: Target) -> str:
    """What PostgreSQL may keep in memory (docs/it-guide.md, "Sizing the central
    PostgreSQL"): the report names it, since cold pages cost several times warm ones."""
    if target.backend != "postgresql":
        return ""
    import psycopg

    with psycopg.connect(target.dsn, autocommit=True) as conn:
        values = [conn.execute(f"SHOW {name}").fetchone()[0]  # type: ignore[index]
                  for name in ("shared_buffers", "effective_cache_size")]  # fmt: skip
    return f"; shared_buffers {values[0]}, effective_cache_size {values[1]}"


def report(results: dict[str, Any]) -> None:
    for backend, (served, raw) in results.items():
        load = served.pop("_load")
        memory = served.pop("_memory")
        print(f"\n{backend}: ms per request (server = Server-Timing inside the service; "
              "round trip over loopback; raw = the same SQL with the bare driver); "
              f"load average {load[0]:.1f} -> {load[1]:.1f} on {os.cpu_count()} CPUs"
              f"{memory}")  # fmt: skip
        print(f"  {'page':28s} {'server p50':>10s} {'p95':>8s} {'round p50':>10s} "
              f"{'raw p50':>8s} {'p95':>8s} {'ratio':>6s}  matches (rows)")  # fmt: skip
        worst = worst_summary = 0.0
        for name, s in served.items():
            sp50, sp95 = pct(s["server"], 0.5), pct(s["server"], 0.95)
            rp50, rp95 = pct(raw[name], 0.5), pct(raw[name], 0.95)
            if endpoint(name) == "cases":
                worst = max(worst, sp95)
            else:
                worst_summary = max(worst_summary, sp95)
            totals = sorted(
                {t for t, _n in s["totals"]}, key=lambda t: int(t.strip("+").replace(",", ""))
            )
            shown = totals[0] if len(totals) == 1 else f"{totals[0]}..{totals[-1]}"
            print(f"  {name:28s} {sp50:10.1f} {sp95:8.1f} {pct(s['round'], 0.5):10.1f} "
                  f"{rp50:8.1f} {rp95:8.1f} {sp50 / rp50 if rp50 else math.nan:6.2f}  "
                  f"{shown} ({s['totals'][0][1]})")  # fmt: skip
        if not any(endpoint(name) == "cases" for name in served):
            pass  # --only dashboard,options: no list pages
        elif backend == "postgresql":
            met = "met" if worst < TARGET_P95_MS else "NOT met"
            print(f"  worst server p95 {worst:.1f} ms (target < {TARGET_P95_MS:g} ms: {met})")
        else:
            print(f"  worst server p95 {worst:.1f} ms")
        if worst_summary:
            met = "met" if worst_summary < AIM_SUMMARY_P95_MS else "NOT met"
            print(f"  dashboard and options: worst server p95 {worst_summary:.1f} ms "
                  f"(aim < {AIM_SUMMARY_P95_MS:g} ms: {met})")  # fmt: skip
    print()


if __name__ == "__main__":
    sys.exit(main())
