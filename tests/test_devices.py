"""The counter's camera and printer settings: layers, matching, self-check rows (offscreen)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import devices
from core.camera import CameraInfo
from core.self_check import camera_check, printer_check
from desktop.app import load_settings
from desktop.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "returndesk.ini"
    path.write_text(
        "[counter]\nstore = HZ01\ncamera = Overhead\nprinter = Counter Receipts 1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("RETURNDESK_MACHINE_CONFIG", str(path))
    for name in ("RETURNDESK_CAMERA", "RETURNDESK_PRINTER", "RETURNDESK_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(devices, "_current", devices.Devices())
    return path


def test_camera_and_printer_layers(
    machine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "user"
    data.mkdir()
    assert Settings.load(tmp_path / "nobody") == Settings(
        store_code="HZ01", camera="Overhead", printer="Counter Receipts 1"
    )
    Settings.remember(data, camera="none")  # the user's settings.json beats the machine's
    assert (Settings.load(data).camera, Settings.load(data).printer) == (
        "none",
        "Counter Receipts 1",
    )
    monkeypatch.setenv("RETURNDESK_CAMERA", "Logitech C920")
    monkeypatch.setenv("RETURNDESK_PRINTER", "Back office")
    assert (Settings.load(data).camera, Settings.load(data).printer) == (
        "Logitech C920",
        "Back office",
    )
    # The command line beats them all, for this run, and reaches the photo page and receipts.
    s = load_settings(data, language=None, store_code=None, camera="none", printer=None)
    assert (s.camera, s.printer) == ("none", "Back office")
    assert devices.current() == devices.Devices(camera="none", printer="Back office")
    assert devices.current().camera_disabled
    assert not (data / "settings.json").read_text(encoding="utf-8").count("Back office")


def test_defaults_are_the_system_default_camera_and_printer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RETURNDESK_MACHINE_CONFIG", str(tmp_path / "absent.ini"))
    monkeypatch.delenv("RETURNDESK_CAMERA", raising=False)
    monkeypatch.delenv("RETURNDESK_PRINTER", raising=False)
    s = Settings.load(tmp_path)
    assert (s.camera, s.printer) == ("", "")


def test_camera_matching() -> None:
    cams = [CameraInfo("0a1b", "Integrated Webcam", True), CameraInfo("ff00", "Overhead Doc Cam")]
    assert devices.match_camera(cams, "ff00") == cams[1]
    assert devices.match_camera(cams, "integrated webcam") == cams[0]
    assert devices.match_camera(cams, " doc cam ") == cams[1]
    assert devices.match_camera(cams, "Logitech") is None
    assert devices.match_camera(cams, "none") is None
    assert devices.match_camera(cams, "") is None
    assert devices.match_printer(["Counter Receipts 1"], "counter receipts 1") == (
        "Counter Receipts 1"
    )
    assert devices.match_printer(["Counter Receipts 1"], "Counter") is None  # names are exact


def test_self_check_camera_rows(qapp) -> None:  # type: ignore[no-untyped-def]
    # This machine has no camera: the real QtMultimedia list is empty.
    none_here = camera_check("")
    assert not none_here.ok and not none_here.required
    assert none_here.detail == "none found: staff add photos from files"
    absent = camera_check("Logitech C920")
    assert not absent.ok and not absent.required
    assert 'configured camera "Logitech C920" not found' in absent.detail
    off = camera_check("none")
    assert off.ok and "turned off" in off.detail
    listed = [devices_camera("0a1b", "Integrated Webcam"), devices_camera("ff00", "Overhead")]
    assert camera_check("", listed).detail == (
        "system default of: Integrated Webcam [0a1b], Overhead [ff00]"
    )
    found = camera_check("overhead", listed)
    assert found.ok and found.detail.startswith("Overhead [ff00] (configured)")
    elsewhere = camera_check("Logitech", listed)
    assert not elsewhere.ok and not elsewhere.required and "the default is used" in elsewhere.detail


def devices_camera(id_: str, name: str):  # type: ignore[no-untyped-def]
    from core.self_check import _Listed

    return _Listed(id_, name)


def test_self_check_printer_rows(qapp) -> None:  # type: ignore[no-untyped-def]
    # This machine has no printer: the real QPrinterInfo list is empty.
    missing = printer_check("Counter Receipts 1")
    assert not missing.ok and missing.required  # configured but absent: a failure
    assert missing.detail == (
        'configured printer "Counter Receipts 1" is not installed on this computer '
        "(installed: none); receipts cannot be printed there"
    )
    default = printer_check("")
    assert not default.ok and not default.required
    assert default.detail == "none installed: receipts can only be saved as PDF"
    installed = (["Counter Receipts 1", "Back office"], "Back office")
    assert (
        printer_check("counter receipts 1", installed).detail == "Counter Receipts 1 (configured)"
    )
    assert printer_check("", installed).detail == (
        "system default Back office; installed: Counter Receipts 1, Back office"
    )


def test_self_check_command_shows_configured_camera_and_printer(tmp_path: Path) -> None:
    """`returndesk self-check` as IT runs it, with the machine config naming absent devices."""
    ini = tmp_path / "returndesk.ini"
    ini.write_text(
        "[counter]\ncamera = Logitech C920\nprinter = Counter Receipts 1\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.multimedia.*=false",
        "RETURNDESK_MACHINE_CONFIG": str(ini),
    }
    for name in ("RETURNDESK_CAMERA", "RETURNDESK_PRINTER", "RETURNDESK_DATA_DIR"):
        env.pop(name, None)

    def self_check(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop", "self-check", "--data-dir", str(tmp_path / "d"),
             *extra],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    done = self_check()
    assert done.returncode == 1, done.stdout + done.stderr
    rows = done.stdout.splitlines()
    assert any(r.startswith("FAIL  printer") and "Counter Receipts 1" in r for r in rows), rows
    assert any(r.startswith("note  camera") and "Logitech C920" in r for r in rows), rows
    # --camera none on the command line beats the machine config.
    off = self_check("--camera", "none", "--printer", "")
    rows = off.stdout.splitlines()
    assert any(r.startswith("OK    camera") and "turned off" in r for r in rows), rows
    assert any(r.startswith("note  printer") and "none installed" in r for r in rows), rows
