"""The camera seam: fake and real sources, stills on disk, the camera box's states."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from core import camera as camera_module
from core.camera import (
    CameraSource,
    FakeCameraSource,
    QtCameraSource,
    StillWriter,
    save_still,
)
from ui.camera import FAILED, LIVE, NO_CAMERA, OFF, REVIEW, STARTING, CameraBox

ROOT = Path(__file__).resolve().parent.parent
LEFT = Qt.MouseButton.LeftButton


def box_with(qtbot: QtBot, source: CameraSource) -> CameraBox:
    box = CameraBox(lambda: source)
    qtbot.addWidget(box)
    box.show()
    return box


# --- the fake source -------------------------------------------------------------------


def test_fake_source_starts_sends_frames_and_takes_stills(qtbot: QtBot) -> None:
    source = FakeCameraSource(("Desk", "Document camera"), frame_interval_ms=5)
    assert [(c.id, c.name, c.is_default) for c in source.cameras()] == [
        ("fake-0", "Desk", True),
        ("fake-1", "Document camera", False),
    ]
    with qtbot.waitSignal(source.sig_active_changed) as active:
        source.start("fake-1")
    assert active.args == [True] and source.is_active()
    qtbot.waitUntil(lambda: source.frames_sent >= 3)

    with qtbot.waitSignal(source.sig_captured) as still:
        assert source.capture()
    image = still.args[0]
    assert isinstance(image, QImage) and image.size().toTuple() == (1600, 1200)

    with qtbot.waitSignal(source.sig_active_changed) as stopped:
        source.stop()
    assert stopped.args == [False]
    assert not source.capture()


def test_fake_source_failing_to_start(qtbot: QtBot) -> None:
    source = FakeCameraSource(fail_start="")
    with qtbot.waitSignal(source.sig_failed) as failed:
        source.start("fake-0")
    assert "could not be started" in failed.args[0]
    assert not source.is_active()
    unplugged = FakeCameraSource()
    with qtbot.waitSignal(unplugged.sig_failed) as gone:
        unplugged.start("fake-7")
    assert "disconnected" in gone.args[0]


# --- the real source, as far as a machine without a camera goes ------------------------


def test_qt_source_without_a_camera(qtbot: QtBot) -> None:
    source = QtCameraSource()
    assert source.cameras() == []
    with qtbot.waitSignal(source.sig_failed) as failed:
        source.start("0123")
    assert "disconnected" in failed.args[0]
    assert not source.is_active() and not source.capture()
    source.stop()  # harmless when nothing runs


# Without a GPU, QVideoFrame.toImage() says once that it converts on the CPU.
@pytest.mark.qt_log_ignore("No RHI backend")
def test_qt_source_turns_video_frames_into_images(qtbot: QtBot) -> None:
    from PySide6.QtMultimedia import QVideoFrame

    source = QtCameraSource()
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(0xFF2060A0)
    with qtbot.waitSignal(source.sig_frame) as frame:
        source._frame_arrived(QVideoFrame(image))
    assert frame.args[0].size().toTuple() == (64, 48)
    # A second frame right after is dropped: the preview is throttled.
    with qtbot.assertNotEmitted(source.sig_frame):
        source._frame_arrived(QVideoFrame(image))


def test_multimedia_loads_only_when_the_panel_is_first_shown() -> None:
    script = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.photo_panel import PhotoPanel
panel = PhotoPanel()
assert "PySide6.QtMultimedia" not in sys.modules, "loaded at construction"
panel.show()
for _ in range(50):
    app.processEvents()
    if panel.camera.state != "off":
        break
assert "PySide6.QtMultimedia" in sys.modules
print(panel.camera.state)
"""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.multimedia.*=false;qt.qpa.*=false",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == NO_CAMERA


# --- stills on disk --------------------------------------------------------------------


def test_save_still_keeps_at_most_what_ingest_keeps(tmp_path: Path) -> None:
    big = FakeCameraSource().render(4000, 3000)
    path = save_still(big, tmp_path, "camera-20261126-103000")

    assert path.parent == tmp_path and path.name.startswith("camera-20261126-103000-")
    assert path.suffix == ".jpg" and path.read_bytes()[:3] == b"\xff\xd8\xff"
    assert QImage(str(path)).size().toTuple() == (2048, 1536)
    with pytest.raises(ValueError):
        save_still(QImage(), tmp_path, "x")


def test_old_stills_are_pruned(tmp_path: Path) -> None:
    old = tmp_path / "camera-old.jpg"
    old.write_bytes(b"x")
    an_hour_ago = time.time() - 2 * 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    fresh = save_still(FakeCameraSource().render(64, 48), tmp_path, "camera")
    assert not old.exists() and fresh.exists()


def test_capture_dir_is_private() -> None:
    folder = camera_module.capture_dir()
    assert folder.is_dir()
    if os.name != "nt":
        assert folder.stat().st_mode & 0o077 == 0


def test_still_writer_reports_on_the_ui_thread(qtbot: QtBot, tmp_path: Path) -> None:
    writer = StillWriter(tmp_path)
    with qtbot.waitSignal(writer.sig_written) as written:
        writer.submit(FakeCameraSource().render(320, 240), "camera", "scuffed corner")
    path, caption = written.args
    assert path.is_file() and caption == "scuffed corner"
    assert writer.pending == 0


def test_still_writer_failure_is_plain_words(qtbot: QtBot, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    writer = StillWriter(blocked)
    with qtbot.waitSignal(writer.sig_failed) as failed:
        writer.submit(FakeCameraSource().render(32, 24), "camera", "")
    assert "could not be saved" in failed.args[0]


# --- the camera box --------------------------------------------------------------------


def test_box_goes_live_takes_retakes_and_keeps(qtbot: QtBot) -> None:
    source = FakeCameraSource(frame_interval_ms=0)
    box = CameraBox(lambda: source)
    qtbot.addWidget(box)
    assert box.source is None and box.state == OFF  # nothing built before activate()
    box.show()
    box.activate()
    assert box.state == STARTING
    qtbot.waitUntil(lambda: box.state == LIVE)
    assert not box.view.frame.isNull()
    assert box.take.isVisibleTo(box) and box.take.isEnabled()
    assert not box.chooser.isVisibleTo(box)  # one camera: nothing to choose

    with qtbot.waitSignal(box.sig_state_changed, check_params_cb=lambda s: s == REVIEW):
        qtbot.mouseClick(box.take, LEFT)
    assert not box.view.still.isNull()
    assert box.keep.isVisibleTo(box) and box.retake.isVisibleTo(box)
    assert not box.take.isVisibleTo(box)

    with qtbot.assertNotEmitted(box.sig_still_kept):
        qtbot.mouseClick(box.retake, LEFT)
    assert box.state == LIVE and box.view.still.isNull()

    box.take_photo()
    qtbot.waitUntil(lambda: box.state == REVIEW)
    with qtbot.waitSignal(box.sig_still_kept) as kept:
        qtbot.mouseClick(box.keep, LEFT)
    assert kept.args[0].size().toTuple() == (1600, 1200)
    assert box.state == LIVE

    box.deactivate()
    assert box.state == OFF and not source.is_active()


def test_box_with_two_cameras_offers_a_chooser(qtbot: QtBot) -> None:
    source = FakeCameraSource(("Counter", "Overhead"), frame_interval_ms=0)
    box = box_with(qtbot, source)
    box.activate()
    qtbot.waitUntil(lambda: box.state == LIVE)
    assert box.chooser.isVisibleTo(box) and box.chooser.count() == 2
    assert source.started == ["fake-0"]

    box.chooser.setCurrentIndex(1)
    box.chooser.activated.emit(1)  # as when staff pick it
    qtbot.waitUntil(lambda: box.state == LIVE and source.started == ["fake-0", "fake-1"])
    assert box.current_camera() == "fake-1"


def test_box_without_cameras_says_so(qtbot: QtBot) -> None:
    box = box_with(qtbot, FakeCameraSource(()))
    box.activate()
    assert box.state == NO_CAMERA
    assert box.message == "No camera was found on this computer."


def test_camera_plugged_in_later_starts(qtbot: QtBot) -> None:
    source = FakeCameraSource((), frame_interval_ms=0)
    box = box_with(qtbot, source)
    box.activate()
    assert box.state == NO_CAMERA
    source.set_cameras(("USB camera",))
    qtbot.waitUntil(lambda: box.state == LIVE)


def test_camera_failing_then_retried(qtbot: QtBot) -> None:
    source = FakeCameraSource(fail_start="", frame_interval_ms=0)
    box = box_with(qtbot, source)
    box.activate()
    qtbot.waitUntil(lambda: box.state == FAILED)
    assert "could not be started" in box.message
    assert box.retry.isVisibleTo(box) and not box.take.isVisibleTo(box)
    assert box.view.placeholder == box.message

    source.fail_start = None  # the other program let go of it
    qtbot.mouseClick(box.retry, LEFT)
    qtbot.waitUntil(lambda: box.state == LIVE)


def test_camera_unplugged_while_live(qtbot: QtBot) -> None:
    source = FakeCameraSource(frame_interval_ms=0)
    box = box_with(qtbot, source)
    box.activate()
    qtbot.waitUntil(lambda: box.state == LIVE)
    source.set_cameras(())
    assert box.state in (FAILED, NO_CAMERA)
    assert box.message


def test_still_under_review_survives_leaving_the_page(qtbot: QtBot) -> None:
    source = FakeCameraSource(frame_interval_ms=0)
    box = box_with(qtbot, source)
    box.activate()
    qtbot.waitUntil(lambda: box.state == LIVE)
    box.take_photo()
    qtbot.waitUntil(lambda: box.state == REVIEW)
    box.deactivate()
    assert box.state == REVIEW and not source.is_active()
    box.activate()
    qtbot.waitUntil(source.is_active)
    with qtbot.waitSignal(box.sig_still_kept):
        box.keep_photo()
    qtbot.waitUntil(lambda: box.state == LIVE)


def test_qt_source_reports_a_camera_that_cannot_start(qtbot: QtBot) -> None:
    from PySide6.QtMultimedia import QCameraDevice

    source = QtCameraSource()
    with qtbot.waitSignal(source.sig_failed) as failed:
        source._open(QCameraDevice())  # what start() does with a device that is not there
    assert failed.args[0] == camera_module.start_failed_message()
    assert not source.is_active()


class _Format:
    def __init__(self, width: int, height: int, fps: float) -> None:
        from PySide6.QtCore import QSize

        self.size, self.fps = QSize(width, height), fps

    def resolution(self):  # type: ignore[no-untyped-def]
        return self.size

    def maxFrameRate(self) -> float:  # noqa: N802 (Qt's name)
        return self.fps


def test_camera_format_is_the_largest_that_ingest_keeps() -> None:
    pick = camera_module.best_camera_format
    formats = [
        _Format(640, 480, 30),
        _Format(1920, 1080, 30),
        _Format(1920, 1080, 5),
        _Format(3840, 2160, 15),
        _Format(0, 0, 30),
    ]
    best = pick(formats)
    assert (best.size.toTuple(), best.fps) == ((1920, 1080), 30)
    assert pick([_Format(4000, 3000, 15), _Format(3840, 2160, 15)]).size.toTuple() == (3840, 2160)
    assert pick([_Format(1920, 1080, 2), _Format(640, 480, 30)]).size.toTuple() == (640, 480)
    assert pick([]) is None


# --- the counter's configured camera (core/devices.py) ------------------------------


def test_box_prefers_the_configured_camera_by_name_or_id(qtbot: QtBot) -> None:
    for preferred in ("overhead", "Overhead document camera", "fake-1"):
        source = FakeCameraSource(("Counter", "Overhead document camera"), frame_interval_ms=0)
        box = CameraBox(lambda s=source: s, preferred)  # type: ignore[misc]
        qtbot.addWidget(box)
        box.activate()
        qtbot.waitUntil(lambda b=box: b.state == LIVE)  # type: ignore[misc]
        assert source.started == ["fake-1"], preferred
        assert box.message == ""


def test_box_with_the_configured_camera_unplugged_uses_the_default_and_says_so(
    qtbot: QtBot,
) -> None:
    source = FakeCameraSource(("Counter", "Overhead"), frame_interval_ms=0)
    box = CameraBox(lambda: source, "Logitech C920")
    qtbot.addWidget(box)
    box.activate()
    qtbot.waitUntil(lambda: box.state == LIVE)
    assert source.started == ["fake-0"]
    assert box.message == (
        "The camera set for this counter (Logitech C920) was not found; using Counter."
    )


def test_camera_none_never_builds_a_source(qtbot: QtBot) -> None:
    def factory() -> CameraSource:
        raise AssertionError("camera = none: no source may be built")

    box = CameraBox(factory, " None ")
    qtbot.addWidget(box)
    box.show()
    box.activate()
    assert box.state == NO_CAMERA and box.source is None
    assert box.message == "This counter is set up without a camera."
    box._retry()  # "try again" cannot bring it back either
    assert box.state == NO_CAMERA and box.source is None


def test_multimedia_never_loads_when_the_counter_has_no_camera() -> None:
    script = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from core import devices
devices.configure(devices.Devices(camera="none"))  # what desktop/app.py does at start-up
from ui.photo_panel import PhotoPanel
panel = PhotoPanel()
panel.show()
for _ in range(50):
    app.processEvents()
assert "PySide6.QtMultimedia" not in sys.modules, "loaded although camera = none"
print(panel.camera.state, panel.camera.isVisible())
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LOGGING_RULES": "qt.qpa.*=false"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [NO_CAMERA, "False"]
