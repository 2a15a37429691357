"""The server's parts without HTTP: admin commands, order import, PIN format, migrations."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from db.central import OPTIONAL_INDEXES, CentralBase, FeedEntry, SalesOrder
from server import admin
from server.__main__ import main
from server.auth import Principal
from server.database import SQLITE_NAME, VERSION_TABLE, Database, default_sqlite_url, upgrade
from server.orders_import import ImportError_, import_orders, read_orders
from server.pins import hash_pin
from server.push import PushService
from server.schemas import PushOperation
from tests.server_support import (
    PG_URL_ENV,
    fresh_database,
    make_case_payload,
    make_op,
    orders_to_csv,
    orders_to_json,
    sample_order,
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(default_sqlite_url(tmp_path))
    upgrade(db)
    admin.create_store(db, "SH01", "上海一店", "East", "Asia/Shanghai")
    yield db
    db.dispose()


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refusing the command line
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_pin_hashes_verify_with_the_counters_code() -> None:
    from core.pins import needs_rehash, verify_pin

    encoded = hash_pin("20261126")
    assert encoded.startswith("scrypt$16384$8$1$")
    assert verify_pin("20261126", encoded)
    assert not verify_pin("20261127", encoded)
    assert not needs_rehash(encoded)  # the counter will not want to re-hash it at sign-in
    assert hash_pin("1234") != hash_pin("1234")  # salted


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_central_migrations_match_the_models(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend) as url:
        db = Database(url or default_sqlite_url(tmp_path))
        try:
            upgrade(db)
            upgrade(db)  # a second start finds nothing to do
            with db.engine.connect() as conn:
                ctx = MigrationContext.configure(
                    conn,
                    opts={
                        "compare_type": True,
                        "version_table": VERSION_TABLE,
                        "include_object": lambda _o, name, kind, _r, _c: (
                            not (kind == "index" and name in OPTIONAL_INDEXES)
                        ),
                    },
                )
                assert compare_metadata(ctx, CentralBase.metadata) == []
        finally:
            db.dispose()


def test_csv_and_json_imports_are_the_same_upsert(database: Database, tmp_path: Path) -> None:
    orders = [
        sample_order("SH2611250042", "SH01"),
        sample_order("ＳＨ２６１１２５００４３", "SH01"),
    ]
    csv_file, json_file = tmp_path / "o.csv", tmp_path / "o.json"
    csv_file.write_text("\ufeff" + orders_to_csv(orders), encoding="utf-8")  # Excel's BOM
    json_file.write_text(orders_to_json(orders), encoding="utf-8")

    report = admin.import_order_file(database, csv_file)
    assert (report.created, report.updated, report.unchanged, report.lines) == (2, 0, 0, 4)
    report = admin.import_order_file(database, json_file)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    with database.read() as s:
        numbers = sorted(s.scalars(select(SalesOrder.order_no)))
        feed = s.scalars(select(FeedEntry).where(FeedEntry.kind == "order")).all()
    assert numbers == ["SH2611250042", "SH2611250043"]  # full-width folded, as the counter does
    assert len(feed) == 2

    orders[0].lines[1].quantity = 5
    json_file.write_text(orders_to_json(orders), encoding="utf-8")
    report = admin.import_order_file(database, json_file)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)


def test_a_bad_file_imports_nothing_and_says_where(database: Database, tmp_path: Path) -> None:
    good = sample_order("SH2611250050", "SH01")
    bad = sample_order("not-an-order", "XX99")
    bad.payment_method = "bitcoin"
    bad.lines[0].quantity = 0
    path = tmp_path / "mixed.csv"
    path.write_text(orders_to_csv([good, bad]), encoding="utf-8")
    with pytest.raises(ImportError_) as caught, database.write() as s:
        import_orders(s, read_orders(path))
    problems = "\n".join(caught.value.problems)
    assert "row 4" in problems and "is not an order number" in problems
    assert "unknown store 'XX99'" in problems and "payment_method" in problems
    assert "line_no and quantity must be at least 1" in problems
    with database.read() as s:
        assert s.scalars(select(SalesOrder)).all() == []

    code, _out, err = run_cli("admin", "import-orders", str(path), "--data-dir", str(tmp_path))
    assert code == 2 and "nothing imported" in err

    (tmp_path / "odd.csv").write_text("order_no,colour\nSH2611250050,red\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="missing columns"):
        read_orders(tmp_path / "odd.csv")


def test_an_order_cannot_shrink_below_what_was_returned(database: Database, tmp_path: Path) -> None:
    order = sample_order("SH2611250060", "SH01", (3,))
    path = tmp_path / "o.json"
    path.write_text(orders_to_json([order]), encoding="utf-8")
    admin.import_order_file(database, path)
    staff = admin.create_staff(database, "SH01", "李娜", "clerk", "1234")
    counter = Principal("dev-1", "counter", "c1", "SH01", "East")
    payload = make_case_payload("SH01", staff, order, [(order.lines[0], 2)])
    [result] = PushService(database).apply_batch(
        counter, [PushOperation.model_validate(make_op(payload))]
    )
    assert result.result == "applied"

    order.lines[0].quantity = 1
    path.write_text(orders_to_json([order]), encoding="utf-8")
    with pytest.raises(ImportError_, match="below the 2 already returned"):
        admin.import_order_file(database, path)


def test_admin_command_line(database: Database, tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    code, out, _ = run_cli("admin", "create-store", "SH01", "--name", "上海一店(新)",
                           "--region", "East", *data)  # fmt: skip
    assert code == 0 and out.strip() == "store SH01 updated"
    code, _, err = run_cli("admin", "create-store", "sh-1", "--name", "x", "--region", "y", *data)
    assert code == 1 and "store code" in err
    code, _, err = run_cli("admin", "create-store", "GZ01", "--name", "广州", "--region", "South",
                           "--timezone", "Mars/Olympus", *data)  # fmt: skip
    assert code == 1 and "time zone" in err
    code, _, err = run_cli("admin", "create-staff", "--store", "NOPE", "--name", "x",
                           "--role", "clerk", "--pin", "1234", *data)  # fmt: skip
    assert code == 1 and "Unknown store" in err
    code, _, err = run_cli("admin", "create-staff", "--store", "SH01", "--name", "x",
                           "--role", "clerk", "--pin", "12ab", *data)  # fmt: skip
    assert code == 1 and "PIN" in err
    code, _, err = run_cli("admin", "create-lead-token", "--region", "Atlantis", *data)
    assert code == 1 and "No store is in region" in err
    code, _, err = run_cli("admin", "revoke-device", "no-such-device", *data)
    assert code == 1
    code, out, _ = run_cli("admin", "create-enrolment-code", "--store", "SH01", *data)
    assert code == 0 and len(out.strip()) == 14
    saved = os.environ.pop("RETURNDESK_SERVER_DATA_DIR", None)
    try:
        code, _, err = run_cli("serve")
    finally:
        if saved is not None:
            os.environ["RETURNDESK_SERVER_DATA_DIR"] = saved
    assert code == 2 and "--data-dir is required" in err
    (tmp_path / "policy.toml").write_text("not = [valid", encoding="utf-8")
    code, _, err = run_cli("admin", "set-policy", str(tmp_path / "policy.toml"), *data)
    assert code == 1 and "not valid TOML" in err


def test_analyze_gives_sqlite_its_planner_statistics(database: Database, tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / SQLITE_NAME
    with contextlib.closing(sqlite3.connect(path)) as conn:
        has_stats = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone()[0]
        before = conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] if has_stats else 0
    code, out, _ = run_cli("admin", "analyze", "--data-dir", str(tmp_path))
    assert code == 0 and "planner statistics refreshed" in out
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = {t for (t,) in conn.execute("SELECT tbl FROM sqlite_stat1")}
    assert "store" in tables and len(tables) > before  # (SQLite skips empty tables)


def test_pg_env_var_is_named_in_the_skip_reason() -> None:
    # CI sets this from scripts/postgres.sh; without it the PostgreSQL half is skipped.
    assert PG_URL_ENV == "RETURNDESK_TEST_PG_URL"
