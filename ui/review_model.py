"""The review list as a table model: one page of cases, sorted by the server, not here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from core import labels
from core.review import CaseRow, CaseSort, flag_label, verdict_label

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex

VERDICT_COLOURS = {"suspicious": "#ffd7d7", "needs_follow_up": "#fff3cd", "fine": "#e3f5e1"}


def local_time(value: datetime) -> str:
    """A server time as the lead's wall-clock time."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


class ReviewCaseModel(QAbstractTableModel):
    sig_sort_requested = Signal(object)
    """A header was clicked: the CaseSort the lead asked for (the server sorts)."""

    COLUMNS = (
        "case_no",
        "store",
        "finalised",
        "reason",
        "resolution",
        "refund",
        "staff",
        "flags",
        "verdict",
        "words",
    )
    # Columns the server can sort by, and the key it knows them under.
    SORT_KEYS = {"case_no": "case_no", "store": "store", "finalised": "finalised_at",
                 "refund": "refund"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CaseRow] = []
        self.current_sort = CaseSort()

    # -- public ------------------------------------------------------------

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[CaseRow]:
        return list(self._rows)

    def row_at(self, row: int) -> CaseRow:
        return self._rows[row]

    def row_of(self, case_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), -1)

    def replace_row(self, updated: CaseRow) -> None:
        i = self.row_of(updated.id)
        if i >= 0:
            self._rows[i] = updated
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))

    def sort_column(self, sort: CaseSort) -> int:
        key = next(c for c, k in self.SORT_KEYS.items() if k == sort.key)
        return self.COLUMNS.index(key)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            )

    # -- Qt overrides --------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Asks the server for the order (the page holds only a slice of the cases)."""
        key = self.SORT_KEYS.get(self.COLUMNS[column])
        if key is None:
            return  # not a server-side sort key; the window puts the indicator back
        wanted = CaseSort(key, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.current_sort:
            self.current_sort = wanted
            self.sig_sort_requested.emit(wanted)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.COLUMNS[section] in self.SORT_KEYS:
                return translate("ReviewCaseModel", "Click to sort all matching cases")
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            translate("ReviewCaseModel", "Case"),
            translate("ReviewCaseModel", "Store"),
            translate("ReviewCaseModel", "Finalised"),
            translate("ReviewCaseModel", "Reason"),
            translate("ReviewCaseModel", "Resolution"),
            translate("ReviewCaseModel", "Refund"),
            translate("ReviewCaseModel", "Staff"),
            translate("ReviewCaseModel", "Flags"),
            translate("ReviewCaseModel", "Verdict"),
            translate("ReviewCaseModel", "Customer's words"),
        ][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "words":
                return r.customer_words
            if col == "flags":
                return labels.join(flag_label(n) for n in r.flags.names())
            if col == "store":
                return r.store_name
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "refund":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col == "verdict" and r.verdict:
            colour = VERDICT_COLOURS.get(r.verdict)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    # -- private -------------------------------------------------------------

    @staticmethod
    def _text(r: CaseRow, col: str) -> str:
        if col == "case_no":
            return r.case_no
        if col == "store":
            return r.store_code
        if col == "finalised":
            return local_time(r.finalised_at)
        if col == "reason":
            return labels.reason(r.reason_category)
        if col == "resolution":
            return labels.resolution(r.resolution)
        if col == "refund":
            return labels.yuan(r.refund_cents)
        if col == "staff":
            return r.staff_name or r.staff_id[:8]
        if col == "flags":
            # A verdict in its own column already says the case was annotated.
            shown = [n for n in r.flags.names() if n != "annotated" or not r.verdict]
            return labels.join(flag_label(n) for n in shown)
        if col == "verdict":
            return verdict_label(r.verdict) if r.verdict else ""
        words = " ".join(r.customer_words.split())
        return words[:50] + ("…" if len(words) > 50 else "")
