"""The customer's receipt: what the PDF says in each language, its QR code, and the dialog."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import segno
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QImage, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QComboBox, QTextBrowser
from pytestqt.qtbot import QtBot

from core.cases import CaseDraft, CaseService
from core.demo import DEMO_CLERK_NAME, DEMO_FRESH_ORDER_NO, DEMO_STORE
from core.policy import Policy
from core.receipt import (
    QR_MODULE_MM,
    ReceiptData,
    ReceiptItem,
    receipt_data,
    receipt_document,
    receipt_pdf_bytes,
    write_receipt_pdf,
)
from scripts.build_translations import lrelease
from scripts.update_translations import lupdate
from tests.conftest import FakeClock
from tests.test_cases import walk_to_resolution
from ui import receipt_dialog
from ui.receipt_dialog import ReceiptDialog

ROOT = Path(__file__).resolve().parent.parent

# The Chinese of every receipt string, for these tests' own catalogue: they
# must not depend on what the shared .ts holds at the moment.
ZH_RECEIPT = {
    "Quality problem": "质量问题",
    "Delivery problem (damaged, late or lost)": "物流问题（破损、延误或丢件）",
    "Wrong size or colour": "尺码或颜色不合适",
    "Not as described": "与描述不符",
    "Wrong item sent": "发错商品",
    "Missing parts": "缺少配件",
    "Changed mind": "个人原因（不想要了）",
    "Other": "其他",
    "Refund": "退款",
    "Exchange": "换货",
    "Replacement sent to you": "补发新品",
    "Repair": "维修",
    "Store credit / compensation coupon": "店铺余额 / 补偿券",
    "Return not accepted; goodwill gesture offered": "不予退换，给予善意补偿",
    "refund": "退款",
    "exchange": "换货",
    "replacement": "补发",
    "repair": "维修",
    "store credit": "店铺余额",
    "goodwill gesture": "善意补偿",
    "Back to the original payment": "原路退回",
    "Cash": "现金",
    "Store credit": "店铺余额",
    "Alipay": "支付宝",
    "WeChat Pay": "微信支付",
    "Bank card": "银行卡",
    "Ordinary goods": "普通商品",
    "Fresh food": "生鲜商品",
    "Medicine": "药品",
    "Electronics": "数码电器",
    "Underwear and hygiene goods": "贴身衣物及卫生用品",
    "original packaging": "原包装完好",
    "tags attached": "吊牌完好",
    "seal unopened": "塑封未拆",
    "no signs of use": "无使用痕迹",
    "Return receipt": "退换货凭证",
    "Case number": "退货单号",
    "Date": "日期",
    "Order number": "订单号",
    "Handled by": "经办人",
    "Items returned": "退回商品",
    "Item": "商品",
    "Qty": "数量",
    "Unit price": "单价",
    "Amount": "金额",
    "Total value returned": "退回商品总额",
    "Decision": "处理结果",
    "Reason": "退换原因",
    "Outcome": "处理方式",
    "Refund amount": "退款金额",
    "Refunded to": "退款方式",
    "Next steps": "后续跟进",
    "Store return policy for these goods": "门店退换货政策（适用于以上商品）",
    "Scan for the case number": "扫码获取退货单号",
    "Please keep this receipt. Show the case number or QR code whenever you contact us "
    "about this return.": "请妥善保管本凭证。就本次退换货联系我们时，请出示退货单号或二维码。",
    "{0} · page {1} of {2}": "{0} · 第{1}页，共{2}页",
    "{0} ({1})": "{0}（{1}）",
    "{0}, {1}": "{0}、{1}",
    "{0} or {1}": "{0}或{1}",
    "{0} and {1}": "{0}、{1}",
    "{amount} goes back to your original payment ({payment}).": "{amount}将原路退回（{payment}）。",
    "{amount} has been paid to you in cash.": "{amount}已以现金退还给您。",
    "{amount} has been added to your store credit.": "{amount}已存入您的店铺余额。",
    "We will exchange the item for you.": "我们将为您办理换货。",
    "A replacement ships to you; you do not pay anything again.": "我们将为您补发新品，您无需再次付款。",
    "Your item is being repaired; we will tell you when it is ready.": "您的商品正在维修，修好后我们会通知您。",
    "A store credit / compensation coupon of {amount} has been issued to you.": "已向您发放{amount}的店铺余额 / 补偿券。",
    "A store credit / compensation coupon has been issued to you.": "已向您发放店铺余额 / 补偿券。",
    "We could not take the goods back under the store policy below; we have offered you a "
    "goodwill gesture instead.": "根据以下门店政策，本次商品不予退换；我们已为您提供善意补偿。",
    "Please bring the item and this receipt to {store} by {date}.": "请于{date}前携带商品及本凭证到{store}办理。",
    "Please bring the item and this receipt to {store}.": "请携带商品及本凭证到{store}办理。",
    "We will follow up with you by {date}.": "我们将在{date}前与您联系，跟进处理进度。",
    "{0}-day no-reason returns": "{0}天无理由退货",
    "{0}-hour no-reason returns": "{0}小时无理由退货",
    "returns within {0} days of delivery, for problems with the goods only": "签收后{0}天内，商品有问题可退换（不支持无理由退货）",
    "returns within {0} hours of delivery, for problems with the goods only": "签收后{0}小时内，商品有问题可退换（不支持无理由退货）",
    "no-reason returns need {0}": "无理由退货须{0}",
    "once the seal is opened, only faulty goods can be returned": "拆封后仅限质量问题退换",
    "quality faults within {0} days: {1}": "{0}天内出现质量问题可{1}",
    "quality faults within {0} hours: {1}": "{0}小时内出现质量问题可{1}",
    "{0}: {1}": "{0}：{1}",
    "{0}; {1}": "{0}；{1}",
}  # fmt: skip

ZH_DIALOG = {
    "Receipt {0}": "退换货凭证 {0}",
    "Customer's &language:": "顾客语言(&L)：",
    "Customer's language": "顾客语言",
    "Receipt": "退换货凭证",
    "&Print…": "打印(&P)…",
    "Print the receipt": "打印凭证",
    "Save as P&DF…": "另存为 PDF(&D)…",
    "Save the receipt as PDF": "将凭证另存为 PDF",
    "&Close": "关闭(&C)",
    "Close": "关闭",
    "PDF files (*.pdf)": "PDF 文件 (*.pdf)",
    "The receipt could not be printed: {0}": "凭证未能打印：{0}",
    "The receipt was sent to the printer.": "凭证已发送到打印机。",
    "The PDF could not be saved to {0}: {1}": "PDF 未能保存到 {0}：{1}",
    "Saved {0}": "已保存 {0}",
    "The printer set for this counter ({0}) is not installed on this computer. Choose another "
    "printer, or save the receipt as PDF.": "为本柜台设置的打印机（{0}）未安装在这台电脑上。"
    "请选择其他打印机，或将凭证另存为 PDF。",
}

FINALISED_AT = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai
PLACEHOLDER = re.compile(r"\{\w*\}")


# --- helpers -----------------------------------------------------------------


def _write_catalogue(folder: Path, contexts: dict[str, dict[str, str]]) -> Path:
    body = "".join(
        f"<context><name>{escape(name)}</name>"
        + "".join(
            f"<message><source>{escape(src)}</source>"
            f"<translation>{escape(dst)}</translation></message>"
            for src, dst in messages.items()
        )
        + "</context>"
        for name, messages in contexts.items()
    )
    ts = folder / "returndesk_zh_CN.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS>'
        f'<TS version="2.1" language="zh_CN">{body}</TS>',
        encoding="utf-8",
    )
    qm = ts.with_suffix(".qm")
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout


def _pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout


def flat(text: str) -> str:
    """Without any whitespace: lines wrap where the page ends, not where we look."""
    return re.sub(r"\s+", "", text)


def assert_says(text: str, *phrases: str) -> None:
    missing = [p for p in phrases if flat(p) not in flat(text)]
    assert missing == [], f"not on the receipt: {missing}\n{text}"


def finalised_case(
    service: CaseService,
    staff_id: str,
    photo: Path,
    clock: FakeClock,
    order_no: str | None = None,
    **changes: object,
) -> CaseDraft:
    clock.now = FINALISED_AT
    draft = (
        walk_to_resolution(service, staff_id, photo)
        if order_no is None
        else walk_to_resolution(service, staff_id, photo, order_no)
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return service.finalise(draft, staff_id)


def receipt_of(service: CaseService, final: CaseDraft) -> ReceiptData:
    return receipt_data(final, service.store_name(DEMO_STORE), service.policy, DEMO_CLERK_NAME)


# --- fixtures ----------------------------------------------------------------


@pytest.fixture(scope="session")
def zh_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zh_receipt")
    _write_catalogue(folder, {"receipt": ZH_RECEIPT})
    return folder


@pytest.fixture
def receipt(
    qapp, service: CaseService, staff_id: str, demo_photo: Path, clock: FakeClock
) -> ReceiptData:  # type: ignore[no-untyped-def]
    return receipt_of(service, finalised_case(service, staff_id, demo_photo, clock))


# --- data --------------------------------------------------------------------


def test_receipt_data_holds_the_finalised_case(receipt: ReceiptData) -> None:
    assert receipt.store_name == "上海徐汇店"
    assert receipt.case_no == "SH01-20261126-0001"
    assert receipt.finalised_at.isoformat() == "2026-11-26T10:30:00+08:00"
    assert receipt.staff_name == DEMO_CLERK_NAME
    assert [(i.name, i.quantity, i.unit_price_cents) for i in receipt.items] == [
        ("羊毛衫 灰色 M码", 1, 29900)
    ]
    assert (receipt.reason, receipt.resolution, receipt.refund_cents) == (
        "quality",
        "refund",
        29900,
    )
    assert [s.kind for s in receipt.next_steps] == ["refund_original"]
    assert [rule.code for rule in receipt.policies] == ["ordinary"]


def test_a_draft_gets_no_receipt(
    service: CaseService, staff_id: str, demo_photo: Path, policy: Policy
) -> None:
    draft = walk_to_resolution(service, staff_id, demo_photo)
    with pytest.raises(ValueError, match="not finalised"):
        receipt_data(draft, "上海徐汇店", policy)


# --- the PDF in both languages --------------------------------------------------


def test_english_pdf_says_what_was_decided(receipt: ReceiptData, tmp_path: Path) -> None:
    pdf = write_receipt_pdf(receipt, "en", tmp_path / "receipt.pdf")
    text = pdf_text(pdf)
    assert_says(
        text,
        "上海徐汇店",
        "Return receipt",
        "Case number SH01-20261126-0001",
        "Date 26 November 2026 10:30",
        "Order number SH2511180007",
        f"Handled by {DEMO_CLERK_NAME}",
        "羊毛衫 灰色 M码 1 ¥299.00 ¥299.00",
        "Total value returned ¥299.00",
        "Reason Quality problem",
        "Outcome Refund",
        "Refund amount ¥299.00",
        "Refunded to Back to the original payment (Alipay)",
        "Next steps",
        "¥299.00 goes back to your original payment (Alipay).",
        "Ordinary goods: 7-day no-reason returns; no-reason returns need original packaging, "
        "tags attached and no signs of use",
    )
    assert not re.search(r"[\u2e80-\u2fdf]", text)  # radicals instead of characters


def test_chinese_pdf_says_it_in_chinese(receipt: ReceiptData, tmp_path: Path, zh_dir: Path) -> None:
    pdf = write_receipt_pdf(receipt, "zh_CN", tmp_path / "收据.pdf", translations=zh_dir)
    text = pdf_text(pdf)
    assert_says(
        text,
        "上海徐汇店",
        "退换货凭证",
        "退货单号 SH01-20261126-0001",
        "日期 2026年11月26日 10:30",
        "订单号 SH2511180007",
        "羊毛衫 灰色 M码",
        "退回商品总额 ¥299.00",
        "退换原因 质量问题",
        "处理方式 退款",
        "退款金额 ¥299.00",
        "退款方式 原路退回（支付宝）",
        "后续跟进",
        "¥299.00将原路退回（支付宝）。",
        "门店退换货政策",
        "普通商品：7天无理由退货；无理由退货须原包装完好、吊牌完好、无使用痕迹",
        "请妥善保管本凭证",
    )
    # Searching the PDF for 羊毛衫 or 门店 must work: no Kangxi radicals in its text.
    assert not re.search(r"[\u2e80-\u2fdf]", text)
    assert "Return receipt" not in text


def test_pdf_cross_references_still_hold_after_the_text_fix(receipt: ReceiptData) -> None:
    pdf = receipt_pdf_bytes(receipt, "en")
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))  # type: ignore[union-attr]
    table = re.compile(rb"xref\n0 (\d+)\n").match(pdf, start)
    assert table is not None
    rows = pdf[table.end() :].split(b"\n")[: int(table.group(1))]
    for number, row in enumerate(rows):
        offset, _, kind = row.split()[:3]
        if kind == b"n":
            assert pdf.startswith(b"%d 0 obj" % number, int(offset)), number


def test_qr_code_on_the_page_reads_back_as_the_case_number(
    receipt: ReceiptData, tmp_path: Path
) -> None:
    # No pure-Python QR decoder is installable here, so the page is read the
    # way a scanner starts: find the symbol on a 150 dpi rendering, sample the
    # centre of every module, and compare with the case number's QR matrix.
    pdf = write_receipt_pdf(receipt, "en", tmp_path / "receipt.pdf")
    dpi = 150
    subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", str(dpi), "-singlefile", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    expected = [[bool(m) for m in row] for row in segno.make(receipt.case_no, micro=False).matrix]
    found, side_px = _read_qr(tmp_path / "p.png", len(expected))
    assert found == expected
    side_mm = side_px / dpi * 25.4
    assert side_mm >= 25
    assert side_mm == pytest.approx(len(expected) * QR_MODULE_MM, abs=1)


def _read_qr(png: Path, modules: int) -> tuple[list[list[bool]], int]:
    image = QImage(str(png)).convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    bits, stride = bytes(image.constBits()), image.bytesPerLine()

    def dark(x: int, y: int) -> bool:
        return bits[y * stride + x] < 128

    # The code sits top right, right of the case facts, above its caption.
    left, bottom = int(width * 0.6), int(height * 0.35)
    dark_rows = [y for y in range(bottom) if any(dark(x, y) for x in range(left, width))]
    top = dark_rows[0]
    end = top
    for y in dark_rows[1:]:
        if y - end > 8:  # its quiet zone: the caption under it is another block
            break
        end = y
    xs = [x for y in range(top, end + 1) for x in range(left, width) if dark(x, y)]
    x0, x1 = min(xs), max(xs)
    side = x1 - x0 + 1
    assert abs(side - (end - top + 1)) <= 2, "the symbol is not square"
    cell = side / modules
    matrix = [
        [dark(int(x0 + (c + 0.5) * cell), int(top + (r + 0.5) * cell)) for c in range(modules)]
        for r in range(modules)
    ]
    return matrix, side


# --- next steps and policy lines ------------------------------------------------


def _plain(data: ReceiptData, language: str = "en", translations: Path | None = None) -> str:
    return receipt_document(data, language, translations=translations).toPlainText()


def test_phone_case_with_replacement_asks_for_the_item_back(
    service: CaseService, staff_id: str, demo_photo: Path, clock: FakeClock, zh_dir: Path
) -> None:
    final = finalised_case(
        service,
        staff_id,
        demo_photo,
        clock,
        channel="phone",
        resolution="replacement",
        refund_cents=0,
        refund_method="",
        follow_up_on=date(2026, 12, 1),
    )
    data = receipt_of(service, final)
    assert_says(
        _plain(data),
        "Outcome Replacement sent to you",
        "A replacement ships to you; you do not pay anything again.",
        "Please bring the item and this receipt to 上海徐汇店 by 1 December 2026.",
    )
    assert "Refund amount" not in _plain(data)
    assert_says(
        _plain(data, "zh_CN", zh_dir),
        "处理方式 补发新品",
        "我们将为您补发新品，您无需再次付款。",
        "请于2026年12月1日前携带商品及本凭证到上海徐汇店办理。",
    )


def test_counter_exchange_promises_a_follow_up(
    service: CaseService, staff_id: str, demo_photo: Path, clock: FakeClock
) -> None:
    final = finalised_case(
        service,
        staff_id,
        demo_photo,
        clock,
        resolution="exchange",
        refund_cents=0,
        refund_method="",
        follow_up_on=date(2026, 11, 29),
    )
    text = _plain(receipt_of(service, final))
    assert_says(
        text,
        "We will exchange the item for you.",
        "We will follow up with you by 29 November 2026.",
    )
    assert "bring the item" not in text


def test_fresh_goods_show_their_48_hours(
    service: CaseService, staff_id: str, demo_photo: Path, clock: FakeClock, zh_dir: Path
) -> None:
    final = finalised_case(
        service,
        staff_id,
        demo_photo,
        clock,
        order_no=DEMO_FRESH_ORDER_NO,
        refund_method="cash",
    )
    data = receipt_of(service, final)
    assert [rule.code for rule in data.policies] == ["fresh"]
    assert_says(
        _plain(data),
        "Fresh food: returns within 48 hours of delivery, for problems with the goods only",
        "has been paid to you in cash.",
    )
    assert_says(
        _plain(data, "zh_CN", zh_dir),
        "生鲜商品：签收后48小时内，商品有问题可退换（不支持无理由退货）",
        "已以现金退还给您。",
    )


def _hand_made(policy: Policy, items: tuple[ReceiptItem, ...], **values: object) -> ReceiptData:
    fields: dict[str, object] = {
        "store_name": "上海徐汇店",
        "case_no": "SH01-20261126-0042",
        "order_no": "SH2511180007",
        "finalised_at": FINALISED_AT,
        "staff_name": None,
        "items": items,
        "reason": "quality",
        "resolution": "repair",
        "refund_cents": 0,
        "refund_method": "",
        "payment_method": "wechat",
        "follow_up_on": None,
        "next_steps": (),
        "policies": tuple(policy.categories[c] for c in dict.fromkeys(i.category for i in items)),
    }
    fields.update(values)
    return ReceiptData(**fields)  # type: ignore[arg-type]


def test_electronics_and_sealed_goods_policy_lines(qapp, policy: Policy, zh_dir: Path) -> None:  # type: ignore[no-untyped-def]
    items = (
        ReceiptItem("蓝牙耳机 主动降噪 白色", 1, 49900, "electronics"),
        ReceiptItem("维生素C 泡腾片", 2, 3900, "medicine"),
    )
    data = _hand_made(policy, items)
    assert_says(
        _plain(data),
        "Electronics: 7-day no-reason returns; no-reason returns need original packaging and "
        "no signs of use; quality faults within 15 days: exchange, replacement or repair",
        "Medicine: 7-day no-reason returns; no-reason returns need original packaging, seal "
        "unopened and no signs of use; once the seal is opened, only faulty goods can be returned",
    )
    assert_says(
        _plain(data, "zh_CN", zh_dir),
        "数码电器：7天无理由退货；无理由退货须原包装完好、无使用痕迹；15天内出现质量问题可换货、补发或维修",
        "药品：7天无理由退货；无理由退货须原包装完好、塑封未拆、无使用痕迹；拆封后仅限质量问题退换",
    )


def test_a_long_receipt_numbers_its_pages(qapp, policy: Policy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items = tuple(ReceiptItem(f"拼装积木 第{n}号", 1, 14900, "ordinary") for n in range(60))
    pdf = write_receipt_pdf(_hand_made(policy, items), "en", tmp_path / "long.pdf")
    text = pdf_text(pdf)
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf)).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    assert_says(text, f"SH01-20261126-0042 · page {pages} of {pages}", "拼装积木 第59号")


def test_every_receipt_string_has_a_chinese_test_translation(tmp_path: Path) -> None:
    ts = tmp_path / "receipt.ts"
    subprocess.run(
        [lupdate(), "core/receipt.py", "ui/receipt_dialog.py", "-ts", str(ts)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    found = {
        (ctx.findtext("name"), msg.findtext("source"))
        for ctx in ET.parse(ts).getroot().iter("context")
        for msg in ctx.iter("message")
    }
    ours = {("receipt", s) for s in ZH_RECEIPT} | {("ReceiptDialog", s) for s in ZH_DIALOG}
    assert found == ours
    for source, text in [*ZH_RECEIPT.items(), *ZH_DIALOG.items()]:
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), source


# --- the dialog --------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot, receipt: ReceiptData, zh_dir: Path) -> ReceiptDialog:
    d = ReceiptDialog(receipt, "en", translations=zh_dir)
    qtbot.addWidget(d)
    d.show()
    return d


def test_dialog_switches_the_customer_language(dialog: ReceiptDialog) -> None:
    assert "Return receipt" in dialog.view.toPlainText()
    dialog.language_box.setFocus()
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("zh_CN"))
    assert dialog.language() == "zh_CN"
    assert "退换货凭证" in dialog.view.toPlainText()
    assert "Return receipt" not in dialog.view.toPlainText()
    assert dialog.print_button.text() == "&Print…"  # the counter's language stays


def test_dialog_saves_a_pdf_where_staff_chose(
    qtbot: QtBot, dialog: ReceiptDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[Path] = []

    def fake_dialog(_parent: object, suggested: Path) -> Path:
        chosen.append(suggested)
        return tmp_path / "for the customer"  # no suffix: the dialog adds .pdf

    monkeypatch.setattr(receipt_dialog, "choose_pdf_path", fake_dialog)
    dialog.set_language("zh_CN")
    with qtbot.waitSignal(dialog.sig_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert chosen[0].name == "SH01-20261126-0001.pdf"
    assert saved.args == [tmp_path / "for the customer.pdf"]
    assert_says(pdf_text(tmp_path / "for the customer.pdf"), "退货单号 SH01-20261126-0001")
    assert dialog.status.isVisible()
    assert "for the customer.pdf" in dialog.status.text()


def test_a_failed_save_is_said_in_plain_words(
    qtbot: QtBot, dialog: ReceiptDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no such folder" / "r.pdf"
    monkeypatch.setattr(receipt_dialog, "choose_pdf_path", lambda _p, _s: missing)
    with qtbot.assertNotEmitted(dialog.sig_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "could not be saved" in dialog.status.text()
    assert not missing.parent.exists()


def test_dialog_prints_through_the_print_dialog(
    qtbot: QtBot, dialog: ReceiptDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"
    offered: list[QPageSize.PageSizeId] = []

    def fake_print_dialog(_parent: object, printer: QPrinter) -> bool:
        offered.append(printer.pageLayout().pageSize().id())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(receipt_dialog, "choose_printer", fake_print_dialog)
    with qtbot.waitSignal(dialog.sig_printed):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert offered == [QPageSize.PageSizeId.A5]
    # Qt's own PDF printer keeps Qt's text map (⽺ for 羊): only our PDF path fixes
    # it, and paper does not care.
    text = unicodedata.normalize("NFKC", pdf_text(out))
    assert_says(text, "Case number SH01-20261126-0001", "Outcome Refund", "羊毛衫 灰色 M码")
    assert dialog.status.text() == "The receipt was sent to the printer."


def test_cancelled_print_prints_nothing(
    qtbot: QtBot, dialog: ReceiptDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(receipt_dialog, "choose_printer", lambda _parent, _printer: False)
    with qtbot.assertNotEmitted(dialog.sig_printed):
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert not dialog.status.isVisible()


def test_configured_printer_missing_is_said_and_another_can_be_chosen(
    qtbot: QtBot,
    receipt: ReceiptData,
    zh_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """printer = "Counter Receipts 1" on a computer that has no such printer (none at all here)."""
    from core import devices

    monkeypatch.setattr(devices, "_current", devices.Devices(printer="Counter Receipts 1"))
    d = ReceiptDialog(receipt, "en", translations=zh_dir)  # the counter's setting
    qtbot.addWidget(d)
    d.show()
    assert d.printer_name == "Counter Receipts 1"
    offered: list[str] = []

    def cancel(_parent: object, printer: QPrinter) -> bool:
        offered.append(printer.printerName())
        return False

    monkeypatch.setattr(receipt_dialog, "choose_printer", cancel)
    with qtbot.assertNotEmitted(d.sig_printed):
        qtbot.mouseClick(d.print_button, Qt.MouseButton.LeftButton)
    assert offered == [""]  # not the missing one: the system's default (none here)
    assert d.status.isVisible()
    assert d.status.text() == (
        "The printer set for this counter (Counter Receipts 1) is not installed on this "
        "computer. Choose another printer, or save the receipt as PDF."
    )

    out = tmp_path / "printed.pdf"

    def to_pdf(_parent: object, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(receipt_dialog, "choose_printer", to_pdf)
    with qtbot.waitSignal(d.sig_printed):
        qtbot.mouseClick(d.print_button, Qt.MouseButton.LeftButton)
    assert out.stat().st_size > 0
    assert d.status.text() == "The receipt was sent to the printer."


def test_dialog_widgets_are_named_and_follow_the_counter_language(
    qtbot: QtBot, dialog: ReceiptDialog, tmp_path: Path
) -> None:
    interactive = [
        *dialog.findChildren(QAbstractButton),
        *dialog.findChildren(QComboBox),
        *dialog.findChildren(QTextBrowser),
    ]
    assert len(interactive) == 5
    for widget in interactive:
        assert widget.objectName(), widget
        assert widget.accessibleName(), widget.objectName()

    qm = _write_catalogue(tmp_path, {"ReceiptDialog": ZH_DIALOG})
    translator = QTranslator()
    assert translator.load(str(qm))
    app = QCoreApplication.instance()
    assert app is not None
    app.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: dialog.print_button.text() == "打印(&P)…")
        assert dialog.windowTitle() == "退换货凭证 SH01-20261126-0001"
        assert dialog.language_box.accessibleName() == "顾客语言"
        assert "Return receipt" in dialog.view.toPlainText()  # the customer's stays
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: dialog.print_button.text() == "&Print…")
