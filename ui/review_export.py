"""The review window's "Export…" action: every case matching the filters to CSV or XLSX.

The file is written in a worker thread (core.review.ReviewClient.export) while the
window stays usable; a progress dialog counts the rows and can cancel. Only a complete
file is left at the chosen path; a failure is said in plain words.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from core.export import ExportCancelled, ExportIncomplete, ExportResult
from core.export import Format as ExportFormat
from core.review import CaseFilters, CaseSort, ReviewClient, ReviewError

log = logging.getLogger(__name__)


class ReviewExporter(QObject):
    sig_progress = Signal(int, int)
    """Rows written so far, and how many there will be (-1: not known yet)."""
    sig_finished = Signal(object)
    """The file is complete (a core.export.ExportResult)."""
    sig_failed = Signal(str)
    """No file was written; the message says why ("" when the lead cancelled)."""

    def __init__(
        self,
        window: QWidget,
        client: ReviewClient,
        current: Callable[[], tuple[CaseFilters, CaseSort]],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.client = client
        self._current = current
        self.running = False
        self.progress_dialog: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self._cancel: threading.Event | None = None
        self._task: asyncio.Task[Any] | None = None
        self.action = QAction(window)
        self.action.setObjectName("reviewExport")
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.triggered.connect(self.ask_and_export)
        self.sig_progress.connect(self._show_progress)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(self.tr("&Export…"))
        self.action.setToolTip(
            self.tr("Save every case matching the filters (all pages) as CSV or Excel")
        )

    # -- public ------------------------------------------------------------

    def ask_and_export(self) -> None:
        if self.running:
            return
        xlsx = self.tr("Excel workbook (*.xlsx)")
        csv = self.tr("CSV, UTF-8 (*.csv)")
        default = Path.home() / f"returndesk-cases-{date.today().isoformat()}.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self.window, self.tr("Export cases"), str(default), f"{xlsx};;{csv}", xlsx
        )
        if not path:
            return
        target = Path(path)
        fmt: ExportFormat
        if target.suffix.lower() in (".csv", ".xlsx"):
            fmt = "csv" if target.suffix.lower() == ".csv" else "xlsx"
        else:
            fmt = "csv" if chosen == csv else "xlsx"
            target = target.with_name(target.name + f".{fmt}")
        self.export_to(target, fmt)

    def export_to(self, path: Path, fmt: ExportFormat) -> None:
        """Export the window's current filters and order to ``path`` (in the background)."""
        if self.running:
            return
        filters, sort = self._current()
        self.running = True
        self.action.setEnabled(False)
        self._cancel = threading.Event()
        dialog = QProgressDialog(self.window)
        dialog.setObjectName("reviewExportProgress")
        dialog.setWindowTitle(self.tr("Export cases"))
        dialog.setLabelText(self.tr("Exporting to {0}…").format(path.name))
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setRange(0, 0)  # busy until the server says how many
        dialog.setMinimumDuration(300)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        self.progress_dialog = dialog
        self._task = asyncio.ensure_future(self._run(filters, sort, path, fmt, self._cancel))

    # -- private -------------------------------------------------------------

    async def _run(
        self,
        filters: CaseFilters,
        sort: CaseSort,
        path: Path,
        fmt: ExportFormat,
        cancel: threading.Event,
    ) -> None:
        def progress(rows: int, total: int | None) -> None:  # in the worker thread
            self.sig_progress.emit(rows, -1 if total is None else total)

        message: str | None = None
        result: ExportResult | None = None
        try:
            result = await self.client.export(
                filters, sort, path, fmt, progress=progress, cancel=cancel
            )
        except ExportCancelled:
            message = ""
        except ReviewError as exc:
            message = self.tr("The export failed: {0}").format(exc.message)
        except ExportIncomplete:
            message = self.tr(
                "The export stopped before the end (the connection or the server broke off); "
                "no file was saved. Try again."
            )
        except OSError as exc:
            message = self.tr("The file cannot be written: {0}").format(exc.strerror or exc)
        except Exception as exc:  # a bug: logged, and said in plain words
            log.exception("export failed")
            message = self.tr("Something went wrong: {0}").format(exc)
        if not shiboken6.isValid(self):
            return
        self.running = False
        self.action.setEnabled(True)
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        if result is not None:
            self._tell(
                QMessageBox.Icon.Information,
                self.tr("Exported {0} case(s) to {1}.").format(result.rows, result.path),
            )
            self.sig_finished.emit(result)
            return
        assert message is not None
        if message:
            self._tell(QMessageBox.Icon.Warning, message)
        self.sig_failed.emit(message)

    def _show_progress(self, rows: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        if total >= 0:
            dialog.setRange(0, max(total, 1))
            dialog.setValue(min(rows, max(total, 1)))
            dialog.setLabelText(self.tr("Exported {0} of {1} cases…").format(rows, total))

    def _tell(self, icon: QMessageBox.Icon, text: str) -> None:
        box = QMessageBox(icon, self.tr("Export cases"), text, QMessageBox.StandardButton.Ok)
        box.setParent(self.window, box.windowFlags())
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()  # not exec(): the event loop keeps running
        self.message_box = box
