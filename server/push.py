"""Applying pushed outbox operations: idempotent, matched by the client's ids, each alone."""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from db.central import (
    PhotoBlob,
    ReceivedAuditEvent,
    ReceivedCase,
    ReceivedItem,
    ReceivedPhoto,
    SalesOrder,
    SalesOrderLine,
    SyncOperation,
)
from server.auth import Principal
from server.database import Database, insert_ignore
from server.ids import utcnow
from server.schemas import OperationResult, PushOperation, WirePayload
from server.versions import WIRE_VERSIONS

log = logging.getLogger(__name__)

# Per-operation reason codes (docs/sync-protocol.md lists them with their meaning).
OP_ALREADY_APPLIED = "OP_ALREADY_APPLIED"  # duplicate: this op id was applied before
CASE_ALREADY_STORED = "CASE_ALREADY_STORED"  # duplicate: same case, same content, other op id
OP_ID_REUSED = "OP_ID_REUSED"
FORBIDDEN_STORE = "FORBIDDEN_STORE"
UNSUPPORTED_OPERATION = "UNSUPPORTED_OPERATION"
UNSUPPORTED_WIRE_VERSION = "UNSUPPORTED_WIRE_VERSION"
INVALID_PAYLOAD = "INVALID_PAYLOAD"
CASE_NOT_FINAL = "CASE_NOT_FINAL"
CASE_IS_FINAL = "CASE_IS_FINAL"
UNKNOWN_ORDER = "UNKNOWN_ORDER"
UNKNOWN_ORDER_LINE = "UNKNOWN_ORDER_LINE"
OVER_RETURN = "OVER_RETURN"
AUDIT_CHAIN_BROKEN = "AUDIT_CHAIN_BROKEN"

GENESIS = "0" * 64
# PostgreSQL: deadlock_detected, serialization_failure — the transaction may simply be rerun.
_RETRYABLE_PGCODES = {"40P01", "40001"}
_ATTEMPTS = 4


def canonical_hash(value: Any) -> str:
    """SHA-256 of ``value`` as canonical JSON: key order and whitespace do not count."""
    text = json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_event_hash(
    prev_hash: str,
    case_id: str,
    seq: int,
    at: str,
    staff_id: str,
    action: str,
    detail: dict[str, Any],
) -> str:
    """The counter's chain link (core.audit.event_hash), over the ``at`` text as sent."""
    canonical = json.dumps(
        {
            "case_id": case_id,
            "seq": seq,
            "at": at,
            "staff_id": staff_id,
            "action": action,
            "detail": detail,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _unstorable(payload: dict[str, Any]) -> str | None:
    """What no database keeps in a JSON column: NaN or Infinity (Python's JSON reads them,
    canonical JSON cannot write them), and NUL in a text or a key (PostgreSQL refuses it)."""
    stack: list[tuple[str, Any]] = [("payload", payload)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            return f"{where}: {value} is not a JSON number."
        if isinstance(value, str) and "\x00" in value:
            return f"{where}: NUL is not allowed."
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    return f"{where}: NUL is not allowed in a key."
                stack.append((f"{where}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return None


class Rejected(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class _Outcome:
    result: str
    reason: str | None
    message: str
    store: bool = True  # False: answer without recording the op (it says nothing about it)
    received_at: datetime | None = None  # when the case was first stored, if it was


def _validation_message(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _check_audit_chain(payload: WirePayload) -> dict[str, datetime]:
    """The events' times by event id, once the chain is known to be whole."""
    prev = GENESIS
    events = sorted(payload.audit, key=lambda e: e.seq)
    times = {ev.id: _parse_time(ev.at) for ev in events}
    for expected_seq, ev in enumerate(events, start=1):
        link = audit_event_hash(
            prev, payload.case.id, ev.seq, ev.at, ev.staff_id, ev.action, ev.detail
        )
        if ev.seq != expected_seq or ev.prev_hash != prev or ev.hash != link:
            raise Rejected(
                AUDIT_CHAIN_BROKEN,
                f"Audit event {ev.seq} does not continue the case's hash chain.",
            )
        prev = ev.hash
    return times


class PushService:
    def __init__(self, database: Database) -> None:
        self.database = database

    def apply_batch(
        self, principal: Principal, operations: list[PushOperation]
    ) -> list[OperationResult]:
        # One transaction per operation: a rejected case never takes the rest of the
        # batch down with it, and a crash mid-batch leaves whole operations behind.
        return [self.apply(principal, op) for op in operations]

    def apply(self, principal: Principal, op: PushOperation) -> OperationResult:
        problem = _unstorable(op.payload)
        if problem is not None:
            return self._refuse(op, INVALID_PAYLOAD, problem)
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                return self._apply_once(principal, op)
            except DataError:
                # A value the validation let through but the database refuses: a server bug,
                # logged as one; the counter gets a final answer for this case instead of a
                # 500 that it would retry (blocking the rest of its queue) for ever.
                log.exception("op %s: the database refused the case", op.op_id)
                return self._refuse(op, INVALID_PAYLOAD, "The server cannot store this case.")
            except IntegrityError:
                # A concurrent push stored the same op id or case first: run again, and
                # the second run answers duplicate (or refuses different content).
                if attempt == _ATTEMPTS:
                    raise
            except DBAPIError as exc:
                code = getattr(exc.orig, "sqlstate", None)
                if code not in _RETRYABLE_PGCODES or attempt == _ATTEMPTS:
                    raise
                log.info("op %s: retrying after %s", op.op_id, code)
        raise AssertionError("unreachable")

    # ---- one operation, one transaction -----------------------------------------------

    def _apply_once(self, principal: Principal, op: PushOperation) -> OperationResult:
        op_hash = canonical_hash(
            {
                "entity": op.entity,
                "entity_id": op.entity_id,
                "operation": op.operation,
                "payload": op.payload,
            }
        )
        now = utcnow()
        missing: list[str] = []
        with self.database.write() as s:
            seen = s.get(SyncOperation, op.op_id)
            if seen is not None:
                return self._replay(s, principal, op, seen, op_hash)
            parsed: WirePayload | None = None
            try:
                parsed = self._parse(principal, op)
                outcome = self._store_case(s, principal, op, parsed, now)
            except Rejected as r:
                outcome = _Outcome("rejected", r.reason, r.message)
                if r.reason == FORBIDDEN_STORE:
                    outcome.store = False
            if outcome.store:
                s.add(
                    SyncOperation(
                        op_id=op.op_id,
                        device_id=principal.device_id,
                        store_code=principal.store_code or "",
                        entity=op.entity,
                        entity_id=op.entity_id,
                        operation=op.operation,
                        payload_hash=op_hash,
                        result=outcome.result,
                        reason=outcome.reason,
                        message=outcome.message,
                        received_at=now,
                    )
                )
            if parsed is not None and outcome.result != "rejected":
                missing = self._missing_photos(s, parsed)
        if outcome.result == "rejected":
            log.warning("op %s rejected: %s %s", op.op_id, outcome.reason, outcome.message)
        return OperationResult(
            op_id=op.op_id,
            result=outcome.result,  # type: ignore[arg-type]
            reason=outcome.reason,
            message=outcome.message,
            entity_id=op.entity_id,
            received_at=outcome.received_at,
            missing_photos=missing,
        )

    def _replay(
        self,
        s: Session,
        principal: Principal,
        op: PushOperation,
        seen: SyncOperation,
        op_hash: str,
    ) -> OperationResult:
        """An op id seen before: its stored result, and nothing changes."""
        if seen.store_code != principal.store_code:
            return self._refuse(op, FORBIDDEN_STORE, "This operation belongs to another store.")
        if seen.payload_hash != op_hash:
            return self._refuse(
                op,
                OP_ID_REUSED,
                "This operation id was already used with different content; nothing changed.",
            )
        if seen.result == "rejected":
            return OperationResult(
                op_id=op.op_id,
                result="rejected",
                reason=seen.reason,
                message=seen.message,
                entity_id=seen.entity_id,
            )
        missing: list[str] = []
        received_at = seen.received_at
        case = s.get(ReceivedCase, seen.entity_id)
        if case is not None:
            missing = self._missing_photos(s, WirePayload.model_validate(case.payload))
            received_at = case.received_at
        return OperationResult(
            op_id=op.op_id,
            result="duplicate",
            reason=OP_ALREADY_APPLIED,
            message="Already received; nothing changed.",
            entity_id=seen.entity_id,
            received_at=received_at,
            missing_photos=missing,
        )

    @staticmethod
    def _refuse(op: PushOperation, reason: str, message: str) -> OperationResult:
        log.warning("op %s refused: %s", op.op_id, reason)
        return OperationResult(
            op_id=op.op_id,
            result="rejected",
            reason=reason,
            message=message,
            entity_id=op.entity_id,
        )

    def _parse(self, principal: Principal, op: PushOperation) -> WirePayload:
        if (op.entity, op.operation) != ("return_case", "finalise"):
            raise Rejected(
                UNSUPPORTED_OPERATION,
                f"The server does not know operation {op.operation!r} on {op.entity!r}.",
            )
        version = op.payload.get("wire_version")
        if version not in WIRE_VERSIONS:
            raise Rejected(
                UNSUPPORTED_WIRE_VERSION,
                f"Wire version {version!r} is not one the server reads {list(WIRE_VERSIONS)}.",
            )
        try:
            payload = WirePayload.model_validate(op.payload)
        except ValidationError as err:
            raise Rejected(INVALID_PAYLOAD, _validation_message(err)) from None
        case = payload.case
        # Checked before anything about the case is looked at, and never recorded: a
        # counter may only ever speak for its own store.
        if case.store_code != principal.store_code:
            raise Rejected(
                FORBIDDEN_STORE,
                f"This device belongs to store {principal.store_code}, not {case.store_code}.",
            )
        if case.id != op.entity_id:
            raise Rejected(INVALID_PAYLOAD, "entity_id differs from the case id in the payload.")
        if case.status != "finalised" or case.finalised_at is None:
            raise Rejected(CASE_NOT_FINAL, "Only finalised cases are pushed.")
        if len({i.order_line_id for i in payload.items}) != len(payload.items):
            raise Rejected(INVALID_PAYLOAD, "An order line appears twice in the items.")
        if len({p.sha256 for p in payload.photos}) != len(payload.photos):
            raise Rejected(INVALID_PAYLOAD, "A photo appears twice in the case.")
        ids = [case.id, *(i.id for i in payload.items), *(p.id for p in payload.photos)]
        ids += [e.id for e in payload.audit]
        if len(set(ids)) != len(ids):
            raise Rejected(INVALID_PAYLOAD, "An id appears twice in the case.")
        if payload.items and case.order_id is None:
            raise Rejected(INVALID_PAYLOAD, "Items are returned but the case names no order.")
        _check_audit_chain(payload)
        return payload

    def _store_case(
        self,
        s: Session,
        principal: Principal,
        op: PushOperation,
        payload: WirePayload,
        now: datetime,
    ) -> _Outcome:
        case = payload.case
        case_hash = canonical_hash(op.payload)
        existing = s.get(ReceivedCase, case.id)
        if existing is not None:
            if existing.store_code != principal.store_code:
                raise Rejected(FORBIDDEN_STORE, "This case belongs to another store.")
            if existing.payload_hash == case_hash:
                return _Outcome(
                    "duplicate",
                    CASE_ALREADY_STORED,
                    "This case was already received (under another operation id).",
                    received_at=existing.received_at,
                )
            raise Rejected(
                CASE_IS_FINAL,
                f"Case {existing.case_no} was already received with different content; "
                "a finalised case never changes.",
            )
        self._check_ledger(s, payload)
        self._check_child_ids(s, payload)
        assert case.finalised_at is not None  # _parse refused anything else
        s.add(
            ReceivedCase(
                id=case.id,
                case_no=case.case_no,
                store_code=case.store_code,
                staff_id=case.staff_id,
                order_id=case.order_id,
                status=case.status,
                channel=case.channel,
                priority=case.priority,
                identity_status=case.identity_status,
                reason_category=case.reason_category,
                resolution=case.resolution,
                refund_cents=case.refund_cents,
                created_at=case.created_at,
                finalised_at=case.finalised_at,
                received_at=now,
                device_id=principal.device_id,
                op_id=op.op_id,
                payload_hash=case_hash,
                payload=op.payload,
            )
        )
        s.flush()  # the case row first: the children point at it
        # Children as upserts keyed by the client's ids: re-applying them never trips a
        # unique key (a retry after a lost reply must not crash).
        insert_ignore(
            s,
            ReceivedItem,
            [
                {
                    "id": i.id,
                    "case_id": case.id,
                    "order_line_id": i.order_line_id,
                    "quantity": i.quantity,
                }
                for i in payload.items
            ],
        )
        insert_ignore(
            s,
            ReceivedPhoto,
            [
                {
                    "id": p.id,
                    "case_id": case.id,
                    "sha256": p.sha256,
                    "byte_size": p.byte_size,
                    "caption": p.caption,
                }
                for p in payload.photos
            ],
        )
        insert_ignore(
            s,
            ReceivedAuditEvent,
            [
                {
                    "id": e.id,
                    "case_id": case.id,
                    "seq": e.seq,
                    "at": _parse_time(e.at),  # parsed once before in _parse
                    "staff_id": e.staff_id,
                    "action": e.action,
                    "detail": e.detail,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in payload.audit
            ],
        )
        return _Outcome("applied", None, "Stored.", received_at=now)

    def _check_ledger(self, s: Session, payload: WirePayload) -> None:
        """Returned quantities per order line, over every case received, stay within
        what was bought: the counter checks its own cases, only the centre sees all."""
        case = payload.case
        if case.order_id is None:
            return
        order = s.get(SalesOrder, case.order_id)
        if order is None:
            raise Rejected(UNKNOWN_ORDER, "The server does not know the case's order.")
        if not payload.items:
            return
        wanted = {i.order_line_id: i.quantity for i in payload.items}
        # Row locks in a fixed order: concurrent pushes touching the same lines queue
        # here instead of both passing the check (no-op on SQLite: one writer anyway).
        lines = {
            ln.id: ln
            for ln in s.scalars(
                select(SalesOrderLine)
                .where(SalesOrderLine.id.in_(wanted))
                .order_by(SalesOrderLine.id)
                .with_for_update()
            )
        }
        for line_id in wanted:
            line = lines.get(line_id)
            if line is None or line.order_id != order.id:
                raise Rejected(
                    UNKNOWN_ORDER_LINE,
                    f"Order line {line_id} is not part of order {order.order_no}.",
                )
        returned: dict[str, int] = {
            line_id: int(total or 0)
            for line_id, total in s.execute(
                select(ReceivedItem.order_line_id, func.sum(ReceivedItem.quantity))
                .where(ReceivedItem.order_line_id.in_(wanted))
                .group_by(ReceivedItem.order_line_id)
            )
        }
        for line_id, quantity in wanted.items():
            line = lines[line_id]
            before = returned.get(line_id, 0)
            if before + quantity > line.quantity:
                raise Rejected(
                    OVER_RETURN,
                    f"{line.name} (order {order.order_no}, line {line.line_no}): "
                    f"{line.quantity} bought, {before} already returned in other cases, "
                    f"this case returns {quantity}.",
                )

    @staticmethod
    def _check_child_ids(s: Session, payload: WirePayload) -> None:
        """The case is new, so none of its rows' ids may exist yet: an id of another case's
        row would be skipped by the upsert below, and a skipped item escapes the ledger."""
        for model, ids in (
            (ReceivedItem, [i.id for i in payload.items]),
            (ReceivedPhoto, [p.id for p in payload.photos]),
            (ReceivedAuditEvent, [e.id for e in payload.audit]),
        ):
            if ids and s.scalar(select(model.id).where(model.id.in_(ids)).limit(1)):
                raise Rejected(
                    INVALID_PAYLOAD, f"A {model.__tablename__} id already belongs to another case."
                )

    @staticmethod
    def _missing_photos(s: Session, payload: WirePayload) -> list[str]:
        wanted = sorted({p.sha256 for p in payload.photos})
        if not wanted:
            return []
        have = set(s.scalars(select(PhotoBlob.sha256).where(PhotoBlob.sha256.in_(wanted))))
        return [h for h in wanted if h not in have]


def _parse_time(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise Rejected(INVALID_PAYLOAD, f"Audit time {text!r} is not an ISO 8601 time.") from None
    if value.tzinfo is None:
        raise Rejected(INVALID_PAYLOAD, f"Audit time {text!r} has no time zone.")
    try:
        value.astimezone(UTC)  # stored in UTC
    except OverflowError:
        raise Rejected(INVALID_PAYLOAD, f"Audit time {text!r} is out of range.") from None
    return value
