"""The plain data a return case travels in between the service, the wizard and scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.orders import OrderView
from core.policy import CHANNELS, EMOTIONS, PRIORITIES

__all__ = ["CHANNELS", "EMOTIONS", "PRIORITIES"]

PAGES = ("intake", "identity", "items", "condition", "resolution", "summary")
REFUND_METHODS = ("original", "cash", "store_credit")


@dataclass(frozen=True)
class PhotoView:
    id: str
    sha256: str
    path: Path
    thumb_path: Path
    width: int
    height: int
    caption: str


@dataclass
class CaseDraft:
    """Plain data the wizard edits; the service turns it into rows."""

    id: str
    case_no: str
    store_code: str
    status: str
    current_page: int
    created_at: datetime
    first_response_due_at: datetime
    first_response_at: datetime | None = None
    channel: str = "counter"
    customer_words: str = ""
    emotion: str = "calm"
    priority: str = "normal"
    urgent_goods: bool = False
    sla_minutes: int = 15
    requester_name: str = ""
    is_proxy: bool = False
    proxy_relationship: str = ""
    order_no_entered: str = ""
    order: OrderView | None = None
    claimed_orderer_name: str = ""
    claimed_phone_last4: str = ""
    identity_status: str = "unchecked"  # unchecked | verified | mismatch | overridden
    flags: dict[str, Any] = field(default_factory=dict)
    reason_category: str = ""
    stated_reason: str = ""
    real_reason: str = ""
    items: dict[str, int] = field(default_factory=dict)  # order_line_id -> quantity
    packaging_kept: bool | None = None
    tags_intact: bool | None = None
    seal_intact: bool | None = None
    signs_of_use: bool | None = None
    condition_notes: str = ""
    photos: tuple[PhotoView, ...] = ()
    resolution: str = ""
    refund_cents: int = 0
    refund_method: str = ""
    resolution_notes: str = ""
    follow_up_on: date | None = None
    goodwill_cents: int = 0
    customer_language: str = "zh_CN"
    approvals: tuple[dict[str, Any], ...] = ()  # granted by a supervisor; see CaseService.approve
    finalised_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        return self.status != "draft"

    def returned_value_cents(self) -> int:
        if self.order is None:
            return 0
        prices = {ln.id: ln.unit_price_cents for ln in self.order.lines}
        return sum(prices.get(line_id, 0) * qty for line_id, qty in self.items.items())


@dataclass(frozen=True)
class Problem:
    """A validation message and the field it belongs next to."""

    field: str
    message: str


@dataclass(frozen=True)
class QueueEntry:
    id: str
    case_no: str
    channel: str
    customer_words: str
    priority: str
    created_at: datetime
    first_response_due_at: datetime
    first_response_at: datetime | None
    current_page: int
