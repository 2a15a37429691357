"""Find an order when the customer has no number: when, where delivered, how paid."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.orders import OrderCandidate, OrderSearch
from ui.forms import FieldSet, error_label

PAYMENTS = ("", "alipay", "wechat", "card", "cash")


class OrderSearchDialog(QDialog):
    sig_search = Signal(object)
    """An OrderSearch to run."""
    sig_chosen = Signal(str)
    """The order number staff picked."""

    def __init__(self, today: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderSearchDialog")
        self.resize(860, 480)
        self._candidates: list[OrderCandidate] = []
        self.banner = error_label("orderSearch")
        self.date_from = QDateEdit(today.addDays(-14))
        self.date_to = QDateEdit(today)
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        dates = QWidget()
        dh = QHBoxLayout(dates)
        dh.setContentsMargins(0, 0, 0, 0)
        dh.addWidget(self.date_from)
        self.to_label = QLabel()
        dh.addWidget(self.to_label)
        dh.addWidget(self.date_to)
        dh.addStretch(1)
        self.date_from.setObjectName("dateFrom")
        self.date_to.setObjectName("dateTo")
        self.address = QLineEdit()
        self.payment = QComboBox()
        self.search = QPushButton()
        self.search.setObjectName("runSearchButton")
        self.search.setDefault(True)
        self.search.clicked.connect(self._search)
        form = QFormLayout()
        self.fields = FieldSet(self.banner)
        self.fields.add(form, "date_range", dates).widget.setObjectName("dateRange")
        self.fields["date_range"].label.setBuddy(self.date_from)
        self.fields.add(form, "address", self.address)
        self.fields.add(form, "payment", self.payment)
        self.results = QTableWidget(0, 6)
        self.results.setObjectName("searchResults")
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.results.doubleClicked.connect(self._choose)
        self.count = QLabel()
        self.count.setObjectName("searchCount")
        self.buttons = QDialogButtonBox()
        self.use = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use.setObjectName("useOrderButton")
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("closeSearchButton")
        self.use.clicked.connect(self._choose)
        self.close_button.clicked.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(self.banner)
        v.addLayout(form)
        v.addWidget(self.search, 0, Qt.AlignmentFlag.AlignLeft)
        v.addWidget(self.count)
        v.addWidget(self.results, 1)
        v.addWidget(self.buttons)
        self.retranslate()

    # -- public ------------------------------------------------------------

    def criteria(self) -> OrderSearch:
        return OrderSearch(
            ordered_from=self.date_from.date().toPython(),
            ordered_to=self.date_to.date().toPython(),
            address_fragment=self.address.text().strip(),
            payment_method=self.payment.currentData() or "",
        )

    def set_candidates(self, candidates: list[OrderCandidate]) -> None:
        self.search.setEnabled(True)
        self.fields.clear()
        self._candidates = candidates
        self.results.setRowCount(len(candidates))
        for row, c in enumerate(candidates):
            values = (
                c.order_no,
                c.ordered_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                labels.payment(c.payment_method),
                labels.yuan(c.total_cents),
                "；".join(c.items),
                c.address_hint,
            )
            for col, value in enumerate(values):
                self.results.setItem(row, col, QTableWidgetItem(value))
        self.results.resizeColumnsToContents()
        self.results.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        if candidates:
            self.results.selectRow(0)
        self.count.setText(self.tr("%n order(s) found.", "", len(candidates)))

    def show_problem(self, field: str, message: str) -> None:
        self.search.setEnabled(True)
        self.fields.show([(field, message)])

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- private -------------------------------------------------------------

    def _search(self) -> None:
        self.fields.clear()
        self.search.setEnabled(False)
        self.sig_search.emit(self.criteria())

    def _choose(self) -> None:
        rows = self.results.selectionModel().selectedRows()
        if not rows:
            self.fields.show([("", self.tr("Choose one of the orders found."))])
            return
        self.sig_chosen.emit(self._candidates[rows[0].row()].order_no)
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Find the order without its number"))
        self.fields["date_range"].set_text(self.tr("&Ordered between:"))
        self.date_from.setAccessibleName(self.tr("Ordered from"))
        self.date_to.setAccessibleName(self.tr("Ordered until"))
        self.to_label.setText(self.tr("and"))
        self.fields["address"].set_text(self.tr("Delivery &address contains:"))
        self.address.setPlaceholderText(self.tr("e.g. 锦绣苑 (home) or 大厦 (office)"))
        self.fields["payment"].set_text(self.tr("&Paid with:"))
        current = self.payment.currentData()
        self.payment.clear()
        for code in PAYMENTS:
            self.payment.addItem(labels.payment(code) if code else self.tr("any"), code)
        self.payment.setCurrentIndex(max(0, self.payment.findData(current)))
        self.search.setText(self.tr("&Search"))
        self.search.setAccessibleName(self.tr("Search orders"))
        self.results.setAccessibleName(self.tr("Orders found"))
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Ordered"),
                self.tr("Paid with"),
                self.tr("Total"),
                self.tr("Items"),
                self.tr("Address"),
            ]
        )
        self.use.setText(self.tr("&Use this order"))
        self.use.setAccessibleName(self.tr("Use this order"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
