"""The wizard as staff use it: real widgets offscreen, keys and clicks, a real database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from core.audit import broken_links
from core.cases import CaseService
from core.counter import CounterStore
from core.demo import (
    DEMO_CUSTOMER_NAME,
    DEMO_ORDER_NO,
    DEMO_PHONE,
    DEMO_SUPERVISOR_PIN,
)
from core.photos import verify_photo_file
from db.models import OutboxEntry, ReturnCase
from ui import photo_panel
from ui.main_window import MainWindow
from ui.tasks import TaskRunner
from ui.wizard.wizard import CaseWizard

FULL_WIDTH_ORDER = "".join(chr(ord(c) + 0xFEE0) for c in DEMO_ORDER_NO)  # ＳＨ２５…


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as staff do: ASCII as key presses, Chinese as an input method commits it.

    (QTest cannot press keys for non-ASCII characters; a Chinese IME delivers
    its text as a QInputMethodEvent commit, which is what this sends.)
    """
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def click(qtbot: QtBot, widget: QWidget) -> None:
    if isinstance(widget, QCheckBox | QRadioButton):
        # These react only on their indicator and label, not their whole width.
        pos = QPoint(8, widget.height() // 2)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def next_page(qtbot: QtBot, wiz: CaseWizard, expected: int) -> None:
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))
    page = wiz.currentPage()

    def moved() -> None:
        shown = [f.error.text() for f in page.fields.fields.values() if f.error.isVisible()]
        assert not shown, (shown, wiz.currentId(), wiz.draft.items)  # why it did not move
        assert wiz.currentId() == expected

    qtbot.waitUntil(moved, timeout=5000)


def open_new(qtbot: QtBot, window: MainWindow) -> CaseWizard:
    click(qtbot, window.new_button)
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    assert window.wizard is not None
    return window.wizard


def fill_intake(qtbot: QtBot, wiz: CaseWizard, words: str = "生日礼物，尺码买小了") -> None:
    page = wiz.intake
    page.channel.setFocus()
    qtbot.keyClick(page.channel, Qt.Key.Key_Down)  # counter -> phone
    type_text(qtbot, page.words, words)
    qtbot.keyClick(page.emotion, Qt.Key.Key_Down)  # calm -> anxious


def look_up(qtbot: QtBot, wiz: CaseWizard, typed: str) -> None:
    page = wiz.identity
    page.order_no.setFocus()
    type_text(qtbot, page.order_no, typed)
    qtbot.keyClick(page.order_no, Qt.Key.Key_Return)  # as a barcode scanner ends


def test_whole_case_with_keys_and_clicks(
    qtbot: QtBot,
    window: MainWindow,
    runner: TaskRunner,
    counter_store: CounterStore,
    demo_photo: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(photo_panel, "choose_photo_file", lambda _parent: demo_photo)
    wiz = open_new(qtbot, window)

    fill_intake(qtbot, wiz)
    next_page(qtbot, wiz, 1)

    page = wiz.identity
    look_up(qtbot, wiz, " " + FULL_WIDTH_ORDER[:6] + " " + FULL_WIDTH_ORDER[6:])
    qtbot.waitUntil(lambda: DEMO_ORDER_NO in page.order_info.text())
    assert wiz.currentId() == 1  # Enter in the order field looks up; it does not advance
    click(qtbot, page.proxy_radio)
    type_text(qtbot, page.requester_name, "张伟")
    type_text(qtbot, page.relationship, "女婿")
    type_text(qtbot, page.orderer_name, DEMO_CUSTOMER_NAME)
    type_text(qtbot, page.phone_last4, DEMO_PHONE[-4:] + "99")  # the field keeps 4 digits
    assert page.phone_last4.text() == DEMO_PHONE[-4:]
    click(qtbot, page.check)
    qtbot.waitUntil(lambda: "confirmed" in page.result.text())
    page.phone_last4.setFocus()
    qtbot.keyClick(page.phone_last4, Qt.Key.Key_Return)  # Enter advances
    qtbot.waitUntil(lambda: wiz.currentId() == 2)

    items = wiz.items
    qtbot.waitUntil(lambda: len(items._rows) == 2)
    box, spin, _ = next(iter(items._rows.values()))
    click(qtbot, box)
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)  # 2 sweaters
    items.reason.setFocus()
    qtbot.keyClick(items.reason, Qt.Key.Key_Down)  # first reason in policy order: quality
    assert items.reason.currentData() == "quality"
    type_text(qtbot, items.stated, "领口开线")
    type_text(qtbot, items.real, "穿了一次就开线")
    next_page(qtbot, wiz, 3)

    cond = wiz.condition
    for key in ("packaging_kept", "tags_intact", "seal_intact"):
        click(qtbot, cond.answers[key].yes)
    click(qtbot, cond.answers["signs_of_use"].no)
    click(qtbot, cond.photos.add_photo)
    qtbot.waitUntil(lambda: cond.photos.photo_list.count() == 1)
    next_page(qtbot, wiz, 4)

    res = wiz.resolution
    click(qtbot, res.options["refund"])
    assert res.options["refund"].isChecked()
    assert res.amount.value() == pytest.approx(598.00)  # 2 × ¥299 pre-filled
    click(qtbot, res.follow_up_needed)
    assert res.follow_up_needed.isChecked() and res.options["refund"].isChecked()
    # ¥598 is above the counter's ¥500 limit: a supervisor signs it off.
    qtbot.waitUntil(lambda: "refund above" in res.approval_status.text())
    click(qtbot, res.ask_supervisor)
    qtbot.waitUntil(lambda: wiz.approval_dialog is not None and wiz.approval_dialog.isVisible())
    dialog = wiz.approval_dialog
    assert dialog is not None
    type_text(qtbot, dialog.pin, "0000")
    type_text(qtbot, dialog.note, "质量问题，全额退款")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.fields["pin"].error.isHidden())
    assert "Wrong PIN" in dialog.fields["pin"].error.text()
    dialog.pin.clear()
    type_text(qtbot, dialog.pin, DEMO_SUPERVISOR_PIN)
    click(qtbot, dialog.ok)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: "Approved by" in res.approval_status.text())
    next_page(qtbot, wiz, 5)
    assert "领口开线" in wiz.summary.view.toPlainText()

    click(qtbot, wiz.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: not wiz.isVisible())
    qtbot.waitUntil(lambda: not runner.busy)

    with counter_store.sessions() as s:
        case = s.scalars(select(ReturnCase)).one()
        assert case.status == "finalised"
        assert case.channel == "phone"
        assert case.customer_words == "生日礼物，尺码买小了"
        assert case.emotion == "anxious"
        assert case.is_proxy and case.proxy_relationship == "女婿"
        assert case.identity_status == "verified"
        assert [i.quantity for i in case.items] == [2]
        assert case.reason_category == "quality"
        assert case.real_reason == "穿了一次就开线"
        assert (case.packaging_kept, case.signs_of_use) == (True, False)
        assert case.resolution == "refund" and case.refund_cents == 59800
        assert case.refund_method == "original"
        assert case.follow_up_on is not None
        assert [a["reason"] for a in case.approvals] == ["refund_above_limit"]
        actions = [e.action for e in case.events]
        assert actions[0] == "opened" and actions[-1] == "finalised"
        assert "identity_verified" in actions and "photo_added" in actions
        assert broken_links(list(case.events)) == []
        outbox = s.scalars(select(OutboxEntry)).one()
        assert outbox.entity_id == case.id and outbox.status == "pending"
        sha = case.photos[0].sha256
    assert verify_photo_file(counter_store.photos_dir, sha)
    assert window.model.rowCount() == 0
    qtbot.waitUntil(lambda: "1 finalised" in window.status.text())
    # The customer's receipt opens, in the customer's language (the default: Chinese).
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible())
    assert window.receipt_dialog.language() == "zh_CN"


def test_empty_required_field_message_next_to_it(qtbot: QtBot, window: MainWindow) -> None:
    wiz = open_new(qtbot, window)
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))
    error = wiz.intake.fields["customer_words"].error
    qtbot.waitUntil(error.isVisible)
    assert "customer said" in error.text()
    assert wiz.currentId() == 0
    type_text(qtbot, wiz.intake.words, "box crushed")
    next_page(qtbot, wiz, 1)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("12 34", "is not an order number"), ("SH0000000000", "No order SH0000000000")],
)
def test_bad_order_number_message_next_to_field(
    qtbot: QtBot, window: MainWindow, typed: str, expected: str
) -> None:
    wiz = open_new(qtbot, window)
    fill_intake(qtbot, wiz)
    next_page(qtbot, wiz, 1)
    look_up(qtbot, wiz, typed)
    error = wiz.identity.fields["order_no"].error
    qtbot.waitUntil(error.isVisible)
    assert expected in error.text()
    assert wiz.identity.order_no.text() == typed  # nothing typed is lost


def test_identity_mismatch_stops_the_flow(qtbot: QtBot, window: MainWindow) -> None:
    wiz = open_new(qtbot, window)
    fill_intake(qtbot, wiz)
    next_page(qtbot, wiz, 1)
    page = wiz.identity
    look_up(qtbot, wiz, DEMO_ORDER_NO)
    qtbot.waitUntil(lambda: DEMO_ORDER_NO in page.order_info.text())
    type_text(qtbot, page.orderer_name, DEMO_CUSTOMER_NAME)
    type_text(qtbot, page.phone_last4, "0000")
    click(qtbot, page.check)
    qtbot.waitUntil(lambda: "Does not match" in page.result.text())
    click(qtbot, wiz.button(QWizard.WizardButton.NextButton))
    qtbot.waitUntil(page.fields["identity"].error.isVisible)
    assert "supervisor" in page.fields["identity"].error.text()
    assert wiz.currentId() == 1


def test_bad_photo_file_is_explained_and_nothing_stored(
    qtbot: QtBot,
    window: MainWindow,
    counter_store: CounterStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = tmp_path / "receipt.jpg"
    fake.write_text("this is not a picture")
    monkeypatch.setattr(photo_panel, "choose_photo_file", lambda _parent: fake)
    wiz = open_new(qtbot, window)
    wiz.condition.photos.add_photo.click()  # the page need not be showing for this check
    error = wiz.condition.fields["photos"].error
    qtbot.waitUntil(lambda: not error.isHidden())
    assert "receipt.jpg" in error.text()
    assert wiz.condition.photos.photo_list.count() == 0
    assert not any(p.is_file() for p in counter_store.photos_dir.rglob("*"))


def test_closed_mid_wizard_resumes_intact(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    wiz = open_new(qtbot, window)
    fill_intake(qtbot, wiz, "快递盒压坏了")
    next_page(qtbot, wiz, 1)
    look_up(qtbot, wiz, DEMO_ORDER_NO)
    qtbot.waitUntil(lambda: DEMO_ORDER_NO in wiz.identity.order_info.text())
    type_text(qtbot, wiz.identity.orderer_name, "王")  # the page being typed when it closed
    click(qtbot, wiz.button(QWizard.WizardButton.CancelButton))
    qtbot.waitUntil(lambda: not wiz.isVisible())
    qtbot.waitUntil(lambda: not runner.busy and window.model.rowCount() == 1)
    assert window.model.entry(0).current_page == 1

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.wizard is not wiz and window.wizard is not None)
    again = window.wizard
    assert again is not None
    qtbot.waitUntil(again.isVisible)
    assert again.currentId() == 1
    assert again.identity.order_no.text() == DEMO_ORDER_NO
    assert again.identity.orderer_name.text() == "王"
    assert DEMO_ORDER_NO in again.identity.order_info.text()
    click(qtbot, again.button(QWizard.WizardButton.BackButton))
    qtbot.waitUntil(lambda: again.currentId() == 0)
    assert again.intake.words.toPlainText() == "快递盒压坏了"
    assert again.intake.channel.currentData() == "phone"


def test_finalised_case_cannot_be_changed_from_the_wizard(
    qtbot: QtBot,
    window: MainWindow,
    service: CaseService,
    staff_id: str,
    demo_photo: Path,
) -> None:
    from tests.test_cases import walk_to_resolution

    final = service.finalise(walk_to_resolution(service, staff_id, demo_photo), staff_id)
    wiz = window.open_wizard(service.load(final.id))
    qtbot.waitUntil(wiz.isVisible)
    wiz.summary.view.setFocus()
    click(qtbot, wiz.button(QWizard.WizardButton.FinishButton))
    qtbot.waitUntil(lambda: wiz.currentId() == 5 and not wiz.summary.banner.isHidden())
    assert "can no longer be changed" in wiz.summary.banner.text()
    assert service.load(final.id).customer_words == final.customer_words


INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit,
               QTextEdit, QAbstractItemView)  # fmt: skip


def _qt_internal(w: QWidget) -> bool:
    """Pieces Qt builds inside its own widgets (headers, combo popups, clear buttons)."""
    if isinstance(w, QHeaderView):
        return True  # part of its named table
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QLineEdit):
            return True
        parent = parent.parentWidget()
    return False


def test_every_interactive_widget_is_named_for_automation(
    qtbot: QtBot, window: MainWindow, runner: TaskRunner
) -> None:
    wiz = open_new(qtbot, window)
    look_up(qtbot, wiz, DEMO_ORDER_NO)
    wiz.items.set_order(wiz.service.lookup_order(DEMO_ORDER_NO), {})
    missing = []
    for root in (window, wiz):
        for w in root.findChildren(QWidget):
            if not isinstance(w, INTERACTIVE) or w.objectName().startswith("qt_"):
                continue
            if _qt_internal(w):
                continue
            if not w.objectName() or not w.accessibleName():
                missing.append(f"{type(w).__name__} {w.objectName()!r} {w.accessibleName()!r}")
    assert missing == [], "\n".join(missing)
