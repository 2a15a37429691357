"""The central database: engine set-up for SQLite or PostgreSQL, sessions, migrations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Dialect, Engine, Table, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

import db.central

MIGRATIONS_DIR = Path(db.central.__file__).resolve().parent / "central_migrations"
VERSION_TABLE = "central_alembic_version"
SQLITE_NAME = "returndesk-server.sqlite3"

# Any constant works; it only has to be the same in every server process.
MIGRATION_LOCK_KEY = 0x52445F4D4947  # "RD_MIG"


def default_sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / SQLITE_NAME}"


def describe_url(url: str) -> str:
    """The URL without its password, for logs and error messages."""
    return make_url(url).render_as_string(hide_password=True)


class JsonText(str):
    """Text that is already JSON: a JSON column stores it as it is instead of serialising
    it (again). The push stores each case's payload as the canonical text it hashed."""


def _json_serializer(value: Any) -> str:
    if isinstance(value, JsonText):
        return str(value)
    return json.dumps(value)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the sqlite3 module, emits BEGIN (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    # WAL: readers never block the writer; FULL: an acknowledged case survives a power cut.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # A deferred transaction that reads and then writes cannot wait for the lock (SQLite
    # answers SQLITE_BUSY at once): writers take the lock up front and queue on busy_timeout.
    options = conn.get_execution_options()
    if options.get("returndesk_write"):
        # Set per transaction (it cannot change inside one): NORMAL skips the WAL fsync at
        # this commit; the next FULL commit (or checkpoint) makes it durable with its own.
        level = "NORMAL" if options.get("returndesk_lazy_commit") else "FULL"
        conn.exec_driver_sql(f"PRAGMA synchronous={level}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _postgres_begin(conn: Connection) -> None:
    if conn.get_execution_options().get("returndesk_lazy_commit"):
        # This transaction's commit does not wait for its WAL flush (a crash may lose it,
        # never half of it); every other transaction keeps synchronous_commit on.
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")


# Set on every connection to a PostgreSQL central store.
# - jit=off: JIT compiles a statement whose estimated cost is high to machine code first:
#   10-12 ms for the review's searches (1M cases), which then run in 25 ms; none of the
#   service's statements runs long enough to win that back (the dashboard's included).
# - plan_cache_mode=force_custom_plan: psycopg prepares a statement run five times, and
#   PostgreSQL may then plan it once for any parameters. How many cases a search word, a
#   store or a reason matches differs by orders of magnitude: the generic plan of a two-word
#   search hashed all 29k matches before the first row (130 ms instead of 17 ms).
POSTGRES_SESSION_OPTIONS = "-c jit=off -c plan_cache_mode=force_custom_plan"


def make_engine(url: str, pool_size: int = 10) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, json_serializer=_json_serializer)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # pool_pre_ping: a PostgreSQL restart must not turn into errors on the next requests.
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=10,
        pool_pre_ping=True,
        json_serializer=_json_serializer,
        connect_args={"options": POSTGRES_SESSION_OPTIONS},
    )
    event.listen(engine, "begin", _postgres_begin)
    return engine


class Database:
    """The engine plus two session factories: reads, and writes (serialised on SQLite)."""

    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size)
        self.is_postgres = self.engine.dialect.name == "postgresql"
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(returndesk_write=True), expire_on_commit=False
        )
        self._lazy_write = sessionmaker(
            self.engine.execution_options(returndesk_write=True, returndesk_lazy_commit=True),
            expire_on_commit=False,
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextmanager
    def write(self, durable: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on an exception.

        ``durable=False`` for bookkeeping that may be lost in a power cut (the push lease,
        last-seen times): its commit is visible at once but does not wait for the disk.
        """
        factory = self._write if durable else self._lazy_write
        with factory() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return ctx.get_current_revision()


def upgrade(database: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe when several server processes start at once."""
    if revision == "head" and current_revision(database.engine) == head_revision():
        return  # the common case: nothing to do, and no lock to take
    engine = database.engine.execution_options(returndesk_write=True)
    with engine.connect() as conn:
        if database.is_postgres:
            # Session-level lock: the other processes wait here, then find nothing to do.
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()
        try:
            cfg = Config()
            cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        finally:
            if database.is_postgres:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
                conn.commit()


_InsertPlan = tuple[str, list[str], list[Any], bool]
_insert_plans: dict[tuple[str, str, tuple[str, ...]], _InsertPlan] = {}


def _insert_plan(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _InsertPlan:
    cache_key = (dialect.name, table.name, keys)
    plan = _insert_plans.get(cache_key)
    if plan is None:
        compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
        # Columns left out that SQLAlchemy would fill per row (Python-side defaults) are
        # bound parameters too; this path does not run those defaults: give every value.
        unset = [name for name in compiled.binds if name not in keys]
        if unset:
            raise ValueError(f"bulk_insert into {table.name}: no value for {unset}")
        positional = bool(compiled.positiontup)
        names = list(compiled.positiontup) if positional else list(keys)
        procs = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
        plan = _insert_plans[cache_key] = (str(compiled), names, procs, positional)
    return plan


def bulk_insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (all with the same keys, every column with a Python-side default
    given) as fast as the database takes them.

    SQLite: one DB-API executemany, each value converted by its column's own type as
    SQLAlchemy would; its per-row parameter handling costs more than SQLite's own work for
    a push's small rows. PostgreSQL: SQLAlchemy's executemany, which sends the rows as a
    few multi-row INSERTs (one statement per row costs a round trip each).
    """
    if not rows:
        return
    conn = session.connection()
    table = model.__table__
    sql, names, procs, positional = _insert_plan(conn.dialect, table, tuple(rows[0]))
    if not positional:
        conn.execute(table.insert(), rows)
        return
    pairs = list(zip(names, procs, strict=True))
    conn.exec_driver_sql(
        sql,
        [tuple(row[n] if proc is None else proc(row[n]) for n, proc in pairs) for row in rows],
    )


def insert_ignore(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: rows already there (same id) are left alone."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(model).on_conflict_do_nothing(), rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(model).on_conflict_do_nothing(), rows)


def upsert(
    session: Session,
    model: type[Any],
    rows: list[dict[str, Any]],
    key: list[str],
    update: list[str],
) -> None:
    """INSERT … ON CONFLICT (key) DO UPDATE SET the ``update`` columns."""
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        pg = pg_insert(model)
        session.execute(
            pg.on_conflict_do_update(index_elements=key, set_={c: pg.excluded[c] for c in update}),
            rows,
        )
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(model)
        session.execute(
            lite.on_conflict_do_update(
                index_elements=key, set_={c: lite.excluded[c] for c in update}
            ),
            rows,
        )
