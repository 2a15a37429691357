"""The photo panel as staff use it: camera (fake), no camera, drag and drop, paste, viewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from core.camera import FakeCameraSource
from core.cases import CaseDraft, CaseService
from core.demo import DEMO_STORE
from core.photos import verify_photo_file
from tests.test_photos import encode, gradient_image, heic
from ui import photo_panel
from ui.camera import FAILED, LIVE, NO_CAMERA, REVIEW
from ui.photo_panel import PhotoPanel
from ui.photo_viewer import PhotoViewer
from ui.tasks import TaskRunner

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def item_photo(tmp_path: Path) -> Path:
    """An 800×600 JPEG of the item (cheaper to make than the demo sweater)."""
    path = tmp_path / "item.jpg"
    path.write_bytes(encode(gradient_image(800, 600), "JPEG"))
    return path


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    qtbot.waitUntil(lambda: not r.busy, timeout=10_000)
    r.shutdown()


@pytest.fixture
def fake() -> FakeCameraSource:
    return FakeCameraSource(frame_interval_ms=0)


@pytest.fixture
def panel(qtbot: QtBot, fake: FakeCameraSource) -> PhotoPanel:
    p = PhotoPanel(fake)
    qtbot.addWidget(p)
    p.resize(640, 360)
    p.show()
    qtbot.waitUntil(lambda: p.camera.state == LIVE)
    return p


class CaseDesk:
    """Wires a panel to the case service the way the wizard does, captions included."""

    def __init__(
        self, panel: PhotoPanel, service: CaseService, runner: TaskRunner, staff_id: str
    ) -> None:
        self.panel, self.service, self.runner, self.staff_id = panel, service, runner, staff_id
        self.case = service.open_case(DEMO_STORE, staff_id)
        self.errors: list[str] = []
        panel.sig_photo_submitted.connect(self.add)
        panel.sig_photo_remove.connect(self.remove)

    def add(self, path: Path, caption: str) -> None:
        self.panel.set_busy(True)
        self.runner.submit(
            self.service.add_photo, self.case.id, self.staff_id, path, caption,
            on_done=self.stored, on_error=self.failed,
        )  # fmt: skip

    def remove(self, photo_id: str) -> None:
        self.runner.submit(
            self.service.remove_photo, self.case.id, self.staff_id, photo_id,
            on_done=self.stored, on_error=self.failed,
        )  # fmt: skip

    def stored(self, case: CaseDraft) -> None:
        self.case = case
        self.panel.set_busy(False)
        self.panel.set_photos(case.photos)

    def failed(self, exc: BaseException) -> None:
        self.panel.set_busy(False)
        self.errors.append(getattr(exc, "message", str(exc)))


@pytest.fixture
def desk(panel: PhotoPanel, service: CaseService, runner: TaskRunner, staff_id: str) -> CaseDesk:
    return CaseDesk(panel, service, runner, staff_id)


def take_and_keep(qtbot: QtBot, panel: PhotoPanel, caption: str = "") -> None:
    if caption:
        panel.caption.setText(caption)
    qtbot.mouseClick(panel.camera.take, LEFT)
    qtbot.waitUntil(lambda: panel.camera.state == REVIEW)
    qtbot.mouseClick(panel.camera.keep, LEFT)


def drag_and_drop(panel: PhotoPanel, mime: QMimeData) -> tuple[bool, bool]:
    enter = QDragEnterEvent(
        QPoint(20, 20), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(panel, enter)
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(panel, drop)
    return enter.isAccepted(), drop.isAccepted()


def file_urls(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


# --- camera ----------------------------------------------------------------------------


def test_live_preview_frames_arrive(
    qtbot: QtBot, panel: PhotoPanel, fake: FakeCameraSource
) -> None:
    first = panel.camera.view.frame
    assert not first.isNull()
    fake.push_frame()
    assert panel.camera.view.frame is not first and fake.frames_sent >= 2
    assert "You can also add photos from a file" in panel.camera_note.text()


def test_captured_photo_is_stored_with_its_caption(
    qtbot: QtBot, panel: PhotoPanel, desk: CaseDesk, service: CaseService
) -> None:
    with (
        qtbot.waitSignal(panel.sig_photo_chosen) as chosen,
        qtbot.waitSignal(panel.sig_photo_submitted) as submitted,
    ):
        take_and_keep(qtbot, panel, "  seam open,   left sleeve ")
    path, caption = submitted.args
    assert chosen.args == [path]
    assert caption == "seam open, left sleeve"
    assert path.name.startswith("camera-") and path.suffix == ".jpg"
    assert panel.caption.text() == ""  # the next photo starts without a caption

    qtbot.waitUntil(lambda: panel.photo_list.count() == 1)
    stored = service.load(desk.case.id).photos
    assert [p.caption for p in stored] == ["seam open, left sleeve"]
    assert (stored[0].width, stored[0].height) == (1600, 1200)
    assert verify_photo_file(service.photos_dir, stored[0].sha256)
    assert panel.photo_list.item(0).text() == "seam open, left sleeve"
    assert panel.busy.text() == ""


def test_retake_discards_the_still(qtbot: QtBot, panel: PhotoPanel) -> None:
    qtbot.mouseClick(panel.camera.take, LEFT)
    qtbot.waitUntil(lambda: panel.camera.state == REVIEW)
    with qtbot.assertNotEmitted(panel.sig_photo_submitted, wait=50):
        qtbot.mouseClick(panel.camera.retake, LEFT)
    assert panel.camera.state == LIVE
    with qtbot.waitSignal(panel.sig_photo_submitted):
        take_and_keep(qtbot, panel)


def test_several_photos_each_with_a_caption(
    qtbot: QtBot, panel: PhotoPanel, desk: CaseDesk, service: CaseService
) -> None:
    captions = ["front", "label with size", ""]
    for n, caption in enumerate(captions, start=1):
        take_and_keep(qtbot, panel, caption)
        qtbot.waitUntil(lambda n=n: panel.photo_list.count() == n, timeout=10_000)

    stored = service.load(desk.case.id).photos
    assert [p.caption for p in stored] == captions
    assert len({p.sha256 for p in stored}) == 3
    assert desk.errors == []


def test_camera_chooser_with_two_cameras(qtbot: QtBot) -> None:
    fake = FakeCameraSource(("Counter camera", "Overhead camera"), frame_interval_ms=0)
    panel = PhotoPanel(fake)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.camera.state == LIVE)
    chooser = panel.camera.chooser
    assert chooser.isVisible()
    assert [chooser.itemText(i) for i in range(chooser.count())] == [
        "Counter camera",
        "Overhead camera",
    ]
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Down)  # a closed combo box changes on arrow keys
    qtbot.waitUntil(lambda: fake.started[-1] == "fake-1" and panel.camera.state == LIVE)


def test_camera_stops_when_the_panel_is_hidden(
    qtbot: QtBot, panel: PhotoPanel, fake: FakeCameraSource
) -> None:
    panel.hide()
    assert not fake.is_active()
    panel.show()
    qtbot.waitUntil(fake.is_active)


def test_no_camera_says_so_and_import_still_works(
    qtbot: QtBot, item_photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = PhotoPanel()  # the real QtMultimedia source: this machine has no camera
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.camera.state == NO_CAMERA)
    assert not panel.camera.isVisible()
    assert panel.camera_note.text() == (
        "No camera was found on this computer. "
        "Add photos from a file, drag them here, or paste one (Ctrl+V)."
    )
    monkeypatch.setattr(photo_panel, "choose_photo_file", lambda _parent: item_photo)
    with qtbot.waitSignal(panel.sig_photo_submitted) as submitted:
        qtbot.mouseClick(panel.add_photo, LEFT)
    assert submitted.args == [item_photo, ""]


def test_configured_camera_absent_on_this_machine(
    qtbot: QtBot, item_photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """camera = "Logitech C920" on a computer without it (the real QtMultimedia source)."""
    panel = PhotoPanel(camera="Logitech C920")
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.camera.state == NO_CAMERA)
    assert panel.camera.source is not None  # it looked: the camera may be plugged in later
    assert not panel.camera.isVisible()
    assert panel.camera_note.text().startswith("No camera was found on this computer.")
    monkeypatch.setattr(photo_panel, "choose_photo_file", lambda _parent: item_photo)
    with qtbot.waitSignal(panel.sig_photo_submitted) as submitted:
        qtbot.mouseClick(panel.add_photo, LEFT)
    assert submitted.args == [item_photo, ""]


def test_camera_none_goes_straight_to_file_import(
    qtbot: QtBot, item_photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import devices

    monkeypatch.setattr(devices, "_current", devices.Devices(camera="none"))
    panel = PhotoPanel()  # the counter's setting, as the wizard builds it
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.camera.state == NO_CAMERA)
    assert panel.camera.source is None  # nothing was opened, QtMultimedia not needed
    assert not panel.camera.isVisible()
    assert panel.camera_note.text() == (
        "This counter is set up without a camera. "
        "Add photos from a file, drag them here, or paste one (Ctrl+V)."
    )
    with qtbot.waitSignal(panel.sig_photo_submitted) as submitted:
        drag_and_drop(panel, file_urls(item_photo))
    assert submitted.args[0] == item_photo


def test_camera_that_fails_to_start(qtbot: QtBot, item_photo: Path) -> None:
    fake = FakeCameraSource(fail_start="", frame_interval_ms=0)
    panel = PhotoPanel(fake)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.camera.state == FAILED)
    note = panel.camera_note.text()
    assert note.startswith("The camera could not be started.")
    assert "Add photos from a file, drag them here, or paste one (Ctrl+V)." in note
    assert panel.camera.retry.isVisible()
    assert not panel.camera.take.isVisible()

    with qtbot.waitSignal(panel.sig_photo_submitted) as submitted:
        drag_and_drop(panel, file_urls(item_photo))
    assert submitted.args[0] == item_photo

    fake.fail_start = None
    qtbot.mouseClick(panel.camera.retry, LEFT)
    qtbot.waitUntil(lambda: panel.camera.state == LIVE)
    assert "could not be started" not in panel.camera_note.text()


def test_camera_unplugged_mid_case(qtbot: QtBot, panel: PhotoPanel, fake: FakeCameraSource) -> None:
    fake.fail()
    qtbot.waitUntil(lambda: panel.camera.state == FAILED)
    assert panel.camera_note.text().startswith("The camera was disconnected.")


# --- import: drag and drop, paste ------------------------------------------------------


def test_drop_image_files(qtbot: QtBot, panel: PhotoPanel, tmp_path: Path) -> None:
    files = []
    for n, fmt in enumerate(["JPEG", "PNG"]):
        files.append(tmp_path / f"item{n}.{fmt.lower()}")
        files[-1].write_bytes(encode(gradient_image(120, 90), fmt))
    panel.caption.setText("box dented")
    got: list[tuple[Path, str]] = []
    panel.sig_photo_submitted.connect(lambda p, c: got.append((p, c)))

    assert drag_and_drop(panel, file_urls(*files)) == (True, True)

    assert got == [(files[0], "box dented"), (files[1], "box dented")]
    assert not panel.message.isVisible()


def test_drop_of_text_is_refused(qtbot: QtBot, panel: PhotoPanel) -> None:
    mime = QMimeData()
    mime.setText("not a photo")
    with qtbot.assertNotEmitted(panel.sig_photo_chosen):
        assert drag_and_drop(panel, mime) == (False, False)


def test_drop_of_a_picture_from_a_browser(qtbot: QtBot, panel: PhotoPanel) -> None:
    mime = QMimeData()
    mime.setImageData(gradient_image(300, 200))
    with qtbot.waitSignal(panel.sig_photo_submitted) as submitted:
        drag_and_drop(panel, mime)
    assert QImage(str(submitted.args[0])).size().toTuple() == (300, 200)


def test_paste_a_picture_with_ctrl_v(qtbot: QtBot, panel: PhotoPanel) -> None:
    QGuiApplication.clipboard().setImage(gradient_image(400, 300))
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.photo_list.setFocus()
    with qtbot.waitSignal(panel.sig_photo_submitted) as submitted:
        qtbot.keyClick(panel.photo_list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    path, caption = submitted.args
    assert path.name.startswith("pasted-") and caption == ""
    assert QImage(str(path)).size().toTuple() == (400, 300)


def test_paste_copied_files_with_the_button(
    qtbot: QtBot, panel: PhotoPanel, item_photo: Path
) -> None:
    QGuiApplication.clipboard().setMimeData(file_urls(item_photo))
    with qtbot.waitSignal(panel.sig_photo_chosen) as chosen:
        qtbot.mouseClick(panel.paste_photo, LEFT)
    assert chosen.args == [item_photo]


def test_paste_into_the_caption_pastes_text(qtbot: QtBot, panel: PhotoPanel) -> None:
    QGuiApplication.clipboard().setText("stain on collar")
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.caption.setFocus()
    with qtbot.assertNotEmitted(panel.sig_photo_chosen, wait=50):
        qtbot.keyClick(panel.caption, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert panel.caption.text() == "stain on collar"


def test_paste_with_nothing_usable_explains(qtbot: QtBot, panel: PhotoPanel) -> None:
    QGuiApplication.clipboard().setText("hello")
    with qtbot.assertNotEmitted(panel.sig_photo_chosen):
        panel.paste_from_clipboard()
    assert panel.message.isVisible()
    assert panel.message.text().startswith("There is no picture on the clipboard.")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIC"])
def test_import_each_format_through_the_panel(
    qtbot: QtBot, panel: PhotoPanel, desk: CaseDesk, service: CaseService, tmp_path: Path, fmt: str
) -> None:
    source = tmp_path / f"item.{fmt.lower()}"
    image = gradient_image(640, 480)
    source.write_bytes(heic(image) if fmt == "HEIC" else encode(image, fmt))

    drag_and_drop(panel, file_urls(source))

    qtbot.waitUntil(lambda: panel.photo_list.count() == 1, timeout=10_000)
    stored = service.load(desk.case.id).photos
    assert (stored[0].width, stored[0].height) == (640, 480)
    assert desk.errors == []


def test_unusable_file_is_explained_by_ingest(
    qtbot: QtBot, panel: PhotoPanel, desk: CaseDesk, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a picture at all")
    drag_and_drop(panel, file_urls(bad))
    qtbot.waitUntil(lambda: desk.errors != [])
    assert "is not a picture" in desk.errors[0]
    assert panel.add_photo.isEnabled()


# --- list and viewer -------------------------------------------------------------------


@pytest.fixture
def stored_case(qtbot: QtBot, panel: PhotoPanel, desk: CaseDesk, item_photo: Path) -> CaseDraft:
    panel.caption.setText("collar seam")
    panel.add_files([item_photo])
    qtbot.waitUntil(lambda: panel.photo_list.count() == 1)
    return desk.case


def test_double_click_opens_the_photo_full_size(
    qtbot: QtBot, panel: PhotoPanel, stored_case: CaseDraft
) -> None:
    item = panel.photo_list.item(0)
    center = panel.photo_list.visualItemRect(item).center()
    # As a mouse does it: the press, then the double-click event Qt makes of the second.
    qtbot.mouseClick(panel.photo_list.viewport(), LEFT, pos=center)
    assert panel.viewer is None  # one click only selects
    qtbot.mouseDClick(panel.photo_list.viewport(), LEFT, pos=center)
    viewer = panel.viewer
    assert isinstance(viewer, PhotoViewer)  # the panel owns it; it goes when closed
    qtbot.waitUntil(viewer.isVisible)
    assert viewer.caption.text() == "collar seam"
    assert not viewer.warning.isVisible()
    assert viewer.fit

    qtbot.mouseDClick(viewer.scroll_area.viewport(), LEFT)  # in the middle of the photo
    assert not viewer.fit
    assert viewer.shown_size().toTuple() == (800, 600)  # 100 %
    for bar in (viewer.scroll_area.horizontalScrollBar(), viewer.scroll_area.verticalScrollBar()):
        if bar.maximum() > 0:  # the spot clicked stays in view: scrolled to the middle
            assert abs(bar.value() - bar.maximum() / 2) <= bar.maximum() / 4 + 2
    qtbot.mouseDClick(viewer.scroll_area.viewport(), LEFT)
    assert viewer.fit
    shown = viewer.shown_size()
    area = viewer.scroll_area.viewport().size()
    assert shown.width() <= area.width() and shown.height() <= area.height()
    viewer.close()


def test_enter_on_a_thumbnail_opens_it(
    qtbot: QtBot, panel: PhotoPanel, stored_case: CaseDraft
) -> None:
    panel.photo_list.setCurrentRow(0)
    panel.photo_list.setFocus()
    qtbot.keyClick(panel.photo_list, Qt.Key.Key_Return)
    assert panel.viewer is not None
    assert panel.viewer.path == stored_case.photos[0].path


def test_viewer_warns_about_a_changed_or_missing_file(qtbot: QtBot, stored_case: CaseDraft) -> None:
    photo = stored_case.photos[0]
    with photo.path.open("ab") as f:
        f.write(b"\x00")  # still decodes, no longer the stored bytes
    changed = PhotoViewer(photo.path, photo.caption, sha256=photo.sha256)
    qtbot.addWidget(changed)
    assert "no longer matches" in changed.warning.text()
    assert not changed.warning.isHidden()

    photo.path.unlink()
    gone = PhotoViewer(photo.path, "")
    qtbot.addWidget(gone)
    assert "missing" in gone.warning.text()
    assert gone.caption.text() == "(no caption)"


def test_delete_key_removes_the_selected_photo(
    qtbot: QtBot, panel: PhotoPanel, stored_case: CaseDraft
) -> None:
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.photo_list.setCurrentRow(0)
    panel.photo_list.setFocus()
    with qtbot.waitSignal(panel.sig_photo_remove) as removed:
        qtbot.keyClick(panel.photo_list, Qt.Key.Key_Delete)
    assert removed.args == [stored_case.photos[0].id]
    qtbot.waitUntil(lambda: panel.photo_list.count() == 0)


# --- naming, language ------------------------------------------------------------------

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def inside_qt_widget(w: QWidget) -> bool:
    """Pieces Qt builds inside its own widgets (combo popups, clear buttons)."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QLineEdit):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    widgets = [root, *root.findChildren(QWidget)]
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in widgets
        if isinstance(w, INTERACTIVE)
        and not w.objectName().startswith("qt_")
        and not inside_qt_widget(w)
        and (not w.objectName() or not w.accessibleName())
    ]


def test_every_interactive_widget_is_named(
    qtbot: QtBot, panel: PhotoPanel, stored_case: CaseDraft
) -> None:
    panel.open_photo(stored_case.photos[0].id)
    assert panel.viewer is not None
    assert unnamed(panel) == []
    assert unnamed(panel.viewer) == []


def test_language_change_retranslates(qtbot: QtBot, panel: PhotoPanel) -> None:
    before = panel.add_photo.text(), panel.camera.take.text(), panel.camera_note.text()
    QApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    QApplication.sendEvent(panel.camera, QEvent(QEvent.Type.LanguageChange))
    assert (panel.add_photo.text(), panel.camera.take.text(), panel.camera_note.text()) == before
