"""The customer's receipt for a finalised case: data, HTML, PDF, and painting on a printer.

The receipt speaks the *customer's* language, which need not be the counter's,
so its strings are translated with a translator loaded here for that language
rather than the one installed in the application. Strings are marked with
QT_TRANSLATE_NOOP under the context "receipt" so pyside6-lupdate extracts them.

The page is A5 portrait: it prints on any office printer (A5 tray, or two to an
A4 sheet), fits a typical case on one page with room for the policy lines and a
QR code large enough to scan, and reads well as a PDF on a phone. An 80 mm
thermal roll was rejected: thermal paper fades within months, while this is the
paper the customer brings back at the follow-up, and roll printers need a page
length Qt cannot know in advance.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path
from zoneinfo import ZoneInfo

import segno
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QDate,
    QIODevice,
    QLocale,
    QMarginsF,
    QRectF,
    QSizeF,
    QTime,
    Qt,
    QTranslator,
    QUrl,
)
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPagedPaintDevice,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from core.cases import CaseDraft
from core.i18n import translations_dir
from core.policy import CategoryRule, Policy

CONTEXT = "receipt"
STORE_ZONE = "Asia/Shanghai"
PAGE_SIZE = QPageSize.PageSizeId.A5
PAGE_MARGINS_MM = QMarginsF(12, 10, 12, 10)
PDF_RESOLUTION = 600  # dpi: sharp text and QR modules, small file
# One QR module prints 1.25 mm wide: the 21-module symbol of a case number is
# then 26 mm across (quiet zone not counted), which any phone or counter
# scanner reads from arm's length.
QR_MODULE_MM = 1.25
QR_BORDER_MODULES = 4
QR_RESOURCE = QUrl("receipt:qr")
# Latin and Chinese in one family so the two scripts match in weight and
# height; the list covers Linux, Windows and macOS counters.
FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "sans-serif",
)
_CSS_PX_PER_MM = 96 / 25.4  # QTextDocument lengths are CSS pixels at 96 dpi

# --- Words the receipt uses for the domain's codes ---------------------------
# Its own table (core cannot use ui/labels.py) in customer-facing words.

_REASONS = {
    "quality": QT_TRANSLATE_NOOP("receipt", "Quality problem"),
    "logistics": QT_TRANSLATE_NOOP("receipt", "Delivery problem (damaged, late or lost)"),
    "size_colour": QT_TRANSLATE_NOOP("receipt", "Wrong size or colour"),
    "not_as_described": QT_TRANSLATE_NOOP("receipt", "Not as described"),
    "wrong_item": QT_TRANSLATE_NOOP("receipt", "Wrong item sent"),
    "missing_parts": QT_TRANSLATE_NOOP("receipt", "Missing parts"),
    "changed_mind": QT_TRANSLATE_NOOP("receipt", "Changed mind"),
    "other": QT_TRANSLATE_NOOP("receipt", "Other"),
}
_RESOLUTIONS = {
    "refund": QT_TRANSLATE_NOOP("receipt", "Refund"),
    "exchange": QT_TRANSLATE_NOOP("receipt", "Exchange"),
    "replacement": QT_TRANSLATE_NOOP("receipt", "Replacement sent to you"),
    "repair": QT_TRANSLATE_NOOP("receipt", "Repair"),
    "store_credit": QT_TRANSLATE_NOOP("receipt", "Store credit / compensation coupon"),
    "decline_goodwill": QT_TRANSLATE_NOOP(
        "receipt", "Return not accepted; goodwill gesture offered"
    ),
}
# The same, as words inside a sentence ("exchange, replacement or repair").
_RESOLUTIONS_IN_TEXT = {
    "refund": QT_TRANSLATE_NOOP("receipt", "refund"),
    "exchange": QT_TRANSLATE_NOOP("receipt", "exchange"),
    "replacement": QT_TRANSLATE_NOOP("receipt", "replacement"),
    "repair": QT_TRANSLATE_NOOP("receipt", "repair"),
    "store_credit": QT_TRANSLATE_NOOP("receipt", "store credit"),
    "decline_goodwill": QT_TRANSLATE_NOOP("receipt", "goodwill gesture"),
}
_REFUND_METHODS = {
    "original": QT_TRANSLATE_NOOP("receipt", "Back to the original payment"),
    "cash": QT_TRANSLATE_NOOP("receipt", "Cash"),
    "store_credit": QT_TRANSLATE_NOOP("receipt", "Store credit"),
}
_PAYMENTS = {
    "alipay": QT_TRANSLATE_NOOP("receipt", "Alipay"),
    "wechat": QT_TRANSLATE_NOOP("receipt", "WeChat Pay"),
    "card": QT_TRANSLATE_NOOP("receipt", "Bank card"),
    "cash": QT_TRANSLATE_NOOP("receipt", "Cash"),
}
_CATEGORIES = {
    "ordinary": QT_TRANSLATE_NOOP("receipt", "Ordinary goods"),
    "fresh": QT_TRANSLATE_NOOP("receipt", "Fresh food"),
    "medicine": QT_TRANSLATE_NOOP("receipt", "Medicine"),
    "electronics": QT_TRANSLATE_NOOP("receipt", "Electronics"),
    "underwear": QT_TRANSLATE_NOOP("receipt", "Underwear and hygiene goods"),
}
_CONDITIONS = {
    "packaging": QT_TRANSLATE_NOOP("receipt", "original packaging"),
    "tags": QT_TRANSLATE_NOOP("receipt", "tags attached"),
    "seal": QT_TRANSLATE_NOOP("receipt", "seal unopened"),
    "unused": QT_TRANSLATE_NOOP("receipt", "no signs of use"),
}

# --- Headings and sentences -------------------------------------------------

_T_TITLE = QT_TRANSLATE_NOOP("receipt", "Return receipt")
_T_CASE_NO = QT_TRANSLATE_NOOP("receipt", "Case number")
_T_DATE = QT_TRANSLATE_NOOP("receipt", "Date")
_T_ORDER_NO = QT_TRANSLATE_NOOP("receipt", "Order number")
_T_STAFF = QT_TRANSLATE_NOOP("receipt", "Handled by")
_T_ITEMS = QT_TRANSLATE_NOOP("receipt", "Items returned")
_T_ITEM = QT_TRANSLATE_NOOP("receipt", "Item")
_T_QTY = QT_TRANSLATE_NOOP("receipt", "Qty")
_T_UNIT_PRICE = QT_TRANSLATE_NOOP("receipt", "Unit price")
_T_AMOUNT = QT_TRANSLATE_NOOP("receipt", "Amount")
_T_TOTAL = QT_TRANSLATE_NOOP("receipt", "Total value returned")
_T_DECISION = QT_TRANSLATE_NOOP("receipt", "Our decision")
_T_REASON = QT_TRANSLATE_NOOP("receipt", "Reason")
_T_RESOLUTION = QT_TRANSLATE_NOOP("receipt", "Decision")
_T_REFUND = QT_TRANSLATE_NOOP("receipt", "Refund")
_T_REFUND_TO = QT_TRANSLATE_NOOP("receipt", "Refunded to")
_T_NEXT_STEPS = QT_TRANSLATE_NOOP("receipt", "Next steps")
_T_POLICY = QT_TRANSLATE_NOOP("receipt", "Store return policy for these goods")
_T_SCAN = QT_TRANSLATE_NOOP("receipt", "Scan for the case number")
_T_FOOTER = QT_TRANSLATE_NOOP(
    "receipt",
    "Please keep this receipt. Show the case number or QR code whenever you contact us "
    "about this return.",
)
_T_PAGE = QT_TRANSLATE_NOOP("receipt", "{0} · page {1} of {2}")
_T_LIST_SEP = QT_TRANSLATE_NOOP("receipt", ", ")
_T_LIST_OR = QT_TRANSLATE_NOOP("receipt", "{0} or {1}")

_NEXT_STEPS = {
    "refund_original": QT_TRANSLATE_NOOP(
        "receipt", "{amount} goes back to your original payment ({payment})."
    ),
    "refund_cash": QT_TRANSLATE_NOOP("receipt", "{amount} has been paid to you in cash."),
    "refund_store_credit": QT_TRANSLATE_NOOP(
        "receipt", "{amount} has been added to your store credit."
    ),
    "exchange": QT_TRANSLATE_NOOP("receipt", "We will exchange the item for you."),
    "replacement": QT_TRANSLATE_NOOP(
        "receipt", "A replacement ships to you; you do not pay anything again."
    ),
    "repair": QT_TRANSLATE_NOOP(
        "receipt", "Your item is being repaired; we will tell you when it is ready."
    ),
    "store_credit_amount": QT_TRANSLATE_NOOP(
        "receipt", "A store credit / compensation coupon of {amount} has been issued to you."
    ),
    "store_credit": QT_TRANSLATE_NOOP(
        "receipt", "A store credit / compensation coupon has been issued to you."
    ),
    "decline_goodwill": QT_TRANSLATE_NOOP(
        "receipt",
        "We could not take the goods back under the store policy below; "
        "we have offered you a goodwill gesture instead.",
    ),
    "bring_item_by": QT_TRANSLATE_NOOP(
        "receipt", "Please bring the item and this receipt to {store} by {date}."
    ),
    "bring_item": QT_TRANSLATE_NOOP(
        "receipt", "Please bring the item and this receipt to {store}."
    ),
    "follow_up": QT_TRANSLATE_NOOP("receipt", "We will follow up with you by {date}."),
}

_POLICY_LINES = {
    ("days", True): QT_TRANSLATE_NOOP("receipt", "{0}-day no-reason returns"),
    ("hours", True): QT_TRANSLATE_NOOP("receipt", "{0}-hour no-reason returns"),
    ("days", False): QT_TRANSLATE_NOOP(
        "receipt", "returns within {0} days of delivery, for problems with the goods only"
    ),
    ("hours", False): QT_TRANSLATE_NOOP(
        "receipt", "returns within {0} hours of delivery, for problems with the goods only"
    ),
}
_T_POLICY_CONDITION = QT_TRANSLATE_NOOP("receipt", "no-reason returns need {0}")
_T_POLICY_SEALED = QT_TRANSLATE_NOOP(
    "receipt", "once the seal is opened, only faulty goods can be returned"
)
_T_POLICY_FAULT = {
    "days": QT_TRANSLATE_NOOP("receipt", "quality faults within {0} days: {1}"),
    "hours": QT_TRANSLATE_NOOP("receipt", "quality faults within {0} hours: {1}"),
}
_T_POLICY_LINE = QT_TRANSLATE_NOOP("receipt", "{0}: {1}")
_T_POLICY_JOIN = QT_TRANSLATE_NOOP("receipt", "; ")


# --- The data ----------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptItem:
    name: str
    quantity: int
    unit_price_cents: int
    category: str

    @property
    def amount_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@dataclass(frozen=True)
class NextStep:
    """One thing that still happens, as a code; words come at rendering."""

    kind: str  # a key of _NEXT_STEPS
    on: date | None = None
    amount_cents: int = 0


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on a receipt, as plain values in no language."""

    store_name: str
    case_no: str
    order_no: str
    finalised_at: datetime  # in the store's zone
    staff_name: str | None
    items: tuple[ReceiptItem, ...]
    reason: str
    resolution: str
    refund_cents: int
    refund_method: str
    payment_method: str
    follow_up_on: date | None
    next_steps: tuple[NextStep, ...]
    policies: tuple[CategoryRule, ...]  # the rules of the returned goods' categories

    @property
    def total_cents(self) -> int:
        return sum(item.amount_cents for item in self.items)


def receipt_data(
    draft: CaseDraft,
    store_name: str,
    policy: Policy,
    staff_name: str | None = None,
    zone: str = STORE_ZONE,
) -> ReceiptData:
    """The receipt of a finalised case. A draft gets none: it may still change."""
    if draft.finalised_at is None or draft.order is None:
        raise ValueError(f"case {draft.case_no} is not finalised: there is no receipt yet")
    lines = {line.id: line for line in draft.order.lines}
    items = tuple(
        ReceiptItem(line.name, quantity, line.unit_price_cents, line.category)
        for line in draft.order.lines
        if (quantity := draft.items.get(line.id, 0)) > 0
    )
    missing = set(draft.items) - set(lines)
    if missing:
        raise ValueError(f"case {draft.case_no} returns lines not on its order: {missing}")
    categories = dict.fromkeys(item.category for item in items)
    return ReceiptData(
        store_name=store_name,
        case_no=draft.case_no,
        order_no=draft.order.order_no,
        finalised_at=draft.finalised_at.astimezone(ZoneInfo(zone)),
        staff_name=staff_name or None,
        items=items,
        reason=draft.reason_category,
        resolution=draft.resolution,
        refund_cents=draft.refund_cents if draft.resolution in ("refund", "store_credit") else 0,
        refund_method=draft.refund_method if draft.resolution == "refund" else "",
        payment_method=draft.order.payment_method,
        follow_up_on=draft.follow_up_on,
        next_steps=_next_steps(draft),
        policies=tuple(policy.categories[c] for c in categories if c in policy.categories),
    )


def _next_steps(draft: CaseDraft) -> tuple[NextStep, ...]:
    steps: list[NextStep] = []
    resolution = draft.resolution
    if resolution == "refund":
        method = draft.refund_method if draft.refund_method in ("cash", "store_credit") else ""
        steps.append(NextStep(f"refund_{method or 'original'}", amount_cents=draft.refund_cents))
    elif resolution == "store_credit":
        kind = "store_credit_amount" if draft.refund_cents > 0 else "store_credit"
        steps.append(NextStep(kind, amount_cents=draft.refund_cents))
    elif resolution in _NEXT_STEPS:
        steps.append(NextStep(resolution))
    # A case taken by phone or in the app chat leaves the goods with the
    # customer: what comes back over the counter has already been handed in.
    goods_with_customer = draft.channel != "counter" and (
        resolution in ("refund", "exchange", "repair")
        or (resolution == "replacement" and draft.reason_category != "missing_parts")
    )
    if goods_with_customer:
        kind = "bring_item_by" if draft.follow_up_on else "bring_item"
        steps.append(NextStep(kind, on=draft.follow_up_on))
    elif draft.follow_up_on is not None:
        steps.append(NextStep("follow_up", on=draft.follow_up_on))
    return tuple(steps)


# --- Words in the customer's language -------------------------------------


class _Words:
    """Translates receipt strings into one language, whatever the UI speaks."""

    def __init__(self, language: str, directory: str | os.PathLike[str] | None) -> None:
        self.language = language
        self.locale = QLocale(language if language != "en" else "en_GB")
        self._translator: QTranslator | None = None
        if language != "en":
            translator = QTranslator()
            folder = str(directory) if directory is not None else translations_dir()
            if translator.load(f"returndesk_{language}", folder):
                self._translator = translator

    def __call__(self, source: str) -> str:
        if self._translator is None:
            return source
        return self._translator.translate(CONTEXT, source) or source

    def join(self, parts: Sequence[str], last: str | None = None) -> str:
        """"a, b or c": with ``last`` (an "{0} or {1}" string) before the last part."""
        if last is None or len(parts) < 2:
            return self(_T_LIST_SEP).join(parts)
        return self(last).format(self(_T_LIST_SEP).join(parts[:-1]), parts[-1])

    def date(self, day: date) -> str:
        qdate = QDate(day.year, day.month, day.day)
        fmt = "yyyy年M月d日" if self.language.startswith("zh") else "d MMMM yyyy"
        return self.locale.toString(qdate, fmt)

    def moment(self, when: datetime) -> str:
        time = self.locale.toString(QTime(when.hour, when.minute), "HH:mm")
        return f"{self.date(when.date())} {time}"


def yuan(cents: int) -> str:
    return f"¥{cents / 100:,.2f}"


def next_step_text(step: NextStep, data: ReceiptData, words: _Words) -> str:
    return words(_NEXT_STEPS[step.kind]).format(
        amount=yuan(step.amount_cents),
        payment=words(_PAYMENTS.get(data.payment_method, data.payment_method)),
        store=data.store_name,
        date=words.date(step.on) if step.on else "",
    )


def policy_text(rule: CategoryRule, words: _Words) -> str:
    """The rule of one goods category in a line the customer can read."""
    parts = [words(_POLICY_LINES[(rule.window.unit, rule.no_reason_returns)])]
    parts[0] = parts[0].format(rule.window.amount)
    if rule.no_reason_returns and rule.condition:
        needs = [words(_CONDITIONS[c]) for c in rule.condition if c in _CONDITIONS]
        parts.append(words(_T_POLICY_CONDITION).format(words.join(needs)))
    if rule.no_return_once_opened:
        parts.append(words(_T_POLICY_SEALED))
    if rule.fault_window is not None:
        fixes = [words(_RESOLUTIONS_IN_TEXT[r]) for r in rule.fault_window_resolutions]
        parts.append(
            words(_T_POLICY_FAULT[rule.fault_window.unit]).format(
                rule.fault_window.amount, words.join(fixes, _T_LIST_OR)
            )
        )
    category = words(_CATEGORIES.get(rule.code, rule.code))
    return words(_T_POLICY_LINE).format(category, words(_T_POLICY_JOIN).join(parts))


# --- HTML ----------------------------------------------------------------------

_INK = "#1a1a1a"
_MUTED = "#666666"
_RULE = "#b3b3b3"


def render_receipt_html(
    data: ReceiptData, language: str, *, translations: str | os.PathLike[str] | None = None
) -> str:
    """The receipt as QTextDocument HTML; the QR code is the resource ``receipt:qr``.

    ``translations`` is the folder holding ``returndesk_<language>.qm``
    (default: the app's own).
    """
    w = _Words(language, translations)
    e = escape
    qr_px = _qr_size_mm(data.case_no) * _CSS_PX_PER_MM

    facts = [
        (w(_T_CASE_NO), f"<b>{e(data.case_no)}</b>"),
        (w(_T_DATE), e(w.moment(data.finalised_at))),
        (w(_T_ORDER_NO), e(data.order_no)),
    ]
    if data.staff_name:
        facts.append((w(_T_STAFF), e(data.staff_name)))
    fact_rows = "".join(
        f"<tr><td style='color:{_MUTED}; padding:1px 10px 1px 0'>{e(k)}</td>"
        f"<td style='padding:1px 0'>{v}</td></tr>"
        for k, v in facts
    )
    header = (
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        "<td valign='top'>"
        f"<p style='font-size:15pt; font-weight:bold; margin:0'>{e(data.store_name)}</p>"
        f"<p style='font-size:11pt; color:{_MUTED}; margin:2px 0 10px 0'>{e(w(_T_TITLE))}</p>"
        f"<table cellspacing='0' cellpadding='0'>{fact_rows}</table>"
        "</td>"
        "<td valign='top' align='center' width='1'>"
        f"<img src='{QR_RESOURCE.toString()}' width='{qr_px:.1f}' height='{qr_px:.1f}'>"
        f"<p style='font-size:7pt; color:{_MUTED}; margin:0'>{e(w(_T_SCAN))}</p>"
        "</td></tr></table>"
    )

    cell = f"padding:3px 4px; border-bottom:1px solid {_RULE}"
    head = f"padding:3px 4px; color:{_MUTED}; border-bottom:1px solid {_INK}"
    item_rows = "".join(
        f"<tr><td style='{cell}'>{e(item.name)}</td>"
        f"<td align='right' style='{cell}'>{item.quantity}</td>"
        f"<td align='right' style='{cell}'>{yuan(item.unit_price_cents)}</td>"
        f"<td align='right' style='{cell}'>{yuan(item.amount_cents)}</td></tr>"
        for item in data.items
    )
    items = (
        _heading(w(_T_ITEMS))
        + "<table width='100%' cellspacing='0' style='border-collapse:collapse'>"
        f"<tr><td style='{head}'>{e(w(_T_ITEM))}</td>"
        f"<td align='right' style='{head}'>{e(w(_T_QTY))}</td>"
        f"<td align='right' style='{head}'>{e(w(_T_UNIT_PRICE))}</td>"
        f"<td align='right' style='{head}'>{e(w(_T_AMOUNT))}</td></tr>"
        f"{item_rows}"
        f"<tr><td colspan='3' align='right' style='padding:4px 4px 0 4px'>{e(w(_T_TOTAL))}</td>"
        f"<td align='right' style='padding:4px 4px 0 4px; font-weight:bold'>"
        f"{yuan(data.total_cents)}</td></tr>"
        "</table>"
    )

    decision_rows = [
        (w(_T_REASON), w(_REASONS.get(data.reason, data.reason))),
        (w(_T_RESOLUTION), w(_RESOLUTIONS.get(data.resolution, data.resolution))),
    ]
    if data.resolution == "refund":
        decision_rows.append((w(_T_REFUND), yuan(data.refund_cents)))
        method = w(_REFUND_METHODS.get(data.refund_method, data.refund_method))
        if data.refund_method == "original":
            method += f" ({w(_PAYMENTS.get(data.payment_method, data.payment_method))})"
        decision_rows.append((w(_T_REFUND_TO), method))
    decision = _heading(w(_T_DECISION)) + (
        "<table cellspacing='0' cellpadding='0'>"
        + "".join(
            f"<tr><td style='color:{_MUTED}; padding:1px 14px 1px 0'>{e(k)}</td>"
            f"<td style='padding:1px 0; font-weight:bold'>{e(v)}</td></tr>"
            for k, v in decision_rows
        )
        + "</table>"
    )

    steps = [next_step_text(step, data, w) for step in data.next_steps]
    next_steps = (
        _heading(w(_T_NEXT_STEPS)) + _bullets(steps, weight="normal") if steps else ""
    )
    rules = [policy_text(rule, w) for rule in data.policies]
    policy = (
        _heading(w(_T_POLICY)) + _bullets(rules, size="8pt", colour=_INK) if rules else ""
    )
    footer = (
        f"<hr style='color:{_RULE}'>"
        f"<p style='font-size:8pt; color:{_MUTED}; margin-top:2px'>{e(w(_T_FOOTER))}</p>"
    )
    return (
        f"<html><body style='font-size:9pt; color:{_INK}'>"
        f"{header}{items}{decision}{next_steps}{policy}{footer}</body></html>"
    )


def _heading(text: str) -> str:
    return (
        "<p style='font-size:10pt; font-weight:bold; margin-top:14px; margin-bottom:4px'>"
        f"{escape(text)}</p>"
    )


def _bullets(
    lines: Sequence[str], *, size: str = "9pt", colour: str = _INK, weight: str = "normal"
) -> str:
    return "".join(
        f"<p style='font-size:{size}; color:{colour}; font-weight:{weight}; "
        f"margin:0 0 3px 0; margin-left:12px; text-indent:-10px'>•&nbsp;&nbsp;{escape(line)}</p>"
        for line in lines
    )


# --- The document, the QR code, the page ------------------------------------


def qr_image(case_no: str, scale: int = 12) -> QImage:
    """The case number as a QR code: ``scale`` pixels a module, quiet zone included.

    Whole pixels a module, and many of them (12 × 29 modules is about 250 dpi at
    the printed size), so no scaling on the way to paper blurs a module edge.
    """
    code = segno.make(case_no, micro=False)
    buffer = _BytesSink()
    code.save(buffer, kind="png", scale=scale, border=QR_BORDER_MODULES)
    image = QImage.fromData(buffer.data, "PNG")
    if image.isNull():
        raise RuntimeError(f"the QR code of {case_no} could not be drawn")
    return image


def _qr_size_mm(case_no: str) -> float:
    modules = segno.make(case_no, micro=False).symbol_size(scale=1, border=QR_BORDER_MODULES)[0]
    return modules * QR_MODULE_MM


class _BytesSink:
    """A write-only file for segno."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        return len(chunk)


def receipt_font() -> QFont:
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setStyleHint(QFont.StyleHint.SansSerif)  # if none is installed, still a sans
    font.setPointSizeF(9)
    return font


def receipt_document(
    data: ReceiptData, language: str, *, translations: str | os.PathLike[str] | None = None
) -> QTextDocument:
    """The receipt as a document, with its QR code, for a view or a printer."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(receipt_font())
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, data.case_no)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QR_RESOURCE, qr_image(data.case_no))
    doc.setHtml(render_receipt_html(data, language, translations=translations))
    return doc


def print_receipt(
    data: ReceiptData,
    language: str,
    device: QPagedPaintDevice,
    *,
    translations: str | os.PathLike[str] | None = None,
) -> int:
    """Lay the receipt out on ``device``'s pages (a QPrinter or QPdfWriter) and paint it.

    The text flows to the device's own page (what staff chose in the print
    dialog) rather than being scaled from A5. Returns the number of pages.
    """
    doc = receipt_document(data, language, translations=translations)
    # Lay out against the device, so lengths in points and CSS pixels come out
    # at their real size whatever its resolution.
    doc.documentLayout().setPaintDevice(device)
    page = QSizeF(device.width(), device.height())
    doc.setPageSize(page)
    pages = doc.pageCount()
    footer_height = 0.0
    if pages > 1:
        # Continuation pages carry the case number; room is made under the text.
        footer_height = device.logicalDpiY() * 0.25
        doc.setPageSize(QSizeF(page.width(), page.height() - footer_height))
        pages = doc.pageCount()
    body = doc.pageSize()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(f"cannot paint the receipt of {data.case_no}")
    try:
        words = _Words(language, translations)
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(0, -index * body.height())
            doc.drawContents(painter, QRectF(0, index * body.height(), body.width(), body.height()))
            painter.restore()
            if pages > 1:
                painter.save()
                font = receipt_font()
                font.setPointSizeF(7)
                painter.setFont(font)
                label = words(_T_PAGE).format(data.case_no, index + 1, pages)
                painter.drawText(
                    QRectF(0, page.height() - footer_height, page.width(), footer_height),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                    label,
                )
                painter.restore()
    finally:
        painter.end()
    return pages


def receipt_pdf_bytes(
    data: ReceiptData, language: str, *, translations: str | os.PathLike[str] | None = None
) -> bytes:
    """The receipt as an A5 PDF, in memory."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAGE_SIZE),
            QPageLayout.Orientation.Portrait,
            PAGE_MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    w = _Words(language, translations)
    writer.setTitle(f"{w(_T_TITLE)} {data.case_no}")
    writer.setCreator("ReturnDesk")
    print_receipt(data, language, writer, translations=translations)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(array.data())


def write_receipt_pdf(
    data: ReceiptData,
    language: str,
    path: Path,
    *,
    translations: str | os.PathLike[str] | None = None,
) -> Path:
    """Save the receipt as a PDF at ``path``: written aside, then renamed into place.

    Raises OSError (disk full, no permission) with the path in it; a failed
    save never leaves half a PDF where the customer's copy should be.
    """
    content = receipt_pdf_bytes(data, language, translations=translations)
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        with open(partial, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
