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

import functools
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QDate,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
    QTime,
    QTranslator,
    QUrl,
)
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPyTextObject,
    QRawFont,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

if TYPE_CHECKING:
    import segno

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
# A Latin family first, Chinese after it for the characters the first lacks
# (Qt falls back family by family, character by character); the lists cover
# Windows, macOS and Linux counters. Latin first because Qt's PDF writer loses
# the digits of Noto Sans CJK from the PDF's text (they print, but searching
# or copying the case number from the PDF finds nothing).
LATIN_FAMILIES = ("Segoe UI", "Helvetica Neue", "Arial", "Noto Sans", "DejaVu Sans")
CHINESE_FAMILIES = (
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
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
_T_DECISION = QT_TRANSLATE_NOOP("receipt", "Decision")
_T_REASON = QT_TRANSLATE_NOOP("receipt", "Reason")
_T_RESOLUTION = QT_TRANSLATE_NOOP("receipt", "Outcome")
_T_REFUND = QT_TRANSLATE_NOOP("receipt", "Refund amount")
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
_T_WITH_DETAIL = QT_TRANSLATE_NOOP("receipt", "{0} ({1})")
_T_LIST_SEP = QT_TRANSLATE_NOOP("receipt", "{0}, {1}")
_T_LIST_OR = QT_TRANSLATE_NOOP("receipt", "{0} or {1}")
_T_LIST_AND = QT_TRANSLATE_NOOP("receipt", "{0} and {1}")

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
_T_POLICY_JOIN = QT_TRANSLATE_NOOP("receipt", "{0}; {1}")


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
    """Translates receipt strings into one language, whatever the UI speaks.

    Without a catalogue for ``language`` the receipt comes out in English,
    the source language, rather than not at all.
    """

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

    def join(self, parts: Sequence[str], last: str | None = None, sep: str = _T_LIST_SEP) -> str:
        """The parts as one phrase, e.g. with ``last`` = "{0} or {1}": "a, b or c"."""
        joined = parts[0] if parts else ""
        for index, part in enumerate(parts[1:], start=1):
            pattern = last if last is not None and index == len(parts) - 1 else sep
            joined = self(pattern).format(joined, part)
        return joined

    def date(self, day: date) -> str:
        qdate = QDate(day.year, day.month, day.day)
        fmt = "yyyy年M月d日" if self.language.startswith("zh") else "d MMMM yyyy"
        return self.locale.toString(qdate, fmt)

    def moment(self, when: datetime) -> str:
        time = self.locale.toString(QTime(when.hour, when.minute), "HH:mm")
        return f"{self.date(when.date())} {time}"


def yuan(cents: int) -> str:
    return f"¥{cents / 100:,.2f}"


def _next_step_text(step: NextStep, data: ReceiptData, words: _Words) -> str:
    return words(_NEXT_STEPS[step.kind]).format(
        amount=yuan(step.amount_cents),
        payment=words(_PAYMENTS.get(data.payment_method, data.payment_method)),
        store=data.store_name,
        date=words.date(step.on) if step.on else "",
    )


def _policy_text(rule: CategoryRule, words: _Words) -> str:
    """The rule of one goods category in a line the customer can read."""
    parts = [words(_POLICY_LINES[(rule.window.unit, rule.no_reason_returns)])]
    parts[0] = parts[0].format(rule.window.amount)
    if rule.no_reason_returns and rule.condition:
        needs = [words(_CONDITIONS[c]) for c in rule.condition if c in _CONDITIONS]
        parts.append(words(_T_POLICY_CONDITION).format(words.join(needs, _T_LIST_AND)))
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
    return words(_T_POLICY_LINE).format(category, words.join(parts, sep=_T_POLICY_JOIN))


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
        f"<p style='font-size:12pt; margin:2px 0 10px 0'>{e(w(_T_TITLE))}</p>"
        f"<table cellspacing='0' cellpadding='0'>{fact_rows}</table>"
        "</td>"
        f"<td valign='top' align='center' width='{qr_px + 4:.0f}'>"
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
        f"<thead><tr><td style='{head}'>{e(w(_T_ITEM))}</td>"
        f"<td align='right' style='{head}'>{e(w(_T_QTY))}</td>"
        f"<td align='right' style='{head}'>{e(w(_T_UNIT_PRICE))}</td>"
        f"<td align='right' style='{head}'>{e(w(_T_AMOUNT))}</td></tr></thead>"
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
            payment = w(_PAYMENTS.get(data.payment_method, data.payment_method))
            method = w(_T_WITH_DETAIL).format(method, payment)
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

    steps = [_next_step_text(step, data, w) for step in data.next_steps]
    next_steps = _heading(w(_T_NEXT_STEPS)) + _bullets(steps) if steps else ""
    rules = [_policy_text(rule, w) for rule in data.policies]
    policy = _heading(w(_T_POLICY)) + _bullets(rules, size="8pt") if rules else ""
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


def _bullets(lines: Sequence[str], *, size: str = "9pt") -> str:
    # A real list, so a wrapped line hangs under the text, not under the bullet.
    items = "".join(f"<li style='margin-bottom:3px'>{escape(line)}</li>" for line in lines)
    return f"<ul style='margin:0; font-size:{size}; -qt-list-indent:1'>{items}</ul>"


# --- The document, the QR code, the page ------------------------------------


@functools.lru_cache(maxsize=16)  # asked for on every layout pass and paint
def qr_code(case_no: str) -> segno.QRCode:
    import segno  # only when a receipt is made

    return segno.make(case_no, micro=False)


def qr_image(case_no: str, scale: int = 12) -> QImage:
    """The case number as a QR code: ``scale`` pixels a module, quiet zone included.

    For views of the HTML; documents from receipt_document draw the code as
    vector squares instead (see _QrObject).
    """
    buffer = _BytesSink()
    qr_code(case_no).save(buffer, kind="png", scale=scale, border=QR_BORDER_MODULES)
    image = QImage.fromData(buffer.data, "PNG")
    if image.isNull():
        raise RuntimeError(f"the QR code of {case_no} could not be drawn")
    return image.convertToFormat(QImage.Format.Format_Mono)


def _qr_size_mm(case_no: str) -> float:
    modules = qr_code(case_no).symbol_size(scale=1, border=QR_BORDER_MODULES)[0]
    return modules * QR_MODULE_MM


class _BytesSink:
    """A write-only file for segno."""

    def __init__(self) -> None:
        self.data = b""

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        return len(chunk)


_QR_OBJECT = QTextFormat.ObjectTypes.UserObject + 1
_QR_TEXT = QTextFormat.Property.UserProperty + 1


class _QrObject(QPyTextObject):
    """Draws the QR code inside a document as filled squares.

    An image would do on screen, but Qt's PDF writer stores a document's
    images as JPEG, whose ringing greys the module edges; squares stay sharp
    at any printer's resolution and cost a few hundred bytes.
    """

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        device = doc.documentLayout().paintDevice()
        dpi = device.logicalDpiX() if device is not None else 96
        side = _qr_size_mm(str(fmt.property(_QR_TEXT))) / 25.4 * dpi
        return QSizeF(side, side)

    def drawObject(
        self, painter: QPainter, rect: QRectF, doc: QTextDocument, pos: int, fmt: QTextFormat
    ) -> None:
        matrix = qr_code(str(fmt.property(_QR_TEXT))).matrix
        cell = rect.width() / (len(matrix) + 2 * QR_BORDER_MODULES)
        origin = rect.topLeft() + QPointF(cell, cell) * QR_BORDER_MODULES
        # One path, one fill: separate squares leave hairline seams in some viewers.
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for row, modules in enumerate(matrix):
            for column, dark in enumerate(modules):
                if dark:
                    path.addRect(
                        QRectF(origin.x() + column * cell, origin.y() + row * cell, cell, cell)
                    )
        painter.save()
        painter.fillRect(rect, Qt.GlobalColor.white)
        painter.fillPath(path, Qt.GlobalColor.black)
        painter.restore()


def _draw_qr_as_squares(doc: QTextDocument, case_no: str) -> None:
    """Turn the QR image of the HTML into a _QrObject, drawn by a handler the doc owns."""
    handler = _QrObject(doc)
    doc.documentLayout().registerHandler(_QR_OBJECT, handler)
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name() == QR_RESOURCE.toString():
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                qr = QTextCharFormat()
                qr.setObjectType(_QR_OBJECT)
                qr.setProperty(_QR_TEXT, case_no)
                cursor.insertText("\ufffc", qr)
                return
            it += 1
        block = block.next()


def receipt_font() -> QFont:
    font = QFont()
    font.setFamilies([*LATIN_FAMILIES, *CHINESE_FAMILIES])
    font.setStyleHint(QFont.StyleHint.SansSerif)  # if none is installed, still a sans
    font.setPointSizeF(9)
    return font


def receipt_document(
    data: ReceiptData, language: str, *, translations: str | os.PathLike[str] | None = None
) -> QTextDocument:
    """The receipt as a document, with its QR code, for a view or a printer."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setIndentWidth(16)  # CSS pixels a list level: bullets close to the margin
    doc.setDefaultFont(receipt_font())
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, data.case_no)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QR_RESOURCE, qr_image(data.case_no))
    doc.setHtml(render_receipt_html(data, language, translations=translations))
    _draw_qr_as_squares(doc, data.case_no)
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
    buffer.close()
    return with_real_hanzi(bytes(array.data()))


# --- Making the PDF's Chinese text searchable -------------------------------
#
# Qt tells PDF readers which character each glyph is (the ToUnicode map) by
# taking the *lowest* code point the font maps to that glyph. Chinese fonts
# draw the Kangxi radicals (U+2F00…) and radical supplements (U+2E80…) with
# the same glyphs as the everyday characters, so 羊毛衫 copies out of Qt's PDF
# as ⽺⽑衫 and a search for 门店 finds nothing. This rewrites those entries to
# the character that shares the glyph in the CJK Unified Ideographs block.

_RADICALS = range(0x2E80, 0x2FE0)
_UNIFIED = range(0x4E00, 0xA000)
_CMAP_ARRAY = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> \[([^\]]*)\]")
_CMAP_RANGE = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")
_CMAP_CHAR = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")
_CMAP_BODY = re.compile(rb"endcodespacerange\n(.*?)endcmap", re.S)


@functools.cache
def _radical_to_hanzi() -> dict[int, int]:
    """Radical code point → the ideograph drawn with the same glyph, per the Chinese font."""
    font = QFont()
    font.setFamilies(list(CHINESE_FAMILIES))
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    if not raw.isValid():
        return {}
    radical_glyphs = raw.glyphIndexesForString("".join(map(chr, _RADICALS)))
    hanzi_of: dict[int, int] = {}
    for code, glyph in zip(
        _UNIFIED, raw.glyphIndexesForString("".join(map(chr, _UNIFIED))), strict=True
    ):
        if glyph:
            hanzi_of.setdefault(glyph, code)
    fixes = {
        code: hanzi_of[glyph]
        for code, glyph in zip(_RADICALS, radical_glyphs, strict=True)
        if glyph and glyph in hanzi_of
    }
    # Whatever the font, Unicode's own compatibility mappings (⽺ → 羊) hold.
    for code in _RADICALS:
        folded = unicodedata.normalize("NFKC", chr(code))
        if folded != chr(code) and len(folded) == 1:
            fixes.setdefault(code, ord(folded))
    return fixes


def with_real_hanzi(pdf: bytes) -> bytes:
    """``pdf`` with its ToUnicode maps naming ideographs instead of radicals.

    Works on the uncompressed ToUnicode streams Qt writes, and shifts the
    cross-reference table by the change in length; a file laid out any other
    way is returned as it was.
    """
    fixes = _radical_to_hanzi()
    for number in sorted({int(n) for n in re.findall(rb"/ToUnicode (\d+) 0 R", pdf)}):
        head = re.search(rb"\n%d 0 obj\n<< /Length (\d+) >>\nstream\n" % number, pdf)
        if head is None:
            continue
        start, length = head.end(), int(head.group(1))
        cmap = pdf[start : start + length]
        fixed = _remap_cmap(cmap, fixes)
        if fixed is None or fixed == cmap:
            continue
        new_head = head.group(0).replace(b"/Length %d" % length, b"/Length %d" % len(fixed))
        shifted = _shift_offsets(
            pdf[: head.start()] + new_head + fixed + pdf[start + length :],
            after=head.start() + 1,  # the object itself stays where it is
            delta=len(new_head) + len(fixed) - len(head.group(0)) - length,
        )
        if shifted is None:
            return pdf
        pdf = shifted
    return pdf


def _remap_cmap(cmap: bytes, fixes: dict[int, int]) -> bytes | None:
    body = _CMAP_BODY.search(cmap)
    if body is None:
        return None
    mapping: dict[int, bytes] = {}
    text = body.group(1)
    for block in re.findall(rb"beginbfrange\n(.*?)endbfrange", text, re.S):
        for line in block.splitlines():
            if found := _CMAP_ARRAY.fullmatch(line.strip()):
                first = int(found.group(1), 16)
                targets = re.findall(rb"<([0-9A-Fa-f]+)>", found.group(3))
                for offset, target in enumerate(targets):
                    mapping[first + offset] = target
            elif found := _CMAP_RANGE.fullmatch(line.strip()):
                first, last = int(found.group(1), 16), int(found.group(2), 16)
                target = found.group(3)
                base = int(target, 16)
                for offset in range(last - first + 1):
                    mapping[first + offset] = b"%0*X" % (len(target), base + offset)
            elif line.strip():
                return None
    for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", text, re.S):
        for line in block.splitlines():
            if found := _CMAP_CHAR.fullmatch(line.strip()):
                mapping[int(found.group(1), 16)] = found.group(2)
            elif line.strip():
                return None
    for glyph, target in mapping.items():
        if len(target) == 4 and int(target, 16) in fixes:
            mapping[glyph] = b"%04X" % fixes[int(target, 16)]
    entries = sorted(mapping.items())
    blocks = b"".join(
        b"%d beginbfchar\n" % len(chunk)
        + b"".join(b"<%04X> <%s>\n" % (glyph, target) for glyph, target in chunk)
        + b"endbfchar\n"
        for chunk in (entries[i : i + 100] for i in range(0, len(entries), 100))
    )
    return cmap[: body.start(1)] + blocks + cmap[body.end(1) :]


def _shift_offsets(pdf: bytes, *, after: int, delta: int) -> bytes | None:
    """Move every cross-reference entry past ``after`` by ``delta`` bytes."""
    tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf)
    if tail is None:
        return None
    xref_at = int(tail.group(1)) + delta
    table = re.compile(rb"xref\n0 (\d+)\n").match(pdf, xref_at)
    if table is None:
        return None
    entries_at = table.end()
    count = int(table.group(1))
    entries = bytearray(pdf[entries_at : entries_at + 20 * count])
    for index in range(count):
        row = entries[20 * index : 20 * index + 20]
        offset = int(row[:10])
        if row[17:18] == b"n" and offset > after:
            entries[20 * index : 20 * index + 10] = b"%010d" % (offset + delta)
    return (
        pdf[:entries_at]
        + bytes(entries)
        + pdf[entries_at + 20 * count : tail.start()]
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )


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
