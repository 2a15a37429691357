"""This counter's finalised cases, with their sync state and the regional lead's notes.

Staff look here to reprint a receipt, to see whether a case has reached the centre,
and to read what the regional lead wrote about it (notes come down with pull).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from db.models import Annotation, OutboxEntry, ReturnCase

DEFAULT_DAYS = 30
FINISHED = ("finalised", "synced")  # a case is "synced" once the centre accepted it
LIMIT = 500


@dataclass(frozen=True)
class FinishedEntry:
    id: str
    case_no: str
    finalised_at: datetime
    customer_words: str
    reason_category: str
    resolution: str
    refund_cents: int
    customer_language: str
    sync_state: str  # pending | synced | rejected | "" (no outbox row: made before sync)
    sync_reason: str
    notes: int
    verdict: str  # the latest lead verdict, "" if none


@dataclass(frozen=True)
class LeadNoteView:
    author_name: str
    text: str
    verdict: str
    created_at: datetime


def _like(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def finished(
    s: Session, store_code: str, since: datetime, text: str = "", limit: int = LIMIT
) -> list[FinishedEntry]:
    """Finalised cases of the store since ``since``, newest first.

    ``text`` matches the case number or the customer's words (case-insensitive).
    """
    notes = (
        select(func.count())
        .where(Annotation.case_id == ReturnCase.id)
        .correlate(ReturnCase)
        .scalar_subquery()
    )
    verdict = (
        select(Annotation.verdict)
        .where(Annotation.case_id == ReturnCase.id, Annotation.verdict != "")
        .order_by(Annotation.created_at.desc(), Annotation.id.desc())
        .limit(1)
        .correlate(ReturnCase)
        .scalar_subquery()
    )
    query = (
        select(ReturnCase, OutboxEntry.status, OutboxEntry.reason, notes, verdict)
        .outerjoin(OutboxEntry, OutboxEntry.entity_id == ReturnCase.id)
        .where(
            ReturnCase.store_code == store_code,
            ReturnCase.status.in_(FINISHED),
            ReturnCase.finalised_at >= since,
        )
        .order_by(ReturnCase.finalised_at.desc(), ReturnCase.id.desc())
        .limit(limit)
    )
    term = text.strip()
    if term:
        pattern = _like(term)
        query = query.where(
            or_(
                func.lower(ReturnCase.case_no).like(pattern, escape="\\"),
                func.lower(ReturnCase.customer_words).like(pattern, escape="\\"),
            )
        )
    return [
        FinishedEntry(
            id=c.id,
            case_no=c.case_no,
            finalised_at=c.finalised_at,
            customer_words=c.customer_words,
            reason_category=c.reason_category,
            resolution=c.resolution,
            refund_cents=c.refund_cents,
            customer_language=c.customer_language,
            sync_state=state or "",
            sync_reason=reason or "",
            notes=int(count or 0),
            verdict=latest or "",
        )
        for c, state, reason, count, latest in s.execute(query)
    ]


def lead_notes(s: Session, case_id: str) -> list[LeadNoteView]:
    """The regional lead's notes on one case, oldest first (a conversation reads down)."""
    rows = s.scalars(
        select(Annotation)
        .where(Annotation.case_id == case_id)
        .order_by(Annotation.created_at, Annotation.id)
    )
    return [LeadNoteView(a.author_name, a.text, a.verdict, a.created_at) for a in rows]


def default_since(now: datetime) -> datetime:
    return now - timedelta(days=DEFAULT_DAYS)
