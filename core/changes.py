"""The "did change" notification: services publish, screens refresh.

A QObject signal (QtCore only), so a change published on the worker thread
reaches subscribers on the UI thread through Qt's queued connections.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeFeed(QObject):
    changed = Signal(str, str)
    """(kind, id): kind is "case" or "outbox"; id the record that changed."""

    def publish(self, kind: str, record_id: str) -> None:
        self.changed.emit(kind, record_id)
