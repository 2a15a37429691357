"""Request and response bodies of the API, and the wire format of a pushed case, as models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

# Client-made ids are lowercase UUID text, exactly as core.ids.new_id writes them: one
# spelling per id, so "matching by the client's id" cannot be fooled by upper case.
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"

Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN)]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]


# INTEGER columns: 32 bits on PostgreSQL (64 on SQLite). More is refused, not a 500.
INT32_MAX = 2**31 - 1


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refused on SQLite too, so both answer alike.
    if "\x00" in value:
        raise ValueError("NUL is not allowed")
    return value


def _storable_time(value: datetime) -> datetime:
    # Times are stored in UTC; near year 1 or 9999 the conversion leaves the calendar.
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("out of range once converted to UTC") from None
    return value


UtcTime = Annotated[AwareDatetime, AfterValidator(_storable_time)]

Text16 = Annotated[str, StringConstraints(max_length=16), AfterValidator(_no_nul)]
Text20 = Annotated[str, StringConstraints(max_length=20), AfterValidator(_no_nul)]
Text30 = Annotated[str, StringConstraints(max_length=30), AfterValidator(_no_nul)]
Text36 = Annotated[str, StringConstraints(max_length=36), AfterValidator(_no_nul)]
Text40 = Annotated[str, StringConstraints(max_length=40), AfterValidator(_no_nul)]
Text100 = Annotated[str, StringConstraints(max_length=100), AfterValidator(_no_nul)]
Text200 = Annotated[str, StringConstraints(max_length=200), AfterValidator(_no_nul)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- the wire format (db/wire.py, WIRE_VERSION 1) ---------------------------------------


class WireModel(BaseModel):
    # Unknown fields are ignored, not refused: the whole payload is kept verbatim anyway,
    # and a newer counter adding a field must not strand its cases.
    model_config = ConfigDict(extra="ignore")


class WireCase(WireModel):
    id: Uuid
    case_no: Text40
    store_code: Text16
    staff_id: Text36
    status: Text20
    channel: Text20
    customer_words: str
    emotion: Text20
    priority: Text20
    urgent_goods: bool
    sla_minutes: int
    requester_name: Text100
    is_proxy: bool
    proxy_relationship: Text100
    order_id: Uuid | None
    identity_status: Text20
    flags: dict[str, Any]
    reason_category: Text30
    stated_reason: str
    real_reason: str
    packaging_kept: bool | None
    tags_intact: bool | None
    seal_intact: bool | None
    signs_of_use: bool | None
    condition_notes: str
    resolution: Text30
    refund_cents: Annotated[int, Field(ge=0, le=INT32_MAX)]
    refund_method: Text30
    resolution_notes: str
    created_at: UtcTime
    first_response_due_at: UtcTime
    first_response_at: UtcTime | None
    finalised_at: UtcTime | None
    follow_up_on: date | None


class WireItem(WireModel):
    id: Uuid
    order_line_id: Uuid
    quantity: Annotated[int, Field(ge=1, le=INT32_MAX)]


class WirePhoto(WireModel):
    id: Uuid
    sha256: Sha256
    byte_size: Annotated[int, Field(ge=0, le=INT32_MAX)]
    caption: Text200


class WireAuditEvent(WireModel):
    id: Uuid
    seq: Annotated[int, Field(ge=1, le=INT32_MAX)]
    # Kept as sent: the hash chain covers this exact text.
    at: Text40
    staff_id: Text36
    action: Text40
    detail: dict[str, Any]
    prev_hash: Sha256
    hash: Sha256


class WirePayload(WireModel):
    wire_version: int
    case: WireCase
    items: Annotated[list[WireItem], Field(max_length=500)]
    photos: Annotated[list[WirePhoto], Field(max_length=100)]
    audit: Annotated[list[WireAuditEvent], Field(max_length=2000)]


# ---- enrol ----------------------------------------------------------------------------


class EnrolRequest(Model):
    code: Text40
    device_name: Text100 = ""


class StoreOut(Model):
    code: str
    name: str
    region: str
    timezone: str


class EnrolResponse(Model):
    device_id: str
    token: str = Field(description="Bearer token; shown once, stored by the server only as a hash")
    store: StoreOut
    server_time: datetime


# ---- push -----------------------------------------------------------------------------


class PushOperation(Model):
    """One outbox row of the counter (db.models.OutboxEntry)."""

    op_id: Uuid = Field(description="the outbox row's id: the idempotency key")
    entity: Text30 = Field(examples=["return_case"])
    entity_id: Uuid
    operation: Text30 = Field(examples=["finalise"])
    created_at: UtcTime | None = Field(
        default=None, description="the counter's clock; kept as data, never trusted"
    )
    payload: dict[str, Any] = Field(description="db.wire.case_to_wire(case)")


class PushRequest(Model):
    operations: list[PushOperation]


OpResult = Literal["applied", "duplicate", "rejected"]


class OperationResult(Model):
    op_id: str
    result: OpResult
    reason: str | None = Field(default=None, description="machine code; see docs/sync-protocol.md")
    message: str = ""
    entity_id: str | None = None
    received_at: datetime | None = Field(
        default=None, description="server time the case was first stored"
    )
    missing_photos: list[str] = Field(
        default_factory=list, description="photo hashes the case names that the server lacks"
    )


class PushResponse(Model):
    results: list[OperationResult]
    server_time: datetime


# ---- photos ---------------------------------------------------------------------------


class PhotoQuery(Model):
    sha256: list[Sha256]


class PhotoQueryResult(Model):
    missing: list[str]


class PhotoStored(Model):
    sha256: str
    byte_size: int
    already_present: bool


# ---- pull -----------------------------------------------------------------------------


class ChangeItem(Model):
    seq: int
    kind: Literal["store", "staff", "order", "policy", "annotation"]
    id: str
    data: dict[str, Any] | None = Field(description="the record's current state; null if gone")


class ChangesPage(Model):
    items: list[ChangeItem]
    next_cursor: str
    has_more: bool
    server_time: datetime


# ---- sanity check ---------------------------------------------------------------------


class CaseCheckRequest(Model):
    case_ids: list[Uuid]


class CaseCheckResult(Model):
    known: int
    missing: list[str]


# ---- review (regional leads) ----------------------------------------------------------

# What a lead concludes about a case; "" on a plain note (and on notes from before verdicts).
VERDICTS = ("fine", "needs_follow_up", "suspicious")
Verdict = Literal["fine", "needs_follow_up", "suspicious"]
SORT_KEYS = ("finalised_at", "refund", "store", "case_no")
SortKey = Literal["finalised_at", "refund", "store", "case_no"]


class CaseFlags(Model):
    """What a lead looks out for; computed by the server from the stored case."""

    identity_override: bool = Field(description="a supervisor overrode an identity mismatch")
    outside_policy: bool = Field(
        description="a supervisor approved something outside policy (not an identity override)"
    )
    goodwill: bool = Field(
        description="declined with a goodwill gesture, or goodwill above the budget approved"
    )
    sla_breached: bool = Field(description="the first response came after it was due")
    annotated: bool = Field(description="a lead has annotated the case")


class CaseSummary(Model):
    id: str
    case_no: str
    store_code: str
    store_name: str = ""
    staff_id: str = ""
    staff_name: str = ""
    order_id: str | None
    reason_category: str
    resolution: str
    refund_cents: int
    identity_status: str
    priority: str
    channel: str
    customer_words: str = ""
    finalised_at: datetime
    received_at: datetime
    flags: CaseFlags
    verdict: str = Field(default="", description="the latest annotation's verdict, if any")


class CasePage(Model):
    items: list[CaseSummary]
    total: int = Field(description="cases matching the filters, over all pages")
    page: int = Field(description="this page's number, from 1")
    pages: int = Field(description="number of pages (0 when nothing matches)")
    limit: int
    next_page: int | None = Field(description="the next page's number, or null on the last")


class AnnotationIn(Model):
    id: Uuid = Field(description="made by the tool (UUIDv7); the idempotency key")
    verdict: Verdict | Literal[""] = ""
    text: Annotated[str, StringConstraints(max_length=4000)] = ""

    @model_validator(mode="after")
    def _says_something(self) -> AnnotationIn:
        if not self.verdict and not self.text.strip():
            raise ValueError("give a verdict, a comment, or both")
        if "\x00" in self.text:
            raise ValueError("text: NUL is not allowed")
        return self


class AnnotationOut(Model):
    id: str
    case_id: str
    author_name: str
    verdict: str = ""
    text: str
    created_at: datetime


class PhotoRef(Model):
    sha256: str
    caption: str
    byte_size: int
    available: bool


class ReturnedItemOut(Model):
    order_line_id: str
    quantity: int
    line_no: int | None = None
    sku: str = ""
    name: str = ""
    category: str = ""
    unit_price_cents: int | None = None


class CaseDetail(Model):
    summary: CaseSummary
    payload: dict[str, Any] = Field(description="the case exactly as the counter pushed it")
    photos: list[PhotoRef]
    annotations: list[AnnotationOut]
    order_no: str | None = None
    items: list[ReturnedItemOut] = Field(default_factory=list)
    staff_names: dict[str, str] = Field(
        default_factory=dict, description="names of the staff the case and its audit trail name"
    )


class ReviewStore(Model):
    code: str
    name: str


class ReviewStaff(Model):
    id: str
    name: str
    store_code: str
    role: str


class ReviewOptions(Model):
    """What the filter bar offers: the region's stores and staff, the codes in use."""

    region: str
    stores: list[ReviewStore]
    staff: list[ReviewStaff]
    reasons: list[str]
    resolutions: list[str]


# ---- health and version ---------------------------------------------------------------


class Health(Model):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "unreachable"]


class ProtocolRange(Model):
    min: int
    max: int


class VersionInfo(Model):
    server_version: str
    protocol: ProtocolRange
    wire_versions: list[int]
    schema_revision: str | None
    server_time: datetime
