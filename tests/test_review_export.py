"""Export of the filtered review list (CSV, XLSX) and the Signals tab, against a real server
process: the stream matches the list in every order, the files parse (csv, zipfile + XML),
formulas are neutralised; the window's Export… action and Signals tab do what they say."""

from __future__ import annotations

import asyncio
import csv
import json
import threading
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from core.export import ExportCancelled, ExportIncomplete, neutralise, write_export
from core.review import CaseFilters, CaseSort, ReviewClient, ReviewError
from tests.server_support import (
    BACKENDS,
    Line,
    Order,
    ServerProcess,
    import_orders,
    make_op,
    served,
)
from tests.test_signals import case_payload, enrol

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
RULES = "[quality_product]\nmin_returns = 3\n[store_rate]\nmin_cases = 4\nmin_flagged = 3\n"
RULES += "max_p_value = 0.05\n[repeat_customer]\nmin_stores = 3\n"
TRICKY = ['=HYPERLINK("http://evil")', "+86 138", "-5 元", "@SUM(A1)", "领口开线了，才穿了一次"]


def run_async(coro):  # type: ignore[no-untyped-def]
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@dataclass
class World:
    srv: ServerProcess
    lead: str
    other_lead: str
    counter: str
    ids: dict[str, list[str]] = field(default_factory=dict)

    def client(self, token: str | None = None, url: str | None = None) -> ReviewClient:
        return ReviewClient(
            url or self.srv.url, token or self.lead, "0.1.0-test",
            attempts=2, backoff_base=0.01, backoff_cap=0.05,
        )  # fmt: skip

    def listed(self, **params: Any) -> dict[str, Any]:
        with self.srv.client(self.lead) as c:
            r = c.get("/v1/review/cases", params={"limit": 200, **params})
        assert r.status_code == 200, r.text
        return dict(r.json())

    def exported(self, token: str | None = None, **params: Any) -> tuple[int, list[dict[str, Any]]]:
        with self.srv.client(token or self.lead) as c:
            r = c.get("/v1/review/export", params=params)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(x) for x in r.text.splitlines()]
        assert lines[-1] == {"end": {"rows": len(lines) - 1}}
        return int(r.headers["X-Total-Count"]), lines[:-1]


def seed(srv: ServerProcess, tmp: Path) -> World:
    for code, name, region in (("E1", "杭州一店", "East"), ("E2", "杭州二店", "East"),
                               ("E3", "杭州三店", "East"), ("F1", "福州一店", "Fuji")):  # fmt: skip
        srv.admin("create-store", code, "--name", name, "--region", region)
    counters = {code: enrol(srv, code) for code in ("E1", "E2", "E3", "F1")}
    world = World(
        srv,
        srv.admin("create-lead-token", "--region", "East", "--name", "East lead"),
        srv.admin("create-lead-token", "--region", "Fuji"),
        counters["E1"],
    )
    orders: list[Order] = []
    pending: dict[str, list[dict[str, Any]]] = {}

    def add(label: str, store: str, payload: dict[str, Any]) -> None:
        pending.setdefault(store, []).append(payload)
        world.ids.setdefault(label, []).append(payload["case"]["id"])

    def order(store: str, sku: str, phone: str, buyer: str = "张伟") -> Order:
        line = Line(1, sku, "电热水壶 1.7L" if sku == "SKU-KETTLE" else "保温杯", "ordinary", 5,
                    12900)  # fmt: skip
        o = Order(f"EX{len(orders) + 1:08d}", store, [line], customer_name=buyer, phone=phone)
        orders.append(o)
        return o

    # 22 cases in East: refunds with ties, words with formulas and Chinese, some flags.
    for i in range(22):
        store = ("E1", "E2", "E3")[i % 3]
        p = case_payload(store, at=NOW - timedelta(days=i % 9, hours=i), reason="other",
                         override=i % 7 == 0 and store == "E1", outside_policy=i % 5 == 0)  # fmt: skip
        p["case"]["refund_cents"] = (i % 4) * 2550
        p["case"]["customer_words"] = TRICKY[i % len(TRICKY)]
        p["case"]["case_no"] = f"{store}-2026112{i % 10}-{i:04d}"
        add("plain", store, p)
    # A kettle with three quality returns in three days (a signal), and a customer at
    # three stores in two days (another).
    for n, store in enumerate(("E1", "E2", "E3")):
        o = order(store, "SKU-KETTLE", f"1370000000{n}")
        add("kettle", store, case_payload(store, at=NOW - timedelta(days=2 + n), order=o))
    for n, store in enumerate(("E1", "E2", "E3")):
        o = order(store, "SKU-CUP", "13812345678", "李雷")
        add("customer", store, case_payload(store, at=NOW - timedelta(days=1, hours=5 * n),
                                            order=o, reason="changed_mind"))  # fmt: skip
    # E2 overrides identity in 6 more cases: it stands out from E1 and E3 (a third signal).
    for i in range(6):
        add("override", "E2", case_payload("E2", at=NOW - timedelta(days=i, hours=3),
                                           reason="other", override=True))  # fmt: skip
    for i in range(3):
        add("fuji", "F1", case_payload("F1", at=NOW - timedelta(days=i), reason="other"))
    import_orders(srv, orders, tmp / "orders.json")
    for store, payloads in pending.items():
        with srv.client(counters[store]) as c:
            r = c.post("/v1/push", json={"operations": [make_op(p) for p in payloads]})
        assert r.status_code == 200, r.text
        assert {x["result"] for x in r.json()["results"]} == {"applied"}, r.text
    return world


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp(f"export-{request.param}")
    rules = tmp / "signals.toml"
    rules.write_text(RULES, encoding="utf-8")
    args = ["--export-chunk-rows", "4", "--signals", str(rules)]
    with served(request.param, tmp / "data", args) as srv:
        yield seed(srv, tmp)


EAST_CASES = 22 + 3 + 3 + 6


# ---- the stream ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["finalised_at", "refund", "store", "case_no"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_export_stream_is_the_whole_list_in_its_order(world: World, sort: str, order: str) -> None:
    """Keyset chunks of 4 rows (ties on refund and store included) give exactly the list's
    rows in the list's order, each once."""
    for filters in ({}, {"store": "E2"}, {"q": "元"}, {"outside_policy": "true"},
                    {"refund_min": 2550, "identity_override": "false"}):  # fmt: skip
        params = {**filters, "sort": sort, "order": order}
        listed = world.listed(**params)
        total, rows = world.exported(**params)
        assert [r["id"] for r in rows] == [r["id"] for r in listed["items"]], params
        assert total == listed["total"] == len(rows)
        assert rows == listed["items"]  # the same row shape, flags and verdict
    assert world.exported()[0] == EAST_CASES


def test_export_is_the_leads_region_only_and_checks_like_the_list(world: World) -> None:
    total, rows = world.exported(token=world.other_lead)
    assert total == 3 and {r["store_code"] for r in rows} == {"F1"}
    with world.srv.client(world.lead) as c:
        for params, status in (({"store": "F1"}, 403), ({"sort": "words"}, 422),
                               ({"finalised_from": "2026-11-01T00:00:00"}, 422),
                               ({"q": "a\x00"}, 422)):  # fmt: skip
            r = c.get("/v1/review/export", params=params)
            assert r.status_code == status, (params, r.text)
            assert r.json()["error"]["message"]
    with world.srv.client(world.counter) as c:
        assert c.get("/v1/review/export").status_code == 403


# ---- the files ----------------------------------------------------------------------------------


def test_csv_file_has_a_bom_every_page_and_no_formulas(world: World, tmp_path: Path) -> None:
    client = world.client()
    path = tmp_path / "cases.csv"
    seen: list[tuple[int, int | None]] = []
    filters = CaseFilters(store="E1")
    result = run_async(client.export(filters, CaseSort("refund", False), path, "csv",
                                     progress=lambda r, t: seen.append((r, t))))  # fmt: skip
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Case", "Store", "Store name", "Finalised"]
    assert "Verdict" in header and "Identity override" in header
    listed = world.listed(store="E1", sort="refund", order="asc")
    assert result.rows == len(body) == listed["total"] > 4  # more than one chunk
    assert seen[0] == (0, listed["total"]) and seen[-1] == (len(body), listed["total"])
    col = {name: header.index(name) for name in header}
    assert [r[col["Case ID"]] for r in body] == [r["id"] for r in listed["items"]]
    assert {r[col["Store name"]] for r in body} == {"杭州一店"}
    refunds = [float(r[col["Refund (¥)"]]) for r in body]
    assert refunds == sorted(refunds) and set(refunds) <= {0.0, 25.5, 51.0, 76.5, 129.0}
    words = {r[col["Customer's words"]] for r in body}
    assert "领口开线了，才穿了一次" in words or "'-5 元" in words
    for cell in (c for r in body for c in r):
        assert not cell.startswith(("=", "+", "-", "@")), cell
    flags = {r[col["Identity override"]] for r in body}
    assert flags == {"0", "1"}
    assert not list(tmp_path.glob("*.part"))


def _cells(sheet: ElementTree.Element) -> list[list[Any]]:
    out = []
    for row in sheet.iterfind("m:sheetData/m:row", NS):
        values: list[Any] = []
        for c in row.iterfind("m:c", NS):
            if c.get("t") == "inlineStr":
                values.append("".join(t.text or "" for t in c.iterfind("m:is/m:t", NS)))
            else:
                v = c.find("m:v", NS)
                assert v is not None and v.text is not None
                values.append((float(v.text), c.get("s")))
        out.append(values)
    return out


def test_xlsx_file_is_a_valid_workbook_with_numbers_dates_and_chinese(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "cases.xlsx"
    result = run_async(world.client().export(CaseFilters(), CaseSort(), path, "xlsx"))
    assert result.rows == EAST_CASES
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml",
                "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} <= names  # fmt: skip
        for name in names:
            ElementTree.fromstring(z.read(name))  # every part is well-formed XML
        types = z.read("[Content_Types].xml").decode()
        assert "spreadsheetml.sheet.main+xml" in types and "worksheet+xml" in types
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        styles = z.read("xl/styles.xml").decode()
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert pane is not None and (pane.get("state"), pane.get("ySplit")) == ("frozen", "1")
    rows = _cells(sheet)
    header, body = rows[0], rows[1:]
    assert len(body) == EAST_CASES and header[0] == "Case" and header[-1] == "Case ID"
    listed = world.listed()
    assert [r[-1] for r in body] == [r["id"] for r in listed["items"]]
    col = {name: header.index(name) for name in header}
    first = listed["items"][0]
    refund, style = body[0][col["Refund (¥)"]]
    assert refund == first["refund_cents"] / 100 and style == "3"
    serial, style = body[0][col["Finalised"]]
    assert style == "2" and 'numFmtId="164" formatCode="yyyy-mm-dd hh:mm"' in styles
    finalised = datetime.fromisoformat(first["finalised_at"]).astimezone().replace(tzinfo=None)
    assert abs(datetime(1899, 12, 30) + timedelta(days=serial) - finalised) < timedelta(seconds=1)
    assert {r[col["Store name"]] for r in body} == {"杭州一店", "杭州二店", "杭州三店"}
    words = {r[col["Customer's words"]] for r in body}
    assert {"领口开线了，才穿了一次", "'=HYPERLINK(\"http://evil\")", "'+86 138", "'-5 元",
            "'@SUM(A1)"} <= words  # fmt: skip
    assert {r[col["Identity override"]][0] for r in body} == {0.0, 1.0}


def test_a_file_is_left_only_when_complete(tmp_path: Path) -> None:
    row = {"id": "c1", "case_no": "=1+1", "store_code": "E1", "finalised_at": NOW.isoformat(),
           "reason_category": "quality", "resolution": "refund", "refund_cents": 100,
           "flags": {}, "customer_words": "@x"}  # fmt: skip
    line = json.dumps(row).encode()
    target = tmp_path / "cut.xlsx"
    with pytest.raises(ExportIncomplete):
        write_export(iter([line, line]), target, "xlsx", UTC)  # no end line: cut short
    with pytest.raises(ExportIncomplete):
        write_export(iter([line, b'{"end": {"rows": 5}}']), target, "csv", UTC)
    stop = threading.Event()
    stop.set()
    with pytest.raises(ExportCancelled):
        write_export(iter([line, b'{"end": {"rows": 1}}']), target, "csv", UTC, cancel=stop)
    assert list(tmp_path.iterdir()) == []
    done = write_export(iter([line, b'{"end": {"rows": 1}}']), target, "csv", UTC)
    assert done.rows == 1
    cells = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))[1]
    assert cells[0] == "'=1+1" and "'@x" in cells
    assert neutralise("-3") == "'-3" and neutralise("3-") == "3-"


def test_an_unreachable_server_is_said_in_plain_words(world: World, tmp_path: Path) -> None:
    client = world.client(url="http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(ReviewError) as raised:
        run_async(client.export(None, None, tmp_path / "x.csv", "csv"))
    assert raised.value.offline and "cannot be reached" in raised.value.message
    assert list(tmp_path.iterdir()) == []


# ---- the window ---------------------------------------------------------------------------------


@pytest.fixture
def review_window(qtbot: QtBot, qt_event_loop: object, world: World):  # type: ignore[no-untyped-def]
    from ui.review_window import ReviewWindow

    window = ReviewWindow(world.client(), page_size=5)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sig_page_loaded, timeout=15_000):
        window.start()
    return window


def test_export_action_writes_every_page_of_the_filters(
    qtbot: QtBot, review_window: Any, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = review_window
    chosen = tmp_path / "east"  # no suffix: the chosen filter decides
    asked: list[str] = []

    def save_dialog(*args: Any) -> tuple[str, str]:
        asked.append(args[3])
        return str(chosen), "Excel workbook (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    with qtbot.waitSignal(window.sig_page_loaded, timeout=15_000):
        window.apply_filters(CaseFilters(store="E3"))
    assert window.page_data.pages > 1  # the export is not just the loaded page
    exporter = window.exporter
    assert exporter.action in window.toolbar.actions()
    with qtbot.waitSignal(exporter.sig_finished, timeout=30_000) as done:
        exporter.action.trigger()
    assert "*.csv" in asked[0] and "*.xlsx" in asked[0]
    result = done.args[0]
    assert result.path == tmp_path / "east.xlsx" and result.rows == window.page_data.total
    with zipfile.ZipFile(result.path) as z:
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    assert len(_cells(sheet)) == window.page_data.total + 1
    assert exporter.message_box is not None and "east.xlsx" in exporter.message_box.text()
    assert exporter.action.isEnabled()
    exporter.message_box.close()


def test_export_failure_is_said_and_leaves_no_file(
    qtbot: QtBot, review_window: Any, world: World, tmp_path: Path
) -> None:
    window = review_window
    exporter = window.exporter
    exporter.client = world.client(url="http://127.0.0.1:9")
    with qtbot.waitSignal(exporter.sig_failed, timeout=30_000) as failed:
        exporter.export_to(tmp_path / "x.csv", "csv")
    assert "The export failed" in failed.args[0] and "cannot be reached" in failed.args[0]
    assert exporter.message_box is not None and failed.args[0] == exporter.message_box.text()
    assert list(tmp_path.iterdir()) == []
    exporter.message_box.close()


def test_signals_tab_lists_signals_and_opens_their_cases(
    qtbot: QtBot, review_window: Any, world: World
) -> None:
    window = review_window
    panel = window.signals
    with qtbot.waitSignal(panel.sig_loaded, timeout=15_000) as loaded:
        window.tabs.setCurrentWidget(panel)
    report = loaded.args[0]
    kinds = {(g.kind, g.subject) for g in report.signals}
    assert ("quality_product", "SKU-KETTLE") in kinds
    assert any(k == "repeat_customer" for k, _ in kinds)
    assert ("store_rate", "E2") in kinds
    assert panel.tree.topLevelItemCount() == len(report.signals)
    top = panel.tree.topLevelItem(0)
    assert top.text(1) == "电热水壶 1.7L (SKU-KETTLE)"
    assert "3 quality returns within 7 days" in top.text(2)
    items = panel.case_items()
    wanted = next(i for i in items if i.data(0, Qt.ItemDataRole.UserRole) in world.ids["kettle"])
    case_id = wanted.data(0, Qt.ItemDataRole.UserRole)
    panel.tree.scrollToItem(wanted)
    rect = panel.tree.visualItemRect(wanted)
    with qtbot.waitSignal(panel.sig_open_case, timeout=5_000) as asked:
        # A real double-click is press, release, then a double-click event; QTest's
        # mouseDClick sends only the last.
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked.args == [case_id]
    with qtbot.waitSignal(window.sig_detail_loaded, timeout=15_000) as shown:
        panel.tree.setCurrentItem(wanted)
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert shown.args[0].row.id == case_id
    assert window.tabs.currentWidget() is window.splitter
    # The filter bar's dates move the signals: a range before the kettle's returns has none.
    with qtbot.waitSignal(panel.sig_loaded, timeout=15_000) as again:
        window.tabs.setCurrentWidget(panel)
        window.filter_bar.sig_changed.emit(
            CaseFilters(date_from=date(2020, 1, 1), date_to=date(2020, 1, 31))
        )
    assert again.args[0].signals == [] and panel.message.isVisible()
