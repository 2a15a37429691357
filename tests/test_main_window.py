"""The counter's main window: sign-in with a PIN, the queue, the 10-minute reminder."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

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
def signed_out(
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


def test_sign_in_with_pin_then_sign_out(qtbot: QtBot, signed_out: MainWindow) -> None:
    assert signed_out.pages.currentWidget() is signed_out.sign_in
    assert not signed_out.act_new.isEnabled()
    assert "1111" in signed_out.sign_in.hint.text()  # demo data: the PINs are shown

    sign_in(qtbot, signed_out, "4321")
    error = signed_out.sign_in.fields["pin"].error
    qtbot.waitUntil(lambda: not error.isHidden())
    assert "4 attempt(s) left" in error.text()
    assert signed_out.pages.currentWidget() is signed_out.sign_in

    sign_in(qtbot, signed_out, DEMO_CLERK_PIN)
    qtbot.waitUntil(lambda: signed_out.pages.currentWidget() is signed_out.queue_panel)
    assert signed_out.staff is not None and signed_out.staff.name == DEMO_CLERK_NAME
    qtbot.waitUntil(lambda: DEMO_CLERK_NAME in signed_out.status.text())

    signed_out.act_sign_out.trigger()
    assert signed_out.pages.currentWidget() is signed_out.sign_in
    assert signed_out.staff is None and not signed_out.act_new.isEnabled()


def test_unanswered_consultation_reminds_every_ten_minutes(
    qtbot: QtBot, signed_out: MainWindow, service: CaseService, clock: FakeClock
) -> None:
    sign_in(qtbot, signed_out, DEMO_CLERK_PIN)
    qtbot.waitUntil(lambda: signed_out.staff is not None)
    case = service.open_case(DEMO_STORE, signed_out.staff_id, channel="phone")
    qtbot.waitUntil(lambda: signed_out.model.rowCount() == 1)
    assert signed_out.reminder.isHidden()

    clock.now += timedelta(minutes=11)
    signed_out.tick()
    assert not signed_out.reminder.isHidden()
    assert case.case_no in signed_out.reminder.text()
    assert "0 overdue" in signed_out.reminder.text()  # 11 of 15 minutes: reminded, not yet late
    clock.now += timedelta(minutes=10)
    signed_out.tick()
    assert "1 overdue" in signed_out.reminder.text()

    case.customer_words = "电话里说耳机坏了"
    service.save_page(case, signed_out.staff_id, 0)  # leaving intake = first response
    qtbot.waitUntil(
        lambda: (
            signed_out.model.rowCount() == 1
            and signed_out.model.entry(0).first_response_at is not None
        )
    )
    signed_out.tick()
    assert signed_out.reminder.isHidden()


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


def test_cancel_a_consultation_with_a_reason(
    qtbot: QtBot, window: MainWindow, service: CaseService, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import main_window as main_window_module

    case = service.open_case(DEMO_STORE, window.staff_id, channel="phone")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    monkeypatch.setattr(main_window_module, "ask_cancel_reason", lambda _p, _no: "顾客已离开")
    window.table.selectRow(0)
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)
    assert service.load(case.id).status == "cancelled"


def test_summary_photo_opens_full_size(
    qtbot: QtBot, window: MainWindow, service: CaseService, demo_photo: Path
) -> None:
    from tests.test_cases import walk_to_resolution

    draft = walk_to_resolution(service, window.staff_id, demo_photo)
    draft.current_page = 5
    wiz = window.open_wizard(service.load(draft.id))
    qtbot.waitUntil(lambda: wiz.currentId() == 5)
    viewers_before = set(qapp_viewers())
    wiz.summary.sig_photo_opened.emit(draft.photos[0].id)  # what a click on the thumbnail sends
    qtbot.waitUntil(lambda: len(set(qapp_viewers()) - viewers_before) == 1)


def qapp_viewers() -> list[object]:
    from PySide6.QtWidgets import QApplication

    from ui.photo_viewer import PhotoViewer

    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, PhotoViewer) and w.isVisible()
    ]


def test_window_shown_before_the_store_takes_no_pin_until_attached(
    qtbot: QtBot,
    service: CaseService,
    counter_store: CounterStore,
    runner: TaskRunner,
    clock: FakeClock,
) -> None:
    """desktop/app.py shows the window first and attaches the services once the store is open."""
    w = MainWindow(None, None, runner, DEMO_STORE, demo=True)
    qtbot.addWidget(w)
    ready: list[bool] = []
    w.sig_ready.connect(lambda: ready.append(True))
    w.show()
    panel = w.sign_in
    assert w.pages.currentWidget() is panel and panel.opening
    assert "Opening" in panel.hint.text()
    assert not panel.pin.isEnabled() and not panel.button.isEnabled()
    assert not w.act_new.isEnabled() and not w.act_sync.isEnabled()
    panel._submit()  # even if something calls it: no PIN goes anywhere
    w._try_sign_in("anyone", DEMO_CLERK_PIN)
    w.tick()  # the 15 s clock may fire before the store is open
    w.refresh()
    assert not runner.busy and not ready
    with pytest.raises(RuntimeError, match="not open yet"):
        _ = w.service

    w.attach(service, StaffService(counter_store.sessions, clock), demo=True)
    qtbot.waitUntil(lambda: bool(ready))
    assert not panel.opening and panel.pin.isEnabled() and panel.button.isEnabled()
    assert panel.staff.count() > 0 and "1111" in panel.hint.text()
    sign_in(qtbot, w, DEMO_CLERK_PIN)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.queue_panel)
    with pytest.raises(RuntimeError, match="already"):
        w.attach(service, StaffService(counter_store.sessions, clock))
    assert ready == [True]  # once, not again after sign-out
    w.sign_out()
    qtbot.waitUntil(lambda: not runner.busy)
    assert ready == [True]


def test_first_window_imports_no_database_layer(tmp_path: Path) -> None:
    """What the app imports before its window is shown (painted): Qt, settings, the shell."""
    import os
    import subprocess
    import sys

    heavy = ("sqlalchemy", "alembic", "httpx", "PIL", "qasync", "asyncio", "segno",
             "core.cases", "core.staff", "db.models", "logging.handlers", "concurrent.futures",
             "PySide6.QtMultimedia", "PySide6.QtPrintSupport", "PySide6.QtCharts")  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("RETURNDESK_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "desktop", "--data-dir", str(tmp_path),
         "--quit-after", "0"],
        capture_output=True, text=True, timeout=120, env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    before, shown, after = done.stderr.partition("started: window shown")
    assert shown and "ready for sign-in" in after
    imported = {
        line.rsplit("|", 1)[1].strip() for line in before.splitlines() if "import time:" in line
    }
    assert "PySide6.QtWidgets" in imported and "ui.main_window" in imported
    early = sorted(imported.intersection(heavy))
    assert early == [], f"loaded before the first window: {early}"
    later = {
        line.rsplit("|", 1)[1].strip() for line in after.splitlines() if "import time:" in line
    }
    assert {"sqlalchemy", "alembic", "qasync"} <= later  # the store opened after it
