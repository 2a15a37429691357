"""The case service without widgets: drafts, identity, ledger, finalise, audit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from core import cases as cases_module
from core.audit import broken_links
from core.cases import CaseDraft, CaseService
from core.counter import CounterStore
from core.demo import DEMO_CUSTOMER_NAME, DEMO_FRESH_ORDER_NO, DEMO_ORDER_NO, DEMO_PHONE, DEMO_STORE
from core.errors import CaseIsFinal, NotFound, UserError
from core.orders import normalise_order_no, parse_order_no
from core.photos import verify_photo_file
from db.models import AuditEvent, OutboxEntry, ReturnCase
from tests.conftest import FakeClock


def walk_to_resolution(
    service: CaseService, staff_id: str, photo: Path | None, order_no: str = DEMO_ORDER_NO
) -> CaseDraft:
    """Fill a complete case through the service, the way the wizard does."""
    d = service.open_case(DEMO_STORE, staff_id)
    d.customer_words = "领口开线了，才穿了一次"
    d.emotion = "upset"
    d, problems = service.save_page(d, staff_id, 0)
    assert problems == []
    d.order = service.lookup_order(order_no)
    d.order_no_entered = order_no
    d.claimed_orderer_name = DEMO_CUSTOMER_NAME
    d.claimed_phone_last4 = DEMO_PHONE[-4:]
    d = service.check_identity(d, staff_id)
    d, problems = service.save_page(d, staff_id, 1)
    assert problems == []
    assert d.order is not None
    d.items = {d.order.lines[0].id: 1}
    d.reason_category = "quality"
    d.stated_reason = "领口开线"
    d, problems = service.save_page(d, staff_id, 2)
    assert problems == []
    if photo is not None:
        d = service.add_photo(d.id, staff_id, photo)
    d.packaging_kept, d.tags_intact, d.seal_intact, d.signs_of_use = True, True, True, False
    d, problems = service.save_page(d, staff_id, 3)
    assert problems == []
    d.resolution = "refund"
    d.refund_cents = d.order.lines[0].unit_price_cents
    d.refund_method = "original"
    d, problems = service.save_page(d, staff_id, 4)
    assert problems == []
    return d


def test_case_numbers_follow_store_day_and_ids_are_uuid7(
    service: CaseService, staff_id: str, clock: FakeClock
) -> None:
    # 15:59 UTC is 23:59 in Shanghai; 16:01 UTC is already the next local day.
    clock.now = datetime(2026, 11, 26, 15, 59, tzinfo=UTC)
    a = service.open_case(DEMO_STORE, staff_id)
    b = service.open_case(DEMO_STORE, staff_id)
    clock.now = datetime(2026, 11, 26, 16, 1, tzinfo=UTC)
    c = service.open_case(DEMO_STORE, staff_id)
    assert (a.case_no, b.case_no, c.case_no) == (
        "SH01-20261126-0001",
        "SH01-20261126-0002",
        "SH01-20261127-0001",
    )
    assert uuid.UUID(a.id).version == 7


def test_draft_round_trip_and_first_response(
    service: CaseService, staff_id: str, clock: FakeClock
) -> None:
    d = service.open_case(DEMO_STORE, staff_id, channel="phone")
    assert d.sla_minutes == 15
    assert d.first_response_due_at == d.created_at + timedelta(minutes=15)
    d.customer_words = "我等了三天！"
    d.urgent_goods = True  # fresh food: the short SLA
    d.priority = "urgent"
    clock.now += timedelta(minutes=3)
    saved, problems = service.save_page(d, staff_id, 0)
    assert problems == []
    again = service.load(d.id)
    assert again.customer_words == "我等了三天！"
    assert again.channel == "phone"
    assert again.sla_minutes == 5
    assert again.first_response_due_at == d.created_at + timedelta(minutes=5)
    assert again.first_response_at == clock.now
    assert again.current_page == 1
    queue = service.list_open(DEMO_STORE)
    assert [e.id for e in queue] == [d.id]


def test_intake_problems_name_their_fields(service: CaseService, staff_id: str) -> None:
    d = service.open_case(DEMO_STORE, staff_id)
    d.customer_words = "   "
    saved, problems = service.save_page(d, staff_id, 0)
    assert [p.field for p in problems] == ["customer_words"]
    assert "customer said" in problems[0].message
    assert saved.current_page == 0  # stays on the page, but what was typed is saved


@pytest.mark.parametrize(
    "typed",
    [DEMO_ORDER_NO, f"  {DEMO_ORDER_NO.lower()} ", "ＳＨ" + "".join(chr(ord(c) + 0xFEE0) for c in DEMO_ORDER_NO[2:]),
     f"{DEMO_ORDER_NO[:6]} {DEMO_ORDER_NO[6:]}", f"{DEMO_ORDER_NO[:6]}-{DEMO_ORDER_NO[6:]}"],
)  # fmt: skip
def test_order_numbers_as_people_type_them(service: CaseService, typed: str) -> None:
    assert service.lookup_order(typed).order_no == DEMO_ORDER_NO


def test_full_width_normalisation() -> None:
    assert normalise_order_no("ＳＨ１２３") == "SH123"


@pytest.mark.parametrize("typed", ["12345", "SH12", "订单123", "SH-ABC-123"])
def test_malformed_order_number_is_explained(typed: str) -> None:
    with pytest.raises(UserError) as err:
        parse_order_no(typed)
    assert err.value.field == "order_no"
    assert "two letters" in err.value.message


def test_unknown_order_number(service: CaseService) -> None:
    with pytest.raises(NotFound) as err:
        service.lookup_order("SH9999999999")
    assert err.value.field == "order_no"


def test_identity_mismatch_is_flagged_and_audited(
    service: CaseService, staff_id: str, counter_store: CounterStore
) -> None:
    d = service.open_case(DEMO_STORE, staff_id)
    d.order = service.lookup_order(DEMO_ORDER_NO)
    d.order_no_entered = DEMO_ORDER_NO
    d.is_proxy = True
    d.requester_name = "李雷"
    d.proxy_relationship = "朋友"
    d.claimed_orderer_name = DEMO_CUSTOMER_NAME
    d.claimed_phone_last4 = "0000"
    checked = service.check_identity(d, staff_id)
    assert checked.identity_status == "mismatch"
    assert checked.flags == {"identity_mismatch": True}
    problems = service.validate(checked, 1)
    assert [p.field for p in problems] == ["identity"]
    with counter_store.sessions() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == d.id)).all()
    assert "identity_mismatch" in actions
    # Correcting the digits does not clear the flag: only a supervisor may.
    checked.claimed_phone_last4 = DEMO_PHONE[-4:]
    assert service.check_identity(checked, staff_id).identity_status == "mismatch"


def test_changed_answer_must_be_checked_again(service: CaseService, staff_id: str) -> None:
    d = service.open_case(DEMO_STORE, staff_id)
    d.order = service.lookup_order(DEMO_ORDER_NO)
    d.order_no_entered = DEMO_ORDER_NO
    d.claimed_orderer_name = f" {DEMO_CUSTOMER_NAME} "
    d.claimed_phone_last4 = DEMO_PHONE[-4:]
    d = service.check_identity(d, staff_id)
    assert d.identity_status == "verified"
    d.claimed_orderer_name = "王芳芳"
    assert service.save_draft(d, staff_id).identity_status == "unchecked"


def test_finalise_writes_case_audit_and_outbox_together(
    service: CaseService, staff_id: str, counter_store: CounterStore, demo_photo: Path
) -> None:
    d = walk_to_resolution(service, staff_id, demo_photo)
    final = service.finalise(d, staff_id)
    assert final.status == "finalised"
    assert final.finalised_at is not None
    with counter_store.sessions() as s:
        case = s.get(ReturnCase, d.id)
        assert case is not None
        events = list(case.events)
        assert [e.action for e in events] == [
            "opened",
            "first_response",
            "identity_verified",
            "photo_added",
            "finalised",
        ]
        assert broken_links(events) == []
        outbox = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == d.id)).all()
    assert len(outbox) == 1
    payload = outbox[0].payload
    assert payload["case"]["case_no"] == final.case_no
    assert payload["case"]["refund_cents"] == final.refund_cents
    assert [p["sha256"] for p in payload["photos"]] == [final.photos[0].sha256]
    assert len(payload["audit"]) == 5
    assert verify_photo_file(service.photos_dir, final.photos[0].sha256)
    assert service.outbox_waiting() == 1
    assert service.list_open(DEMO_STORE) == []


def test_finalised_case_cannot_be_changed(
    service: CaseService, staff_id: str, demo_photo: Path
) -> None:
    final = service.finalise(walk_to_resolution(service, staff_id, demo_photo), staff_id)
    final.customer_words = "changed afterwards"
    with pytest.raises(CaseIsFinal):
        service.save_draft(final, staff_id)
    with pytest.raises(CaseIsFinal):
        service.add_photo(final.id, staff_id, demo_photo)
    with pytest.raises(CaseIsFinal):
        service.finalise(final, staff_id)
    assert service.load(final.id).customer_words == "领口开线了，才穿了一次"


def test_failed_finalise_leaves_nothing_half_done(
    service: CaseService,
    staff_id: str,
    counter_store: CounterStore,
    demo_photo: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    d = walk_to_resolution(service, staff_id, demo_photo)

    def broken(_case: object) -> dict[str, object]:
        raise OSError("disk full")

    monkeypatch.setattr(cases_module, "case_to_wire", broken)
    with pytest.raises(OSError):
        service.finalise(d, staff_id)
    assert service.load(d.id).status == "draft"
    with counter_store.sessions() as s:
        assert s.scalars(select(OutboxEntry)).all() == []
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == d.id)).all()
    assert "finalised" not in actions


def test_a_line_cannot_be_returned_twice(
    service: CaseService, staff_id: str, demo_photo: Path
) -> None:
    first = walk_to_resolution(service, staff_id, demo_photo)
    assert first.order is not None
    sweater = first.order.lines[0]  # 2 bought
    first.items = {sweater.id: 2}
    first.refund_cents = 49900  # within the counter's own limit (¥500)
    service.finalise(first, staff_id)

    d = service.open_case(DEMO_STORE, staff_id)
    d.order = service.lookup_order(DEMO_ORDER_NO)
    d.items = {sweater.id: 1}
    d.reason_category = "quality"
    d.stated_reason = "again"
    problems = service.validate(d, 2)
    assert [p.field for p in problems] == ["items"]
    assert "only 0 can still be returned" in problems[0].message


def test_drafts_count_in_the_ledger_and_finalise_rechecks(
    service: CaseService, staff_id: str, demo_photo: Path
) -> None:
    a = walk_to_resolution(service, staff_id, demo_photo)
    b = walk_to_resolution(service, staff_id, demo_photo)
    assert a.order is not None
    line = a.order.lines[0]
    a.items = {line.id: 2}
    a.refund_cents = line.unit_price_cents
    service.save_draft(a, staff_id)
    # b claimed 1 earlier; with a's 2 in a draft, b would over-return.
    assert [p.field for p in service.validate(b, 2)] == ["items"]
    with pytest.raises(UserError) as err:
        service.finalise(b, staff_id)
    assert err.value.field == "items"


def test_refund_cannot_exceed_returned_value(
    service: CaseService, staff_id: str, demo_photo: Path
) -> None:
    d = walk_to_resolution(service, staff_id, demo_photo)
    d.refund_cents = 10_000_000
    problems = service.validate(d, 4)
    assert "refund_amount" in [p.field for p in problems]


def test_quality_claim_needs_a_photo(service: CaseService, staff_id: str, demo_photo: Path) -> None:
    d = walk_to_resolution(service, staff_id, demo_photo)
    d = service.remove_photo(d.id, staff_id, d.photos[0].id)
    problems = service.validate(d, 3)
    assert [p.field for p in problems] == ["photos"]


def test_tampered_audit_event_is_found(
    service: CaseService, staff_id: str, counter_store: CounterStore, demo_photo: Path
) -> None:
    final = service.finalise(walk_to_resolution(service, staff_id, demo_photo), staff_id)
    with counter_store.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_event SET detail = :d WHERE case_id = :c AND seq = 3"),
            {"d": '{"order": "forged"}', "c": final.id},
        )
    with counter_store.sessions() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.case_id == final.id)).all()
    assert broken_links(list(events)) == [3]


def test_fresh_order_fixture_is_recent(service: CaseService) -> None:
    order = service.lookup_order(DEMO_FRESH_ORDER_NO)
    assert order.delivered_at is not None
    assert datetime.now(UTC) - order.delivered_at < timedelta(hours=48)
