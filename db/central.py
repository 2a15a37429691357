"""The centre's schema: stores, staff, devices, orders, received cases, sync log, feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.case_facts import facts
from db.types import NAMING_CONVENTION, UTCDateTime

# JSONB on PostgreSQL: compact, indexable, and compared by value rather than by text.
JSONDoc = JSON().with_variant(JSONB(), "postgresql")

DEVICE_KINDS = ("counter", "lead")
STAFF_ROLES = ("clerk", "supervisor", "regional_lead", "admin")
OP_RESULTS = ("applied", "duplicate", "rejected")
FEED_KINDS = ("store", "staff", "order", "policy", "annotation")


class CentralBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONDoc}


class ServerMeta(CentralBase):
    """Small facts about this installation, e.g. the feed epoch (see docs/sync-protocol.md)."""

    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class FeedCounter(CentralBase):
    """The last feed sequence number handed out (one row, id 1)."""

    __tablename__ = "feed_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class Store(CentralBase):
    __tablename__ = "store"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Staff(CentralBase):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))  # one of STAFF_ROLES
    # scrypt$n$r$p$salt$hash, the format core.pins verifies offline at the counter.
    pin_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Device(CentralBase):
    """A credential: an enrolled counter (bound to a store) or a regional lead (a region)."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # one of DEVICE_KINDS
    store_code: Mapped[str | None] = mapped_column(ForeignKey("store.code"), index=True)
    region: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100), default="")
    # SHA-256 of the bearer token: tokens carry 256 random bits, so a fast hash is enough
    # and lets every request look its token up by index.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    last_app_version: Mapped[str] = mapped_column(String(40), default="")
    last_schema_version: Mapped[str] = mapped_column(String(40), default="")
    # A lease, not an in-process lock: it holds across API processes and expires by itself
    # when a process dies mid-push.
    push_lease_token: Mapped[str | None] = mapped_column(String(36))
    push_lease_until: Mapped[datetime | None]


class EnrolmentCode(CentralBase):
    __tablename__ = "enrolment_code"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[str | None] = mapped_column(String(36))


class SalesOrder(CentralBase):
    """An order from the order system, as imported; mirrors db.models.Order."""

    __tablename__ = "sales_order"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_no: Mapped[str] = mapped_column(String(40), unique=True)  # normalised
    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"), index=True)
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    customer_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300))
    payment_method: Mapped[str] = mapped_column(String(20))
    ordered_at: Mapped[datetime] = mapped_column(index=True)
    delivered_at: Mapped[datetime | None]
    total_cents: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]

    lines: Mapped[list[SalesOrderLine]] = relationship(
        back_populates="order", order_by="SalesOrderLine.line_no", cascade="all, delete-orphan"
    )


class SalesOrderLine(CentralBase):
    __tablename__ = "order_line"
    __table_args__ = (
        UniqueConstraint("order_id", "line_no"),
        Index("ix_order_line_sku_name", "sku", "name"),  # a product's name by its SKU
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("sales_order.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(Integer)

    order: Mapped[SalesOrder] = relationship(back_populates="lines")


def _fact(name: str) -> Callable[[Any], Any]:
    """Column default: the fact ``name`` of the row's payload (db/case_facts.py), for any
    insert that leaves it out; computed once per row for all the fact columns."""

    def default(context: Any) -> Any:
        payload = context.get_current_parameters()["payload"]
        cache = context.__dict__.setdefault("_returndesk_case_facts", {})
        if id(payload) not in cache:
            cache[id(payload)] = (payload, facts(payload))  # payload kept: its id stays unique
        return cache[id(payload)][1][name]

    return default


# Made by migrations where the database allows, not declared above: PostgreSQL's trigram
# index for search (0003; needs the pg_trgm extension). Schema comparisons skip them.
OPTIONAL_INDEXES = frozenset({"ix_return_case_search_trgm"})


def _flagged(flag: str, *columns: str) -> Index:
    """A partial index of the cases with ``flag`` set (a few per cent of them)."""
    return Index(
        f"ix_return_case_{flag}",
        *columns,
        postgresql_where=text(flag),
        sqlite_where=text(f"{flag} = 1"),
    )


DASHBOARD_COLUMNS = (
    "store_code",
    "reason_category",
    "resolution",
    "finalised_at",
    "refund_cents",
    "identity_status",
    "goodwill",
    "sla_breached",
    "outside_policy",
    "goodwill_cents",
    "id",
)


class ReceivedCase(CentralBase):
    """A finalised case as a counter pushed it; never changed after it is stored."""

    __tablename__ = "return_case"
    __table_args__ = (
        Index("ix_return_case_store_received", "store_code", "received_at"),
        # The review list's default order: a region's stores, newest finalised first.
        Index("ix_return_case_store_finalised", "store_code", "finalised_at"),
        # Newest first over several stores (a region), and deep pages of it.
        Index("ix_return_case_finalised", "finalised_at", "id", "store_code"),
        # (store_code last: the region filter is answered from the index alone.)
        Index(
            "ix_return_case_reason_refund", "reason_category", "refund_cents", "id", "store_code"
        ),
        _flagged("sla_breached", "finalised_at", "id", "store_code"),
        _flagged("outside_policy", "finalised_at", "id", "store_code"),
        _flagged("goodwill", "finalised_at", "id", "store_code"),
        Index(
            "ix_return_case_identity_override",
            "finalised_at",
            "id",
            "store_code",
            postgresql_where=text("identity_status = 'overridden'"),
            sqlite_where=text("identity_status = 'overridden'"),
        ),
        # Everything the dashboard's grouped pass reads (server/dashboard.py), store first:
        # a region's cases come from the index alone. Its first three columns also list
        # the reasons and resolutions a region uses (review options).
        Index("ix_return_case_dashboard", *DASHBOARD_COLUMNS),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the counter's UUIDv7
    # Not unique: numbers are counted per counter, so two counters of one store can both
    # issue SH01-20261126-0001.
    case_no: Mapped[str] = mapped_column(String(40), index=True)
    store_code: Mapped[str] = mapped_column(ForeignKey("store.code"))
    staff_id: Mapped[str] = mapped_column(String(36))
    order_id: Mapped[str | None] = mapped_column(ForeignKey("sales_order.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20))
    identity_status: Mapped[str] = mapped_column(String(20))
    reason_category: Mapped[str] = mapped_column(String(30))
    resolution: Mapped[str] = mapped_column(String(30))
    refund_cents: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]  # the counter's clock: data, not trusted for ordering
    finalised_at: Mapped[datetime]  # the counter's clock
    received_at: Mapped[datetime]  # the server's clock
    device_id: Mapped[str] = mapped_column(String(36))
    op_id: Mapped[str] = mapped_column(String(36))
    payload_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    # Facts of the payload (db/case_facts.py; migrations 0003 and 0004 filled older rows).
    sla_breached: Mapped[bool] = mapped_column(
        Boolean, default=_fact("sla_breached"), server_default=false()
    )
    outside_policy: Mapped[bool] = mapped_column(
        Boolean, default=_fact("outside_policy"), server_default=false()
    )
    goodwill: Mapped[bool] = mapped_column(
        Boolean, default=_fact("goodwill"), server_default=false()
    )
    goodwill_cents: Mapped[int] = mapped_column(
        BigInteger, default=_fact("goodwill_cents"), server_default=text("0")
    )
    search_text: Mapped[str] = mapped_column(Text, default=_fact("search_text"), server_default="")

    items: Mapped[list[ReceivedItem]] = relationship(back_populates="case")
    photos: Mapped[list[ReceivedPhoto]] = relationship(back_populates="case")
    events: Mapped[list[ReceivedAuditEvent]] = relationship(
        back_populates="case", order_by="ReceivedAuditEvent.seq"
    )


class ReceivedItem(CentralBase):
    __tablename__ = "returned_item"
    __table_args__ = (
        UniqueConstraint("case_id", "order_line_id"),
        # The dashboard's products read the region's quality returns from here alone.
        Index(
            "ix_returned_item_products",
            "reason_category", "store_code", "finalised_at", "sku", "case_id", "quantity",
        ),
    )  # fmt: skip

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("return_case.id"), index=True)
    order_line_id: Mapped[str] = mapped_column(ForeignKey("order_line.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    # Copied when the item is pushed (server/push.py; migration 0005 filled older ones): the
    # order line's SKU and the case's store, reason and finalisation, which never change.
    sku: Mapped[str | None] = mapped_column(String(40))
    store_code: Mapped[str | None] = mapped_column(String(16))
    reason_category: Mapped[str | None] = mapped_column(String(30))
    finalised_at: Mapped[datetime | None] = mapped_column()

    case: Mapped[ReceivedCase] = relationship(back_populates="items")


class ReceivedPhoto(CentralBase):
    __tablename__ = "case_photo"
    __table_args__ = (UniqueConstraint("case_id", "sha256"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("return_case.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    byte_size: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(String(200), default="")

    case: Mapped[ReceivedCase] = relationship(back_populates="photos")


class ReceivedAuditEvent(CentralBase):
    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("return_case.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    staff_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    case: Mapped[ReceivedCase] = relationship(back_populates="events")


class PhotoBlob(CentralBase):
    """A photo file the server holds (verified against its name when it was stored)."""

    __tablename__ = "photo_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    byte_size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[datetime]
    device_id: Mapped[str] = mapped_column(String(36))


class SyncOperation(CentralBase):
    """Every pushed operation id and the result it got: replayed as is on a retry."""

    __tablename__ = "sync_operation"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    store_code: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    operation: Mapped[str] = mapped_column(String(30))
    payload_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(10))  # one of OP_RESULTS
    reason: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime]


class Policy(CentralBase):
    """The returns policy text (policy.toml) handed down to counters."""

    __tablename__ = "policy"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # "global"
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class Annotation(CentralBase):
    """A regional lead's note on a synced case; flows back down to the case's store."""

    __tablename__ = "annotation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("return_case.id"), index=True)
    author_device_id: Mapped[str] = mapped_column(String(36))
    author_name: Mapped[str] = mapped_column(String(100))
    # fine | needs_follow_up | suspicious, or "" for a note without a verdict.
    verdict: Mapped[str] = mapped_column(String(20), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class FeedEntry(CentralBase):
    """The latest change of one record that flows down; pull reads this in seq order.

    One row per record (kind, entity_id), its seq moved forward on each change: the
    feed is compacted by construction, so old cursors never lose anything but history.
    """

    __tablename__ = "feed"
    __table_args__ = (Index("ix_feed_store_seq", "store_code", "seq"),)

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # one of FEED_KINDS
    entity_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    # None: every counter sees it (policy); otherwise only that store's counters.
    store_code: Mapped[str | None] = mapped_column(String(16))
