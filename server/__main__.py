"""Command line: ``returndesk-server serve`` and ``returndesk-server admin …``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from server.settings import Limits, Settings
from server.signal_rules import SignalRules, SignalRulesError, load_signal_rules

DATA_DIR_ENV = "RETURNDESK_SERVER_DATA_DIR"
DATABASE_URL_ENV = "RETURNDESK_SERVER_DATABASE_URL"
SIGNALS_ENV = "RETURNDESK_SERVER_SIGNALS"
SIGNALS_FILE = "signals.toml"  # looked for in the data dir when no file is named

log = logging.getLogger("server")


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=os.environ.get(DATA_DIR_ENV) or None,
        help=f"photos (and the embedded SQLite database) live here [${DATA_DIR_ENV}]",
    )
    common.add_argument(
        "--database-url",
        default=os.environ.get(DATABASE_URL_ENV) or None,
        help="e.g. postgresql+psycopg://user:pass@127.0.0.1:5432/returndesk; "
        f"default: SQLite in the data dir [${DATABASE_URL_ENV}]",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    defaults = Limits()
    parser = argparse.ArgumentParser(
        prog="returndesk-server", description="ReturnDesk central sync service"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", parents=[common], help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    serve.add_argument("--max-request-bytes", type=int, default=defaults.max_request_bytes)
    serve.add_argument("--max-batch", type=int, default=defaults.max_batch_ops)
    serve.add_argument("--max-photo-bytes", type=int, default=defaults.max_photo_bytes)
    serve.add_argument(
        "--max-concurrency",
        type=int,
        default=defaults.max_concurrency,
        help="requests handled at once; more wait --queue-wait seconds, then get 429",
    )
    serve.add_argument("--queue-wait", type=float, default=defaults.queue_wait_seconds)
    serve.add_argument("--retry-after", type=int, default=defaults.retry_after_seconds)
    serve.add_argument("--stall-seconds", type=float, default=defaults.stall_seconds)
    serve.add_argument(
        "--export-chunk-rows", type=int, default=defaults.export_chunk_rows,
        help="cases an export reads per database query",
    )  # fmt: skip
    serve.add_argument(
        "--signals",
        type=Path,
        default=os.environ.get(SIGNALS_ENV) or None,
        help=f"thresholds of the review signals (TOML); default: {SIGNALS_FILE} in the "
        f"data dir if there is one, else built-in values [${SIGNALS_ENV}]",
    )

    admin = commands.add_parser("admin", help="administration (stores, staff, devices, orders)")
    tasks = admin.add_subparsers(dest="task", required=True)

    p = tasks.add_parser("create-store", parents=[common], help="create or update a store")
    p.add_argument("code")
    p.add_argument("--name", required=True)
    p.add_argument("--region", required=True)
    p.add_argument("--timezone", default="Asia/Shanghai")

    p = tasks.add_parser("create-staff", parents=[common], help="add a staff member with a PIN")
    p.add_argument("--store", required=True)
    p.add_argument("--name", required=True)
    p.add_argument(
        "--role", required=True, choices=["clerk", "supervisor", "regional_lead", "admin"]
    )
    p.add_argument("--pin", required=True, help="4-8 digits; '-' reads it from stdin")

    p = tasks.add_parser(
        "deactivate-staff", parents=[common], help="stop a staff member signing in"
    )
    p.add_argument("staff_id")

    p = tasks.add_parser(
        "create-enrolment-code", parents=[common], help="print a one-time enrolment code"
    )
    p.add_argument("--store", required=True)
    p.add_argument("--hours", type=float, default=24.0, help="how long it stays valid")

    p = tasks.add_parser(
        "create-lead-token", parents=[common], help="print a token for a regional lead"
    )
    p.add_argument("--region", required=True)
    p.add_argument("--name", default="")

    p = tasks.add_parser("import-orders", parents=[common], help="upsert orders from CSV/JSON")
    p.add_argument("file", type=Path)

    p = tasks.add_parser("set-policy", parents=[common], help="hand a policy.toml down")
    p.add_argument("file", type=Path)

    p = tasks.add_parser("revoke-device", parents=[common], help="revoke a device or lead token")
    p.add_argument("device_id")

    tasks.add_parser("list-devices", parents=[common], help="enrolled devices and lead tokens")

    tasks.add_parser(
        "reset-feed",
        parents=[common],
        help="make every counter pull everything again (after restoring a backup)",
    )
    tasks.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    tasks.add_parser(
        "analyze",
        parents=[common],
        help="refresh the query planner's statistics (SQLite: after big imports, or monthly)",
    )
    return parser


def _settings(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Settings:
    # Photos always live in the data dir; admin commands against PostgreSQL need none.
    if args.data_dir is None and (args.command == "serve" or args.database_url is None):
        parser.error(f"--data-dir is required (or set ${DATA_DIR_ENV})")
    data_dir = (args.data_dir or Path(".")).resolve()
    limits = Limits()
    signals = SignalRules()
    if args.command == "serve":
        signals_file = args.signals or data_dir / SIGNALS_FILE
        if args.signals is not None or signals_file.exists():
            try:
                signals = load_signal_rules(signals_file)
            except SignalRulesError as exc:
                parser.error(str(exc))
        if args.export_chunk_rows < 1:
            parser.error("--export-chunk-rows must be at least 1")
        limits = Limits(
            max_request_bytes=args.max_request_bytes,
            max_batch_ops=args.max_batch,
            max_photo_bytes=args.max_photo_bytes,
            max_concurrency=args.max_concurrency,
            queue_wait_seconds=args.queue_wait,
            retry_after_seconds=args.retry_after,
            stall_seconds=args.stall_seconds,
            export_chunk_rows=args.export_chunk_rows,
        )
    return Settings(
        data_dir=data_dir, database_url=args.database_url, limits=limits, signals=signals
    )


def serve(settings: Settings, host: str, port: int, log_level: str) -> int:
    import uvicorn

    from server.app import create_app
    from server.database import describe_url

    log.info("database: %s", describe_url(settings.url))
    app = create_app(settings, freeze_start_up=True)
    # log_config=None: uvicorn's loggers go through the root logger set up in main().
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=None,
        log_level=log_level,
        timeout_graceful_shutdown=10,
    )
    return 0


def admin(settings: Settings, args: argparse.Namespace) -> int:
    from server import admin as ops
    from server.database import Database, upgrade
    from server.orders_import import ImportError_

    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.url, pool_size=2)
    try:
        upgrade(database)
        task = args.task
        if task == "create-store":
            created = ops.create_store(database, args.code, args.name, args.region, args.timezone)
            print(f"store {args.code} {'created' if created else 'updated'}")
        elif task == "create-staff":
            pin = sys.stdin.readline().strip() if args.pin == "-" else args.pin
            staff_id = ops.create_staff(database, args.store, args.name, args.role, pin)
            print(staff_id)
        elif task == "deactivate-staff":
            ops.set_staff_active(database, args.staff_id, False)
            print(f"staff {args.staff_id} deactivated")
        elif task == "create-enrolment-code":
            issued = ops.create_enrolment_code(database, args.store, args.hours)
            print(
                f"one-time code for {args.store}, valid until "
                f"{issued.expires_at.isoformat(timespec='seconds')} (shown only now):",
                file=sys.stderr,
            )
            print(issued.code)
        elif task == "create-lead-token":
            token = ops.create_lead_token(database, args.region, args.name)
            print(
                f"lead token for region {args.region}, device id {token.device_id} "
                "(shown only now; revoke with revoke-device):",
                file=sys.stderr,
            )
            print(token.token)
        elif task == "import-orders":
            try:
                report = ops.import_order_file(database, args.file)
            except ImportError_ as exc:
                print(f"nothing imported; {len(exc.problems)} problem(s):", file=sys.stderr)
                for problem in exc.problems[:50]:
                    print(f"  {problem}", file=sys.stderr)
                return 2
            print(
                f"orders: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged ({report.lines} lines)"
            )
        elif task == "set-policy":
            print(f"policy {ops.set_policy(database, args.file)}")
        elif task == "revoke-device":
            ops.revoke_device(database, args.device_id)
            print(f"device {args.device_id} revoked")
        elif task == "list-devices":
            for d, counter_no in ops.list_devices(database):
                state = "revoked" if d.revoked_at else "active"
                where = f"{d.store_code} #{counter_no}" if d.store_code else f"region {d.region}"
                seen = d.last_seen_at.isoformat(timespec="seconds") if d.last_seen_at else "-"
                print(
                    f"{d.id}  {d.kind:7}  {where:12}  {state:7}  seen {seen}  "
                    f"app {d.last_app_version or '-'}  {d.name}"
                )
        elif task == "reset-feed":
            print(f"feed epoch {ops.reset_feed(database)}: counters will pull everything again")
        elif task == "migrate":
            print("schema up to date")
        elif task == "analyze":
            print(f"planner statistics refreshed in {ops.analyze(database):.1f} s")
        return 0
    except ops.AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        database.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = getattr(args, "log_level", "warning").upper()
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    settings = _settings(args, parser)
    if args.command == "serve":
        return serve(settings, args.host, args.port, args.log_level)
    return admin(settings, args)


if __name__ == "__main__":
    sys.exit(main())
