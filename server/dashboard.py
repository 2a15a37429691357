"""The regional lead's dashboard: every chart's numbers in one answer, computed in SQL.

It takes the case list's filters and reuses its conditions (server.review), so the charts
count exactly the cases the list shows, in the lead's region only.

Time buckets are calendar days in each *store's* own zone (Store.timezone): a case
finalised at 23:30 in Shanghai counts on that Shanghai day, whatever the lead's or the
server's zone. SQL groups the cases by (local day, reason); weeks (Monday first), months
or years are whole days added together, so they stay exact. PostgreSQL converts with its
zone database (``timezone()``); SQLite has none, so a small deterministic SQL function
does it with Python's zoneinfo on the same connection. The axis runs over the filter's
range (its ends read in the region's zone: the zone most of its stores use) or, without
one, over the days that have cases; a range reaching more than a year beyond the data
is cut to the data.

Cost: four aggregates over the region's matching cases (stores; days × reasons; the
goodwill values, read from the payload of the goodwill cases only; quality products
through returned_item → order_line). Without filters they scan the region: seconds over
a region of 400k cases. A ``goodwill_cents`` column on return_case is used instead of the
payload as soon as the schema has one.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Query
from sqlalchemy import (
    Date,
    Numeric,
    cast,
    distinct,
    func,
    select,
)
from sqlalchemy import case as when
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
from server.review import CaseQuery, _check_store, _conditions, flag_expressions

TOP_PRODUCTS = 10
DAY_UNTIL = 62  # days on the axis: up to this many, one bar per day
WEEK_UNTIL = 731  # then weeks, up to two years
MONTH_UNTIL = 7305  # then months, up to twenty years; beyond, years
AXIS_MARGIN = timedelta(days=366)  # the axis never runs further than this past the data
DEFAULT_QUALITY_REASONS = ("quality",)
LOCAL_DAY_SQL = "rd_local_day"


# ---- the filters (the same query parameters as GET /v1/review/cases) ---------------------


def filter_query(
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


def _local_day(s: Session) -> Any:
    if s.get_bind().dialect.name == "postgresql":
        utc = func.timezone("UTC", ReceivedCase.finalised_at)  # stored naive UTC
        return cast(func.timezone(Store.timezone, utc), Date)
    raw = s.connection().connection.dbapi_connection
    assert raw is not None
    raw.create_function(LOCAL_DAY_SQL, 2, _sqlite_local_day, deterministic=True)
    return getattr(func, LOCAL_DAY_SQL)(ReceivedCase.finalised_at, Store.timezone)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _region_zone(s: Session, principal: Principal) -> str:
    row = s.execute(
        select(Store.timezone, func.count())
        .where(Store.region == principal.region)
        .group_by(Store.timezone)
        .order_by(func.count().desc(), Store.timezone)
        .limit(1)
    ).first()
    return str(row[0]) if row is not None else "UTC"


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


def _goodwill_cents(dialect: str) -> Any:
    """The goodwill value a counter sent (payload.case.goodwill_cents), 0 when none.

    Summed over the goodwill cases only: reading the JSON of every case costs seconds over
    a big region, while the goodwill flag is a column with an index.
    """
    stored = ReceivedCase.__table__.c.get("goodwill_cents")
    if stored is not None:  # kept as a column when the case is stored: no JSON to read
        return func.coalesce(stored, 0)
    if dialect == "postgresql":
        value = ReceivedCase.payload[("case", "goodwill_cents")]
        number = func.jsonb_typeof(value) == "number"
        return when((number, cast(value.as_string(), Numeric)), else_=0)
    path = "$.case.goodwill_cents"
    number = func.json_type(ReceivedCase.payload, path).in_(("integer", "real"))
    return when((number, func.json_extract(ReceivedCase.payload, path)), else_=0)


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(when((condition, 1), else_=0)), 0)


def dashboard(s: Session, principal: Principal, query: CaseQuery) -> Dashboard:
    """The dashboard of the region's cases that match ``query`` (its paging is ignored)."""
    if query.store:
        _check_store(s, principal, query.store)
    dialect = s.get_bind().dialect.name
    flags = flag_expressions(dialect)
    where = _conditions(query, flags, principal)

    def of_region(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(ReceivedCase)
            .join(Store, Store.code == ReceivedCase.store_code)
            .where(*where)
        )

    store_columns = (
        func.count().label("cases"),
        func.sum(ReceivedCase.refund_cents).label("refund"),
        _count(flags["goodwill"]).label("goodwill_cases"),
        _count(flags["sla_breached"]).label("sla_breached"),
        _count(flags["identity_override"]).label("identity_overrides"),
    )
    store_rows = list(
        s.execute(
            of_region(Store.code, Store.name, *store_columns)
            .group_by(Store.code, Store.name)
            .order_by(Store.code)
        )
    )
    local_day = _local_day(s)
    reason = ReceivedCase.reason_category
    # A second pass, not GROUPING SETS: both hash-aggregate into few groups, while the
    # combined form sorts the whole region (measured slower on 1M cases, PostgreSQL 15).
    day_rows = [
        (day, r, int(n))
        for day, r, n in s.execute(
            of_region(local_day, reason, func.count()).group_by(local_day, reason)
        )
    ]
    # Apart, over the goodwill cases only (an index finds them): the values are in the
    # payload, and carrying every payload through the big aggregate costs seconds.
    goodwill_cents = {
        code: int(total or 0)
        for code, total in s.execute(
            of_region(Store.code, func.sum(_goodwill_cents(dialect)))
            .where(flags["goodwill"])
            .group_by(Store.code)
        )
    }
    stores = [
        StoreStats(
            store_code=r.code,
            store_name=r.name or "",
            cases=int(r.cases),
            refund_cents=int(r.refund or 0),
            goodwill_cases=int(r.goodwill_cases),
            goodwill_cents=goodwill_cents.get(r.code, 0),
            sla_breached=int(r.sla_breached),
            identity_overrides=int(r.identity_overrides),
        )
        for r in store_rows
    ]
    totals = DashboardTotals(
        cases=sum(x.cases for x in stores),
        refund_cents=sum(x.refund_cents for x in stores),
        goodwill_cases=sum(x.goodwill_cases for x in stores),
        goodwill_cents=sum(x.goodwill_cents for x in stores),
        sla_breached=sum(x.sla_breached for x in stores),
        identity_overrides=sum(x.identity_overrides for x in stores),
    )
    by_day: list[tuple[date, str, int]] = []
    for day, code, n in day_rows:
        parsed = _as_date(day)
        if parsed is not None:
            by_day.append((parsed, str(code), n))
    zone_name = _region_zone(s, principal)
    axis = _axis(query, _zone(zone_name), [d for d, _, _ in by_day])

    quality = quality_reasons(s)
    cases = func.count(distinct(ReceivedCase.id))
    units = func.sum(ReceivedItem.quantity)
    products = [
        ProductStats(sku=r.sku, name=r.name or "", cases=int(r.cases), quantity=int(r.units or 0))
        for r in s.execute(
            of_region(
                SalesOrderLine.sku,
                func.max(SalesOrderLine.name).label("name"),
                cases.label("cases"),
                units.label("units"),
            )
            .join(ReceivedItem, ReceivedItem.case_id == ReceivedCase.id)
            .join(SalesOrderLine, SalesOrderLine.id == ReceivedItem.order_line_id)
            .where(ReceivedCase.reason_category.in_(quality))
            .group_by(SalesOrderLine.sku)
            .order_by(cases.desc(), units.desc(), SalesOrderLine.sku)
            .limit(TOP_PRODUCTS)
        )
    ]
    return Dashboard(
        region=principal.region,
        timezone=zone_name,
        totals=totals,
        timeline=_timeline(by_day, axis),
        stores=stores,
        quality_reasons=list(quality),
        products=products,
    )
