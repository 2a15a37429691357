"""Resolution: refund, exchange, replacement, repair, credit, or decline with goodwill."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core import labels
from core.assessment import CaseAssessment
from core.drafts import REFUND_METHODS, CaseDraft
from ui.wizard.base import CasePage

RESOLUTIONS = ("refund", "exchange", "replacement", "repair", "store_credit", "decline_goodwill")


class ResolutionPage(CasePage):
    sig_changed = Signal()
    """The choice or an amount changed: what needs approval should be refreshed."""
    sig_approval_requested = Signal(tuple)
    """Staff ask a supervisor to approve these reasons (codes)."""

    def __init__(self) -> None:
        super().__init__("resolution")
        self._assessment: CaseAssessment | None = None
        self._approvals: tuple[dict[str, Any], ...] = ()
        self._supervisor_names: dict[str, str] = {}
        self.options: dict[str, QRadioButton] = {}
        self.why: dict[str, QLabel] = {}
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        for code in RESOLUTIONS:
            rb = QRadioButton()
            rb.setObjectName(f"resolution_{code}")
            self.group.addButton(rb)
            self.options[code] = rb
            why = QLabel()
            why.setObjectName(f"resolutionWhy_{code}")
            why.setStyleSheet("color: #666;")
            self.why[code] = why
            row = QHBoxLayout()
            row.addWidget(rb)
            row.addWidget(why, 1)
            v.addLayout(row)
            rb.toggled.connect(self._update_enabled)
        self.group.buttonClicked.connect(lambda _b: self.sig_changed.emit())
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
        self.amount.editingFinished.connect(self.sig_changed)
        self.goodwill = QDoubleSpinBox()
        self.goodwill.setDecimals(2)
        self.goodwill.setRange(0, 100_000)
        self.goodwill.setPrefix("¥")
        self.goodwill.editingFinished.connect(self.sig_changed)
        f.add(self.form, "goodwill", self.goodwill)
        self.approval_status = QLabel()
        self.approval_status.setObjectName("approvalStatus")
        self.approval_status.setWordWrap(True)
        self.ask_supervisor = QPushButton()
        self.ask_supervisor.setObjectName("askSupervisorButton")
        self.ask_supervisor.setAutoDefault(False)
        self.ask_supervisor.clicked.connect(self._ask_supervisor)
        approval_row = QWidget()
        ah = QHBoxLayout(approval_row)
        ah.setContentsMargins(0, 0, 0, 0)
        ah.addWidget(self.approval_status, 1)
        ah.addWidget(self.ask_supervisor)
        f.add(self.form, "approval", approval_row).widget.setObjectName("approvalRow")
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

    def set_assessment(self, assessment: CaseAssessment) -> None:
        """Only eligible options can be chosen; the others say why not."""
        self._assessment = assessment
        self._show_assessment()

    def set_approvals(
        self, approvals: tuple[dict[str, Any], ...], supervisor_names: dict[str, str]
    ) -> None:
        self._approvals = approvals
        self._supervisor_names = supervisor_names
        self._show_assessment()

    def _show_assessment(self) -> None:
        a = self._assessment
        for code, rb in self.options.items():
            verdict = a.options.get(code) if a else None
            why = self.why[code]
            if verdict is None:
                rb.setEnabled(True)
                why.setText("")
            elif not verdict.allowed:
                if rb.isChecked():
                    self.group.setExclusive(False)
                    rb.setChecked(False)
                    self.group.setExclusive(True)
                rb.setEnabled(False)
                why.setText(
                    self.tr("not possible: {0}").format(
                        labels.join(labels.why_not(w) for w in verdict.why_not)
                    )
                )
            elif verdict.needs_approval:
                rb.setEnabled(True)
                why.setText(
                    self.tr("needs a supervisor: {0}").format(
                        labels.join(labels.why_not(w) for w in verdict.why_not)
                    )
                )
            else:
                rb.setEnabled(True)
                why.setText("")
        lines = [
            self.tr("✔ Approved by {0}: {1} — “{2}”").format(
                self._supervisor_names.get(ap.get("supervisor_id", ""), "?"),
                labels.why_not(ap.get("reason", "")),
                ap.get("note", ""),
            )
            for ap in self._approvals
        ]
        missing = a.approvals_missing if a else ()
        if missing:
            lines.append(
                self.tr("Needs a supervisor's approval: {0}.").format(
                    labels.join(labels.why_not(m) for m in missing)
                )
            )
        self.approval_status.setText("\n".join(lines) or self.tr("Within the counter's authority."))
        self.ask_supervisor.setVisible(bool(missing))
        self._update_enabled()

    def _ask_supervisor(self) -> None:
        if self._assessment and self._assessment.approvals_missing:
            self.sig_approval_requested.emit(tuple(self._assessment.approvals_missing))

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
        self.goodwill.setValue(draft.goodwill_cents / 100)
        self._approvals = draft.approvals
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
        draft.goodwill_cents = round(self.goodwill.value() * 100)
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
        f["goodwill"].set_text(self.tr("&Goodwill value:"))
        self.goodwill.setToolTip(self.tr("Value of a coupon or gesture given on top"))
        f["approval"].set_text(self.tr("Approval:"))
        self.ask_supervisor.setText(self.tr("Ask a &supervisor…"))
        self.ask_supervisor.setAccessibleName(self.tr("Ask a supervisor to approve"))
        self._show_assessment()
        self.follow_up_needed.setText(self.tr("&Follow up on"))
        self.follow_up_needed.setAccessibleName(self.tr("Follow-up needed"))
        self.follow_up.setAccessibleName(self.tr("Follow-up date"))
