"""A supervisor's sign-off: who, PIN, and a written reason."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from core import labels
from core.drafts import Problem
from ui.forms import FieldSet, error_label


class ApprovalDialog(QDialog):
    sig_approve = Signal(str, str, str)
    """(supervisor id, PIN, written reason) — the wizard checks them through core."""

    def __init__(self, reasons: tuple[str, ...], supervisors: list[tuple[str, str]], parent=None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.reasons = reasons
        self.what = QLabel()
        self.what.setObjectName("approvalWhat")
        self.what.setWordWrap(True)
        self.what.setStyleSheet("font-weight: bold;")
        self.banner = error_label("approvalDialog")
        self.supervisor = QComboBox()
        for staff_id, name in supervisors:
            self.supervisor.addItem(name, staff_id)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        form = QFormLayout()
        self.fields = FieldSet(self.banner)
        self.fields.add(form, "supervisor", self.supervisor)
        self.fields.add(form, "pin", self.pin)
        self.fields.add(form, "note", self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("approvalButtons")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("approveButton")
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setObjectName("approvalCancelButton")
        self.buttons.accepted.connect(self._approve)
        self.buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(self.what)
        v.addWidget(self.banner)
        v.addLayout(form)
        v.addWidget(self.buttons)
        self.retranslate()
        self.pin.setFocus()

    # -- public ------------------------------------------------------------

    def show_problem(self, problem: Problem) -> None:
        """Stay open with the message next to its field, so the supervisor can retry."""
        self.ok.setEnabled(True)
        self.fields.show([(problem.field, problem.message)])
        if problem.field == "pin":
            self.pin.selectAll()

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- private -------------------------------------------------------------

    def _approve(self) -> None:
        self.fields.clear()
        self.ok.setEnabled(False)  # until core answers
        self.sig_approve.emit(
            self.supervisor.currentData() or "", self.pin.text(), self.note.toPlainText()
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Supervisor approval"))
        self.what.setText(
            self.tr("A supervisor must approve: {0}.").format(
                labels.join(labels.why_not(r) for r in self.reasons)
            )
        )
        self.fields["supervisor"].set_text(self.tr("&Supervisor:"))
        self.fields["pin"].set_text(self.tr("&PIN:"))
        self.fields["note"].set_text(self.tr("&Why:"))
        self.note.setPlaceholderText(
            self.tr("The reason, in a sentence (it is kept with the case)")
        )
        self.ok.setText(self.tr("&Approve"))
        self.ok.setAccessibleName(self.tr("Approve"))
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel"))
