"""Guards against known-bad versions of what the app runs on."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSize


def test_pyside_keeps_none_alive() -> None:
    # PySide6 6.12.0 (abi3 wheel) on Python 3.11 takes a reference from None on
    # every call that returns nothing, and the process aborts after a few
    # thousand ("Fatal Python error: none_dealloc"). pyproject pins it out.
    size = QSize(1, 1)
    before = sys.getrefcount(None)
    for i in range(200):
        size.setWidth(i)
    assert sys.getrefcount(None) - before > -100
