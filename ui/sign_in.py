"""The counter's sign-in screen: who you are and your PIN (checked offline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.forms import FieldSet, error_label

if TYPE_CHECKING:  # core.staff brings in SQLAlchemy: the panel shows before it loads
    from core.staff import StaffMember


class SignInPanel(QWidget):
    sig_sign_in = Signal(str, str)
    """(staff id, PIN) to check."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("signInPanel")
        self.title = QLabel()
        self.title.setObjectName("signInTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.banner = error_label("signIn")
        self.staff = QComboBox()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.returnPressed.connect(self._submit)
        self.button = QPushButton()
        self.button.setObjectName("signInButton")
        self.button.clicked.connect(self._submit)
        self.hint = QLabel()
        self.hint.setObjectName("signInHint")
        self.hint.setStyleSheet("color: #666;")
        form = QFormLayout()
        self.fields = FieldSet(self.banner)
        self.fields.add(form, "staff", self.staff)
        self.fields.add(form, "pin", self.pin)
        box = QWidget()
        box.setFixedWidth(480)  # a fixed width lets wrapped messages take the height they need
        v = QVBoxLayout(box)
        v.addWidget(self.title)
        v.addWidget(self.banner)
        v.addLayout(form)
        v.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        v.addWidget(self.hint)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self._demo = False
        self._opening = False
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_opening(self, opening: bool) -> None:
        """While the counter's database opens: shown, but nobody can sign in yet."""
        self._opening = opening
        for widget in (self.staff, self.pin, self.button):
            widget.setEnabled(not opening)
        self.retranslate()

    @property
    def opening(self) -> bool:
        return self._opening

    def set_staff(self, members: list[StaffMember], demo: bool = False) -> None:
        """The staff who can sign in: the store is open, the panel becomes usable."""
        self._demo = demo
        self.staff.clear()
        for m in members:
            self.staff.addItem(m.name, m.id)
        self.set_opening(False)
        self.pin.setFocus()

    def reset(self) -> None:
        self.pin.clear()
        self.fields.clear()
        self.button.setEnabled(not self._opening)
        self.pin.setFocus()

    def show_error(self, field: str, message: str) -> None:
        self.button.setEnabled(True)
        self.fields.show([(field, message)])
        self.pin.selectAll()
        self.pin.setFocus()

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- private -------------------------------------------------------------

    def _submit(self) -> None:
        if self._opening:
            return  # the store is not open (or not migrated) yet
        self.fields.clear()
        if not self.pin.text():
            self.fields.show([("pin", self.tr("Type your PIN."))])
            return
        self.button.setEnabled(False)  # scrypt takes a moment; one try at a time
        self.sig_sign_in.emit(self.staff.currentData() or "", self.pin.text())

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sign in to the returns counter"))
        self.fields["staff"].set_text(self.tr("&Who are you:"))
        self.fields["pin"].set_text(self.tr("&PIN:"))
        self.button.setText(self.tr("&Sign in"))
        self.button.setAccessibleName(self.tr("Sign in"))
        if self._opening:
            self.hint.setText(self.tr("Opening the counter's database…"))
        else:
            self.hint.setText(
                self.tr("Demo database: clerks use PIN 1111, supervisors 9999.")
                if self._demo
                else ""
            )
