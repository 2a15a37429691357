"""The regional lead's review client: cases of the region, photos and annotations over HTTP.

Async (httpx) so the review window runs it as coroutines on the app's one event
loop. Every request retries network errors, 5xx, 408 and 429 with capped
exponential back-off and jitter (honouring Retry-After), like the counter's sync
client; any other 4xx is raised at once with the server's message. The last page
loaded and the cases opened stay in memory, so the window can keep showing them
while the server cannot be reached.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QCoreApplication

from core.dashboard import Dashboard, parse_dashboard
from core.export import ExportResult, download_export
from core.export import Format as ExportFormat
from core.http_retry import RETRY_STATUS, error_body, send_with_retries
from core.ids import new_id
from core.signals import SignalReport
from core.signals import parse_report as parse_signal_report

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

PROTOCOL_VERSION = "1"
# A lead's app keeps no local database; the header is still required by the protocol.
SCHEMA_VERSION = "none"
PAGE_SIZE = 50
VERDICTS = ("fine", "needs_follow_up", "suspicious")
SORT_KEYS = ("finalised_at", "refund", "store", "case_no")
FLAG_NAMES = ("identity_override", "outside_policy", "goodwill", "sla_breached", "annotated")
DETAILS_KEPT = 50
PHOTOS_KEPT = 64


def verdict_label(code: str) -> str:
    return {
        "fine": translate("review", "Fine"),
        "needs_follow_up": translate("review", "Needs follow-up"),
        "suspicious": translate("review", "Suspicious"),
    }.get(code, code)


def flag_label(code: str) -> str:
    return {
        "identity_override": translate("review", "Identity override"),
        "outside_policy": translate("review", "Outside policy"),
        "goodwill": translate("review", "Goodwill"),
        "sla_breached": translate("review", "SLA breached"),
        "annotated": translate("review", "Annotated"),
    }.get(code, code)


class ReviewError(Exception):
    """A review request failed; ``message`` is for the lead, ``retryable`` says try later."""

    def __init__(self, message: str, *, retryable: bool, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.code = code

    @property
    def offline(self) -> bool:
        """The server could not be reached or could not answer: show what was loaded."""
        return self.retryable


# ---- what goes in ------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    """None (or "") means "any". Dates are whole days in the lead's time zone, inclusive.

    A flag set to True asks for cases with it, False for cases without it.
    """

    store: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    reason: str | None = None
    resolution: str | None = None
    refund_min_cents: int | None = None
    refund_max_cents: int | None = None
    staff_id: str | None = None
    identity_override: bool | None = None
    outside_policy: bool | None = None
    goodwill: bool | None = None
    sla_breached: bool | None = None
    annotated: bool | None = None
    search: str = ""

    def params(self, zone: tzinfo) -> dict[str, str]:
        p: dict[str, str] = {}
        for name, value in (
            ("store", self.store),
            ("reason", self.reason),
            ("resolution", self.resolution),
            ("staff", self.staff_id),
        ):
            if value:
                p[name] = value
        if self.date_from is not None:
            p["finalised_from"] = _start_of(self.date_from, zone).isoformat()
        if self.date_to is not None:
            # Inclusive for people ("to 26 Nov"), exclusive for the server.
            p["finalised_to"] = _start_of(self.date_to + timedelta(days=1), zone).isoformat()
        if self.refund_min_cents is not None:
            p["refund_min"] = str(self.refund_min_cents)
        if self.refund_max_cents is not None:
            p["refund_max"] = str(self.refund_max_cents)
        for name in FLAG_NAMES:
            value = getattr(self, name)
            if value is not None:
                p[name] = "true" if value else "false"
        if self.search.strip():
            p["q"] = self.search.strip()
        return p


@dataclass(frozen=True)
class CaseSort:
    key: str = "finalised_at"  # one of SORT_KEYS
    descending: bool = True


# ---- what comes out ------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFlags:
    identity_override: bool = False
    outside_policy: bool = False
    goodwill: bool = False
    sla_breached: bool = False
    annotated: bool = False

    def names(self) -> list[str]:
        return [n for n in FLAG_NAMES if getattr(self, n)]


@dataclass(frozen=True)
class CaseRow:
    id: str
    case_no: str
    store_code: str
    store_name: str
    staff_id: str
    staff_name: str
    order_id: str | None
    reason_category: str
    resolution: str
    refund_cents: int
    identity_status: str
    priority: str
    channel: str
    customer_words: str
    finalised_at: datetime
    received_at: datetime
    flags: CaseFlags
    verdict: str


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    page: int
    pages: int
    page_size: int
    loaded_at: datetime
    filters: CaseFilters = field(default_factory=CaseFilters)
    sort: CaseSort = field(default_factory=CaseSort)
    # False: at least ``total`` cases match (the server stops counting past a limit) and
    # ``pages`` is the last page counted so far, not the last page.
    total_exact: bool = True


@dataclass(frozen=True)
class PhotoInfo:
    sha256: str
    caption: str
    byte_size: int
    available: bool  # the server holds the file (a counter may not have uploaded it yet)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    action: str
    staff_id: str
    staff_name: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class Annotation:
    id: str
    case_id: str
    author_name: str
    verdict: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class ReturnedLine:
    order_line_id: str
    quantity: int
    sku: str
    name: str
    category: str
    unit_price_cents: int | None


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    fields: dict[str, Any]  # every field of the case as the counter pushed it
    order_no: str | None
    items: list[ReturnedLine]
    photos: list[PhotoInfo]
    audit: list[AuditEntry]
    annotations: list[Annotation]
    staff_names: dict[str, str]
    loaded_at: datetime


@dataclass(frozen=True)
class StaffOption:
    id: str
    name: str
    store_code: str
    role: str


@dataclass(frozen=True)
class ReviewOptions:
    region: str
    stores: list[tuple[str, str]]  # (code, name)
    staff: list[StaffOption]
    reasons: list[str]
    resolutions: list[str]


# ---- the client ------------------------------------------------------------------------------


class ReviewClient:
    def __init__(
        self,
        server_url: str,
        token: str,
        app_version: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        attempts: int = 4,
        backoff_base: float = 0.5,
        backoff_cap: float = 10.0,
        timeout: float = 20.0,
        zone: tzinfo | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.server_url = server_url.rstrip("/")
        self._headers = {
            "X-ReturnDesk-Protocol": PROTOCOL_VERSION,
            "X-ReturnDesk-App-Version": app_version,
            "X-ReturnDesk-Schema-Version": SCHEMA_VERSION,
            "Authorization": f"Bearer {token}",
        }
        self._transport = transport
        self.attempts = attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._timeout = httpx.Timeout(timeout, connect=10.0)
        self.zone = zone or datetime.now().astimezone().tzinfo or UTC
        self._now = clock
        self.last_page: CasePage | None = None
        """The last page that loaded, kept for when the server cannot be reached."""
        self._details: OrderedDict[str, CaseDetail] = OrderedDict()
        self._photos: OrderedDict[str, bytes] = OrderedDict()
        self.last_dashboard: Dashboard | None = None
        """The last dashboard that loaded, kept for when the server cannot be reached."""

    # ---- public --------------------------------------------------------

    async def options(self) -> ReviewOptions:
        body = await self._call("GET", "/v1/review/options")
        return ReviewOptions(
            region=body["region"],
            stores=[(s["code"], s["name"]) for s in body["stores"]],
            staff=[
                StaffOption(s["id"], s["name"], s["store_code"], s.get("role", ""))
                for s in body["staff"]
            ],
            reasons=list(body["reasons"]),
            resolutions=list(body["resolutions"]),
        )

    async def list_cases(
        self,
        filters: CaseFilters | None = None,
        sort: CaseSort | None = None,
        page: int = 1,
        page_size: int = PAGE_SIZE,
    ) -> CasePage:
        filters = filters or CaseFilters()
        sort = sort or CaseSort()
        params = filters.params(self.zone)
        params.update(
            sort=sort.key,
            order="desc" if sort.descending else "asc",
            page=str(max(1, page)),
            limit=str(page_size),
        )
        body = await self._call("GET", "/v1/review/cases", params=params)
        result = CasePage(
            rows=[_row(r) for r in body["items"]],
            total=int(body["total"]),
            page=int(body["page"]),
            pages=int(body["pages"]),
            page_size=int(body["limit"]),
            loaded_at=self._now(),
            filters=filters,
            sort=sort,
            total_exact=bool(body.get("total_exact", True)),  # servers before 0003: exact
        )
        self.last_page = result
        return result

    async def dashboard(self, filters: CaseFilters | None = None) -> Dashboard:
        """The dashboard's numbers for the cases these filters select (the case list's)."""
        filters = filters or CaseFilters()
        body = await self._call("GET", "/v1/review/dashboard", params=filters.params(self.zone))
        result = parse_dashboard(body, self._now(), filters)
        self.last_dashboard = result
        return result

    async def case_detail(self, case_id: str) -> CaseDetail:
        body = await self._call("GET", f"/v1/review/cases/{case_id}")
        detail = _detail(body, self._now())
        self._keep(self._details, case_id, detail, DETAILS_KEPT)
        return detail

    def cached_detail(self, case_id: str) -> CaseDetail | None:
        """A case opened earlier in this session (shown while offline)."""
        return self._details.get(case_id)

    async def photo_bytes(self, sha256: str) -> bytes:
        """The JPEG of a photo of a case in the region (kept in memory once loaded)."""
        if sha256 in self._photos:
            self._photos.move_to_end(sha256)
            return self._photos[sha256]
        data = await self._call("GET", f"/v1/photos/{sha256}", raw=True)
        self._keep(self._photos, sha256, data, PHOTOS_KEPT)
        return data

    async def annotate(
        self, case_id: str, verdict: str, comment: str, note_id: str | None = None
    ) -> Annotation:
        """Add a verdict and comment. The id is made here, so a retry (ours, or the lead's
        pressing Save again with ``note_id``) can never add the same note twice."""
        if verdict and verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        body = await self._call(
            "POST",
            f"/v1/review/cases/{case_id}/annotations",
            json={"id": note_id or new_id(), "verdict": verdict, "text": comment.strip()},
        )
        note = _annotation(body)
        cached = self._details.get(case_id)
        if cached is not None and all(a.id != note.id for a in cached.annotations):
            flags = replace(cached.row.flags, annotated=True)
            row = replace(cached.row, flags=flags, verdict=note.verdict or cached.row.verdict)
            self._details[case_id] = replace(
                cached, row=row, annotations=[*cached.annotations, note]
            )
        return note

    async def signals(
        self, date_from: date | None = None, date_to: date | None = None
    ) -> SignalReport:
        """The region's signals over whole days in the lead's zone (server default: the
        last 28 days)."""
        params = CaseFilters(date_from=date_from, date_to=date_to).params(self.zone)
        return parse_signal_report(await self._call("GET", "/v1/review/signals", params=params))

    async def export(
        self,
        filters: CaseFilters | None,
        sort: CaseSort | None,
        path: Path,
        fmt: ExportFormat,
        *,
        progress: Callable[[int, int | None], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> ExportResult:
        """Every case matching ``filters`` (all pages, the list's order) into a CSV or
        XLSX file, written in a worker thread; ``progress(rows, total)`` is called there."""
        sort = sort or CaseSort()
        params = (filters or CaseFilters()).params(self.zone)
        params.update(sort=sort.key, order="desc" if sort.descending else "asc")
        transport = self._transport if isinstance(self._transport, httpx.BaseTransport) else None
        return await asyncio.to_thread(
            download_export, self.server_url, self._headers, params, path, fmt, self.zone,
            classify=_error, offline=_offline, attempts=self.attempts,
            backoff_base=self.backoff_base, backoff_cap=self.backoff_cap,
            timeout=httpx.Timeout(60.0, connect=10.0), transport=transport,
            progress=progress, cancel=cancel,
        )  # fmt: skip

    # ---- HTTP ----------------------------------------------------------

    @staticmethod
    def _keep(cache: OrderedDict[str, Any], key: str, value: Any, size: int) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)

    async def _call(self, method: str, url: str, *, raw: bool = False, **kw: Any) -> Any:
        async with httpx.AsyncClient(
            base_url=self.server_url,
            headers=self._headers,
            timeout=self._timeout,
            transport=self._transport,
        ) as http:
            response = await self._request(http, method, url, **kw)
        return response.content if raw else response.json()

    async def _request(
        self, http: httpx.AsyncClient, method: str, url: str, **kw: Any
    ) -> httpx.Response:
        return await send_with_retries(
            http, method, url,
            attempts=self.attempts, backoff_base=self.backoff_base, backoff_cap=self.backoff_cap,
            classify=_error, offline=_offline, **kw,
        )  # fmt: skip


def _offline(exc: Exception) -> ReviewError:
    return ReviewError(
        translate("ReviewClient", "The server cannot be reached ({0}).").format(type(exc).__name__),
        retryable=True,
        code="OFFLINE",
    )


# ---- parsing ---------------------------------------------------------------------------------


def _start_of(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _row(d: dict[str, Any]) -> CaseRow:
    flags = d.get("flags") or {}
    return CaseRow(
        id=d["id"],
        case_no=d["case_no"],
        store_code=d["store_code"],
        store_name=d.get("store_name", ""),
        staff_id=d.get("staff_id", ""),
        staff_name=d.get("staff_name", ""),
        order_id=d.get("order_id"),
        reason_category=d["reason_category"],
        resolution=d["resolution"],
        refund_cents=int(d["refund_cents"]),
        identity_status=d["identity_status"],
        priority=d["priority"],
        channel=d["channel"],
        customer_words=d.get("customer_words", ""),
        finalised_at=_time(d["finalised_at"]),
        received_at=_time(d["received_at"]),
        flags=CaseFlags(**{n: bool(flags.get(n)) for n in FLAG_NAMES}),
        verdict=d.get("verdict", ""),
    )


def _annotation(d: dict[str, Any]) -> Annotation:
    return Annotation(
        id=d["id"],
        case_id=d["case_id"],
        author_name=d.get("author_name", ""),
        verdict=d.get("verdict", ""),
        text=d.get("text", ""),
        created_at=_time(d["created_at"]),
    )


def _detail(body: dict[str, Any], loaded_at: datetime) -> CaseDetail:
    payload = body.get("payload") or {}
    names: dict[str, str] = dict(body.get("staff_names") or {})
    audit = []
    for e in sorted(payload.get("audit", []), key=lambda e: int(e.get("seq", 0))):
        try:
            at = _time(e["at"])
        except (KeyError, ValueError):
            continue  # the server checked the chain; a time it cannot read is not ours to fix
        audit.append(
            AuditEntry(
                seq=int(e["seq"]),
                at=at,
                action=e.get("action", ""),
                staff_id=e.get("staff_id", ""),
                staff_name=names.get(e.get("staff_id", ""), ""),
                detail=dict(e.get("detail") or {}),
            )
        )
    return CaseDetail(
        row=_row(body["summary"]),
        fields=dict(payload.get("case") or {}),
        order_no=body.get("order_no"),
        items=[
            ReturnedLine(
                order_line_id=i["order_line_id"],
                quantity=int(i["quantity"]),
                sku=i.get("sku", ""),
                name=i.get("name", ""),
                category=i.get("category", ""),
                unit_price_cents=i.get("unit_price_cents"),
            )
            for i in body.get("items", [])
        ],
        photos=[
            PhotoInfo(p["sha256"], p.get("caption", ""), int(p.get("byte_size", 0)), p["available"])
            for p in body.get("photos", [])
        ],
        audit=audit,
        annotations=[_annotation(a) for a in body.get("annotations", [])],
        staff_names=names,
        loaded_at=loaded_at,
    )


def _error(response: httpx.Response) -> ReviewError:
    code, message = error_body(response)
    if code == "CLIENT_TOO_OLD":
        message = translate(
            "ReviewClient", "This app is too old for the server: ask IT to update it. ({0})"
        ).format(message)
    elif code in ("TOKEN_INVALID", "TOKEN_REVOKED", "UNAUTHENTICATED"):
        message = translate(
            "ReviewClient", "The server does not accept this sign-in: ask IT for a new token. ({0})"
        ).format(message)
    return ReviewError(
        message,
        retryable=response.status_code in RETRY_STATUS,
        code=code or str(response.status_code),
    )
