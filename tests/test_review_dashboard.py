"""The review dashboard against a real server process (SQLite and PostgreSQL): every chart's
numbers on known cases, store-local time buckets, the case list's filters and region
scoping; then the dashboard tab of the review window showing those numbers."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from core.review import CaseFilters, ReviewClient, ReviewError
from tests.server_support import (
    BACKENDS,
    ROOT,
    Line,
    Order,
    ServerProcess,
    make_op,
    orders_to_json,
    served,
)
from tests.test_review import Switch, review_case, run_async
from ui.review_window import ReviewWindow

# Two East stores in different zones, so one instant falls on two local days:
# 2026-11-10T17:30Z is 11-11 01:30 in Shanghai (+08) and 11-10 23:30 in Urumqi (+06).
STORES = (
    ("SH01", "上海一店", "East", "Asia/Shanghai"),
    ("SH02", "乌鲁木齐店", "East", "Asia/Urumqi"),
    ("BJ01", "北京一店", "North", "Asia/Shanghai"),
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def order(order_no: str, store: str, *lines: tuple[str, str, int, int]) -> Order:
    return Order(
        order_no=order_no,
        store_code=store,
        lines=[
            Line(i + 1, sku, name, "ordinary", qty, price)
            for i, (sku, name, qty, price) in enumerate(lines)
        ],
    )


SWEATER = ("SKU-SWEATER", "羊毛衫 M 灰色", 3, 29900)
CUP = ("SKU-CUP", "保温杯", 2, 8900)


@dataclass
class World:
    srv: ServerProcess
    tmp: Path
    tokens: dict[str, str] = field(default_factory=dict)
    staff: dict[str, str] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)

    def push(self, store: str, payload: dict[str, Any]) -> None:
        with self.srv.client(self.tokens[store]) as c:
            r = c.post("/v1/push", json={"operations": [make_op(payload)]})
        assert r.status_code == 200 and r.json()["results"][0]["result"] == "applied", r.text

    def dashboard(self, who: str = "lead_east", **params: Any) -> dict[str, Any]:
        with self.srv.client(self.tokens[who]) as c:
            r = c.get("/v1/review/dashboard", params=params)
        assert r.status_code == 200, r.text
        return dict(r.json())


def seed(w: World) -> None:
    for code, name, region, zone in STORES:
        w.srv.admin("create-store", code, "--name", name, "--region", region, "--timezone", zone)
    for key, store, role in (("li", "SH01", "clerk"), ("chen", "SH01", "supervisor"),
                             ("wang", "SH02", "clerk"), ("zhao", "BJ01", "clerk")):  # fmt: skip
        w.staff[key] = w.srv.admin(
            "create-staff", "--store", store, "--name", key, "--role", role, "--pin", "1234"
        )
    for code, *_ in STORES:
        enrol = w.srv.admin("create-enrolment-code", "--store", code)
        with w.srv.client() as c:
            r = c.post("/v1/enrol", json={"code": enrol, "device_name": code})
        w.tokens[code] = r.json()["token"]
    for region in ("East", "North"):
        w.tokens[f"lead_{region.lower()}"] = w.srv.admin(
            "create-lead-token", "--region", region, "--name", f"{region} lead"
        )
    w.orders = {
        "A": order("SH2611010001", "SH01", SWEATER, CUP),
        "B": order("SH2611010002", "SH02", SWEATER),
        "C": order("SH2611010003", "SH01", CUP),
        "D": order("BJ2611010001", "BJ01", SWEATER),
    }
    file = w.tmp / "orders.json"
    file.write_text(orders_to_json(list(w.orders.values())), encoding="utf-8")
    w.srv.admin("import-orders", str(file))
    a, b, c, d = (w.orders[k] for k in "ABCD")
    li, wang, chen = w.staff["li"], w.staff["wang"], w.staff["chen"]
    cases = [
        ("SH01", review_case(
            "SH01", li, finalised=utc("2026-11-03T02:00:00"), order=a, items=[(a.lines[0], 1)],
            refund_cents=29900)),
        ("SH01", review_case(
            "SH01", li, finalised=utc("2026-11-10T17:30:00"), order=a, items=[(a.lines[1], 1)],
            refund_cents=8900, response_after=timedelta(minutes=20))),
        ("SH02", review_case(
            "SH02", wang, finalised=utc("2026-11-10T17:30:00"), order=b,
            items=[(b.lines[0], 2)], refund_cents=29900, identity_status="overridden",
            approvals=[("identity_override", chen)], flags={"identity_mismatch": True})),
        ("SH02", review_case(
            "SH02", wang, finalised=utc("2026-11-04T04:00:00"), reason_category="size_colour",
            resolution="exchange", refund_cents=0)),
        ("SH01", review_case(
            "SH01", li, finalised=utc("2026-11-12T03:00:00"), reason_category="changed_mind",
            resolution="decline_goodwill", refund_cents=0, goodwill_cents=5000,
            response_after=None)),
        ("SH01", review_case(
            "SH01", li, finalised=utc("2026-11-12T05:00:00"), order=c, items=[(c.lines[0], 1)],
            reason_category="logistics", refund_cents=1500, goodwill_cents=300)),
        ("BJ01", review_case(
            "BJ01", w.staff["zhao"], finalised=utc("2026-11-11T02:00:00"), order=d,
            items=[(d.lines[0], 1)], refund_cents=99900, goodwill_cents=700,
            approvals=[("goodwill_above_budget", w.staff["zhao"])])),
    ]  # fmt: skip
    for store, payload in cases:
        w.push(store, payload)


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp(f"dashboard-{request.param}")
    with served(request.param, tmp / "data") as srv:
        w = World(srv, tmp)
        seed(w)
        yield w


def days(first: str, n: int, step: int = 1) -> list[str]:
    start = date.fromisoformat(first)
    return [(start + timedelta(days=i * step)).isoformat() for i in range(n)]


def series(body: dict[str, Any]) -> dict[str, list[int]]:
    return {s["reason"]: s["counts"] for s in body["timeline"]["series"]}


# ---- the numbers -------------------------------------------------------------------------


def test_totals_stores_and_products_are_exact(world: World) -> None:
    # Goodwill values count on cases with the goodwill flag (the cup's ¥3 on a refund
    # within the budget does not: the flag, a column, spares reading every payload).
    body = world.dashboard()
    assert body["region"] == "East" and body["timezone"] == "Asia/Shanghai"
    assert body["totals"] == {
        "cases": 6, "refund_cents": 29900 + 8900 + 29900 + 1500, "goodwill_cases": 1,
        "goodwill_cents": 5000, "sla_breached": 2, "identity_overrides": 1,
    }  # fmt: skip
    assert body["stores"] == [
        {"store_code": "SH01", "store_name": "上海一店", "cases": 4, "refund_cents": 40300,
         "goodwill_cases": 1, "goodwill_cents": 5000, "sla_breached": 2,
         "identity_overrides": 0},
        {"store_code": "SH02", "store_name": "乌鲁木齐店", "cases": 2, "refund_cents": 29900,
         "goodwill_cases": 0, "goodwill_cents": 0, "sla_breached": 0,
         "identity_overrides": 1},
    ]  # fmt: skip
    assert body["quality_reasons"] == ["quality"]
    # The North store's sweater and the logistics return of a cup do not count.
    assert body["products"] == [
        {"sku": "SKU-SWEATER", "name": "羊毛衫 M 灰色", "cases": 2, "quantity": 3},
        {"sku": "SKU-CUP", "name": "保温杯", "cases": 1, "quantity": 1},
    ]


def test_days_are_each_stores_own_calendar_days(world: World) -> None:
    timeline = world.dashboard()["timeline"]
    assert timeline["unit"] == "day"
    assert timeline["buckets"] == days("2026-11-03", 10)
    # The same instant: 11-10 in Urumqi (SH02), 11-11 in Shanghai (SH01).
    assert series({"timeline": timeline}) == {
        "quality": [1, 0, 0, 0, 0, 0, 0, 1, 1, 0],
        "changed_mind": [0] * 9 + [1],
        "logistics": [0] * 9 + [1],
        "size_colour": [0, 1] + [0] * 8,
    }
    assert [s["reason"] for s in timeline["series"]] == [
        "quality",
        "changed_mind",
        "logistics",
        "size_colour",
    ]  # most cases first, then by code


def test_a_long_range_is_counted_in_weeks_from_monday(world: World) -> None:
    body = world.dashboard(
        finalised_from="2026-09-01T00:00:00+08:00", finalised_to="2026-12-01T00:00:00+08:00"
    )
    assert body["timeline"]["unit"] == "week"
    assert body["timeline"]["buckets"] == days("2026-08-31", 14, step=7)
    assert series(body)["quality"] == [0] * 9 + [1, 2, 0, 0, 0]
    assert sum(sum(c) for c in series(body).values()) == body["totals"]["cases"] == 6


def test_a_date_range_gives_its_days_even_without_cases(world: World) -> None:
    body = world.dashboard(
        finalised_from="2026-11-10T00:00:00+08:00", finalised_to="2026-11-14T00:00:00+08:00"
    )
    assert body["totals"]["cases"] == 4
    assert body["timeline"]["buckets"] == days("2026-11-10", 4)
    assert series(body)["quality"] == [1, 1, 0, 0]
    empty = world.dashboard(
        finalised_from="2026-10-01T00:00:00+08:00", finalised_to="2026-10-04T00:00:00+08:00"
    )
    assert empty["totals"]["cases"] == 0 and empty["stores"] == [] and empty["products"] == []
    assert empty["timeline"]["buckets"] == days("2026-10-01", 3)
    assert empty["timeline"]["series"] == []


FILTERS: list[tuple[str, dict[str, Any], int, list[str]]] = [
    ("store", {"store": "SH02"}, 2, ["SH02"]),
    ("reason", {"reason": "quality"}, 3, ["SH01", "SH02"]),
    ("resolution", {"resolution": "decline_goodwill"}, 1, ["SH01"]),
    ("refund range", {"refund_min": 1500, "refund_max": 8900}, 2, ["SH01"]),
    ("identity override", {"identity_override": "true"}, 1, ["SH02"]),
    ("sla breached", {"sla_breached": "true"}, 2, ["SH01"]),
    ("goodwill", {"goodwill": "true"}, 1, ["SH01"]),
    ("search", {"q": "领口开线"}, 6, ["SH01", "SH02"]),
    ("search nothing", {"q": "没有这句话"}, 0, []),
]  # fmt: skip


@pytest.mark.parametrize(("params", "cases", "stores"), [f[1:] for f in FILTERS],
                         ids=[f[0] for f in FILTERS])  # fmt: skip
def test_the_case_lists_filters_apply(
    world: World, params: dict[str, Any], cases: int, stores: list[str]
) -> None:
    body = world.dashboard(**params)
    assert body["totals"]["cases"] == cases
    assert [s["store_code"] for s in body["stores"]] == stores
    assert sum(sum(c) for c in series(body).values()) == cases
    with world.srv.client(world.tokens["lead_east"]) as c:
        listed = c.get("/v1/review/cases", params={**params, "limit": 200}).json()
    assert listed["total"] == cases  # the same cases as the list


def test_filters_narrow_products_and_staff(world: World) -> None:
    body = world.dashboard(store="SH01", reason="quality")
    assert body["products"] == [
        {"sku": "SKU-CUP", "name": "保温杯", "cases": 1, "quantity": 1},
        {"sku": "SKU-SWEATER", "name": "羊毛衫 M 灰色", "cases": 1, "quantity": 1},
    ]  # ties: more units first, then by SKU
    assert world.dashboard(staff=world.staff["wang"])["totals"]["cases"] == 2
    assert world.dashboard(reason="size_colour")["products"] == []


def test_region_scoping(world: World) -> None:
    north = world.dashboard("lead_north")
    assert north["totals"] == {
        "cases": 1, "refund_cents": 99900, "goodwill_cases": 1, "goodwill_cents": 700,
        "sla_breached": 0, "identity_overrides": 0,
    }  # fmt: skip
    assert [s["store_code"] for s in north["stores"]] == ["BJ01"]
    assert north["products"] == [
        {"sku": "SKU-SWEATER", "name": "羊毛衫 M 灰色", "cases": 1, "quantity": 1}
    ]
    # Another region's staff finds nothing; another region's store is refused.
    assert world.dashboard("lead_north", staff=world.staff["li"])["totals"]["cases"] == 0
    with world.srv.client(world.tokens["lead_east"]) as c:
        r = c.get("/v1/review/dashboard", params={"store": "BJ01"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "FORBIDDEN"
    with world.srv.client(world.tokens["SH01"]) as c:
        assert c.get("/v1/review/dashboard").status_code == 403


def test_bad_filters_are_refused_with_a_message(world: World) -> None:
    with world.srv.client(world.tokens["lead_east"]) as c:
        naive = c.get("/v1/review/dashboard", params={"finalised_from": "2026-11-01T00:00:00"})
        assert naive.status_code == 422 and "offset" in naive.json()["error"]["message"]
        for params in ({"q": "领口\x00"}, {"store": "SH01\x00"}, {"refund_min": 2**63},
                       {"finalised_to": "0001-01-01T00:00:00+08:00"}):  # fmt: skip
            r = c.get("/v1/review/dashboard", params=params)
            assert r.status_code == 422, (params, r.text)
            assert r.json()["error"]["code"] == "INVALID_REQUEST"
        # The calendar's ends are no trouble, whatever the zones.
        for params in ({"finalised_to": "0001-01-01T00:00:00+00:00"},
                       {"finalised_from": "9999-12-31T23:59:59+00:00"},
                       {"finalised_from": "0001-01-01T00:00:00-05:00",
                        "finalised_to": "0001-01-02T00:00:00+00:00"}):  # fmt: skip
            r = c.get("/v1/review/dashboard", params=params)
            assert r.status_code == 200, (params, r.text)
            assert r.json()["totals"]["cases"] == 0
        # A silly range is answered, over the days that have cases.
        wide = c.get("/v1/review/dashboard", params={
            "finalised_from": "1900-01-01T00:00:00+00:00",
            "finalised_to": "9000-01-01T00:00:00+00:00"}).json()  # fmt: skip
        assert wide["totals"]["cases"] == 6
        assert wide["timeline"]["buckets"] == days("2026-11-03", 10)


def test_quality_reasons_follow_the_policy_handed_down(world: World) -> None:
    text = (ROOT / "resources" / "policy.toml").read_text(encoding="utf-8")
    block = "fault = {}\n\n[reasons.not_as_described]"  # the end of [reasons.logistics]
    changed = text.replace(block.format("false"), block.format("true"))
    assert changed != text
    path = world.tmp / "policy.toml"
    path.write_text(changed, encoding="utf-8")
    try:
        world.srv.admin("set-policy", str(path))
        body = world.dashboard()
        assert body["quality_reasons"] == ["logistics", "quality"]
        assert body["products"] == [  # the logistics return of a cup now counts
            {"sku": "SKU-SWEATER", "name": "羊毛衫 M 灰色", "cases": 2, "quantity": 3},
            {"sku": "SKU-CUP", "name": "保温杯", "cases": 2, "quantity": 2},
        ]
    finally:
        original = world.tmp / "policy-original.toml"
        original.write_text(text, encoding="utf-8")
        world.srv.admin("set-policy", str(original))
    assert world.dashboard()["quality_reasons"] == ["quality"]


# ---- the dashboard tab of the review window -------------------------------------------------


def _bars(series: Any) -> dict[str, list[float]]:
    return {b.label(): [b.at(i) for i in range(b.count())] for b in series.barSets()}


def _products(window: ReviewWindow) -> list[list[str]]:
    table = window.dashboard.products
    return [
        [table.item(r, c).text() for c in range(table.columnCount()) if table.item(r, c)]
        for r in range(table.rowCount())
    ]


def test_dashboard_tab_shows_the_servers_numbers_and_follows_the_filters(
    qtbot: QtBot, qt_event_loop: object, world: World
) -> None:
    link = Switch()
    client = ReviewClient(
        world.srv.url, world.tokens["lead_east"], "0.1.0-test", transport=link, attempts=2,
        backoff_base=0.01, backoff_cap=0.05, zone=ZoneInfo("Asia/Shanghai"),
    )  # fmt: skip
    window = ReviewWindow(client, page_size=5)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sig_page_loaded, timeout=15_000):
        window.start()
    qtbot.waitUntil(lambda: window.options is not None, timeout=10_000)
    board = window.dashboard
    assert window.tabs.objectName() == "reviewTabs"
    assert [window.tabs.tabText(i) for i in range(2)] == ["Cases", "Dashboard"]
    assert not board.isVisible() and board.data is None  # nothing asked before it is shown

    with qtbot.waitSignal(board.sig_loaded, timeout=15_000):
        window.tabs.setCurrentWidget(board)
    tiles = {name: tile.value.text() for name, tile in board.tiles.items()}
    assert tiles == {"cases": "6", "refunds": "¥702.00", "goodwill": "¥50.00", "sla": "67%",
                     "overrides": "17%"}  # fmt: skip
    assert board.timeline_view.chart().title() == "Returns per day, by reason"
    assert _bars(board.timeline_series) == {
        "Quality problem": [1, 0, 0, 0, 0, 0, 0, 1, 1, 0],
        "Changed mind / dislike": [0] * 9 + [1],
        "Logistics (crushed, late, lost)": [0] * 9 + [1],
        "Size or colour mismatch": [0, 1] + [0] * 8,
    }
    # Stores from the top: SH01, SH02 (horizontal bars are listed bottom-up).
    assert _bars(board.stores_series) == {"Returns by store": [2, 4]}
    assert _bars(board.sla_series) == {"SLA compliance by store": [100, 50]}
    assert _bars(board.overrides_series) == {"Identity-override rate by store": [50, 0]}
    assert _products(window) == [["SKU-SWEATER", "羊毛衫 M 灰色", "2", "3"],
                                 ["SKU-CUP", "保温杯", "1", "1"]]  # fmt: skip

    # A filter changed on the dashboard: the figures follow (and the list too).
    bar = window.filter_bar
    with qtbot.waitSignal(board.sig_loaded, timeout=15_000) as blocker:
        bar.store.setCurrentIndex(bar.store.findData("SH02"))
    assert blocker.args[0].filters.store == "SH02"
    assert board.tiles["cases"].value.text() == "2"
    assert _bars(board.stores_series) == {"Returns by store": [2]}
    assert _bars(board.overrides_series) == {"Identity-override rate by store": [50]}
    assert _products(window) == [["SKU-SWEATER", "羊毛衫 M 灰色", "1", "2"]]
    qtbot.waitUntil(lambda: window.page_data is not None and window.page_data.total == 2)

    # Changed on the case list: the dashboard loads it when shown again.
    window.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(window.sig_page_loaded, timeout=15_000):
        bar.reason.setCurrentIndex(bar.reason.findData("size_colour"))
    with qtbot.waitSignal(board.sig_loaded, timeout=15_000) as blocker:
        window.tabs.setCurrentWidget(board)
    assert (blocker.args[0].filters.store, blocker.args[0].filters.reason) == (
        "SH02", "size_colour"
    )  # fmt: skip
    assert board.tiles["cases"].value.text() == "1"
    assert _products(window) == [["No quality returns for these filters."]]

    # Offline: the last figures stay, under the banner; back online they refresh.
    shown = board.data
    link.down = True
    with qtbot.waitSignal(board.sig_load_failed, timeout=15_000):
        window.reload()
    assert board.data is shown and board.tiles["cases"].value.text() == "1"
    assert window.banner_row.isVisible()
    assert window.banner.text().startswith("Offline — data from ")
    assert "last figures loaded" in window.banner.text()
    assert board.retry_timer.isActive()
    link.down = False
    with qtbot.waitSignal(board.sig_loaded, timeout=15_000):
        window.retry_button.click()
    qtbot.waitUntil(lambda: not window.banner_row.isVisible(), timeout=10_000)
    window.close()
    closing = asyncio.ensure_future(link.real.aclose())  # its connections, on the same loop
    qtbot.waitUntil(closing.done, timeout=5_000)


def test_charts_are_not_imported_until_the_dashboard_is_shown() -> None:
    """QtCharts is big: the review window starts on the case list without it."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from core.review import ReviewClient\n"
        "from ui.review_window import ReviewWindow\n"
        "w = ReviewWindow(ReviewClient('http://127.0.0.1:9', 't', '0'))\n"
        "w.show(); app.processEvents()\n"
        "assert w.tabs.currentIndex() == 0\n"
        "print('PySide6.QtCharts' in sys.modules)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_client_asks_with_the_lists_filters_and_says_why_it_cannot(world: World) -> None:
    client = ReviewClient(
        world.srv.url, world.tokens["lead_east"], "0.1.0-test", attempts=2,
        backoff_base=0.01, backoff_cap=0.05, zone=ZoneInfo("Asia/Shanghai"),
    )  # fmt: skip
    # Whole days in the lead's zone, inclusive: 10 to 12 November (Shanghai).
    filters = CaseFilters(date_from=date(2026, 11, 10), date_to=date(2026, 11, 12))
    board = run_async(client.dashboard(filters))
    assert client.last_dashboard is board and board.filters == filters
    assert (board.region, board.timezone, board.totals.cases) == ("East", "Asia/Shanghai", 4)
    assert board.timeline.buckets == [date(2026, 11, 10), date(2026, 11, 11), date(2026, 11, 12)]
    assert {s.store_code: (s.sla_compliance, s.override_rate) for s in board.stores} == {
        "SH01": (1 / 3, 0.0), "SH02": (1.0, 1.0)
    }  # fmt: skip
    with pytest.raises(ReviewError) as refused:
        run_async(client.dashboard(CaseFilters(store="BJ01")))
    assert refused.value.code == "FORBIDDEN" and not refused.value.offline
    assert client.last_dashboard is board  # a refusal keeps the last figures
    offline = ReviewClient("http://127.0.0.1:9", "t", "0", attempts=1)
    with pytest.raises(ReviewError) as down:
        run_async(offline.dashboard())
    assert down.value.offline


def test_bucket_units_and_starts() -> None:
    from server.dashboard import _sqlite_local_day, bucket_start, unit_for

    first = date(2026, 1, 1)
    assert [unit_for(first, first + timedelta(days=n - 1)) for n in (1, 62, 63, 731, 732)] == [
        "day", "day", "week", "week", "month"
    ]  # fmt: skip
    assert unit_for(date(1990, 1, 1), date(2026, 1, 1)) == "year"
    thursday = date(2026, 11, 12)
    assert bucket_start(thursday, "week") == date(2026, 11, 9)  # Monday
    assert bucket_start(thursday, "month") == date(2026, 11, 1)
    assert bucket_start(thursday, "year") == date(2026, 1, 1)
    # SQLite's zone arithmetic follows daylight saving: 04:30 UTC is 00:30 in New York in
    # summer (EDT, -4) but 23:30 the day before in winter (EST, -5).
    assert _sqlite_local_day("2026-07-01 04:30", "America/New_York") == "2026-07-01"
    assert _sqlite_local_day("2026-12-01 04:30", "America/New_York") == "2026-11-30"
    assert _sqlite_local_day("2026-11-10 17:30", "Asia/Urumqi") == "2026-11-10"
    # Half-hour zones straddle midnight within a UTC hour: each instant is placed exactly.
    assert _sqlite_local_day("2026-11-10 18:10:00", "Asia/Kolkata") == "2026-11-10"  # 23:40
    assert _sqlite_local_day("2026-11-10 18:40:00", "Asia/Kolkata") == "2026-11-11"  # 00:10


# ---- products from the returned items alone (migration 0005) --------------------------------


def _world_database(world: World) -> Any:
    from server.database import Database, default_sqlite_url

    return Database(world.srv.database_url or default_sqlite_url(world.srv.data_dir))


def test_products_from_the_items_alone_are_the_products_through_the_cases(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filtered by store, dates and reason only, the products are read from the returned
    items' own columns (server.dashboard._items_answer); through the matching cases they
    must come out the same, names and ties included."""
    import server.dashboard as dash
    from server.auth import Principal
    from server.review import CaseQuery

    lead = Principal(device_id="t", kind="lead", name="lead", store_code=None, region="East")
    nov = [utc(t) for t in ("2026-11-03T02:00:00", "2026-11-05T00:00:00", "2026-11-10T17:30:00")]
    queries = [
        CaseQuery(),
        CaseQuery(store="SH01"),
        CaseQuery(store="SH02"),
        CaseQuery(reason="quality"),
        CaseQuery(reason="logistics"),
        CaseQuery(store="SH01", reason="quality"),
        *(CaseQuery(finalised_from=t) for t in nov),
        *(CaseQuery(finalised_to=t) for t in nov),
        CaseQuery(store="SH02", finalised_from=nov[1], finalised_to=nov[2]),
    ]
    db = _world_database(world)
    try:
        with db.read() as s:
            answers = []
            for q in queries:
                assert dash._items_answer(q), q
                fast = dash.dashboard(s, lead, q).products
                with monkeypatch.context() as through_cases:
                    through_cases.setattr(dash, "_items_answer", lambda _q: False)
                    assert dash.dashboard(s, lead, q).products == fast, q
                answers.append(fast)
    finally:
        db.dispose()
    assert answers[0] and [] in answers  # some with products, some without
    for other in (CaseQuery(staff="x"), CaseQuery(q="zip"), CaseQuery(sla_breached=False)):
        assert not dash._items_answer(other)


def test_migration_0005_gives_older_items_their_cases_facts_and_sku(world: World) -> None:
    """Items stored before 0005 had none of the columns: its backfill gives each the SKU
    of its order line and its case's store, reason and finalisation, as push does."""
    import importlib.util

    import sqlalchemy as sa

    from db.central import ReceivedItem

    path = Path(__file__).parents[1] / "db/central_migrations/versions/0005_products.py"
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    columns = (ReceivedItem.id, ReceivedItem.sku, ReceivedItem.store_code,
               ReceivedItem.reason_category, ReceivedItem.finalised_at)  # fmt: skip
    db = _world_database(world)
    try:
        with db.read() as s:
            pushed = sorted(s.execute(sa.select(*columns)).all())
        assert pushed and all(None not in row for row in pushed)
        with db.write() as s:
            s.execute(
                sa.update(ReceivedItem).values(
                    sku=None, store_code=None, reason_category=None, finalised_at=None
                )
            )
        with db.write() as s:
            s.execute(sa.text(migration.BACKFILL[s.get_bind().dialect.name]))
        with db.read() as s:
            assert sorted(s.execute(sa.select(*columns)).all()) == pushed
    finally:
        db.dispose()
