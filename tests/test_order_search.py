"""Finding an order without its number: purchase dates, address fragment, payment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from core.cases import CaseService
from core.demo import DEMO_FRESH_ORDER_NO, DEMO_HOME_ADDRESS, DEMO_OLD_ORDER_NO, DEMO_ORDER_NO
from core.errors import UserError
from core.orders import OrderSearch
from tests.test_wizard import click, fill_intake, next_page, open_new, type_text
from ui.main_window import MainWindow

HOME_FRAGMENT = "锦绣苑"


def _criteria(service: CaseService, days: int = 14, **kw: str) -> OrderSearch:
    today = service.now().date()
    return OrderSearch(today - timedelta(days=days), today, **kw)


def test_address_and_payment_narrow_down(service: CaseService) -> None:
    assert HOME_FRAGMENT in DEMO_HOME_ADDRESS
    home = service.search_orders(_criteria(service, address_fragment=HOME_FRAGMENT), "SH01")
    found = {c.order_no for c in home}
    assert {DEMO_ORDER_NO, DEMO_FRESH_ORDER_NO} <= found
    assert DEMO_OLD_ORDER_NO not in found  # delivered to the office
    alipay = service.search_orders(
        _criteria(service, address_fragment=HOME_FRAGMENT, payment_method="alipay"), "SH01"
    )
    assert DEMO_ORDER_NO in [c.order_no for c in alipay]
    assert DEMO_FRESH_ORDER_NO not in [c.order_no for c in alipay]  # paid by WeChat
    assert all(c.payment_method == "alipay" for c in alipay)
    ours = next(c for c in alipay if c.order_no == DEMO_ORDER_NO)
    assert "…" in ours.address_hint and ours.address_hint != DEMO_HOME_ADDRESS
    assert ours.items[0].startswith("羊毛衫")


@pytest.mark.parametrize(
    ("kw", "field"),
    [({}, "address"), ({"address_fragment": "x"}, "date_range")],
)
def test_search_needs_enough_to_go_on(service: CaseService, kw: dict[str, str], field: str) -> None:
    days = 90 if field == "date_range" else 14
    with pytest.raises(UserError) as err:
        service.search_orders(_criteria(service, days, **kw), "SH01")
    assert err.value.field == field


def test_search_from_the_identity_page(qtbot: QtBot, window: MainWindow) -> None:
    wiz = open_new(qtbot, window)
    fill_intake(qtbot, wiz)
    next_page(qtbot, wiz, 1)
    click(qtbot, wiz.identity.search)
    qtbot.waitUntil(lambda: wiz.search_dialog is not None and wiz.search_dialog.isVisible())
    dialog = wiz.search_dialog
    assert dialog is not None
    click(qtbot, dialog.search)  # nothing but dates: told what else to ask
    qtbot.waitUntil(lambda: not dialog.fields["address"].error.isHidden())
    type_text(qtbot, dialog.address, HOME_FRAGMENT)
    dialog.payment.setCurrentIndex(dialog.payment.findData("alipay"))
    click(qtbot, dialog.search)
    qtbot.waitUntil(lambda: dialog.results.rowCount() >= 1)
    rows = [dialog.results.item(r, 0).text() for r in range(dialog.results.rowCount())]
    dialog.results.selectRow(rows.index(DEMO_ORDER_NO))  # candidates side by side: pick ours
    click(qtbot, dialog.use)
    qtbot.waitUntil(lambda: DEMO_ORDER_NO in wiz.identity.order_info.text())
    assert wiz.identity.order_no.text() == DEMO_ORDER_NO
