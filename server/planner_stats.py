"""SQLite's query planner statistics, kept fresh by the server itself.

SQLite plans with ``sqlite_stat1`` (written by ANALYZE) and never refreshes it on its
own: a server that grew from empty plans the review list for tiny tables, and pages that
take milliseconds with statistics take seconds at 1M cases. PostgreSQL's autovacuum
analyses by itself, so on PostgreSQL this does nothing.

When: at start-up, after order imports, and after pushes once enough cases came in since
the last look (``CHECK_AFTER_CASES``, or a quarter of the cases then counted). A look
counts the rows of the big tables; the statistics are refreshed when a table that has
rows has none yet, or when its row count moved by ``MIN_CHANGE`` rows and by a quarter
since the last refresh (the counts are kept in ``server_meta``). So a server growing to
1M cases refreshes a few dozen times in its life, ever more rarely.

How: ``ANALYZE <table>`` of each table that needs it, one write transaction per table
(pushes wait for it: measured at 1M cases, 1.8 s for return_case and its 12 indexes, under
a second for the others). A full analysis, not a sample: ``PRAGMA analysis_limit`` reads
only the first rows of each index, which makes a store or a reason look 20-100 times
rarer than it is, and the review list then picks slower plans (measured: the default page
224 ms with sampled statistics, 13 ms with full ones, at 1M cases).
"""

from __future__ import annotations

import json
import logging
import threading
import time

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from db.central import ServerMeta
from server.database import Database

log = logging.getLogger("server.planner_stats")

MIN_CHANGE = 1000  # rows a table must gain (or lose) before its statistics are redone
CHANGE_SHARE = 0.25  # ... and this share of the rows it had then
CHECK_AFTER_CASES = 1000  # pushed cases before the next look (or CHANGE_SHARE of them)
COUNTS_KEY = "planner_stats_rows"  # server_meta: table -> rows at the last refresh
# The tables queries join: stores and staff, and those that grow (cases and their
# children, orders, the sync log, the feed, photos).
TABLES = (
    "store",
    "staff",
    "return_case",
    "returned_item",
    "case_photo",
    "audit_event",
    "annotation",
    "sales_order",
    "order_line",
    "sync_operation",
    "feed",
    "photo_blob",
)


def _counts(conn: Connection) -> dict[str, int]:
    return {t: int(conn.scalar(text(f'SELECT count(*) FROM "{t}"')) or 0) for t in TABLES}


def _analysed_tables(conn: Connection) -> set[str]:
    has_stats = conn.scalar(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    )
    if not has_stats:
        return set()
    return set(conn.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))


def stale_tables(counts: dict[str, int], analysed: set[str], recorded: dict[str, int]) -> list[str]:
    """The tables whose statistics are missing or out of date."""
    stale = []
    for table, rows in counts.items():
        if rows == 0:
            continue  # nothing to learn; SQLite's defaults serve an empty table
        if table not in analysed or table not in recorded:
            stale.append(table)
            continue
        change = abs(rows - recorded[table])
        if change >= MIN_CHANGE and change >= CHANGE_SHARE * recorded[table]:
            stale.append(table)
    return stale


def record_counts(s: Session) -> None:
    """Keep the tables' row counts as those the statistics were made for."""
    now = json.dumps(_counts(s.connection()))
    row = s.get(ServerMeta, COUNTS_KEY)
    if row is None:
        s.add(ServerMeta(key=COUNTS_KEY, value=now))
    else:
        row.value = now


def refresh_if_stale(database: Database) -> list[str]:
    """Refresh the statistics when a table needs it; the tables that did (none: fresh, or
    not SQLite)."""
    if database.is_postgres:
        return []
    with database.read() as s:
        conn = s.connection()
        counts = _counts(conn)
        analysed = _analysed_tables(conn)
        stored = s.scalar(select(ServerMeta.value).where(ServerMeta.key == COUNTS_KEY))
    try:
        recorded = {k: int(v) for k, v in json.loads(stored).items()} if stored else {}
    except (ValueError, AttributeError, TypeError):
        recorded = {}
    stale = stale_tables(counts, analysed, recorded)
    if not stale:
        return []
    started = time.monotonic()
    for table in stale:  # one at a time: the write lock is held for one table only
        with database.write() as s:
            s.execute(text(f'ANALYZE "{table}"'))
    with database.write() as s:
        record_counts(s)
    log.info(
        "planner statistics refreshed in %.2f s (%s)",
        time.monotonic() - started,
        ", ".join(f"{t} {counts[t]:,} rows" for t in stale),
    )
    return stale


class PlannerStats:
    """Counts the cases pushed since the last look and looks again when enough came in.

    ``cases_stored(n)`` is cheap; the look (``check``) runs on the caller's thread, at
    most one at a time (a second caller meanwhile just returns).
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._pending = 0
        self._next_look = CHECK_AFTER_CASES
        self._lock = threading.Lock()
        self._running = threading.Lock()

    @property
    def enabled(self) -> bool:
        return not self.database.is_postgres

    def cases_stored(self, n: int) -> bool:
        """Note ``n`` new cases; True when it is time to look (call ``check``)."""
        if not self.enabled or n <= 0:
            return False
        with self._lock:
            self._pending += n
            return self._pending >= self._next_look

    def check(self) -> list[str]:
        """Look now (start-up, after an import, or when ``cases_stored`` said so)."""
        if not self.enabled or not self._running.acquire(blocking=False):
            return []
        try:
            with self._lock:
                self._pending = 0
            try:
                refreshed = refresh_if_stale(self.database)
                with self.database.read() as s:
                    cases = int(s.scalar(text("SELECT count(*) FROM return_case")) or 0)
            except Exception:  # statistics are an optimisation: never fail a request on them
                log.exception("planner statistics: the check failed")
                return []
            with self._lock:
                self._next_look = max(CHECK_AFTER_CASES, int(CHANGE_SHARE * cases))
            return refreshed
        finally:
            self._running.release()
