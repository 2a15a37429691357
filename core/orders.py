"""Order numbers as people type them, and order look-up for the identity check."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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


@dataclass(frozen=True)
class OrderSearch:
    """What a customer without the order number remembers."""

    ordered_from: date
    ordered_to: date  # inclusive, in the store's time zone
    address_fragment: str = ""
    payment_method: str = ""  # "" = any


@dataclass(frozen=True)
class OrderCandidate:
    """One possible order, shown side by side with others; personal data masked."""

    order_no: str
    ordered_at: datetime
    delivered_at: datetime | None
    payment_method: str
    total_cents: int
    items: tuple[str, ...]
    address_hint: str  # enough to say "home" or "office", not the whole address


MAX_CANDIDATES = 20


def mask_address(address: str) -> str:
    if len(address) <= 10:
        return address[:3] + "…"
    return f"{address[:6]}…{address[-5:]}"


def search_orders(session: Session, criteria: OrderSearch, tz: str) -> list[OrderCandidate]:
    if criteria.ordered_to < criteria.ordered_from:
        raise UserError(
            QCoreApplication.translate("orders", "The end date is before the start date."),
            field="date_range",
        )
    if (criteria.ordered_to - criteria.ordered_from).days > 62:
        raise UserError(
            QCoreApplication.translate(
                "orders",
                "Narrow the dates down to two months at most (“last week or the week before?”).",
            ),
            field="date_range",
        )
    fragment = "".join(unicodedata.normalize("NFKC", criteria.address_fragment).split())
    if not fragment and not criteria.payment_method:
        raise UserError(
            QCoreApplication.translate(
                "orders", "Ask for part of the delivery address or the payment method as well."
            ),
            field="address",
        )
    zone = ZoneInfo(tz)
    start = datetime.combine(criteria.ordered_from, time.min, zone)
    end = datetime.combine(criteria.ordered_to + timedelta(days=1), time.min, zone)
    query = (
        select(Order)
        .where(Order.ordered_at >= start, Order.ordered_at < end)
        .options(selectinload(Order.lines))
        .order_by(Order.ordered_at.desc())
        .limit(MAX_CANDIDATES)
    )
    if fragment:
        query = query.where(Order.address.contains(fragment, autoescape=True))
    if criteria.payment_method:
        query = query.where(Order.payment_method == criteria.payment_method)
    return [
        OrderCandidate(
            order_no=o.order_no,
            ordered_at=o.ordered_at,
            delivered_at=o.delivered_at,
            payment_method=o.payment_method,
            total_cents=o.total_cents,
            items=tuple(f"{ln.name} × {ln.quantity}" for ln in o.lines),
            address_hint=mask_address(o.address),
        )
        for o in session.scalars(query)
    ]
