"""The regional lead's dashboard: every chart's numbers in one answer, computed in SQL.

It takes the case list's filters and reuses its conditions (server.review), so the charts
count exactly the cases the list shows, in the lead's region only.

Time buckets are calendar days in each *store's* own zone (Store.timezone): a case
finalised at 23:30 in Shanghai counts on that Shanghai day, whatever the lead's or the
server's zone. SQL groups the cases by (store, local day, reason); weeks (Monday first),
months or years are whole days added together, so they stay exact. PostgreSQL converts with
its zone database (``timezone()``); SQLite has none, so the offsets each zone had over the
cases' span are worked out here (zoneinfo) and added by SQLite's own date(), with a small
deterministic SQL function (zoneinfo again) for anything outside. The axis runs over the
filter's range (its ends read in the region's zone: the zone most of its stores use) or,
without one, over the days that have cases; a range reaching more than a year beyond the
data is cut to the data.

Cost: one grouped pass over the region's matching cases, read from the covering index
``ix_return_case_dashboard`` (no table rows: the goodwill value is the ``goodwill_cents``
fact column, migration 0004), gives the totals, stores and timeline; the products are a
second query, over the returned items' own index when the filters are only store, dates and
reason (items keep those facts and their SKU, migration 0005), else through the matching
cases.
"""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Query
from sqlalchemy import (
    Date,
    cast,
    func,
    select,
    tuple_,
)
from sqlalchemy import case as when
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from db.central import Policy, ReceivedCase, ReceivedItem, SalesOrderLine, Store
from server import errors
from server.auth import Principal
from server.dashboard_schemas import (
    BucketUnit,
    Dashboard,
    DashboardTotals,
    ProductStats,
    ReasonSeries,
    StoreStats,
    Timeline,
)
from server.errors import ApiError
from server.review import (
    CaseQuery,
    _case_filters,
    _check_store,
    _conditions,
    flag_expressions,
    store_time_reason,
)

TOP_PRODUCTS = 10
DAY_UNTIL = 62  # days on the axis: up to this many, one bar per day
WEEK_UNTIL = 731  # then weeks, up to two years
MONTH_UNTIL = 7305  # then months, up to twenty years; beyond, years
AXIS_MARGIN = timedelta(days=366)  # the axis never runs further than this past the data
DEFAULT_QUALITY_REASONS = ("quality",)
LOCAL_DAY_SQL = "rd_local_day"
WORK_MEM = "64MB"  # PostgreSQL, for the dashboard's statements only


# ---- the filters (the same query parameters as GET /v1/review/cases) ---------------------


async def filter_query(
    store: Annotated[str | None, Query(max_length=16)] = None,
    finalised_from: Annotated[
        datetime | None, Query(description="inclusive; ISO 8601 with an offset")
    ] = None,
    finalised_to: Annotated[
        datetime | None, Query(description="exclusive; ISO 8601 with an offset")
    ] = None,
    reason: Annotated[str | None, Query(max_length=30)] = None,
    resolution: Annotated[str | None, Query(max_length=30)] = None,
    refund_min: Annotated[int | None, Query(ge=0, le=2**31 - 1, description="cents")] = None,
    refund_max: Annotated[int | None, Query(ge=0, le=2**31 - 1, description="cents")] = None,
    staff: Annotated[str | None, Query(max_length=36, description="staff id")] = None,
    identity_override: Annotated[bool | None, Query()] = None,
    outside_policy: Annotated[bool | None, Query()] = None,
    goodwill: Annotated[bool | None, Query()] = None,
    sla_breached: Annotated[bool | None, Query()] = None,
    annotated: Annotated[bool | None, Query()] = None,
    q: Annotated[
        str, Query(max_length=100, description="words in the customer's words and notes")
    ] = "",
) -> CaseQuery:
    """The case list's filters as a CaseQuery (checked the same way as the list's)."""
    for name, value in (("finalised_from", finalised_from), ("finalised_to", finalised_to)):
        if value is not None and value.tzinfo is None:
            raise ApiError(
                422, errors.INVALID_REQUEST, f"{name}: give the time with its UTC offset."
            )
        if value is not None:
            try:
                value.astimezone(UTC)
            except OverflowError:
                raise ApiError(
                    422, errors.INVALID_REQUEST, f"{name}: out of range once converted to UTC."
                ) from None
    texts = {"store": store, "reason": reason, "resolution": resolution, "staff": staff, "q": q}
    for name, text in texts.items():
        if text and "\x00" in text:  # no case holds one, and PostgreSQL cannot compare it
            raise ApiError(422, errors.INVALID_REQUEST, f"{name}: NUL is not allowed.")
    return CaseQuery(
        store=store or None,
        finalised_from=finalised_from,
        finalised_to=finalised_to,
        reason=reason or None,
        resolution=resolution or None,
        refund_min=refund_min,
        refund_max=refund_max,
        staff=staff or None,
        identity_override=identity_override,
        outside_policy=outside_policy,
        goodwill=goodwill,
        sla_breached=sla_breached,
        annotated=annotated,
        q=q.strip(),
    )


# ---- store-local days -----------------------------------------------------------------------


@lru_cache(maxsize=256)
def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _sqlite_local_day(stamp: str | None, zone: str | None) -> str | None:
    """SQLite's stored naive-UTC time → the calendar day in ``zone`` (ISO text)."""
    if stamp is None:
        return None
    text = str(stamp)
    # Most hours of a zone lie within one local day: one answer per (UTC hour, zone).
    whole_hour = _hour_local_day(text[:13], zone)
    if whole_hour is not None:
        return whole_hour
    try:
        at = datetime.fromisoformat(text).replace(tzinfo=UTC)
        return at.astimezone(_zone(zone)).date().isoformat()
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=65536)
def _hour_local_day(hour: str, zone: str | None) -> str | None:
    """The local day of every instant of this UTC hour ("2026-11-10 17"), or None when
    the hour straddles local midnight (a zone with a half-hour offset), the zone's offset
    changes within it, or it is unreadable."""
    try:
        start = datetime.fromisoformat(f"{hour}:00:00").replace(tzinfo=UTC)
        tz = _zone(zone)
        first = start.astimezone(tz)
        last = (start + timedelta(minutes=59, seconds=59, microseconds=999999)).astimezone(tz)
    except (ValueError, OverflowError):
        return None
    same = first.date() == last.date() and first.utcoffset() == last.utcoffset()
    return first.date().isoformat() if same else None


def _offset(tz: ZoneInfo, at: datetime) -> int:
    offset = at.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@lru_cache(maxsize=256)
def _offset_pieces(
    zone: str | None, lo: datetime, hi: datetime
) -> tuple[tuple[datetime, int], ...]:
    """The zone's UTC offsets (seconds) over [lo, hi): (from this instant, offset), the
    first from ``lo``. Offsets change on whole seconds; none changes twice in 6 hours."""
    tz, step = _zone(zone), timedelta(hours=6)
    pieces = [(lo, _offset(tz, lo))]
    at = lo
    while at < hi:
        later = min(at + step, hi)
        if _offset(tz, later) != pieces[-1][1]:
            first, last = 0, int((later - at).total_seconds())  # changed within (at, later]
            while last - first > 1:
                middle = (first + last) // 2
                if _offset(tz, at + timedelta(seconds=middle)) == pieces[-1][1]:
                    first = middle
                else:
                    last = middle
            changed = at + timedelta(seconds=last)
            pieces.append((changed, _offset(tz, changed)))
        at = later
    return tuple(pieces)


def _sqlite_day_with(offset: int) -> Any:
    # Whole seconds (offsets and midnights are): the fraction cannot change the day, and
    # date() rounds to milliseconds.
    stamp = func.substr(ReceivedCase.finalised_at, 1, 19)
    return func.date(stamp, f"{offset:+d} seconds")


def _local_day(s: Session, zones: set[str]) -> Any:
    """The case's calendar day in its store's zone, as SQL (a date, or ISO text on SQLite).

    PostgreSQL converts with its zone database. SQLite has none: for the region's zones,
    the offsets in force between the oldest and the newest case are worked out here and
    SQLite adds them with its own date() (C, no call back into Python per row); anything
    else (another zone, a time outside that span) goes through a Python function on the
    same connection.
    """
    if s.get_bind().dialect.name == "postgresql":
        utc = func.timezone("UTC", ReceivedCase.finalised_at)  # stored naive UTC
        return cast(func.timezone(Store.timezone, utc), Date)
    raw = s.connection().connection.dbapi_connection
    assert raw is not None
    raw.create_function(LOCAL_DAY_SQL, 2, _sqlite_local_day, deterministic=True)
    exact = getattr(func, LOCAL_DAY_SQL)(ReceivedCase.finalised_at, Store.timezone)
    # The same read transaction as the dashboard's pass: no case appears in between.
    oldest = s.scalar(select(func.min(ReceivedCase.finalised_at)))
    newest = s.scalar(select(func.max(ReceivedCase.finalised_at)))
    if oldest is None or newest is None or not zones:
        return exact
    try:  # whole days around the span: the same pieces for a day's requests (cached)
        lo = datetime.combine(oldest.date() - timedelta(days=1), datetime.min.time(), UTC)
        hi = datetime.combine(newest.date() + timedelta(days=2), datetime.min.time(), UTC)
    except OverflowError:
        return exact
    by_zone = []
    for zone in sorted(zones):
        pieces = _offset_pieces(zone, lo, hi)
        day = _sqlite_day_with(pieces[-1][1])
        if len(pieces) > 1:
            day = when(
                *(
                    (ReceivedCase.finalised_at < until, _sqlite_day_with(offset))
                    for (_, offset), (until, _) in zip(pieces, pieces[1:], strict=False)
                ),
                else_=day,
            )
        by_zone.append((Store.timezone == zone, day))
    inside = (ReceivedCase.finalised_at >= lo) & (ReceivedCase.finalised_at < hi)
    return when((inside, when(*by_zone, else_=exact)), else_=exact)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _region_zone(zones: list[str]) -> str:
    """The zone most of the region's stores use (ties: the first by name)."""
    if not zones:
        return "UTC"
    counted = Counter(str(z) for z in zones)
    return min(counted, key=lambda z: (-counted[z], z))


def bucket_start(day: date, unit: BucketUnit) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _next_bucket(start: date, unit: BucketUnit) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def unit_for(first: date, last: date) -> BucketUnit:
    days = (last - first).days + 1
    if days <= DAY_UNTIL:
        return "day"
    if days <= WEEK_UNTIL:
        return "week"
    if days <= MONTH_UNTIL:
        return "month"
    return "year"


def _shift(day: date, delta: timedelta) -> date:
    """``day + delta``, stopping at the calendar's ends."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def _local_date(at: datetime, zone: ZoneInfo) -> date:
    try:
        return at.astimezone(zone).date()
    except OverflowError:  # within a day of year 1 or 9999
        return date.min if at.year < 2 else date.max


def _axis(query: CaseQuery, zone: ZoneInfo, days: list[date]) -> tuple[date, date] | None:
    """The first and last day the timeline shows (None: nothing to show)."""
    lo = _local_date(query.finalised_from, zone) if query.finalised_from else None
    hi = None
    if query.finalised_to is not None:  # exclusive: the day of its last microsecond
        to = query.finalised_to
        hi = _local_date(to - timedelta(microseconds=1), zone) if to.year > 1 else date.min
    if days:
        first, last = min(days), max(days)
        # A range far wider than the data (an open-ended "since 1900") is the data's range.
        lo = first if lo is None or lo < _shift(first, -AXIS_MARGIN) else min(lo, first)
        hi = last if hi is None or hi > _shift(last, AXIS_MARGIN) else max(hi, last)
    if lo is None or hi is None or hi < lo or (not days and hi - lo > AXIS_MARGIN):
        return None
    return lo, hi


def _timeline(rows: list[tuple[date, str, int]], axis: tuple[date, date] | None) -> Timeline:
    if axis is None:
        return Timeline(unit="day", buckets=[], series=[])
    unit = unit_for(*axis)
    buckets = []
    at, last = bucket_start(axis[0], unit), axis[1]
    while at <= last:
        buckets.append(at)
        if at.year == date.max.year and unit in ("month", "year"):
            break
        try:
            at = _next_bucket(at, unit)
        except (OverflowError, ValueError):
            break
    index = {b: i for i, b in enumerate(buckets)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(buckets))
    for day, reason, n in rows:
        i = index.get(bucket_start(day, unit))
        if i is not None:
            counts[reason][i] += n
    order = sorted(counts, key=lambda r: (-sum(counts[r]), r))
    return Timeline(
        unit=unit,
        buckets=buckets,
        series=[ReasonSeries(reason=r, counts=counts[r]) for r in order],
    )


# ---- the policy's quality reasons -----------------------------------------------------------


@lru_cache(maxsize=8)
def _fault_reasons(policy_text: str) -> tuple[str, ...]:
    try:
        reasons = tomllib.loads(policy_text).get("reasons", {})
    except tomllib.TOMLDecodeError:
        return DEFAULT_QUALITY_REASONS
    found = tuple(
        sorted(
            code for code, rule in reasons.items() if isinstance(rule, dict) and rule.get("fault")
        )
    )
    return found or DEFAULT_QUALITY_REASONS


def quality_reasons(s: Session) -> tuple[str, ...]:
    """Reasons that are a fault of the goods (``fault = true`` in the policy handed down)."""
    text = s.scalar(select(Policy.text).where(Policy.id == "global"))
    return _fault_reasons(text) if text else DEFAULT_QUALITY_REASONS


# ---- the numbers ------------------------------------------------------------------------------


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(when((condition, 1), else_=0)), 0)


def _items_answer(query: CaseQuery) -> bool:
    """Whether a returned item's own columns (ReceivedItem, migration 0005: store, reason,
    finalisation) hold every filter of ``query``: the list's conditions on the case are
    those alone, and there are no search words. (Derived from the list's own conditions, a
    filter added there is never missed here.)"""
    on_case = _case_filters(query, flag_expressions(""))
    return not query.q.split() and len(on_case) == len(store_time_reason(query, ReceivedCase))


def _products(
    s: Session,
    principal: Principal,
    query: CaseQuery,
    quality: tuple[str, ...],
    of_region: Callable[..., Any],
) -> list[ProductStats]:
    """The SKUs with the most quality returns among the matching cases: cases per SKU
    (each case once, however many of its lines carry it) and pieces.

    With no filter beyond store, dates and reason, the items alone answer, read from
    their own index (ix_returned_item_products); otherwise through the matching cases.
    Per (SKU, case) first, hashed, then per SKU, without sorting every returned line."""
    if _items_answer(query):
        item = ReceivedItem
        where = [
            Store.region == principal.region,
            item.reason_category.in_(quality),
            *store_time_reason(query, item),
        ]
        per_case = (
            select(item.sku.label("sku"), func.sum(item.quantity).label("units"))
            .join(Store, Store.code == item.store_code)
            .where(*where)
            .group_by(item.sku, item.case_id)
            .subquery("per_case")
        )
    else:
        per_case = (
            of_region(ReceivedItem.sku.label("sku"), func.sum(ReceivedItem.quantity).label("units"))
            .join(ReceivedItem, ReceivedItem.case_id == ReceivedCase.id)
            .where(ReceivedCase.reason_category.in_(quality))
            .group_by(ReceivedItem.sku, ReceivedCase.id)
            .subquery("per_case")
        )
    cases, units = func.count(), func.sum(per_case.c.units)
    top = s.execute(
        select(per_case.c.sku, cases.label("cases"), units.label("units"))
        .group_by(per_case.c.sku)
        .order_by(cases.desc(), units.desc(), per_case.c.sku)
        .limit(TOP_PRODUCTS)
    ).all()
    if not top:
        return []
    # A product's name: the greatest its order lines carry (one index probe per SKU).
    names = s.execute(
        select(
            *(
                select(func.max(SalesOrderLine.name))
                .where(SalesOrderLine.sku == r.sku)
                .scalar_subquery()
                for r in top
            )
        )
    ).one()
    return [
        ProductStats(sku=r.sku, name=name or "", cases=int(r.cases), quantity=int(r.units or 0))
        for r, name in zip(top, names, strict=True)
    ]


def dashboard(s: Session, principal: Principal, query: CaseQuery) -> Dashboard:
    """The dashboard of the region's cases that match ``query`` (its paging is ignored)."""
    if query.store:
        _check_store(s, principal, query.store)
    dialect = s.get_bind().dialect.name
    flags = flag_expressions(dialect)
    where = _conditions(query, flags, principal)
    if dialect == "postgresql":
        # For this transaction only: the grouped pass keeps tens of thousands of groups (a
        # year of days x stores x reasons) and the products' joins hash 100k+ rows, in
        # memory instead of spilling to disk in batches (default 4 MB). (JIT is off for
        # every connection: server.database.POSTGRES_SESSION_OPTIONS.)
        s.execute(sql(f"SET LOCAL work_mem = '{WORK_MEM}'"))

    def of_region(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(ReceivedCase)
            .join(Store, Store.code == ReceivedCase.store_code)
            .where(*where)
        )

    region_stores = s.execute(  # in the database's order of codes, as the stores are listed
        select(Store.code, Store.name, Store.timezone)
        .where(Store.region == principal.region)
        .order_by(Store.code)
    ).all()
    names = {code: name for code, name, _ in region_stores}
    zone_name = _region_zone([zone for _, _, zone in region_stores])
    local_day = _local_day(s, {zone for _, _, zone in region_stores})
    store_code, reason = ReceivedCase.store_code, ReceivedCase.reason_category
    numbers = (
        func.count(),
        func.sum(ReceivedCase.refund_cents),
        _count(flags["goodwill"]),
        _count(flags["sla_breached"]),
        _count(flags["identity_override"]),
        func.sum(when((flags["goodwill"], ReceivedCase.goodwill_cents), else_=0)),
    )
    # One pass over the region's matching cases (read from ix_return_case_dashboard) gives
    # every number but the products. PostgreSQL hashes both groupings at once: per store,
    # and per (local day, reason); SQLite has no GROUPING SETS, so it groups per (store,
    # local day, reason) and the sums per store and per day are made here.
    if dialect == "postgresql":
        groups = s.execute(
            of_region(func.grouping(store_code), store_code, local_day, reason, *numbers).group_by(
                func.grouping_sets(tuple_(store_code), tuple_(local_day, reason))
            )
        )
        rows = ((g == 0, g == 1, *rest) for g, *rest in groups)
    else:
        groups = s.execute(
            of_region(store_code, local_day, reason, *numbers).group_by(
                store_code, local_day, reason
            )
        )
        rows = ((True, True, *row) for row in groups)
    per_store: dict[str, list[int]] = {}
    by_day: list[tuple[date, str, int]] = []
    for of_store, of_day, code, day, why, n, refund, goodwill, late, overrides, cents in rows:
        if of_store:
            total = per_store.get(code)
            if total is None:
                total = per_store[code] = [0, 0, 0, 0, 0, 0]
            total[0] += n
            total[1] += refund or 0
            total[2] += goodwill
            total[3] += cents or 0
            total[4] += late
            total[5] += overrides
        if of_day:
            parsed = _as_date(day)
            if parsed is not None:
                by_day.append((parsed, str(why), int(n)))
    stores = [
        StoreStats(
            store_code=code,
            store_name=names.get(code) or "",
            cases=int(t[0]),
            refund_cents=int(t[1]),
            goodwill_cases=int(t[2]),
            goodwill_cents=int(t[3]),
            sla_breached=int(t[4]),
            identity_overrides=int(t[5]),
        )
        for code, _, _ in region_stores
        if (t := per_store.get(code)) is not None
    ]
    totals = DashboardTotals(
        cases=sum(x.cases for x in stores),
        refund_cents=sum(x.refund_cents for x in stores),
        goodwill_cases=sum(x.goodwill_cases for x in stores),
        goodwill_cents=sum(x.goodwill_cents for x in stores),
        sla_breached=sum(x.sla_breached for x in stores),
        identity_overrides=sum(x.identity_overrides for x in stores),
    )
    axis = _axis(query, _zone(zone_name), [d for d, _, _ in by_day])

    quality = quality_reasons(s)
    products = _products(s, principal, query, quality, of_region)
    return Dashboard(
        region=principal.region,
        timezone=zone_name,
        totals=totals,
        timeline=_timeline(by_day, axis),
        stores=stores,
        quality_reasons=list(quality),
        products=products,
    )
