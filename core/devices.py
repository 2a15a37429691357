"""Which camera and printer this counter uses, as IT configured them.

The values come from the layered settings (desktop/settings.py: command line →
RETURNDESK_CAMERA / RETURNDESK_PRINTER → the user's settings.json → the machine
config's ``camera =`` / ``printer =`` → default) and are set once at start-up with
``configure()``; the photo panel and the receipt dialog read ``current()``.

    camera   ""      the system's default camera (or the first one)
             "none"  no camera at this counter: photos come from files only, and
                     QtMultimedia is never loaded
             other   the camera to prefer: its device id (hex, as `self-check` shows)
                     or its name (case-insensitive; a part of the name is enough).
                     When it is not plugged in, the default camera is used and the
                     photo page says so.
    printer  ""      the system's default printer
             other   the printer's name (as the system lists it); the print dialog
                     opens on it. When the system has no such printer, the receipt
                     dialog and `self-check` say so.

No Qt here: this module is imported before the first window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

CAMERA_NONE = "none"


@dataclass(frozen=True)
class Devices:
    camera: str = ""
    printer: str = ""

    @property
    def camera_disabled(self) -> bool:
        return self.camera.strip().casefold() == CAMERA_NONE


_current = Devices()


def configure(devices: Devices) -> None:
    """Set this process's camera and printer choice (desktop/app.py, at start-up)."""
    global _current
    _current = Devices(camera=devices.camera.strip(), printer=devices.printer.strip())


def current() -> Devices:
    return _current


class _Camera(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


C = TypeVar("C", bound=_Camera)


def match_camera(cameras: Sequence[C], wanted: str) -> C | None:
    """The camera ``wanted`` names: same id, else same name, else a name containing it."""
    wanted = wanted.strip()
    if not wanted or wanted.casefold() == CAMERA_NONE:
        return None
    folded = wanted.casefold()
    for test in (
        lambda c: c.id == wanted,
        lambda c: c.name.casefold() == folded,
        lambda c: folded in c.name.casefold(),
    ):
        found = next((c for c in cameras if test(c)), None)
        if found is not None:
            return found
    return None


def match_printer(printers: Sequence[str], wanted: str) -> str | None:
    """The installed printer named ``wanted`` (exact, else ignoring case)."""
    wanted = wanted.strip()
    if not wanted:
        return None
    if wanted in printers:
        return wanted
    return next((p for p in printers if p.casefold() == wanted.casefold()), None)
