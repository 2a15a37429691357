"""Test-suite guards and shared fixtures.

Qt runs offscreen; every test is armed with a faulthandler watchdog so a hung
Qt wait fails loudly (with every thread's stack) instead of eating CI's time.
"""

from __future__ import annotations

import faulthandler
import os
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from core.cases import CaseService
from core.counter import (
    DB_NAME,
    CounterStore,
    make_case_service,
    open_counter_store,
    seed_demo_if_empty,
)
from core.demo import DEMO_STORE
from core.policy import Policy, load_policy
from core.staff import StaffService
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

PER_TEST_SECONDS = int(os.environ.get("RETURNDESK_TEST_WATCHDOG", "120"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):  # type: ignore[no-untyped-def]
    faulthandler.dump_traceback_later(PER_TEST_SECONDS, exit=True, file=sys.stderr)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


class FakeClock:
    """A clock tests move by hand (SLA, case numbers, waiting times)."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 26, 2, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session", autouse=True)
def translations_built() -> None:
    from scripts.build_translations import build

    build()


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, demo-seeded database file; each test gets its own copy."""
    store = open_counter_store(tmp_path_factory.mktemp("template"))
    seed_demo_if_empty(store)
    store.close()  # disposing the engine checkpoints the WAL into the file
    return store.data_dir / DB_NAME


@pytest.fixture
def counter_store(tmp_path: Path, seeded_db: Path) -> Iterator[CounterStore]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(seeded_db, data_dir / DB_NAME)
    store = open_counter_store(data_dir)
    yield store
    store.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.now(UTC))


@pytest.fixture
def service(counter_store: CounterStore, policy: Policy, clock: FakeClock) -> CaseService:
    svc = make_case_service(counter_store, policy)
    svc._now = clock  # tests drive the clock
    return svc


@pytest.fixture
def staff_id(service: CaseService) -> str:
    return service.default_staff(DEMO_STORE)


@pytest.fixture
def demo_photo(tmp_path: Path, qapp) -> Path:  # type: ignore[no-untyped-def]
    from core.demo import make_demo_item_photo

    return make_demo_item_photo(tmp_path / "sweater.jpg", 800, 600)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    qtbot.waitUntil(lambda: not r.busy, timeout=10_000)
    r.shutdown()


@pytest.fixture
def window(qtbot: QtBot, service: CaseService, runner: TaskRunner, staff_id: str) -> MainWindow:
    """The main window, signed in as the demo store's first clerk."""
    staff = StaffService(service._sessions)
    member = next(m for m in staff.list_staff(DEMO_STORE) if m.id == staff_id)
    w = MainWindow(service, staff, runner, DEMO_STORE, member)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: not runner.busy)
    return w


@pytest.fixture(scope="session")
def qt_event_loop(qapp):  # type: ignore[no-untyped-def]
    """The app's one asyncio loop, run by Qt (qasync), for tests of coroutine code.

    Session-wide and never stopped: stopping it leaves Qt's quit flag set and
    every later qtbot wait would time out (see ENVIRONMENT.md).
    """
    import asyncio

    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    # Its worker threads (asyncio.to_thread) must end before Qt is torn down.
    executor = loop._QEventLoop__default_executor  # noqa: SLF001 - qasync keeps it private
    if executor is not None:
        executor.shutdown(wait=True)
