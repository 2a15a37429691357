"""The policy applied to real cases: sign-in, approvals, windows, options."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.cases import CaseDraft, CaseService
from core.counter import CounterStore
from core.demo import (
    DEMO_CLERK_PIN,
    DEMO_CUSTOMER_NAME,
    DEMO_FRESH_ORDER_NO,
    DEMO_OLD_ORDER_NO,
    DEMO_ORDER_NO,
    DEMO_PHONE,
    DEMO_STORE,
    DEMO_SUPERVISOR_PIN,
)
from core.errors import UserError
from core.staff import MAX_PIN_ATTEMPTS, AccountLocked, StaffService, WrongPin
from tests.conftest import FakeClock
from tests.test_cases import walk_to_resolution


@pytest.fixture
def staff(counter_store: CounterStore, clock: FakeClock) -> StaffService:
    return StaffService(counter_store.sessions, clock)


@pytest.fixture
def supervisor_id(service: CaseService) -> str:
    return service.supervisors(DEMO_STORE)[0][0]


def test_sign_in_counts_wrong_pins_and_locks(staff: StaffService, clock: FakeClock) -> None:
    clerk = next(m for m in staff.list_staff(DEMO_STORE) if m.role == "clerk")
    assert staff.sign_in(clerk.id, DEMO_CLERK_PIN).name == clerk.name
    for left in range(MAX_PIN_ATTEMPTS - 1, 0, -1):
        with pytest.raises(WrongPin) as err:
            staff.sign_in(clerk.id, "0000")
        assert err.value.attempts_left == left
        assert str(left) in err.value.message
    with pytest.raises(AccountLocked):
        staff.sign_in(clerk.id, "0000")
    with pytest.raises(AccountLocked):  # even the right PIN waits out the lock
        staff.sign_in(clerk.id, DEMO_CLERK_PIN)
    clock.now += timedelta(minutes=16)
    assert staff.sign_in(clerk.id, DEMO_CLERK_PIN).id == clerk.id


def _mismatched(service: CaseService, staff_id: str) -> CaseDraft:
    d = service.open_case(DEMO_STORE, staff_id)
    d.customer_words = "帮朋友退的"
    d.order = service.lookup_order(DEMO_ORDER_NO)
    d.order_no_entered = DEMO_ORDER_NO
    d.is_proxy, d.requester_name, d.proxy_relationship = True, "李雷", "朋友"
    d.claimed_orderer_name, d.claimed_phone_last4 = DEMO_CUSTOMER_NAME, "1234"
    return service.check_identity(d, staff_id)


def test_supervisor_overrides_identity_mismatch(
    service: CaseService, staff_id: str, supervisor_id: str
) -> None:
    d = _mismatched(service, staff_id)
    assert [p.field for p in service.validate(d, 1)] == ["identity"]
    with pytest.raises(WrongPin):
        service.approve(d, staff_id, supervisor_id, "0000", ["identity_override"], "known customer")
    with pytest.raises(UserError) as err:
        service.approve(d, staff_id, supervisor_id, DEMO_SUPERVISOR_PIN, ["identity_override"], " ")
    assert err.value.field == "note"
    with pytest.raises(UserError) as err:  # a clerk cannot approve
        service.approve(d, staff_id, staff_id, DEMO_CLERK_PIN, ["identity_override"], "x")
    assert err.value.field == "supervisor"
    d = service.approve(
        d, staff_id, supervisor_id, DEMO_SUPERVISOR_PIN, ["identity_override"], "订单人来电确认"
    )
    assert d.identity_status == "overridden"
    assert d.flags == {"identity_mismatch": True}  # the flag stays for the regional lead
    assert service.validate(d, 1) == []
    assert d.approvals[0]["reason"] == "identity_override"


def _old_order_case(service: CaseService, staff_id: str, reason: str) -> CaseDraft:
    d = service.open_case(DEMO_STORE, staff_id)
    d.customer_words = "羽绒服不想要了"
    d.order = service.lookup_order(DEMO_OLD_ORDER_NO)
    d.order_no_entered = DEMO_OLD_ORDER_NO
    d.claimed_orderer_name, d.claimed_phone_last4 = DEMO_CUSTOMER_NAME, DEMO_PHONE[-4:]
    d = service.check_identity(d, staff_id)
    assert d.order is not None
    d.items = {d.order.lines[0].id: 1}
    d.reason_category = reason
    d.stated_reason = "不喜欢"
    d.packaging_kept = d.tags_intact = d.seal_intact = True
    d.signs_of_use = False
    return d


def test_outside_window_needs_approval_but_goodwill_does_not(
    service: CaseService, staff_id: str, supervisor_id: str
) -> None:
    d = _old_order_case(service, staff_id, "changed_mind")
    verdict = service.assess(d)
    assert verdict.outside_window
    assert not verdict.lines[0].window.within
    assert verdict.lines[0].window.remaining < timedelta(days=-2)  # 10 days vs 7
    refund = verdict.options["refund"]
    assert refund.allowed and refund.needs_approval and "outside_window" in refund.why_not
    assert verdict.options["decline_goodwill"].allowed
    assert not verdict.options["decline_goodwill"].needs_approval

    d.resolution = "decline_goodwill"
    d.resolution_notes = "免费清洗后寄回"
    assert service.validate(d, 4) == []

    d.resolution = "refund"
    d.refund_cents, d.refund_method = 10000, "original"
    problems = service.validate(d, 4)
    assert [p.field for p in problems] == ["approval"]
    assert "outside the return window" in problems[0].message
    d = service.approve(
        d, staff_id, supervisor_id, DEMO_SUPERVISOR_PIN, ["outside_window"], "老顾客"
    )
    assert service.validate(d, 4) == []


def test_hard_no_is_refused_with_why(service: CaseService, staff_id: str) -> None:
    d = _old_order_case(service, staff_id, "changed_mind")
    d.resolution = "repair"  # not offered for a change of mind
    d.follow_up_on = (d.created_at + timedelta(days=3)).date()
    problems = service.validate(d, 4)
    assert [p.field for p in problems] == ["resolution"]
    assert "not offered for this kind of problem" in problems[0].message


def test_fresh_goods_window_is_counted_in_hours(service: CaseService, staff_id: str) -> None:
    d = service.open_case(DEMO_STORE, staff_id)
    d.order = service.lookup_order(DEMO_FRESH_ORDER_NO)
    assert d.order is not None
    d.items = {d.order.lines[0].id: 1}
    d.reason_category = "quality"
    line = service.assess(d).lines[0]
    assert line.category == "fresh"
    assert line.window.within
    assert timedelta(hours=27) < line.window.remaining <= timedelta(hours=28)  # 48 h − 20 h


def test_refund_above_limit_needs_a_supervisor(
    service: CaseService, staff_id: str, demo_photo: Path, supervisor_id: str
) -> None:
    d = walk_to_resolution(service, staff_id, demo_photo)
    assert d.order is not None
    d.items = {d.order.lines[0].id: 2}
    d.refund_cents = 59800
    assert [p.field for p in service.validate(d, 4)] == ["approval"]
    d = service.approve(
        d, staff_id, supervisor_id, DEMO_SUPERVISOR_PIN, ["refund_above_limit"], "质量问题全额退"
    )
    final = service.finalise(d, staff_id)
    assert final.status == "finalised"
    assert [a["reason"] for a in final.approvals] == ["refund_above_limit"]
