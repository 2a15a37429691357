"""The photos of the item: add from a file, list with thumbnails, remove.

The camera (issue #4) plugs in here; with no camera the panel says so and
offers file import.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.cases import PhotoView

PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole


def choose_photo_file(parent: QWidget) -> Path | None:
    """The file dialog, at module level so tests can replace it."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        QFileDialog.tr("Choose a photo of the item"),
        str(Path.home()),
        QFileDialog.tr("Images (*.jpg *.jpeg *.png *.webp *.heic *.heif);;All files (*)"),
    )
    return Path(name) if name else None


class PhotoPanel(QWidget):
    sig_photo_chosen = Signal(object)
    """A file (Path) staff chose to add as a photo of the item."""
    sig_photo_remove = Signal(str)
    """The id of a photo staff removed."""

    def __init__(self) -> None:
        super().__init__()
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
        self.busy = QLabel()
        self.busy.setObjectName("photoBusy")
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_photo)
        buttons.addWidget(self.remove_photo)
        buttons.addStretch(1)
        v.addLayout(buttons)
        v.addWidget(self.camera_note)
        v.addWidget(self.photo_list)
        v.addWidget(self.busy)
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_photos(self, photos: tuple[PhotoView, ...]) -> None:
        self.photo_list.clear()
        for p in photos:
            item = QListWidgetItem(QIcon(QPixmap(str(p.thumb_path))), p.caption or p.sha256[:8])
            item.setData(PHOTO_ID_ROLE, p.id)
            item.setToolTip(f"{p.width}×{p.height}")
            self.photo_list.addItem(item)

    def set_busy(self, busy: bool) -> None:
        self.add_photo.setEnabled(not busy)
        self.busy.setText(self.tr("Storing the photo…") if busy else "")

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- private -------------------------------------------------------------

    def _choose_photo(self) -> None:
        path = choose_photo_file(self)
        if path is not None:
            self.sig_photo_chosen.emit(path)

    def _remove_photo(self) -> None:
        item = self.photo_list.currentItem()
        if item is not None:
            self.sig_photo_remove.emit(item.data(PHOTO_ID_ROLE))

    def retranslate(self) -> None:
        self.add_photo.setText(self.tr("&Add photo from file…"))
        self.add_photo.setAccessibleName(self.tr("Add photo from file"))
        self.remove_photo.setText(self.tr("&Remove selected photo"))
        self.remove_photo.setAccessibleName(self.tr("Remove selected photo"))
        self.photo_list.setAccessibleName(self.tr("Photos of the item"))
        self.camera_note.setText(self.tr("No camera on this counter: add photos from a file."))
