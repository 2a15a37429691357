"""A photo of the item at full size, with its caption: fit to the screen, 100% on double-click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QImageReader,
    QKeySequence,
    QMouseEvent,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.photos import photo_file_matches


class PhotoViewer(QDialog):
    """Shows one stored photo. Double-click (or the button, or Ctrl+0 / Ctrl+1) toggles
    between "fit to the window" and "actual size"; Esc closes.

    ``sha256``, when given, lets it warn that the file no longer matches what was
    stored (it was changed after the case recorded it).
    """

    def __init__(
        self,
        path: Path,
        caption: str = "",
        *,
        sha256: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.path = Path(path)
        self.caption_text = caption
        self.sha256 = sha256
        self.fit = True
        self.pixmap = QPixmap()
        self.problem = ""

        self.picture = QLabel()
        self.picture.setObjectName("photoViewerPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("photoViewerScroll")
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.picture)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.viewport().installEventFilter(self)
        self.picture.installEventFilter(self)
        self.caption = QLabel()
        self.caption.setObjectName("photoViewerCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel()
        self.warning.setObjectName("photoViewerWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.zoom = QPushButton()
        self.zoom.setObjectName("photoViewerZoom")
        self.zoom.setAutoDefault(False)
        self.zoom.clicked.connect(self.toggle_zoom)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("photoViewerClose")
        QShortcut(QKeySequence("Ctrl+0"), self, lambda: self.set_fit(True))
        QShortcut(QKeySequence("Ctrl+1"), self, lambda: self.set_fit(False))

        v = QVBoxLayout(self)
        v.addWidget(self.warning)
        v.addWidget(self.scroll_area, 1)
        v.addWidget(self.caption)
        row = QHBoxLayout()
        row.addWidget(self.zoom)
        row.addStretch(1)
        row.addWidget(self.buttons)
        v.addLayout(row)

        self._load()
        self.retranslate()
        self._size_to_screen()

    # -- public ------------------------------------------------------------

    def toggle_zoom(self) -> None:
        self.set_fit(not self.fit)

    def set_fit(self, fit: bool) -> None:
        """Fit the photo to the window (True) or show it pixel for pixel (False)."""
        self.fit = fit
        self.scroll_area.setWidgetResizable(fit)
        self._show_pixmap()
        self.retranslate()

    def shown_size(self) -> QSize:
        """The size the photo is drawn at right now (for tests and the status line)."""
        shown = self.picture.pixmap()
        if shown is None or shown.isNull():
            return QSize()
        return shown.size() / shown.devicePixelRatio()

    # -- Qt overrides --------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonDblClick
            and isinstance(event, QMouseEvent)
            and isinstance(watched, QWidget)
        ):
            spot = self.picture.mapFrom(watched, event.position().toPoint())
            self._toggle_at(QPointF(spot))
            return True
        if (
            event.type() == QEvent.Type.Resize
            and watched is self.scroll_area.viewport()
            and self.fit
        ):
            self._show_pixmap()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- private -------------------------------------------------------------

    def _toggle_at(self, spot: QPointF) -> None:
        """Toggle the zoom; going to 100 %, keep the spot double-clicked under the pointer."""
        if not self.fit or self.pixmap.isNull():
            self.set_fit(True)
            return
        shown = self.shown_size()
        left = (self.picture.width() - shown.width()) / 2
        top = (self.picture.height() - shown.height()) / 2
        fx = min(max((spot.x() - left) / max(shown.width(), 1), 0.0), 1.0)
        fy = min(max((spot.y() - top) / max(shown.height(), 1), 0.0), 1.0)
        self.set_fit(False)
        area = self.scroll_area.viewport().size()
        self.scroll_area.horizontalScrollBar().setValue(
            round(fx * self.pixmap.width() - area.width() / 2)
        )
        self.scroll_area.verticalScrollBar().setValue(
            round(fy * self.pixmap.height() - area.height() / 2)
        )

    def _load(self) -> None:
        reader = QImageReader(str(self.path))
        reader.setAutoTransform(True)
        image = reader.read()
        if image.isNull():
            self.problem = "missing"
        else:
            self.pixmap = QPixmap.fromImage(image)
            if self.sha256 and not photo_file_matches(self.path, self.sha256):
                self.problem = "changed"
        self._show_pixmap()

    def _show_pixmap(self) -> None:
        if self.pixmap.isNull():
            self.picture.setPixmap(QPixmap())
            return
        if not self.fit:
            self.picture.setPixmap(self.pixmap)
            self.picture.adjustSize()
            return
        area = self.scroll_area.viewport().size()
        if self.pixmap.width() <= area.width() and self.pixmap.height() <= area.height():
            self.picture.setPixmap(self.pixmap)  # never enlarge: evidence, not decoration
            return
        self.picture.setPixmap(
            self.pixmap.scaled(
                area,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _size_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry().size() * 0.9
        chrome = QSize(40, 120)  # margins, caption, buttons
        picture = QSize(480, 320) if self.pixmap.isNull() else self.pixmap.size()
        fits = (room - chrome).expandedTo(QSize(1, 1))
        if picture.width() > fits.width() or picture.height() > fits.height():
            picture = picture.scaled(fits, Qt.AspectRatioMode.KeepAspectRatio)
        self.resize((picture + chrome).expandedTo(QSize(360, 280)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Photo of the item"))
        self.setAccessibleName(self.tr("Photo of the item"))
        self.scroll_area.setAccessibleName(self.tr("Photo"))
        self.picture.setAccessibleName(self.caption_text or self.tr("Photo"))
        self.caption.setText(self.caption_text or self.tr("(no caption)"))
        self.caption.setAccessibleName(self.tr("Caption"))
        self.zoom.setText(self.tr("&Fit to window") if not self.fit else self.tr("&Actual size"))
        self.zoom.setAccessibleName(
            self.tr("Fit the photo to the window") if not self.fit else self.tr("Show actual size")
        )
        self.zoom.setToolTip(self.tr("Double-click the photo to switch, too."))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close the photo"))
        if self.problem == "missing":
            self.warning.setText(
                self.tr(
                    "The photo file is missing or cannot be read. Run the photo check "
                    "(returndesk verify-photos) and tell the supervisor."
                )
            )
        elif self.problem == "changed":
            self.warning.setText(
                self.tr(
                    "This photo file was changed after it was stored: it no longer matches "
                    "the case record. Tell the supervisor."
                )
            )
        self.warning.setVisible(bool(self.problem))


def show_photo(
    parent: QWidget | None, path: Path, caption: str = "", *, sha256: str = ""
) -> PhotoViewer:
    """Open the viewer (not modal, deleted when closed) and return it."""
    viewer = PhotoViewer(path, caption, sha256=sha256, parent=parent)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.show()
    return viewer
