"""The contract between the two sides: a case finalised by the counter's own code is accepted."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.cases import CaseService
from core.counter import CounterStore
from core.demo import DEMO_CUSTOMER_NAME, DEMO_ORDER_NO, DEMO_PHONE, DEMO_STORE
from db.models import Order, OutboxEntry
from server import admin
from server.auth import Principal
from server.database import Database, default_sqlite_url, upgrade
from server.push import PushService
from server.schemas import PushOperation
from tests.server_support import Line, orders_to_json
from tests.server_support import Order as OrderRecord


def test_the_counters_outbox_row_is_applied_as_is(
    service: CaseService,
    staff_id: str,
    counter_store: CounterStore,
    demo_photo: Path,
    tmp_path: Path,
) -> None:
    # The counter: one whole case, walked through the service the way the wizard does.
    d = service.open_case(DEMO_STORE, staff_id)
    d.customer_words = "领口开线了，才穿了一次"
    d, _ = service.save_page(d, staff_id, 0)
    d.order = service.lookup_order(DEMO_ORDER_NO)
    d.order_no_entered = DEMO_ORDER_NO
    d.claimed_orderer_name, d.claimed_phone_last4 = DEMO_CUSTOMER_NAME, DEMO_PHONE[-4:]
    d = service.check_identity(d, staff_id)
    d, _ = service.save_page(d, staff_id, 1)
    assert d.order is not None
    d.items = {d.order.lines[0].id: 1}
    d.reason_category, d.stated_reason = "quality", "领口开线"
    d, _ = service.save_page(d, staff_id, 2)
    d = service.add_photo(d.id, staff_id, demo_photo)
    d.packaging_kept, d.tags_intact, d.seal_intact, d.signs_of_use = True, True, True, False
    d, _ = service.save_page(d, staff_id, 3)
    d.resolution, d.refund_method = "refund", "original"
    d.refund_cents = d.order.lines[0].unit_price_cents
    d, problems = service.save_page(d, staff_id, 4)
    assert problems == []
    service.finalise(d, staff_id)

    with counter_store.sessions() as s:
        entry = s.scalars(select(OutboxEntry)).one()
        local = s.scalars(
            select(Order).where(Order.order_no == DEMO_ORDER_NO).options(selectinload(Order.lines))
        ).one()
        order = OrderRecord(
            order_no=local.order_no,
            store_code=local.store_code,
            customer_name=local.customer_name,
            phone=local.phone,
            address=local.address,
            payment_method=local.payment_method,
            ordered_at=local.ordered_at.isoformat(),
            delivered_at=local.delivered_at.isoformat() if local.delivered_at else None,
            id=local.id,
            lines=[
                Line(
                    ln.line_no,
                    ln.sku,
                    ln.name,
                    ln.category,
                    ln.quantity,
                    ln.unit_price_cents,
                    id=ln.id,
                )
                for ln in local.lines
            ],  # fmt: skip
        )
        op = PushOperation(
            op_id=entry.id,
            entity=entry.entity,
            entity_id=entry.entity_id,
            operation=entry.operation,
            created_at=entry.created_at,
            payload=entry.payload,
        )
    photo_sha = entry.payload["photos"][0]["sha256"]
    stored = counter_store.photos_dir / photo_sha[:2] / f"{photo_sha}.jpg"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == photo_sha  # would upload cleanly

    # The centre: the same order (ids and all) imported, then the outbox row pushed.
    db = Database(default_sqlite_url(tmp_path))
    try:
        upgrade(db)
        admin.create_store(db, DEMO_STORE, "上海一店", "East", "Asia/Shanghai")
        orders = tmp_path / "orders.json"
        orders.write_text(orders_to_json([order]), encoding="utf-8")
        admin.import_order_file(db, orders)
        counter = Principal("device-1", "counter", "counter 1", DEMO_STORE, "East")
        pushes = PushService(db)
        [first] = pushes.apply_batch(counter, [op])
        assert (first.result, first.reason) == ("applied", None), first.message
        assert first.missing_photos == [photo_sha]
        [again] = pushes.apply_batch(counter, [op])
        assert again.result == "duplicate"
    finally:
        db.dispose()
