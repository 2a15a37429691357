"""The counter's sync client: photos, then finalised cases, then what flows down.

Offline first: every step is safe to interrupt (a crash, a killed process, a
dropped connection) and to repeat. Cases are matched by their own ids and op
ids on the server, so a retry never doubles anything; the pull cursor is saved
in the same local transaction that applies its page.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core import photos as photo_store
from core.http_retry import RETRY_STATUS, error_body, send_with_retries
from core.policy import PolicyError, parse_policy
from db.models import (
    Annotation,
    Order,
    OrderLine,
    OutboxEntry,
    ReturnCase,
    Staff,
    Store,
    SyncState,
)

if TYPE_CHECKING:
    import httpx  # imported when a sync first runs: keeps the app's start-up short

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

PROTOCOL_VERSION = "1"
PUSH_BATCH = 100
HASHES_PER_QUESTION = 1000
CHECK_BATCH = 5000
PULL_LIMIT = 500
# Off by this much, this counter's SLA countdowns and return windows are visibly wrong.
CLOCK_SKEW_WARN = 120.0


class SyncError(Exception):
    """Sync stopped; ``message`` is for staff, ``retryable`` says whether to try later."""

    def __init__(self, message: str, *, retryable: bool, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.code = code


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__(
            translate("SyncClient", "This counter is not enrolled with a server yet."),
            retryable=False,
            code="NOT_ENROLLED",
        )


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str
    store_code: str
    waiting: int
    rejected: int
    last_sync_at: datetime | None
    last_error: str
    # This computer's clock minus the centre's, in seconds, as last seen (None: not yet).
    clock_skew: float | None = None

    @property
    def clock_off(self) -> bool:
        """The clock is off by enough to make SLA times and windows wrong."""
        return self.clock_skew is not None and abs(self.clock_skew) >= CLOCK_SKEW_WARN


@dataclass(frozen=True)
class SyncProgress:
    step: str  # photos | push | pull | check
    done: int
    total: int


@dataclass
class SyncReport:
    photos_uploaded: int = 0
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    requeued: int = 0
    refetched: bool = False
    new_notes: int = 0  # regional leads' notes this counter had not seen before


@dataclass(frozen=True)
class RejectedItem:
    case_no: str
    reason: str
    message: str


@dataclass(frozen=True)
class LeadNote:
    case_id: str
    case_no: str
    author_name: str
    text: str
    created_at: datetime


Progress = Callable[[SyncProgress], None]


class SyncClient:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        photos_dir: Path,
        *,
        app_version: str,
        schema_version: str,
        policy_path: Path | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        attempts: int = 5,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        timeout: float = 30.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self.photos_dir = photos_dir
        self.policy_path = policy_path
        self._headers = {
            "X-ReturnDesk-Protocol": PROTOCOL_VERSION,
            "X-ReturnDesk-App-Version": app_version,
            "X-ReturnDesk-Schema-Version": schema_version,
        }
        self._transport = transport
        self.attempts = attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        # A stalled transfer fails after `timeout` seconds without bytes, not a total.
        self._timeout = timeout
        self._now = clock
        self._lock = asyncio.Lock()
        self._skew: float | None = None

    # ---- state ---------------------------------------------------------

    def _get(self, s: Session, key: str, default: str = "") -> str:
        row = s.get(SyncState, key)
        return row.value if row is not None else default

    def _set(self, s: Session, key: str, value: str) -> None:
        row = s.get(SyncState, key)
        if row is None:
            s.add(SyncState(key=key, value=value))
        else:
            row.value = value

    def status(self) -> SyncStatus:
        with self._sessions() as s:
            counts = dict(
                s.execute(
                    select(OutboxEntry.status, func.count()).group_by(OutboxEntry.status)
                ).all()
            )
            last = self._get(s, "last_sync_at")
            return SyncStatus(
                enrolled=bool(self._get(s, "token")),
                server_url=self._get(s, "server_url"),
                store_code=self._get(s, "store_code"),
                waiting=int(counts.get("pending", 0)),
                rejected=int(counts.get("rejected", 0)),
                last_sync_at=datetime.fromisoformat(last) if last else None,
                last_error=self._get(s, "last_error"),
                clock_skew=_float(self._get(s, "clock_skew")),
            )

    def rejected_items(self) -> list[RejectedItem]:
        with self._sessions() as s:
            rows = s.execute(
                select(ReturnCase.case_no, OutboxEntry.reason, OutboxEntry.last_error)
                .join(ReturnCase, ReturnCase.id == OutboxEntry.entity_id)
                .where(OutboxEntry.status == "rejected")
                .order_by(OutboxEntry.created_at)
            )
            return [RejectedItem(no, reason, message) for no, reason, message in rows]

    def annotations(self, case_id: str | None = None) -> list[LeadNote]:
        """Regional leads' notes on this store's cases (newest first)."""
        with self._sessions() as s:
            query = select(Annotation).order_by(Annotation.created_at.desc())
            if case_id is not None:
                query = query.where(Annotation.case_id == case_id)
            return [
                LeadNote(a.case_id, a.case_no, a.author_name, a.text, a.created_at)
                for a in s.scalars(query)
            ]

    def waiting_items(self) -> list[str]:
        with self._sessions() as s:
            return list(
                s.scalars(
                    select(ReturnCase.case_no)
                    .join(OutboxEntry, OutboxEntry.entity_id == ReturnCase.id)
                    .where(OutboxEntry.status == "pending")
                    .order_by(OutboxEntry.created_at)
                )
            )

    # ---- enrolment -------------------------------------------------------

    async def enrol(self, server_url: str, code: str, device_name: str) -> str:
        """Trade IT's one-time code for this counter's device token; returns the store code."""
        server_url = server_url.rstrip("/")
        async with self._client(server_url, token=None) as http:
            body = await self._request(
                http, "POST", "/v1/enrol", json={"code": code, "device_name": device_name}
            )
        store = body["store"]
        with self._sessions.begin() as s:
            self._set(s, "server_url", server_url)
            self._set(s, "token", body["token"])
            self._set(s, "device_id", body["device_id"])
            self._set(s, "store_code", store["code"])
            self._set(s, "cursor", "")
            self._upsert_store(s, store)
        return str(store["code"])

    # ---- one sync run ----------------------------------------------------

    async def sync(self, progress: Progress | None = None) -> SyncReport:
        """Photos first, then cases, then pull, then the sanity check. One run at a time."""
        if self._lock.locked():
            raise SyncError(
                translate("SyncClient", "A sync is already running."), retryable=True, code="BUSY"
            )
        async with self._lock:
            with self._sessions() as s:
                server_url, token = self._get(s, "server_url"), self._get(s, "token")
            if not token:
                raise NotEnrolled()
            report = SyncReport()
            notify = progress or (lambda _p: None)
            try:
                async with self._client(server_url, token) as http:
                    await self._push_photos(http, report, notify)
                    await self._push_cases(http, report, notify)
                    await self._pull(http, report, notify)
                    await self._check(http, report, notify)
            except SyncError as exc:
                self._remember(error=exc.message)
                raise
            self._remember(error="")
            return report

    def _remember(self, error: str) -> None:
        with self._sessions.begin() as s:
            self._set(s, "last_error", error)
            if not error:
                self._set(s, "last_sync_at", self._now().isoformat())
            if self._skew is not None:
                self._set(s, "clock_skew", f"{self._skew:.0f}")

    def _observe_clock(self, response: Any) -> None:
        """Compare this computer's clock with the centre's (the reply's Date header).

        Whole seconds and a loopback-to-WAN round trip are far below what matters: SLA
        times and return windows go wrong by minutes.
        """
        try:
            server = parsedate_to_datetime(response.headers["date"])
        except (KeyError, TypeError, ValueError, IndexError):
            return
        if server.tzinfo is None:
            return
        self._skew = (self._now() - server).total_seconds()

    # ---- photos ------------------------------------------------------------

    def _pending_photo_hashes(self) -> list[str]:
        with self._sessions() as s:
            payloads = s.scalars(
                select(OutboxEntry.payload).where(OutboxEntry.status == "pending")
            ).all()
        seen: dict[str, None] = {}
        for payload in payloads:
            for p in payload.get("photos", []):
                seen[p["sha256"]] = None
        return list(seen)

    async def _push_photos(
        self, http: httpx.AsyncClient, report: SyncReport, notify: Progress
    ) -> None:
        hashes = await asyncio.to_thread(self._pending_photo_hashes)
        missing: list[str] = []
        for i in range(0, len(hashes), HASHES_PER_QUESTION):
            body = await self._request(
                http,
                "POST",
                "/v1/photos/missing",
                json={"sha256": hashes[i : i + HASHES_PER_QUESTION]},
            )
            missing += body["missing"]
        await self._upload(http, missing, report, notify)

    async def _upload(
        self, http: httpx.AsyncClient, hashes: list[str], report: SyncReport, notify: Progress
    ) -> None:
        for n, sha in enumerate(hashes, 1):
            notify(SyncProgress("photos", n, len(hashes)))
            path = photo_store.photo_path(self.photos_dir, sha)
            data = await asyncio.to_thread(_read_verified, path, sha)
            if data is None:
                # A photo that went missing or changed on disk is reported by
                # verify-photos; the case still syncs and the centre lists it as missing.
                log.warning("photo %s missing or changed locally; not uploaded", sha[:12])
                continue
            await self._request(
                http,
                "PUT",
                f"/v1/photos/{sha}",
                content=data,
                headers={"Content-Type": "image/jpeg"},
            )
            report.photos_uploaded += 1

    # ---- cases -------------------------------------------------------------

    def _pending_batch(self, after: str) -> list[OutboxEntry]:
        with self._sessions() as s:
            return list(
                s.scalars(
                    select(OutboxEntry)
                    .where(OutboxEntry.status == "pending", OutboxEntry.id > after)
                    .order_by(OutboxEntry.id)
                    .limit(PUSH_BATCH)
                )
            )

    def _apply_results(self, results: list[dict[str, Any]]) -> tuple[int, int, int, list[str]]:
        applied = duplicates = rejected = 0
        missing: list[str] = []
        now = self._now()
        with self._sessions.begin() as s:
            for r in results:
                entry = s.get(OutboxEntry, r["op_id"])
                if entry is None:
                    continue
                entry.attempts += 1
                if r["result"] in ("applied", "duplicate"):
                    entry.status, entry.synced_at = "synced", now
                    entry.reason, entry.last_error = r.get("reason") or "", ""
                    case = s.get(ReturnCase, entry.entity_id)
                    if case is not None and case.status == "finalised":
                        case.status = "synced"
                    applied += r["result"] == "applied"
                    duplicates += r["result"] == "duplicate"
                else:
                    # A 4xx-style refusal is final: shown to staff, never retried.
                    entry.status = "rejected"
                    entry.reason = r.get("reason") or ""
                    entry.last_error = r.get("message") or ""
                    rejected += 1
                missing += r.get("missing_photos") or []
        return applied, duplicates, rejected, missing

    async def _push_cases(
        self, http: httpx.AsyncClient, report: SyncReport, notify: Progress
    ) -> None:
        total = (await asyncio.to_thread(self.status)).waiting
        done = 0
        after = ""
        while True:
            batch = await asyncio.to_thread(self._pending_batch, after)
            if not batch:
                break
            after = batch[-1].id
            ops = [
                {
                    "op_id": e.id,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "operation": e.operation,
                    "created_at": e.created_at.isoformat(),
                    "payload": e.payload,
                }
                for e in batch
            ]
            body = await self._request(http, "POST", "/v1/push", json={"operations": ops})
            applied, dup, rej, missing = await asyncio.to_thread(
                self._apply_results, body["results"]
            )
            report.applied += applied
            report.duplicates += dup
            report.rejected += rej
            done += len(batch)
            notify(SyncProgress("push", done, max(total, done)))
            if missing:
                await self._upload(http, sorted(set(missing)), report, notify)

    # ---- pull --------------------------------------------------------------

    async def _pull(self, http: httpx.AsyncClient, report: SyncReport, notify: Progress) -> None:
        with self._sessions() as s:
            cursor = self._get(s, "cursor")
        while True:
            try:
                body = await self._request(
                    http, "GET", "/v1/changes", params={"cursor": cursor, "limit": PULL_LIMIT}
                )
            except SyncError as exc:
                if exc.code != "MUST_REFETCH":
                    raise
                # The centre's feed was reset (e.g. restored from a backup): pull it all
                # again; local cases and the outbox are never touched for this.
                cursor = ""
                report.refetched = True
                continue
            items = body["items"]
            report.new_notes += await asyncio.to_thread(
                self._apply_page, items, body["next_cursor"]
            )
            report.pulled += len(items)
            cursor = body["next_cursor"]
            notify(SyncProgress("pull", report.pulled, report.pulled))
            if not body.get("has_more"):
                break

    def _apply_page(self, items: list[dict[str, Any]], next_cursor: str) -> int:
        """Apply one page of the centre's feed; the number of new leads' notes."""
        new_notes = 0
        with self._sessions.begin() as s:
            for item in items:
                data = item.get("data")
                if data is None:
                    continue
                kind = item["kind"]
                if kind == "store":
                    self._upsert_store(s, data)
                elif kind == "staff":
                    self._upsert_staff(s, data)
                elif kind == "order":
                    self._upsert_order(s, data)
                elif kind == "annotation":
                    new_notes += self._upsert_annotation(s, data)
                elif kind == "policy":
                    self._save_policy(data)
            self._set(s, "cursor", next_cursor)  # same transaction as the page
        return new_notes

    def _upsert_store(self, s: Session, d: dict[str, Any]) -> None:
        store = s.get(Store, d["code"]) or Store(code=d["code"])
        store.name, store.region = d["name"], d["region"]
        store.timezone = d.get("timezone") or "Asia/Shanghai"
        s.add(store)

    def _upsert_staff(self, s: Session, d: dict[str, Any]) -> None:
        if s.get(Store, d["store_code"]) is None:
            return  # staff of a store this counter does not know: nothing to sign in to
        staff = s.get(Staff, d["id"]) or Staff(id=d["id"])
        staff.store_code, staff.name, staff.role = d["store_code"], d["name"], d["role"]
        staff.pin_hash, staff.active = d.get("pin_hash"), bool(d.get("active", True))
        s.add(staff)

    def _upsert_order(self, s: Session, d: dict[str, Any]) -> None:
        order = s.get(Order, d["id"])
        if order is None:
            # The same order number may exist locally under another id (demo data).
            order = s.scalar(select(Order).where(Order.order_no == d["order_no"]))
        if order is None:
            order = Order(id=d["id"])
            s.add(order)
        order.order_no, order.store_code = d["order_no"], d["store_code"]
        order.customer_id, order.customer_name = d["customer_id"], d["customer_name"]
        order.phone, order.address = d["phone"], d["address"]
        order.payment_method, order.total_cents = d["payment_method"], d["total_cents"]
        order.ordered_at = datetime.fromisoformat(d["ordered_at"])
        order.delivered_at = (
            datetime.fromisoformat(d["delivered_at"]) if d.get("delivered_at") else None
        )
        s.flush()
        for ld in d.get("lines", []):
            line = s.get(OrderLine, ld["id"]) or OrderLine(id=ld["id"], order_id=order.id)
            line.order_id, line.line_no, line.sku = order.id, ld["line_no"], ld["sku"]
            line.name, line.category = ld["name"], ld["category"]
            line.quantity, line.unit_price_cents = ld["quantity"], ld["unit_price_cents"]
            s.add(line)

    def _upsert_annotation(self, s: Session, d: dict[str, Any]) -> bool:
        """Store a lead's note; True if this counter had not seen it before."""
        known = s.get(Annotation, d["id"])
        note = known or Annotation(id=d["id"])
        note.case_id, note.case_no = d["case_id"], d.get("case_no", "")
        note.author_name, note.text = d.get("author_name", ""), d["text"]
        note.verdict = d.get("verdict") or ""
        note.created_at = datetime.fromisoformat(d["created_at"])
        s.add(note)
        return known is None

    def _save_policy(self, d: dict[str, Any]) -> None:
        """A policy from the centre is checked whole before it replaces the local one."""
        if self.policy_path is None:
            return
        try:
            parse_policy(d["text"], "policy.toml (from the server)")
        except PolicyError as exc:
            log.error("refused the server's policy: %s", exc.message)
            return
        tmp = self.policy_path.with_suffix(".tmp")
        tmp.write_text(d["text"], encoding="utf-8")
        tmp.replace(self.policy_path)

    # ---- sanity check ----------------------------------------------------

    def _synced_case_ids(self) -> list[str]:
        with self._sessions() as s:
            return list(
                s.scalars(select(OutboxEntry.entity_id).where(OutboxEntry.status == "synced"))
            )

    def _requeue(self, case_ids: list[str]) -> int:
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(OutboxEntry).where(
                    OutboxEntry.entity_id.in_(case_ids), OutboxEntry.status == "synced"
                )
            ).all()
            for row in rows:
                row.status = "pending"  # same op id: harmless if it did arrive meanwhile
            return len(rows)

    async def _check(self, http: httpx.AsyncClient, report: SyncReport, notify: Progress) -> None:
        ids = await asyncio.to_thread(self._synced_case_ids)
        missing: list[str] = []
        for i in range(0, len(ids), CHECK_BATCH):
            body = await self._request(
                http, "POST", "/v1/cases/check", json={"case_ids": ids[i : i + CHECK_BATCH]}
            )
            missing += body["missing"]
        notify(SyncProgress("check", len(ids), len(ids)))
        if missing:
            log.warning("%d synced case(s) unknown to the server; queued again", len(missing))
            report.requeued = await asyncio.to_thread(self._requeue, missing)

    # ---- HTTP ------------------------------------------------------------

    def _client(self, server_url: str, token: str | None) -> httpx.AsyncClient:
        import httpx

        headers = dict(self._headers)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.AsyncClient(
            base_url=server_url,
            headers=headers,
            timeout=httpx.Timeout(self._timeout, connect=10.0),
            transport=self._transport,
        )

    async def _request(self, http: httpx.AsyncClient, method: str, url: str, **kw: Any) -> Any:
        """One call, retried as core/http_retry.py says; 409 PUSH_IN_PROGRESS may pass too."""
        response = await send_with_retries(
            http, method, url,
            attempts=self.attempts, backoff_base=self.backoff_base, backoff_cap=self.backoff_cap,
            classify=_error, offline=_offline, **kw,
        )  # fmt: skip
        self._observe_clock(response)
        return response.json()


def _float(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _offline(exc: Exception) -> SyncError:
    return SyncError(
        translate("SyncClient", "The server cannot be reached ({0}).").format(type(exc).__name__),
        retryable=True,
        code="OFFLINE",
    )


def _read_verified(path: Path, sha: str) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha else None


def _error(response: httpx.Response) -> SyncError:
    code, message = error_body(response)
    retryable = response.status_code in RETRY_STATUS or (
        response.status_code == 409 and code == "PUSH_IN_PROGRESS"
    )
    if code == "CLIENT_TOO_OLD":
        message = translate(
            "SyncClient", "This app is too old for the server: ask IT to update it. ({0})"
        ).format(message)
    return SyncError(message, retryable=retryable, code=code or str(response.status_code))
