"""The counter's sync client: photos, then finalised cases, then what flows down.

Offline first: every step is safe to interrupt (a crash, a killed process, a
dropped connection) and to repeat. Cases are matched by their own ids and op
ids on the server, so a retry never doubles anything; the pull cursor is saved
in the same local transaction that applies its page.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from sqlalchemy import String, Text, bindparam, func, select, text, type_coerce, update
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
PHOTO_UPLOADS_AT_ONCE = 3
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
            # Part of every case number from now on (a centre that predates it sends none).
            self._set(s, "counter_no", str(body.get("counter_no") or ""))
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
        """The photo hashes the pending cases name, picked out of the stored payloads by
        SQLite's JSON functions (no payload is parsed in Python for this)."""
        with self._sessions() as s:
            hashes = s.scalars(
                text(
                    "SELECT json_extract(photo.value, '$.sha256')"
                    " FROM outbox, json_each(outbox.payload, '$.photos') AS photo"
                    " WHERE outbox.status = 'pending' ORDER BY outbox.id, photo.key"
                )
            ).all()
        return list(dict.fromkeys(h for h in hashes if isinstance(h, str)))

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
        """Upload ``hashes``, PHOTO_UPLOADS_AT_ONCE at a time: each photo waits mostly on the
        network and the centre's disk syncs, which overlap. The first failure stops the
        others and is raised as it is (a retry starts over with what is still missing)."""
        todo = iter(hashes)
        started = 0

        async def uploader() -> None:
            nonlocal started
            for sha in todo:  # one iterator shared by all uploaders: each photo once
                started += 1
                notify(SyncProgress("photos", started, len(hashes)))
                path = photo_store.photo_path(self.photos_dir, sha)
                data = await asyncio.to_thread(_read_verified, path, sha)
                if data is None:
                    # A photo that went missing or changed on disk is reported by
                    # verify-photos; the case still syncs and the centre lists it as missing.
                    log.warning("photo %s missing or changed locally; not uploaded", sha[:12])
                else:
                    await self._request(
                        http,
                        "PUT",
                        f"/v1/photos/{sha}",
                        content=data,
                        headers={"Content-Type": "image/jpeg"},
                    )
                    report.photos_uploaded += 1

        uploaders = [
            asyncio.ensure_future(uploader())
            for _ in range(min(PHOTO_UPLOADS_AT_ONCE, len(hashes)))
        ]
        try:
            await asyncio.gather(*uploaders)
        finally:
            for task in uploaders:
                task.cancel()
            await asyncio.gather(*uploaders, return_exceptions=True)

    # ---- cases -------------------------------------------------------------

    def _pending_ids(self, after: str) -> list[str]:
        """Every pending op id after ``after``, in push order (read once per run: asking
        for "the next 100 pending by id" sorted every pending row again for each batch)."""
        with self._sessions() as s:
            return list(
                s.scalars(
                    select(OutboxEntry.id)
                    .where(OutboxEntry.status == "pending", OutboxEntry.id > after)
                    .order_by(OutboxEntry.id)
                )
            )

    def _pending_batch(self, ids: list[str]) -> list[_Pending]:
        """These outbox rows if still pending, each payload as the JSON text it is stored
        as: spliced into the request as it is, never parsed and serialised again."""
        with self._sessions() as s:
            rows = s.execute(
                select(
                    OutboxEntry.status,
                    OutboxEntry.id,
                    OutboxEntry.entity,
                    OutboxEntry.entity_id,
                    OutboxEntry.operation,
                    OutboxEntry.created_at,
                    type_coerce(OutboxEntry.payload, Text),
                )
                # By id only (the status is checked below): with the status in the WHERE,
                # SQLite reads every pending row through the status index instead.
                .where(OutboxEntry.id.in_(_json_each(ids)))
                .order_by(OutboxEntry.id)
            )
            return [_Pending(*row[1:]) for row in rows if row[0] == "pending"]

    def _apply_results(self, results: list[dict[str, Any]]) -> tuple[int, int, int, list[str]]:
        """The centre's answers, written back to the outbox in one transaction: a few
        statements for the whole batch, not a load and an update per row."""
        applied = duplicates = rejected = 0
        missing: list[str] = []
        now = self._now()
        with self._sessions.begin() as s:
            ours = set(s.scalars(_OURS, {"ids": json.dumps(list({r["op_id"] for r in results}))}))
            synced: list[dict[str, Any]] = []
            refused: list[dict[str, Any]] = []
            for r in results:
                op_id = r["op_id"]
                if op_id not in ours:
                    continue
                if r["result"] in ("applied", "duplicate"):
                    synced.append({"op": op_id, "why": r.get("reason") or "", "at": now})
                    applied += r["result"] == "applied"
                    duplicates += r["result"] == "duplicate"
                else:
                    # A 4xx-style refusal is final: shown to staff, never retried.
                    refused.append(
                        {"op": op_id, "why": r.get("reason") or "", "text": r.get("message") or ""}
                    )
                    rejected += 1
                missing += r.get("missing_photos") or []
            if synced:
                s.execute(_MARK_SYNCED, synced)
                s.execute(_CASES_SYNCED, {"ids": json.dumps([row["op"] for row in synced])})
            if refused:
                s.execute(_MARK_REJECTED, refused)
        return applied, duplicates, rejected, missing

    async def _push_cases(
        self, http: httpx.AsyncClient, report: SyncReport, notify: Progress
    ) -> None:
        total = (await asyncio.to_thread(self.status)).waiting
        done = 0
        after = ""
        queue: list[str] = []
        while True:
            if not queue:  # cases finalised meanwhile are taken too
                queue = await asyncio.to_thread(self._pending_ids, after)
                if not queue:
                    break
            ids, queue = queue[:PUSH_BATCH], queue[PUSH_BATCH:]
            after = ids[-1]
            batch = await asyncio.to_thread(self._pending_batch, ids)
            if not batch:
                continue
            body = await self._request(
                http,
                "POST",
                "/v1/push",
                content=_push_body(batch),
                headers={"Content-Type": "application/json"},
            )
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


# The result write-back's statements, built once. Ids travel as ONE JSON-array parameter
# (SQLite's json_each): SQLAlchemy expands a list into a parameter per id, which costs
# more than the statement itself for a batch of 100.
_OURS = text("SELECT id FROM outbox WHERE id IN (SELECT value FROM json_each(:ids))")


def _json_each(ids: list[str]) -> Any:
    """The ids as an IN (...) operand with ONE parameter, a JSON array (see above)."""
    each = func.json_each(bindparam("ids", json.dumps(ids), type_=String)).table_valued("value")
    return select(each.c.value)


_outbox = OutboxEntry.__table__.c
_MARK_SYNCED = (
    update(OutboxEntry.__table__)
    .where(_outbox.id == bindparam("op"))
    .values(
        status="synced",
        synced_at=bindparam("at"),
        reason=bindparam("why"),
        last_error="",
        attempts=_outbox.attempts + 1,
    )
)
_MARK_REJECTED = (
    update(OutboxEntry.__table__)
    .where(_outbox.id == bindparam("op"))
    .values(
        status="rejected",
        reason=bindparam("why"),
        last_error=bindparam("text"),
        attempts=_outbox.attempts + 1,
    )
)
# `+status`: SQLite's way to keep the status index out of this (it would visit every
# finalised case for each batch); the cases are found by id.
_CASES_SYNCED = text(
    "UPDATE return_case SET status = 'synced' WHERE +status = 'finalised' AND id IN"
    " (SELECT entity_id FROM outbox WHERE id IN (SELECT value FROM json_each(:ids)))"
)


@dataclass(frozen=True)
class _Pending:
    """An outbox row on its way out; ``payload`` is its stored JSON text."""

    id: str
    entity: str
    entity_id: str
    operation: str
    created_at: datetime
    payload: str


def _push_body(batch: list[_Pending]) -> bytes:
    """The push request, {"operations": [...]}, with each payload's stored JSON spliced in."""
    text = _JSON_TEXT.encode
    ops = [
        f'{{"op_id":{text(e.id)},"entity":{text(e.entity)},"entity_id":{text(e.entity_id)},'
        f'"operation":{text(e.operation)},"created_at":"{e.created_at.isoformat()}",'
        f'"payload":{e.payload}}}'
        for e in batch
    ]
    return f'{{"operations":[{",".join(ops)}]}}'.encode()


_JSON_TEXT = json.JSONEncoder(ensure_ascii=False)


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
