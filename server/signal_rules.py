"""Thresholds of the review signals, read from a TOML file the server is given.

The centre's own settings, not the returns policy: counters never use them, so they are
not handed down with policy.toml. ``returndesk-server serve --signals FILE`` (or
``$RETURNDESK_SERVER_SIGNALS``, or ``signals.toml`` in the data dir) names the file; a
missing key keeps its default, an unknown key or a value out of range stops the server
with a message naming it (see docs/sync-protocol.md for the file and what each number means).
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class QualityProductRule:
    """A product (SKU) with at least ``min_returns`` quality returns (cases) within any
    ``window_days`` consecutive days."""

    min_returns: int = 5
    window_days: int = 7


@dataclass(frozen=True)
class StoreRateRule:
    """A store whose identity-override or outside-policy rate stands out from the region.

    All four must hold over the requested date range: the store has ``min_cases`` cases,
    ``min_flagged`` of them carry the flag, its rate is at least ``ratio`` times the rate of
    the region's other stores, and a one-sided binomial test against that rate gives
    p <= ``max_p_value`` ("this many would happen by chance at most this often"). The
    other stores' rate is smoothed as (flagged + 1) / (cases + 2), so a region where
    nothing was flagged yet does not make one flagged case stand out.
    """

    min_cases: int = 20
    min_flagged: int = 3
    ratio: float = 2.0
    max_p_value: float = 0.01


@dataclass(frozen=True)
class RepeatCustomerRule:
    """One customer (the orders' customer id) returning at ``min_stores`` or more different
    stores of the region within any ``window_days`` consecutive days."""

    min_stores: int = 3
    window_days: int = 7


@dataclass(frozen=True)
class SignalRules:
    quality_product: QualityProductRule = field(default_factory=QualityProductRule)
    store_rate: StoreRateRule = field(default_factory=StoreRateRule)
    repeat_customer: RepeatCustomerRule = field(default_factory=RepeatCustomerRule)
    # A longer date range is refused (the signals read every case in it).
    max_range_days: int = 366
    # Case ids listed per signal; its counts still cover every case.
    max_case_ids: int = 200


# (lowest allowed, highest allowed) per key; ints stay ints.
_BOUNDS: dict[str, tuple[float, float]] = {
    "min_returns": (1, 100_000),
    "window_days": (1, 366),
    "min_cases": (1, 10_000_000),
    "min_flagged": (1, 10_000_000),
    "ratio": (1.0, 1000.0),
    "max_p_value": (0.0, 1.0),
    "min_stores": (2, 1000),
    "max_range_days": (1, 3660),
    "max_case_ids": (1, 10_000),
}


class SignalRulesError(ValueError):
    """The signals file cannot be used; the message names the file and the key."""


def _checked(where: str, key: str, value: Any, default: Any) -> Any:
    low, high = _BOUNDS[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SignalRulesError(f"{where}.{key}: give a number, not {value!r}.")
    if isinstance(default, int) and not isinstance(value, int):
        raise SignalRulesError(f"{where}.{key}: give a whole number, not {value!r}.")
    if not math.isfinite(value) or not low <= value <= high:
        raise SignalRulesError(f"{where}.{key}: {value!r} is outside {low:g}…{high:g}.")
    return float(value) if isinstance(default, float) else value


def _section(where: str, table: Any, default: Any) -> Any:
    if not isinstance(table, dict):
        raise SignalRulesError(f"{where}: expected a [{where}] table.")
    known = {f.name for f in fields(default)}
    for key in table:
        if key not in known:
            raise SignalRulesError(
                f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})."
            )
    values = {k: _checked(where, k, v, getattr(default, k)) for k, v in table.items()}
    return replace(default, **values)


def parse_signal_rules(text: str, source: str = "signals.toml") -> SignalRules:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SignalRulesError(f"{source}: not valid TOML ({exc}).") from None
    rules = SignalRules()
    values: dict[str, Any] = {}
    for key, value in doc.items():
        if key in ("quality_product", "store_rate", "repeat_customer"):
            values[key] = _section(f"{source}: {key}", value, getattr(rules, key))
        elif key in ("max_range_days", "max_case_ids"):
            values[key] = _checked(source, key, value, getattr(rules, key))
        else:
            raise SignalRulesError(
                f"{source}: unknown key {key!r} (known: quality_product, store_rate, "
                "repeat_customer, max_range_days, max_case_ids)."
            )
    return replace(rules, **values)


def load_signal_rules(path: Path) -> SignalRules:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SignalRulesError(f"{path}: cannot be read ({exc}).") from None
    return parse_signal_rules(text, str(path))
