"""Condition & photo: the resale checklist and the photo of the item as evidence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.cases import CaseDraft, PhotoView
from ui.wizard.base import CasePage

QUESTIONS = ("packaging_kept", "tags_intact", "seal_intact", "signs_of_use")


def choose_photo_file(parent: QWidget) -> Path | None:
    """The file dialog, at module level so tests can replace it."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        QFileDialog.tr("Choose a photo of the item"),
        str(Path.home()),
        QFileDialog.tr("Images (*.jpg *.jpeg *.png *.webp *.heic *.heif);;All files (*)"),
    )
    return Path(name) if name else None


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

        self.photo_list = QListWidget()
        self.photo_list.setObjectName("photoList")
        self.photo_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(120, 120))
        self.photo_list.setMinimumHeight(150)
        self.add_photo = QPushButton()
        self.add_photo.setObjectName("addPhotoButton")
        self.add_photo.setAutoDefault(False)
        self.add_photo.clicked.connect(self._choose_photo)
        self.remove_photo = QPushButton()
        self.remove_photo.setObjectName("removePhotoButton")
        self.remove_photo.setAutoDefault(False)
        self.remove_photo.clicked.connect(self._remove_photo)
        self.camera_note = QLabel()
        self.camera_note.setObjectName("cameraNote")
        self.camera_note.setWordWrap(True)
        photos = QWidget()
        v = QVBoxLayout(photos)
        v.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_photo)
        buttons.addWidget(self.remove_photo)
        buttons.addStretch(1)
        v.addLayout(buttons)
        v.addWidget(self.camera_note)
        v.addWidget(self.photo_list)
        f.add(self.form, "photos", photos).widget.setObjectName("photoPanel")
        self.busy = QLabel()
        self.busy.setObjectName("photoBusy")
        self.outer.addWidget(self.busy)
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_photos(self, photos: tuple[PhotoView, ...]) -> None:
        self.photo_list.clear()
        for p in photos:
            item = QListWidgetItem(QIcon(QPixmap(str(p.thumb_path))), p.caption or p.sha256[:8])
            item.setData(256, p.id)
            item.setToolTip(f"{p.width}×{p.height}")
            self.photo_list.addItem(item)
        self.fields["photos"].show_error("")

    def set_busy(self, busy: bool) -> None:
        self.add_photo.setEnabled(not busy)
        self.busy.setText(self.tr("Storing the photo…") if busy else "")

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

    def _choose_photo(self) -> None:
        path = choose_photo_file(self)
        if path is not None:
            self.sig_photo_chosen.emit(path)

    def _remove_photo(self) -> None:
        item = self.photo_list.currentItem()
        if item is not None:
            self.sig_photo_remove.emit(item.data(256))

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
        self.add_photo.setText(self.tr("&Add photo from file…"))
        self.add_photo.setAccessibleName(self.tr("Add photo from file"))
        self.remove_photo.setText(self.tr("&Remove selected photo"))
        self.remove_photo.setAccessibleName(self.tr("Remove selected photo"))
        self.photo_list.setAccessibleName(self.tr("Photos of the item"))
        self.camera_note.setText(self.tr("No camera on this counter: add photos from a file."))
