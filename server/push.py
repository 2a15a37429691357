"""Applying pushed outbox operations: idempotent, matched by the client's ids; a batch is
decided one operation after the other and written in one transaction (PushService.push)."""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
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
from server.auth import Principal, give_back_push_lease
from server.case_facts import facts
from server.database import Database, JsonText, bulk_insert, insert_ignore
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


# Made once: json.dumps with options builds a new encoder on every call.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)
_AUDIT_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_TEXT = json.JSONEncoder(ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """``value`` as canonical JSON: sorted keys, no whitespace; NaN and Infinity refused."""
    return _CANONICAL.encode(value)


def canonical_hash(value: Any) -> str:
    """SHA-256 of ``value`` as canonical JSON: key order and whitespace do not count."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def operation_hash(op: PushOperation, payload_json: str) -> str:
    """The op's content hash, ``canonical_hash`` of {entity, entity_id, operation, payload},
    built around the payload's canonical text instead of serialising the payload again
    (the keys in sorted order; tests/test_server_push_batch.py checks it is the same)."""

    text = _TEXT.encode
    whole = (
        f'{{"entity":{text(op.entity)},"entity_id":{text(op.entity_id)},'
        f'"operation":{text(op.operation)},"payload":{payload_json}}}'
    )
    return hashlib.sha256(whole.encode("utf-8")).hexdigest()


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
    canonical = _AUDIT_CANONICAL.encode(
        {
            "case_id": case_id,
            "seq": seq,
            "at": at,
            "staff_id": staff_id,
            "action": action,
            "detail": detail,
        }
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
        return self.push(principal, operations)[0]

    def push(
        self, principal: Principal, operations: list[PushOperation], lease: str | None = None
    ) -> tuple[list[OperationResult], bool]:
        """Every operation of a push, decided one after the other as if each were alone,
        and written in ONE transaction (one commit, one fsync) with bulk inserts.

        The answers are those of applying the operations one by one in order: what an
        earlier operation of the batch stored counts for the later ones (a doubled op id
        is a duplicate, a second case on the same order line sees the first's items). If
        the database refuses the batch (a value it cannot store, a concurrent push storing
        the same case or op id first, a deadlock), nothing of it was written and the batch
        is applied again one operation per transaction, the slow path that isolates the
        culprit and answers it alone.

        ``lease``: the device's push lease, given back in the batch's own transaction;
        the flag says whether it was (not on the slow path: the caller gives it back).
        """
        prepared = [self._prepare(principal, op) for op in operations]
        try:
            return self._apply_together(principal, prepared, lease), lease is not None
        except (DataError, IntegrityError) as exc:
            log.info("push batch refused as a whole (%s); one operation at a time", exc.orig)
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) not in _RETRYABLE_PGCODES:
                raise
            log.info("push batch: %s; one operation at a time", exc.orig)
        return [self.apply(principal, op) for op in operations], False

    def _prepare(self, principal: Principal, op: PushOperation) -> _Prepared:
        """Everything about one operation that needs no database: hashes and checks."""
        item = _Prepared(op)
        text: str | None
        try:
            text = canonical_json(op.payload)
        except ValueError:  # NaN or Infinity somewhere
            text = None
        # JSON writes NUL (in a text or a key) as \u0000: the walk below names the place.
        if text is None or "\\u0000" in text:
            problem = _unstorable(op.payload)
            if problem is not None:
                item.refusal = self._refuse(op, INVALID_PAYLOAD, problem)
                return item
            if text is None:
                text = canonical_json(op.payload)  # not NaN after all: let it raise
        item.payload_json = text
        item.case_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        item.op_hash = operation_hash(op, text)
        try:
            item.parsed = self._parse(principal, op)
        except Rejected as r:
            item.rejected = r
        return item

    def _apply_together(
        self, principal: Principal, prepared: list[_Prepared], lease: str | None
    ) -> list[OperationResult]:
        now = utcnow()
        results: list[OperationResult] = []
        with self.database.write() as s:
            known = _Known.load(s, prepared)
            rows = _Rows()
            for item in prepared:
                op = item.op
                if item.refusal is not None:
                    results.append(item.refusal)
                    continue
                seen = known.ops.get(op.op_id)
                if seen is not None:
                    results.append(self._replay_known(principal, op, item.op_hash, seen, known))
                    continue
                outcome = self._decide(principal, item, known, rows, now)
                if outcome.store:
                    rows.operations.append(
                        {
                            "op_id": op.op_id,
                            "device_id": principal.device_id,
                            "store_code": principal.store_code or "",
                            "entity": op.entity,
                            "entity_id": op.entity_id,
                            "operation": op.operation,
                            "payload_hash": item.op_hash,
                            "result": outcome.result,
                            "reason": outcome.reason,
                            "message": outcome.message,
                            "received_at": now,
                        }
                    )
                    known.ops[op.op_id] = _SeenOp(
                        principal.store_code or "",
                        item.op_hash,
                        outcome.result,
                        outcome.reason,
                        outcome.message,
                        op.entity_id,
                        now,
                    )
                missing: list[str] = []
                if outcome.result == "rejected":
                    log.warning("op %s rejected: %s %s", op.op_id, outcome.reason, outcome.message)
                elif item.parsed is not None:
                    missing = known.missing(p.sha256 for p in item.parsed.photos)
                results.append(
                    OperationResult(
                        op_id=op.op_id,
                        result=outcome.result,  # type: ignore[arg-type]
                        reason=outcome.reason,
                        message=outcome.message,
                        entity_id=op.entity_id,
                        received_at=outcome.received_at,
                        missing_photos=missing,
                    )
                )
            rows.write(s)
            if lease is not None:
                give_back_push_lease(s, principal.device_id, lease)
        return results

    def _replay_known(
        self,
        principal: Principal,
        op: PushOperation,
        op_hash: str,
        seen: _SeenOp,
        known: _Known,
    ) -> OperationResult:
        """_replay, from what the batch looked up."""
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
        case = known.cases.get(seen.entity_id)
        if case is not None:
            missing = known.missing(case.photos)
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

    def _decide(
        self, principal: Principal, item: _Prepared, known: _Known, rows: _Rows, now: datetime
    ) -> _Outcome:
        """_store_case, from what the batch looked up; an applied case goes into ``rows``
        and into ``known``, where the batch's later operations see it."""
        if item.rejected is not None:
            r = item.rejected
            return _Outcome("rejected", r.reason, r.message, store=r.reason != FORBIDDEN_STORE)
        payload = item.parsed
        assert payload is not None
        case = payload.case
        existing = known.cases.get(case.id)
        if existing is not None:
            if existing.store_code != principal.store_code:
                return _Outcome(
                    "rejected", FORBIDDEN_STORE, "This case belongs to another store.", store=False
                )
            if existing.payload_hash == item.case_hash:
                return _Outcome(
                    "duplicate",
                    CASE_ALREADY_STORED,
                    "This case was already received (under another operation id).",
                    received_at=existing.received_at,
                )
            return _Outcome(
                "rejected",
                CASE_IS_FINAL,
                f"Case {existing.case_no} was already received with different content; "
                "a finalised case never changes.",
            )
        try:
            known.check_ledger(payload)
            known.check_child_ids(payload)
        except Rejected as r:
            return _Outcome("rejected", r.reason, r.message)
        rows.add_case(principal, item.op, item, payload, now, known.lines)
        known.add_case(item, payload, now)
        return _Outcome("applied", None, "Stored.", received_at=now)

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
        # The ledger check loaded the order lines into this session: no second read.
        lines = {i.order_line_id: s.get(SalesOrderLine, i.order_line_id) for i in payload.items}
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
                    **_item_facts(case, lines[i.order_line_id].sku),  # type: ignore[union-attr]
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


# ---- a batch at once: what it needs from the database, looked up together -----------------


def _one_of(postgres: bool, column: Any) -> Any:
    """``column IN (:ids)`` with the ids as ONE bound value, an array on PostgreSQL, a JSON
    array on SQLite: SQLAlchemy expands an IN list into a parameter per id, which costs
    more than the query itself for the few hundred ids of a batch."""
    if postgres:
        return column == any_(bindparam("ids", type_=ARRAY(String)))
    each = func.json_each(bindparam("ids", type_=String)).table_valued("value")
    return column.in_(select(each.c.value))


def _lookups(postgres: bool) -> dict[str, Any]:
    """The batch's look-up queries, built once per dialect (building one costs more than
    running it); each takes its ids as ``ids``."""

    def of(column: Any) -> Any:
        return _one_of(postgres, column)

    s_op = SyncOperation
    return {
        "ops": select(
            s_op.op_id, s_op.store_code, s_op.payload_hash, s_op.result, s_op.reason,
            s_op.message, s_op.entity_id, s_op.received_at,
        ).where(of(s_op.op_id)),
        "cases": select(
            ReceivedCase.id, ReceivedCase.store_code, ReceivedCase.payload_hash,
            ReceivedCase.received_at, ReceivedCase.case_no,
        ).where(of(ReceivedCase.id)),
        "case_photos": select(ReceivedPhoto.case_id, ReceivedPhoto.sha256).where(
            of(ReceivedPhoto.case_id)
        ),
        "orders": select(SalesOrder.id, SalesOrder.order_no).where(of(SalesOrder.id)),
        # Row locks in a fixed order (ids sorted), taken before the sums are read:
        # concurrent pushes touching the same lines queue here instead of both passing
        # the check (no-op on SQLite: one writer anyway).
        "lines": select(
            SalesOrderLine.id, SalesOrderLine.order_id, SalesOrderLine.quantity,
            SalesOrderLine.name, SalesOrderLine.line_no, SalesOrderLine.sku,
        )
        .where(of(SalesOrderLine.id))
        .order_by(SalesOrderLine.id)
        .with_for_update(),
        "returned": select(ReceivedItem.order_line_id, func.sum(ReceivedItem.quantity))
        .where(of(ReceivedItem.order_line_id))
        .group_by(ReceivedItem.order_line_id),
        ReceivedItem.__tablename__: select(ReceivedItem.id).where(of(ReceivedItem.id)),
        ReceivedPhoto.__tablename__: select(ReceivedPhoto.id).where(of(ReceivedPhoto.id)),
        ReceivedAuditEvent.__tablename__: select(ReceivedAuditEvent.id).where(
            of(ReceivedAuditEvent.id)
        ),
        "blobs": select(PhotoBlob.sha256).where(of(PhotoBlob.sha256)),
    }  # fmt: skip


_LOOKUPS = {postgres: _lookups(postgres) for postgres in (False, True)}


class _Lookup:
    """Runs the batch's look-ups on the session's connection (Core, no ORM on the way)."""

    def __init__(self, s: Session) -> None:
        self.conn = s.connection()
        self.postgres = self.conn.dialect.name == "postgresql"
        self.queries = _LOOKUPS[self.postgres]

    def __call__(self, name: str, ids: Iterable[str]) -> list[Any]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        value: Any = wanted if self.postgres else json.dumps(wanted)
        return list(self.conn.execute(self.queries[name], {"ids": value}))


@dataclass
class _Prepared:
    """One pushed operation, hashed and checked before the database is touched."""

    op: PushOperation
    refusal: OperationResult | None = None  # unstorable: answered, never recorded
    payload_json: str = ""  # canonical JSON of the payload: hashed, and stored as is
    case_hash: str = ""
    op_hash: str = ""
    parsed: WirePayload | None = None
    rejected: Rejected | None = None  # what _parse refused, if it did


@dataclass
class _SeenOp:
    store_code: str
    payload_hash: str
    result: str
    reason: str | None
    message: str
    entity_id: str
    received_at: datetime


@dataclass
class _KnownCase:
    store_code: str
    payload_hash: str
    received_at: datetime
    case_no: str
    photos: list[str] = field(default_factory=list)


@dataclass
class _Line:
    order_id: str
    quantity: int
    name: str
    line_no: int
    sku: str


@dataclass
class _Known:
    """What the database holds that the batch's operations touch, plus what the batch
    itself has stored so far (its later operations must see it)."""

    ops: dict[str, _SeenOp] = field(default_factory=dict)
    cases: dict[str, _KnownCase] = field(default_factory=dict)
    orders: dict[str, str] = field(default_factory=dict)  # id → order_no
    lines: dict[str, _Line] = field(default_factory=dict)
    returned: dict[str, int] = field(default_factory=dict)  # order line → pieces returned
    taken: dict[str, set[str]] = field(default_factory=dict)  # table → child ids in use
    blobs: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, s: Session, prepared: list[_Prepared]) -> _Known:
        known = cls()
        lookup = _Lookup(s)
        live = [p for p in prepared if p.refusal is None]
        for row in lookup("ops", (p.op.op_id for p in live)):
            known.ops[row[0]] = _SeenOp(*row[1:])
        # Only operations seen for the first time store anything (a doubled op id in the
        # batch is answered from its first occurrence, whatever that stored).
        fresh = [p.parsed for p in live if p.parsed is not None and p.op.op_id not in known.ops]
        case_ids = {c.case.id for c in fresh} | {o.entity_id for o in known.ops.values()}
        for row in lookup("cases", case_ids):
            known.cases[row[0]] = _KnownCase(*row[1:])
        for case_id, sha in lookup("case_photos", known.cases):
            known.cases[case_id].photos.append(sha)
        fresh = [c for c in fresh if c.case.id not in known.cases]
        order_ids = (c.case.order_id for c in fresh if c.case.order_id is not None)
        for order_id, order_no in lookup("orders", order_ids):
            known.orders[order_id] = order_no
        line_ids = [i.order_line_id for c in fresh for i in c.items]
        for row in lookup("lines", line_ids):
            known.lines[row[0]] = _Line(*row[1:])
        for line_id, total in lookup("returned", line_ids):
            known.returned[line_id] = int(total or 0)
        children: list[tuple[str, list[str]]] = [
            (ReceivedItem.__tablename__, [i.id for c in fresh for i in c.items]),
            (ReceivedPhoto.__tablename__, [p.id for c in fresh for p in c.photos]),
            (ReceivedAuditEvent.__tablename__, [e.id for c in fresh for e in c.audit]),
        ]
        for table, ids in children:
            known.taken[table] = {row[0] for row in lookup(table, ids)}
        shas = [p.sha256 for c in fresh for p in c.photos]
        shas += [sha for case in known.cases.values() for sha in case.photos]
        known.blobs = {row[0] for row in lookup("blobs", shas)}
        return known

    def missing(self, shas: Iterable[str]) -> list[str]:
        return [h for h in sorted(set(shas)) if h not in self.blobs]

    def check_ledger(self, payload: WirePayload) -> None:
        """_check_ledger, over the looked-up lines and sums plus the batch's own items."""
        case = payload.case
        if case.order_id is None:
            return
        order_no = self.orders.get(case.order_id)
        if order_no is None:
            raise Rejected(UNKNOWN_ORDER, "The server does not know the case's order.")
        wanted = {i.order_line_id: i.quantity for i in payload.items}
        for line_id in wanted:
            line = self.lines.get(line_id)
            if line is None or line.order_id != case.order_id:
                raise Rejected(
                    UNKNOWN_ORDER_LINE, f"Order line {line_id} is not part of order {order_no}."
                )
        for line_id, quantity in wanted.items():
            line = self.lines[line_id]
            before = self.returned.get(line_id, 0)
            if before + quantity > line.quantity:
                raise Rejected(
                    OVER_RETURN,
                    f"{line.name} (order {order_no}, line {line.line_no}): "
                    f"{line.quantity} bought, {before} already returned in other cases, "
                    f"this case returns {quantity}.",
                )

    def check_child_ids(self, payload: WirePayload) -> None:
        """_check_child_ids: none of a new case's rows' ids may be in use already."""
        for table, ids in _child_ids(payload):
            taken = self.taken.get(table, set())
            if any(i in taken for i in ids):
                raise Rejected(INVALID_PAYLOAD, f"A {table} id already belongs to another case.")

    def add_case(self, item: _Prepared, payload: WirePayload, now: datetime) -> None:
        case = payload.case
        self.cases[case.id] = _KnownCase(
            case.store_code, item.case_hash, now, case.case_no, [p.sha256 for p in payload.photos]
        )
        for i in payload.items:
            self.returned[i.order_line_id] = self.returned.get(i.order_line_id, 0) + i.quantity
        for table, ids in _child_ids(payload):
            self.taken.setdefault(table, set()).update(ids)


def _item_facts(case: Any, sku: str) -> dict[str, Any]:
    """What a returned item keeps of its case and order line for the dashboard's products
    (ReceivedItem, migration 0005): neither ever changes once the case is received."""
    return {
        "sku": sku,
        "store_code": case.store_code,
        "reason_category": case.reason_category,
        "finalised_at": case.finalised_at,
    }


def _child_ids(payload: WirePayload) -> list[tuple[str, list[str]]]:
    return [
        (ReceivedItem.__tablename__, [i.id for i in payload.items]),
        (ReceivedPhoto.__tablename__, [p.id for p in payload.photos]),
        (ReceivedAuditEvent.__tablename__, [e.id for e in payload.audit]),
    ]


@dataclass
class _Rows:
    """The batch's new rows, table by table, inserted with one executemany each."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    operations: list[dict[str, Any]] = field(default_factory=list)

    def add_case(
        self, principal: Principal, op: PushOperation, item: _Prepared, payload: WirePayload,
        now: datetime, lines: dict[str, _Line],
    ) -> None:  # fmt: skip
        case = payload.case
        assert case.finalised_at is not None  # _parse refused anything else
        row = {
            "id": case.id,
            "case_no": case.case_no,
            "store_code": case.store_code,
            "staff_id": case.staff_id,
            "order_id": case.order_id,
            "status": case.status,
            "channel": case.channel,
            "priority": case.priority,
            "identity_status": case.identity_status,
            "reason_category": case.reason_category,
            "resolution": case.resolution,
            "refund_cents": case.refund_cents,
            "created_at": case.created_at,
            "finalised_at": case.finalised_at,
            "received_at": now,
            "device_id": principal.device_id,
            "op_id": op.op_id,
            "payload_hash": item.case_hash,
            # The canonical text hashed above: the same JSON value, not serialised twice.
            "payload": JsonText(item.payload_json),
            **facts(op.payload),  # the derived review columns (db/case_facts.py)
        }
        self.cases.append(row)
        self.items += [
            {"id": i.id, "case_id": case.id, "order_line_id": i.order_line_id,
             "quantity": i.quantity, **_item_facts(case, lines[i.order_line_id].sku)}
            for i in payload.items
        ]  # fmt: skip
        self.photos += [
            {"id": p.id, "case_id": case.id, "sha256": p.sha256, "byte_size": p.byte_size,
             "caption": p.caption}
            for p in payload.photos
        ]  # fmt: skip
        self.events += [
            {"id": e.id, "case_id": case.id, "seq": e.seq, "at": _parse_time(e.at),
             "staff_id": e.staff_id, "action": e.action, "detail": e.detail,
             "prev_hash": e.prev_hash, "hash": e.hash}
            for e in payload.audit
        ]  # fmt: skip

    def write(self, s: Session) -> None:
        # Parents first: the children's foreign keys point at the case rows.
        for model, rows in (
            (ReceivedCase, self.cases),
            (ReceivedItem, self.items),
            (ReceivedPhoto, self.photos),
            (ReceivedAuditEvent, self.events),
            (SyncOperation, self.operations),
        ):
            bulk_insert(s, model, rows)
