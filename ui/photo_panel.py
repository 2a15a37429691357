"""The photos of the item: take them with the camera, or add files (dialog, drag and
drop, paste); list them with thumbnails and captions; view one full size; remove one.

With no camera, or one that fails to start, the panel says so and import still works.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QHideEvent,
    QIcon,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import devices
from core.camera import CameraSource, StillWriter
from core.cases import PhotoView
from ui import photo_viewer
from ui.camera import FAILED, NO_CAMERA, REVIEW, CameraBox

PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole
CAPTION_MAX = 200  # case_photo.caption is a String(200)


def choose_photo_file(parent: QWidget) -> Path | None:
    """The file dialog, at module level so tests can replace it."""
    name, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("QFileDialog", "Choose a photo of the item"),
        str(Path.home()),
        QCoreApplication.translate(
            "QFileDialog", "Images (*.jpg *.jpeg *.png *.webp *.heic *.heif);;All files (*)"
        ),
    )
    return Path(name) if name else None


def make_camera_source() -> CameraSource:
    """The real camera; at module level so tests (and screenshots) can put a fake here.

    Imports QtMultimedia, so it runs only when the panel is first shown.
    """
    from core.camera import QtCameraSource

    return QtCameraSource()


class PhotoPanel(QWidget):
    sig_photo_chosen = Signal(object)
    """A file (Path) staff chose to add as a photo of the item."""
    sig_photo_submitted = Signal(object, str)
    """(file Path, caption): the same photo as ``sig_photo_chosen``, with its caption.

    Both are emitted for every photo (imported or taken); connect one of the two.
    Stills from the camera and pasted pictures arrive as JPEG files in a private
    temporary folder; ingest re-encodes them like any other file.
    """
    sig_photo_remove = Signal(str)
    """The id of a photo staff removed."""

    def __init__(
        self, camera_source: CameraSource | None = None, camera: str | None = None
    ) -> None:
        """``camera``: which camera to prefer, or "none"; default: the counter's setting."""
        super().__init__()
        self.setAcceptDrops(True)
        self._photos: dict[str, PhotoView] = {}
        self._busy = False
        self._dragging = False
        self._camera_started = False
        self.viewer: photo_viewer.PhotoViewer | None = None
        """The last photo opened full size (tests look at it)."""

        self.camera = CameraBox(
            (lambda: camera_source) if camera_source is not None else make_camera_source,
            devices.current().camera if camera is None else camera,
        )
        self.camera.sig_state_changed.connect(self._camera_state_changed)
        self.camera.sig_still_kept.connect(self._still_kept)
        self.stills = StillWriter(parent=self)
        self.stills.sig_written.connect(self._submit)
        self.stills.sig_failed.connect(self._show_message)

        self.caption_label = QLabel()
        self.caption = QLineEdit()
        self.caption.setObjectName("photoCaption")
        self.caption.setMaxLength(CAPTION_MAX)
        self.caption.setClearButtonEnabled(True)
        self.caption.setAcceptDrops(False)  # a file dropped here is a photo, not text
        self.caption_label.setBuddy(self.caption)
        self.add_photo = QPushButton()
        self.add_photo.setObjectName("addPhotoButton")
        self.add_photo.setAutoDefault(False)
        self.add_photo.clicked.connect(self._choose_photo)
        self.paste_photo = QPushButton()
        self.paste_photo.setObjectName("pastePhotoButton")
        self.paste_photo.setAutoDefault(False)
        self.paste_photo.clicked.connect(self.paste_from_clipboard)
        self.remove_photo = QPushButton()
        self.remove_photo.setObjectName("removePhotoButton")
        self.remove_photo.setAutoDefault(False)
        self.remove_photo.clicked.connect(self._remove_photo)
        self.photo_list = QListWidget()
        self.photo_list.setObjectName("photoList")
        self.photo_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.photo_list.setIconSize(QSize(96, 96))
        self.photo_list.setMovement(QListWidget.Movement.Static)
        self.photo_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.photo_list.setWordWrap(True)
        self.photo_list.setDragEnabled(False)
        self.photo_list.setAcceptDrops(False)  # drops go to the panel
        self.photo_list.setMinimumHeight(130)
        self.photo_list.itemActivated.connect(self._open_item)
        self.camera_note = QLabel()
        self.camera_note.setObjectName("cameraNote")
        self.camera_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("photoMessage")
        self.message.setWordWrap(True)
        self.busy = QLabel()
        self.busy.setObjectName("photoBusy")

        # Ctrl+V anywhere in the panel; the caption field keeps its own text paste.
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste_from_clipboard)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.photo_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._remove_photo)

        right = QVBoxLayout()
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.caption_label)
        caption_row.addWidget(self.caption, 1)
        right.addLayout(caption_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_photo)
        buttons.addWidget(self.paste_photo)
        buttons.addStretch(1)
        right.addLayout(buttons)
        right.addWidget(self.photo_list, 1)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_photo)
        remove_row.addStretch(1)
        right.addLayout(remove_row)
        h = QHBoxLayout()
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.camera, 5)
        h.addLayout(right, 4)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.addLayout(h, 1)
        v.addWidget(self.camera_note)
        v.addWidget(self.message)
        v.addWidget(self.busy)
        self._show_message("")
        self.retranslate()

    # -- public ------------------------------------------------------------

    def set_photos(self, photos: tuple[PhotoView, ...]) -> None:
        self.photo_list.clear()
        self._photos = {p.id: p for p in photos}
        for p in photos:
            item = QListWidgetItem(QIcon(QPixmap(str(p.thumb_path))), p.caption or p.sha256[:8])
            item.setData(PHOTO_ID_ROLE, p.id)
            item.setToolTip(
                self.tr("{caption}{width}×{height} — double-click to view").format(
                    caption=f"{p.caption}\n" if p.caption else "", width=p.width, height=p.height
                )
            )
            self.photo_list.addItem(item)
        self._show_message("")

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_busy()

    def add_files(self, paths: list[Path]) -> None:
        """Add these files as photos (with the caption typed, if any)."""
        caption = self._take_caption()
        for path in paths:
            self._emit(path, caption)

    def add_image(self, image: QImage, stem: str = "pasted") -> None:
        """Add a picture held in memory (pasted, dropped from a browser)."""
        if image.isNull():
            return
        self.stills.submit(image, _still_stem(stem), self._take_caption())
        self._update_busy()

    def paste_from_clipboard(self) -> None:
        """Add what the clipboard holds: image files, or a picture."""
        if self._busy:
            return
        clipboard = QGuiApplication.clipboard()
        if not self._add_mime(clipboard.mimeData()):
            self._show_message(
                self.tr(
                    "There is no picture on the clipboard. Copy a photo or a photo file "
                    "first, then paste it here."
                )
            )

    def open_photo(self, photo_id: str) -> None:
        """Show one photo full size, with its caption."""
        photo = self._photos.get(photo_id)
        if photo is not None:
            self.viewer = photo_viewer.show_photo(
                self, photo.path, photo.caption, sha256=photo.sha256
            )

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # After the page has painted: the first start loads QtMultimedia.
        QTimer.singleShot(0, self, self._start_camera)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the page (or closing the wizard) turns the camera off.
        self.camera.deactivate()
        super().hideEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _has_photo(event.mimeData()) and not self._busy:
            event.acceptProposedAction()
            self._dragging = True
            self._show_message(self.tr("Drop to add the photos."))
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._dragging:
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._dragging = False
        self._show_message("")
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._dragging = False
        self._show_message("")
        if self._add_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- private -------------------------------------------------------------

    def _start_camera(self) -> None:
        if self.isVisible():
            self._camera_started = True
            self.camera.activate()

    def _choose_photo(self) -> None:
        path = choose_photo_file(self)
        if path is not None:
            self.add_files([path])

    def _add_mime(self, mime: QMimeData | None) -> bool:
        if mime is None:
            return False
        files = _local_files(mime)
        if files:
            self.add_files(files)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QPixmap):
                image = image.toImage()
            if isinstance(image, QImage) and not image.isNull():
                self.add_image(image)
                return True
        return False

    def _still_kept(self, image: QImage) -> None:
        self.stills.submit(image, _still_stem("camera"), self._take_caption())
        self._update_busy()

    def _take_caption(self) -> str:
        caption = " ".join(self.caption.text().split())
        self.caption.clear()
        return caption

    def _submit(self, path: Path, caption: str) -> None:
        self._update_busy()
        self._emit(path, caption)

    def _emit(self, path: Path, caption: str) -> None:
        self._show_message("")
        self.sig_photo_chosen.emit(path)
        self.sig_photo_submitted.emit(path, caption)

    def _remove_photo(self) -> None:
        item = self.photo_list.currentItem()
        if item is not None:
            self.sig_photo_remove.emit(item.data(PHOTO_ID_ROLE))

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_photo(item.data(PHOTO_ID_ROLE))

    def _camera_state_changed(self, _state: str) -> None:
        self._show_camera_note()

    def _show_camera_note(self) -> None:
        state = self.camera.state
        self.camera.setVisible(state != NO_CAMERA)
        hint = self.tr("Add photos from a file, drag them here, or paste one (Ctrl+V).")
        if state in (NO_CAMERA, FAILED) or (state == REVIEW and self.camera.message):
            # Two sentences: Chinese runs them together, English needs a space.
            self.camera_note.setText(self.tr("{0} {1}").format(self.camera.message, hint))
        elif self.camera.message:
            self.camera_note.setText(self.camera.message)
        elif self._camera_started:
            self.camera_note.setText(
                self.tr(
                    "Type a caption first if you like. You can also add photos from a file, "
                    "drag them here, or paste one (Ctrl+V)."
                )
            )
        else:
            self.camera_note.setText("")

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _update_busy(self) -> None:
        busy = self._busy or self.stills.pending > 0
        self.add_photo.setEnabled(not busy)
        self.paste_photo.setEnabled(not busy)
        self.camera.set_busy(busy)
        self.busy.setText(self.tr("Storing the photo…") if busy else "")

    def retranslate(self) -> None:
        self.caption_label.setText(self.tr("Capt&ion:"))
        self.caption.setAccessibleName(self.tr("Caption for the next photo"))
        self.caption.setPlaceholderText(self.tr("e.g. seam open at the left sleeve"))
        self.add_photo.setText(self.tr("&Add photo from file…"))
        self.add_photo.setAccessibleName(self.tr("Add photo from file"))
        self.paste_photo.setText(self.tr("&Paste photo"))
        self.paste_photo.setAccessibleName(self.tr("Paste photo"))
        self.paste_photo.setToolTip(self.tr("Ctrl+V: a copied picture or photo file"))
        self.remove_photo.setText(self.tr("&Remove selected photo"))
        self.remove_photo.setAccessibleName(self.tr("Remove selected photo"))
        self.photo_list.setAccessibleName(self.tr("Photos of the item"))
        self.setAccessibleName(self.tr("Photos of the item"))
        self._show_camera_note()
        self._update_busy()


def _still_stem(kind: str) -> str:
    # Becomes the photo's original_name: when and how it was taken, nothing more.
    return f"{kind}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"


def _local_files(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def _has_photo(mime: QMimeData | None) -> bool:
    return mime is not None and (bool(_local_files(mime)) or mime.hasImage())
