"""The local database: pragmas, baseline migration, backup before migrating."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from core.counter import DB_NAME, open_counter_store
from db.engine import make_engine, sqlite_url
from db.migrate import backup_database, current_revision, head_revision, upgrade


def test_sqlite_is_durable_and_checks_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "x.sqlite3"))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def _baseline_db_with_unsynced_case(path: Path) -> None:
    """A database as the first release left it: one finalised case still in the outbox."""
    engine = make_engine(sqlite_url(path))
    upgrade(engine, "0001_baseline")
    with engine.begin() as c:
        c.execute(text("INSERT INTO store VALUES ('SH01', '上海徐汇店', '华东', 'Asia/Shanghai')"))
        c.execute(text("INSERT INTO staff VALUES ('s1', 'SH01', '李娜', 'clerk', NULL, 1)"))
        c.execute(
            text(
                "INSERT INTO return_case (id, case_no, store_code, staff_id, status, current_page,"
                " created_at, updated_at, finalised_at, channel, customer_words, emotion, priority,"
                " urgent_goods, sla_minutes, first_response_due_at, requester_name, is_proxy,"
                " proxy_relationship, order_no_entered, claimed_orderer_name, claimed_phone_last4,"
                " identity_status, flags, reason_category, stated_reason, real_reason,"
                " condition_notes, resolution, refund_cents, refund_method, resolution_notes)"
                " VALUES ('c1', 'SH01-20261101-0001', 'SH01', 's1', 'finalised', 5,"
                " '2026-11-01 02:00:00', '2026-11-01 02:10:00', '2026-11-01 02:10:00', 'counter',"
                " '领口开线', 'upset', 'urgent', 0, 15, '2026-11-01 02:15:00', '', 0, '', '', '',"
                " '', 'verified', '{}', 'quality', '开线', '', '', 'refund', 29900, 'original', '')"
            )
        )
        c.execute(
            text(
                "INSERT INTO outbox VALUES ('op1', 'return_case', 'c1', 'finalise',"
                " '{\"case\": {\"id\": \"c1\"}}', '2026-11-01 02:10:00', 'pending', 0, '')"
            )
        )
    engine.dispose()


def test_baseline_database_opens_backed_up_and_migrated(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _baseline_db_with_unsynced_case(data / DB_NAME)

    store = open_counter_store(data)
    try:
        assert store.backup is not None and store.backup.exists()
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as c:
            assert c.execute(text("SELECT case_no, status FROM return_case")).one() == (
                "SH01-20261101-0001",
                "finalised",
            )
            assert c.execute(text("SELECT id, status FROM outbox")).one() == ("op1", "pending")
    finally:
        store.close()
    # The backup is a complete, readable copy of what was there before.
    with sqlite3.connect(store.backup) as b:
        assert b.execute("SELECT count(*) FROM outbox").fetchone() == (1,)


def test_backups_are_rotated(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    for _ in range(5):
        backup_database(db, tmp_path / "backups", keep=3)
    assert len(list((tmp_path / "backups").glob("*.sqlite3"))) == 3


def test_new_database_needs_no_backup(tmp_path: Path) -> None:
    store = open_counter_store(tmp_path / "fresh")
    try:
        assert store.backup is None
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_a_database_kept_from_the_baseline_release_upgrades_without_loss(tmp_path: Path) -> None:
    """tests/data/baseline-0001.sqlite3 was made by the 0.1 schema (see make_baseline_db.py)."""
    import shutil

    from core.counter import make_case_service

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "baseline-0001.sqlite3", data / DB_NAME)
    store = open_counter_store(data)
    try:
        assert store.backup is not None
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as c:
            outbox = c.execute(text("SELECT id, status, reason FROM outbox")).one()
            assert tuple(outbox) == ("op-1", "pending", "")  # unsynced work survives the upgrade
            staff = c.execute(text("SELECT failed_pin_attempts FROM staff")).scalar()
            assert staff == 0
        service = make_case_service(store)
        draft = service.load("c-draft")
        assert (draft.customer_words, draft.current_page, draft.status) == (
            "保温杯漏水",
            2,
            "draft",
        )
        assert draft.approvals == () and draft.customer_language == "zh_CN"
        final = service.load("c-final")
        assert final.status == "finalised" and final.refund_cents == 29900
        assert service.outbox_waiting() == 1
    finally:
        store.close()


def test_head_revision_read_from_the_scripts_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from db.migrate import MIGRATIONS_DIR

    assert head_revision() == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from db.models import Base

    engine = make_engine(sqlite_url(tmp_path / "x.sqlite3"))
    upgrade(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()
