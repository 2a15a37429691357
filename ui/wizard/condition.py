"""Condition & photo: the resale checklist and the photo of the item as evidence."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from core.cases import CaseDraft, PhotoView
from ui.photo_panel import PhotoPanel
from ui.wizard.base import CasePage

QUESTIONS = ("packaging_kept", "tags_intact", "seal_intact", "signs_of_use")


class YesNo(QWidget):
    """Two radio buttons; neither checked means "not answered yet"."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.yes = QRadioButton()
        self.yes.setObjectName(f"{key}Yes")
        self.no = QRadioButton()
        self.no.setObjectName(f"{key}No")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.yes)
        h.addWidget(self.no)
        h.addStretch(1)

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: bool | None) -> None:
        self.group.setExclusive(False)  # lets both go unchecked for "not answered"
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)

    def retranslate(self, question: str) -> None:
        self.yes.setText(self.tr("Yes"))
        self.no.setText(self.tr("No"))
        self.yes.setAccessibleName(self.tr("{0}: yes").format(question))
        self.no.setAccessibleName(self.tr("{0}: no").format(question))


class ConditionPage(CasePage):
    sig_photo_chosen = Signal(object)
    """A file (Path) staff chose to add as a photo of the item."""
    sig_photo_remove = Signal(str)
    """The id of a photo staff removed."""

    def __init__(self) -> None:
        super().__init__("condition")
        self.answers = {key: YesNo(key) for key in QUESTIONS}
        f = self.fields
        for key, widget in self.answers.items():
            f.add(self.form, key, widget)
            f[key].label.setBuddy(widget.yes)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        f.add(self.form, "condition_notes", self.notes)

        self.photos = PhotoPanel()
        self.photos.sig_photo_chosen.connect(self.sig_photo_chosen)
        self.photos.sig_photo_remove.connect(self.sig_photo_remove)
        f.add(self.form, "photos", self.photos).widget.setObjectName("photoPanel")
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_photos(self, photos: tuple[PhotoView, ...]) -> None:
        self.photos.set_photos(photos)
        self.fields["photos"].show_error("")

    def set_busy(self, busy: bool) -> None:
        self.photos.set_busy(busy)

    def show_photo_error(self, message: str) -> None:
        self.fields["photos"].show_error(message)

    def load(self, draft: CaseDraft) -> None:
        for key, widget in self.answers.items():
            widget.set_value(getattr(draft, key))
        self.notes.setPlainText(draft.condition_notes)
        self.set_photos(draft.photos)

    def store(self, draft: CaseDraft) -> None:
        for key, widget in self.answers.items():
            setattr(draft, key, widget.value())
        draft.condition_notes = self.notes.toPlainText().strip()

    # -- private -------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Condition & photo"))
        self.setSubTitle(self.tr("Can it be sold again? Take a photo as evidence."))
        questions = {
            "packaging_kept": self.tr("Original packaging kept?"),
            "tags_intact": self.tr("Tags intact?"),
            "seal_intact": self.tr("Seal unopened?"),
            "signs_of_use": self.tr("Signs of use (washing marks, scratches)?"),
        }
        for key, text in questions.items():
            self.fields[key].set_text(text)
            self.answers[key].retranslate(text)
        self.fields["condition_notes"].set_text(self.tr("Condition &notes:"))
        self.fields["photos"].set_text(self.tr("Photos:"))
