"""The wire format both sides speak: a finalised case as plain JSON data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from db.models import ReturnCase

WIRE_VERSION = 1

_CASE_FIELDS = (
    "id", "case_no", "store_code", "staff_id", "status", "channel", "customer_words",
    "emotion", "priority", "urgent_goods", "sla_minutes", "requester_name", "is_proxy",
    "proxy_relationship", "order_id", "identity_status", "flags", "reason_category",
    "stated_reason", "real_reason", "packaging_kept", "tags_intact", "seal_intact",
    "signs_of_use", "condition_notes", "resolution", "refund_cents", "refund_method",
    "resolution_notes", "created_at", "first_response_due_at", "first_response_at",
    "finalised_at", "follow_up_on", "goodwill_cents",
)  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def case_to_wire(case: ReturnCase) -> dict[str, Any]:
    return {
        "wire_version": WIRE_VERSION,
        "case": {name: _plain(getattr(case, name)) for name in _CASE_FIELDS},
        "items": [
            {"id": i.id, "order_line_id": i.order_line_id, "quantity": i.quantity}
            for i in case.items
        ],
        "photos": [
            {"id": p.id, "sha256": p.sha256, "byte_size": p.byte_size, "caption": p.caption}
            for p in case.photos
        ],
        "audit": [
            {
                "id": e.id,
                "seq": e.seq,
                "at": e.at.isoformat(),
                "staff_id": e.staff_id,
                "action": e.action,
                "detail": e.detail,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in case.events
        ],
    }
