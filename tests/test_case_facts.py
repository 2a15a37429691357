"""The review columns computed from a case's payload (db/case_facts.py, migration 0003).

A server upgraded from 0002 must flag and find exactly the cases the 0002 review list
flagged and found: the old definitions (SQL over the JSON payload and the audit events,
kept below as the reference) are run on a populated 0002 database, then the upgrade
backfills the columns, and both must agree case by case, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import TIMESTAMP, Boolean, ColumnElement, case, cast, exists, false, func, or_

from db.case_facts import facts, search_text
from db.central import JSONDoc, ReceivedAuditEvent, ReceivedCase
from db.types import UTCDateTime
from server.auth import Principal
from server.database import (
    Database,
    JsonText,
    current_revision,
    default_sqlite_url,
    head_revision,
    upgrade,
)
from server.review import CaseQuery, list_cases
from tests.server_support import (
    BACKENDS,
    fresh_database,
    make_case_payload,
    migrated_database,
    new_id,
)

BASE = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
SEARCH_FIELDS = ("customer_words", "stated_reason", "real_reason", "condition_notes",
                 "resolution_notes")  # fmt: skip
TERMS = ["领口", "small", "zipper", "优惠券", "100%", "x_2", "sh02", "-0003", "开线", "late"]


# ---- the 0002 definitions (server/review.py before 0003), the reference -----------------------


def _case_text(name: str) -> ColumnElement[str]:
    return ReceivedCase.payload[("case", name)].as_string()


def _instant(text: ColumnElement[str], dialect: str) -> ColumnElement[Any]:
    if dialect == "postgresql":
        looks_like_a_date = text.op("~")(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
        return case((looks_like_a_date, cast(text, TIMESTAMP(timezone=True))), else_=None)
    return func.julianday(text)


def _approved(reason_test: Callable[[ColumnElement[str]], ColumnElement[bool]]) -> Any:
    reason = func.coalesce(ReceivedAuditEvent.detail["reason"].as_string(), "")
    return exists().where(
        ReceivedAuditEvent.case_id == ReceivedCase.id,
        ReceivedAuditEvent.action == "approved",
        reason_test(reason),
    )


def legacy_flags(dialect: str) -> dict[str, ColumnElement[bool]]:
    answered = func.coalesce(_case_text("first_response_at"), _case_text("finalised_at"))
    late = _instant(answered, dialect) > _instant(_case_text("first_response_due_at"), dialect)
    return {
        "outside_policy": _approved(lambda r: r != "identity_override"),
        "goodwill": or_(
            ReceivedCase.resolution == "decline_goodwill",
            _approved(lambda r: r == "goodwill_above_budget"),
        ),
        "sla_breached": func.coalesce(late, false(), type_=Boolean),
    }


def legacy_search(term: str) -> ColumnElement[bool]:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    texts = [func.lower(_case_text(f)) for f in SEARCH_FIELDS] + [func.lower(ReceivedCase.case_no)]
    return or_(*(t.like(f"%{escaped}%", escape="\\") for t in texts))


# ---- cases that exercise every rule --------------------------------------------------------


def _event(case_id: str, seq: int, action: str, detail: dict[str, Any], at: datetime) -> dict:
    return {"id": new_id(), "seq": seq, "at": at.isoformat(), "staff_id": "s1",
            "action": action, "detail": detail, "prev_hash": "0" * 64, "hash": "1" * 64}  # fmt: skip


def variety() -> list[dict[str, Any]]:
    """Payloads covering on time / late / never answered / odd times, every approval
    reason (and none given), goodwill both ways, search texts in both languages."""
    out = []
    specs: list[dict[str, Any]] = [
        {"respond": 2},
        {"respond": 20},  # late
        {"respond": None},  # never answered: finalised 20 min after opening, due at 15
        {"respond": None, "finalise_after": 10},  # never answered, finalised in time
        {"respond": 2, "approvals": [{"reason": "identity_override"}]},
        {"respond": 2, "approvals": [{"reason": "outside_window"}]},
        {"respond": 2, "approvals": [{"reason": "goodwill_above_budget"}]},
        {"respond": 2, "approvals": [{"note": "no reason given"}]},
        {
            "respond": 2,
            "approvals": [{"reason": "identity_override"}, {"reason": "refund_above_limit"}],
        },  # fmt: skip
        {"respond": 2, "resolution": "decline_goodwill", "resolution_notes": "送了 50% 优惠券"},
        {"respond": 2, "customer_words": "Size too SMALL for my son"},
        {"respond": 2, "customer_words": "领口开线了", "stated_reason": "model X_2 broken"},
        {"respond": 2, "condition_notes": "100% broken", "real_reason": "The Zipper"},
        {"respond": 2, "odd_due": 1700000000},  # a number for a time: never late
        {"respond": 2, "offsets": "+08:00"},  # local times with an offset, on time
        {"respond": 14.5, "offsets": "+08:00"},  # on time by 30 s
        {"respond": 15.5, "offsets": "-05:00"},  # late by 30 s
    ]
    for i, spec in enumerate(specs):
        opened = BASE + timedelta(hours=i)
        tz = datetime.strptime(spec["offsets"], "%z").tzinfo if "offsets" in spec else UTC
        local = opened.astimezone(tz)
        finalised = local + timedelta(minutes=spec.get("finalise_after", 20))
        responded = spec["respond"]
        fields = {
            k: spec[k]
            for k in (
                "customer_words",
                "stated_reason",
                "real_reason",
                "condition_notes",
                "resolution_notes",
                "resolution",
            )  # fmt: skip
            if k in spec
        }
        fields.setdefault("customer_words", "杯盖漏水")
        fields.setdefault("stated_reason", "")  # the helper's default would match 领口
        payload = make_case_payload(
            "SH01" if i % 3 else "SH02",
            "s1",
            case_no=f"SH0{1 if i % 3 else 2}-20261120-{i + 1:04d}",
            created_at=local.isoformat(),
            first_response_due_at=(
                spec["odd_due"]
                if "odd_due" in spec
                else (local + timedelta(minutes=15)).isoformat()
            ),
            first_response_at=(
                (local + timedelta(minutes=responded)).isoformat()
                if responded is not None
                else None
            ),
            finalised_at=finalised.isoformat(),
            **fields,
        )
        cid = payload["case"]["id"]
        audit = [_event(cid, 1, "opened", {"channel": "counter"}, local)]
        for detail in spec.get("approvals", []):
            audit.append(_event(cid, len(audit) + 1, "approved", detail, local))
        audit.append(_event(cid, len(audit) + 1, "finalised", {}, finalised))
        payload["audit"] = audit
        out.append(payload)
    return out


def insert_at_0002(db: Database, payloads: list[dict[str, Any]]) -> None:
    """Rows the way a 0002 server stored them (no fact columns)."""
    now = datetime.now(UTC)
    store = sa.table("store", *(sa.column(c) for c in ("code", "name", "region", "timezone")),
                     sa.column("created_at", UTCDateTime()), sa.column("updated_at", UTCDateTime()))  # fmt: skip
    cases = sa.table(
        "return_case",
        *(
            sa.column(c)
            for c in (
                "id",
                "case_no",
                "store_code",
                "staff_id",
                "order_id",
                "status",
                "channel",
                "priority",
                "identity_status",
                "reason_category",
                "resolution",
                "refund_cents",
                "device_id",
                "op_id",
                "payload_hash",
            )
        ),  # fmt: skip
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "finalised_at", "received_at")),
        sa.column("payload", JSONDoc),
    )
    events = sa.table(
        "audit_event",
        *(
            sa.column(c)
            for c in ("id", "case_id", "seq", "staff_id", "action", "prev_hash", "hash")
        ),  # fmt: skip
        sa.column("at", UTCDateTime()),
        sa.column("detail", JSONDoc),
    )
    with db.engine.begin() as conn:
        conn.execute(
            sa.insert(store),
            [{"code": c, "name": c, "region": "East", "timezone": "Asia/Shanghai",
              "created_at": now, "updated_at": now} for c in ("SH01", "SH02")],
        )  # fmt: skip
        for p in payloads:
            c = p["case"]
            fin = c["finalised_at"]
            conn.execute(
                sa.insert(cases),
                {k: c[k] for k in ("id", "case_no", "store_code", "staff_id", "order_id",
                                   "status", "channel", "priority", "identity_status",
                                   "reason_category", "resolution", "refund_cents")}
                | {"device_id": "d", "op_id": new_id(), "payload_hash": "h" * 64,
                   "created_at": now, "finalised_at": datetime.fromisoformat(fin),
                   "received_at": now, "payload": p},
            )  # fmt: skip
            conn.execute(
                sa.insert(events),
                [{"id": e["id"], "case_id": c["id"], "seq": e["seq"], "staff_id": e["staff_id"],
                  "action": e["action"], "prev_hash": e["prev_hash"], "hash": e["hash"],
                  "at": datetime.fromisoformat(e["at"]), "detail": e["detail"]}
                 for e in p["audit"]],
            )  # fmt: skip


@pytest.fixture(params=BACKENDS)
def database_0002(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with migrated_database(request.param, tmp_path, "0002_review_verdict") as db:
        yield db


def test_upgrade_backfills_the_facts_the_0002_list_computed(database_0002: Database) -> None:
    db = database_0002
    payloads = variety()
    insert_at_0002(db, payloads)
    dialect = db.engine.dialect.name
    flags = legacy_flags(dialect)
    with db.engine.connect() as conn:
        before = {
            name: set(conn.scalars(sa.select(ReceivedCase.id).where(expr)))
            for name, expr in flags.items()
        }
        found_before = {
            t: set(conn.scalars(sa.select(ReceivedCase.id).where(legacy_search(t)))) for t in TERMS
        }
    # The reference itself flags what the cases were made to show.
    ids = [p["case"]["id"] for p in payloads]
    assert before["sla_breached"] == {ids[1], ids[2], ids[16]}
    assert before["outside_policy"] == {ids[5], ids[6], ids[7], ids[8]}
    assert before["goodwill"] == {ids[6], ids[9]}

    upgrade(db)
    assert current_revision(db.engine) == head_revision()  # 0003, and 0004 after it
    with db.engine.connect() as conn:
        for name in flags:
            column = getattr(ReceivedCase, name)
            assert set(conn.scalars(sa.select(ReceivedCase.id).where(column))) == before[name]
        stored = dict(conn.execute(sa.select(ReceivedCase.id, ReceivedCase.search_text)).all())
    for p in payloads:
        assert stored[p["case"]["id"]] == search_text(p["case"])

    # The list after the upgrade: same cases per flag and per search word.
    lead = Principal(device_id="d", kind="lead", name="lead", store_code=None, region="East")
    with db.read() as s:
        for name in flags:
            page = list_cases(s, lead, CaseQuery(limit=200, **{name: True}))
            assert {row.id for row in page.items} == before[name], name
            assert page.total == len(before[name]) and page.total_exact
            kept = list_cases(s, lead, CaseQuery(limit=200, **{name: False}))
            assert {row.id for row in kept.items} == set(ids) - before[name], name
        for term in TERMS:
            got = {row.id for row in list_cases(s, lead, CaseQuery(q=term, limit=200)).items}
            assert got == found_before[term], term


def test_facts_of_a_payload_in_text_or_dict_form_are_the_same() -> None:
    for p in variety():
        assert facts(p) == facts(json.dumps(p)) == facts(json.dumps(p, ensure_ascii=False))


def test_a_case_stored_without_its_facts_gets_them_from_the_column_defaults(
    tmp_path: Path,
) -> None:
    """Any insert that leaves the fact columns out (ORM or Core, one row or many) has them
    computed from its payload: no case is ever stored unflagged."""
    db = Database(default_sqlite_url(tmp_path))
    upgrade(db)
    payloads = variety()
    insert_at_0002(db, [])  # the stores
    now = datetime.now(UTC)

    def row(p: dict[str, Any], payload: Any) -> dict[str, Any]:
        c = p["case"]
        return {k: c[k] for k in ("id", "case_no", "store_code", "staff_id", "order_id",
                                  "status", "channel", "priority", "identity_status",
                                  "reason_category", "resolution", "refund_cents")} | {
            "device_id": "d", "op_id": new_id(), "payload_hash": "h" * 64, "created_at": now,
            "finalised_at": now, "received_at": now, "payload": payload}  # fmt: skip

    try:
        with db.write() as s:
            s.add(ReceivedCase(**row(payloads[1], payloads[1])))  # ORM, the payload dict
            s.execute(sa.insert(ReceivedCase), [row(p, p) for p in payloads[2:8]])  # Core, many
            s.execute(
                sa.insert(ReceivedCase), [row(payloads[9], JsonText(json.dumps(payloads[9])))]
            )
        with db.read() as s:
            got = {
                r.id: {n: getattr(r, n) for n in facts(payloads[0])}
                for r in s.scalars(sa.select(ReceivedCase))
            }
        for p in [payloads[1], *payloads[2:8], payloads[9]]:
            assert got[p["case"]["id"]] == facts(p)
    finally:
        db.dispose()


def test_past_the_counting_limit_the_total_is_a_lower_bound_and_paging_goes_on(
    database_0002: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import server.review

    db = database_0002
    insert_at_0002(db, variety())  # 17 cases in the East
    upgrade(db)
    monkeypatch.setattr(server.review, "COUNT_EXACT_UP_TO", 5)
    lead = Principal(device_id="d", kind="lead", name="lead", store_code=None, region="East")
    seen: list[str] = []
    with db.read() as s:
        first = list_cases(s, lead, CaseQuery(limit=3))
        assert (first.total, first.total_exact, first.pages, first.next_page) == (5, False, 2, 2)
        page = first
        while page.next_page is not None:
            seen += [row.id for row in page.items]
            page = list_cases(s, lead, CaseQuery(limit=3, page=page.next_page))
            if page.page == 2:  # the count reaches this page's end, and one more
                assert (page.total, page.total_exact, page.next_page) == (6, False, 3)
        seen += [row.id for row in page.items]
        # The last page: counted to its end, so exact again.
        assert (page.page, page.total, page.total_exact, page.pages) == (6, 17, True, 6)
        everything = list_cases(s, lead, CaseQuery(limit=200))
    assert everything.total_exact and everything.total == 17
    assert seen == [row.id for row in everything.items]  # every case once, in order


def test_search_pages_are_the_pages_the_plain_list_query_gives(
    database_0002: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Search finds its page its own ways (server.review._search_page): the matching ids
    sorted as they are, a window of the newest cases (_newest_matches), or every match
    found before sorting (_page_of_matches). For any window size, term, order and page,
    the answer is the one the list gives any other filter: count, then the page."""
    import server.review

    db = database_0002
    insert_at_0002(db, variety())  # 17 cases in the East
    upgrade(db)
    monkeypatch.setattr(server.review, "COUNT_EXACT_UP_TO", 4)
    lead = Principal(device_id="d", kind="lead", name="lead", store_code=None, region="East")
    ways: list[str] = []
    newest, of_matches = server.review._newest_matches, server.review._page_of_matches

    def counting_newest(*args: Any) -> list[str] | None:
        ids = newest(*args)
        ways.append("window" if ids is not None else "window missed")
        return ids

    def counting_matches(*args: Any) -> Any:
        ways.append("all matches")
        return of_matches(*args)

    monkeypatch.setattr(server.review, "_newest_matches", counting_newest)
    monkeypatch.setattr(server.review, "_page_of_matches", counting_matches)
    queries = [
        CaseQuery(q=term, limit=2, page=page, descending=descending, **extra)
        for term in [*TERMS, "e", "a e", "sh0"]
        for page in (1, 2, 3)
        for descending in (True, False)
        for extra in ({}, {"store": "SH01"}, {"sort": "refund"}, {"sort": "case_no"})
    ]

    def plain(
        s: Any,
        query: CaseQuery,
        principal: Principal,
        flags: Any,
        order: Any,
        cap: int,
        _alongside: Any,
    ) -> tuple[Callable[[], int], Any]:
        offset = (query.page - 1) * query.limit
        where = server.review._conditions(query, flags, principal)
        page = server.review._page(where, order, offset, query.limit)
        counted = server.review._count_up_to(s, where, cap + 1)
        return lambda: counted, page

    with db.read() as s:
        with monkeypatch.context() as reference:
            reference.setattr(server.review, "_search_page", plain)
            expected = [list_cases(s, lead, q) for q in queries]
        assert not ways
        for window in (0, 1, 3, 6, 10, 17, 1000):
            ways.clear()
            monkeypatch.setattr(server.review, "SEARCH_WINDOW", window)
            for q, want in zip(queries, expected, strict=True):
                assert list_cases(s, lead, q) == want, (window, q)
            assert "all matches" in ways, window  # more than 4 matches, none in the window
            if window >= 10:
                assert "window" in ways, window  # the window answered some searches itself
        # Counting on a second connection (as the service does): the page read newest first
        # while counting (no wait: every search is "broad"), or after it (a long wait).
        with ThreadPoolExecutor(2) as pool:
            alongside = server.review.Alongside(pool, db.read)
            for wait in (0.0, 30.0):
                monkeypatch.setattr(server.review, "FEW_MATCHES_SECONDS", wait)
                for window in (0, 3, 17):
                    ways.clear()
                    monkeypatch.setattr(server.review, "SEARCH_WINDOW", window)
                    for q, want in zip(queries, expected, strict=True):
                        assert list_cases(s, lead, q, alongside) == want, (wait, window, q)
                    if wait == 0.0 and window == 17:
                        assert "window" in ways  # pages read while counting


def test_the_service_reads_postgresql_with_jit_off_and_plans_per_parameters() -> None:
    """Compiling a search to machine code took longer than running it, and a plan made once
    for any search words hashed every match first: the service's own connections turn both
    off (server.database.POSTGRES_SESSION_OPTIONS)."""
    with fresh_database("postgresql") as url:
        db = Database(url)
        try:
            with db.read() as s:
                assert s.scalar(sa.text("SHOW jit")) == "off"
                assert s.scalar(sa.text("SHOW plan_cache_mode")) == "force_custom_plan"
        finally:
            db.dispose()
