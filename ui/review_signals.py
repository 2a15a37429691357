"""The review window's Signals tab: what the server found that the lead would otherwise
miss, each with the cases it is about; double-click (or Enter on) a case to open it.

The signals cover the filter bar's date range (whole days; without dates the server's
last 28 days); the other filters do not apply, since a signal compares the whole region.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import signals as words
from core.review import ReviewClient, ReviewError
from core.signals import Signal as SignalData
from core.signals import SignalReport

log = logging.getLogger(__name__)

KIND_COLOURS = {"quality_product": "#fde2e2", "store_rate": "#fff3cd", "repeat_customer": "#e2ecfd"}
CASE_ROLE = Qt.ItemDataRole.UserRole


class ReviewSignalsPanel(QWidget):
    sig_open_case = Signal(str)
    """The lead asked to open this case id (in the Cases tab)."""
    sig_loaded = Signal(object)
    """Signals arrived (a core.signals.SignalReport)."""
    sig_failed = Signal(str)
    """Signals could not be loaded; the message says why."""

    def __init__(self, client: ReviewClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSignals")
        self.client = client
        self.report: SignalReport | None = None
        self.error = ""
        self.date_from: date | None = None
        self.date_to: date | None = None
        self._task: asyncio.Task[Any] | None = None
        self._loading = False

        self.heading = QLabel()
        self.heading.setObjectName("reviewSignalsHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("reviewSignalsRefresh")
        self.refresh_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)

        self.message = QLabel()
        self.message.setObjectName("reviewSignalsMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.tree = QTreeWidget()
        self.tree.setObjectName("reviewSignalsTree")
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 230)
        header.resizeSection(1, 300)
        header.setStretchLastSection(True)
        self.tree.itemActivated.connect(self._activated)

        self.rules = QLabel()
        self.rules.setObjectName("reviewSignalsRules")
        self.rules.setWordWrap(True)
        self.rules.setStyleSheet("color:#555;")

        v = QVBoxLayout(self)
        v.addLayout(top)
        v.addWidget(self.message)
        v.addWidget(self.tree, 1)
        v.addWidget(self.rules)
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_range(self, date_from: date | None, date_to: date | None) -> None:
        """The days to look at (the filter bar's); reloads when they change."""
        if (date_from, date_to) != (self.date_from, self.date_to) or self.report is None:
            self.date_from, self.date_to = date_from, date_to
            self.reload()

    def reload(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._loading = True
        self._update_heading()
        self._task = asyncio.ensure_future(self._load(self.date_from, self.date_to))

    def case_items(self) -> list[QTreeWidgetItem]:
        """Every case line under every signal (for tests and keyboard users)."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            found += [top.child(j) for j in range(top.childCount())]
        return found

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("Re&fresh signals"))
        self.refresh_button.setAccessibleName(self.tr("Compute the signals again"))
        self.tree.setHeaderLabels([self.tr("Signal"), self.tr("About"), self.tr("The numbers")])
        self.tree.setAccessibleName(self.tr("Signals and their cases"))
        self._update_heading()
        if self.report is not None:
            self._fill(self.report)

    # -- private -------------------------------------------------------------

    async def _load(self, date_from: date | None, date_to: date | None) -> None:
        try:
            report = await self.client.signals(date_from, date_to)
        except ReviewError as exc:
            if shiboken6.isValid(self):
                self._loading = False
                self.error = exc.message
                self._show_message(self.tr("The signals cannot be loaded: {0}").format(exc.message))
                self._update_heading()
                self.sig_failed.emit(exc.message)
            return
        except Exception as exc:  # a bug: logged, and said in plain words
            log.exception("signals failed")
            if shiboken6.isValid(self):
                self._loading = False
                self._show_message(self.tr("Something went wrong: {0}").format(exc))
                self.sig_failed.emit(str(exc))
            return
        if not shiboken6.isValid(self):
            return
        self._loading = False
        self.error = ""
        self.report = report
        self._fill(report)
        self.sig_loaded.emit(report)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setVisible(bool(text))

    def _update_heading(self) -> None:
        r = self.report
        if self._loading:
            text = self.tr("Looking for signals…")
        elif r is None:
            text = self.tr("Signals")
        else:
            last_day = (r.until.astimezone(self.client.zone)).date()
            # "until" is exclusive: the day before midnight is the last day looked at.
            if r.until.astimezone(self.client.zone).time() == r.until.min.time():
                last_day = date.fromordinal(last_day.toordinal() - 1)
            text = self.tr("{0} signal(s) in region {1}, {2} to {3}").format(
                len(r.signals),
                r.region,
                r.since.astimezone(self.client.zone).strftime("%Y-%m-%d"),
                last_day.isoformat(),
            )
        self.heading.setText(text)
        self.heading.setAccessibleName(text)

    def _fill(self, report: SignalReport) -> None:
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for signal in report.signals:
            top = QTreeWidgetItem(
                [words.kind_label(signal.kind), words.title(signal), words.explanation(signal)]
            )
            top.setFont(0, bold)
            colour = KIND_COLOURS.get(signal.kind)
            if colour:
                top.setBackground(0, QBrush(QColor(colour)))
            top.setToolTip(2, words.explanation(signal))
            for case_id, line in zip(signal.case_ids, self._case_lines(signal), strict=True):
                child = QTreeWidgetItem(["", line, self.tr("Double-click to open")])
                child.setData(0, CASE_ROLE, case_id)
                child.setToolTip(1, self.tr("Open this case in the Cases tab"))
                child.setForeground(2, QBrush(QColor("#666")))
                top.addChild(child)
            if signal.cases > len(signal.case_ids):
                more = QTreeWidgetItem(
                    ["", self.tr("… and {0} more").format(signal.cases - len(signal.case_ids))]
                )
                more.setFlags(Qt.ItemFlag.NoItemFlags)
                top.addChild(more)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if report.signals:
            self._show_message("")
        else:
            self._show_message(
                self.tr("No signals in this period: nothing stands out against the rules below.")
            )
        self._update_heading()
        self.rules.setText(self._rules_text(report.rules))

    def _case_lines(self, signal: SignalData) -> list[str]:
        numbers = signal.case_nos or []
        return [
            numbers[i] if i < len(numbers) and numbers[i] else case_id[:8]
            for i, case_id in enumerate(signal.case_ids)
        ]

    def _rules_text(self, rules: dict[str, Any]) -> str:
        q = rules.get("quality_product", {})
        s = rules.get("store_rate", {})
        c = rules.get("repeat_customer", {})
        return self.tr(
            "Rules: a product with {0} or more quality returns within {1} days; a store with "
            "at least {2} cases, {3} of them flagged, flagged {4}× as often as the region's "
            "other stores (p ≤ {5}); a customer returning at {6} or more stores within {7} days."
        ).format(
            q.get("min_returns", "?"),
            q.get("window_days", "?"),
            s.get("min_cases", "?"),
            s.get("min_flagged", "?"),
            s.get("ratio", "?"),
            s.get("max_p_value", "?"),
            c.get("min_stores", "?"),
            c.get("window_days", "?"),
        )

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, CASE_ROLE)
        if isinstance(case_id, str) and case_id:
            self.sig_open_case.emit(case_id)
