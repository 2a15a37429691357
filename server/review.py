"""What regional leads read and write: cases of their region, photos, annotations.

The review list is filtered, sorted and paged here, in SQL, over the lead's region
only. Flags a lead looks out for (identity override, outside policy, goodwill, SLA
breached, annotated) are SQL expressions over the stored case and its annotations: one
definition serves both the filter and the column shown. What a flag needs from the
payload (SLA, approvals) and the texts search looks in are columns of the case, computed
once when it is stored (db/case_facts.py); indexes follow the list's usual filters and
orders (db/central.py). Over a big region the total is counted exactly up to
COUNT_EXACT_UP_TO matches (or the current page); beyond that the page says "more".
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from concurrent.futures import TimeoutError as StillRunning
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    ColumnElement,
    Select,
    exists,
    func,
    literal,
    not_,
    select,
)
from sqlalchemy.orm import Session

from db.case_facts import searchable
from db.central import (
    Annotation,
    PhotoBlob,
    ReceivedCase,
    ReceivedItem,
    ReceivedPhoto,
    SalesOrder,
    SalesOrderLine,
    Staff,
    Store,
)
from server import errors
from server.auth import Principal
from server.errors import ApiError
from server.feed import Change, publish
from server.ids import utcnow
from server.schemas import (
    AnnotationOut,
    CaseDetail,
    CasePage,
    CaseSummary,
    PhotoRef,
    ReturnedItemOut,
    ReviewOptions,
    ReviewStaff,
    ReviewStore,
)

FLAG_NAMES = ("identity_override", "outside_policy", "goodwill", "sla_breached", "annotated")
# The customer's words and the staff's notes (db.case_facts.SEARCH_FIELDS) and the case
# number are what "search" looks through: ReceivedCase.search_text, made at push.
SEARCH_TERMS_MAX = 8
# Counting every match of a broad filter over a region's hundreds of thousands of cases
# costs more than the page itself; past this many (or the current page) it says "more".
COUNT_EXACT_UP_TO = 1_000
# A search with more matches than COUNT_EXACT_UP_TO reads at most this many of the newest
# cases passing the other filters for its page (see _newest_matches): enough for words in
# one case of a hundred, cheap enough to try before sorting every match.
SEARCH_WINDOW = 5_000
# With a second connection (Alongside), a search whose matching ids take longer than this
# is taken for a broad one: its page is read from the newest cases while they are counted.
FEW_MATCHES_SECONDS = 0.005
WORDS_PREVIEW = 200


@dataclass(frozen=True)
class Alongside:
    """Where a search counts its matches while its page is read: a thread pool, and read
    sessions of its own (a second connection, so a second transaction: a case pushed in
    between may be in the count and not on the page, as with a page read a moment later).
    """

    pool: Executor
    read: Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class CaseQuery:
    """One page of the review list: filters (None = any), order and page."""

    store: str | None = None
    finalised_from: datetime | None = None  # inclusive
    finalised_to: datetime | None = None  # exclusive
    reason: str | None = None
    resolution: str | None = None
    refund_min: int | None = None  # cents, inclusive
    refund_max: int | None = None  # cents, inclusive
    staff: str | None = None
    # True: only cases with the flag; False: only cases without; None: either.
    identity_override: bool | None = None
    outside_policy: bool | None = None
    goodwill: bool | None = None
    sla_breached: bool | None = None
    annotated: bool | None = None
    q: str = ""
    sort: str = "finalised_at"  # one of schemas.SORT_KEYS
    descending: bool = True
    page: int = 1
    limit: int = 50


# ---- expressions over the stored case --------------------------------------------------------


def _case_text(name: str) -> ColumnElement[str]:
    """A field of the case as the counter pushed it (payload.case.<name>), as text."""
    return ReceivedCase.payload[("case", name)].as_string()


def flag_expressions(dialect: str) -> dict[str, ColumnElement[bool]]:
    """Each flag as a condition on the case (the same on every dialect; the argument is
    kept for the callers). Definitions: db/case_facts.py and schemas.CaseFlags."""
    del dialect
    return {
        "identity_override": ReceivedCase.identity_status == "overridden",
        # Every approval but the identity override is an exception to the returns policy.
        "outside_policy": ReceivedCase.outside_policy,
        # The wire has no goodwill amount yet: a gesture given on top of a refund within
        # the budget is not visible here.
        "goodwill": ReceivedCase.goodwill,
        "sla_breached": ReceivedCase.sla_breached,
        "annotated": exists().where(Annotation.case_id == ReceivedCase.id),
    }


def _latest_verdict() -> Any:
    return (
        select(Annotation.verdict)
        .where(Annotation.case_id == ReceivedCase.id, Annotation.verdict != "")
        .order_by(Annotation.created_at.desc(), Annotation.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _like_pattern(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(q: str, text: Any = ReceivedCase.search_text) -> list[ColumnElement[bool]]:
    """Every word must appear in one of the texts (case-insensitive substring): the texts
    were made searchable by Python when stored, the words are here, by the same rules."""
    return [
        text.like(_like_pattern(searchable(term)), escape="\\")
        for term in q.split()[:SEARCH_TERMS_MAX]
    ]


_SORT_COLUMNS = {
    "finalised_at": ReceivedCase.finalised_at,
    "refund": ReceivedCase.refund_cents,
    "store": ReceivedCase.store_code,
    "case_no": ReceivedCase.case_no,
}


# ---- the list ---------------------------------------------------------------------------------


def _check_store(s: Session, principal: Principal, store: str) -> None:
    region = s.connection().scalar(select(Store.region).where(Store.code == store))
    if region != principal.region:
        raise ApiError(403, errors.FORBIDDEN, f"Store {store} is outside your region.")


def summary_columns(flags: dict[str, ColumnElement[bool]]) -> list[Any]:
    """The columns of a CaseSummary (the list's rows; the export streams the same).

    Select them from return_case joined to store and outer-joined to staff.
    """
    return [
        ReceivedCase.id,
        ReceivedCase.case_no,
        ReceivedCase.store_code,
        Store.name.label("store_name"),
        ReceivedCase.staff_id,
        Staff.name.label("staff_name"),
        ReceivedCase.order_id,
        ReceivedCase.reason_category,
        ReceivedCase.resolution,
        ReceivedCase.refund_cents,
        ReceivedCase.identity_status,
        ReceivedCase.priority,
        ReceivedCase.channel,
        func.substr(_case_text("customer_words"), 1, WORDS_PREVIEW).label("customer_words"),
        ReceivedCase.finalised_at,
        ReceivedCase.received_at,
        _latest_verdict().label("verdict"),
        *(flags[n].label(n) for n in FLAG_NAMES),
    ]


def _conditions(
    query: CaseQuery, flags: dict[str, ColumnElement[bool]], principal: Principal
) -> list[ColumnElement[bool]]:
    """Every condition of ``query``: its filters and its search words."""
    return _filters(query, flags, principal) + _search(query.q)


def _filters(
    query: CaseQuery, flags: dict[str, ColumnElement[bool]], principal: Principal
) -> list[ColumnElement[bool]]:
    """The conditions of ``query`` but its search words: the region's cases it names."""
    return [Store.region == principal.region, *_case_filters(query, flags)]


def store_time_reason(query: CaseQuery, rows: Any) -> list[ColumnElement[bool]]:
    """The conditions of ``query`` on store, finalisation and reason, over the columns of
    those names of ``rows``: the cases, or the returned items, which keep their case's."""
    where: list[ColumnElement[bool]] = []
    if query.store:
        where.append(rows.store_code == query.store)
    if query.finalised_from is not None:
        where.append(rows.finalised_at >= query.finalised_from)
    if query.finalised_to is not None:
        where.append(rows.finalised_at < query.finalised_to)
    if query.reason:
        where.append(rows.reason_category == query.reason)
    return where


def _case_filters(
    query: CaseQuery, flags: dict[str, ColumnElement[bool]]
) -> list[ColumnElement[bool]]:
    """The conditions of ``query`` on the case itself: all but its region and its words."""
    where = store_time_reason(query, ReceivedCase)
    if query.resolution:
        where.append(ReceivedCase.resolution == query.resolution)
    if query.refund_min is not None:
        where.append(ReceivedCase.refund_cents >= query.refund_min)
    if query.refund_max is not None:
        where.append(ReceivedCase.refund_cents <= query.refund_max)
    if query.staff:
        where.append(ReceivedCase.staff_id == query.staff)
    for name in FLAG_NAMES:
        wanted = getattr(query, name)
        if wanted is not None:
            where.append(flags[name] if wanted else not_(flags[name]))
    return where


def _page(
    where: list[ColumnElement[bool]], order: list[Any], offset: int = 0, limit: int | None = None
) -> Select[Any]:
    """The ids of a page (``page_id``) of the cases matching ``where`` in ``order``."""
    page = (
        select(ReceivedCase.id.label("page_id"))
        .select_from(ReceivedCase)
        .join(Store, Store.code == ReceivedCase.store_code)
        .where(*where)
        .order_by(*order)
        .offset(offset)
    )
    return page if limit is None else page.limit(limit)


def _found_in_region(conditions: list[ColumnElement[bool]], region: str, *columns: Any) -> Any:
    """The cases matching ``conditions`` (on the case alone) whose store is in ``region``,
    with their id and ``columns``: a query to select from.

    The cases are found first, planned alone (a materialised CTE, read only as far as the
    outer query asks), then kept if their store is in the region. For search words the
    planner cannot count, this is what keeps it honest:

    - joined to the region's stores, it ran the trigram search once per store (a nested
      loop over the stores, each turn rebuilding the whole bitmap of the word's cases);
    - asked for the list's order, it walked the whole list (an index scan) looking for a
      few hundred matches of an old case number.
    """
    found = (
        select(ReceivedCase.id, ReceivedCase.store_code, *columns)
        .where(*conditions)
        .cte("found")
        .prefix_with("MATERIALIZED")
    )
    return (
        select(found)
        .join(Store, Store.code == found.c.store_code)
        .where(Store.region == region)
        .subquery("in_region")
    )


def _page_of_matches(
    conditions: list[ColumnElement[bool]],
    region: str,
    column: Any,
    descending: bool,
    offset: int,
    limit: int,
) -> Select[Any]:
    """Like _page, but every match is found first (_found_in_region), then sorted."""
    matches = _found_in_region(conditions, region, column.label("sort_key"))
    keys = (matches.c.sort_key, matches.c.id)
    return (
        select(matches.c.id.label("page_id"))
        .order_by(*(k.desc() if descending else k.asc() for k in keys))
        .offset(offset)
        .limit(limit)
    )


def _summaries(
    s: Session, flags: dict[str, ColumnElement[bool]], page: Select[Any], order: list[Any]
) -> list[CaseSummary]:
    # The page's ids first (what the indexes answer), then the shown columns of only
    # those: skipped rows of a deep page never read their payload or annotations.
    on_page = page.subquery("page")
    stmt = (
        select(*summary_columns(flags))
        .select_from(on_page)
        .join(ReceivedCase, ReceivedCase.id == on_page.c.page_id)
        .join(Store, Store.code == ReceivedCase.store_code)
        .outerjoin(Staff, Staff.id == ReceivedCase.staff_id)
        .order_by(*order)
    )
    # Executed as Core (no ORM state for plain columns) and validated as one list by
    # pydantic: reading rows attribute by attribute and making each model by keywords was
    # a fifth of a page's server time.
    result = s.connection().execute(stmt)
    keys = list(result.keys())
    rows = []
    for values in result:
        row = dict(zip(keys, values, strict=True))
        row["flags"] = {name: bool(row.pop(name)) for name in FLAG_NAMES}
        for name in _BLANK_IF_NONE:
            if row[name] is None:
                row[name] = ""
        rows.append(row)
    return _SUMMARY_LIST.validate_python(rows)


_SUMMARY_LIST = TypeAdapter(list[CaseSummary])
# Outer-joined or optional columns the summary shows as "" when absent.
_BLANK_IF_NONE = ("store_name", "staff_name", "customer_words", "verdict")


def _count_up_to(s: Session, where: list[ColumnElement[bool]], cap: int) -> int:
    """How many cases match, counting no further than ``cap``."""
    matching = (
        # A constant, not the id: any index that answers the filters covers the count.
        select(literal(1).label("one"))
        .select_from(ReceivedCase)
        .join(Store, Store.code == ReceivedCase.store_code)
        .where(*where)
        .limit(cap)
        .subquery()
    )
    return int(s.connection().scalar(select(func.count()).select_from(matching)) or 0)


def _ids_up_to(
    s: Session, conditions: list[ColumnElement[bool]], region: str, cap: int
) -> list[str]:
    """The ids of the region's cases matching ``conditions``, at most ``cap``, in no order."""
    if s.get_bind().dialect.name == "postgresql":
        found = _found_in_region(conditions, region)
        return list(s.connection().scalars(select(found.c.id).limit(cap)))
    # SQLite reads every case for words anyway (no trigram index): one scan that stops at
    # the cap is its cheapest plan, and it materialises a CTE whole.
    return list(
        s.connection().scalars(
            select(ReceivedCase.id)
            .join(Store, Store.code == ReceivedCase.store_code)
            .where(Store.region == region, *conditions)
            .limit(cap)
        )
    )


def _newest_matches(
    s: Session,
    filters: list[ColumnElement[bool]],
    q: str,
    descending: bool,
    need: int,
) -> list[str] | None:
    """The ids of the first ``need`` cases matching the search words, in the list's order
    by finalisation, if the SEARCH_WINDOW first cases passing the other filters hold that
    many; else None (the caller sorts every match instead).

    Words a good share of a region's cases contain: the planner, which cannot tell how
    many cases a substring matches, would read every candidate of the trigram index and
    sort them all for one page. Read in the list's order (an index scan that stops at the
    ``need``-th match), the newest cases hold the page long before that. The answer is
    exact: the window is a prefix of the list in its own order, so its matches are the
    first matches of the whole list.
    """
    ordered = (ReceivedCase.finalised_at, ReceivedCase.id)
    window = (
        select(ReceivedCase.id, ReceivedCase.finalised_at, ReceivedCase.search_text)
        .join(Store, Store.code == ReceivedCase.store_code)
        .where(*filters)
        .order_by(*(c.desc() if descending else c.asc() for c in ordered))
        .limit(SEARCH_WINDOW)
        .subquery("window")
    )
    keys = (window.c.finalised_at, window.c.id)
    ids = list(
        s.connection().scalars(
            select(window.c.id)
            .where(*_search(q, window.c.search_text))
            .order_by(*(c.desc() if descending else c.asc() for c in keys))
            .limit(need)
        )
    )
    return ids if len(ids) == need else None


def _search_page(
    s: Session,
    query: CaseQuery,
    principal: Principal,
    flags: dict[str, ColumnElement[bool]],
    order: list[Any],
    cap: int,
    alongside: Alongside | None = None,
) -> tuple[Callable[[], int], Select[Any]]:
    """For a search: how many cases match (up to ``cap`` + 1; asked for once the page is
    read) and the ids of the page.

    The matching ids themselves come through the trigram index once: a few are sorted as
    they are (no second search); for many, the page is read newest first or, failing
    that, every match is found and sorted. ``alongside``: the ids are found on a second
    connection; once that takes longer than FEW_MATCHES_SECONDS, the page is read newest
    first meanwhile, and the count is waited for only after the page's rows.
    """
    offset = (query.page - 1) * query.limit
    need = offset + query.limit
    conditions = _case_filters(query, flags) + _search(query.q)
    filters = _filters(query, flags, principal)
    by_time = query.sort == "finalised_at"

    def find_ids(session: Session) -> list[str]:
        return _ids_up_to(session, conditions, principal.region, cap + 1)

    if alongside is not None:
        finding = alongside.pool.submit(_in_own_session, alongside.read, find_ids)
        try:
            ids = finding.result(timeout=FEW_MATCHES_SECONDS if by_time else None)
        except StillRunning:
            first = _newest_matches(s, filters, query.q, query.descending, need)
            if first is not None:
                return lambda: len(finding.result()), _page(
                    [ReceivedCase.id.in_(first[offset:])], order
                )
            ids = finding.result()
    else:
        ids = find_ids(s)
    first = None
    if len(ids) > cap and by_time:
        first = _newest_matches(s, filters, query.q, query.descending, need)
    if first is not None:
        return lambda: len(ids), _page([ReceivedCase.id.in_(first[offset:])], order)
    if len(ids) <= COUNT_EXACT_UP_TO:
        return lambda: len(ids), _page([ReceivedCase.id.in_(ids)], order, offset, query.limit)
    column = _SORT_COLUMNS[query.sort]
    return lambda: len(ids), _page_of_matches(
        conditions, principal.region, column, query.descending, offset, query.limit
    )


def _in_own_session(
    read: Callable[[], AbstractContextManager[Session]], work: Callable[[Session], Any]
) -> Any:
    with read() as session:
        return work(session)


def list_cases(
    s: Session, principal: Principal, query: CaseQuery, alongside: Alongside | None = None
) -> CasePage:
    """One page of the region's cases matching ``query``, with the total over all pages:
    exact up to COUNT_EXACT_UP_TO matches or the end of this page, whichever is more;
    beyond, ``total_exact`` is false and ``total`` is what was counted. ``alongside``: a
    search counts on a second connection while its page is read (see _search_page)."""
    if query.store:
        _check_store(s, principal, query.store)
    flags = flag_expressions(s.get_bind().dialect.name)
    cap = max(COUNT_EXACT_UP_TO, query.page * query.limit)
    column = _SORT_COLUMNS[query.sort]
    # The id breaks ties, so equal keys (same store, same amount) never swap between pages.
    order = (
        [column.desc(), ReceivedCase.id.desc()]
        if query.descending
        else [column.asc(), ReceivedCase.id.asc()]
    )
    offset = (query.page - 1) * query.limit
    if query.q.split():
        count, page = _search_page(s, query, principal, flags, order, cap, alongside)
        items = _summaries(s, flags, page, order)
        counted = count()
    else:
        where = _filters(query, flags, principal)
        counted = _count_up_to(s, where, cap + 1)
        items = _summaries(s, flags, _page(where, order, offset, query.limit), order)
    exact = counted <= cap
    total = counted if exact else cap
    pages = -(-total // query.limit)
    more = query.page * query.limit < counted  # counted reaches past this page
    return CasePage(
        items=items,
        total=total,
        total_exact=exact,
        page=query.page,
        pages=pages,
        limit=query.limit,
        next_page=query.page + 1 if more else None,
    )


def options(s: Session, principal: Principal) -> ReviewOptions:
    """The region's stores and staff, and the reasons and resolutions its cases use."""
    stores = list(
        s.execute(
            select(Store.code, Store.name)
            .where(Store.region == principal.region)
            .order_by(Store.code)
        )
    )
    codes = [code for code, _ in stores]
    staff = s.execute(
        select(Staff.id, Staff.name, Staff.store_code, Staff.role)
        .where(Staff.store_code.in_(codes))
        .order_by(Staff.store_code, Staff.name, Staff.id)
    )

    # A DISTINCT over the region's cases reads all of them (seconds at 1M cases). Instead
    # a skip scan of ix_return_case_dashboard (store, reason, resolution, ...): per store,
    # the smallest reason above the last one found, then per (store, reason) the same for
    # resolutions: one index lookup per value found (SQLite and PostgreSQL 15 have no skip
    # scan of their own).
    case, reason, resolution = ReceivedCase, ReceivedCase.reason_category, ReceivedCase.resolution
    first_reason = select(func.min(reason)).where(case.store_code == Store.code)
    reasons = (
        select(Store.code.label("store_code"), first_reason.scalar_subquery().label("value"))
        .where(Store.region == principal.region)
        .cte("reasons", recursive=True)
    )
    next_reason = select(func.min(reason)).where(
        case.store_code == reasons.c.store_code, reason > reasons.c.value
    )
    reasons = reasons.union_all(
        select(reasons.c.store_code, next_reason.scalar_subquery()).where(
            reasons.c.value.is_not(None)
        )
    )
    first_resolution = select(func.min(resolution)).where(
        case.store_code == reasons.c.store_code, reason == reasons.c.value
    )
    resolutions = (
        select(
            reasons.c.store_code,
            reasons.c.value.label("reason"),
            first_resolution.scalar_subquery().label("value"),
        )
        .where(reasons.c.value.is_not(None))
        .cte("resolutions", recursive=True)
    )
    next_resolution = select(func.min(resolution)).where(
        case.store_code == resolutions.c.store_code,
        reason == resolutions.c.reason,
        resolution > resolutions.c.value,
    )
    resolutions = resolutions.union_all(
        select(
            resolutions.c.store_code, resolutions.c.reason, next_resolution.scalar_subquery()
        ).where(resolutions.c.value.is_not(None))
    )

    def in_use(found: Any) -> list[str]:
        values = select(found.c.value).where(found.c.value.is_not(None))
        return [v for v in s.scalars(values.distinct().order_by(found.c.value)) if v]

    return ReviewOptions(
        region=principal.region,
        stores=[ReviewStore(code=c, name=n) for c, n in stores],
        staff=[ReviewStaff(id=i, name=n, store_code=c, role=r) for i, n, c, r in staff],
        reasons=in_use(reasons),
        resolutions=in_use(resolutions),
    )


# ---- one case -----------------------------------------------------------------------------------


def get_case(s: Session, principal: Principal, case_id: str) -> ReceivedCase:
    if len(case_id) > 36 or "\x00" in case_id:
        raise ApiError(404, errors.NOT_FOUND, "No such case in your region.")
    received = s.scalar(
        select(ReceivedCase)
        .join(Store, Store.code == ReceivedCase.store_code)
        .where(Store.region == principal.region, ReceivedCase.id == case_id)
    )
    if received is None:
        # Same answer for "does not exist" and "not yours": ids of other regions stay secret.
        raise ApiError(404, errors.NOT_FOUND, "No such case in your region.")
    return received


def _annotation_out(note: Annotation) -> AnnotationOut:
    return AnnotationOut(
        id=note.id,
        case_id=note.case_id,
        author_name=note.author_name,
        verdict=note.verdict,
        text=note.text,
        created_at=note.created_at,
    )


def _staff_ids(payload: dict[str, Any]) -> set[str]:
    """Everyone the case names: its clerk, who acted in the audit trail, who approved."""
    ids = {str(payload.get("case", {}).get("staff_id", ""))}
    for event in payload.get("audit", []):
        ids.add(str(event.get("staff_id", "")))
        detail = event.get("detail") or {}
        for key in ("supervisor_id", "clerk"):
            if isinstance(detail.get(key), str):
                ids.add(detail[key])
    ids.discard("")
    return ids


def case_detail(s: Session, principal: Principal, case_id: str) -> CaseDetail:
    received = get_case(s, principal, case_id)
    flags = flag_expressions(s.get_bind().dialect.name)
    [summary] = _summaries(s, flags, _page([ReceivedCase.id == received.id], []), [])
    photos = list(s.scalars(select(ReceivedPhoto).where(ReceivedPhoto.case_id == received.id)))
    have = set(
        s.scalars(select(PhotoBlob.sha256).where(PhotoBlob.sha256.in_([p.sha256 for p in photos])))
    )
    order = {p["id"]: i for i, p in enumerate(received.payload.get("photos", []))}
    photos.sort(key=lambda p: order.get(p.id, len(order)))  # as the counter listed them
    notes = s.scalars(
        select(Annotation)
        .where(Annotation.case_id == received.id)
        .order_by(Annotation.created_at, Annotation.id)
    )
    items = s.execute(
        select(ReceivedItem, SalesOrderLine)
        .outerjoin(SalesOrderLine, SalesOrderLine.id == ReceivedItem.order_line_id)
        .where(ReceivedItem.case_id == received.id)
        .order_by(SalesOrderLine.line_no, ReceivedItem.id)
    )
    order_no = (
        s.scalar(select(SalesOrder.order_no).where(SalesOrder.id == received.order_id))
        if received.order_id
        else None
    )
    names = dict(
        s.execute(select(Staff.id, Staff.name).where(Staff.id.in_(_staff_ids(received.payload))))
        .tuples()
        .all()
    )
    return CaseDetail(
        summary=summary,
        payload=received.payload,
        photos=[
            PhotoRef(
                sha256=p.sha256,
                caption=p.caption,
                byte_size=p.byte_size,
                available=p.sha256 in have,
            )
            for p in photos
        ],
        annotations=[_annotation_out(n) for n in notes],
        order_no=order_no,
        items=[
            ReturnedItemOut(
                order_line_id=item.order_line_id,
                quantity=item.quantity,
                line_no=line.line_no if line else None,
                sku=line.sku if line else "",
                name=line.name if line else "",
                category=line.category if line else "",
                unit_price_cents=line.unit_price_cents if line else None,
            )
            for item, line in items
        ],
        staff_names=names,
    )


def annotate(
    s: Session, principal: Principal, case_id: str, note_id: str, verdict: str, text: str
) -> AnnotationOut:
    """Add a lead's verdict and note (idempotent by its id); it flows down to the store."""
    received = get_case(s, principal, case_id)
    existing = s.get(Annotation, note_id)
    if existing is not None:
        if (existing.case_id, existing.verdict, existing.text, existing.author_device_id) != (
            received.id,
            verdict,
            text,
            principal.device_id,
        ):
            raise ApiError(
                409, errors.CONFLICT, "This annotation id is already used for other content."
            )
        return _annotation_out(existing)
    note = Annotation(
        id=note_id,
        case_id=received.id,
        author_device_id=principal.device_id,
        author_name=principal.name,
        verdict=verdict,
        text=text,
        created_at=utcnow(),
    )
    s.add(note)
    s.flush()
    publish(s, [Change("annotation", note.id, received.store_code)])
    return _annotation_out(note)


def may_read_photo(s: Session, principal: Principal, sha256: str) -> bool:
    """A photo is readable by a lead who may read a case that shows it."""
    visible_cases = (
        select(ReceivedCase.id)
        .join(Store, Store.code == ReceivedCase.store_code)
        .where(Store.region == principal.region, ReceivedCase.id == ReceivedPhoto.case_id)
    )
    return bool(
        s.scalar(select(exists().where(ReceivedPhoto.sha256 == sha256, visible_cases.exists())))
    )
