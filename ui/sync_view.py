"""Sync as staff see it: the status-bar line, Sync now, and what waits or was refused.

The controller runs the core sync client as a coroutine on the app's one event
loop (qasync), so the window never blocks on the network. It starts a run at
start-up, on a timer, and when staff press Sync now; after a failure the timer
backs off (capped, with jitter) until a run succeeds.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import datetime

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.sync import SyncClient, SyncError, SyncProgress, SyncStatus
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

EVERY_MS = 60_000
MAX_BACKOFF_MS = 10 * 60_000


class SyncController(QObject):
    sig_text = Signal(str)
    """The one-line status for the status bar."""
    sig_finished = Signal(bool)
    """A run ended: True if it went through."""
    sig_new_notes = Signal(int)
    """A run brought regional leads' notes this counter had not seen (how many)."""

    def __init__(
        self,
        client: SyncClient,
        runner: TaskRunner,
        now=lambda: datetime.now().astimezone(),  # type: ignore[no-untyped-def]
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.runner = runner
        self._now = now
        self._task: asyncio.Task[None] | None = None
        self._failures = 0
        self._progress: SyncProgress | None = None
        self._status: SyncStatus | None = None
        self._offline = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)

    # -- public ------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, first_in_ms: int = 2_000) -> None:
        """Sync soon after start-up (an upload queue must not wait for the next case)."""
        self.refresh()
        self.timer.start(first_in_ms)

    def refresh(self) -> None:
        self.runner.submit(self.client.status, on_done=self._got_status)

    def sync_now(self) -> None:
        if self.running:
            return
        self.timer.stop()
        self._progress = None
        self._show()
        self._task = asyncio.ensure_future(self._run())

    # -- private -------------------------------------------------------------

    async def _run(self) -> None:
        ok = False
        try:
            report = await self.client.sync(self._on_progress)
            ok = True
            if report.new_notes:
                self.sig_new_notes.emit(report.new_notes)
            self._failures = 0
            self._offline = False
        except SyncError as exc:
            self._failures += 1
            self._offline = exc.code == "OFFLINE" or exc.retryable
            log.info("sync did not go through: %s", exc.code)
        except Exception:  # a bug must not stop future runs
            self._failures += 1
            log.exception("sync failed")
        finally:
            # The window may have closed while the network call was out.
            if shiboken6.isValid(self) and shiboken6.isValid(self.timer):
                self._progress = None
                self._schedule_next()
                self.refresh()
                self.sig_finished.emit(ok)

    def _schedule_next(self) -> None:
        if self._failures == 0:
            self.timer.start(EVERY_MS)
            return
        backoff = min(MAX_BACKOFF_MS, 15_000 * 2 ** (self._failures - 1))
        self.timer.start(int(backoff * random.uniform(0.5, 1.0)))

    def _on_progress(self, progress: SyncProgress) -> None:
        self._progress = progress
        self._show()

    def _got_status(self, status: SyncStatus) -> None:
        self._status = status
        self._show()

    def _show(self) -> None:
        s = self._status
        if s is not None and not s.enrolled:
            text = self.tr("Not enrolled · {0} waiting").format(s.waiting)
        elif self.running:
            p = self._progress
            if p is not None and p.step == "push":
                text = self.tr("Syncing {0}/{1}").format(p.done, p.total)
            elif p is not None and p.step == "photos":
                text = self.tr("Uploading photos {0}/{1}").format(p.done, p.total)
            else:
                text = self.tr("Syncing…")
        elif s is None:
            text = ""
        elif self._offline:
            text = self.tr("Offline · {0} waiting").format(s.waiting)
        elif s.last_sync_at is not None:
            ago = (self._now() - s.last_sync_at).total_seconds()
            text = (
                self.tr("Synced just now")
                if ago < 60
                else self.tr("Synced {0} ago").format(labels.duration(ago))
            )
            if s.waiting:
                text += self.tr(" · {0} waiting").format(s.waiting)
        else:
            text = self.tr("Not synced yet · {0} waiting").format(s.waiting)
        if s is not None and s.rejected:
            text += self.tr(" · {0} refused").format(s.rejected)
        if s is not None and s.clock_off and s.clock_skew is not None:
            off = labels.duration(abs(s.clock_skew))
            text += (
                self.tr(" · clock {0} fast").format(off)
                if s.clock_skew > 0
                else self.tr(" · clock {0} slow").format(off)
            )
        self.sig_text.emit(text)

    def clock_warning(self) -> str:
        """A sentence for staff when this computer's clock is off, else ""."""
        s = self._status
        if s is None or not s.clock_off or s.clock_skew is None:
            return ""
        off = labels.duration(abs(s.clock_skew))
        if s.clock_skew > 0:
            return self.tr(
                "This computer's clock is {0} ahead of the centre's: response times and "
                "return windows shown here may be wrong. Ask IT to set the clock."
            ).format(off)
        return self.tr(
            "This computer's clock is {0} behind the centre's: response times and "
            "return windows shown here may be wrong. Ask IT to set the clock."
        ).format(off)


class SyncWindow(QDialog):
    """What is waiting to sync, what the centre refused (and why), the leads' notes."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncWindow")
        self.resize(640, 520)
        self.controller = controller
        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.state.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("clockWarning")
        self.clock.setWordWrap(True)
        self.clock.setStyleSheet("background:#fff3cd; color:#6b4a00; padding:6px;")
        self.clock.hide()
        self.waiting_title = QLabel()
        self.waiting = QListWidget()
        self.waiting.setObjectName("syncWaiting")
        self.rejected_title = QLabel()
        self.rejected = QListWidget()
        self.rejected.setObjectName("syncRejected")
        self.notes_title = QLabel()
        self.notes = QListWidget()
        self.notes.setObjectName("leadNotes")
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.clicked.connect(controller.sync_now)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("syncCloseButton")
        buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(self.state)
        v.addWidget(self.clock)
        v.addWidget(self.sync_button)
        for title, view in (
            (self.waiting_title, self.waiting),
            (self.rejected_title, self.rejected),
            (self.notes_title, self.notes),
        ):
            v.addWidget(title)
            v.addWidget(view)
        v.addWidget(buttons)
        controller.sig_text.connect(self._got_text)
        controller.sig_finished.connect(lambda _ok: self.reload())
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        client, runner = self.controller.client, self.controller.runner
        runner.submit(client.waiting_items, on_done=self._got_waiting)
        runner.submit(client.rejected_items, on_done=self._got_rejected)
        runner.submit(client.annotations, on_done=self._got_notes)

    def _got_text(self, text: str) -> None:
        self.state.setText(text)
        warning = self.controller.clock_warning()
        self.clock.setText(warning)
        self.clock.setVisible(bool(warning))

    def _got_waiting(self, case_nos: list[str]) -> None:
        self.waiting.clear()
        self.waiting.addItems(case_nos)

    def _got_rejected(self, items: list) -> None:  # type: ignore[type-arg]
        self.rejected.clear()
        for item in items:
            self.rejected.addItem(
                self.tr("{0} — refused ({1}): {2}").format(item.case_no, item.reason, item.message)
            )

    def _got_notes(self, notes: list) -> None:  # type: ignore[type-arg]
        self.notes.clear()
        for note in notes:
            self.notes.addItem(
                self.tr("{0} — {1}: {2}").format(note.case_no, note.author_name, note.text)
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sync with the centre"))
        self.sync_button.setText(self.tr("Sync &now"))
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.waiting_title.setText(self.tr("Waiting to be sent:"))
        self.waiting.setAccessibleName(self.tr("Cases waiting to be sent"))
        self.rejected_title.setText(
            self.tr("Refused by the centre (not retried; a supervisor sorts these out):")
        )
        self.rejected.setAccessibleName(self.tr("Cases refused by the centre"))
        self.notes_title.setText(self.tr("Notes from the regional lead:"))
        self.notes.setAccessibleName(self.tr("Notes from the regional lead"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
