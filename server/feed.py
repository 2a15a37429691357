"""What flows down to counters: a sequence-numbered feed of the latest change per record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session, selectinload

from db.central import (
    Annotation,
    FeedCounter,
    FeedEntry,
    Policy,
    ReceivedCase,
    SalesOrder,
    ServerMeta,
    Staff,
    Store,
)
from server import errors
from server.database import upsert
from server.errors import ApiError
from server.ids import new_id

# Any constant works; it only has to be the same in every server process.
FEED_LOCK_KEY = 0x52445F46454544  # "RD_FEED"
EPOCH_KEY = "feed_epoch"


@dataclass(frozen=True)
class Change:
    kind: str  # store | staff | order | policy | annotation
    entity_id: str
    store_code: str | None  # None: every counter sees it


def publish(session: Session, changes: Iterable[Change]) -> None:
    """Give each changed record the next sequence numbers; call it last, just before commit.

    On PostgreSQL a transaction-level advisory lock is held from here to commit, so
    numbers become visible in the order they are handed out: without it, seq 11 could
    commit before seq 10 and a counter that pulled 11 would skip 10 for ever. (The
    counter row's own lock does the same today; the advisory lock states the rule and
    keeps it if the counter ever becomes a SEQUENCE, which takes no lock.) SQLite has a
    single writer, which already gives that order.
    """
    unique = list({(c.kind, c.entity_id): c for c in changes}.values())
    if not unique:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY})
    last = session.execute(
        update(FeedCounter)
        .where(FeedCounter.id == 1)
        .values(last_seq=FeedCounter.last_seq + len(unique))
        .returning(FeedCounter.last_seq)
    ).scalar_one()
    first = last - len(unique) + 1
    upsert(
        session,
        FeedEntry,
        [
            {"kind": c.kind, "entity_id": c.entity_id, "seq": first + i, "store_code": c.store_code}
            for i, c in enumerate(unique)
        ],
        key=["kind", "entity_id"],
        update=["seq", "store_code"],
    )


# ---- cursors ----------------------------------------------------------------------------


def current_epoch(session: Session) -> str:
    return session.get_one(ServerMeta, EPOCH_KEY).value


def reset_epoch(session: Session) -> str:
    """A new feed epoch: every counter's cursor gets 410 MUST_REFETCH and starts again."""
    epoch = new_id().replace("-", "")[-12:]
    session.get_one(ServerMeta, EPOCH_KEY).value = epoch
    return epoch


def encode_cursor(epoch: str, seq: int) -> str:
    return f"{epoch}.{seq}"


def decode_cursor(cursor: str, epoch: str, last_seq: int) -> int:
    """The sequence number after which to continue; 0 for an empty cursor."""
    if not cursor:
        return 0
    cursor_epoch, dot, seq_text = cursor.partition(".")
    if not dot or not seq_text.isdigit() or len(seq_text) > 18:
        raise ApiError(400, errors.INVALID_CURSOR, "The cursor is not one this server issued.")
    seq = int(seq_text)
    # Another epoch: the feed was reset (or this is another database). Ahead of the
    # newest number: the database was restored from a backup older than the counter's
    # cursor. Either way continuing would silently miss changes: start again.
    if cursor_epoch != epoch or seq > last_seq:
        raise ApiError(
            410,
            errors.MUST_REFETCH,
            "The server cannot continue from this cursor: pull again from the start "
            "(an empty cursor) and replace the records that flow down. Cases and the "
            "outbox are not affected.",
            restart_cursor="",
        )
    return seq


# ---- records as they travel ---------------------------------------------------------------


def store_data(store: Store) -> dict[str, Any]:
    return {
        "code": store.code,
        "name": store.name,
        "region": store.region,
        "timezone": store.timezone,
    }


def staff_data(staff: Staff) -> dict[str, Any]:
    return {
        "id": staff.id,
        "store_code": staff.store_code,
        "name": staff.name,
        "role": staff.role,
        "pin_hash": staff.pin_hash,
        "active": staff.active,
    }


def order_data(order: SalesOrder) -> dict[str, Any]:
    return {
        "id": order.id,
        "order_no": order.order_no,
        "store_code": order.store_code,
        "customer_id": order.customer_id,
        "customer_name": order.customer_name,
        "phone": order.phone,
        "address": order.address,
        "payment_method": order.payment_method,
        "ordered_at": order.ordered_at.isoformat(),
        "delivered_at": order.delivered_at.isoformat() if order.delivered_at else None,
        "total_cents": order.total_cents,
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
            for ln in order.lines
        ],
    }


def policy_data(policy: Policy) -> dict[str, Any]:
    return {
        "id": policy.id,
        "text": policy.text,
        "sha256": policy.sha256,
        "updated_at": policy.updated_at.isoformat(),
    }


def annotation_data(note: Annotation, case_no: str) -> dict[str, Any]:
    return {
        "id": note.id,
        "case_id": note.case_id,
        "case_no": case_no,
        "author_name": note.author_name,
        "verdict": note.verdict,
        "text": note.text,
        "created_at": note.created_at.isoformat(),
    }


def _load(session: Session, kind: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    if kind == "store":
        return {
            s.code: store_data(s) for s in session.scalars(select(Store).where(Store.code.in_(ids)))
        }
    if kind == "staff":
        return {
            s.id: staff_data(s) for s in session.scalars(select(Staff).where(Staff.id.in_(ids)))
        }
    if kind == "order":
        orders = session.scalars(
            select(SalesOrder).where(SalesOrder.id.in_(ids)).options(selectinload(SalesOrder.lines))
        )
        return {o.id: order_data(o) for o in orders}
    if kind == "policy":
        return {
            p.id: policy_data(p) for p in session.scalars(select(Policy).where(Policy.id.in_(ids)))
        }
    if kind == "annotation":
        rows = session.execute(
            select(Annotation, ReceivedCase.case_no)
            .join(ReceivedCase, ReceivedCase.id == Annotation.case_id)
            .where(Annotation.id.in_(ids))
        )
        return {a.id: annotation_data(a, case_no) for a, case_no in rows}
    return {}


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


def pull(session: Session, store_code: str, cursor: str, limit: int) -> Page:
    epoch = current_epoch(session)
    last_seq = session.get_one(FeedCounter, 1).last_seq
    after = decode_cursor(cursor, epoch, last_seq)
    entries = list(
        session.scalars(
            select(FeedEntry)
            .where(
                FeedEntry.seq > after,
                or_(FeedEntry.store_code.is_(None), FeedEntry.store_code == store_code),
            )
            .order_by(FeedEntry.seq)
            .limit(limit + 1)
        )
    )
    has_more = len(entries) > limit
    entries = entries[:limit]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        by_kind[e.kind].append(e.entity_id)
    data = {kind: _load(session, kind, ids) for kind, ids in by_kind.items()}
    items = [
        {"seq": e.seq, "kind": e.kind, "id": e.entity_id, "data": data[e.kind].get(e.entity_id)}
        for e in entries
    ]
    next_seq = entries[-1].seq if entries else after
    return Page(items=items, next_cursor=encode_cursor(epoch, next_seq), has_more=has_more)
