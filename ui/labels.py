"""Human words for the domain's codes (channels, emotions, reasons …), translated."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def channel(code: str) -> str:
    return {
        "counter": translate("labels", "At the counter"),
        "phone": translate("labels", "Phone (hotline)"),
        "app_chat": translate("labels", "App chat"),
        "video_comment": translate("labels", "Short-video comment"),
        "other": translate("labels", "Other"),
    }.get(code, code)


def emotion(code: str) -> str:
    return {
        "calm": translate("labels", "Calm"),
        "anxious": translate("labels", "Anxious"),
        "upset": translate("labels", "Upset"),
        "angry": translate("labels", "Angry"),
    }.get(code, code)


def priority(code: str) -> str:
    return {
        "normal": translate("labels", "Normal"),
        "high": translate("labels", "High"),
        "urgent": translate("labels", "Urgent"),
    }.get(code, code)


def reason(code: str) -> str:
    return {
        "quality": translate("labels", "Quality problem"),
        "logistics": translate("labels", "Logistics (crushed, late, lost)"),
        "size_colour": translate("labels", "Size or colour mismatch"),
        "not_as_described": translate("labels", "Not as described"),
        "wrong_item": translate("labels", "Wrong item sent"),
        "missing_parts": translate("labels", "Missing parts"),
        "changed_mind": translate("labels", "Changed mind / dislike"),
        "other": translate("labels", "Other"),
    }.get(code, code)


def resolution(code: str) -> str:
    return {
        "refund": translate("labels", "Refund"),
        "exchange": translate("labels", "Exchange"),
        "replacement": translate("labels", "Replacement (ship a new one)"),
        "repair": translate("labels", "Repair"),
        "store_credit": translate("labels", "Store credit / compensation coupon"),
        "decline_goodwill": translate("labels", "Decline, with a goodwill gesture"),
    }.get(code, code)


def refund_method(code: str) -> str:
    return {
        "original": translate("labels", "Back to the original payment"),
        "cash": translate("labels", "Cash"),
        "store_credit": translate("labels", "Store credit"),
    }.get(code, code)


def payment(code: str) -> str:
    return {
        "alipay": translate("labels", "Alipay"),
        "wechat": translate("labels", "WeChat Pay"),
        "card": translate("labels", "Bank card"),
        "cash": translate("labels", "Cash"),
    }.get(code, code)


def category(code: str) -> str:
    return {
        "ordinary": translate("labels", "Ordinary goods"),
        "fresh": translate("labels", "Fresh food"),
        "medicine": translate("labels", "Medicine"),
        "electronics": translate("labels", "Electronics"),
        "underwear": translate("labels", "Underwear / hygiene"),
    }.get(code, code)


def yuan(cents: int) -> str:
    return f"¥{cents / 100:,.2f}"
