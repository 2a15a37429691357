"""Identity & order: look the order up, then check the orderer's name and phone digits."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from core import labels
from core.cases import CaseDraft
from core.orders import OrderView
from ui.wizard.base import CasePage


class IdentityPage(CasePage):
    sig_lookup_requested = Signal(str)
    """Staff typed or scanned an order number (raw text) and pressed Enter or Look up."""
    sig_check_requested = Signal(str, str)
    """(orderer name, last 4 phone digits) to compare with the order."""
    sig_override_requested = Signal()
    """Staff ask a supervisor to let a flagged (mismatched) case go on."""
    sig_search_requested = Signal()
    """The customer has no order number: search by date, address and payment."""

    def __init__(self) -> None:
        super().__init__("identity")
        self._order: OrderView | None = None
        self._status = "unchecked"

        self.order_no = QLineEdit()
        self.order_no.setClearButtonEnabled(True)
        # A barcode scanner types the number and Enter: Enter here means "look up",
        # not "next page".
        self.order_no.installEventFilter(self)
        self.lookup = QPushButton()
        self.lookup.setObjectName("lookupButton")
        self.lookup.setAutoDefault(False)
        self.lookup.clicked.connect(self._request_lookup)
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.order_no, 1)
        h.addWidget(self.lookup)
        self.search = QPushButton()
        self.search.setObjectName("searchOrderButton")
        self.search.setAutoDefault(False)
        self.search.clicked.connect(self.sig_search_requested)
        h.addWidget(self.search)
        f = self.fields
        f.add(self.form, "order_no", row).widget.setObjectName("orderNoRow")
        f["order_no"].label.setBuddy(self.order_no)
        self.order_no.setObjectName("order_no")

        self.order_info = QLabel()
        self.order_info.setObjectName("orderInfo")
        self.order_info.setWordWrap(True)
        self.order_info.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.order_info)

        self.self_radio = QRadioButton()
        self.self_radio.setObjectName("requesterSelf")
        self.proxy_radio = QRadioButton()
        self.proxy_radio.setObjectName("requesterProxy")
        group = QButtonGroup(self)
        group.addButton(self.self_radio)
        group.addButton(self.proxy_radio)
        self.self_radio.setChecked(True)
        who = QWidget()
        wh = QHBoxLayout(who)
        wh.setContentsMargins(0, 0, 0, 0)
        wh.addWidget(self.self_radio)
        wh.addWidget(self.proxy_radio)
        wh.addStretch(1)
        f.add(self.form, "requester", who).widget.setObjectName("requesterRow")
        f["requester"].label.setBuddy(self.self_radio)

        self.requester_name = QLineEdit()
        self.relationship = QLineEdit()
        f.add(self.form, "requester_name", self.requester_name)
        f.add(self.form, "proxy_relationship", self.relationship)
        self.proxy_radio.toggled.connect(self._proxy_toggled)

        self.orderer_name = QLineEdit()
        self.phone_last4 = QLineEdit()
        self.phone_last4.setMaxLength(4)
        self.phone_last4.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), self.phone_last4)
        )
        f.add(self.form, "orderer_name", self.orderer_name)
        f.add(self.form, "phone_last4", self.phone_last4)
        self.check = QPushButton()
        self.check.setObjectName("checkIdentityButton")
        self.check.setAutoDefault(False)
        self.check.clicked.connect(self._request_check)
        check_row = QWidget()
        ch = QHBoxLayout(check_row)
        ch.setContentsMargins(0, 0, 0, 0)
        ch.addWidget(self.check)
        self.override = QPushButton()
        self.override.setObjectName("overrideButton")
        self.override.setAutoDefault(False)
        self.override.clicked.connect(self.sig_override_requested)
        ch.addWidget(self.override)
        ch.addStretch(1)
        f.add(self.form, "identity", check_row).widget.setObjectName("checkIdentityRow")
        f["identity"].label.setBuddy(self.check)
        self.result = QLabel()
        self.result.setObjectName("identityResult")
        self.result.setWordWrap(True)
        self.form.addRow(self.result)
        # Editing what the requester said means it has to be checked again.
        self.orderer_name.textEdited.connect(self._identity_edited)
        self.phone_last4.textEdited.connect(self._identity_edited)
        self._proxy_toggled(False)
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_order(self, order: OrderView | None) -> None:
        self._order = order
        self._show_order()
        if order is not None:
            self.fields["order_no"].show_error("")
            self.orderer_name.setFocus()

    def set_identity_status(self, status: str) -> None:
        self._status = status
        self._show_status()

    def show_lookup_error(self, message: str) -> None:
        self.fields["order_no"].show_error(message)
        self.order_no.setFocus()
        self.order_no.selectAll()

    def load(self, draft: CaseDraft) -> None:
        self.order_no.setText(draft.order_no_entered)
        self.proxy_radio.setChecked(draft.is_proxy)
        self.self_radio.setChecked(not draft.is_proxy)
        self.requester_name.setText(draft.requester_name)
        self.relationship.setText(draft.proxy_relationship)
        self.orderer_name.setText(draft.claimed_orderer_name)
        self.phone_last4.setText(draft.claimed_phone_last4)
        self._order = draft.order
        self._status = draft.identity_status
        self._show_order()
        self._show_status()

    def store(self, draft: CaseDraft) -> None:
        draft.order_no_entered = self.order_no.text().strip()
        draft.order = self._order
        draft.is_proxy = self.proxy_radio.isChecked()
        draft.requester_name = self.requester_name.text().strip()
        draft.proxy_relationship = self.relationship.text().strip() if draft.is_proxy else ""
        draft.claimed_orderer_name = self.orderer_name.text().strip()
        draft.claimed_phone_last4 = self.phone_last4.text().strip()
        draft.identity_status = self._status

    # -- Qt overrides --------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.order_no
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._request_lookup()
            return True
        return super().eventFilter(watched, event)

    # -- private -------------------------------------------------------------

    def _request_lookup(self) -> None:
        self.fields["order_no"].show_error("")
        self.sig_lookup_requested.emit(self.order_no.text())

    def _request_check(self) -> None:
        self.sig_check_requested.emit(self.orderer_name.text(), self.phone_last4.text())

    def _identity_edited(self) -> None:
        if self._status == "verified":  # a flagged mismatch stays until a supervisor acts
            self._status = "unchecked"
            self._show_status()

    def _proxy_toggled(self, proxy: bool) -> None:
        for key in ("proxy_relationship",):
            self.fields[key].widget.setEnabled(proxy)

    def _show_order(self) -> None:
        o = self._order
        if o is None:
            self.order_info.setText(self.tr("No order looked up yet."))
            return
        delivered = (
            o.delivered_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if o.delivered_at
            else self.tr("not delivered yet")
        )
        lines = "\n".join(
            self.tr("  • {0} × {1}  ({2} each)").format(
                ln.name, ln.quantity, labels.yuan(ln.unit_price_cents)
            )
            for ln in o.lines
        )
        self.order_info.setText(
            self.tr("Order {0} · paid by {1} · total {2}\nOrdered {3} · delivered {4}\n{5}").format(
                o.order_no,
                labels.payment(o.payment_method),
                labels.yuan(o.total_cents),
                o.ordered_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                delivered,
                lines,
            )
        )

    def _show_status(self) -> None:
        self.override.setVisible(self._status == "mismatch")
        if self._status == "verified":
            self.result.setStyleSheet("color: #1b5e20; font-weight: bold;")
            self.result.setText(
                self.tr("✔ Identity confirmed: name and phone digits match the order.")
            )
        elif self._status == "overridden":
            self.result.setStyleSheet("color: #8a4b00; font-weight: bold;")
            self.result.setText(
                self.tr("⚠ Did not match, but a supervisor approved going on (recorded).")
            )
        elif self._status == "mismatch":
            self.result.setStyleSheet("color: #b00020; font-weight: bold;")
            self.result.setText(
                self.tr(
                    "✖ Does not match the order. Stop: do not hand out a refund. "
                    "The case is flagged; only a supervisor may continue it."
                )
            )
        else:
            self.result.setStyleSheet("")
            self.result.setText(
                self.tr("Ask for the orderer's name and the last 4 digits of their phone.")
            )

    def retranslate(self) -> None:
        self.setTitle(self.tr("Identity & order"))
        self.setSubTitle(self.tr("Find the order, then confirm who is asking."))
        f = self.fields
        f["order_no"].set_text(self.tr("&Order number:"))
        self.order_no.setAccessibleName(self.tr("Order number"))
        self.order_no.setPlaceholderText(self.tr("Type or scan, then Enter"))
        self.lookup.setText(self.tr("&Look up"))
        self.lookup.setAccessibleName(self.tr("Look up order"))
        f["requester"].set_text(self.tr("Who is asking:"))
        self.self_radio.setText(self.tr("The orderer &themselves"))
        self.self_radio.setAccessibleName(self.tr("The orderer themselves"))
        self.proxy_radio.setText(self.tr("Someone on their be&half"))
        self.proxy_radio.setAccessibleName(self.tr("Someone on their behalf"))
        f["requester_name"].set_text(self.tr("Re&quester's name:"))
        f["proxy_relationship"].set_text(self.tr("Relations&hip to orderer:"))
        self.relationship.setPlaceholderText(self.tr("e.g. friend, mother, colleague"))
        f["orderer_name"].set_text(self.tr("Orderer's &name:"))
        f["phone_last4"].set_text(self.tr("Last &4 phone digits:"))
        self.phone_last4.setPlaceholderText(self.tr("as the requester states them"))
        f["identity"].set_text(self.tr("Identity:"))
        self.check.setText(self.tr("&Check identity"))
        self.check.setAccessibleName(self.tr("Check identity"))
        self.override.setText(self.tr("Supervisor &override…"))
        self.override.setAccessibleName(self.tr("Supervisor override"))
        self.search.setText(self.tr("No number? &Search…"))
        self.search.setAccessibleName(self.tr("Search for the order without its number"))
        self._show_order()
        self._show_status()
