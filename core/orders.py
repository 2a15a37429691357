"""Order numbers as people type them, and order look-up for the identity check."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFound, UserError
from db.models import Order

ORDER_NO_PATTERN = re.compile(r"^[A-Z]{2}\d{6,16}$")


def normalise_order_no(text: str) -> str:
    """Upper-case ASCII without spaces or dashes.

    NFKC folds full-width characters from a Chinese input method (ＳＨ１２３ →
    SH123); scanners and people add spaces and dashes.
    """
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-_]+", "", folded).upper()


def parse_order_no(text: str) -> str:
    """The normalised order number, or a UserError saying what is wrong with it."""
    normalised = normalise_order_no(text)
    if not normalised:
        raise UserError(
            QCoreApplication.translate("orders", "Enter or scan the order number."),
            field="order_no",
        )
    if not ORDER_NO_PATTERN.match(normalised):
        raise UserError(
            QCoreApplication.translate(
                "orders",
                "“{0}” is not an order number. Order numbers are two letters "
                "followed by digits, e.g. SH2611250042.",
            ).format(text.strip()),
            field="order_no",
        )
    return normalised


@dataclass(frozen=True)
class OrderLineView:
    id: str
    line_no: int
    sku: str
    name: str
    category: str
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True)
class OrderView:
    """What staff may see of an order before the identity check.

    Name and phone are deliberately absent: the requester must state them.
    """

    id: str
    order_no: str
    store_code: str
    payment_method: str
    ordered_at: datetime
    delivered_at: datetime | None
    total_cents: int
    lines: tuple[OrderLineView, ...]


def order_view(order: Order) -> OrderView:
    return OrderView(
        id=order.id,
        order_no=order.order_no,
        store_code=order.store_code,
        payment_method=order.payment_method,
        ordered_at=order.ordered_at,
        delivered_at=order.delivered_at,
        total_cents=order.total_cents,
        lines=tuple(
            OrderLineView(
                id=ln.id,
                line_no=ln.line_no,
                sku=ln.sku,
                name=ln.name,
                category=ln.category,
                quantity=ln.quantity,
                unit_price_cents=ln.unit_price_cents,
            )
            for ln in order.lines
        ),
    )


def find_order(session: Session, text: str) -> Order:
    order_no = parse_order_no(text)
    order = session.scalar(
        select(Order).where(Order.order_no == order_no).options(selectinload(Order.lines))
    )
    if order is None:
        raise NotFound(
            QCoreApplication.translate(
                "orders", "No order {0} on this counter. Check the number with the customer."
            ).format(order_no),
            field="order_no",
        )
    return order
