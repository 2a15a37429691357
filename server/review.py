"""What regional leads read and write: cases of their region, photos, annotations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session

from db.central import Annotation, PhotoBlob, ReceivedCase, ReceivedPhoto, Store
from server import errors
from server.auth import Principal
from server.errors import ApiError
from server.feed import Change, publish
from server.ids import utcnow
from server.schemas import (
    AnnotationOut,
    CaseDetail,
    CasePage,
    CaseSummary,
    PhotoRef,
)


def _visible(lead: Principal) -> Select[ReceivedCase]:
    """The cases a regional lead may read: those of the stores in their region."""
    return (
        select(ReceivedCase)
        .join(Store, Store.code == ReceivedCase.store_code)
        .where(Store.region == lead.region)
    )


def summary(case: ReceivedCase) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        case_no=case.case_no,
        store_code=case.store_code,
        order_id=case.order_id,
        reason_category=case.reason_category,
        resolution=case.resolution,
        refund_cents=case.refund_cents,
        identity_status=case.identity_status,
        priority=case.priority,
        channel=case.channel,
        finalised_at=case.finalised_at,
        received_at=case.received_at,
    )


def _page_token(case: ReceivedCase) -> str:
    return f"{case.received_at.isoformat()}|{case.id}"


def list_cases(
    s: Session,
    principal: Principal,
    store: str | None,
    reason: str | None,
    page: str | None,
    limit: int,
) -> CasePage:
    """Newest received first, paged by (received_at, id) so a page never shifts."""
    if store is not None:
        region = s.scalar(select(Store.region).where(Store.code == store))
        if region != principal.region:
            raise ApiError(403, errors.FORBIDDEN, f"Store {store} is outside your region.")
    query = _visible(principal)
    if store is not None:
        query = query.where(ReceivedCase.store_code == store)
    if reason:
        query = query.where(ReceivedCase.reason_category == reason)
    if page:
        at_text, _, case_id = page.partition("|")
        try:
            at = datetime.fromisoformat(at_text)
        except ValueError:
            raise ApiError(400, errors.INVALID_REQUEST, "Bad page token.") from None
        query = query.where(
            or_(
                ReceivedCase.received_at < at,
                and_(ReceivedCase.received_at == at, ReceivedCase.id < case_id),
            )
        )
    rows = list(
        s.scalars(
            query.order_by(ReceivedCase.received_at.desc(), ReceivedCase.id.desc()).limit(limit + 1)
        )
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return CasePage(
        items=[summary(c) for c in rows],
        next_page=_page_token(rows[-1]) if more and rows else None,
    )


def get_case(s: Session, principal: Principal, case_id: str) -> ReceivedCase:
    case = s.scalar(_visible(principal).where(ReceivedCase.id == case_id))
    if case is None:
        # Same answer for "does not exist" and "not yours": ids of other regions stay secret.
        raise ApiError(404, errors.NOT_FOUND, "No such case in your region.")
    return case


def _annotation_out(note: Annotation) -> AnnotationOut:
    return AnnotationOut(
        id=note.id,
        case_id=note.case_id,
        author_name=note.author_name,
        text=note.text,
        created_at=note.created_at,
    )


def case_detail(s: Session, principal: Principal, case_id: str) -> CaseDetail:
    case = get_case(s, principal, case_id)
    photos = list(s.scalars(select(ReceivedPhoto).where(ReceivedPhoto.case_id == case.id)))
    have = set(
        s.scalars(select(PhotoBlob.sha256).where(PhotoBlob.sha256.in_([p.sha256 for p in photos])))
    )
    notes = s.scalars(
        select(Annotation)
        .where(Annotation.case_id == case.id)
        .order_by(Annotation.created_at, Annotation.id)
    )
    return CaseDetail(
        summary=summary(case),
        payload=case.payload,
        photos=[
            PhotoRef(
                sha256=p.sha256,
                caption=p.caption,
                byte_size=p.byte_size,
                available=p.sha256 in have,
            )
            for p in photos
        ],
        annotations=[_annotation_out(n) for n in notes],
    )


def annotate(
    s: Session, principal: Principal, case_id: str, note_id: str, text: str
) -> AnnotationOut:
    """Add a lead's note (idempotent by its id); it flows down to the case's store."""
    case = get_case(s, principal, case_id)
    existing = s.get(Annotation, note_id)
    if existing is not None:
        if (existing.case_id, existing.text, existing.author_device_id) != (
            case.id,
            text,
            principal.device_id,
        ):
            raise ApiError(
                409, errors.CONFLICT, "This annotation id is already used for other content."
            )
        return _annotation_out(existing)
    note = Annotation(
        id=note_id,
        case_id=case.id,
        author_device_id=principal.device_id,
        author_name=principal.name,
        text=text,
        created_at=utcnow(),
    )
    s.add(note)
    s.flush()
    publish(s, [Change("annotation", note.id, case.store_code)])
    return _annotation_out(note)


def may_read_photo(s: Session, principal: Principal, sha256: str) -> bool:
    """A photo is readable by a lead who may read a case that shows it."""
    visible_cases = _visible(principal).where(ReceivedCase.id == ReceivedPhoto.case_id)
    return bool(
        s.scalar(select(exists().where(ReceivedPhoto.sha256 == sha256, visible_cases.exists())))
    )
