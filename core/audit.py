"""Audit events, hash-chained per case so a silent edit of history shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.ids import new_id
from db.models import AuditEvent, ReturnCase

GENESIS = "0" * 64


def event_hash(
    prev_hash: str,
    case_id: str,
    seq: int,
    at: datetime,
    staff_id: str,
    action: str,
    detail: dict[str, Any],
) -> str:
    canonical = json.dumps(
        {
            "case_id": case_id,
            "seq": seq,
            "at": at.isoformat(),
            "staff_id": staff_id,
            "action": action,
            "detail": detail,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def append_event(
    session: Session,
    case_id: str,
    staff_id: str,
    action: str,
    at: datetime,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    last = session.scalar(
        select(AuditEvent)
        .where(AuditEvent.case_id == case_id)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS if last is None else last.hash
    detail = detail or {}
    # Hash exactly what is stored (UTC), so verification after a reload matches.
    at = at.astimezone(UTC)
    ev = AuditEvent(
        id=new_id(),
        case_id=case_id,
        seq=seq,
        at=at,
        staff_id=staff_id,
        action=action,
        detail=detail,
        prev_hash=prev,
        hash=event_hash(prev, case_id, seq, at, staff_id, action, detail),
    )
    session.add(ev)
    session.flush()
    return ev


def broken_links(events: list[AuditEvent]) -> list[int]:
    """Sequence numbers of events whose hash or link does not match."""
    bad: list[int] = []
    prev = GENESIS
    for ev in sorted(events, key=lambda e: e.seq):
        expected = event_hash(prev, ev.case_id, ev.seq, ev.at, ev.staff_id, ev.action, ev.detail)
        if ev.prev_hash != prev or ev.hash != expected:
            bad.append(ev.seq)
        prev = ev.hash
    return bad


@dataclass(frozen=True)
class AuditReport:
    cases_checked: int
    events_checked: int
    broken: tuple[tuple[str, tuple[int, ...]], ...]  # (case number, sequence numbers)

    @property
    def ok(self) -> bool:
        return not self.broken

    def format(self) -> str:
        lines = [f"checked {self.events_checked} audit events in {self.cases_checked} cases"]
        for case_no, seqs in self.broken:
            lines.append(
                f"ALTERED  {case_no}: event(s) {', '.join(map(str, seqs))} do not match the chain"
            )
        lines.append(
            "OK: every chain is intact" if self.ok else f"FAILED: {len(self.broken)} case(s)"
        )
        return "\n".join(lines)


def verify_all(session: Session) -> AuditReport:
    """Re-compute every case's hash chain; report any record that was altered."""
    cases = 0
    events = 0
    broken: list[tuple[str, tuple[int, ...]]] = []
    for case in session.scalars(select(ReturnCase).order_by(ReturnCase.case_no)):
        chain = list(
            session.scalars(
                select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq)
            )
        )
        cases += 1
        events += len(chain)
        bad = broken_links(chain)
        # A gap in the sequence is a deleted event: the next one no longer links.
        seqs = [e.seq for e in chain]
        if seqs != list(range(1, len(seqs) + 1)):
            bad = sorted(set(bad) | {s for i, s in enumerate(seqs, 1) if s != i})
        if bad:
            broken.append((case.case_no, tuple(bad)))
    return AuditReport(cases, events, tuple(broken))
