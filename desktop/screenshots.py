"""Render the main window and every wizard page, filled with a demo case, to PNG."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from core.cases import CaseDraft, CaseService
from core.counter import make_case_service, open_counter_store, seed_demo_if_empty
from core.demo import (
    DEMO_CUSTOMER_NAME,
    DEMO_FRESH_ORDER_NO,
    DEMO_ORDER_NO,
    DEMO_PHONE,
    DEMO_STORE,
    add_demo_lead_notes,
    make_demo_item_photo,
)
from core.i18n import Translators
from core.policy import load_policy
from core.staff import StaffService
from ui.finished_cases import FinishedCasesWindow
from ui.main_window import MainWindow
from ui.tasks import TaskRunner
from ui.wizard.wizard import CaseWizard

PAGE_FILES = ("1-intake", "2-identity", "3-items", "4-condition", "5-resolution", "6-summary")


def settle(runner: TaskRunner, ms: int = 150) -> None:
    """Let queued core work deliver and layouts settle before grabbing."""
    app = QCoreApplication.instance()
    assert app is not None
    deadline = datetime.now() + timedelta(seconds=10)
    while runner.busy and datetime.now() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def fill_demo_case(service: CaseService, staff_id: str, photo: Path) -> CaseDraft:
    """A wrong-size birthday gift, walked through the service as the wizard would."""
    d = service.open_case(DEMO_STORE, staff_id, channel="counter")
    d.customer_words = "这是给我妈妈的生日礼物，尺码买小了，周六就是她生日，能尽快换一件吗？"
    d.emotion = "anxious"
    d.priority = "high"
    d, _ = service.save_page(d, staff_id, 0)
    d.order = service.lookup_order(DEMO_ORDER_NO)
    d.order_no_entered = DEMO_ORDER_NO
    d.is_proxy = True
    d.requester_name = "张伟"
    d.proxy_relationship = "女婿"
    d.claimed_orderer_name = DEMO_CUSTOMER_NAME
    d.claimed_phone_last4 = DEMO_PHONE[-4:]
    d = service.check_identity(d, staff_id)
    d, _ = service.save_page(d, staff_id, 1)
    sweater = d.order.lines[0] if d.order else None
    if sweater is not None:
        d.items = {sweater.id: 1}
    d.reason_category = "size_colour"
    d.stated_reason = "尺码小了"
    d.real_reason = "生日礼物，需要L码"
    d, _ = service.save_page(d, staff_id, 2)
    d = service.add_photo(d.id, staff_id, photo, caption="羊毛衫")
    d.packaging_kept, d.tags_intact, d.seal_intact, d.signs_of_use = True, True, True, False
    d.condition_notes = "吊牌完好，未穿着"
    d, _ = service.save_page(d, staff_id, 3)
    d.resolution = "exchange"
    d.resolution_notes = "换L码灰色，周五前到店"
    d.follow_up_on = (datetime.now(UTC) + timedelta(days=2)).date()
    d, _ = service.save_page(d, staff_id, 4)
    return d


def finalise_demo_case(service: CaseService, staff_id: str, photo: Path) -> CaseDraft:
    """Mouldy grapes refunded: a finalised case for the "Finalised cases" window."""
    d = service.open_case(DEMO_STORE, staff_id, channel="counter")
    d.customer_words = "葡萄收到第二天就发霉了"
    d, _ = service.save_page(d, staff_id, 0)
    d.order = service.lookup_order(DEMO_FRESH_ORDER_NO)
    d.order_no_entered = DEMO_FRESH_ORDER_NO
    d.claimed_orderer_name = DEMO_CUSTOMER_NAME
    d.claimed_phone_last4 = DEMO_PHONE[-4:]
    d = service.check_identity(d, staff_id)
    if d.order is not None:
        d.items = {d.order.lines[0].id: 1}
        d.refund_cents = d.order.lines[0].unit_price_cents
    d.reason_category, d.stated_reason = "quality", "发霉"
    d = service.save_draft(d, staff_id)
    d = service.add_photo(d.id, staff_id, photo, caption="霉变")
    d.packaging_kept, d.tags_intact, d.seal_intact, d.signs_of_use = True, True, True, False
    d.resolution, d.refund_method = "refund", "original"
    return service.finalise(d, staff_id)


def render_screenshots(
    out_dir: Path, languages: tuple[str, ...] = ("en", "zh_CN")
) -> Iterator[Path]:
    app = QApplication.instance()
    assert app is not None
    translators = Translators()
    with tempfile.TemporaryDirectory(prefix="returndesk-shots-") as tmp:
        store = open_counter_store(Path(tmp) / "data")
        seed_demo_if_empty(store)
        photo = make_demo_item_photo(Path(tmp) / "sweater.jpg")
        policy = load_policy()
        earlier = datetime.now(UTC) - timedelta(minutes=22)
        # Two consultations that came in earlier: one answered, one overdue.
        service_past = make_case_service(store, policy)
        service_past._now = lambda: earlier  # noqa: SLF001 - a clock for the demo queue
        service = make_case_service(store, policy)
        staff_id = service.default_staff(DEMO_STORE)
        staff_service = StaffService(store.sessions)
        waiting = service_past.open_case(DEMO_STORE, staff_id, channel="phone")
        waiting.customer_words = "草莓收到时已经发霉了，孩子等着吃！"
        waiting.emotion = "upset"
        waiting.priority = "urgent"
        waiting.urgent_goods = True
        service_past.save_draft(waiting, staff_id)
        chat = service.open_case(DEMO_STORE, staff_id, channel="app_chat")
        chat.customer_words = "蓝牙耳机左耳没有声音"
        service.save_draft(chat, staff_id)
        case = fill_demo_case(service, staff_id, photo)
        done = finalise_demo_case(service, staff_id, photo)
        with store.sessions.begin() as s:
            add_demo_lead_notes(s, done.id, done.case_no)
        runner = TaskRunner()
        try:
            for lang in languages:
                translators.install(lang)
                target = out_dir / lang
                target.mkdir(parents=True, exist_ok=True)
                signed_out = MainWindow(
                    service, staff_service, runner, DEMO_STORE, None, lang, True
                )
                signed_out.show()
                settle(runner)
                yield _grab(signed_out, target / "0-sign-in.png")
                signed_out.close()
                signed_out.deleteLater()
                staff = next(m for m in staff_service.list_staff(DEMO_STORE) if m.id == staff_id)
                window = MainWindow(service, staff_service, runner, DEMO_STORE, staff, lang)
                window.show()
                settle(runner)
                yield _grab(window, target / "0-main.png")
                finished = FinishedCasesWindow(service, runner, DEMO_STORE, window)
                finished.show()
                settle(runner)
                finished.select_case(done.id)
                settle(runner)
                yield _grab(finished, target / "7-finalised-cases.png")
                finished.close()
                finished.deleteLater()
                for page, name in enumerate(PAGE_FILES):
                    draft = service.load(case.id)
                    draft.current_page = page
                    wizard = CaseWizard(service, runner, staff_id, draft, window)
                    wizard.show()
                    settle(runner)
                    yield _grab(wizard, target / f"{name}.png")
                    wizard._finished = True  # noqa: SLF001 - closing a screenshot must not save
                    wizard.close()
                    wizard.deleteLater()
                window.close()
                window.deleteLater()
                settle(runner, 50)
        finally:
            translators.install("en")
            runner.shutdown()
            store.close()


def _grab(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    return path
