"""The counter's main window: sign-in with a PIN, the queue, the 10-minute reminder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from core.cases import CaseService
from core.counter import CounterStore
from core.demo import DEMO_CLERK_NAME, DEMO_CLERK_PIN, DEMO_STORE
from core.drafts import QueueEntry
from core.reminders import due_reminders
from core.staff import StaffService
from tests.conftest import FakeClock
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    qtbot.waitUntil(lambda: not r.busy, timeout=10_000)
    r.shutdown()


@pytest.fixture
def window(
    qtbot: QtBot,
    service: CaseService,
    counter_store: CounterStore,
    runner: TaskRunner,
    clock: FakeClock,
) -> MainWindow:
    w = MainWindow(
        service, StaffService(counter_store.sessions, clock), runner, DEMO_STORE, demo=True
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.sign_in.staff.count() > 0)
    return w


def sign_in(qtbot: QtBot, w: MainWindow, pin: str) -> None:
    w.sign_in.staff.setCurrentIndex(w.sign_in.staff.findText(DEMO_CLERK_NAME))
    w.sign_in.pin.setFocus()
    w.sign_in.pin.clear()
    qtbot.keyClicks(w.sign_in.pin, pin)
    qtbot.keyClick(w.sign_in.pin, Qt.Key.Key_Return)


def test_sign_in_with_pin_then_sign_out(qtbot: QtBot, window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.sign_in
    assert not window.act_new.isEnabled()
    assert "1111" in window.sign_in.hint.text()  # demo data: the PINs are shown

    sign_in(qtbot, window, "4321")
    error = window.sign_in.fields["pin"].error
    qtbot.waitUntil(lambda: not error.isHidden())
    assert "4 attempt(s) left" in error.text()
    assert window.pages.currentWidget() is window.sign_in

    sign_in(qtbot, window, DEMO_CLERK_PIN)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.queue_panel)
    assert window.staff is not None and window.staff.name == DEMO_CLERK_NAME
    qtbot.waitUntil(lambda: DEMO_CLERK_NAME in window.status.text())

    window.act_sign_out.trigger()
    assert window.pages.currentWidget() is window.sign_in
    assert window.staff is None and not window.act_new.isEnabled()


def test_unanswered_consultation_reminds_every_ten_minutes(
    qtbot: QtBot, window: MainWindow, service: CaseService, clock: FakeClock
) -> None:
    sign_in(qtbot, window, DEMO_CLERK_PIN)
    qtbot.waitUntil(lambda: window.staff is not None)
    case = service.open_case(DEMO_STORE, window.staff_id, channel="phone")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.reminder.isHidden()

    clock.now += timedelta(minutes=11)
    window.tick()
    assert not window.reminder.isHidden()
    assert case.case_no in window.reminder.text()
    assert "0 overdue" in window.reminder.text()  # 11 of 15 minutes: reminded, not yet late
    clock.now += timedelta(minutes=10)
    window.tick()
    assert "1 overdue" in window.reminder.text()

    case.customer_words = "电话里说耳机坏了"
    service.save_page(case, window.staff_id, 0)  # leaving intake = first response
    qtbot.waitUntil(
        lambda: window.model.rowCount() == 1 and window.model.entry(0).first_response_at is not None
    )
    window.tick()
    assert window.reminder.isHidden()


def _entry(minutes_ago: int, now, answered: bool = False) -> QueueEntry:  # type: ignore[no-untyped-def]
    created = now - timedelta(minutes=minutes_ago)
    return QueueEntry(
        id=f"c{minutes_ago}",
        case_no=f"SH01-20261126-{minutes_ago:04d}",
        channel="counter",
        customer_words="",
        priority="normal",
        created_at=created,
        first_response_due_at=created + timedelta(minutes=15),
        first_response_at=created if answered else None,
        current_page=0,
    )


def test_due_reminders_repeat_per_interval(clock: FakeClock) -> None:
    now = clock.now
    shown: dict[str, int] = {}
    entries = [_entry(5, now), _entry(12, now), _entry(25, now), _entry(40, now, answered=True)]
    assert [e.id for e in due_reminders(entries, now, 10, shown)] == ["c12", "c25"]
    assert due_reminders(entries, now, 10, shown) == []  # not again within the interval
    later = now + timedelta(minutes=6)
    # c5 reaches 10 min; c12 (18 min) was already reminded this round; c25 reaches 30.
    assert [e.id for e in due_reminders(entries, later, 10, shown)] == ["c5", "c25"]
