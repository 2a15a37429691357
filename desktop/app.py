"""Start-up: Qt application, translations, the local store, services, main window."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

import qasync
from PySide6.QtCore import QCoreApplication, QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import SQLAlchemyError

from core.audit import verify_all
from core.cases import CaseService
from core.counter import (
    CounterStore,
    connect_existing,
    make_case_service,
    make_sync_client,
    open_counter_store,
    pulled_policy_path,
    seed_demo_if_empty,
)
from core.i18n import LANGUAGES, Translators
from core.photo_check import EXIT_COULD_NOT_CHECK, check_photos, format_report
from core.policy import PolicyError, load_policy
from core.staff import StaffService
from core.sync import SyncError
from desktop import logs
from desktop.settings import Settings, resolve_data_dir
from ui.main_window import MainWindow
from ui.sync_view import SyncController
from ui.tasks import TaskRunner

log = logging.getLogger("returndesk")
translate = QCoreApplication.translate
ENV_POLICY = "RETURNDESK_POLICY"


@dataclass
class Counter:
    """Everything one running counter app holds."""

    store: CounterStore
    service: CaseService
    runner: TaskRunner
    settings: Settings
    translators: Translators
    window: MainWindow


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


def build_counter(
    data_dir: Path,
    *,
    demo: bool,
    language: str | None,
    store_code: str | None,
    policy_path: Path | None = None,
) -> Counter:
    """Open the store, build services and the main window (no event loop yet)."""
    settings = Settings.load(data_dir)
    if language:
        settings.language = language
        Settings.remember(data_dir, language=language)
    if store_code:
        settings.store_code = store_code
        Settings.remember(data_dir, store_code=store_code)
    translators = Translators()
    translators.install(settings.language)
    store = open_counter_store(data_dir)
    if policy_path is None and pulled_policy_path(store).is_file():
        policy_path = pulled_policy_path(store)  # handed down by the centre
    policy = load_policy(policy_path)  # all or nothing: never run on half a policy
    if demo and seed_demo_if_empty(store):
        settings.demo = True
        Settings.remember(data_dir, demo=True)
    service = make_case_service(store, policy)
    staff_service = StaffService(store.sessions)
    runner = TaskRunner()
    window = MainWindow(
        service,
        staff_service,
        runner,
        settings.store_code,
        language=settings.language,
        demo=settings.demo,
    )

    def switch_language(code: str) -> None:
        translators.install(code)  # Qt sends LanguageChange; every screen retranslates
        settings.language = code
        Settings.remember(data_dir, language=code)

    window.sig_language_requested.connect(switch_language)
    window.set_sync(SyncController(make_sync_client(store), runner, parent=window))
    return Counter(store, service, runner, settings, translators, window)


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
    p.add_argument(
        "--policy", help=f"policy file to use instead of the bundled one (or ${ENV_POLICY})"
    )
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="quit after this many seconds (smoke tests)")  # fmt: skip
    p.add_argument("--screenshots", metavar="DIR",
                   help="render the main window and every wizard page to PNG in DIR, then exit")  # fmt: skip
    return p.parse_args(argv)


def run_command(argv: list[str]) -> int:
    """Maintenance commands for IT's scripts: print a report, exit non-zero on failure.

    They read the database as it is (no backup, no migration): a check must not
    change what it checks. Exit 0 = all good, 1 = a problem found, 2 = could not check.
    """
    p = argparse.ArgumentParser(prog=f"returndesk {argv[0]}")
    p.add_argument("--data-dir", help="the counter's data folder")
    args = p.parse_args(argv[1:])
    logs.configure(None, logging.WARNING)
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
    args = p.parse_args(argv[1:])
    logs.configure(None, logging.WARNING)
    ensure_core_application()
    from core.self_check import self_check

    report = self_check(resolve_data_dir(args.data_dir), Path(args.policy) if args.policy else None)
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
    logs.configure(data_dir)
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
        policy = args.policy or os.environ.get(ENV_POLICY)
        counter = build_counter(
            data_dir,
            demo=args.demo,
            language=args.lang,
            store_code=args.store,
            policy_path=Path(policy) if policy else None,
        )
    except PolicyError as exc:
        return _fatal(app, translate("startup", "ReturnDesk cannot start: {0}").format(exc.message))
    except Exception as exc:  # noqa: BLE001 - start-up must explain itself, not crash
        log.exception("start-up failed")
        return _fatal(app, translate("startup", "ReturnDesk could not start: {0}").format(exc))
    # Quit from the event loop, never from inside the handler: app.quit() before
    # the loop runs would be lost and leave the process hanging.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, app.quit))
    counter.window.show()
    QTimer.singleShot(0, lambda: log.info("started; data dir %s", data_dir))

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    # Python only sees Unix signals when it runs; a light timer lets it run.
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(250)
    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    elif counter.window.sync is not None:
        QTimer.singleShot(0, counter.window.sync.start)
    with loop:
        loop.run_until_complete(closed.wait())
    counter.runner.shutdown()  # the last autosave lands before the process ends
    counter.store.close()
    lock.unlock()
    return 0


def _fatal(app: QApplication, message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    if QApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "ReturnDesk", message)
    del app
    return code
