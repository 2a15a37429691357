"""The counter's camera behind one seam: which cameras there are, live frames, stills.

``CameraSource`` is the boundary the photo panel talks to. ``QtCameraSource`` drives
a real camera through QtMultimedia, imported only when it is first built so start-up
never pays for it; ``FakeCameraSource`` draws its frames, for tests and screenshots.
Stills are written to a private folder as JPEG files (``StillWriter``, off the UI
thread) and then go through the same ingest as any imported file.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPen

from core.photos import DEFAULT_LONG_EDGE

log = logging.getLogger(__name__)

STILL_QUALITY = 95
"""JPEG quality of a still waiting for ingest; ingest re-encodes it at its own quality."""
PREVIEW_INTERVAL_MS = 50
"""Live frames closer together than this are dropped: 20 fps is enough to aim a camera."""
START_TIMEOUT_MS = 10_000
"""A camera that is not running by then is reported as not responding."""
_STALE_STILL_SECONDS = 3600


@dataclass(frozen=True)
class CameraInfo:
    id: str
    name: str
    is_default: bool = False


def no_camera_message() -> str:
    return QCoreApplication.translate("camera", "No camera was found on this computer.")


def start_failed_message() -> str:
    return QCoreApplication.translate(
        "camera",
        "The camera could not be started. Check that it is plugged in and that no "
        "other program is using it.",
    )


def disconnected_message() -> str:
    return QCoreApplication.translate("camera", "The camera was disconnected.")


def not_responding_message() -> str:
    return QCoreApplication.translate("camera", "The camera did not respond.")


def permission_denied_message() -> str:
    return QCoreApplication.translate(
        "camera",
        "This computer does not let ReturnDesk use the camera. It can be allowed in the "
        "system's privacy settings.",
    )


def capture_failed_message() -> str:
    return QCoreApplication.translate("camera", "The photo could not be taken. Try again.")


class CameraSource(QObject):
    """A camera the panel can list, start, stop and take stills from.

    All signals arrive on the thread the source lives in (the UI thread).
    """

    sig_cameras_changed = Signal()
    """Cameras were plugged in or out; ``cameras()`` has the new list."""
    sig_active_changed = Signal(bool)
    """The camera started (True) or stopped (False)."""
    sig_frame = Signal(QImage)
    """A live preview frame."""
    sig_captured = Signal(QImage)
    """The still taken by ``capture()``, at the camera's full resolution."""
    sig_capture_failed = Signal(str)
    """``capture()`` did not give a still; the camera is still running. Plain words."""
    sig_failed = Signal(str)
    """The camera cannot be used (did not start, unplugged…); it is stopped. Plain words."""

    def cameras(self) -> list[CameraInfo]:
        raise NotImplementedError

    def start(self, camera_id: str) -> None:
        """Start the camera; ``sig_active_changed(True)`` or ``sig_failed`` follow."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def is_active(self) -> bool:
        raise NotImplementedError

    def capture(self) -> bool:
        """Take a still (``sig_captured`` follows); False when the camera is not ready."""
        raise NotImplementedError


class QtCameraSource(CameraSource):
    """A real camera through QMediaDevices / QCamera / QMediaCaptureSession / QImageCapture."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6 import QtMultimedia  # deferred: the photo page is the only user

        self._mm = QtMultimedia
        self._devices = QtMultimedia.QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._inputs_changed)
        # The session is built on the first start: with no camera nothing more loads.
        self._session: Any = None
        self._sink: Any = None
        self._image_capture: Any = None
        self._camera: Any = None
        self._camera_id = ""
        self._last_frame = 0.0
        self._start_timer = QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.setInterval(START_TIMEOUT_MS)
        self._start_timer.timeout.connect(self._start_timed_out)

    def cameras(self) -> list[CameraInfo]:
        default = self._mm.QMediaDevices.defaultVideoInput()
        default_id = _device_id(default) if not default.isNull() else ""
        return [
            CameraInfo(_device_id(d), d.description(), _device_id(d) == default_id)
            for d in self._mm.QMediaDevices.videoInputs()
        ]

    def start(self, camera_id: str) -> None:
        self.stop()
        device = next(
            (d for d in self._mm.QMediaDevices.videoInputs() if _device_id(d) == camera_id), None
        )
        if device is None:
            self._fail_later(disconnected_message())
            return
        self._camera_id = camera_id
        app = QCoreApplication.instance()
        if app is not None and hasattr(app, "checkPermission"):
            from PySide6.QtCore import QCameraPermission

            permission = QCameraPermission()
            status = app.checkPermission(permission)
            if status == Qt.PermissionStatus.Denied:
                self._fail_later(permission_denied_message())
                return
            if status == Qt.PermissionStatus.Undetermined:
                # macOS and Windows ask the person once; start when they answer.
                app.requestPermission(permission, self, lambda p: self._permission_answered(p))
                return
        self._open(device)

    def stop(self) -> None:
        self._start_timer.stop()
        camera, self._camera = self._camera, None
        if camera is None:
            return
        camera.activeChanged.disconnect(self._active_changed)
        camera.errorOccurred.disconnect(self._camera_error)
        was_active = camera.isActive()
        camera.stop()
        self._session.setCamera(None)
        camera.deleteLater()
        if was_active:
            self.sig_active_changed.emit(False)

    def is_active(self) -> bool:
        return self._camera is not None and self._camera.isActive()

    def capture(self) -> bool:
        if self._image_capture is None or not self._image_capture.isReadyForCapture():
            return False
        return self._image_capture.capture() >= 0

    # -- private -------------------------------------------------------------

    def _build_session(self) -> None:
        mm = self._mm
        self._session = mm.QMediaCaptureSession(self)
        self._sink = mm.QVideoSink(self)
        self._sink.videoFrameChanged.connect(self._frame_arrived)
        self._session.setVideoSink(self._sink)
        self._image_capture = mm.QImageCapture(self)
        self._image_capture.imageCaptured.connect(self._still_arrived)
        self._image_capture.errorOccurred.connect(self._capture_error)
        self._session.setImageCapture(self._image_capture)

    def _open(self, device: Any) -> None:
        if self._session is None:
            self._build_session()
        camera = self._mm.QCamera(device, self)
        best = best_camera_format(device.videoFormats())
        if best is not None:
            camera.setCameraFormat(best)
        camera.activeChanged.connect(self._active_changed)
        camera.errorOccurred.connect(self._camera_error)
        self._camera = camera
        if camera.error() != self._mm.QCamera.Error.NoError:
            # Some failures (device gone, no backend) are set while QCamera is built,
            # before anything could be connected to errorOccurred.
            error, detail = camera.error(), camera.errorString()

            def report() -> None:
                if self._camera is camera:  # not stopped or restarted meanwhile
                    self._camera_error(error, detail)

            QTimer.singleShot(0, self, report)
            return
        self._session.setCamera(camera)
        self._start_timer.start()
        camera.start()

    def _permission_answered(self, permission: Any) -> None:
        app = QCoreApplication.instance()
        if app is None or app.checkPermission(permission) != Qt.PermissionStatus.Granted:
            self.sig_failed.emit(permission_denied_message())
            return
        device = next(
            (d for d in self._mm.QMediaDevices.videoInputs() if _device_id(d) == self._camera_id),
            None,
        )
        if device is None:
            self.sig_failed.emit(disconnected_message())
        else:
            self._open(device)

    def _active_changed(self, active: bool) -> None:
        if active:
            self._start_timer.stop()
        self.sig_active_changed.emit(active)

    def _camera_error(self, error: Any, detail: str) -> None:
        log.info("camera error %s: %s", error, detail)
        self.stop()
        self.sig_failed.emit(start_failed_message())

    def _start_timed_out(self) -> None:
        if self._camera is not None and not self._camera.isActive():
            log.info("camera %s did not start within %d ms", self._camera_id, START_TIMEOUT_MS)
            self.stop()
            self.sig_failed.emit(not_responding_message())

    def _inputs_changed(self) -> None:
        if self._camera is not None and self._camera_id not in {c.id for c in self.cameras()}:
            self.stop()
            self.sig_failed.emit(disconnected_message())
        self.sig_cameras_changed.emit()

    def _frame_arrived(self, frame: Any) -> None:
        # Converting every frame of a 30 fps 1080p stream would keep the UI thread busy.
        now = time.monotonic()
        if now - self._last_frame < PREVIEW_INTERVAL_MS / 1000:
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._last_frame = now
        self.sig_frame.emit(image)

    def _still_arrived(self, _request_id: int, image: QImage) -> None:
        if image.isNull():
            self.sig_capture_failed.emit(capture_failed_message())
        else:
            self.sig_captured.emit(image)

    def _capture_error(self, _request_id: int, error: Any, detail: str) -> None:
        log.info("still capture failed %s: %s", error, detail)
        self.sig_capture_failed.emit(capture_failed_message())

    def _fail_later(self, message: str) -> None:
        # Always asynchronous, as a real camera fails: callers connect after start().
        QTimer.singleShot(0, self, lambda: self.sig_failed.emit(message))


def _device_id(device: Any) -> str:
    return bytes(device.id().data()).hex()


def best_camera_format(formats: list[Any]) -> Any | None:
    """The camera format to use: the most pixels ingest keeps, at a usable frame rate.

    Stills come from the video stream, so its size is the photo's size; but beyond
    ingest's long edge the extra pixels are thrown away and cost preview time.
    Takes QCameraFormat-like objects (``resolution()``, ``maxFrameRate()``).
    """

    def key(f: Any) -> tuple[bool, bool, int, float]:
        size = f.resolution()
        fits = max(size.width(), size.height()) <= DEFAULT_LONG_EDGE
        area = size.width() * size.height()
        # Fitting formats by size; too-big ones smallest first, should nothing fit.
        return (f.maxFrameRate() >= 10, fits, area if fits else -area, f.maxFrameRate())

    usable = [f for f in formats if not f.resolution().isEmpty()]
    return max(usable, key=key) if usable else None


class FakeCameraSource(CameraSource):
    """Draws a table, an item and a frame counter: a camera for tests and screenshots.

    ``fail_start`` makes ``start()`` fail with that message; ``frame_interval_ms=0``
    sends frames only when ``push_frame()`` is called.
    """

    def __init__(
        self,
        names: tuple[str, ...] = ("Counter camera",),
        *,
        fail_start: str | None = None,
        frame_interval_ms: int = 40,
        preview_size: tuple[int, int] = (640, 480),
        still_size: tuple[int, int] = (1600, 1200),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.names = names
        self.fail_start = fail_start
        self.preview_size = preview_size
        self.still_size = still_size
        self.frames_sent = 0
        self.stills_taken = 0
        self.started: list[str] = []
        self._active = ""
        self._timer = QTimer(self)
        self._timer.setInterval(frame_interval_ms)
        self._timer.timeout.connect(self.push_frame)
        self._frame_interval_ms = frame_interval_ms

    def cameras(self) -> list[CameraInfo]:
        return [CameraInfo(f"fake-{i}", name, i == 0) for i, name in enumerate(self.names)]

    def start(self, camera_id: str) -> None:
        self.stop()
        self.started.append(camera_id)
        if camera_id not in {c.id for c in self.cameras()}:
            message = disconnected_message()
        elif self.fail_start is not None:
            message = self.fail_start or start_failed_message()
        else:
            self._active = camera_id
            QTimer.singleShot(0, self, self._went_active)
            return
        QTimer.singleShot(0, self, lambda: self.sig_failed.emit(message))

    def stop(self) -> None:
        self._timer.stop()
        if self._active:
            self._active = ""
            self.sig_active_changed.emit(False)

    def is_active(self) -> bool:
        return bool(self._active)

    def capture(self) -> bool:
        if not self._active:
            return False
        self.stills_taken += 1
        still = self.render(*self.still_size)
        QTimer.singleShot(0, self, lambda: self.sig_captured.emit(still))
        return True

    # -- for tests -----------------------------------------------------------

    def push_frame(self) -> None:
        if self._active:
            self.frames_sent += 1
            self.sig_frame.emit(self.render(*self.preview_size))

    def fail(self, message: str | None = None) -> None:
        """The camera breaks while running (say, its cable is pulled)."""
        self.stop()
        self.sig_failed.emit(message or disconnected_message())

    def set_cameras(self, names: tuple[str, ...]) -> None:
        self.names = names
        if self._active and self._active not in {c.id for c in self.cameras()}:
            self.fail()
        self.sig_cameras_changed.emit()

    def render(self, width: int, height: int) -> QImage:
        """The current view: each camera its own colours, each frame a new position."""
        index = int(self._active.rsplit("-", 1)[-1]) if self._active else 0
        n = self.frames_sent + 7 * self.stills_taken
        image = QImage(width, height, QImage.Format.Format_RGB32)
        p = QPainter(image)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            s = width / 640
            wood = QLinearGradient(0, 0, 0, height)
            wood.setColorAt(0, QColor.fromHsv((30 + 80 * index) % 360, 90, 200))
            wood.setColorAt(1, QColor.fromHsv((20 + 80 * index) % 360, 120, 120))
            p.fillRect(image.rect(), wood)
            p.setPen(QPen(QColor(0, 0, 0, 40), 2 * s))
            for y in range(0, height, max(1, int(23 * s))):
                p.drawLine(QPointF(0, y), QPointF(width, y + 9 * s))
            # The item: a box with a label, moving a little like a hand-held picture.
            dx = ((n * 3) % 40 - 20) * s
            box = QRectF(170 * s + dx, 120 * s, 300 * s, 220 * s)
            p.setPen(QPen(QColor(60, 40, 20), 3 * s))
            p.setBrush(QColor(196, 160, 110))
            p.drawRoundedRect(box, 10 * s, 10 * s)
            p.setBrush(QColor(245, 245, 240))
            p.drawRect(box.adjusted(60 * s, 70 * s, -60 * s, -80 * s))
            p.setPen(QColor(30, 30, 30))
            font = QFont()
            font.setPixelSize(max(8, int(18 * s)))
            p.setFont(font)
            p.drawText(
                box.adjusted(60 * s, 70 * s, -60 * s, -80 * s),
                Qt.AlignmentFlag.AlignCenter,
                f"{self.names[index] if index < len(self.names) else ''}\n#{n}",
            )
        finally:
            p.end()
        return image

    # -- private -------------------------------------------------------------

    def _went_active(self) -> None:
        if not self._active:
            return
        self.sig_active_changed.emit(True)
        self.push_frame()
        if self._frame_interval_ms > 0:
            self._timer.start()


# --- stills on disk ----------------------------------------------------------------

_capture_dir: Path | None = None
_capture_lock = threading.Lock()


def capture_dir() -> Path:
    """A private folder (mode 0700) for stills waiting for ingest, removed at exit."""
    global _capture_dir
    with _capture_lock:
        if _capture_dir is None or not _capture_dir.is_dir():
            _capture_dir = Path(tempfile.mkdtemp(prefix="returndesk-stills-"))
            atexit.register(shutil.rmtree, _capture_dir, ignore_errors=True)
        return _capture_dir


def save_still(image: QImage, directory: Path, stem: str) -> Path:
    """Write ``image`` as a JPEG under ``directory``, no larger than ingest keeps it.

    Thread-safe (QImage only). Stills older than an hour are removed on the way:
    they were ingested long ago, and the customer's item should not linger in /tmp.
    """
    if image.isNull():
        raise ValueError("no picture to save")
    if max(image.width(), image.height()) > DEFAULT_LONG_EDGE:
        image = image.scaled(
            DEFAULT_LONG_EDGE,
            DEFAULT_LONG_EDGE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    directory.mkdir(parents=True, exist_ok=True)
    _prune(directory)
    fd, name = tempfile.mkstemp(prefix=f"{stem}-", suffix=".jpg", dir=directory)
    os.close(fd)
    path = Path(name)
    # PySide6 wants the format as str at run time; its stubs say bytes.
    if not image.save(str(path), "JPEG", STILL_QUALITY):  # type: ignore[call-overload]
        path.unlink(missing_ok=True)
        raise OSError(f"could not write {path}")
    return path


def _prune(directory: Path) -> None:
    cutoff = time.time() - _STALE_STILL_SECONDS
    for old in directory.glob("*.jpg"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()


_pool: ThreadPoolExecutor | None = None


def _still_pool() -> ThreadPoolExecutor:
    # One worker for every panel the app opens: a thread per wizard would pile up idle.
    global _pool
    with _capture_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="returndesk-still")
        return _pool


class StillWriter(QObject):
    """Writes stills to JPEG files on a worker thread, in order, and reports on this thread.

    Encoding a 12-megapixel frame takes longer than a UI frame, hence the thread.
    """

    sig_written = Signal(object, str)
    """(Path of the JPEG, the caption given with it)."""
    sig_failed = Signal(str)
    """The still could not be written; plain words."""

    _delivered = Signal(object, str, object)

    def __init__(self, directory: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self.pending = 0
        # Emitted on the worker thread; Qt queues it to this object's (UI) thread.
        self._delivered.connect(self._deliver)

    def submit(self, image: QImage, stem: str, caption: str) -> None:
        self.pending += 1
        directory = self._directory or capture_dir()
        future = _still_pool().submit(save_still, image, directory, stem)

        def finished(f: Future[Path]) -> None:
            # The panel may be gone by now (wizard closed): then the still has no taker.
            if not shiboken6.isValid(self):
                return
            exc = f.exception()
            with contextlib.suppress(RuntimeError):
                self._delivered.emit(None if exc else f.result(), caption, exc)

        future.add_done_callback(finished)

    def _deliver(self, path: Path | None, caption: str, exc: BaseException | None) -> None:
        self.pending -= 1
        if exc is None and path is not None:
            self.sig_written.emit(path, caption)
            return
        log.warning("could not write a still", exc_info=exc)
        self.sig_failed.emit(
            QCoreApplication.translate(
                "camera",
                "The photo could not be saved for storing. Check that the disk is not full, "
                "then take it again.",
            )
        )
