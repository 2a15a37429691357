"""Whole cases walked through the wizard as staff would, one per situation in the process."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from core.cases import CaseService
from core.counter import CounterStore
from core.demo import (
    DEMO_CUSTOMER_NAME,
    DEMO_OLD_ORDER_NO,
    DEMO_ORDER_NO,
    DEMO_PHONE,
    DEMO_SUPERVISOR_PIN,
)
from db.models import ReturnCase
from tests.test_cases import walk_to_resolution
from tests.test_wizard import click, look_up, next_page, open_new, type_text
from ui import photo_panel
from ui.main_window import MainWindow
from ui.wizard.wizard import CaseWizard


def intake(qtbot: QtBot, wiz: CaseWizard, words: str) -> None:
    type_text(qtbot, wiz.intake.words, words)
    next_page(qtbot, wiz, 1)


def identify(
    qtbot: QtBot,
    wiz: CaseWizard,
    order_no: str,
    last4: str = DEMO_PHONE[-4:],
    proxy: tuple[str, str] | None = None,
) -> None:
    page = wiz.identity
    look_up(qtbot, wiz, order_no)
    qtbot.waitUntil(lambda: order_no in page.order_info.text())
    if proxy:
        click(qtbot, page.proxy_radio)
        type_text(qtbot, page.requester_name, proxy[0])
        type_text(qtbot, page.relationship, proxy[1])
    type_text(qtbot, page.orderer_name, DEMO_CUSTOMER_NAME)
    type_text(qtbot, page.phone_last4, last4)
    click(qtbot, page.check)
    qtbot.waitUntil(lambda: wiz.draft.identity_status != "unchecked")


def items(
    qtbot: QtBot, wiz: CaseWizard, quantities: dict[int, int], reason: str, said: str
) -> None:
    page = wiz.items
    qtbot.waitUntil(lambda: len(page._rows) > 0)
    rows = list(page._rows.values())
    for index, qty in quantities.items():
        box, spin, _ = rows[index]
        click(qtbot, box)
        spin.setValue(qty)
    page.reason.setCurrentIndex(page.reason.findData(reason))
    type_text(qtbot, page.stated, said)


def condition(
    qtbot: QtBot, wiz: CaseWizard, answers: tuple[bool, bool, bool, bool], photo: Path | None
) -> None:
    page = wiz.condition
    for key, yes in zip(
        ("packaging_kept", "tags_intact", "seal_intact", "signs_of_use"), answers, strict=True
    ):
        click(qtbot, page.answers[key].yes if yes else page.answers[key].no)
    if photo is not None:
        click(qtbot, page.photos.add_photo)
        qtbot.waitUntil(lambda: page.photos.photo_list.count() == 1)


def finalise(qtbot: QtBot, wiz: CaseWizard, counter_store: CounterStore) -> ReturnCase:
    next_page(qtbot, wiz, 5)
    click(qtbot, wiz.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: not wiz.isVisible())
    with counter_store.sessions() as s:
        case = s.scalars(select(ReturnCase).where(ReturnCase.id == wiz.draft.id)).one()
        case.events, case.photos  # noqa: B018 - load while the session is open
        return case


@pytest.fixture(autouse=True)
def photo_file(demo_photo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(photo_panel, "choose_photo_file", lambda _parent: demo_photo)
    return demo_photo


def test_quality_problem_resolved_by_replacement(
    qtbot: QtBot, window: MainWindow, counter_store: CounterStore, photo_file: Path
) -> None:
    wiz = open_new(qtbot, window)
    intake(qtbot, wiz, "领口开线了，才穿一次")
    identify(qtbot, wiz, DEMO_ORDER_NO)
    next_page(qtbot, wiz, 2)
    items(qtbot, wiz, {0: 1}, "quality", "领口开线")
    next_page(qtbot, wiz, 3)
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))  # no photo yet
    qtbot.waitUntil(lambda: not wiz.condition.fields["photos"].error.isHidden())
    condition(qtbot, wiz, (True, True, True, False), photo_file)
    qtbot.waitUntil(lambda: "within the return window" in wiz.condition.window_badge.text())
    next_page(qtbot, wiz, 4)
    res = wiz.resolution
    qtbot.waitUntil(lambda: res.options["replacement"].isEnabled())
    click(qtbot, res.options["replacement"])
    click(qtbot, res.follow_up_needed)
    case = finalise(qtbot, wiz, counter_store)
    assert (case.status, case.resolution, case.reason_category) == (
        "finalised",
        "replacement",
        "quality",
    )
    assert case.priority == "urgent"  # quality problems rank first
    assert case.follow_up_on is not None and len(case.photos) == 1


def test_wrong_size_birthday_gift_exchanged_with_raised_priority(
    qtbot: QtBot, window: MainWindow, counter_store: CounterStore
) -> None:
    wiz = open_new(qtbot, window)
    type_text(qtbot, wiz.intake.words, "这是送妈妈的生日礼物，尺码买小了")
    qtbot.waitUntil(lambda: wiz.intake.priority.currentData() == "high")
    assert "生日" in wiz.intake.suggestion.text()
    next_page(qtbot, wiz, 1)
    identify(qtbot, wiz, DEMO_ORDER_NO)
    next_page(qtbot, wiz, 2)
    items(qtbot, wiz, {0: 1}, "size_colour", "尺码小了")
    next_page(qtbot, wiz, 3)
    condition(qtbot, wiz, (True, True, True, False), None)  # no photo needed for a size swap
    next_page(qtbot, wiz, 4)
    res = wiz.resolution
    qtbot.waitUntil(lambda: not res.options["repair"].isEnabled())  # not offered for sizes
    assert "not possible" in res.why["repair"].text()
    click(qtbot, res.options["exchange"])
    type_text(qtbot, res.notes, "换L码")
    click(qtbot, res.follow_up_needed)
    case = finalise(qtbot, wiz, counter_store)
    assert (case.resolution, case.priority) == ("exchange", "high")


def test_proxy_blocked_by_phone_mismatch_then_overridden(
    qtbot: QtBot, window: MainWindow, counter_store: CounterStore
) -> None:
    wiz = open_new(qtbot, window)
    intake(qtbot, wiz, "帮我朋友退个保温杯")
    identify(qtbot, wiz, DEMO_ORDER_NO, last4="1234", proxy=("李雷", "朋友"))
    assert wiz.draft.identity_status == "mismatch"
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))
    qtbot.waitUntil(lambda: not wiz.identity.fields["identity"].error.isHidden())
    assert wiz.currentId() == 1
    assert wiz.identity.override.isVisible()
    click(qtbot, wiz.identity.override)
    qtbot.waitUntil(lambda: wiz.approval_dialog is not None and wiz.approval_dialog.isVisible())
    dialog = wiz.approval_dialog
    assert dialog is not None
    type_text(qtbot, dialog.pin, DEMO_SUPERVISOR_PIN)
    type_text(qtbot, dialog.note, "已致电下单人王芳确认由朋友代办")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: wiz.draft.identity_status == "overridden")
    assert "supervisor approved" in wiz.identity.result.text()
    next_page(qtbot, wiz, 2)
    items(qtbot, wiz, {1: 1}, "changed_mind", "不需要了")
    next_page(qtbot, wiz, 3)
    condition(qtbot, wiz, (True, True, True, False), None)
    next_page(qtbot, wiz, 4)
    click(qtbot, wiz.resolution.options["refund"])
    case = finalise(qtbot, wiz, counter_store)
    assert case.identity_status == "overridden"
    assert case.flags == {"identity_mismatch": True}
    assert [a["reason"] for a in case.approvals] == ["identity_override"]
    actions = [e.action for e in case.events]
    assert actions.index("identity_mismatch") < actions.index("approved")


def test_outside_window_declined_with_goodwill(
    qtbot: QtBot, window: MainWindow, counter_store: CounterStore
) -> None:
    wiz = open_new(qtbot, window)
    intake(qtbot, wiz, "羽绒服没穿过，想退")
    identify(qtbot, wiz, DEMO_OLD_ORDER_NO)
    next_page(qtbot, wiz, 2)
    items(qtbot, wiz, {0: 1}, "changed_mind", "不喜欢")
    next_page(qtbot, wiz, 3)
    condition(qtbot, wiz, (True, True, True, True), None)  # sweat marks inside
    badge = wiz.condition.window_badge
    qtbot.waitUntil(lambda: "Cannot be sold again" in badge.text())
    assert "outside the return window by 3 d" in badge.text()
    next_page(qtbot, wiz, 4)
    res = wiz.resolution
    qtbot.waitUntil(lambda: "needs a supervisor" in res.why["refund"].text())
    click(qtbot, res.options["decline_goodwill"])
    type_text(qtbot, res.notes, "免费清洗后寄回")
    case = finalise(qtbot, wiz, counter_store)
    assert (case.resolution, case.approvals) == ("decline_goodwill", [])
    assert case.resolution_notes == "免费清洗后寄回"


def test_second_return_of_a_returned_line_is_refused(
    qtbot: QtBot,
    window: MainWindow,
    service: CaseService,
    staff_id: str,
    photo_file: Path,
) -> None:
    first = walk_to_resolution(service, staff_id, photo_file)
    assert first.order is not None
    first.items = {first.order.lines[0].id: 2}  # both sweaters
    first.refund_cents = 49900
    service.finalise(first, staff_id)

    wiz = open_new(qtbot, window)
    intake(qtbot, wiz, "毛衣有问题还想退")
    identify(qtbot, wiz, DEMO_ORDER_NO)
    next_page(qtbot, wiz, 2)
    qtbot.waitUntil(
        lambda: "2 already in other returns" in wiz.items.grid.itemAtPosition(0, 2).widget().text()
    )
    items(qtbot, wiz, {0: 1}, "quality", "又开线了")
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))
    error = wiz.items.fields["items"].error
    qtbot.waitUntil(lambda: not error.isHidden())
    assert "only 0 can still be returned (2 bought, 2 already in other returns)" in error.text()
    assert wiz.currentId() == 2
