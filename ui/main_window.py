"""The counter's main window: the queue of open consultations and New return."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.errors import UserError
from core.i18n import LANGUAGES
from ui.queue import QueueModel
from ui.sign_in import SignInPanel
from ui.tasks import TaskRunner

# Imported where first used: the main window comes up faster. core.cases and
# core.staff bring in SQLAlchemy (~0.5 s): the window is shown first and gets its
# services from attach() once the store is open (desktop/app.py).
if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QSystemTrayIcon

    from core.cases import CaseDraft, CaseService, QueueEntry
    from core.receipt import ReceiptData
    from core.staff import StaffMember, StaffService
    from ui.finished_cases import FinishedCasesWindow
    from ui.receipt_dialog import ReceiptDialog
    from ui.sync_view import SyncController, SyncWindow
    from ui.wizard.wizard import CaseWizard

log = logging.getLogger(__name__)


def ask_cancel_reason(parent: QWidget, case_no: str) -> str | None:
    """Why a consultation is dropped (kept in its audit trail); module level for tests."""
    from PySide6.QtWidgets import QInputDialog  # Qt classes load on first use (start-up)

    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("MainWindow", "Cancel consultation"),
        QCoreApplication.translate("MainWindow", "Why is {0} cancelled?").format(case_no),
    )
    return text.strip() if ok and text.strip() else None


class MainWindow(QMainWindow):
    sig_language_requested = Signal(str)
    """Staff chose a language (code such as "zh_CN") from the menu."""
    sig_wizard_opened = Signal(object)
    """A CaseWizard was opened (tests and the screenshot command use it)."""
    sig_ready = Signal()
    """The store is open and the staff list is in: staff can sign in (emitted once)."""

    def __init__(
        self,
        service: CaseService | None,
        staff_service: StaffService | None,
        runner: TaskRunner,
        store_code: str,
        staff: StaffMember | None = None,
        language: str = "en",
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.resize(1000, 640)
        self._service: CaseService | None = None
        self._staff_service: StaffService | None = None
        self.ready = False
        self.runner = runner
        self.store_code = store_code
        self.staff: StaffMember | None = None
        self._demo = demo
        self.wizard: CaseWizard | None = None
        self.receipt_dialog: ReceiptDialog | None = None
        self._store_name = ""
        self._waiting_sync = 0

        self.heading = QLabel()
        self.heading.setObjectName("queueHeading")
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.model = QueueModel(self._now)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._resume_index)
        self.table.activated.connect(self._resume_index)  # Enter on a row
        self.empty = QLabel()
        self.empty.setObjectName("queueEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newReturnButton")
        self.new_button.clicked.connect(self.new_return)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.clicked.connect(self.resume_selected)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelCaseButton")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.reminder = QLabel()
        self.reminder.setObjectName("reminderBanner")
        self.reminder.setStyleSheet(
            "background:#fff3cd; color:#6b4a00; padding:6px; font-weight:bold;"
        )
        self.reminder.setWordWrap(True)
        self.reminder.hide()
        self._reminded: dict[str, int] = {}
        self.tray: QSystemTrayIcon | None = None
        self.banner = QLabel()
        self.banner.setObjectName("errorBanner")
        self.banner.setStyleSheet("background:#ffe0e0; color:#b00020; padding:6px;")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.sign_in = SignInPanel()
        self.sign_in.sig_sign_in.connect(self._try_sign_in)
        self.queue_panel = QWidget()
        self.queue_panel.setObjectName("queuePanel")
        v = QVBoxLayout(self.queue_panel)
        v.addWidget(self.banner)
        v.addWidget(self.reminder)
        v.addWidget(self.heading)
        v.addWidget(self.table, 1)
        v.addWidget(self.empty)
        h = QHBoxLayout()
        h.addWidget(self.new_button)
        h.addWidget(self.resume_button)
        h.addWidget(self.cancel_button)
        h.addStretch(1)
        v.addLayout(h)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sign_in)
        self.pages.addWidget(self.queue_panel)
        self.setCentralWidget(self.pages)

        self.status = QLabel()
        self.status.setObjectName("statusText")
        self.statusBar().addPermanentWidget(self.status)
        self.sync_text = QLabel()
        self.sync_text.setObjectName("syncStatus")
        self.statusBar().addPermanentWidget(self.sync_text)
        self.sync: SyncController | None = None
        self.sync_window: SyncWindow | None = None
        self.finished_window: FinishedCasesWindow | None = None

        self.act_new = QAction(self)
        self.act_new.setObjectName("actionNewReturn")
        self.act_new.setShortcut(QKeySequence.StandardKey.New)
        self.act_new.triggered.connect(self.new_return)
        self.act_sign_out = QAction(self)
        self.act_sign_out.setObjectName("actionSignOut")
        self.act_sign_out.setShortcut(QKeySequence("Ctrl+L"))
        self.act_sign_out.triggered.connect(self.sign_out)
        self.act_sync = QAction(self)
        self.act_sync.setObjectName("actionSyncNow")
        self.act_sync.setShortcut(QKeySequence("F5"))
        self.act_sync.setEnabled(False)
        self.act_sync_window = QAction(self)
        self.act_sync_window.setObjectName("actionSyncWindow")
        self.act_sync_window.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.act_sync_window.setEnabled(False)
        self.act_sync_window.triggered.connect(self.show_sync_window)
        self.act_finished = QAction(self)
        self.act_finished.setObjectName("actionFinishedCases")
        self.act_finished.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.act_finished.triggered.connect(self.show_finished_cases)
        self.act_quit = QAction(self)
        self.act_quit.setObjectName("actionQuit")
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.triggered.connect(self.close)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(self.act_new)
        self.file_menu.addAction(self.act_sign_out)
        self.file_menu.addAction(self.act_finished)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_sync)
        self.file_menu.addAction(self.act_sync_window)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.settings_menu = self.menuBar().addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
        self.language_actions = QActionGroup(self)
        for code, name in LANGUAGES.items():
            act = QAction(name, self, checkable=True)
            act.setObjectName(f"language_{code}")
            act.setData(code)
            act.setChecked(code == language)
            self.language_actions.addAction(act)
            self.language_menu.addAction(act)
        self.language_actions.triggered.connect(
            lambda a: self.sig_language_requested.emit(a.data())
        )

        self.clock = QTimer(self)
        self.clock.setInterval(15_000)
        self.clock.timeout.connect(self.tick)
        self.clock.start()
        self.runner.failed.connect(self.show_error)
        self.retranslate()
        if service is not None and staff_service is not None:
            self.attach(service, staff_service, staff)
        else:
            self.sign_in.set_opening(True)  # shown at once; usable when attach() ran
            self.act_finished.setEnabled(False)  # its window reads the store
            self.sign_out()

    # -- public ------------------------------------------------------------

    @property
    def service(self) -> CaseService:
        if self._service is None:
            raise RuntimeError("the counter's store is not open yet")
        return self._service

    @property
    def staff_service(self) -> StaffService:
        if self._staff_service is None:
            raise RuntimeError("the counter's store is not open yet")
        return self._staff_service

    def attach(
        self,
        service: CaseService,
        staff_service: StaffService,
        staff: StaffMember | None = None,
        *,
        demo: bool | None = None,
    ) -> None:
        """The store is open and migrated: the window starts working with its services.

        Until then the sign-in panel says the database is opening and takes no PIN.
        """
        if self._service is not None:
            raise RuntimeError("the window already has its services")
        self._service = service
        self._staff_service = staff_service
        if demo is not None:
            self._demo = demo
        service.changes.changed.connect(self._changed)
        self.act_finished.setEnabled(True)
        self.runner.submit(service.store_name, self.store_code, on_done=self._got_store)
        if staff is not None:
            self.signed_in(staff)
        else:
            self.sign_out()

    @property
    def staff_id(self) -> str:
        assert self.staff is not None
        return self.staff.id

    def signed_in(self, staff: StaffMember) -> None:
        self.staff = staff
        self.pages.setCurrentWidget(self.queue_panel)
        self.act_new.setEnabled(True)
        self.act_sign_out.setEnabled(True)
        self.refresh()
        self._show_status()
        self.table.setFocus()

    def sign_out(self) -> None:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.reject()  # the draft is saved, the case stays in the queue
        self.staff = None
        self.act_new.setEnabled(False)
        self.act_sign_out.setEnabled(False)
        self.pages.setCurrentWidget(self.sign_in)
        self.sign_in.reset()
        if self._staff_service is not None:
            self.runner.submit(
                self._staff_service.list_staff, self.store_code, on_done=self._got_staff
            )
        self._show_status()

    def refresh(self) -> None:
        if self._service is None:
            return
        self.runner.submit(self.service.list_open, self.store_code, on_done=self._got_queue)
        self.runner.submit(self.service.outbox_waiting, on_done=self._got_outbox)

    def set_sync(self, controller: SyncController) -> None:
        self.sync = controller
        controller.sig_text.connect(self.sync_text.setText)
        controller.sig_finished.connect(lambda _ok: self.refresh())
        controller.sig_new_notes.connect(self._got_new_notes)
        self.act_sync.triggered.connect(controller.sync_now)
        self.act_sync.setEnabled(True)
        self.act_sync_window.setEnabled(True)

    def show_sync_window(self) -> None:
        if self.sync is None:
            return
        if self.sync_window is None:
            from ui.sync_view import SyncWindow

            self.sync_window = SyncWindow(self.sync, self)
        self.sync_window.reload()
        self.sync_window.show()
        self.sync_window.raise_()

    def show_finished_cases(self) -> FinishedCasesWindow:
        """This counter's finalised cases: sync state, the lead's notes, reprint."""
        from ui.finished_cases import FinishedCasesWindow  # loaded when first opened

        if self.finished_window is None:
            self.finished_window = FinishedCasesWindow(
                self.service, self.runner, self.store_code, self
            )
        else:
            self.finished_window.reload()
        self.finished_window.show()
        self.finished_window.raise_()
        return self.finished_window

    def tick(self) -> None:
        """Waiting times move on; unanswered consultations remind every N minutes."""
        if self._service is None:
            return  # no queue before the store is open
        from core.reminders import due_reminders

        self.model.tick()
        due = due_reminders(
            self.model.entries(),
            self.service.now(),
            self.service.policy.reminder_minutes,
            self._reminded,
        )
        unanswered = [e for e in self.model.entries() if e.first_response_at is None]
        if not unanswered:
            self.reminder.hide()
        if due:
            overdue = len(self.model.overdue())
            text = self.tr(
                "{0} consultation(s) still waiting for a first response ({1} overdue): {2}"
            ).format(len(unanswered), overdue, labels.join(e.case_no for e in due))
            self.reminder.setText(text)
            self.reminder.show()
            self._notify_tray(text)

    def _notify_tray(self, text: str) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        if not QSystemTrayIcon.isSystemTrayAvailable():
            return  # the in-app banner is enough (and all there is offscreen)
        if self.tray is None:
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.show()
        self.tray.showMessage(self.tr("ReturnDesk"), text)

    def new_return(self) -> None:
        if self.staff is None or self._raise_open_wizard():
            return
        self.runner.submit(
            self.service.open_case, self.store_code, self.staff_id,
            on_done=self.open_wizard, on_error=self.show_error,
        )  # fmt: skip

    def resume_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._resume_index(rows[0])

    def cancel_selected(self) -> None:
        """Drop a consultation that will not become a return (e.g. the customer left)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.staff is None:
            return
        entry = self.model.entry(rows[0].row())
        if self.wizard is not None and self.wizard.isVisible() and self.wizard.draft.id == entry.id:
            self.show_error(UserError(self.tr("Close the case's wizard first.")))
            return
        reason = ask_cancel_reason(self, entry.case_no)
        if reason:
            self.runner.submit(
                self.service.cancel, entry.id, self.staff_id, reason, on_error=self.show_error
            )

    def resume(self, case_id: str) -> None:
        if self.staff is None or self._raise_open_wizard():
            return
        self.runner.submit(
            self.service.load, case_id, on_done=self.open_wizard, on_error=self.show_error
        )

    def open_wizard(self, draft: CaseDraft) -> CaseWizard:
        from ui.wizard.wizard import CaseWizard

        wizard = CaseWizard(self.service, self.runner, self.staff_id, draft, self)
        wizard.setWindowModality(Qt.WindowModality.NonModal)
        wizard.sig_finalised.connect(self._finalised)
        wizard.finished.connect(self._wizard_finished)
        self.wizard = wizard
        wizard.show()
        self.sig_wizard_opened.emit(wizard)
        return wizard

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            text = exc.message
        else:
            log.error("unexpected error", exc_info=exc)
            text = self.tr("Something went wrong. Nothing finalised was lost; try again.")
        self.banner.setText(text)
        self.banner.show()

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.reject()  # saves the draft
        super().closeEvent(event)

    # -- private -------------------------------------------------------------

    def _raise_open_wizard(self) -> bool:
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return True
        return False

    def _resume_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.resume(self.model.entry(index.row()).id)

    def _got_queue(self, entries: list[QueueEntry]) -> None:
        selected = self.table.selectionModel().selectedRows()
        keep = self.model.entry(selected[0].row()).id if selected else None
        self.model.set_entries(entries)
        self.tick()
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(not entries)
        for row, e in enumerate(entries):
            if e.id == keep or (keep is None and row == 0):
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.setCurrentIndex(self.model.index(row, 0))
                break
        self.resume_button.setEnabled(bool(entries))
        self.cancel_button.setEnabled(bool(entries))

    def _now(self) -> datetime:
        return self._service.now() if self._service is not None else datetime.now(UTC)

    def _got_staff(self, members: list[StaffMember]) -> None:
        self.sign_in.set_staff(members, demo=self._demo)
        if not self.ready:
            self.ready = True
            self.sig_ready.emit()

    def _try_sign_in(self, staff_id: str, pin: str) -> None:
        if self._staff_service is None:
            return  # the panel takes no PIN before the store is open
        self.runner.submit(
            self._staff_service.sign_in, staff_id, pin,
            on_done=self.signed_in, on_error=self._sign_in_failed,
        )  # fmt: skip

    def _sign_in_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.sign_in.show_error(exc.field or "", exc.message)
        else:
            self.sign_in.show_error("", self.tr("Signing in failed. Try again."))
            log.error("sign-in failed", exc_info=exc)

    def _got_outbox(self, waiting: int) -> None:
        self._waiting_sync = waiting
        self._show_status()

    def _got_store(self, name: str) -> None:
        self._store_name = name
        self._show_status()

    def _changed(self, kind: str, _record_id: str) -> None:
        self.refresh()

    def _got_new_notes(self, count: int) -> None:
        text = self.tr(
            "{0} new note(s) from the regional lead: see File ▸ Finalised cases (Ctrl+Shift+F)."
        ).format(count)
        self.statusBar().showMessage(text, 60_000)
        self._notify_tray(text)
        if self.finished_window is not None and self.finished_window.isVisible():
            self.finished_window.reload()

    def _finalised(self, final: CaseDraft) -> None:
        self.statusBar().showMessage(
            self.tr("Case {0} finalised and stored on this counter.").format(final.case_no), 15_000
        )
        self.runner.submit(
            self.service.receipt, final.id,
            on_done=lambda data: self._show_receipt(data, final.customer_language),
            on_error=self.show_error,
        )  # fmt: skip

    def _show_receipt(self, data: ReceiptData, language: str) -> None:
        """The customer's receipt, in their language, ready to print or save as PDF."""
        from ui.receipt_dialog import ReceiptDialog

        dialog = ReceiptDialog(data, language, self)
        self.receipt_dialog = dialog
        dialog.open()

    def _wizard_finished(self) -> None:
        self.refresh()
        self.table.setFocus()

    def _show_status(self) -> None:
        who = (
            self.tr("{0} ({1})").format(self.staff.name, labels.role(self.staff.role))
            if self.staff
            else self.tr("nobody signed in")
        )
        self.status.setText(
            self.tr("{0} · {1} · {2} finalised case(s) waiting to sync").format(
                self._store_name, who, self._waiting_sync
            )
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ReturnDesk — returns counter"))
        self.heading.setText(self.tr("Open consultations"))
        self.table.setAccessibleName(self.tr("Open consultations"))
        self.empty.setText(self.tr("No open consultations. Press Ctrl+N for a new return."))
        self.new_button.setText(self.tr("&New return"))
        self.new_button.setAccessibleName(self.tr("New return"))
        self.resume_button.setText(self.tr("&Resume selected"))
        self.resume_button.setAccessibleName(self.tr("Resume selected case"))
        self.cancel_button.setText(self.tr("&Cancel consultation…"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the selected consultation"))
        self.act_new.setText(self.tr("&New return"))
        self.act_sign_out.setText(self.tr("Sign &out"))
        self.act_sync.setText(self.tr("&Sync now"))
        self.act_sync_window.setText(self.tr("Sync &status…"))
        self.act_finished.setText(self.tr("&Finalised cases…"))
        self.act_quit.setText(self.tr("&Quit"))
        self.file_menu.setTitle(self.tr("&Cases"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        self._show_status()
