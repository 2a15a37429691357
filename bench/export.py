"""Export and signals benchmark (issue #6): the whole filtered list to CSV/XLSX, and signals.

Run: .venv/bin/python bench/export.py [--cases 250000] [--backends postgresql,sqlite]
                                      [--database-url postgresql+psycopg://user:pw@host/db]
                                      [--keep] [--reuse]

1. Loads synthetic cases with bench/review.py's loader (same databases and names, so a
   database kept there with ``--keep`` is reused here with ``--reuse``). With 250,000 cases
   the East lead's region holds about 100,000.
2. Starts the real service (``python -m server serve``) and, as the East lead, exports
   every case of the region (newest first) and the region's quality returns, through the
   app's own code (``core.export.download_export``: the streamed JSON lines written to a
   CSV and to an XLSX file), timing each to the complete file; the server's peak memory
   (VmHWM of its process) is printed too. Then ``GET /v1/review/signals`` for 28 days and
   for a year.
3. Raw baseline, same run: the SQL statements the export sends (captured by running
   ``server.export.chunks`` in this process with the same query), executed directly with the
   driver, rows fetched and written with the csv module to a file.

Prints seconds and rows/s per export, the CSV ratio product/raw, signal times, and exits 0
whatever the numbers.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import review as loader  # noqa: E402  (bench/review.py: the 1M-case loader)

QUERIES = {"whole region": {}, "quality returns": {"reason": "quality"}}


def capture(url: str, params: dict[str, Any], chunk: int) -> list[tuple[str, Any]]:
    """The statements ``server.export.chunks`` sends to the driver for this query."""
    from sqlalchemy import event

    from server import export
    from server.auth import Principal
    from server.database import Database
    from server.review import CaseQuery

    db = Database(url)
    sent: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: Any) -> None:
        if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    lead = Principal(device_id="bench", kind="lead", name="bench", store_code=None,
                     region=loader.LEAD_REGION)  # fmt: skip
    for _rows in export.chunks(db, lead, CaseQuery(**params), chunk):
        pass
    db.dispose()
    return sent


def raw_csv(target: Any, statements: list[tuple[str, Any]], path: Path) -> tuple[float, int]:
    if target.backend == "postgresql":
        import psycopg

        from server.database import POSTGRES_SESSION_OPTIONS

        conn: Any = psycopg.connect(target.dsn, autocommit=True, options=POSTGRES_SESSION_OPTIONS)
    else:
        conn = sqlite3.connect(target.path)
    rows = 0
    t0 = time.perf_counter()
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            cur = conn.cursor()
            for statement, parameters in statements:
                cur.execute(statement, parameters)
                for row in cur.fetchall():
                    w.writerow(row)
                    rows += 1
            cur.close()
    finally:
        conn.close()
    return time.perf_counter() - t0, rows


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def product(srv: Any, token: str, params: dict[str, str], path: Path, fmt: str) -> float:
    from core.export import download_export
    from core.review import ReviewError, _error, _offline
    from tests.server_support import VERSION_HEADERS

    headers = {**VERSION_HEADERS, "Authorization": f"Bearer {token}"}
    t0 = time.perf_counter()
    try:
        download_export(srv.url, headers, params, path, fmt, UTC,  # type: ignore[arg-type]
                        classify=_error, offline=_offline, timeout=600.0)  # fmt: skip
    except ReviewError as exc:
        raise SystemExit(f"export failed: {exc.message}") from None
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=250_000)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--database-url", default=os.environ.get("RETURNDESK_TEST_PG_URL"))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgresql" in args.backends and not args.database_url:
        parser.error("PostgreSQL needs --database-url or $RETURNDESK_TEST_PG_URL")

    from server.settings import Limits
    from tests.server_support import ServerProcess

    chunk = Limits().export_chunk_rows
    out = Path(tempfile.mkdtemp(prefix="rd-bench-export-"))
    print(f"export benchmark: {args.cases:,} cases; {', '.join(args.backends)}", flush=True)
    with loader.targets(args) as made:
        seconds = loader.load(made, args.cases)
        if seconds:
            print(f"load: {seconds:.0f} s", flush=True)
        for target in made:
            print(f"\n{target.backend}:")
            srv = ServerProcess(target.data_dir, target.url if target.backend != "sqlite" else None)
            srv.log_path.unlink(missing_ok=True)
            srv.start(timeout=600)
            try:
                token = srv.admin("create-lead-token", "--region", loader.LEAD_REGION).split()[-1]
                for name, params in QUERIES.items():
                    query = {**params, "sort": "finalised_at", "order": "desc"}
                    rows = 0
                    for fmt in ("csv", "xlsx"):
                        path = out / f"{target.backend}-{name.replace(' ', '-')}.{fmt}"
                        took = product(srv, token, query, path, fmt)
                        if fmt == "csv":
                            with path.open(encoding="utf-8-sig") as f:
                                rows = sum(1 for _ in f) - 1
                            product_csv = took
                        size = path.stat().st_size / 1e6
                        print(f"  {name:16s} {fmt:4s} {rows:>8,} rows {took:7.1f} s "
                              f"{rows / took:>9,.0f} rows/s {size:7.1f} MB", flush=True)  # fmt: skip
                    statements = capture(target.url, params, chunk)
                    raw_s, raw_rows = raw_csv(target, statements, out / "raw.csv")
                    print(f"  {name:16s} raw  {raw_rows:>8,} rows {raw_s:7.1f} s "
                          f"({len(statements)} statements)  ratio csv/raw "
                          f"{product_csv / raw_s:.2f}", flush=True)  # fmt: skip
                print(f"  server peak memory (VmHWM): {peak_rss_mb(srv.proc.pid):.0f} MB")
                now = datetime.now(UTC)
                with srv.client(token) as http:
                    http.timeout = 600.0
                    for days in (28, 366):
                        params = {"finalised_from": (now - timedelta(days=days)).isoformat(),
                                  "finalised_to": now.isoformat()}  # fmt: skip
                        http.get("/v1/review/signals", params=params).raise_for_status()  # warm
                        t0 = time.perf_counter()
                        r = http.get("/v1/review/signals", params=params)
                        r.raise_for_status()
                        took = time.perf_counter() - t0
                        kinds: dict[str, int] = {}
                        for g in r.json()["signals"]:
                            kinds[g["kind"]] = kinds.get(g["kind"], 0) + 1
                        print(f"  signals over {days:3d} days: {took * 1000:8.0f} ms  {kinds}")
                if "Traceback" in srv.log_text():
                    print(f"PROBLEM: tracebacks in the {target.backend} server log")
            finally:
                srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
