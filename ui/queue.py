"""The queue of open consultations, with waiting time and the response SLA."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from core import labels

if TYPE_CHECKING:  # core.drafts brings in SQLAlchemy: not before the first window
    from core.drafts import QueueEntry

translate = QCoreApplication.translate

Index = QModelIndex | QPersistentModelIndex


def _duration(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    if minutes >= 60:
        return translate("QueueModel", "{0} h {1} min").format(minutes // 60, minutes % 60)
    return translate("QueueModel", "{0} min").format(minutes)


class QueueModel(QAbstractTableModel):
    COLUMNS = ("case_no", "channel", "words", "priority", "waiting", "response", "step")

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        """``clock`` is the case service's, so tests can move time."""
        super().__init__()
        self._rows: list[QueueEntry] = []
        self._now = clock

    def set_entries(self, entries: list[QueueEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entries(self) -> list[QueueEntry]:
        return list(self._rows)

    def entry(self, row: int) -> QueueEntry:
        return self._rows[row]

    def tick(self) -> None:
        """Waiting times move on; repaint those columns only."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self._rows) - 1, 5))

    def overdue(self) -> list[QueueEntry]:
        now = self._now()
        return [
            e for e in self._rows if e.first_response_at is None and e.first_response_due_at < now
        ]

    # -- Qt overrides --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            translate("QueueModel", "Case"),
            translate("QueueModel", "Channel"),
            translate("QueueModel", "Customer's words"),
            translate("QueueModel", "Priority"),
            translate("QueueModel", "Waiting"),
            translate("QueueModel", "First response"),
            translate("QueueModel", "Step"),
        ][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        now = self._now()
        late = e.first_response_at is None and e.first_response_due_at < now
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "case_no":
                return e.case_no
            if col == "channel":
                return labels.channel(e.channel)
            if col == "words":
                words = " ".join(e.customer_words.split())
                return words[:60] + ("…" if len(words) > 60 else "")
            if col == "priority":
                return labels.priority(e.priority)
            if col == "waiting":
                return _duration((now - e.created_at).total_seconds())
            if col == "response":
                if e.first_response_at is not None:
                    return translate("QueueModel", "answered")
                left = (e.first_response_due_at - now).total_seconds()
                return (
                    translate("QueueModel", "overdue {0}").format(_duration(left))
                    if late
                    else translate("QueueModel", "due in {0}").format(_duration(left))
                )
            if col == "step":
                return _step_name(e.current_page)
        if role == Qt.ItemDataRole.BackgroundRole and late:
            return QBrush(QColor("#ffd7d7"))
        if role == Qt.ItemDataRole.ToolTipRole and col == "words":
            return e.customer_words
        return None


def _step_name(page: int) -> str:
    from core.drafts import PAGES  # loaded by then: rows come from the database

    names = {
        "intake": translate("QueueModel", "Intake"),
        "identity": translate("QueueModel", "Identity & order"),
        "items": translate("QueueModel", "Items & reason"),
        "condition": translate("QueueModel", "Condition & photo"),
        "resolution": translate("QueueModel", "Resolution"),
        "summary": translate("QueueModel", "Summary"),
    }
    return names[PAGES[min(page, len(PAGES) - 1)]]
