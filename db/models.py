"""The counter's local schema: stores, staff, orders, return cases, outbox."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import NAMING_CONVENTION, UTCDateTime


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Store(Base):
    __tablename__ = "store"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))  # clerk | supervisor
    pin_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pin_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None]


class Order(Base):
    __tablename__ = "sales_order"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Stored normalised (upper case, ASCII, no spaces): see core.orders.
    order_no: Mapped[str] = mapped_column(String(40), unique=True)
    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"), index=True)
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    customer_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300))
    payment_method: Mapped[str] = mapped_column(String(20))  # alipay | wechat | card | cash
    ordered_at: Mapped[datetime] = mapped_column(index=True)
    delivered_at: Mapped[datetime | None]
    total_cents: Mapped[int] = mapped_column(Integer)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.line_no", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    __tablename__ = "order_line"
    __table_args__ = (UniqueConstraint("order_id", "line_no"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("sales_order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30))  # ordinary | fresh | medicine | ...
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(Integer)

    order: Mapped[Order] = relationship(back_populates="lines")


class ReturnCase(Base):
    __tablename__ = "return_case"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    case_no: Mapped[str] = mapped_column(String(40), unique=True)  # STORE-YYYYMMDD-NNNN
    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)  # draft|finalised|cancelled
    current_page: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finalised_at: Mapped[datetime | None]

    # Intake
    channel: Mapped[str] = mapped_column(String(20), default="counter")
    customer_words: Mapped[str] = mapped_column(Text, default="")
    emotion: Mapped[str] = mapped_column(String(20), default="calm")
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    urgent_goods: Mapped[bool] = mapped_column(Boolean, default=False)
    sla_minutes: Mapped[int] = mapped_column(Integer, default=15)
    first_response_due_at: Mapped[datetime]
    first_response_at: Mapped[datetime | None]

    # Identity and order
    requester_name: Mapped[str] = mapped_column(String(100), default="")
    is_proxy: Mapped[bool] = mapped_column(Boolean, default=False)
    proxy_relationship: Mapped[str] = mapped_column(String(100), default="")
    order_no_entered: Mapped[str] = mapped_column(String(60), default="")
    order_id: Mapped[str | None] = mapped_column(ForeignKey("sales_order.id"))
    claimed_orderer_name: Mapped[str] = mapped_column(String(100), default="")
    claimed_phone_last4: Mapped[str] = mapped_column(String(4), default="")
    identity_status: Mapped[str] = mapped_column(String(20), default="unchecked")
    flags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Supervisor approvals: [{"reason", "supervisor_id", "note", "at"}], also audited.
    approvals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    customer_language: Mapped[str] = mapped_column(
        String(10), default="zh_CN", server_default="zh_CN"
    )

    # Items and reason
    reason_category: Mapped[str] = mapped_column(String(30), default="")
    stated_reason: Mapped[str] = mapped_column(Text, default="")
    real_reason: Mapped[str] = mapped_column(Text, default="")

    # Condition
    packaging_kept: Mapped[bool | None] = mapped_column(Boolean)
    tags_intact: Mapped[bool | None] = mapped_column(Boolean)
    seal_intact: Mapped[bool | None] = mapped_column(Boolean)
    signs_of_use: Mapped[bool | None] = mapped_column(Boolean)
    condition_notes: Mapped[str] = mapped_column(Text, default="")

    # Resolution
    resolution: Mapped[str] = mapped_column(String(30), default="")
    refund_cents: Mapped[int] = mapped_column(Integer, default=0)
    refund_method: Mapped[str] = mapped_column(String(30), default="")
    # Value of a coupon / credit / gesture given on top (checked against the budget).
    goodwill_cents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    resolution_notes: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date)

    items: Mapped[list[ReturnedItem]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    photos: Mapped[list[CasePhoto]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CasePhoto.added_at"
    )
    events: Mapped[list[AuditEvent]] = relationship(
        back_populates="case", order_by="AuditEvent.seq"
    )


class ReturnedItem(Base):
    __tablename__ = "returned_item"
    __table_args__ = (UniqueConstraint("case_id", "order_line_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("return_case.id"), index=True)
    order_line_id: Mapped[str] = mapped_column(ForeignKey("order_line.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)

    case: Mapped[ReturnCase] = relationship(back_populates="items")
    order_line: Mapped[OrderLine] = relationship()


class CasePhoto(Base):
    __tablename__ = "case_photo"
    __table_args__ = (UniqueConstraint("case_id", "sha256"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("return_case.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(String(200), default="")
    original_name: Mapped[str] = mapped_column(String(260), default="")
    added_at: Mapped[datetime]

    case: Mapped[ReturnCase] = relationship(back_populates="photos")


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("return_case.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Hash chain per case: hash = sha256(prev_hash + canonical event).
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    case: Mapped[ReturnCase] = relationship(back_populates="events")


class OutboxEntry(Base):
    """One operation waiting to be pushed to the centre; its id is the op id."""

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7 = op id
    entity: Mapped[str] = mapped_column(String(30))  # e.g. return_case
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    operation: Mapped[str] = mapped_column(String(30))  # e.g. finalise
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # The centre's answer: pending -> synced | rejected (reason code + message for staff).
    reason: Mapped[str] = mapped_column(String(40), default="", server_default="")
    synced_at: Mapped[datetime | None]


class SyncState(Base):
    """Small facts about this counter's sync: server URL, device token, pull cursor."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Annotation(Base):
    """A regional lead's note on one of this store's cases, pulled from the centre."""

    __tablename__ = "annotation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    case_no: Mapped[str] = mapped_column(String(40), default="")
    author_name: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(30), default="", server_default="")
    created_at: Mapped[datetime]


class CaseNumberCounter(Base):
    """Last case number used per store and local day (STORE-YYYYMMDD-NNNN)."""

    __tablename__ = "case_number_counter"

    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)  # YYYYMMDD
    last_no: Mapped[int] = mapped_column(Integer, default=0)
