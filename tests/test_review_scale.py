"""The review's shortcuts at scale give the same answers as the plain SQL they replace
(SQLite and PostgreSQL): the options' skip scan, SQLite's store-local days, the goodwill
value column (migration 0004), and SQLite's planner statistics kept by the server."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from db.case_facts import facts
from db.central import ReceivedCase, Store
from db.types import UTCDateTime
from server import dashboard, planner_stats
from server.auth import Principal
from server.database import Database, current_revision, default_sqlite_url, head_revision, upgrade
from server.review import options
from tests.server_support import (
    BACKENDS,
    ServerProcess,
    fresh_database,
    make_case_payload,
    migrated_database,
    new_id,
    orders_to_json,
    sample_order,
)

EAST = Principal(device_id="d", kind="lead", name="lead", store_code=None, region="East")
STORES = (  # code, region, zone
    ("SH01", "East", "Asia/Shanghai"),
    ("NY01", "East", "America/New_York"),
    ("LH01", "East", "Australia/Lord_Howe"),  # half an hour of summer time
    ("EMPTY", "East", "Europe/Berlin"),  # no cases
    ("BJ01", "North", "Asia/Shanghai"),
)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with fresh_database(request.param) as url:
        database = Database(url or default_sqlite_url(tmp_path))
        try:
            upgrade(database)
            now = datetime.now(UTC)
            with database.write() as s:
                s.execute(
                    sa.insert(Store),
                    [{"code": c, "name": c, "region": r, "timezone": z, "created_at": now,
                      "updated_at": now} for c, r, z in STORES],
                )  # fmt: skip
            yield database
        finally:
            database.dispose()


def store_cases(database: Database, cases: list[tuple[str, datetime, dict[str, Any]]]) -> None:
    """(store, finalised at, case fields) as push stores them (facts by the column defaults)."""
    now = datetime.now(UTC)
    rows = []
    for store, finalised, fields in cases:
        p = make_case_payload(store, "s1", **fields)
        c = p["case"]
        rows.append(
            {k: c[k] for k in ("id", "case_no", "store_code", "staff_id", "order_id", "status",
                               "channel", "priority", "identity_status", "reason_category",
                               "resolution", "refund_cents")}
            | {"device_id": "d", "op_id": new_id(), "payload_hash": "h" * 64, "created_at": now,
               "finalised_at": finalised, "received_at": now, "payload": p}
        )  # fmt: skip
    with database.write() as s:
        s.execute(sa.insert(ReceivedCase), rows)


# ---- options: the skip scan ---------------------------------------------------------------------


def test_options_list_the_reasons_and_resolutions_a_plain_distinct_finds(db: Database) -> None:
    at = datetime(2026, 11, 20, 3, tzinfo=UTC)
    pairs = [
        ("SH01", "quality", "refund"), ("SH01", "quality", "exchange"),
        ("SH01", "quality", "refund"), ("SH01", "wrong_item", "repair"),
        ("NY01", "logistics", "refund"), ("NY01", "quality", ""),  # "" is never offered
        ("LH01", "changed_mind", "store_credit"), ("LH01", "changed_mind", "decline_goodwill"),
        ("BJ01", "other", "replacement"),  # another region's
    ]  # fmt: skip
    store_cases(db, [(s, at, {"reason_category": r, "resolution": v}) for s, r, v in pairs])
    with db.read() as s:
        got = options(s, EAST)

        def distinct(column: Any) -> list[str]:
            rows = s.scalars(
                sa.select(column)
                .join(Store, Store.code == ReceivedCase.store_code)
                .where(Store.region == "East")
                .distinct()
                .order_by(column)
            )
            return [r for r in rows if r]

        assert got.reasons == distinct(ReceivedCase.reason_category)
        assert got.resolutions == distinct(ReceivedCase.resolution)
    assert got.reasons == ["changed_mind", "logistics", "quality", "wrong_item"]
    assert got.resolutions == ["decline_goodwill", "exchange", "refund", "repair", "store_credit"]
    with db.read() as s:
        nobody = options(s, Principal(device_id="d", kind="lead", name="x", store_code=None,
                                      region="West"))  # fmt: skip
    assert (nobody.reasons, nobody.resolutions, nobody.stores) == ([], [], [])


# ---- store-local days -----------------------------------------------------------------------------


def test_local_days_across_summer_time_changes_match_pythons_zone_database(
    db: Database,
) -> None:
    """Instants around the 2026 changes of New York and Lord Howe (a 30-minute change), a
    few seconds either side of each local midnight, and one far outside the cases' span."""
    instants = []
    for store, zone in (("NY01", "America/New_York"), ("LH01", "Australia/Lord_Howe"),
                        ("SH01", "Asia/Shanghai")):  # fmt: skip
        tz = ZoneInfo(zone)
        for day in ("2026-03-07", "2026-03-08", "2026-04-04", "2026-04-05", "2026-10-03",
                    "2026-10-04", "2026-11-01", "2026-11-02"):  # fmt: skip
            midnight = datetime.fromisoformat(day).replace(tzinfo=tz)
            for seconds in (-3601, -1, 0, 1, 1799, 3600, 7199, 86399):
                at = (midnight + timedelta(seconds=seconds)).astimezone(UTC)
                instants.append((store, at.replace(microsecond=999999)))
                instants.append((store, at))
        for hour in range(0, 24 * 3):  # every hour of the changes' days
            instants.append((store, datetime(2026, 4, 4, tzinfo=UTC) + timedelta(hours=hour)))
            instants.append((store, datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=hour)))
    store_cases(db, [(s, at, {}) for s, at in instants])
    with db.read() as s:
        zones = {z for _c, r, z in STORES if r == "East"}
        day = dashboard._local_day(s, zones)
        rows = s.execute(
            sa.select(ReceivedCase.finalised_at, Store.timezone, day).join(
                Store, Store.code == ReceivedCase.store_code
            )
        ).all()
    assert len(rows) == len(instants)
    for at, zone, got in rows:
        expected = at.astimezone(ZoneInfo(zone)).date()
        assert dashboard._as_date(got) == expected, (at, zone)


def test_offset_pieces_find_each_change_to_the_second() -> None:
    lo = datetime(2026, 1, 1, tzinfo=UTC)
    pieces = dashboard._offset_pieces("America/New_York", lo, lo + timedelta(days=365))
    assert pieces == (
        (lo, -5 * 3600),
        (datetime(2026, 3, 8, 7, tzinfo=UTC), -4 * 3600),
        (datetime(2026, 11, 1, 6, tzinfo=UTC), -5 * 3600),
    )
    assert dashboard._offset_pieces("Asia/Shanghai", lo, lo + timedelta(days=365)) == (
        (lo, 8 * 3600),
    )


# ---- the goodwill value: a fact column (0004) ----------------------------------------------------


GOODWILL_SENT = [5000, 12.0, "700", True, None, 0, 2**31 - 1]


def test_goodwill_value_is_a_whole_number_sent_else_zero() -> None:
    got = [facts({"case": {"goodwill_cents": v}})["goodwill_cents"] for v in GOODWILL_SENT]
    assert got == [5000, 12, 0, 0, 0, 0, 2**31 - 1]
    assert facts({"case": {}})["goodwill_cents"] == 0
    assert facts({"case": {"goodwill_cents": 12.5}})["goodwill_cents"] == 0


@pytest.fixture(params=BACKENDS)
def database_0003(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with migrated_database(request.param, tmp_path, "0003_case_facts") as database:
        yield database


def test_upgrade_to_0004_stores_the_goodwill_value_the_payload_holds(
    database_0003: Database,
) -> None:
    db = database_0003
    now = datetime.now(UTC)
    payloads = []
    for value in GOODWILL_SENT:
        p = make_case_payload("SH01", "s1", resolution="decline_goodwill")
        if value is not None:
            p["case"]["goodwill_cents"] = value
        else:
            p["case"].pop("goodwill_cents", None)
        payloads.append(p)
    table = sa.table(
        "return_case",
        *(sa.column(c) for c in ("id", "case_no", "store_code", "staff_id", "status", "channel",
                                 "priority", "identity_status", "reason_category", "resolution",
                                 "refund_cents", "device_id", "op_id", "payload_hash",
                                 "goodwill")),
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "finalised_at", "received_at")),
        sa.column("payload", ReceivedCase.__table__.c.payload.type),
    )  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(
            sa.insert(Store.__table__),
            [{"code": "SH01", "name": "SH01", "region": "East", "timezone": "Asia/Shanghai",
              "created_at": now, "updated_at": now}],
        )  # fmt: skip
        conn.execute(
            sa.insert(table),
            [{k: p["case"][k] for k in ("id", "case_no", "store_code", "staff_id", "status",
                                         "channel", "priority", "identity_status",
                                         "reason_category", "resolution", "refund_cents")}
             | {"device_id": "d", "op_id": new_id(), "payload_hash": "h" * 64,
                "created_at": now, "finalised_at": now, "received_at": now,
                "payload": p, "goodwill": facts(p)["goodwill"]} for p in payloads],
        )  # fmt: skip
    upgrade(db)
    assert current_revision(db.engine) == head_revision()
    with db.read() as s:
        stored = dict(s.execute(sa.select(ReceivedCase.id, ReceivedCase.goodwill_cents)).all())
        body = dashboard.dashboard(s, EAST, dashboard.CaseQuery())
    assert [stored[p["case"]["id"]] for p in payloads] == [5000, 12, 0, 0, 0, 0, 2**31 - 1]
    assert body.totals.goodwill_cents == 5000 + 12 + 2**31 - 1


# ---- SQLite's planner statistics -------------------------------------------------------------------


def stat_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return set()
        return {t for (t,) in conn.execute("SELECT DISTINCT tbl FROM sqlite_stat1")}


def test_an_order_import_leaves_sqlite_with_planner_statistics(tmp_path: Path) -> None:
    srv = ServerProcess(tmp_path / "data", None)
    srv.admin_process("create-store", "SH01", "--name", "上海一店", "--region", "East")
    path = tmp_path / "data" / "returndesk-server.sqlite3"
    assert "sales_order" not in stat_tables(path)
    orders = tmp_path / "orders.json"
    orders.write_text(orders_to_json([sample_order(f"SH26112{i:05d}", "SH01") for i in range(5)]))
    done = srv.admin_process("import-orders", str(orders))
    assert done.returncode == 0, done.stderr
    assert {"sales_order", "order_line", "store"} <= stat_tables(path)


def sqlite_with_a_store(tmp_path: Path) -> Database:
    """A migrated SQLite central database holding one store, SH01 in the East."""
    database = Database(default_sqlite_url(tmp_path))
    upgrade(database)
    with database.write() as s:
        s.execute(
            sa.insert(Store),
            [{"code": "SH01", "name": "SH01", "region": "East", "timezone": "Asia/Shanghai",
              "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC)}],
        )  # fmt: skip
    return database


def test_statistics_are_redone_when_a_table_grew_by_a_quarter(tmp_path: Path) -> None:
    database = sqlite_with_a_store(tmp_path)
    try:
        at = datetime(2026, 11, 20, tzinfo=UTC)
        store_cases(database, [("SH01", at, {})] * 3)
        assert "return_case" in planner_stats.refresh_if_stale(database)
        assert planner_stats.refresh_if_stale(database) == []  # fresh now
        store_cases(database, [("SH01", at, {})] * (planner_stats.MIN_CHANGE - 1))
        assert planner_stats.refresh_if_stale(database) == []  # under MIN_CHANGE rows
        store_cases(database, [("SH01", at, {})])
        assert "return_case" in planner_stats.refresh_if_stale(database)
        with database.read() as s:
            stat = s.scalar(
                sa.text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_return_case_dashboard'")
            )
            recorded = json.loads(
                s.scalar(
                    sa.text("SELECT value FROM server_meta WHERE key = :k"),
                    {"k": planner_stats.COUNTS_KEY},
                )
            )
        assert stat is not None and recorded["return_case"] == planner_stats.MIN_CHANGE + 3
    finally:
        database.dispose()


def test_a_server_looks_at_start_up(tmp_path: Path) -> None:
    """Statistics of the tables that have rows, made by the server on its own."""
    srv = ServerProcess(tmp_path / "data", None)
    srv.admin_process("create-store", "SH01", "--name", "上海一店", "--region", "East")
    path = tmp_path / "data" / "returndesk-server.sqlite3"
    assert "store" not in stat_tables(path)  # (the migrations analysed empty tables)
    srv.start()
    try:
        for _ in range(200):  # it looks behind the start, on a thread of its own
            if "store" in stat_tables(path):
                break
            time.sleep(0.05)
        tables = stat_tables(path)
    finally:
        srv.stop()
    assert "store" in tables and "return_case" not in tables  # no cases: nothing to learn


def test_pushed_cases_are_counted_until_it_is_time_to_look(tmp_path: Path) -> None:
    database = sqlite_with_a_store(tmp_path)
    try:
        stats = planner_stats.PlannerStats(database)
        assert stats.check() == ["store"]  # start-up
        at = datetime(2026, 11, 20, tzinfo=UTC)
        store_cases(database, [("SH01", at, {})] * 600)
        assert not stats.cases_stored(600)
        store_cases(database, [("SH01", at, {})] * 400)
        assert stats.cases_stored(400)  # CHECK_AFTER_CASES reached
        assert "return_case" in stats.check()
        assert not stats.cases_stored(1)
    finally:
        database.dispose()


def test_postgresql_is_left_to_autovacuum() -> None:
    class Pg:
        is_postgres = True

    assert planner_stats.refresh_if_stale(Pg()) == []  # type: ignore[arg-type]
    assert not planner_stats.PlannerStats(Pg()).cases_stored(10_000)  # type: ignore[arg-type]
