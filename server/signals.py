"""Signals a regional lead would otherwise miss, computed over the region's cases.

Three kinds, each over the cases finalised in the requested date range of the lead's
region only (the thresholds: server/signal_rules.py, docs/sync-protocol.md):

- ``quality_product``: a product (SKU of the returned order line) with at least
  ``min_returns`` quality-reason cases within any ``window_days`` consecutive days.
  Overlapping qualifying windows make one signal: its cases are every case of those
  windows, ``peak`` the most in one window.
- ``store_rate``: a store whose identity-override or outside-policy rate stands out from
  the region's other stores: enough cases, enough flagged ones, at least ``ratio`` times
  the others' (smoothed) rate, and a one-sided binomial p-value at most ``max_p_value``.
- ``repeat_customer``: one customer (``sales_order.customer_id`` of the cases' orders)
  returning at ``min_stores`` or more different stores within any ``window_days`` days.
  The customer is shown masked (name initial and the id's last four characters); no
  phone number, full name or full id leaves the server.

Each signal carries numbers, not prose, and the ids of the cases it is about. The flags
are the review list's own expressions (server.review.flag_expressions), so a signal's
cases are exactly what the list shows under the same flag filter.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.orm import Session

from db.central import ReceivedCase, ReceivedItem, SalesOrder, SalesOrderLine, Store
from server import errors
from server.auth import Principal
from server.errors import ApiError
from server.ids import utcnow
from server.review import flag_expressions
from server.schemas import Signal, SignalRulesOut, SignalsReport
from server.signal_rules import SignalRules

QUALITY_REASON = "quality"
RATE_FLAGS = ("identity_override", "outside_policy")


# ---- arithmetic ---------------------------------------------------------------------------------


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p): how often k or more of n would carry the flag
    if the store were like the rest of the region."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    lg_n1 = math.lgamma(n + 1)
    terms = [
        lg_n1 - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
        for i in range(k, n + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


def mask_customer(name: str, customer_id: str) -> str:
    """ "王**·3f2a": the name's first character and the id's last four, nothing more."""
    initial = name.strip()[:1] or "?"
    return f"{initial}**·{customer_id[-4:]}"


@dataclass(frozen=True)
class _Event:
    at: datetime
    case_id: str
    store: str
    units: int = 0


def _bursts(
    events: Sequence[_Event],
    window: timedelta,
    measure: Callable[[Sequence[_Event]], int],
    threshold: int,
) -> list[tuple[list[_Event], int]]:
    """Runs of events where some stretch shorter than ``window`` measures ``threshold`` or
    more; overlapping qualifying stretches merge into one run. Returns (the run's events,
    the highest measure of a stretch in it)."""
    ordered = sorted(events, key=lambda e: (e.at, e.case_id))
    runs: list[tuple[int, int, int]] = []  # first index, last index, peak
    j = 0
    for i, first in enumerate(ordered):
        j = max(j, i)
        # Compared as differences: first.at + window could leave the calendar near 9999.
        while j < len(ordered) and ordered[j].at - first.at < window:
            j += 1
        size = measure(ordered[i:j])
        if size < threshold:
            continue
        if runs and i <= runs[-1][1]:
            a, b, peak = runs[-1]
            runs[-1] = (a, max(b, j - 1), max(peak, size))
        else:
            runs.append((i, j - 1, size))
    return [(ordered[a : b + 1], peak) for a, b, peak in runs]


# ---- the three kinds ---------------------------------------------------------------------------


def _in_range(principal: Principal, since: datetime, until: datetime) -> list[ColumnElement[bool]]:
    return [
        Store.region == principal.region,
        ReceivedCase.finalised_at >= since,
        ReceivedCase.finalised_at < until,
    ]


def _quality_products(
    s: Session, principal: Principal, since: datetime, until: datetime, rules: SignalRules
) -> list[Signal]:
    rule = rules.quality_product
    where = [*_in_range(principal, since, until), ReceivedCase.reason_category == QUALITY_REASON]

    def joined(stmt: Any) -> Any:
        return (
            stmt.select_from(ReceivedItem)
            .join(ReceivedCase, ReceivedCase.id == ReceivedItem.case_id)
            .join(Store, Store.code == ReceivedCase.store_code)
            .join(SalesOrderLine, SalesOrderLine.id == ReceivedItem.order_line_id)
            .where(*where)
        )

    # Only products with enough cases over the whole range can have enough in one window.
    candidates = joined(select(SalesOrderLine.sku)).group_by(SalesOrderLine.sku)
    candidates = candidates.having(func.count(distinct(ReceivedCase.id)) >= rule.min_returns)
    rows = s.execute(
        joined(
            select(
                SalesOrderLine.sku,
                SalesOrderLine.name,
                ReceivedCase.id,
                ReceivedCase.finalised_at,
                ReceivedCase.store_code,
                ReceivedItem.quantity,
            )
        ).where(SalesOrderLine.sku.in_(candidates.scalar_subquery()))
    )
    by_sku: dict[str, dict[str, _Event]] = {}
    names: dict[str, Counter[str]] = {}
    for sku, name, case_id, at, store, quantity in rows:
        events = by_sku.setdefault(sku, {})
        seen = events.get(case_id)
        units = quantity + (seen.units if seen else 0)  # two lines of one SKU in one case
        events[case_id] = _Event(at, case_id, store, units)
        names.setdefault(sku, Counter())[name] += 1
    window = timedelta(days=rule.window_days)
    signals = []
    for sku, events in by_sku.items():
        for run, peak in _bursts(list(events.values()), window, len, rule.min_returns):
            signals.append(
                Signal(
                    kind="quality_product",
                    subject=sku,
                    subject_name=names[sku].most_common(1)[0][0],
                    first_at=run[0].at,
                    last_at=run[-1].at,
                    cases=len(run),
                    peak=peak,
                    units=sum(e.units for e in run),
                    window_days=rule.window_days,
                    stores=sorted({e.store for e in run}),
                    case_ids=[e.case_id for e in run][: rules.max_case_ids],
                )
            )
    return signals


def _store_rates(
    s: Session, principal: Principal, since: datetime, until: datetime, rules: SignalRules
) -> list[Signal]:
    rule = rules.store_rate
    flags = flag_expressions(s.get_bind().dialect.name)
    where = _in_range(principal, since, until)
    counted = s.execute(
        select(
            ReceivedCase.store_code,
            Store.name,
            func.count(),
            *(func.sum(case((flags[f], 1), else_=0)) for f in RATE_FLAGS),
        )
        .select_from(ReceivedCase)
        .join(Store, Store.code == ReceivedCase.store_code)
        .where(*where)
        .group_by(ReceivedCase.store_code, Store.name)
    ).all()
    stores = {code: (name, int(n), [int(x or 0) for x in rest]) for code, name, n, *rest in counted}
    region_cases = sum(n for _, n, _ in stores.values())
    signals = []
    for code, (name, n, flagged) in sorted(stores.items()):
        others = region_cases - n
        if others == 0 or n < rule.min_cases:
            continue  # no other store to compare with, or too few cases to say anything
        for metric, x in zip(RATE_FLAGS, flagged, strict=True):
            if x < rule.min_flagged:
                continue
            other_x = sum(
                f[RATE_FLAGS.index(metric)] for c, (_, _, f) in stores.items() if c != code
            )
            baseline = (other_x + 1) / (others + 2)
            rate = x / n
            p_value = binomial_tail(x, n, baseline)
            if rate < rule.ratio * baseline or p_value > rule.max_p_value:
                continue
            ids = s.scalars(
                select(ReceivedCase.id)
                .join(Store, Store.code == ReceivedCase.store_code)
                .where(*where, ReceivedCase.store_code == code, flags[metric])
                .order_by(ReceivedCase.finalised_at.desc(), ReceivedCase.id.desc())
                .limit(rules.max_case_ids)
            ).all()
            times = s.execute(
                select(func.min(ReceivedCase.finalised_at), func.max(ReceivedCase.finalised_at))
                .join(Store, Store.code == ReceivedCase.store_code)
                .where(*where, ReceivedCase.store_code == code, flags[metric])
            ).one()
            signals.append(
                Signal(
                    kind="store_rate",
                    subject=code,
                    subject_name=name,
                    metric=metric,
                    first_at=times[0],
                    last_at=times[1],
                    cases=x,
                    store_cases=n,
                    rate=rate,
                    region_cases=others,
                    region_flagged=other_x,
                    region_rate=other_x / others,
                    expected_rate=baseline,
                    ratio=rate / baseline,
                    p_value=p_value,
                    stores=[code],
                    case_ids=list(ids),
                )
            )
    return signals


def _repeat_customers(
    s: Session, principal: Principal, since: datetime, until: datetime, rules: SignalRules
) -> list[Signal]:
    rule = rules.repeat_customer
    where = _in_range(principal, since, until)

    def joined(stmt: Any) -> Any:
        return (
            stmt.select_from(ReceivedCase)
            .join(Store, Store.code == ReceivedCase.store_code)
            .join(SalesOrder, SalesOrder.id == ReceivedCase.order_id)
            .where(*where)
        )

    candidates = joined(select(SalesOrder.customer_id)).group_by(SalesOrder.customer_id)
    candidates = candidates.having(func.count(distinct(ReceivedCase.store_code)) >= rule.min_stores)
    rows = s.execute(
        joined(
            select(
                SalesOrder.customer_id,
                SalesOrder.customer_name,
                SalesOrder.ordered_at,
                ReceivedCase.id,
                ReceivedCase.finalised_at,
                ReceivedCase.store_code,
            )
        ).where(SalesOrder.customer_id.in_(candidates.scalar_subquery()))
    )
    by_customer: dict[str, list[_Event]] = {}
    latest_name: dict[str, tuple[datetime, str]] = {}
    for customer, name, ordered_at, case_id, at, store in rows:
        by_customer.setdefault(customer, []).append(_Event(at, case_id, store))
        if customer not in latest_name or ordered_at > latest_name[customer][0]:
            latest_name[customer] = (ordered_at, name)
    window = timedelta(days=rule.window_days)
    signals = []
    for customer, events in by_customer.items():
        masked = mask_customer(latest_name[customer][1], customer)
        for run, peak in _bursts(events, window, _store_count, rule.min_stores):
            signals.append(
                Signal(
                    kind="repeat_customer",
                    subject=masked,
                    subject_name=masked,
                    first_at=run[0].at,
                    last_at=run[-1].at,
                    cases=len(run),
                    peak=peak,
                    window_days=rule.window_days,
                    stores=sorted({e.store for e in run}),
                    case_ids=[e.case_id for e in run][: rules.max_case_ids],
                )
            )
    return signals


def _store_count(stretch: Sequence[_Event]) -> int:
    return len({e.store for e in stretch})


DEFAULT_RANGE = timedelta(days=28)


def signal_range(
    since: datetime | None, until: datetime | None, rules: SignalRules
) -> tuple[datetime, datetime]:
    """The date range asked for, checked: aware times, from before to, not too long."""
    for name, value in (("finalised_from", since), ("finalised_to", until)):
        if value is None:
            continue
        if value.tzinfo is None:
            raise ApiError(
                422, errors.INVALID_REQUEST, f"{name}: give the time with its UTC offset."
            )
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise ApiError(
                422, errors.INVALID_REQUEST, f"{name}: out of range once converted to UTC."
            ) from None
    try:
        end = until or utcnow()
        start = since or end - DEFAULT_RANGE
    except OverflowError:
        raise ApiError(
            422, errors.INVALID_REQUEST, "finalised_to: too early to count 28 days back from."
        ) from None
    if start >= end:
        raise ApiError(422, errors.INVALID_REQUEST, "finalised_from must be before finalised_to.")
    if end - start > timedelta(days=rules.max_range_days):
        raise ApiError(
            422,
            errors.INVALID_REQUEST,
            f"Ask for at most {rules.max_range_days} days of signals at once.",
        )
    return start, end


KINDS = ("quality_product", "store_rate", "repeat_customer")


def signals(
    s: Session, principal: Principal, since: datetime, until: datetime, rules: SignalRules
) -> SignalsReport:
    """Every signal of the lead's region over cases finalised in [since, until)."""
    found = [
        *_quality_products(s, principal, since, until, rules),
        *_store_rates(s, principal, since, until, rules),
        *_repeat_customers(s, principal, since, until, rules),
    ]
    found.sort(key=lambda g: (KINDS.index(g.kind), -g.cases, g.subject, g.first_at))
    wanted = sorted({c for g in found for c in g.case_ids})
    numbers: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        numbers.update(s.execute(select(ReceivedCase.id, ReceivedCase.case_no).where(
            ReceivedCase.id.in_(chunk))).tuples().all())  # fmt: skip
    for g in found:
        g.case_nos = [numbers.get(c, "") for c in g.case_ids]
    return SignalsReport(
        region=principal.region or "",
        since=since,
        until=until,
        generated_at=utcnow(),
        rules=SignalRulesOut.model_validate(asdict(rules)),
        signals=found,
    )
