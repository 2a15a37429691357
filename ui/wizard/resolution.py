"""Resolution: refund, exchange, replacement, repair, credit, or decline with goodwill."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.drafts import REFUND_METHODS, CaseDraft
from ui.wizard.base import CasePage

RESOLUTIONS = ("refund", "exchange", "replacement", "repair", "store_credit", "decline_goodwill")


class ResolutionPage(CasePage):
    def __init__(self) -> None:
        super().__init__("resolution")
        self.options: dict[str, QRadioButton] = {}
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        for code in RESOLUTIONS:
            rb = QRadioButton()
            rb.setObjectName(f"resolution_{code}")
            self.group.addButton(rb)
            self.options[code] = rb
            v.addWidget(rb)
            rb.toggled.connect(self._update_enabled)
        f = self.fields
        f.add(self.form, "resolution", box).widget.setObjectName("resolutionOptions")
        f["resolution"].label.setBuddy(self.options["refund"])
        self.amount = QDoubleSpinBox()
        self.amount.setDecimals(2)
        self.amount.setRange(0, 1_000_000)
        self.amount.setPrefix("¥")
        self.method = QComboBox()
        f.add(self.form, "refund_amount", self.amount)
        f.add(self.form, "refund_method", self.method)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(72)
        f.add(self.form, "resolution_notes", self.notes)
        self.follow_up_needed = QCheckBox()
        self.follow_up_needed.setObjectName("followUpNeeded")
        self.follow_up = QDateEdit()
        self.follow_up.setObjectName("followUpDate")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("yyyy-MM-dd")
        self.follow_up.setDate(QDate.currentDate().addDays(3))
        fu = QWidget()
        h = QHBoxLayout(fu)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.follow_up_needed)
        h.addWidget(self.follow_up)
        h.addStretch(1)
        f.add(self.form, "follow_up", fu).widget.setObjectName("followUpRow")
        f["follow_up"].label.setBuddy(self.follow_up_needed)
        self.follow_up_needed.toggled.connect(self.follow_up.setEnabled)
        self.follow_up.setEnabled(False)
        self.outer.addStretch(1)
        self.retranslate()
        self._update_enabled()

    def load(self, draft: CaseDraft) -> None:
        self.group.setExclusive(False)
        for code, rb in self.options.items():
            rb.setChecked(code == draft.resolution)
        self.group.setExclusive(True)
        self.amount.setValue(draft.refund_cents / 100)
        if draft.refund_cents == 0:
            self.amount.setValue(draft.returned_value_cents() / 100)
        self.method.setCurrentIndex(max(0, self.method.findData(draft.refund_method or "original")))
        self.notes.setPlainText(draft.resolution_notes)
        self.follow_up_needed.setChecked(draft.follow_up_on is not None)
        if draft.follow_up_on is not None:
            d = draft.follow_up_on
            self.follow_up.setDate(QDate(d.year, d.month, d.day))
        self._update_enabled()

    def store(self, draft: CaseDraft) -> None:
        draft.resolution = next((c for c, rb in self.options.items() if rb.isChecked()), "")
        refund = draft.resolution == "refund"
        draft.refund_cents = round(self.amount.value() * 100) if refund else 0
        draft.refund_method = self.method.currentData() if refund else ""
        draft.resolution_notes = self.notes.toPlainText().strip()
        draft.follow_up_on = (
            self.follow_up.date().toPython() if self.follow_up_needed.isChecked() else None
        )

    def _update_enabled(self) -> None:
        refund = self.options["refund"].isChecked()
        self.amount.setEnabled(refund)
        self.method.setEnabled(refund)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Resolution"))
        self.setSubTitle(self.tr("Choose what the customer gets; write down what happens next."))
        for code, rb in self.options.items():
            rb.setText(labels.resolution(code))
            rb.setAccessibleName(labels.resolution(code))
        current = self.method.currentData()
        self.method.clear()
        for code in REFUND_METHODS:
            self.method.addItem(labels.refund_method(code), code)
        self.method.setCurrentIndex(max(0, self.method.findData(current)))
        f = self.fields
        f["resolution"].set_text(self.tr("Resolution:"))
        f["refund_amount"].set_text(self.tr("Refund &amount:"))
        f["refund_method"].set_text(self.tr("Refund &method:"))
        f["resolution_notes"].set_text(self.tr("&Notes / goodwill gesture:"))
        self.notes.setPlaceholderText(self.tr("e.g. cleaned free of charge and sent back"))
        f["follow_up"].set_text(self.tr("Follow-up:"))
        self.follow_up_needed.setText(self.tr("&Follow up on"))
        self.follow_up_needed.setAccessibleName(self.tr("Follow-up needed"))
        self.follow_up.setAccessibleName(self.tr("Follow-up date"))
