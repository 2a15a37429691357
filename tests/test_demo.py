"""The demo database: counts, named fixtures, realism, determinism, photo."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from core import demo
from core.demo import (
    DEMO_CLERK_NAME,
    DEMO_CLERK_PIN,
    DEMO_CUSTOMER_NAME,
    DEMO_FRESH_ORDER_NO,
    DEMO_OLD_ORDER_NO,
    DEMO_ORDER_NO,
    DEMO_ORDER_TOTAL_CENTS,
    DEMO_PHONE,
    DEMO_STORE,
    DEMO_SUPERVISOR_NAME,
    DEMO_SUPERVISOR_PIN,
    DatabaseNotEmpty,
    DemoSummary,
    make_demo_item_photo,
    seed_demo,
)
from core.pins import verify_pin
from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import upgrade
from db.models import Order, OrderLine, Staff, Store

NOW = datetime(2026, 11, 25, 6, 30, 15, tzinfo=UTC)  # 14:30 in Shanghai
CST = demo.CST
ORDER_NO = re.compile(r"(SH|HZ|BJ)\d{10}")
MOBILE = re.compile(r"1[35789]\d{9}")


def _engine(path: Path) -> Engine:
    engine = make_engine(sqlite_url(path))
    upgrade(engine)
    return engine


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = _engine(tmp_path / "demo.sqlite3")
    with make_session_factory(engine)() as s:
        yield s
    engine.dispose()


@pytest.fixture
def seeded(session: Session) -> tuple[Session, DemoSummary]:
    summary = seed_demo(session, NOW)
    session.commit()
    return session, summary


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _order(session: Session, order_no: str) -> Order:
    order = session.scalar(select(Order).where(Order.order_no == order_no))
    assert order is not None, order_no
    return order


def test_counts_match_summary(seeded: tuple[Session, DemoSummary]) -> None:
    session, summary = seeded
    assert summary == DemoSummary(
        stores=_count(session, Store),
        staff=_count(session, Staff),
        orders=_count(session, Order),
        lines=_count(session, OrderLine),
    )
    assert summary.stores == 4
    assert summary.staff == 12
    per_store = Counter(session.scalars(select(Order.store_code)))
    assert per_store == {"SH01": 300, "SH02": 40, "HZ01": 40, "BJ01": 40}
    assert summary.orders <= summary.lines <= 3 * summary.orders


def test_stores(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    stores = {s.code: (s.name, s.region, s.timezone) for s in session.scalars(select(Store))}
    assert stores == {
        "SH01": ("上海徐汇店", "华东", "Asia/Shanghai"),
        "SH02": ("上海浦东店", "华东", "Asia/Shanghai"),
        "HZ01": ("杭州西湖店", "华东", "Asia/Shanghai"),
        "BJ01": ("北京朝阳店", "华北", "Asia/Shanghai"),
    }


def test_staff_and_pins(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    staff = list(session.scalars(select(Staff)))
    roles = Counter((s.store_code, s.role) for s in staff)
    for code in ("SH01", "SH02", "HZ01", "BJ01"):
        assert roles[(code, "clerk")] == 2
        assert roles[(code, "supervisor")] == 1
    salts = set()
    for person in staff:
        assert person.active
        assert person.pin_hash is not None
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", person.name)
        pin = DEMO_CLERK_PIN if person.role == "clerk" else DEMO_SUPERVISOR_PIN
        wrong = DEMO_SUPERVISOR_PIN if person.role == "clerk" else DEMO_CLERK_PIN
        assert verify_pin(pin, person.pin_hash)
        assert not verify_pin(wrong, person.pin_hash)
        salts.add(person.pin_hash.split("$")[4])
    assert len(salts) == len(staff)
    sh01 = {(s.name, s.role) for s in staff if s.store_code == DEMO_STORE}
    assert (DEMO_CLERK_NAME, "clerk") in sh01
    assert (DEMO_SUPERVISOR_NAME, "supervisor") in sh01


def test_demo_order(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    order = _order(session, DEMO_ORDER_NO)
    assert order.store_code == DEMO_STORE
    assert order.customer_name == DEMO_CUSTOMER_NAME
    assert order.phone == DEMO_PHONE
    assert order.delivered_at == NOW - timedelta(days=3)
    assert order.ordered_at < order.delivered_at
    lines = [
        (ln.line_no, ln.name, ln.category, ln.quantity, ln.unit_price_cents) for ln in order.lines
    ]
    assert lines == [
        (1, "羊毛衫 灰色 M码", "ordinary", 2, 29900),
        (2, "保温杯 不锈钢 500ml", "ordinary", 1, 8900),
    ]
    assert order.total_cents == DEMO_ORDER_TOTAL_CENTS == 68700


def test_fresh_and_old_orders(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    fresh = _order(session, DEMO_FRESH_ORDER_NO)
    assert fresh.delivered_at == NOW - timedelta(hours=20)
    assert [(ln.category, "阳光玫瑰葡萄" in ln.name) for ln in fresh.lines] == [("fresh", True)]
    old = _order(session, DEMO_OLD_ORDER_NO)
    assert old.delivered_at == NOW - timedelta(days=10)
    assert any("羽绒服" in ln.name for ln in old.lines)
    # All three belong to the same customer, home vs office address.
    demo_order = _order(session, DEMO_ORDER_NO)
    assert fresh.customer_id == old.customer_id == demo_order.customer_id
    assert "号楼" in demo_order.address
    assert "大厦" in old.address
    same_name = session.scalars(select(Order).where(Order.customer_name == DEMO_CUSTOMER_NAME))
    assert {o.order_no for o in same_name} == {
        DEMO_ORDER_NO,
        DEMO_FRESH_ORDER_NO,
        DEMO_OLD_ORDER_NO,
    }


def test_order_numbers(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    fixtures = {DEMO_ORDER_NO, DEMO_FRESH_ORDER_NO, DEMO_OLD_ORDER_NO}
    orders = list(session.scalars(select(Order)))
    assert len({o.order_no for o in orders}) == len(orders)
    for order in orders:
        assert ORDER_NO.fullmatch(order.order_no), order.order_no
        assert order.order_no.startswith(order.store_code[:2])
        if order.order_no not in fixtures:
            day = order.ordered_at.astimezone(CST).strftime("%y%m%d")
            assert order.order_no[2:8] == day


def test_customers_addresses_payments(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    orders = list(session.scalars(select(Order)))
    city = {"SH01": "上海市", "SH02": "上海市", "HZ01": "杭州市", "BJ01": "北京市"}
    by_customer: dict[str, set[tuple[str, str]]] = {}
    for order in orders:
        assert MOBILE.fullmatch(order.phone), order.phone
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", order.customer_name)
        assert order.payment_method in {"alipay", "wechat", "card", "cash"}
        assert order.address.startswith(city[order.store_code])
        assert ("大厦" in order.address) != ("号楼" in order.address), order.address
        by_customer.setdefault(order.customer_id, set()).add((order.customer_name, order.phone))
        assert order.total_cents == sum(ln.quantity * ln.unit_price_cents for ln in order.lines)
        assert 1 <= len(order.lines) <= 3
        assert order.ordered_at < NOW
        if order.delivered_at is not None:
            assert order.ordered_at < order.delivered_at <= NOW
    # A customer id always means one person; some customers ordered several times.
    assert all(len(v) == 1 for v in by_customer.values())
    repeat = Counter(o.customer_id for o in orders)
    assert sum(1 for n in repeat.values() if n >= 3) >= 10
    assert Counter(o.payment_method for o in orders).keys() == {"alipay", "wechat", "card", "cash"}
    offices = sum("大厦" in o.address for o in orders)
    assert 0.1 * len(orders) < offices < 0.5 * len(orders)


def test_catalogue_categories(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    lines = list(session.scalars(select(OrderLine)))
    categories = Counter(ln.category for ln in lines)
    assert set(categories) == {"ordinary", "electronics", "fresh", "medicine", "underwear"}
    names = " ".join(ln.name for ln in lines)
    for word in ("羽绒服", "衬衫", "连衣裙", "床上四件套", "蓝牙耳机", "电动牙刷", "三文鱼", "草莓",
                 "维生素C片", "布洛芬缓释胶囊"):  # fmt: skip
        assert word in names, word
    assert all(ln.unit_price_cents > 0 and ln.quantity >= 1 for ln in lines)


def test_delivery_spread(seeded: tuple[Session, DemoSummary]) -> None:
    session, _ = seeded
    ages = [
        (NOW - at).total_seconds() / 3600 if at is not None else None
        for at in session.scalars(select(Order.delivered_at))
    ]
    delivered = [a for a in ages if a is not None]
    assert any(a < 48 for a in delivered)
    assert any(48 <= a <= 96 for a in delivered)
    assert any(a >= 9 * 24 for a in delivered)
    assert any(a > 30 * 24 for a in delivered)
    assert 0 < ages.count(None) < len(ages) * 0.2


def test_deterministic(tmp_path: Path) -> None:
    def snapshot(path: Path, seed: int) -> list[tuple[object, ...]]:
        engine = _engine(path)
        with make_session_factory(engine)() as s:
            seed_demo(s, NOW, seed=seed)
            s.commit()
            rows: list[tuple[object, ...]] = [
                (o.order_no, o.customer_id, o.customer_name, o.phone, o.address,
                 o.payment_method, o.ordered_at, o.delivered_at, o.total_cents,
                 tuple((ln.sku, ln.quantity) for ln in o.lines))
                for o in s.scalars(select(Order).order_by(Order.order_no))
            ]  # fmt: skip
        engine.dispose()
        return rows

    first = snapshot(tmp_path / "a.sqlite3", 7)
    assert first == snapshot(tmp_path / "b.sqlite3", 7)
    assert [r[0] for r in first] != [r[0] for r in snapshot(tmp_path / "c.sqlite3", 8)]


def test_refuses_non_empty_database(seeded: tuple[Session, DemoSummary]) -> None:
    session, summary = seeded
    with pytest.raises(DatabaseNotEmpty):
        seed_demo(session, NOW)
    session.rollback()
    assert _count(session, Order) == summary.orders


def test_refuses_naive_now(session: Session) -> None:
    with pytest.raises(ValueError):
        seed_demo(session, datetime(2026, 11, 25, 12, 0))


def test_demo_item_photo(qapp: object, tmp_path: Path) -> None:
    path = make_demo_item_photo(tmp_path / "photos" / "sweater.jpg")
    assert path == tmp_path / "photos" / "sweater.jpg"
    assert path.read_bytes()[:3] == b"\xff\xd8\xff"  # JPEG
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1600, 1200)
    centre = QColor(image.pixel(700, 620))  # the sweater: grey
    assert (
        max(centre.red(), centre.green(), centre.blue())
        - min(centre.red(), centre.green(), centre.blue())
        < 25
    )
    table = QColor(image.pixel(80, 600))  # the table: warm brown
    assert table.red() > table.blue() + 40
    small = make_demo_item_photo(tmp_path / "small.jpg", width=400, height=300)
    assert QImage(str(small)).size().toTuple() == (400, 300)
