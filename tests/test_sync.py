"""Offline-first sync against a real server process: nothing lost, nothing doubled."""

from __future__ import annotations

import asyncio
import hashlib
import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from core.cases import CaseDraft, CaseService
from core.counter import (
    CounterStore,
    make_case_service,
    make_sync_client,
    open_counter_store,
)
from core.staff import StaffService
from core.sync import SyncClient, SyncError
from db.models import Annotation, Order, OrderLine, OutboxEntry, ReturnCase, SyncState
from tests.server_support import (
    BACKENDS,
    ROOT,
    ServerProcess,
    free_port,
    fresh_database,
    new_id,
    orders_to_json,
    sample_order,
)
from ui.finished_cases import FinishedCasesWindow, FinishedModel
from ui.main_window import MainWindow
from ui.sync_view import SyncController
from ui.tasks import TaskRunner

PHONE = "13800005678"


def run_async(coro):  # type: ignore[no-untyped-def]
    """Run a coroutine to the end on its own loop in a worker thread.

    The Qt tests install a qasync loop that counts as running on the main
    thread for the whole session, so asyncio.run() cannot be used there.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


CUSTOMER = "王芳"


@dataclass
class Centre:
    server: ServerProcess
    lead_token: str
    order_nos: list[str]

    def code(self) -> str:
        return self.server.admin("create-enrolment-code", "--store", "SH01")

    def lead(self) -> httpx.Client:
        return self.server.client(self.lead_token)


def _orders(n: int) -> list:  # type: ignore[type-arg]
    """Orders delivered two days ago (inside every window, whatever today is)."""
    now = datetime.now(UTC)
    orders = []
    for i in range(n):
        o = sample_order(f"SH{(26_000_000_00 + i):010d}", "SH01", quantities=(2, 1))
        o.ordered_at = (now - timedelta(days=4)).isoformat()
        o.delivered_at = (now - timedelta(days=2)).isoformat()
        orders.append(o)
    return orders


@pytest.fixture(params=BACKENDS, scope="module")
def centre(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Centre]:
    with fresh_database(request.param) as url:
        server = ServerProcess(tmp_path_factory.mktemp(f"centre-{request.param}"), url).start()
        try:
            server.admin("create-store", "SH01", "--name", "上海徐汇店", "--region", "华东")
            server.admin(
                "create-staff",
                "--store",
                "SH01",
                "--name",
                "李娜",
                "--role",
                "clerk",
                "--pin",
                "1111",
            )
            server.admin(
                "create-staff",
                "--store",
                "SH01",
                "--name",
                "陈静",
                "--role",
                "supervisor",
                "--pin",
                "9999",
            )
            orders = _orders(80)
            file = server.data_dir.parent / f"orders-{request.param}.json"
            file.write_text(orders_to_json(orders), encoding="utf-8")
            server.admin("import-orders", str(file))
            lead = server.admin("create-lead-token", "--region", "华东", "--name", "华东区域经理")
            yield Centre(server, lead, [o.order_no for o in orders])
        finally:
            server.stop()


@dataclass
class Counter:
    store: CounterStore
    cases: CaseService
    sync: SyncClient
    clerk: str

    def run(self, client: SyncClient | None = None):  # type: ignore[no-untyped-def]
        return run_async((client or self.sync).sync())


@pytest.fixture
def counter(centre: Centre, tmp_path: Path, qapp: object) -> Iterator[Counter]:
    store = open_counter_store(tmp_path / "counter")
    client = make_sync_client(store, backoff_base=0.01, backoff_cap=0.05)
    assert run_async(client.enrol(centre.server.url, centre.code(), "SH01 counter 1")) == "SH01"
    run_async(client.sync())  # the first pull: store, staff, orders
    cases = make_case_service(store)
    clerk = next(m for m in StaffService(store.sessions).list_staff("SH01") if m.role == "clerk")
    yield Counter(store, cases, client, clerk.id)
    store.close()


_used: set[str] = set()


def finalised_case(c: Counter, photo: Path | None, order_no: str | None = None) -> CaseDraft:
    """A quality case on an order no other test has returned from (the ledger is shared)."""
    if order_no is None:
        with c.store.sessions() as s:
            order_no = next(
                n
                for n in s.scalars(select(Order.order_no).order_by(Order.order_no))
                if n not in _used
            )
    _used.add(order_no)
    svc, clerk = c.cases, c.clerk
    d = svc.open_case("SH01", clerk)
    d.customer_words = "领口开线"
    d, _ = svc.save_page(d, clerk, 0)
    d.order = svc.lookup_order(order_no)
    d.order_no_entered = order_no
    d.claimed_orderer_name, d.claimed_phone_last4 = CUSTOMER, PHONE[-4:]
    d = svc.check_identity(d, clerk)
    assert d.order is not None
    d.items = {d.order.lines[0].id: 1}
    d.reason_category, d.stated_reason = ("quality" if photo else "changed_mind"), "开线"
    d = svc.save_draft(d, clerk)
    if photo is not None:
        d = svc.add_photo(d.id, clerk, photo)
    d.packaging_kept = d.tags_intact = d.seal_intact = True
    d.signs_of_use = False
    d.resolution, d.refund_method = "refund", "original"
    d.refund_cents = d.order.lines[0].unit_price_cents
    return svc.finalise(d, clerk)


def server_case_ids(centre: Centre) -> list[str]:
    with centre.lead() as http:
        body = http.get("/v1/review/cases", params={"store": "SH01", "limit": 200}).json()
    return [c["id"] for c in body["items"]]


def test_two_counters_of_one_store_never_issue_the_same_case_number(
    counter: Counter, centre: Centre, tmp_path: Path
) -> None:
    store = open_counter_store(tmp_path / "counter-2")
    client = make_sync_client(store, backoff_base=0.01, backoff_cap=0.05)
    assert run_async(client.enrol(centre.server.url, centre.code(), "SH01 counter 2")) == "SH01"
    run_async(client.sync())
    second = Counter(store, make_case_service(store), client, counter.clerk)
    try:
        a, b = finalised_case(counter, None), finalised_case(second, None)
        # Both are the first case of the day on their counter, yet the numbers differ.
        assert a.case_no.endswith("-0001") and b.case_no.endswith("-0001")
        assert a.case_no != b.case_no
        assert a.case_no.startswith("SH01-") and b.case_no.startswith("SH01-")
        counter.run()
        second.run()
        assert {a.id, b.id} <= set(server_case_ids(centre))
    finally:
        store.close()


def test_enrol_pulls_store_staff_and_orders(counter: Counter, centre: Centre) -> None:
    status = counter.sync.status()
    assert status.enrolled and status.store_code == "SH01" and status.last_sync_at is not None
    with counter.store.sessions() as s:
        assert s.scalar(select(Order).where(Order.order_no == centre.order_nos[0])) is not None
    names = {m.name for m in StaffService(counter.store.sessions).list_staff("SH01")}
    assert names == {"李娜", "陈静"}
    # PIN hashes came down too: staff sign in offline.
    clerk = next(
        m for m in StaffService(counter.store.sessions).list_staff("SH01") if m.role == "clerk"
    )
    assert StaffService(counter.store.sessions).sign_in(clerk.id, "1111").name == "李娜"


def test_finalised_case_and_photo_reach_the_centre_once(
    counter: Counter, centre: Centre, demo_photo: Path
) -> None:
    final = finalised_case(counter, demo_photo)
    assert counter.sync.status().waiting == 1
    report = counter.run()
    assert (report.photos_uploaded, report.applied, report.rejected) == (1, 1, 0)
    assert counter.sync.status().waiting == 0
    with counter.store.sessions() as s:
        assert s.get(ReturnCase, final.id).status == "synced"
    assert server_case_ids(centre).count(final.id) == 1
    with centre.server.client(centre.lead_token) as http:
        photo = http.get(f"/v1/photos/{final.photos[0].sha256}")
    assert photo.status_code == 200 and photo.content == final.photos[0].path.read_bytes()

    # Sent again (a lost reply): the centre answers duplicate; still exactly one.
    with counter.store.sessions.begin() as s:
        s.scalars(select(OutboxEntry)).one().status = "pending"
    again = counter.run()
    assert (again.applied, again.duplicates) == (0, 1)
    assert server_case_ids(centre).count(final.id) == 1


def test_photos_go_up_several_at_once_each_exactly_once(
    counter: Counter, centre: Centre, tmp_path: Path
) -> None:
    from core.sync import PHOTO_UPLOADS_AT_ONCE, SyncProgress

    finals = [finalised_case(counter, _photo(tmp_path / f"p{n}.jpg", n)) for n in range(7)]
    assert len(finals) > PHOTO_UPLOADS_AT_ONCE
    seen: list[SyncProgress] = []
    report = run_async(counter.sync.sync(seen.append))
    assert (report.photos_uploaded, report.applied) == (7, 7)
    # Each photo announced once, counting up to all of them.
    assert [(p.done, p.total) for p in seen if p.step == "photos"] == [(n, 7) for n in range(1, 8)]
    with centre.lead() as http:
        for final in finals:
            photo = http.get(f"/v1/photos/{final.photos[0].sha256}")
            assert photo.content == final.photos[0].path.read_bytes()
    assert run_async(counter.sync.sync()).photos_uploaded == 0  # nothing left to send


def test_a_refusal_is_listed_with_its_reason_and_never_retried(
    counter: Counter, centre: Centre
) -> None:
    # An order the centre never heard of (made up at this counter).
    with counter.store.sessions.begin() as s:
        oid = new_id()
        s.add(
            Order(
                id=oid, order_no="SH9900000001", store_code="SH01", customer_id=new_id(),
                customer_name=CUSTOMER, phone=PHONE, address="上海", payment_method="cash",
                ordered_at=datetime.now(UTC) - timedelta(days=3),
                delivered_at=datetime.now(UTC) - timedelta(days=2), total_cents=8900,
            )
        )  # fmt: skip
        s.add(
            OrderLine(
                id=new_id(), order_id=oid, line_no=1, sku="X", name="保温杯",
                category="ordinary", quantity=1, unit_price_cents=8900,
            )
        )  # fmt: skip
    final = finalised_case(counter, None, "SH9900000001")
    first = counter.run()
    assert first.rejected == 1
    [item] = counter.sync.rejected_items()
    assert (item.case_no, item.reason) == (final.case_no, "UNKNOWN_ORDER")
    assert item.message
    second = counter.run()
    assert (second.rejected, second.applied, second.duplicates) == (0, 0, 0)
    with counter.store.sessions() as s:
        assert s.scalars(select(OutboxEntry.attempts)).one() == 1


class Flaky(httpx.AsyncBaseTransport):
    """The real server, behind a link that fails the way real links do."""

    def __init__(self, fail: dict[str, list[str]]) -> None:
        self.real = httpx.AsyncHTTPTransport()
        # Per path (or "*"): what the next requests meet: "ok", "503", "429", "drop-reply", "down".
        self.fail = fail
        self.seen: list[tuple[str, int | str]] = []

    async def aclose(self) -> None:
        await self.real.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        plan = self.fail.get(request.url.path) or self.fail.get("*") or []
        what = plan.pop(0) if plan else "ok"
        if what == "down":
            self.seen.append((request.url.path, "down"))
            raise httpx.ConnectError("connection refused", request=request)
        if what in ("503", "429"):
            self.seen.append((request.url.path, int(what)))
            code = int(what)
            return httpx.Response(
                code,
                headers={"Retry-After": "0"} if code == 429 else {},
                json={
                    "error": {
                        "code": "OVERLOADED" if code == 429 else "UNAVAILABLE",
                        "message": "busy",
                    }
                },
                request=request,
            )
        response = await self.real.handle_async_request(request)
        await response.aread()
        if what == "drop-reply":
            # The server has committed; the reply never arrives.
            self.seen.append((request.url.path, "dropped"))
            raise httpx.ReadError("connection reset", request=request)
        self.seen.append((request.url.path, response.status_code))
        return response


def test_retries_through_5xx_429_and_a_lost_reply(
    counter: Counter, centre: Centre, demo_photo: Path
) -> None:
    final = finalised_case(counter, demo_photo)
    # The photo question meets 503 then 429; the push is committed by the server
    # but its reply is lost.
    flaky = Flaky({"/v1/photos/missing": ["503", "429"], "/v1/push": ["drop-reply"]})
    client = make_sync_client(counter.store, transport=flaky, backoff_base=0.01, backoff_cap=0.05)
    report = counter.run(client)
    assert report.duplicates == 1 and report.applied == 0  # the retry found it already stored
    assert ("/v1/push", "dropped") in flaky.seen
    assert ("/v1/photos/missing", 503) in flaky.seen and ("/v1/photos/missing", 429) in flaky.seen
    assert counter.sync.status().waiting == 0
    assert server_case_ids(centre).count(final.id) == 1


def test_offline_keeps_everything_waiting(counter: Counter, demo_photo: Path) -> None:
    finalised_case(counter, demo_photo)
    flaky = Flaky({"*": ["down"] * 10})
    client = make_sync_client(counter.store, transport=flaky, attempts=3, backoff_base=0.01)
    with pytest.raises(SyncError) as err:
        counter.run(client)
    assert err.value.retryable and err.value.code == "OFFLINE"
    status = client.status()
    assert status.waiting == 1 and "cannot be reached" in status.last_error
    assert len(flaky.seen) == 3  # capped attempts, then it gives up until the next run


def test_annotation_flows_back_to_the_store(
    counter: Counter, centre: Centre, demo_photo: Path
) -> None:
    final = finalised_case(counter, demo_photo)
    counter.run()
    note_id = new_id()
    with centre.lead() as http:
        r = http.post(
            f"/v1/review/cases/{final.id}/annotations",
            json={"id": note_id, "text": "请跟进质量问题"},
        )
        assert r.status_code in (200, 201), r.text
    report = counter.run()
    assert report.new_notes == 1
    with counter.store.sessions() as s:
        note = s.get(Annotation, note_id)
    assert note is not None and note.case_id == final.id and note.text == "请跟进质量问题"
    assert counter.run().new_notes == 0  # seen before: nothing new to announce


def test_lead_verdict_shows_on_the_case_at_the_counter(
    qtbot: QtBot, counter: Counter, centre: Centre, demo_photo: Path
) -> None:
    final = finalised_case(counter, demo_photo)
    other = finalised_case(counter, None)
    counter.run()
    with centre.lead() as http:
        for text, verdict in (("Photo shows a tear at the seam", ""), ("", "needs_follow_up")):
            r = http.post(
                f"/v1/review/cases/{final.id}/annotations",
                json={"id": new_id(), "text": text, "verdict": verdict},
            )
            assert r.status_code in (200, 201), r.text
    assert counter.run().new_notes == 2

    runner = TaskRunner()
    window = FinishedCasesWindow(counter.cases, runner, "SH01")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() >= 2 and not runner.busy)
    row = window.model.row_of(final.id)
    lead_column = FinishedModel.COLUMNS.index("lead")
    sync_column = FinishedModel.COLUMNS.index("sync")
    assert window.model.index(row, lead_column).data() == "Needs follow-up · 2 note(s)"
    assert window.model.index(row, sync_column).data() == "At the centre"
    plain = window.model.row_of(other.id)
    assert window.model.index(plain, lead_column).data() == ""
    window.select_case(final.id)
    qtbot.waitUntil(lambda: "tear at the seam" in window.notes.toPlainText() and not runner.busy)
    text = window.notes.toPlainText()
    assert "Needs follow-up" in text and text.index("tear") < text.index("Needs follow-up")
    assert window.reprint_button.isEnabled()
    window.search.setText(other.case_no)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1 and not runner.busy)
    assert window.model.entry(0).id == other.id
    runner.shutdown()


def test_a_wrong_clock_is_noticed_and_named(
    qtbot: QtBot, qt_event_loop: object, counter: Counter
) -> None:
    assert counter.sync.status().clock_skew is not None
    assert not counter.sync.status().clock_off  # same machine, same clock
    fast = make_sync_client(
        counter.store, clock=lambda: datetime.now(UTC) + timedelta(minutes=7, seconds=20)
    )
    counter.run(fast)
    status = fast.status()
    assert status.clock_off and 7 * 60 <= (status.clock_skew or 0) <= 7 * 60 + 40
    runner = TaskRunner()
    controller = SyncController(fast, runner)
    texts: list[str] = []
    controller.sig_text.connect(texts.append)
    controller.refresh()
    qtbot.waitUntil(lambda: bool(texts) and not runner.busy)
    assert texts[-1].endswith(" · clock 7 min fast"), texts[-1]
    assert "7 min ahead of the centre" in controller.clock_warning()
    runner.shutdown()
    counter.run()  # a right clock clears the warning
    assert not counter.sync.status().clock_off


def test_status_bar_and_sync_now_in_the_main_window(
    qtbot: QtBot,
    qt_event_loop: object,
    counter: Counter,
    centre: Centre,
    demo_photo: Path,
) -> None:
    finalised_case(counter, demo_photo)
    runner = TaskRunner()
    staff = StaffService(counter.store.sessions)
    member = next(m for m in staff.list_staff("SH01") if m.role == "clerk")
    window = MainWindow(counter.cases, staff, runner, "SH01", member)
    qtbot.addWidget(window)
    controller = SyncController(make_sync_client(counter.store), runner, parent=window)
    window.set_sync(controller)
    window.show()
    controller.refresh()
    qtbot.waitUntil(lambda: "1 waiting" in window.sync_text.text())
    window.act_sync.trigger()
    qtbot.waitUntil(
        lambda: window.sync_text.text() == "Synced just now", timeout=20_000
    )  # nothing waiting any more
    window.show_sync_window()
    sync_window = window.sync_window
    assert sync_window is not None
    qtbot.waitUntil(lambda: not runner.busy)
    assert sync_window.waiting.count() == 0
    qtbot.waitUntil(lambda: "1 finalised" not in window.status.text() and not runner.busy)
    runner.shutdown()


def test_offline_shows_in_the_status_bar(
    qtbot: QtBot, qt_event_loop: object, tmp_path: Path, qapp: object
) -> None:
    store = open_counter_store(tmp_path / "offline")
    with store.sessions.begin() as s:
        s.add_all(
            [
                SyncState(key="server_url", value=f"http://127.0.0.1:{free_port()}"),
                SyncState(key="token", value="rdt_test"),
            ]
        )
    runner = TaskRunner()
    client = make_sync_client(store, attempts=2, backoff_base=0.01)
    controller = SyncController(client, runner)
    texts: list[str] = []
    controller.sig_text.connect(texts.append)
    try:
        with qtbot.waitSignal(controller.sig_finished, timeout=20_000) as blocker:
            controller.sync_now()
        assert blocker.args == [False]
        # The status is read again on a worker thread after the run: slow on a busy machine.
        qtbot.waitUntil(lambda: texts and texts[-1].startswith("Offline"), timeout=20_000)
        assert controller.timer.isActive()  # it will try again by itself, backing off
        # First back-off ≤ 15 s; a coarse QTimer may run up to 5 % late.
        assert controller.timer.remainingTime() <= 15_000 * 1.05
        qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    finally:  # a failure here must not leave threads and timers to the next test
        controller.timer.stop()
        runner.shutdown()
        store.close()


def _photo(path: Path, n: int) -> Path:
    """A distinct small photo per case (so every case brings its own upload)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor.fromHsv((n * 37) % 360, 120, 200))
    painter = QPainter(image)
    painter.drawText(40, 240, f"case {n} {new_id()}")
    painter.end()
    image.save(str(path), "JPEG", 90)
    return path


KILL_ROUNDS = int(os.environ.get("RETURNDESK_KILL_ROUNDS", "50"))


@pytest.mark.slow
def test_killed_mid_sync_again_and_again_loses_and_doubles_nothing(
    counter: Counter, centre: Centre, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if "postgresql" in request.node.name:
        pytest.skip("the SQLite run covers the client; the server side is the same code")
    finals = [finalised_case(counter, _photo(tmp_path / f"p{n}.jpg", n)) for n in range(24)]
    data_dir = str(counter.store.data_dir)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    rng = random.Random(20261126)
    killed_mid_run = killed_with_cases_unsent = 0

    def unsent() -> int:
        with counter.store.sessions() as s:
            return len(
                s.scalars(select(OutboxEntry.id).where(OutboxEntry.status != "synced")).all()
            )

    for round_no in range(KILL_ROUNDS):
        if round_no % 5 == 4:  # the clerks go on finalising cases between the syncs
            finals.append(finalised_case(counter, _photo(tmp_path / f"k{round_no}.jpg", round_no)))
        pending = unsent()
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop", "sync", "--data-dir", data_dir],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=rng.uniform(0.4, 2.5))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed_mid_run += 1
            killed_with_cases_unsent += pending > 0
    # Many runs really were cut short, several with cases still to send. (How many of all
    # depends on the machine's speed: a run with nothing left to send ends before most kill
    # times; cases finalised between the rounds keep giving the runs work.)
    assert killed_mid_run > KILL_ROUNDS // 5, killed_mid_run
    assert killed_with_cases_unsent >= 3, killed_with_cases_unsent
    final_run = subprocess.run(
        [sys.executable, "-m", "desktop", "sync", "--data-dir", data_dir],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert final_run.returncode == 0, final_run.stderr

    with counter.store.sessions() as s:
        assert (
            s.scalars(select(OutboxEntry.status).where(OutboxEntry.status != "synced")).all() == []
        )
    with counter.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    on_server = server_case_ids(centre)
    for final in finals:
        assert on_server.count(final.id) == 1, final.case_no
    with centre.lead() as http:
        for final in finals:
            photo = http.get(f"/v1/photos/{final.photos[0].sha256}")
            assert photo.status_code == 200
            assert hashlib.sha256(photo.content).hexdigest() == final.photos[0].sha256


def test_self_check_reports_each_part(counter: Counter, tmp_path: Path) -> None:
    from core.self_check import self_check

    counter.store.close()  # the check opens the folder itself, as the command does
    report = self_check(counter.store.data_dir)
    by_name = {c.name: c for c in report.checks}
    assert report.ok, report.format()
    assert by_name["server"].ok and "protocol 1" in by_name["server"].detail
    assert not by_name["camera"].ok and not by_name["camera"].required  # none here: a note
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[sla]\nfirst_response_minutes = -5\n", encoding="utf-8")
    broken = self_check(counter.store.data_dir, bad)
    assert not broken.ok and "FAIL  policy" in broken.format()
    lonely = self_check(tmp_path / "not-enrolled")
    assert not lonely.ok and "not enrolled" in lonely.format()
