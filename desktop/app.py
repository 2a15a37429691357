"""Start-up: Qt application, translations, main window, then the local store and services.

Window first, store after: the main window (its sign-in screen saying the database is
opening) is shown and painted before anything imports SQLAlchemy, Alembic or the case
services; the store is then opened, backed up and migrated on the TaskRunner's worker
thread and handed to the window, which only then takes a PIN (docs/packaging.md).
Heavy modules are imported inside the functions that need them for the same reason.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QLockFile, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from core import devices
from core.i18n import LANGUAGES, Translators
from desktop import logs
from desktop.settings import Settings, resolve_data_dir
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from core.counter import CounterStore
    from core.policy import Policy

log = logging.getLogger("returndesk")
translate = QCoreApplication.translate
ENV_POLICY = "RETURNDESK_POLICY"
FIRST_PAINT_TIMEOUT_MS = 2000


@dataclass
class OpenedStore:
    """What the worker thread opened for the window: the store, its policy."""

    store: CounterStore
    policy: Policy
    demo_seeded: bool


class Startup:
    """Holds the store from the moment the worker opened it, so quitting early closes it."""

    def __init__(self) -> None:
        self.store: CounterStore | None = None

    def open(self, data_dir: Path, policy_path: Path | None, demo: bool) -> OpenedStore:
        """On the worker thread: import the database layer, open, back up, migrate, seed."""
        from core.counter import open_counter_store, pulled_policy_path, seed_demo_if_empty
        from core.policy import load_policy

        store = open_counter_store(data_dir)
        self.store = store
        if policy_path is None and pulled_policy_path(store).is_file():
            policy_path = pulled_policy_path(store)  # handed down by the centre
        policy = load_policy(policy_path)  # all or nothing: never run on half a policy
        seeded = demo and seed_demo_if_empty(store)
        # What attach_services() needs next, imported here and not on the UI thread.
        import core.staff  # noqa: F401
        import ui.sync_view  # noqa: F401

        return OpenedStore(store, policy, seeded)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def attach_services(
    window: MainWindow, opened: OpenedStore, runner: TaskRunner, *, demo: bool
) -> None:
    """On the UI thread (the services own QObjects): give the window its services."""
    from core.counter import make_case_service, make_sync_client
    from core.staff import StaffService
    from ui.sync_view import SyncController

    service = make_case_service(opened.store, opened.policy)
    window.set_sync(SyncController(make_sync_client(opened.store), runner, parent=window))
    window.attach(service, StaffService(opened.store.sessions), demo=demo)


class _FirstPaint(QObject):
    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            self.loop.quit()
        return False


def show_and_wait_for_paint(window: QWidget, timeout_ms: int = FIRST_PAINT_TIMEOUT_MS) -> bool:
    """Show the window and run Qt's events until it has painted once (True) or timeout."""
    loop = QEventLoop()
    first = _FirstPaint(loop)
    window.installEventFilter(first)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.show()
    if not first.painted:
        loop.exec()
    window.removeEventFilter(first)
    return first.painted


def ensure_core_application() -> QCoreApplication:
    """Commands without windows still translate messages: a core application suffices."""
    return QCoreApplication.instance() or QCoreApplication([sys.argv[0]])


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
        app.setApplicationName("ReturnDesk")
        app.setOrganizationName("ReturnDesk")
    assert isinstance(app, QApplication)
    return app


def load_settings(
    data_dir: Path,
    *,
    language: str | None,
    store_code: str | None,
    camera: str | None = None,
    printer: str | None = None,
) -> Settings:
    """The layered settings, with this start's --lang / --store remembered for the next.

    --camera / --printer win for this run only; the camera and printer then in force
    are handed to core.devices for the photo page and the receipt dialog.
    """
    settings = Settings.load(data_dir)
    if camera is not None:
        settings.camera = camera.strip()
    if printer is not None:
        settings.printer = printer.strip()
    devices.configure(devices.Devices(camera=settings.camera, printer=settings.printer))
    if language:
        settings.language = language
        Settings.remember(data_dir, language=language)
    if store_code:
        settings.store_code = store_code
        Settings.remember(data_dir, store_code=store_code)
    return settings


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="returndesk",
        description="ReturnDesk returns counter. Commands for scripts: "
        "returndesk verify-audit|verify-photos [--data-dir D] (exit 0 ok, 1 problem, 2 could not "
        "check); returndesk enrol --server URL --code CODE; returndesk sync (exit 0 ok, 1 refused, "
        "2 offline)",
    )
    p.add_argument("--data-dir", help="where the local database and photos live "
                   "(default: $RETURNDESK_DATA_DIR or the per-user data folder)")  # fmt: skip
    p.add_argument(
        "--demo",
        action="store_true",
        help="fill an empty database with demo stores, staff and orders",
    )
    p.add_argument("--lang", choices=sorted(LANGUAGES), help="interface language (saved)")
    p.add_argument("--store", help="this counter's store code (saved)")
    _device_options(p)
    p.add_argument(
        "--policy", help=f"policy file to use instead of the bundled one (or ${ENV_POLICY})"
    )
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="quit this many seconds after the app is ready for sign-in "
                   "(smoke tests, benchmarks)")  # fmt: skip
    p.add_argument("--screenshots", metavar="DIR",
                   help="render the main window and every wizard page to PNG in DIR, then exit")  # fmt: skip
    return p.parse_args(argv)


def _device_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--camera", help='camera to prefer (id or name), or "none" for no camera; '
                   "this run only (default: $RETURNDESK_CAMERA, settings.json, machine config)")  # fmt: skip
    p.add_argument("--printer", help="printer for receipts, by name; this run only "
                   "(default: $RETURNDESK_PRINTER, settings.json, machine config, system default)")  # fmt: skip


def run_command(argv: list[str]) -> int:
    """Maintenance commands for IT's scripts: print a report, exit non-zero on failure.

    They read the database as it is (no backup, no migration): a check must not
    change what it checks. Exit 0 = all good, 1 = a problem found, 2 = could not check.
    """
    p = argparse.ArgumentParser(prog=f"returndesk {argv[0]}")
    p.add_argument("--data-dir", help="the counter's data folder")
    args = p.parse_args(argv[1:])
    logs.configure(None, logging.WARNING)
    from sqlalchemy.exc import SQLAlchemyError

    from core.audit import verify_all
    from core.counter import connect_existing
    from core.photo_check import EXIT_COULD_NOT_CHECK, check_photos, format_report

    try:
        store = connect_existing(resolve_data_dir(args.data_dir))
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return EXIT_COULD_NOT_CHECK
    try:
        if argv[0] == "verify-audit":
            with store.sessions() as s:
                audit = verify_all(s)
            print(audit.format())
            return 0 if audit.ok else 1
        photos = check_photos(store.sessions, store.photos_dir)
        print(format_report(photos))
        return photos.exit_code
    except (OSError, SQLAlchemyError) as exc:
        print(f"could not check: {exc}", file=sys.stderr)
        return EXIT_COULD_NOT_CHECK
    finally:
        store.close()


def run_sync_command(argv: list[str]) -> int:
    """`enrol` and `sync` for IT's scripts (and the crash tests): 0 ok, 1 refused, 2 offline."""
    import asyncio
    import socket

    from core.counter import make_sync_client, open_counter_store
    from core.sync import SyncError

    p = argparse.ArgumentParser(prog=f"returndesk {argv[0]}")
    p.add_argument("--data-dir", help="the counter's data folder")
    if argv[0] == "enrol":
        p.add_argument("--server", help="the sync service's URL (default: the machine config's)")
        p.add_argument("--code", required=True, help="the one-time enrolment code from IT")
        p.add_argument("--name", default=socket.gethostname(), help="this counter's name")
    args = p.parse_args(argv[1:])
    logs.configure(None, logging.WARNING)
    ensure_core_application()
    data_dir = resolve_data_dir(args.data_dir)
    server = getattr(args, "server", None) or Settings.load(data_dir).server_url
    if argv[0] == "enrol" and not server:
        print("no server: pass --server URL or set it in the machine config", file=sys.stderr)
        return 1
    store = open_counter_store(data_dir)
    client = make_sync_client(store)
    try:
        if argv[0] == "enrol":
            store_code = asyncio.run(client.enrol(server, args.code, args.name))
            Settings.remember(store.data_dir, store_code=store_code)
            print(f"enrolled with {server} for store {store_code}")
            return 0
        report = asyncio.run(client.sync())
        status = client.status()
        print(
            f"uploaded {report.photos_uploaded} photo(s); cases applied {report.applied}, "
            f"duplicate {report.duplicates}, rejected {report.rejected}; pulled {report.pulled}; "
            f"waiting {status.waiting}, rejected in total {status.rejected}"
        )
        return 0
    except SyncError as exc:
        print(exc.message, file=sys.stderr)
        return 2 if exc.retryable else 1
    finally:
        store.close()


def run_self_check(argv: list[str]) -> int:
    """A table of checks for IT's deployment scripts; exit 1 if any required one fails."""
    p = argparse.ArgumentParser(prog="returndesk self-check")
    p.add_argument("--data-dir", help="the counter's data folder")
    p.add_argument("--policy", help="policy file to check instead of the one in use")
    _device_options(p)
    args = p.parse_args(argv[1:])
    logs.configure(None, logging.WARNING)
    ensure_core_application()
    from core.self_check import self_check

    data_dir = resolve_data_dir(args.data_dir)
    settings = Settings.load(data_dir)
    report = self_check(
        data_dir,
        Path(args.policy) if args.policy else None,
        camera=settings.camera if args.camera is None else args.camera.strip(),
        printer=settings.printer if args.printer is None else args.printer.strip(),
    )
    print(report.format())
    return 0 if report.ok else 1


COMMANDS = ("verify-audit", "verify-photos", "enrol", "sync", "self-check")


def run(argv: list[str]) -> int:
    if argv and argv[0] == "review":
        from desktop.review import run_review  # the regional lead's window (online)

        return run_review(argv[1:])
    if argv and argv[0] == "self-check":
        return run_self_check(argv)
    if argv and argv[0] in ("enrol", "sync"):
        return run_sync_command(argv)
    if argv and argv[0] in COMMANDS:
        return run_command(argv)
    args = parse_args(argv)
    if args.screenshots:
        logs.configure(None)
        from desktop.screenshots import render_screenshots

        ensure_application()
        for path in render_screenshots(Path(args.screenshots)):
            print(path)
        return 0

    app = ensure_application([sys.argv[0]])
    data_dir = resolve_data_dir(args.data_dir)
    logs.configure(data_dir, file_later=True)  # the file once the window is up
    # One app per data folder: two would push the same outbox and race on drafts.
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / "returndesk.lock"))
    lock.setStaleLockTime(0)  # a crashed app's lock is taken over (its PID is gone)
    if not lock.tryLock(200):
        return _fatal(
            app,
            translate("startup", "ReturnDesk is already running with the data folder {0}.").format(
                data_dir
            ),
            code=3,
        )
    try:
        code = _run_window(app, args, data_dir)
    finally:
        lock.unlock()
    return code


def _run_window(app: QApplication, args: argparse.Namespace, data_dir: Path) -> int:
    """Window first (painted), then the store on the worker thread, then the event loop."""
    settings = load_settings(
        data_dir,
        language=args.lang,
        store_code=args.store,
        camera=args.camera,
        printer=args.printer,
    )
    translators = Translators()
    translators.install(settings.language)
    runner = TaskRunner()
    window = MainWindow(
        None, None, runner, settings.store_code, language=settings.language, demo=settings.demo
    )

    def switch_language(code: str) -> None:
        translators.install(code)  # Qt sends LanguageChange; every screen retranslates
        settings.language = code
        Settings.remember(data_dir, language=code)

    window.sig_language_requested.connect(switch_language)
    quitting: list[bool] = []

    def request_quit(*_: Any) -> None:
        # From the event loop, never from inside a signal handler: app.quit() before
        # the loop runs would be lost and leave the process hanging.
        quitting.append(True)
        QTimer.singleShot(0, app.quit)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, request_quit)

    painted = show_and_wait_for_paint(window)
    log.info("started: window shown%s; data dir %s", "" if painted else " (not painted)", data_dir)
    logs.add_file(data_dir)  # with the line above

    exit_code = [0]
    startup = Startup()
    policy = args.policy or os.environ.get(ENV_POLICY)

    def opened(result: OpenedStore) -> None:
        try:
            if result.demo_seeded:
                settings.demo = True
                Settings.remember(data_dir, demo=True)
            attach_services(window, result, runner, demo=settings.demo)
        except Exception as exc:  # noqa: BLE001 - never leave the window "opening" forever
            failed(exc)

    def failed(exc: BaseException) -> None:
        from core.policy import PolicyError

        if isinstance(exc, PolicyError):
            message = translate("startup", "ReturnDesk cannot start: {0}").format(exc.message)
        else:  # start-up must explain itself, not crash
            log.error("start-up failed", exc_info=exc)
            message = translate("startup", "ReturnDesk could not start: {0}").format(exc)
        exit_code[0] = 2
        print(message, file=sys.stderr)
        if QApplication.platformName() not in ("offscreen", "minimal"):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(window, "ReturnDesk", message)
        app.quit()

    def ready() -> None:
        log.info("ready for sign-in")
        if args.quit_after is not None:
            QTimer.singleShot(int(args.quit_after * 1000), app.quit)
        elif window.sync is not None:
            window.sync.start()

    window.sig_ready.connect(ready)
    runner.submit(
        startup.open, data_dir, Path(policy) if policy else None, args.demo,
        on_done=opened, on_error=failed,
    )  # fmt: skip

    import asyncio

    import qasync  # ~0.2 s with asyncio: after the window is up

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    # Python only sees Unix signals when it runs; a light timer lets it run.
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)
    if quitting:
        QTimer.singleShot(0, app.quit)
    with loop:
        loop.run_until_complete(closed.wait())
    runner.shutdown()  # the last autosave (or the store still opening) lands first
    startup.close()
    return exit_code[0]


def _fatal(app: QApplication, message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    if QApplication.platformName() not in ("offscreen", "minimal"):
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "ReturnDesk", message)
    del app
    return code
