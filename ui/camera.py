"""The camera part of the photo panel: live picture, take / retake / keep, camera chooser.

Talks to a ``core.camera.CameraSource`` only, so tests drive it with a fake camera.
The source is built on the first ``activate()``; until then QtMultimedia stays unloaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.camera import CameraInfo, CameraSource
from core.devices import CAMERA_NONE, match_camera

log = logging.getLogger(__name__)

OFF = "off"
"""Not started yet, or stopped because the panel is hidden."""
STARTING = "starting"
LIVE = "live"
REVIEW = "review"
"""A still was taken and waits for Keep or Retake."""
FAILED = "failed"
NO_CAMERA = "none"


class CameraView(QWidget):
    """Shows the live picture, or the still under review, scaled to fit; else a short text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraView")
        self.setMinimumSize(200, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.frame = QImage()
        self.still = QImage()
        self.placeholder = ""
        self.still_note = ""

    # -- public ------------------------------------------------------------

    def set_frame(self, image: QImage) -> None:
        self.frame = image
        if self.still.isNull():
            self.update()

    def set_still(self, image: QImage | None) -> None:
        self.still = image if image is not None else QImage()
        self.update()

    def clear(self) -> None:
        self.frame = QImage()
        self.still = QImage()
        self.update()

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.update()

    # -- Qt overrides --------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(32, 32, 36))
        image = self.still if not self.still.isNull() else self.frame
        if image.isNull():
            p.setPen(QColor(225, 225, 225))
            p.drawText(
                self.rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
            p.end()
            return
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        size = image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(
            (self.width() - size.width()) // 2,
            (self.height() - size.height()) // 2,
            size.width(),
            size.height(),
        )
        p.drawImage(target, image)
        if not self.still.isNull() and self.still_note:
            band = QRect(target.left(), target.bottom() - 27, target.width(), 28)
            p.fillRect(band, QColor(0, 0, 0, 160))
            p.setPen(QColor(255, 255, 255))
            p.drawText(band, Qt.AlignmentFlag.AlignCenter, self.still_note)
        p.end()


class CameraBox(QWidget):
    """Live picture and the buttons to take a photo, with a chooser when there are cameras."""

    sig_state_changed = Signal(str)
    """The box went to another state (off, starting, live, review, failed, none)."""
    sig_still_kept = Signal(QImage)
    """Staff kept the still they took: it should become a photo of the item."""

    def __init__(self, source_factory: Callable[[], CameraSource], preferred: str = "") -> None:
        """``preferred``: the camera IT configured (id or name; "none": no camera at all)."""
        super().__init__()
        self.setObjectName("cameraBox")
        self._source_factory = source_factory
        self.preferred = preferred.strip()
        self._preferred_missing = False
        self.source: CameraSource | None = None
        self.state = OFF
        self.message = ""
        """Plain words about the camera when it cannot be used (or a capture failed)."""
        self._camera_ids: list[str] = []
        self._still: QImage | None = None
        self._capturing = False
        self._busy = False
        self._wanted = False

        self.chooser_label = QLabel()
        self.chooser = QComboBox()
        self.chooser.setObjectName("cameraChooser")
        self.chooser_label.setBuddy(self.chooser)
        self.chooser.activated.connect(self._camera_chosen)
        self.view = CameraView()
        self.take = QPushButton()
        self.take.setObjectName("takePhotoButton")
        self.take.setAutoDefault(False)
        self.take.clicked.connect(self.take_photo)
        self.retake = QPushButton()
        self.retake.setObjectName("retakePhotoButton")
        self.retake.setAutoDefault(False)
        self.retake.clicked.connect(self.retake_photo)
        self.keep = QPushButton()
        self.keep.setObjectName("keepPhotoButton")
        self.keep.setAutoDefault(False)
        self.keep.clicked.connect(self.keep_photo)
        self.retry = QPushButton()
        self.retry.setObjectName("retryCameraButton")
        self.retry.setAutoDefault(False)
        self.retry.clicked.connect(self._retry)

        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        chooser_row = QHBoxLayout()
        chooser_row.addWidget(self.chooser_label)
        chooser_row.addWidget(self.chooser, 1)
        v.addLayout(chooser_row)
        v.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for b in (self.take, self.retake, self.keep, self.retry):
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addLayout(buttons)
        self.retranslate()
        self._show_state()

    # -- public ------------------------------------------------------------

    def activate(self) -> None:
        """Start the chosen camera (building the source on first use)."""
        self._wanted = True
        if self.camera_disabled:
            # IT turned the camera off for this counter: straight to files, and
            # QtMultimedia is never loaded.
            self.message = self.tr("This counter is set up without a camera.")
            self._set_state(NO_CAMERA)
            return
        if self.source is None:
            self.source = self._source_factory()
            self.source.setParent(self)
            self.source.sig_cameras_changed.connect(self._cameras_changed)
            self.source.sig_active_changed.connect(self._active_changed)
            self.source.sig_frame.connect(self.view.set_frame)
            self.source.sig_captured.connect(self._captured)
            self.source.sig_capture_failed.connect(self._capture_failed)
            self.source.sig_failed.connect(self._failed)
        self._fill_chooser()
        self._start_chosen()

    def deactivate(self) -> None:
        """Stop the camera (its light goes off); a still under review stays."""
        self._wanted = False
        if self.source is not None:
            self.source.stop()
        self.view.set_frame(QImage())
        if self.state in (STARTING, LIVE):
            self._set_state(OFF)

    @property
    def camera_disabled(self) -> bool:
        return self.preferred.casefold() == CAMERA_NONE

    def cameras(self) -> list[CameraInfo]:
        return self.source.cameras() if self.source is not None else []

    def current_camera(self) -> str:
        return self.chooser.currentData() or ""

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._show_state()

    def take_photo(self) -> None:
        if self.state != LIVE or self.source is None or self._capturing:
            return
        if not self.source.capture():
            self.message = self.tr("The camera is not ready yet. Try again in a moment.")
            self.sig_state_changed.emit(self.state)
            return
        self._capturing = True
        self.message = ""
        self._show_state()

    def retake_photo(self) -> None:
        if self._still is None:
            return
        self._still = None
        self.view.set_still(None)
        self._set_state(LIVE if self.source is not None and self.source.is_active() else OFF)
        if self.state == OFF and self._wanted:
            self._start_chosen()

    def keep_photo(self) -> None:
        if self._still is None or self._busy:
            return
        still, self._still = self._still, None
        self.view.set_still(None)
        self._set_state(LIVE if self.source is not None and self.source.is_active() else OFF)
        self.sig_still_kept.emit(still)
        if self.state == OFF and self._wanted:
            self._start_chosen()

    # -- Qt overrides --------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- private -------------------------------------------------------------

    def _fill_chooser(self) -> None:
        cameras = self.cameras()
        current = self.current_camera()
        self._camera_ids = [c.id for c in cameras]
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for c in cameras:
            self.chooser.addItem(c.name, c.id)
        preferred = match_camera(cameras, self.preferred)
        self._preferred_missing = bool(self.preferred and cameras and preferred is None)
        if current in self._camera_ids:
            self.chooser.setCurrentIndex(self._camera_ids.index(current))
        elif preferred is not None:
            self.chooser.setCurrentIndex(self._camera_ids.index(preferred.id))
        else:
            default = next((i for i, c in enumerate(cameras) if c.is_default), 0)
            self.chooser.setCurrentIndex(default)
        self.chooser.blockSignals(False)
        self._show_state()

    def _start_chosen(self) -> None:
        if self.source is None:
            return
        camera_id = self.current_camera()
        if not camera_id:
            self.message = self.tr("No camera was found on this computer.")
            self._set_state(NO_CAMERA)
            return
        self.message = ""
        if self._preferred_missing:
            self.message = self.tr(
                "The camera set for this counter ({0}) was not found; using {1}."
            ).format(self.preferred, self.chooser.currentText())
        self._capturing = False
        self._set_state(REVIEW if self._still is not None else STARTING)
        self.source.start(camera_id)

    def _camera_chosen(self, _index: int) -> None:
        if self._wanted:
            self._start_chosen()

    def _retry(self) -> None:
        self._wanted = True
        self._fill_chooser()
        self._start_chosen()

    def _cameras_changed(self) -> None:
        had = self.current_camera()
        self._fill_chooser()
        if not self._wanted:
            return
        if self.state == NO_CAMERA and self._camera_ids:
            self._start_chosen()  # a camera was plugged in
        elif self.state in (STARTING, LIVE) and had not in self._camera_ids:
            self._start_chosen()
        elif not self._camera_ids:
            self.message = self.tr("No camera was found on this computer.")
            self._set_state(NO_CAMERA)

    def _active_changed(self, active: bool) -> None:
        if active and self.state == STARTING:
            self._set_state(LIVE)
        elif not active and self.state == LIVE and self._wanted:
            # Stopped by itself without an error: say so rather than freeze the picture.
            self.message = self.tr("The camera stopped.")
            self._set_state(FAILED)

    def _captured(self, image: QImage) -> None:
        self._capturing = False
        if self.state != LIVE:
            return  # retook or left meanwhile
        self._still = image
        self.view.set_still(image)
        self._set_state(REVIEW)

    def _capture_failed(self, message: str) -> None:
        self._capturing = False
        self.message = message
        self._show_state()
        self.sig_state_changed.emit(self.state)

    def _failed(self, message: str) -> None:
        self._capturing = False
        self.message = message
        self.view.set_frame(QImage())
        self._set_state(REVIEW if self._still is not None else FAILED)

    def _set_state(self, state: str) -> None:
        changed = state != self.state
        self.state = state
        self._show_state()
        if changed or state == FAILED:
            self.sig_state_changed.emit(state)

    def _show_state(self) -> None:
        state = self.state
        several = len(self._camera_ids) > 1
        self.chooser.setVisible(several)
        self.chooser_label.setVisible(several)
        self.take.setVisible(state in (OFF, STARTING, LIVE))
        self.take.setEnabled(state == LIVE and not self._capturing)
        self.retake.setVisible(state == REVIEW)
        self.keep.setVisible(state == REVIEW)
        self.keep.setEnabled(not self._busy)
        self.retry.setVisible(state == FAILED)
        self.view.set_placeholder(self._placeholder())

    def _placeholder(self) -> str:
        if self.state == STARTING:
            return self.tr("Starting the camera…")
        if self.state in (FAILED, NO_CAMERA):
            return self.message
        if self.state == OFF:
            return self.tr("Camera off")
        return ""

    def retranslate(self) -> None:
        self.chooser_label.setText(self.tr("Ca&mera:"))
        self.chooser.setAccessibleName(self.tr("Camera"))
        self.view.setAccessibleName(self.tr("Camera picture"))
        self.view.still_note = self.tr("Keep this photo, or take it again")
        self.take.setText(self.tr("&Take photo"))
        self.take.setAccessibleName(self.tr("Take photo"))
        self.retake.setText(self.tr("Take a&gain"))
        self.retake.setAccessibleName(self.tr("Take the photo again"))
        self.keep.setText(self.tr("&Keep photo"))
        self.keep.setAccessibleName(self.tr("Keep this photo"))
        self.retry.setText(self.tr("Tr&y the camera again"))
        self.retry.setAccessibleName(self.tr("Try the camera again"))
        self._show_state()
