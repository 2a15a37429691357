"""Finalised cases of this counter: sync state, the regional lead's notes, reprint.

Everything is read through the case service on the task runner's worker thread; the
window only shows what comes back.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.cases import CaseService
from core.history import FinishedEntry, LeadNoteView
from ui.tasks import TaskRunner

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex


def sync_text(entry: FinishedEntry) -> str:
    if entry.sync_state == "synced":
        return translate("FinishedCases", "At the centre")
    if entry.sync_state == "rejected":
        return translate("FinishedCases", "Refused by the centre")
    if entry.sync_state == "pending":
        return translate("FinishedCases", "Waiting to sync")
    return translate("FinishedCases", "Not sent")


def verdict_text(code: str) -> str:
    return {
        "fine": translate("review", "Fine"),
        "needs_follow_up": translate("review", "Needs follow-up"),
        "suspicious": translate("review", "Suspicious"),
    }.get(code, code)


def _local(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


class FinishedModel(QAbstractTableModel):
    COLUMNS = ("case_no", "finalised", "reason", "resolution", "amount", "sync", "lead")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[FinishedEntry] = []

    def set_entries(self, entries: list[FinishedEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> FinishedEntry:
        return self._rows[row]

    def row_of(self, case_id: str) -> int:
        return next((i for i, e in enumerate(self._rows) if e.id == case_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            translate("FinishedCases", "Case"),
            translate("FinishedCases", "Finalised"),
            translate("FinishedCases", "Reason"),
            translate("FinishedCases", "Resolution"),
            translate("FinishedCases", "Amount"),
            translate("FinishedCases", "Sync"),
            translate("FinishedCases", "Regional lead"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "case_no":
                return e.case_no
            if column == "finalised":
                return _local(e.finalised_at)
            if column == "reason":
                return labels.reason(e.reason_category)
            if column == "resolution":
                return labels.resolution(e.resolution)
            if column == "amount":
                return labels.yuan(e.refund_cents) if e.refund_cents else ""
            if column == "sync":
                return sync_text(e)
            if column == "lead":
                if not e.notes:
                    return ""
                count = translate("FinishedCases", "{0} note(s)").format(e.notes)
                return f"{verdict_text(e.verdict)} · {count}" if e.verdict else count
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "sync" and e.sync_state == "rejected":
                return QBrush(QColor("#b00020"))
            if column == "lead" and e.verdict in ("needs_follow_up", "suspicious"):
                return QBrush(QColor("#8a5300"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FinishedCasesWindow(QDialog):
    """Finalised cases of the last 30 days; pick one to read the lead's notes or reprint."""

    def __init__(
        self,
        service: CaseService,
        runner: TaskRunner,
        store_code: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("finishedCasesWindow")
        self.resize(1120, 560)
        self.service = service
        self.runner = runner
        self.store_code = store_code
        self._notes_for = ""
        self._wanted = ""

        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setObjectName("finishedSearch")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.model = FinishedModel()
        self.table = QTableView()
        self.table.setObjectName("finishedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.empty = QLabel()
        self.empty.setObjectName("finishedEmpty")
        self.empty.setWordWrap(True)

        self.detail_heading = QLabel()
        self.detail_heading.setObjectName("finishedDetailHeading")
        self.detail_heading.setStyleSheet("font-weight: bold;")
        self.detail_heading.setWordWrap(True)
        self.notes = QTextBrowser()
        self.notes.setObjectName("leadNotes")
        self.reprint_button = QPushButton()
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.setEnabled(False)
        self.reprint_button.clicked.connect(self.reprint)
        self.close_button = QPushButton()
        self.close_button.setObjectName("finishedCloseButton")
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.empty)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.detail_heading)
        rv.addWidget(self.notes, 1)
        rv.addWidget(self.reprint_button)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([720, 380])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        v = QVBoxLayout(self)
        v.addWidget(split, 1)
        v.addLayout(buttons)

        self.service.changes.changed.connect(self._changed)
        self.retranslate()
        self._show_detail(None, [])
        self.reload()

    # ---- public ----------------------------------------------------------

    def reload(self) -> None:
        self.runner.submit(
            self.service.finished, self.store_code, self.search.text(),
            on_done=self._got_entries,
        )  # fmt: skip

    def select_case(self, case_id: str) -> None:
        """Select a case once it is listed (e.g. when opened from a notice)."""
        self._wanted = case_id
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)

    def reprint(self) -> None:
        entry = self._current()
        if entry is None:
            return
        self.runner.submit(
            self.service.receipt, entry.id,
            on_done=lambda data: self._show_receipt(data, entry.customer_language),
        )  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Finalised cases"))
        self.search_label.setText(self.tr("&Find:"))
        self.search.setPlaceholderText(self.tr("Case number or the customer's words"))
        self.search.setAccessibleName(self.tr("Find a finalised case"))
        self.table.setAccessibleName(self.tr("Finalised cases of the last 30 days"))
        self.notes.setAccessibleName(self.tr("Notes from the regional lead"))
        self.reprint_button.setText(self.tr("&Print receipt again…"))
        self.reprint_button.setAccessibleName(self.tr("Print the receipt again"))
        self.close_button.setText(self.tr("Close"))
        self.empty.setText(
            self.tr("No finalised case matches.")
            if self.search.text().strip()
            else self.tr("No case was finalised here in the last 30 days.")
        )
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, len(FinishedModel.COLUMNS) - 1
        )
        entry = self._current()
        if entry is not None:
            self._load_notes(entry)

    # ---- private ---------------------------------------------------------

    def _current(self) -> FinishedEntry | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _got_entries(self, entries: list[FinishedEntry]) -> None:
        keep = self._wanted or (self._current().id if self._current() else "")
        self.model.set_entries(entries)
        self.empty.setVisible(not entries)
        self.retranslate()
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.selectRow(row)
            self._wanted = ""
        else:
            self._show_detail(None, [])

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self._show_detail(None, [])
            return
        self._load_notes(self.model.entry(current.row()))

    def _load_notes(self, entry: FinishedEntry) -> None:
        self._notes_for = entry.id
        self.runner.submit(
            self.service.lead_notes, entry.id,
            on_done=lambda notes: self._got_notes(entry, notes),
        )  # fmt: skip

    def _got_notes(self, entry: FinishedEntry, notes: list[LeadNoteView]) -> None:
        if entry.id == self._notes_for:
            self._show_detail(entry, notes)

    def _show_detail(self, entry: FinishedEntry | None, notes: list[LeadNoteView]) -> None:
        self.reprint_button.setEnabled(entry is not None)
        if entry is None:
            self.detail_heading.setText(self.tr("Select a case to see its notes."))
            self.notes.clear()
            return
        self.detail_heading.setText(self.tr("{0} · {1}").format(entry.case_no, sync_text(entry)))
        parts: list[str] = []
        if entry.sync_state == "rejected":
            parts.append(
                "<p style='color:#b00020'>"
                + html.escape(
                    self.tr("The centre refused this case: {0}").format(entry.sync_reason)
                )
                + "</p>"
            )
        if not notes:
            parts.append(
                "<p>" + html.escape(self.tr("No note from the regional lead yet.")) + "</p>"
            )
        for note in notes:
            head = self.tr("{0}, {1}").format(
                note.author_name or self.tr("Regional lead"), _local(note.created_at)
            )
            verdict = (
                " — <b>" + html.escape(verdict_text(note.verdict)) + "</b>" if note.verdict else ""
            )
            body = html.escape(note.text).replace("\n", "<br>")
            parts.append(f"<p><i>{html.escape(head)}</i>{verdict}<br>{body}</p>")
        self.notes.setHtml("".join(parts))

    def _show_receipt(self, data: Any, language: str) -> None:
        from ui.receipt_dialog import ReceiptDialog

        dialog = ReceiptDialog(data, language, self)
        self.receipt_dialog = dialog
        dialog.open()

    def _changed(self, kind: str, _record_id: str) -> None:
        if self.isVisible():
            self.reload()
