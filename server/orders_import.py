"""Importing orders from the order system: CSV or JSON, upserted by order number."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.central import ReceivedItem, SalesOrder, SalesOrderLine, Store
from server.feed import Change, publish
from server.ids import new_id, utcnow

# The counter looks orders up by this shape (core.orders.ORDER_NO_PATTERN); an order
# stored in another shape could never be found at the counter.
ORDER_NO_PATTERN = re.compile(r"^[A-Z]{2}\d{6,16}$")
PAYMENT_METHODS = ("alipay", "wechat", "card", "cash")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# customer_id when the file has none: stable per phone number, so one customer's orders
# still group together.
CUSTOMER_NAMESPACE = uuid.UUID("7b0c2a4e-93a4-4c5e-9a55-2f0f1f4d6c11")

CSV_REQUIRED = (
    "order_no", "store_code", "customer_name", "phone", "address", "payment_method",
    "ordered_at", "line_no", "sku", "item_name", "category", "quantity", "unit_price_cents",
)  # fmt: skip
CSV_OPTIONAL = ("order_id", "customer_id", "delivered_at", "total_cents", "line_id")


class ImportError_(Exception):
    """The file cannot be imported; ``problems`` says where and why (nothing was written)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def normalise_order_no(text: str) -> str:
    """As core.orders.normalise_order_no: NFKC (full-width → ASCII), no spaces/dashes, upper."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-_]+", "", folded).upper()


@dataclass
class LineRecord:
    line_no: int
    sku: str
    name: str
    category: str
    quantity: int
    unit_price_cents: int
    id: str | None = None


@dataclass
class OrderRecord:
    where: str
    order_no: str
    store_code: str
    customer_name: str
    phone: str
    address: str
    payment_method: str
    ordered_at: str
    delivered_at: str | None
    total_cents: int | None
    id: str | None
    customer_id: str | None
    lines: list[LineRecord] = field(default_factory=list)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: int = 0


# ---- reading files ----------------------------------------------------------------------


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any, what: str, problems: list[str], where: str) -> int:
    text = _str(value)
    if isinstance(value, bool) or not re.fullmatch(r"-?\d+", text):
        problems.append(f"{where}: {what} must be a whole number, not {value!r}")
        return 0
    return int(text)


def _opt(value: Any) -> str | None:
    text = _str(value)
    return text or None


def read_orders(path: Path) -> list[OrderRecord]:
    raw = path.read_bytes().decode("utf-8-sig")  # Excel writes a BOM
    if path.suffix.lower() == ".json":
        return _from_json(raw)
    if path.suffix.lower() == ".csv":
        return _from_csv(raw)
    raise ImportError_([f"{path.name}: only .csv and .json files can be imported"])


def _from_csv(raw: str) -> list[OrderRecord]:
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    columns = set(reader.fieldnames or [])
    absent = [c for c in CSV_REQUIRED if c not in columns]
    if absent:
        raise ImportError_([f"missing columns: {', '.join(absent)}"])
    unknown = sorted(columns - set(CSV_REQUIRED) - set(CSV_OPTIONAL))
    if unknown:
        raise ImportError_([f"unknown columns: {', '.join(unknown)}"])
    problems: list[str] = []
    orders: dict[str, OrderRecord] = {}
    header_fields = ("store_code", "customer_name", "phone", "address", "payment_method",
                     "ordered_at", "delivered_at", "total_cents", "id", "customer_id")  # fmt: skip
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        where = f"row {number}"
        order = OrderRecord(
            where=where,
            order_no=_str(row["order_no"]),
            store_code=_str(row["store_code"]),
            customer_name=_str(row["customer_name"]),
            phone=_str(row["phone"]),
            address=_str(row["address"]),
            payment_method=_str(row["payment_method"]),
            ordered_at=_str(row["ordered_at"]),
            delivered_at=_opt(row.get("delivered_at")),
            total_cents=(
                _int(row["total_cents"], "total_cents", problems, where)
                if _opt(row.get("total_cents"))
                else None
            ),
            id=_opt(row.get("order_id")),
            customer_id=_opt(row.get("customer_id")),
        )
        key = normalise_order_no(order.order_no)
        known = orders.setdefault(key, order)
        if known is not order:
            # One row per line: the order's own columns must agree on every row of it.
            for name in header_fields:
                if getattr(known, name) != getattr(order, name):
                    problems.append(f"{where}: {name} differs from {known.where} of {key}")
        known.lines.append(
            LineRecord(
                line_no=_int(row["line_no"], "line_no", problems, where),
                sku=_str(row["sku"]),
                name=_str(row["item_name"]),
                category=_str(row["category"]),
                quantity=_int(row["quantity"], "quantity", problems, where),
                unit_price_cents=_int(row["unit_price_cents"], "unit_price_cents", problems, where),
                id=_opt(row.get("line_id")),
            )
        )
    if problems:
        raise ImportError_(problems)
    return list(orders.values())


def _from_json(raw: str) -> list[OrderRecord]:
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportError_([f"not valid JSON: {exc}"]) from None
    items = doc.get("orders") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ImportError_(['expected a list of orders or {"orders": [...]}'])
    problems: list[str] = []
    orders: list[OrderRecord] = []
    for number, item in enumerate(items, start=1):
        where = f"order {number}"
        if not isinstance(item, dict) or not isinstance(item.get("lines"), list):
            problems.append(f"{where}: an order is an object with a list of lines")
            continue
        order = OrderRecord(
            where=where,
            order_no=_str(item.get("order_no")),
            store_code=_str(item.get("store_code")),
            customer_name=_str(item.get("customer_name")),
            phone=_str(item.get("phone")),
            address=_str(item.get("address")),
            payment_method=_str(item.get("payment_method")),
            ordered_at=_str(item.get("ordered_at")),
            delivered_at=_opt(item.get("delivered_at")),
            total_cents=(
                _int(item["total_cents"], "total_cents", problems, where)
                if item.get("total_cents") is not None
                else None
            ),
            id=_opt(item.get("id")),
            customer_id=_opt(item.get("customer_id")),
        )
        for ln in item["lines"]:
            if not isinstance(ln, dict):
                problems.append(f"{where}: a line is an object")
                continue
            order.lines.append(
                LineRecord(
                    line_no=_int(ln.get("line_no"), "line_no", problems, where),
                    sku=_str(ln.get("sku")),
                    name=_str(ln.get("name")),
                    category=_str(ln.get("category")),
                    quantity=_int(ln.get("quantity"), "quantity", problems, where),
                    unit_price_cents=_int(
                        ln.get("unit_price_cents"), "unit_price_cents", problems, where
                    ),
                    id=_opt(ln.get("id")),
                )
            )
        orders.append(order)
    if problems:
        raise ImportError_(problems)
    return orders


# ---- checking and storing -----------------------------------------------------------------


def _time(text: str, tz: ZoneInfo, what: str, problems: list[str], where: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        problems.append(f"{where}: {what} {text!r} is not an ISO 8601 time")
        return None
    # The order system's local time when it gives no zone: the store's own clock.
    return value.replace(tzinfo=tz) if value.tzinfo is None else value


def _limit(text: str, size: int, what: str, problems: list[str], where: str) -> None:
    if len(text) > size:
        problems.append(f"{where}: {what} is longer than {size} characters")


def _check(order: OrderRecord, stores: dict[str, Store], problems: list[str]) -> dict[str, Any]:
    """The order's columns, checked and converted; problems are appended, not raised."""
    where = order.where
    number = normalise_order_no(order.order_no)
    if not ORDER_NO_PATTERN.match(number):
        problems.append(f"{where}: {order.order_no!r} is not an order number (e.g. SH2611250042)")
    store = stores.get(order.store_code)
    tz = ZoneInfo("UTC")
    if store is None:
        problems.append(f"{where}: unknown store {order.store_code!r} (create it first)")
    else:
        try:
            tz = ZoneInfo(store.timezone)
        except ZoneInfoNotFoundError:
            problems.append(f"{where}: store {store.code} has an unknown time zone")
    for what, value in (("customer_name", order.customer_name), ("phone", order.phone),
                        ("address", order.address)):  # fmt: skip
        if not value:
            problems.append(f"{where}: {what} is empty")
    _limit(order.customer_name, 100, "customer_name", problems, where)
    _limit(order.phone, 20, "phone", problems, where)
    _limit(order.address, 300, "address", problems, where)
    if order.payment_method not in PAYMENT_METHODS:
        problems.append(
            f"{where}: payment_method must be one of {', '.join(PAYMENT_METHODS)}, "
            f"not {order.payment_method!r}"
        )
    for label, given in (("order id", order.id), ("customer_id", order.customer_id)):
        if given is not None and not UUID_RE.match(given):
            problems.append(f"{where}: {label} {given!r} is not a lowercase UUID")
    ordered_at = _time(order.ordered_at, tz, "ordered_at", problems, where)
    delivered_at = (
        _time(order.delivered_at, tz, "delivered_at", problems, where)
        if order.delivered_at
        else None
    )
    if not order.lines:
        problems.append(f"{where}: an order needs at least one line")
    seen: set[int] = set()
    for ln in order.lines:
        if ln.line_no in seen:
            problems.append(f"{where}: line {ln.line_no} appears twice")
        seen.add(ln.line_no)
        if ln.line_no < 1 or ln.quantity < 1 or ln.unit_price_cents < 0:
            problems.append(
                f"{where}: line {ln.line_no}: line_no and quantity must be at least 1, "
                "unit_price_cents at least 0"
            )
        if not ln.sku or not ln.name or not ln.category:
            problems.append(f"{where}: line {ln.line_no}: sku, name and category are needed")
        _limit(ln.sku, 40, "sku", problems, where)
        _limit(ln.name, 200, "item name", problems, where)
        _limit(ln.category, 30, "category", problems, where)
        if ln.id is not None and not UUID_RE.match(ln.id):
            problems.append(f"{where}: line id {ln.id!r} is not a lowercase UUID")
    total = order.total_cents
    if total is None:
        total = sum(ln.quantity * ln.unit_price_cents for ln in order.lines)
    return {
        "order_no": number,
        "store_code": order.store_code,
        "customer_name": order.customer_name,
        "phone": order.phone,
        "address": order.address,
        "payment_method": order.payment_method,
        "ordered_at": ordered_at,
        "delivered_at": delivered_at,
        "total_cents": total,
        "customer_id": order.customer_id
        or str(uuid.uuid5(CUSTOMER_NAMESPACE, f"phone:{order.phone}")),
    }


LINE_FIELDS = ("sku", "name", "category", "quantity", "unit_price_cents")


def import_orders(session: Session, records: Iterable[OrderRecord]) -> ImportReport:
    """Upsert orders by number, their lines by line number; all or nothing.

    Lines missing from the file are kept (returned items may point at them); an order
    that did not change gets no new feed number, so re-importing a file sends nothing.
    """
    records = list(records)
    report = ImportReport()
    problems: list[str] = []
    stores = {s.code: s for s in session.scalars(select(Store))}
    checked = [(_check(r, stores, problems), r) for r in records]
    numbers = [c["order_no"] for c, _ in checked]
    for n in {n for n in numbers if numbers.count(n) > 1}:
        problems.append(f"order {n} appears more than once")
    if problems:
        raise ImportError_(problems)
    existing = {
        o.order_no: o
        for o in session.scalars(
            select(SalesOrder)
            .where(SalesOrder.order_no.in_(numbers))
            .options(selectinload(SalesOrder.lines))
        )
    }
    now = utcnow()
    changes: list[Change] = []
    for values, record in checked:
        order = existing.get(values["order_no"])
        if order is not None and record.id is not None and record.id != order.id:
            problems.append(f"{record.where}: order {order.order_no} already has id {order.id}")
            continue
        if order is None:
            if record.id is not None and session.get(SalesOrder, record.id) is not None:
                problems.append(f"{record.where}: order id {record.id} belongs to another order")
                continue
            order = SalesOrder(id=record.id or new_id(), updated_at=now, **values)
            order.lines = []
            session.add(order)
            report.created += 1
            changed = True
        else:
            changed = any(getattr(order, k) != v for k, v in values.items())
            for k, v in values.items():
                setattr(order, k, v)
        by_no = {ln.line_no: ln for ln in order.lines}
        for rec in record.lines:
            line = by_no.get(rec.line_no)
            if line is None:
                order.lines.append(
                    SalesOrderLine(
                        id=rec.id or new_id(),
                        line_no=rec.line_no,
                        **{k: getattr(rec, k) for k in LINE_FIELDS},
                    )
                )
                changed = True
            else:
                if rec.id is not None and rec.id != line.id:
                    problems.append(f"{record.where}: line {rec.line_no} already has id {line.id}")
                    continue
                if rec.quantity < line.quantity:
                    returned = session.scalar(
                        select(func.coalesce(func.sum(ReceivedItem.quantity), 0)).where(
                            ReceivedItem.order_line_id == line.id
                        )
                    )
                    if rec.quantity < (returned or 0):
                        problems.append(
                            f"{record.where}: line {rec.line_no}: quantity {rec.quantity} is "
                            f"below the {returned} already returned"
                        )
                        continue
                for k in LINE_FIELDS:
                    if getattr(line, k) != getattr(rec, k):
                        setattr(line, k, getattr(rec, k))
                        changed = True
            report.lines += 1
        if order in session.new:
            pass
        elif changed:
            order.updated_at = now
            report.updated += 1
        else:
            report.unchanged += 1
        if changed:
            changes.append(Change("order", order.id, order.store_code))
    if problems:
        raise ImportError_(problems)
    session.flush()
    publish(session, changes)
    return report
