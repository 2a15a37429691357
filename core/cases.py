"""The case service: one return case from first word to finalised record.

Both faces of the app use it: the wizard (through ui's task runner, off the UI
thread) and plain scripts. A draft is saved on every page change; finalising
writes the case, its audit events and its outbox entry in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, selectinload, sessionmaker

from core import history, labels
from core import photos as photo_store
from core.assessment import CaseAssessment, assess
from core.audit import append_event
from core.changes import ChangeFeed
from core.drafts import (
    CHANNELS,
    EMOTIONS,
    PAGES,
    REFUND_METHODS,
    CaseDraft,
    PhotoView,
    Problem,
    QueueEntry,
)
from core.errors import CaseIsFinal, NotFound, UserError
from core.history import FinishedEntry, LeadNoteView
from core.ids import new_id
from core.orders import (
    OrderCandidate,
    OrderSearch,
    OrderView,
    find_order,
    order_view,
    search_orders,
)
from core.policy import ApprovalReason, Policy, priority_rank
from core.staff import check_pin
from db.models import (
    CaseNumberCounter,
    CasePhoto,
    Order,
    OrderLine,
    OutboxEntry,
    ReturnCase,
    ReturnedItem,
    Staff,
    Store,
    SyncState,
)
from db.wire import case_to_wire

if TYPE_CHECKING:
    from core.receipt import ReceiptData

translate = QCoreApplication.translate

# Fields copied one to one between CaseDraft and ReturnCase on save.
_SCALAR_FIELDS = (
    "channel", "customer_words", "emotion", "priority", "urgent_goods", "sla_minutes",
    "requester_name", "is_proxy", "proxy_relationship", "order_no_entered",
    "claimed_orderer_name", "claimed_phone_last4", "reason_category", "stated_reason",
    "real_reason", "packaging_kept", "tags_intact", "seal_intact", "signs_of_use",
    "condition_notes", "resolution", "refund_cents", "refund_method", "resolution_notes",
    "follow_up_on", "goodwill_cents", "customer_language",
)  # fmt: skip


class CaseService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        photos_dir: Path,
        policy: Policy,
        changes: ChangeFeed | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self.photos_dir = photos_dir
        self.policy = policy
        self.changes = changes or ChangeFeed()
        self._now = clock
        self._store_tz: dict[str, str] = {}

    # ---- reading -------------------------------------------------------

    def now(self) -> datetime:
        return self._now()

    def load(self, case_id: str) -> CaseDraft:
        with self._sessions() as s:
            return self._to_draft(self._get(s, case_id))

    def list_open(self, store_code: str) -> list[QueueEntry]:
        with self._sessions() as s:
            rows = s.scalars(
                select(ReturnCase)
                .where(ReturnCase.store_code == store_code, ReturnCase.status == "draft")
                .order_by(ReturnCase.first_response_due_at)
            )
            return [
                QueueEntry(
                    id=c.id,
                    case_no=c.case_no,
                    channel=c.channel,
                    customer_words=c.customer_words,
                    priority=c.priority,
                    created_at=c.created_at,
                    first_response_due_at=c.first_response_due_at,
                    first_response_at=c.first_response_at,
                    current_page=c.current_page,
                )
                for c in rows
            ]

    def finished(
        self, store_code: str, text: str = "", days: int | None = None
    ) -> list[FinishedEntry]:
        """Finalised cases of the last ``days`` (30 by default), newest first."""
        since = (
            history.default_since(self._now())
            if days is None
            else self._now() - timedelta(days=days)
        )
        with self._sessions() as s:
            return history.finished(s, store_code, since, text)

    def lead_notes(self, case_id: str) -> list[LeadNoteView]:
        """What the regional lead wrote about a case (pulled from the centre)."""
        with self._sessions() as s:
            return history.lead_notes(s, case_id)

    def outbox_waiting(self) -> int:
        """Finalised cases not yet accepted by the centre."""
        with self._sessions() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(OutboxEntry)
                    .where(OutboxEntry.status == "pending")
                )
                or 0
            )

    def default_staff(self, store_code: str) -> str:
        """The first active clerk: the counter's user until staff sign-in exists."""
        with self._sessions() as s:
            staff_id = s.scalar(
                select(Staff.id)
                .where(Staff.store_code == store_code, Staff.active.is_(True))
                .order_by(Staff.role, Staff.name)
                .limit(1)
            )
        if staff_id is None:
            raise NotFound(translate("CaseService", "No staff are registered for this store."))
        return staff_id

    def store_name(self, store_code: str) -> str:
        with self._sessions() as s:
            store = s.get(Store, store_code)
            if store is None:
                raise NotFound(
                    translate("CaseService", "This counter's store is not in the database.")
                )
            return store.name

    # ---- changing a draft ------------------------------------------------

    def open_case(self, store_code: str, staff_id: str, channel: str = "counter") -> CaseDraft:
        now = self._now()
        with self._sessions.begin() as s:
            store = s.get(Store, store_code)
            if store is None:
                raise NotFound(
                    translate("CaseService", "This counter's store is not in the database.")
                )
            sla = self.policy.first_response_minutes(False)
            case = ReturnCase(
                id=new_id(),
                case_no=self._next_case_no(s, store, now),
                store_code=store_code,
                staff_id=staff_id,
                status="draft",
                current_page=0,
                created_at=now,
                updated_at=now,
                channel=channel,
                sla_minutes=sla,
                first_response_due_at=now + _minutes(sla),
                flags={},
            )
            s.add(case)
            s.flush()
            append_event(s, case.id, staff_id, "opened", now, {"channel": channel})
            draft = self._to_draft(case)
        self.changes.publish("case", draft.id)
        return draft

    def save_draft(self, draft: CaseDraft, staff_id: str) -> CaseDraft:
        """Store everything the wizard holds; called on every page change."""
        now = self._now()
        with self._sessions.begin() as s:
            case = self._get_draft_for_update(s, draft.id)
            claimed = (draft.claimed_orderer_name, draft.claimed_phone_last4)
            if case.identity_status == "verified" and claimed != (
                case.claimed_orderer_name,
                case.claimed_phone_last4,
            ):
                case.identity_status = "unchecked"  # a changed answer must be checked again
            for name in _SCALAR_FIELDS:
                setattr(case, name, getattr(draft, name))
            case.current_page = draft.current_page
            # Quality problems rank first: the reason's default lifts a lower priority.
            rule = self.policy.reasons.get(draft.reason_category)
            if rule is not None and priority_rank(rule.default_priority) > priority_rank(
                case.priority
            ):
                case.priority = rule.default_priority
            # The SLA follows the goods: fresh food and medicine get the short one.
            case.sla_minutes = self.policy.first_response_minutes(draft.urgent_goods)
            case.first_response_due_at = case.created_at + _minutes(case.sla_minutes)
            if case.first_response_at is None and draft.current_page > 0:
                case.first_response_at = now
                append_event(s, case.id, staff_id, "first_response", now)
            if draft.order is None:
                case.order_id = None
            elif case.order_id != draft.order.id:
                case.order_id = draft.order.id
                case.identity_status = "unchecked"
            self._save_items(s, case, draft.items)
            case.updated_at = now
            s.flush()
            saved = self._to_draft(case)
        self.changes.publish("case", saved.id)
        return saved

    def search_orders(self, criteria: OrderSearch, store_code: str) -> list[OrderCandidate]:
        """Orders matching what a customer without the number remembers (newest first)."""
        with self._sessions() as s:
            return search_orders(s, criteria, self.store_timezone(store_code))

    def lookup_order(self, text: str) -> OrderView:
        with self._sessions() as s:
            return order_view(find_order(s, text))

    def check_identity(self, draft: CaseDraft, staff_id: str) -> CaseDraft:
        """Save the draft, then compare what the requester said with the order.

        A mismatch flags the case and is audited: it is how a refund scam by a
        "friend of the orderer" was caught in the process this app encodes.
        """
        if draft.order is None:
            raise UserError(translate("CaseService", "Look up the order first."), field="order_no")
        saved = self.save_draft(draft, staff_id)
        now = self._now()
        with self._sessions.begin() as s:
            case = self._get_draft_for_update(s, saved.id)
            order = s.get(Order, case.order_id)
            assert order is not None
            name_ok = _same_name(case.claimed_orderer_name, order.customer_name)
            phone_ok = case.claimed_phone_last4 == order.phone[-4:]
            detail = {"order": order.order_no, "proxy": case.is_proxy}
            if case.identity_status == "mismatch":
                # A second try after a mismatch is recorded but changes nothing:
                # guessing until it matches is what the check is there to stop.
                detail |= {"name_ok": name_ok, "phone_ok": phone_ok}
                append_event(s, case.id, staff_id, "identity_recheck_after_mismatch", now, detail)
            elif name_ok and phone_ok:
                case.identity_status = "verified"
                append_event(s, case.id, staff_id, "identity_verified", now, detail)
            else:
                case.identity_status = "mismatch"
                case.flags = {**case.flags, "identity_mismatch": True}
                detail |= {"name_ok": name_ok, "phone_ok": phone_ok}
                append_event(s, case.id, staff_id, "identity_mismatch", now, detail)
            case.updated_at = now
            s.flush()
            result = self._to_draft(case)
        self.changes.publish("case", result.id)
        return result

    def save_page(
        self, draft: CaseDraft, staff_id: str, page: int
    ) -> tuple[CaseDraft, list[Problem]]:
        """Save what the page holds (always: nothing typed is lost), then validate it.

        When the page is valid the saved draft points at the next page, so a
        resumed case opens where staff would go on.
        """
        problems = self.validate(draft, page)
        draft.current_page = page if problems else min(page + 1, len(PAGES) - 1)
        return self.save_draft(draft, staff_id), problems

    def add_photo(self, case_id: str, staff_id: str, source: Path, caption: str = "") -> CaseDraft:
        """Ingest the file (file first, fsynced), then insert its row."""
        ingested = photo_store.ingest_photo(source, self.photos_dir)
        now = self._now()
        with self._sessions.begin() as s:
            case = self._get_draft_for_update(s, case_id)
            if not any(p.sha256 == ingested.sha256 for p in case.photos):
                case.photos.append(
                    CasePhoto(
                        id=new_id(),
                        sha256=ingested.sha256,
                        width=ingested.width,
                        height=ingested.height,
                        byte_size=ingested.byte_size,
                        caption=caption,
                        original_name=source.name,
                        added_at=now,
                    )
                )
                append_event(s, case.id, staff_id, "photo_added", now, {"sha256": ingested.sha256})
            case.updated_at = now
            s.flush()
            draft = self._to_draft(case)
        self.changes.publish("case", draft.id)
        return draft

    def remove_photo(self, case_id: str, staff_id: str, photo_id: str) -> CaseDraft:
        now = self._now()
        with self._sessions.begin() as s:
            case = self._get_draft_for_update(s, case_id)
            for p in list(case.photos):
                if p.id == photo_id:
                    case.photos.remove(p)
                    append_event(s, case.id, staff_id, "photo_removed", now, {"sha256": p.sha256})
            s.flush()
            draft = self._to_draft(case)
        self.changes.publish("case", draft.id)
        return draft

    def cancel(self, case_id: str, staff_id: str, reason: str) -> None:
        now = self._now()
        with self._sessions.begin() as s:
            case = self._get_draft_for_update(s, case_id)
            case.status = "cancelled"
            case.updated_at = now
            append_event(s, case.id, staff_id, "cancelled", now, {"reason": reason})
        self.changes.publish("case", case_id)

    # ---- validation ------------------------------------------------------

    def already_returned(self, line_ids: list[str], excluding_case: str) -> dict[str, int]:
        """Quantities of these lines in other live cases (drafts count: double refunds)."""
        if not line_ids:
            return {}
        with self._sessions() as s:
            return self._already_returned(s, line_ids, excluding_case)

    def validate(self, draft: CaseDraft, page: int) -> list[Problem]:
        """Problems that keep the wizard from leaving ``page`` (pure; no writes)."""
        problems: list[Problem] = []
        add = lambda f, m: problems.append(Problem(f, m))  # noqa: E731
        name = PAGES[page]
        if name == "intake":
            if draft.channel not in CHANNELS:
                add("channel", translate("CaseService", "Choose where the customer contacted us."))
            if not draft.customer_words.strip():
                add(
                    "customer_words",
                    translate("CaseService", "Write down what the customer said, in their words."),
                )
            if draft.emotion not in EMOTIONS:
                add("emotion", translate("CaseService", "Choose how the customer feels."))
        elif name == "identity":
            if draft.order is None:
                add(
                    "order_no",
                    translate("CaseService", "Look up the order first (type or scan its number)."),
                )
            if draft.is_proxy:
                if not draft.requester_name.strip():
                    add(
                        "requester_name",
                        translate(
                            "CaseService", "Write down who is returning on the orderer's behalf."
                        ),
                    )
                if not draft.proxy_relationship.strip():
                    add(
                        "proxy_relationship",
                        translate("CaseService", "Write down how they are related to the orderer."),
                    )
            if not draft.claimed_orderer_name.strip():
                add(
                    "orderer_name",
                    translate("CaseService", "Ask for the orderer's name as on the order."),
                )
            if not (len(draft.claimed_phone_last4) == 4 and draft.claimed_phone_last4.isdigit()):
                add(
                    "phone_last4",
                    translate(
                        "CaseService", "Ask for the last 4 digits of the orderer's phone number."
                    ),
                )
            elif draft.identity_status == "overridden":
                pass  # a supervisor approved going on; the approval is audited
            elif draft.order is not None and draft.identity_status == "unchecked":
                add("identity", translate("CaseService", "Press “Check identity” before going on."))
            elif draft.identity_status == "mismatch":
                add(
                    "identity",
                    translate(
                        "CaseService",
                        "The name or phone digits do not match the order. Stop here: "
                        "the case is flagged, and only a supervisor may continue it.",
                    ),
                )
        elif name == "items":
            chosen = {k: v for k, v in draft.items.items() if v > 0}
            if not chosen:
                add(
                    "items",
                    translate("CaseService", "Choose at least one item and how many are returned."),
                )
            elif draft.order is not None:
                bought = {ln.id: ln for ln in draft.order.lines}
                earlier = self.already_returned(list(chosen), draft.id)
                for line_id, qty in chosen.items():
                    line = bought.get(line_id)
                    if line is None:
                        add(
                            "items",
                            translate(
                                "CaseService", "An item that is not on this order was chosen."
                            ),
                        )
                        continue
                    left = line.quantity - earlier.get(line_id, 0)
                    if qty > left:
                        add(
                            "items",
                            translate(
                                "CaseService",
                                "{0}: only {1} can still be returned ({2} bought, {3} already in other returns).",
                            ).format(
                                line.name, max(left, 0), line.quantity, earlier.get(line_id, 0)
                            ),
                        )
            if not draft.reason_category:
                add("reason_category", translate("CaseService", "Choose the kind of problem."))
            elif draft.reason_category not in self.policy.reasons:
                add(
                    "reason_category",
                    translate("CaseService", "This kind of problem is not in the store policy."),
                )
            if not draft.stated_reason.strip():
                add(
                    "stated_reason",
                    translate("CaseService", "Write down the reason the customer gives."),
                )
        elif name == "condition":
            for fld in ("packaging_kept", "tags_intact", "seal_intact", "signs_of_use"):
                if getattr(draft, fld) is None:
                    add(fld, translate("CaseService", "Answer this question about the item."))
            if (
                draft.reason_category
                and self.policy.photo_required(draft.reason_category)
                and not draft.photos
            ):
                add(
                    "photos",
                    translate(
                        "CaseService", "This kind of problem needs a photo of the item as evidence."
                    ),
                )
        elif name == "resolution":
            if not draft.resolution:
                add("resolution", translate("CaseService", "Choose how the case is resolved."))
            if draft.resolution == "refund":
                limit = draft.returned_value_cents()
                if draft.refund_cents <= 0:
                    add("refund_amount", translate("CaseService", "Enter the amount to refund."))
                elif draft.refund_cents > limit:
                    add(
                        "refund_amount",
                        translate(
                            "CaseService",
                            "The refund cannot exceed the value of the returned items (¥{0}).",
                        ).format(f"{limit / 100:.2f}"),
                    )
                if draft.refund_method not in REFUND_METHODS:
                    add(
                        "refund_method", translate("CaseService", "Choose how the money goes back.")
                    )
            if (
                draft.resolution in ("replacement", "repair", "exchange")
                and draft.follow_up_on is None
            ):
                add(
                    "follow_up",
                    translate("CaseService", "Set a follow-up date: something is still to happen."),
                )
            if draft.resolution:
                verdict = self.assess(draft)
                option = verdict.options.get(draft.resolution)
                if option is not None and not option.allowed:
                    add(
                        "resolution",
                        translate("CaseService", "{0} is not possible here: {1}.").format(
                            labels.resolution(draft.resolution),
                            labels.join(labels.why_not(w) for w in option.why_not),
                        ),
                    )
                elif verdict.approvals_missing:
                    add(
                        "approval",
                        translate("CaseService", "This needs a supervisor's approval: {0}.").format(
                            labels.join(labels.why_not(w) for w in verdict.approvals_missing)
                        ),
                    )
        return problems

    def assess(self, draft: CaseDraft) -> CaseAssessment:
        """The policy's view of the case now: windows, resaleability, options, approvals."""
        return assess(self.policy, draft, self._now(), self.store_timezone(draft.store_code))

    def receipt(self, case_id: str) -> ReceiptData:
        """What the customer's receipt says about a finalised case."""
        from core.receipt import receipt_data  # QR and PDF code: loaded when first needed

        draft = self.load(case_id)
        with self._sessions() as s:
            store = s.get(Store, draft.store_code)
            case = s.get(ReturnCase, case_id)
            staff = s.get(Staff, case.staff_id) if case is not None else None
        return receipt_data(
            draft,
            store.name if store else draft.store_code,
            self.policy,
            staff.name if staff else None,
            zone=self.store_timezone(draft.store_code),
        )

    def store_timezone(self, store_code: str) -> str:
        tz = self._store_tz.get(store_code)
        if tz is None:
            with self._sessions() as s:
                store = s.get(Store, store_code)
                tz = store.timezone if store is not None else "Asia/Shanghai"
            self._store_tz[store_code] = tz
        return tz

    def supervisors(self, store_code: str) -> list[tuple[str, str]]:
        """(id, name) of the store's supervisors, for the approval dialog."""
        with self._sessions() as s:
            rows = s.execute(
                select(Staff.id, Staff.name)
                .where(
                    Staff.store_code == store_code,
                    Staff.role == "supervisor",
                    Staff.active.is_(True),
                )
                .order_by(Staff.name)
            )
            return [(r.id, r.name) for r in rows]

    def approve(
        self,
        draft: CaseDraft,
        staff_id: str,
        supervisor_id: str,
        pin: str,
        reasons: Sequence[str],
        note: str,
    ) -> CaseDraft:
        """A supervisor signs off what is outside policy, with a written reason.

        The PIN is checked (and wrong tries counted) like at sign-in; each approval
        is stored on the case and audited. An identity override lets a flagged case
        go on; the others lift the matching "needs approval" on the resolution.
        """
        if not reasons or any(r not in set(ApprovalReason) for r in reasons):
            raise UserError(translate("CaseService", "Unknown approval."), field="approval")
        if not note.strip():
            raise UserError(
                translate("CaseService", "Write down why this is approved."), field="note"
            )
        saved = self.save_draft(draft, staff_id)
        now = self._now()
        with self._sessions() as s:
            supervisor = s.get(Staff, supervisor_id)
            if supervisor is None or supervisor.role != "supervisor" or not supervisor.active:
                raise UserError(
                    translate("CaseService", "Only a supervisor can approve this."),
                    field="supervisor",
                )
            try:
                check_pin(supervisor, pin, now)
            finally:
                s.commit()  # a wrong supervisor PIN counts towards the lock-out
        with self._sessions.begin() as s:
            case = self._get_draft_for_update(s, saved.id)
            if ApprovalReason.IDENTITY_OVERRIDE in reasons:
                if case.identity_status != "mismatch":
                    raise UserError(
                        translate("CaseService", "There is no identity mismatch to override."),
                        field="identity",
                    )
                case.identity_status = "overridden"
            granted = []
            for reason in reasons:
                approval = {
                    "reason": reason,
                    "supervisor_id": supervisor_id,
                    "note": note.strip(),
                    "at": now.isoformat(),
                }
                granted.append(approval)
                append_event(
                    s, case.id, supervisor_id, "approved", now, approval | {"clerk": staff_id}
                )
            case.approvals = [*(case.approvals or []), *granted]
            case.updated_at = now
            s.flush()
            result = self._to_draft(case)
        self.changes.publish("case", result.id)
        return result

    def validate_all(self, draft: CaseDraft) -> list[Problem]:
        return [p for i in range(len(PAGES)) for p in self.validate(draft, i)]

    # ---- finalising --------------------------------------------------------

    def finalise(self, draft: CaseDraft, staff_id: str) -> CaseDraft:
        """Save, validate every page, then seal case + audit + outbox in one transaction."""
        draft = self.save_draft(draft, staff_id)
        problems = self.validate_all(draft)
        if problems:
            raise UserError(problems[0].message, field=problems[0].field)
        now = self._now()
        with self._sessions.begin() as s:
            case = self._get_draft_for_update(s, draft.id)
            # Re-check the ledger inside the transaction: another draft may have
            # claimed the same line since the page was validated.
            earlier = self._already_returned(s, list(draft.items), case.id)
            lines = {ln.id: ln for ln in (s.get(OrderLine, i) for i in draft.items) if ln}
            for line_id, qty in draft.items.items():
                line = lines[line_id]
                if qty + earlier.get(line_id, 0) > line.quantity:
                    raise UserError(
                        translate(
                            "CaseService", "{0} has already been returned in another case."
                        ).format(line.name),
                        field="items",
                    )
            case.status = "finalised"
            case.finalised_at = now
            case.updated_at = now
            append_event(
                s,
                case.id,
                staff_id,
                "finalised",
                now,
                {"resolution": case.resolution, "refund_cents": case.refund_cents},
            )
            s.flush()
            s.refresh(case, ["events", "items", "photos"])
            s.add(
                OutboxEntry(
                    id=new_id(),
                    entity="return_case",
                    entity_id=case.id,
                    operation="finalise",
                    payload=case_to_wire(case),
                    created_at=now,
                )
            )
            s.flush()
            final = self._to_draft(case)
        self.changes.publish("case", final.id)
        self.changes.publish("outbox", final.id)
        return final

    # ---- internals -------------------------------------------------------

    def _get(self, s: Session, case_id: str) -> ReturnCase:
        case = s.scalar(
            select(ReturnCase)
            .where(ReturnCase.id == case_id)
            .options(selectinload(ReturnCase.items), selectinload(ReturnCase.photos))
        )
        if case is None:
            raise NotFound(translate("CaseService", "This case no longer exists."))
        return case

    def _get_draft_for_update(self, s: Session, case_id: str) -> ReturnCase:
        case = self._get(s, case_id)
        if case.status != "draft":
            raise CaseIsFinal(
                translate(
                    "CaseService", "Case {0} is finalised and can no longer be changed."
                ).format(case.case_no)
            )
        return case

    def _next_case_no(self, s: Session, store: Store, now: datetime) -> str:
        day = now.astimezone(ZoneInfo(store.timezone)).strftime("%Y%m%d")
        counter = s.get(CaseNumberCounter, (store.code, day))
        if counter is None:
            counter = CaseNumberCounter(store_code=store.code, day=day, last_no=0)
            s.add(counter)
        counter.last_no += 1
        # The centre numbers a store's counters at enrolment: with it, two counters of one
        # store never issue the same number (SH01-2-20261126-0001). A counter not enrolled
        # yet keeps the short form.
        counter_no = s.get(SyncState, "counter_no")
        if counter_no is not None and counter_no.value:
            return f"{store.code}-{counter_no.value}-{day}-{counter.last_no:04d}"
        return f"{store.code}-{day}-{counter.last_no:04d}"

    def _already_returned(
        self, s: Session, line_ids: list[str], excluding_case: str
    ) -> dict[str, int]:
        rows = s.execute(
            select(ReturnedItem.order_line_id, func.sum(ReturnedItem.quantity))
            .join(ReturnCase, ReturnCase.id == ReturnedItem.case_id)
            .where(
                ReturnedItem.order_line_id.in_(line_ids),
                ReturnCase.id != excluding_case,
                ReturnCase.status != "cancelled",
            )
            .group_by(ReturnedItem.order_line_id)
        )
        return {line_id: int(total) for line_id, total in rows}

    def _save_items(self, s: Session, case: ReturnCase, items: dict[str, int]) -> None:
        wanted = {k: v for k, v in items.items() if v > 0}
        for item in list(case.items):
            if item.order_line_id not in wanted:
                case.items.remove(item)
            else:
                item.quantity = wanted.pop(item.order_line_id)
        for line_id, qty in wanted.items():
            case.items.append(ReturnedItem(id=new_id(), order_line_id=line_id, quantity=qty))

    def _to_draft(self, case: ReturnCase) -> CaseDraft:
        order = None
        if case.order_id is not None:
            session = object_session(case)
            assert session is not None
            row = session.get(Order, case.order_id)
            order = order_view(row) if row else None
        values = {name: getattr(case, name) for name in _SCALAR_FIELDS}
        return CaseDraft(
            id=case.id,
            case_no=case.case_no,
            store_code=case.store_code,
            status=case.status,
            current_page=case.current_page,
            created_at=case.created_at,
            first_response_due_at=case.first_response_due_at,
            first_response_at=case.first_response_at,
            order=order,
            identity_status=case.identity_status,
            flags=dict(case.flags or {}),
            approvals=tuple(case.approvals or ()),
            items={i.order_line_id: i.quantity for i in case.items},
            photos=tuple(
                PhotoView(
                    id=p.id,
                    sha256=p.sha256,
                    path=photo_store.photo_path(self.photos_dir, p.sha256),
                    thumb_path=photo_store.thumb_path(self.photos_dir, p.sha256),
                    width=p.width,
                    height=p.height,
                    caption=p.caption,
                )
                for p in case.photos
            ),
            finalised_at=case.finalised_at,
            **values,
        )


def _minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def _same_name(a: str, b: str) -> bool:
    norm = lambda x: "".join(x.split()).casefold()  # noqa: E731
    return norm(a) == norm(b)
