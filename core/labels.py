"""Human words for the domain's codes (channels, emotions, reasons …), translated."""

from __future__ import annotations

from collections.abc import Iterable

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


def why_not(code: str) -> str:
    """Why an option is refused or needs a supervisor (policy reason codes)."""
    return {
        "not_allowed_for_reason": translate("labels", "not offered for this kind of problem"),
        "no_reason_not_accepted": translate("labels", "these goods take no no-reason returns"),
        "opened_not_returnable": translate("labels", "cannot be returned once opened"),
        "outside_window": translate("labels", "outside the return window"),
        "not_resaleable": translate("labels", "the item cannot be sold again"),
        "refund_above_limit": translate("labels", "refund above the counter's limit"),
        "identity_override": translate("labels", "identity not confirmed (override)"),
        "goodwill_above_budget": translate("labels", "goodwill above the budget"),
    }.get(code, code)


def condition_issue(code: str) -> str:
    return {
        "packaging_missing": translate("labels", "original packaging missing"),
        "tags_removed": translate("labels", "tags removed"),
        "seal_broken": translate("labels", "seal broken"),
        "signs_of_use": translate("labels", "signs of use"),
    }.get(code, code)


def duration(seconds: float) -> str:
    """“5 days 3 h”, “26 h”, “40 min” — how long, in words staff read at a glance."""
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return translate("labels", "{0} d {1} h").format(days, hours)
    if hours:
        return (
            translate("labels", "{0} h").format(hours)
            if not mins
            else translate("labels", "{0} h {1} min").format(hours, mins)
        )
    return translate("labels", "{0} min").format(mins)


def role(code: str) -> str:
    return {
        "clerk": translate("labels", "clerk"),
        "supervisor": translate("labels", "supervisor"),
    }.get(code, code)


def case_status(code: str) -> str:
    return {
        "draft": translate("labels", "open (draft)"),
        "finalised": translate("labels", "finalised"),
        "synced": translate("labels", "finalised, at the centre"),
        "cancelled": translate("labels", "cancelled"),
    }.get(code, code)


def identity_status(code: str) -> str:
    return {
        "unchecked": translate("labels", "not checked"),
        "verified": translate("labels", "confirmed (name + last 4 digits)"),
        "mismatch": translate("labels", "did not match"),
        "overridden": translate("labels", "not confirmed, supervisor override"),
    }.get(code, code)


def join(parts: Iterable[str]) -> str:
    """A list in running text: “a, b” in English, “a、b” in Chinese."""
    return translate("labels", ", ").join(parts)
