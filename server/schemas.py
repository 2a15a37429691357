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


# The wire models check lengths only, not NUL: a push refuses NUL anywhere in a payload
# before validating it (server/push.py, _unstorable), and a Python check per text field
# cost two thirds of a case's validation time.
WireText16 = Annotated[str, StringConstraints(max_length=16)]
WireText20 = Annotated[str, StringConstraints(max_length=20)]
WireText30 = Annotated[str, StringConstraints(max_length=30)]
WireText36 = Annotated[str, StringConstraints(max_length=36)]
WireText40 = Annotated[str, StringConstraints(max_length=40)]
WireText100 = Annotated[str, StringConstraints(max_length=100)]
WireText200 = Annotated[str, StringConstraints(max_length=200)]


class WireModel(BaseModel):
    # Unknown fields are ignored, not refused: the whole payload is kept verbatim anyway,
    # and a newer counter adding a field must not strand its cases.
    model_config = ConfigDict(extra="ignore")


class WireCase(WireModel):
    id: Uuid
    case_no: WireText40
    store_code: WireText16
    staff_id: WireText36
    status: WireText20
    channel: WireText20
    customer_words: str
    emotion: WireText20
    priority: WireText20
    urgent_goods: bool
    sla_minutes: int
    requester_name: WireText100
    is_proxy: bool
    proxy_relationship: WireText100
    order_id: Uuid | None
    identity_status: WireText20
    flags: dict[str, Any]
    reason_category: WireText30
    stated_reason: str
    real_reason: str
    packaging_kept: bool | None
    tags_intact: bool | None
    seal_intact: bool | None
    signs_of_use: bool | None
    condition_notes: str
    resolution: WireText30
    refund_cents: Annotated[int, Field(ge=0, le=INT32_MAX)]
    refund_method: WireText30
    resolution_notes: str
    created_at: UtcTime
    first_response_due_at: UtcTime
    first_response_at: UtcTime | None
    finalised_at: UtcTime | None
    follow_up_on: date | None
    # Added after wire version 1 shipped: older counters send none (read as 0).
    goodwill_cents: Annotated[int, Field(ge=0, le=INT32_MAX)] = 0


class WireItem(WireModel):
    id: Uuid
    order_line_id: Uuid
    quantity: Annotated[int, Field(ge=1, le=INT32_MAX)]


class WirePhoto(WireModel):
    id: Uuid
    sha256: Sha256
    byte_size: Annotated[int, Field(ge=0, le=INT32_MAX)]
    caption: WireText200


class WireAuditEvent(WireModel):
    id: Uuid
    seq: Annotated[int, Field(ge=1, le=INT32_MAX)]
    # Kept as sent: the hash chain covers this exact text.
    at: WireText40
    staff_id: WireText36
    action: WireText40
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
    counter_no: int = Field(
        description="this counter's number in its store (1, 2, …); part of its case numbers"
    )
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
    total: int = Field(
        description="cases matching the filters, over all pages; when total_exact is "
        "false, at least this many (counting stops there)"
    )
    total_exact: bool = Field(
        default=True, description="false: more cases match than total (a lower bound)"
    )
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


# ---- signals (server/signals.py) -----------------------------------------------------------

SignalKind = Literal["quality_product", "store_rate", "repeat_customer"]


class Signal(Model):
    """Something the lead would otherwise miss; numbers only, the UI words them."""

    kind: SignalKind
    subject: str = Field(description="the SKU, the store code, or the masked customer")
    subject_name: str = Field(description="product name, store name, or the masked customer")
    metric: Literal["", "identity_override", "outside_policy"] = Field(
        default="", description="store_rate: which flag's rate stands out"
    )
    first_at: datetime = Field(description="the first case's finalisation")
    last_at: datetime = Field(description="the last case's finalisation")
    cases: int = Field(description="cases the signal is about (case_ids may list fewer)")
    peak: int | None = Field(
        default=None,
        description="quality_product: most quality returns within window_days; "
        "repeat_customer: most different stores within window_days",
    )
    units: int | None = Field(default=None, description="quality_product: units returned")
    window_days: int | None = None
    store_cases: int | None = Field(default=None, description="store_rate: the store's cases")
    rate: float | None = Field(default=None, description="store_rate: cases / store_cases")
    region_cases: int | None = Field(
        default=None, description="store_rate: cases of the region's other stores"
    )
    region_flagged: int | None = Field(
        default=None, description="store_rate: of those, the ones with the flag"
    )
    region_rate: float | None = Field(
        default=None, description="store_rate: region_flagged / region_cases"
    )
    expected_rate: float | None = Field(
        default=None,
        description="store_rate: the others' rate smoothed, (region_flagged + 1) / "
        "(region_cases + 2): what the store is compared with",
    )
    ratio: float | None = Field(default=None, description="store_rate: rate / expected_rate")
    p_value: float | None = Field(
        default=None, description="store_rate: one-sided binomial test against the others"
    )
    stores: list[str] = Field(description="store codes of the cases")
    case_ids: list[str]
    case_nos: list[str] = Field(
        default_factory=list, description="the case numbers of case_ids, in the same order"
    )


class QualityProductRuleOut(Model):
    min_returns: int
    window_days: int


class StoreRateRuleOut(Model):
    min_cases: int
    min_flagged: int
    ratio: float
    max_p_value: float


class RepeatCustomerRuleOut(Model):
    min_stores: int
    window_days: int


class SignalRulesOut(Model):
    """The thresholds in force (the server's signals.toml)."""

    quality_product: QualityProductRuleOut
    store_rate: StoreRateRuleOut
    repeat_customer: RepeatCustomerRuleOut
    max_range_days: int
    max_case_ids: int


class SignalsReport(Model):
    region: str
    since: datetime = Field(description="inclusive")
    until: datetime = Field(description="exclusive")
    generated_at: datetime
    rules: SignalRulesOut
    signals: list[Signal]


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
