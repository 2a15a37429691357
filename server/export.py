"""Every case matching the review list's filters, streamed as JSON lines for an export.

The list's own filters and flags (server.review), the list's row shape and order, read
in keyset chunks: each chunk is one short read transaction that continues after the last
row of the one before (sort key, then id, a row-value comparison an index answers), so
100k rows cost 100 small indexed queries, never one huge result in memory nor an OFFSET
that rescans what was already sent. Rows go from the driver straight to JSON (no model
object per row: at 100k rows that was most of the time). The lead's app turns the lines
into CSV or XLSX in the lead's language (core/export.py).

The body: one row per line (the shape of schemas.CaseSummary, as in the list), then
``{"end": {"rows": N}}`` as the last line, so a reader can tell a complete export from one
cut short.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic_core import to_json
from sqlalchemy import ColumnElement, Row, Select, func, literal, select, tuple_

from db.central import ReceivedCase, Staff, Store
from server.auth import Principal
from server.dashboard import filter_query
from server.database import Database
from server.review import (
    FLAG_NAMES,
    CaseQuery,
    _check_store,
    _conditions,
    flag_expressions,
    summary_columns,
)
from server.schemas import SortKey

_SORT = {
    "finalised_at": ReceivedCase.finalised_at,
    "refund": ReceivedCase.refund_cents,
    "store": ReceivedCase.store_code,
    "case_no": ReceivedCase.case_no,
}
_SORT_FIELD = {"finalised_at": "finalised_at", "refund": "refund_cents", "store": "store_code",
               "case_no": "case_no"}  # fmt: skip


def count(database: Database, principal: Principal, query: CaseQuery) -> int:
    """How many rows the export will have (checks the store filter's region first)."""
    with database.read() as s:
        if query.store:
            _check_store(s, principal, query.store)
        where = _conditions(query, flag_expressions(s.get_bind().dialect.name), principal)
        total = s.scalar(
            select(func.count())
            .select_from(ReceivedCase)
            .join(Store, Store.code == ReceivedCase.store_code)
            .where(*where)
        )
    return int(total or 0)


def _statement(
    flags: dict[str, ColumnElement[bool]],
    where: list[ColumnElement[bool]],
    order: list[Any],
    limit: int,
) -> Select[Any]:
    """The list's columns (server.review.summary_columns) for one chunk."""
    return (
        select(*summary_columns(flags))
        .select_from(ReceivedCase)
        .join(Store, Store.code == ReceivedCase.store_code)
        .outerjoin(Staff, Staff.id == ReceivedCase.staff_id)
        .where(*where)
        .order_by(*order)
        .limit(limit)
    )


def _after(query: CaseQuery, last: Row[Any]) -> ColumnElement[bool]:
    """Rows after ``last`` in the export's order: a row-value comparison, which both
    PostgreSQL and SQLite answer with a range scan of an index on (sort key, id)."""
    column = _SORT[query.sort]
    value = getattr(last, _SORT_FIELD[query.sort])
    key = tuple_(column, ReceivedCase.id)
    after = tuple_(literal(value, column.type), literal(last.id, ReceivedCase.id.type))
    return key < after if query.descending else key > after


def chunks(
    database: Database, principal: Principal, query: CaseQuery, chunk: int
) -> Iterator[list[Row[Any]]]:
    """The matching rows, ``chunk`` at a time, each chunk its own short read."""
    column = _SORT[query.sort]
    order = (
        [column.desc(), ReceivedCase.id.desc()]
        if query.descending
        else [column.asc(), ReceivedCase.id.asc()]
    )
    last: Row[Any] | None = None
    while True:
        with database.read() as s:
            flags = flag_expressions(s.get_bind().dialect.name)
            where = _conditions(query, flags, principal)
            if last is not None:
                where.append(_after(query, last))
            found = list(s.execute(_statement(flags, where, order, chunk)))
        if found:
            yield found
        if len(found) < chunk:
            return
        last = found[-1]


def as_dict(r: Row[Any]) -> dict[str, Any]:
    """One row in the list's JSON shape (schemas.CaseSummary; times as datetimes)."""
    return {
        "id": r.id,
        "case_no": r.case_no,
        "store_code": r.store_code,
        "store_name": r.store_name or "",
        "staff_id": r.staff_id,
        "staff_name": r.staff_name or "",
        "order_id": r.order_id,
        "reason_category": r.reason_category,
        "resolution": r.resolution,
        "refund_cents": r.refund_cents,
        "identity_status": r.identity_status,
        "priority": r.priority,
        "channel": r.channel,
        "customer_words": r.customer_words or "",
        "finalised_at": r.finalised_at,
        "received_at": r.received_at,
        "flags": {n: bool(getattr(r, n)) for n in FLAG_NAMES},
        "verdict": r.verdict or "",
    }


def json_lines(
    database: Database, principal: Principal, query: CaseQuery, chunk: int
) -> Iterator[bytes]:
    sent = 0
    for found in chunks(database, principal, query, chunk):
        # pydantic's own encoder: UTC times as the list writes them ("…Z"), UTF-8 as is.
        yield b"".join(to_json(as_dict(r)) + b"\n" for r in found)
        sent += len(found)
    yield json.dumps({"end": {"rows": sent}}).encode() + b"\n"


# ---- the request: the review list's filters and order, without the page ----------------------


async def export_query(
    filters: Annotated[CaseQuery, Depends(filter_query)],
    sort: Annotated[SortKey, Query()] = "finalised_at",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
) -> CaseQuery:
    """The query parameters of GET /v1/review/cases without the page, checked the same way."""
    return replace(filters, sort=sort, descending=order == "desc")
