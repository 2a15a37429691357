"""The review signals as the lead's app reads them, and their words in the lead's language.

The server computes them (server/signals.py) and sends numbers; this module turns the
numbers into a title and a one-line explanation, so the words follow the app's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from core import labels

translate = QCoreApplication.translate

KINDS = ("quality_product", "store_rate", "repeat_customer")


@dataclass(frozen=True)
class Signal:
    kind: str  # one of KINDS
    subject: str  # SKU, store code, or the masked customer
    subject_name: str
    metric: str  # store_rate: identity_override | outside_policy
    first_at: datetime
    last_at: datetime
    cases: int
    case_ids: list[str]
    stores: list[str]
    peak: int | None = None
    units: int | None = None
    window_days: int | None = None
    store_cases: int | None = None
    rate: float | None = None
    region_rate: float | None = None
    region_cases: int | None = None
    region_flagged: int | None = None
    expected_rate: float | None = None
    ratio: float | None = None
    p_value: float | None = None
    case_nos: list[str] = field(default_factory=list)  # of case_ids, same order


@dataclass(frozen=True)
class SignalReport:
    region: str
    since: datetime
    until: datetime
    generated_at: datetime
    rules: dict[str, Any]
    signals: list[Signal]


def _time(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_report(body: dict[str, Any]) -> SignalReport:
    fields = Signal.__dataclass_fields__
    signals = []
    for d in body.get("signals", []):
        known = {k: v for k, v in d.items() if k in fields}
        known["first_at"] = _time(d["first_at"])
        known["last_at"] = _time(d["last_at"])
        known["case_ids"] = list(d.get("case_ids", []))
        known["stores"] = list(d.get("stores", []))
        known["case_nos"] = list(d.get("case_nos", []))
        signals.append(Signal(**known))
    return SignalReport(
        region=body.get("region", ""),
        since=_time(body["since"]),
        until=_time(body["until"]),
        generated_at=_time(body["generated_at"]),
        rules=dict(body.get("rules") or {}),
        signals=signals,
    )


def kind_label(kind: str) -> str:
    return {
        "quality_product": translate("signals", "Product quality"),
        "store_rate": translate("signals", "Store stands out"),
        "repeat_customer": translate("signals", "Customer at several stores"),
    }.get(kind, kind)


def _percent(value: float | None) -> str:
    return f"{(value or 0) * 100:.0f}%"


def title(signal: Signal) -> str:
    """What the signal is about, in a few words."""
    if signal.kind == "quality_product":
        return translate("signals", "{0} ({1})").format(signal.subject_name, signal.subject)
    if signal.kind == "store_rate":
        what = (
            translate("signals", "identity overrides")
            if signal.metric == "identity_override"
            else translate("signals", "outside-policy approvals")
        )
        return translate("signals", "{0} {1}: {2}").format(
            signal.subject, signal.subject_name, what
        )
    return translate("signals", "Customer {0}").format(signal.subject)


def explanation(signal: Signal) -> str:
    """The numbers behind the signal, as one sentence."""
    if signal.kind == "quality_product":
        return translate(
            "signals",
            "{0} quality returns within {1} days ({2} cases, {3} units in all) at {4}.",
        ).format(
            signal.peak, signal.window_days, signal.cases, signal.units, labels.join(signal.stores)
        )
    if signal.kind == "store_rate":
        return translate(
            "signals",
            "{0} of {1} cases ({2}) against {3} expected from the region's other stores "
            "({4} of {5}): {6}× as often (p = {7}).",
        ).format(
            signal.cases,
            signal.store_cases,
            _percent(signal.rate),
            _percent(signal.expected_rate),
            signal.region_flagged,
            signal.region_cases,
            f"{signal.ratio or 0:.1f}",
            f"{signal.p_value or 0:.2g}",
        )
    return translate(
        "signals", "{0} returns at {1} stores ({2}), up to {3} within {4} days."
    ).format(
        signal.cases,
        len(signal.stores),
        labels.join(signal.stores),
        signal.peak,
        signal.window_days,
    )
