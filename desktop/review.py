"""`returndesk review`: the regional lead's review window, online against the sync service.

    returndesk review --server https://returns.example.com --token -   (token on stdin)

The lead token comes from IT (`returndesk-server admin create-lead-token`); give it
as ``--token -`` (read from stdin) or in $RETURNDESK_LEAD_TOKEN to keep it out of
the shell history and the process list.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from core.counter import app_version
from core.i18n import LANGUAGES, Translators
from core.review import ReviewClient
from desktop import logs
from ui.review_window import ReviewWindow

log = logging.getLogger("returndesk.review")
ENV_TOKEN = "RETURNDESK_LEAD_TOKEN"


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="returndesk review",
        description="Review the cases your region's counters synced (needs the server).",
    )
    p.add_argument("--server", required=True, help="the sync service's URL")
    p.add_argument(
        "--token",
        help=f"your lead token; '-' reads it from stdin (default: ${ENV_TOKEN})",
    )
    p.add_argument("--lang", choices=sorted(LANGUAGES), default="en", help="interface language")
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    p.add_argument(
        "--screenshot",
        metavar="PNG",
        help="load the first page and open its first case, save the window to PNG, exit",
    )
    p.add_argument(
        "--tab",
        choices=("cases", "dashboard", "signals"),
        default="cases",
        help="with --screenshot: the tab to show (dashboard and signals wait for their data)",
    )
    return p.parse_args(argv)


def _token(args: argparse.Namespace) -> str:
    if args.token == "-":
        return sys.stdin.readline().strip()
    return (args.token or os.environ.get(ENV_TOKEN, "")).strip()


def run_review(argv: list[str]) -> int:
    """Entry of `returndesk review …` (argv without the word "review"); the exit status."""
    args = parse_args(argv)
    token = _token(args)
    if not token:
        print(f"returndesk review: give --token (or set ${ENV_TOKEN})", file=sys.stderr)
        return 2
    logs.configure(None, logging.WARNING if args.screenshot else logging.INFO)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("ReturnDesk")
    translators = Translators()
    translators.install(args.lang)
    client = ReviewClient(args.server, token, app_version())
    window = ReviewWindow(client)
    window.show()

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, app.quit))
    heartbeat = QTimer()  # lets Python see Unix signals while Qt waits
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)
    status = {"code": 0}
    if args.screenshot and args.tab == "dashboard":
        panel = window.dashboard
        _arrange_tab_screenshot(window, panel, panel.sig_load_failed, Path(args.screenshot), status)
    elif args.screenshot and args.tab == "signals":
        panel = window.signals
        _arrange_tab_screenshot(window, panel, panel.sig_failed, Path(args.screenshot), status)
    elif args.screenshot:
        _arrange_screenshot(window, Path(args.screenshot), status)
    elif args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    QTimer.singleShot(0, window.start)
    with loop:
        loop.run_until_complete(closed.wait())
    return status["code"]


def _grabber(
    window: ReviewWindow, path: Path, status: dict[str, int]
) -> tuple[Callable[[], None], Callable[[str], None]]:
    """``grab`` (save the window to ``path``, quit) and ``failed`` (say why, then grab);
    gives up with a grab and exit status 1 after 30 s."""
    app = QCoreApplication.instance()
    assert app is not None

    def grab() -> None:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 100)
        path.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(path))
        print(path)
        app.quit()

    def failed(message: str) -> None:
        print(f"returndesk review: {message}", file=sys.stderr)
        status["code"] = 1
        QTimer.singleShot(300, grab)

    def give_up() -> None:
        status["code"] = 1
        grab()

    QTimer.singleShot(30_000, give_up)
    return grab, failed


def _arrange_screenshot(window: ReviewWindow, path: Path, status: dict[str, int]) -> None:
    """First page → first case → its thumbnails → grab → quit (30 s at most)."""
    grab, failed = _grabber(window, path, status)

    def page_loaded(_page: object) -> None:
        if window.model.rowCount():
            window.select_row(0)
        else:
            QTimer.singleShot(300, grab)

    window.sig_page_loaded.connect(page_loaded)
    window.sig_load_failed.connect(failed)
    window.sig_thumbnails_loaded.connect(lambda _id: QTimer.singleShot(300, grab))


def _arrange_tab_screenshot(
    window: ReviewWindow, panel: Any, failure: Any, path: Path, status: dict[str, int]
) -> None:
    """The panel's tab → its data (``sig_loaded``) or ``failure`` → grab → quit (30 s at
    most)."""
    grab, failed = _grabber(window, path, status)
    panel.sig_loaded.connect(lambda _d: QTimer.singleShot(500, grab))
    failure.connect(failed)
    QTimer.singleShot(0, lambda: window.tabs.setCurrentWidget(panel))
