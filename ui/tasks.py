"""Runs core work off the UI thread and hands results back on it.

One worker thread for all database work: access is serialised (SQLite has one
writer anyway) and autosaves land in the order staff made them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False when the callback belongs to a widget that was closed and deleted.

    Work finishes after staff close a window; its result then has nowhere to go.
    Bound methods name their widget; lambdas carry it in their closure.
    """
    targets = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            targets.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            continue
    return all(shiboken6.isValid(t) for t in targets if isinstance(t, QObject))


class TaskRunner(QObject):
    idle = Signal()
    """Emitted when the last pending task has delivered its result."""
    failed = Signal(object)
    """An error no caller handled; the message bridge shows it."""

    _delivered = Signal(object, object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The thread starts with the first task: the main window is built (and shown)
        # before anything is submitted, without paying for concurrent.futures.
        self._pool: ThreadPoolExecutor | None = None
        self._pending = 0
        # Emitted from the worker thread; Qt queues it to this object's (UI) thread.
        self._delivered.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="returndesk-db")
        self._pending += 1
        future = self._pool.submit(fn, *args)

        def finished(f: Future[Any]) -> None:
            exc = f.exception()
            self._delivered.emit(on_done, on_error, None if exc else f.result(), exc)

        future.add_done_callback(finished)

    def shutdown(self) -> None:
        """Wait for queued work (the last autosave) before the app exits."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def _deliver(
        self, on_done: Done | None, on_error: Failed | None, result: Any, exc: Any
    ) -> None:
        self._pending -= 1
        try:
            if exc is None:
                if on_done is not None and _receiver_alive(on_done):
                    on_done(result)
            elif on_error is not None:
                if _receiver_alive(on_error):
                    on_error(exc)
                else:
                    log.warning("error after its window closed", exc_info=exc)
            else:
                self.failed.emit(exc)
        finally:
            if self._pending == 0:
                self.idle.emit()
