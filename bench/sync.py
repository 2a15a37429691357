"""Sync throughput benchmark (issue #5): the product against a raw baseline, same bytes.

Run: .venv/bin/python bench/sync.py [--cases 10000] [--photos 1000] [--photo-kb 300]
                                    [--database-url postgresql+psycopg://user:pw@host/db]

1. Starts the real sync service (``python -m server serve``; SQLite in a temp dir, or a
   fresh database created on the given PostgreSQL server and dropped afterwards), seeds a
   store, a clerk and enough orders for the ledger through the admin CLI, and enrols a
   counter with a one-time code.
2. Fills a real counter database (migrated by the app's own code) with Core bulk inserts:
   finalised cases, their outbox rows with the payload in wire shape, and the photo files.
3. Pushes them the way the counter does: ``core.sync.SyncClient``'s photo phase
   (``/v1/photos/missing`` + one ``PUT /v1/photos/{sha}`` per photo) and case phase
   (batches of 100 to ``/v1/push``, results written back to the outbox) — the first two
   steps of ``SyncClient.sync()``, timed one by one (pull and the sanity check are not part
   of this measurement).
4. Baseline, same run: every request the product client sent is recorded on its way out
   and sent again, byte for byte, in the same order on keep-alive connections (photo
   uploads as many at once as the counter sends them), to a bare ASGI app under the same
   uvicorn that writes each body to its own file (fsync'd, as the service's answers are
   durable; ``--baseline-no-fsync`` to drop that). Then to the floor (see baseline_app).

Prints cases/s, MB/s for photos, the product/baseline ratio for each (target ≤ 2) and
whether the target is met; then the CPU seconds each side spent (server process and client
process, from /proc), which a machine busy with other work disturbs far less than the wall
clock (PostgreSQL's own processes are not counted). ``--profile`` samples the server with py-spy while the product
runs (``pip install py-spy``) and prints its top functions. Exits 0 whatever the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 2.0
PHASE_PHOTOS = "photos"
PHASE_CASES = "cases"


# ---- the baseline: a bare endpoint that stores what it is sent --------------------------------


def baseline_app(folder: Path, fsync: bool, floor: bool = False) -> Any:
    """ASGI app: any POST/PUT body goes to its own file; any GET answers 200 (readiness).

    ``floor``: the least any server answering this protocol must do instead — a push body is
    parsed as JSON and each operation stored as one row (op id, case id, payload as JSON)
    in SQLite (WAL, synchronous=FULL, one commit per batch, a repeated op id ignored), and
    answered per operation; a photo's SHA-256 is checked before it is written. No
    validation, no decisions, no audit chain, no review columns: a reference for what the
    product's own guarantees cost, not a server anyone could run.
    """
    counter = iter(range(10**9))
    db = None
    if floor:
        import sqlite3

        db = sqlite3.connect(folder / "floor.db", check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE op (op_id TEXT PRIMARY KEY, entity_id TEXT, payload TEXT)")

    def store_floor(path: str, body: bytes) -> bytes:
        assert db is not None
        if path == "/v1/push":
            ops = json.loads(body)["operations"]
            rows = [(o["op_id"], o["entity_id"], json.dumps(o["payload"])) for o in ops]
            with db:
                db.executemany("INSERT OR IGNORE INTO op VALUES (?, ?, ?)", rows)
            results = [{"op_id": o["op_id"], "result": "applied"} for o in ops]
            return json.dumps({"results": results}).encode()
        photo = path.startswith("/v1/photos/") and path != "/v1/photos/missing"
        if photo and hashlib.sha256(body).hexdigest() != path.rsplit("/", 1)[-1]:
            raise ValueError("photo hash mismatch")
        return b""  # then stored to a file like the baseline

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        answer = b'{"stored":true}'
        if floor and scope["method"] in ("POST", "PUT"):
            answer = store_floor(scope["path"], bytes(body)) or answer
        if scope["method"] in ("POST", "PUT") and not (floor and scope["path"] == "/v1/push"):
            with open(folder / f"{next(counter):08d}.bin", "wb") as out:
                out.write(body)
                out.flush()
                if fsync:
                    os.fsync(out.fileno())
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(answer)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    return app


def serve_baseline(port: int, folder: Path, fsync: bool, floor: bool) -> None:
    import uvicorn

    folder.mkdir(parents=True, exist_ok=True)
    app = baseline_app(folder, fsync, floor)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


@dataclass
class Baseline:
    folder: Path
    fsync: bool
    floor: bool = False
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Baseline:
        import httpx

        from tests.server_support import free_port

        self.port = free_port()
        cmd = [sys.executable, __file__, "--serve-baseline", str(self.port), str(self.folder)]
        if not self.fsync:
            cmd.append("--baseline-no-fsync")
        if self.floor:
            cmd.append("--floor")
        self.proc = subprocess.Popen(cmd, cwd=ROOT)
        for _ in range(600):
            if self.proc.poll() is not None:
                raise RuntimeError(f"baseline server exited {self.proc.returncode}")
            try:
                httpx.get(self.url, timeout=1.0)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("baseline server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


# ---- recording what the product client sends ------------------------------------------------


def make_recorder() -> Any:
    import httpx

    class Recorder(httpx.AsyncHTTPTransport):
        """The normal transport, keeping each request's method, path, type and body."""

        def __init__(self) -> None:
            super().__init__()
            self.sent: list[tuple[str, str, str, bytes]] = []
            self.waited = {PHASE_PHOTOS: 0.0, PHASE_CASES: 0.0, "other": 0.0}  # sent → answered

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            path = request.url.raw_path.decode("ascii")
            self.sent.append(
                (request.method, path, request.headers.get("content-type", ""), request.content)
            )
            start = time.perf_counter()
            response = await super().handle_async_request(request)
            body = await response.aread()
            self.waited[phase_of(path)] += time.perf_counter() - start
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                content=body,
                extensions=response.extensions,
                request=request,
            )

    return Recorder()


def phase_of(path: str) -> str:
    if path.startswith("/v1/photos"):
        return PHASE_PHOTOS
    return PHASE_CASES if path == "/v1/push" else "other"


# ---- set-up ---------------------------------------------------------------------------------


@dataclass
class Workload:
    cases: int
    photos: int
    photo_bytes: int
    payloads: list[dict[str, Any]] = field(default_factory=list)
    photo_data: dict[str, bytes] = field(default_factory=dict)

    @property
    def photo_total(self) -> int:
        return sum(len(b) for b in self.photo_data.values())


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str | None]:
    """None (the server's SQLite), or a fresh database on the given PostgreSQL server."""
    if url is None:
        yield None
        return
    from tests.server_support import PG_URL_ENV, fresh_database

    os.environ[PG_URL_ENV] = url
    with fresh_database("postgresql") as fresh:
        yield fresh


def seed_server(srv: Any, tmp: Path, cases: int) -> tuple[str, list[Any]]:
    """Store, clerk and orders: every case returns one item; five cases per order of two
    lines of five pieces each, so the ledger never refuses one."""
    from tests.server_support import import_orders, sample_order

    srv.admin("create-store", "SH01", "--name", "上海一店", "--region", "East")
    staff = srv.admin(
        "create-staff", "--store", "SH01", "--name", "李娜", "--role", "clerk", "--pin", "1234"
    )
    orders = [
        sample_order(f"SH26{n:08d}", "SH01", quantities=(5, 5)) for n in range(math.ceil(cases / 5))
    ]
    import_orders(srv, orders, tmp / "orders.json")
    return staff, orders


def build_workload(staff: str, orders: list[Any], cases: int, photos: int, kb: int) -> Workload:
    from tests.server_support import make_case_payload

    work = Workload(cases, photos, kb * 1024)
    every = max(1, cases // photos) if photos else cases + 1
    today = datetime.now(UTC).strftime("%Y%m%d")
    for i in range(cases):
        order = orders[i // 5]
        line = order.lines[i % 2]
        shots = []
        if photos and i % every == 0 and len(work.photo_data) < photos:
            data = b"\xff\xd8\xff\xe0" + os.urandom(work.photo_bytes - 4)  # incompressible
            shots.append(data)
        payload = make_case_payload(
            "SH01", staff, order, [(line, 1)], photos=shots, case_no=f"SH01-{today}-{i:05d}"
        )
        for row, data in zip(payload["photos"], shots, strict=True):
            work.photo_data[row["sha256"]] = data
        work.payloads.append(payload)
    return work


def fill_counter(store: Any, staff: str, orders: list[Any], work: Workload) -> None:
    """The counter's own tables, as finalising the cases would have left them."""
    from sqlalchemy import insert

    from core.photos import photo_path
    from db.models import Order, OrderLine, OutboxEntry, ReturnCase, Staff
    from tests.server_support import new_id

    def when(text: str | None) -> datetime | None:
        return datetime.fromisoformat(text) if text else None

    columns = {c.name for c in ReturnCase.__table__.columns}
    times = {"created_at", "first_response_due_at", "first_response_at", "finalised_at"}
    case_rows, outbox_rows = [], []
    for payload in work.payloads:
        case = payload["case"]
        row = {k: v for k, v in case.items() if k in columns}
        row.update({k: when(case[k]) for k in times})
        row["updated_at"] = row["finalised_at"]
        case_rows.append(row)
        outbox_rows.append(
            {
                "id": new_id(),  # UUIDv7: the push order is the finalising order
                "entity": "return_case",
                "entity_id": case["id"],
                "operation": "finalise",
                "payload": payload,
                "created_at": row["finalised_at"],
                "status": "pending",
                "attempts": 0,
                "last_error": "",
                "reason": "",
            }
        )
    order_rows = [
        {
            "id": o.id,
            "order_no": o.order_no,
            "store_code": o.store_code,
            "customer_id": new_id(),
            "customer_name": o.customer_name,
            "phone": o.phone,
            "address": o.address,
            "payment_method": o.payment_method,
            "ordered_at": datetime.fromisoformat(o.ordered_at),
            "delivered_at": None,
            "total_cents": sum(ln.quantity * ln.unit_price_cents for ln in o.lines),
        }
        for o in orders
    ]
    line_rows = [
        {
            "id": ln.id,
            "order_id": o.id,
            "line_no": ln.line_no,
            "sku": ln.sku,
            "name": ln.name,
            "category": ln.category,
            "quantity": ln.quantity,
            "unit_price_cents": ln.unit_price_cents,
        }
        for o in orders
        for ln in o.lines
    ]
    with store.engine.begin() as conn:
        conn.execute(
            insert(Staff),
            [{"id": staff, "store_code": "SH01", "name": "李娜", "role": "clerk", "active": True}],
        )
        conn.execute(insert(Order), order_rows)
        conn.execute(insert(OrderLine), line_rows)
        conn.execute(insert(ReturnCase), case_rows)
        conn.execute(insert(OutboxEntry), outbox_rows)
    for sha, data in work.photo_data.items():
        path = photo_path(store.photos_dir, sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# ---- the two runs ---------------------------------------------------------------------------


async def push_like_the_counter(
    client: Any, between: Any = lambda _phase, _starting: None
) -> tuple[dict[str, float], Any]:
    """SyncClient's photo phase, then its case phase, on one connection, timed apart;
    ``between(phase, starting)`` runs outside the timings (the profiler)."""
    from core.sync import SyncReport

    with client._sessions() as s:
        url, token = client._get(s, "server_url"), client._get(s, "token")
    report = SyncReport()
    times: dict[str, float] = {}
    phases = ((PHASE_PHOTOS, client._push_photos), (PHASE_CASES, client._push_cases))
    async with client._client(url, token) as http:
        for phase, run in phases:
            between(phase, True)
            start = time.perf_counter()
            await run(http, report, lambda _p: None)
            times[phase] = time.perf_counter() - start
            between(phase, False)
    return times, report


async def replay(
    url: str, sent: list[tuple[str, str, str, bytes]], cpu: CpuMeter
) -> dict[str, float]:
    """The same requests, same bytes, same order, on keep-alive connections; photo uploads
    as many at once as the counter sends them (core.sync.PHOTO_UPLOADS_AT_ONCE)."""
    import httpx

    from core.sync import PHOTO_UPLOADS_AT_ONCE
    from tests.server_support import VERSION_HEADERS

    times = {PHASE_PHOTOS: 0.0, PHASE_CASES: 0.0, "other": 0.0}
    # Runs of photo uploads go together; every other request on its own, in order.
    runs: list[list[tuple[str, str, str, bytes]]] = []
    for request in sent:
        uploads = request[0] == "PUT" and request[1].startswith("/v1/photos/")
        if uploads and runs and runs[-1][0][0] == "PUT":
            runs[-1].append(request)
        else:
            runs.append([request])
    async with httpx.AsyncClient(base_url=url, headers=VERSION_HEADERS, timeout=60) as http:

        async def send(requests: Iterator[tuple[str, str, str, bytes]]) -> None:
            for method, path, media, body in requests:
                r = await http.request(method, path, content=body, headers={"Content-Type": media})
                r.raise_for_status()

        for run in runs:
            phase = phase_of(run[0][1])
            cpu.phase(phase)  # between requests, outside the timing
            start = time.perf_counter()
            shared = iter(run)
            await asyncio.gather(
                *(send(shared) for _ in range(min(PHOTO_UPLOADS_AT_ONCE, len(run))))
            )
            times[phase] += time.perf_counter() - start
        cpu.phase(None)
    return times


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return math.nan
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuMeter:
    """CPU seconds of the server process and of this (client) process, per phase."""

    server_pid: int
    server: dict[str, float] = field(default_factory=dict)
    client: dict[str, float] = field(default_factory=dict)
    _current: str | None = None
    _marks: tuple[float, float] = (0.0, 0.0)

    def phase(self, name: str | None) -> None:
        if name == self._current:
            return
        now = (cpu_seconds(self.server_pid), time.process_time())
        if self._current is not None:
            self.server[self._current] = self.server.get(self._current, 0.0) + (
                now[0] - self._marks[0]
            )
            self.client[self._current] = self.client.get(self._current, 0.0) + (
                now[1] - self._marks[1]
            )
        self._current, self._marks = name, now


class Profiler:
    """py-spy sampling the server (all threads) during each phase, one output per phase."""

    def __init__(self, pid: int, folder: Path) -> None:
        self.pid = pid
        self.folder = folder
        self.proc: subprocess.Popen[bytes] | None = None
        spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        self.spy = spy if Path(spy).exists() else None
        if self.spy is None:
            print("profile: py-spy is not installed (.venv/bin/pip install py-spy)", flush=True)

    def output(self, phase: str) -> Path:
        return self.folder / f"profile-{phase}.txt"

    def __call__(self, phase: str, starting: bool) -> None:
        if self.spy is None:
            return
        if starting:
            cmd = [self.spy, "record", "--pid", str(self.pid), "--format", "raw",
                   "--output", str(self.output(phase)), "--rate", "200", "--threads",
                   "--nonblocking"]  # fmt: skip
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.5)  # attached before the first request
        elif self.proc is not None:
            self.proc.send_signal(signal.SIGINT)  # py-spy writes its output on Ctrl-C
            self.proc.wait(timeout=120)


def top_of_profile(path: Path, limit: int = 15) -> list[str]:
    """Self time and inclusive time per function of py-spy's collapsed stacks."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [f for f in stack.split(";") if f and not f.startswith(("thread ", "process "))]
        if not frames:
            continue
        total += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count
    lines = [f"  samples: {total} (busy threads only)", "  self%  incl%  function (file:line)"]
    for frame, count in sorted(own.items(), key=lambda kv: -kv[1])[:limit]:
        lines.append(
            f"  {100 * count / total:5.1f}  {100 * inclusive[frame] / total:5.1f}  {frame}"
        )
    lines.append("  project code by inclusive time:")
    ours = [(f, c) for f, c in inclusive.items() if "(server/" in f or "(db/" in f]
    for frame, count in sorted(ours, key=lambda kv: -kv[1])[:limit]:
        lines.append(f"  {'':5s}  {100 * count / total:5.1f}  {frame}")
    return lines


# ---- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=1_000)
    parser.add_argument("--photo-kb", type=int, default=300)
    parser.add_argument("--database-url", help="a PostgreSQL server (a fresh database is made)")
    parser.add_argument("--baseline-no-fsync", action="store_true")
    parser.add_argument("--profile", action="store_true", help="sample the server with py-spy")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, data)")
    parser.add_argument(
        "--serve-baseline", nargs=2, metavar=("PORT", "DIR"), help=argparse.SUPPRESS
    )
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_baseline:
        serve_baseline(int(args.serve_baseline[0]), Path(args.serve_baseline[1]),
                       fsync=not args.baseline_no_fsync, floor=args.floor)  # fmt: skip
        return 0
    if args.photos > args.cases:
        parser.error("at most one photo per case here: --photos <= --cases")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from core.counter import make_sync_client, open_counter_store
    from tests.server_support import ServerProcess

    tmp = Path(tempfile.mkdtemp(prefix="rd-bench-sync-"))
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"sync benchmark: {args.cases} cases, {args.photos} photos x {args.photo_kb} KB, "
        f"{backend}, loopback; baseline {'with' if not args.baseline_no_fsync else 'without'} "
        f"fsync; temp dir {tmp}",
        flush=True,
    )
    baseline = Baseline(tmp / "baseline", fsync=not args.baseline_no_fsync)
    floor = Baseline(tmp / "floor", fsync=True, floor=True)
    profiler: Profiler | None = None
    try:
        with database(args.database_url) as url:
            srv = ServerProcess(tmp / "server" / "data", url)
            (tmp / "server").mkdir(parents=True)
            srv.start()
            baseline.start()
            floor.start()
            try:
                t0 = time.perf_counter()
                staff, orders = seed_server(srv, tmp, args.cases)
                t1 = time.perf_counter()
                work = build_workload(staff, orders, args.cases, args.photos, args.photo_kb)
                store = open_counter_store(tmp / "counter")
                recorder = make_recorder()
                client = make_sync_client(store, transport=recorder)
                code = srv.admin("create-enrolment-code", "--store", "SH01")
                asyncio.run(client.enrol(srv.url, code, "bench counter"))
                fill_counter(store, staff, orders, work)
                t2 = time.perf_counter()
                print(
                    f"set-up: {len(orders)} orders imported in {t1 - t0:.1f} s; counter filled "
                    f"in {t2 - t1:.1f} s",
                    flush=True,
                )
                assert srv.proc is not None and baseline.proc is not None
                profiler = Profiler(srv.proc.pid, tmp) if args.profile else None
                product_cpu = CpuMeter(srv.proc.pid)

                def between(phase: str, starting: bool) -> None:
                    if profiler is not None:
                        profiler(phase, starting)
                    product_cpu.phase(phase if starting else None)

                product, report = asyncio.run(push_like_the_counter(client, between))
                recorder.sent.pop(0)  # the enrolment, not part of the push
                base_cpu = CpuMeter(baseline.proc.pid)
                base = asyncio.run(replay(baseline.url, recorder.sent, base_cpu))
                assert floor.proc is not None
                floor_cpu = CpuMeter(floor.proc.pid)
                least = asyncio.run(replay(floor.url, recorder.sent, floor_cpu))
                store.close()
            finally:
                srv.stop()
                baseline.stop()
                floor.stop()
            problems = check(report, work, srv, recorder.sent)
        print_results(work, product, base, least, recorder.sent, recorder.waited)
        print_cpu(product_cpu, base_cpu, floor_cpu)
        if problems:
            print("PROBLEMS: " + "; ".join(problems))
        for phase in (PHASE_CASES, PHASE_PHOTOS):
            if profiler is not None and profiler.output(phase).exists():
                print(f"server profile, {phase} phase (py-spy, all threads):")
                print("\n".join(top_of_profile(profiler.output(phase))))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def check(report: Any, work: Workload, srv: Any, sent: list[Any]) -> list[str]:
    problems = []
    if report.applied != work.cases or report.rejected or report.duplicates:
        problems.append(
            f"expected {work.cases} applied, got {report.applied} applied, "
            f"{report.duplicates} duplicates, {report.rejected} rejected"
        )
    if report.photos_uploaded != len(work.photo_data):
        problems.append(f"uploaded {report.photos_uploaded} of {len(work.photo_data)} photos")
    if "Traceback" in srv.log_text():
        problems.append("tracebacks in the server log")
    pushes = [body for method, path, _m, body in sent if path == "/v1/push"]
    sizes = [len(json.loads(b)["operations"]) for b in pushes]
    if sizes and max(sizes) > 100:
        problems.append(f"a batch of {max(sizes)} operations")
    return problems


def print_results(
    work: Workload,
    product: dict[str, float],
    base: dict[str, float],
    least: dict[str, float],
    sent: list[tuple[str, str, str, bytes]],
    waited: dict[str, float],
) -> None:
    mb = work.photo_total / 1e6
    case_bytes = sum(len(b) for _m, p, _t, b in sent if phase_of(p) == PHASE_CASES) / 1e6
    batches = sum(1 for _m, p, _t, _b in sent if p == "/v1/push")
    rows = []
    for name, t in (("product", product), ("baseline", base), ("floor", least)):
        rows.append(
            f"{name:8s}  cases: {work.cases} in {t[PHASE_CASES]:7.2f} s = "
            f"{work.cases / t[PHASE_CASES]:8.0f} cases/s   photos: {mb:6.1f} MB in "
            f"{t[PHASE_PHOTOS]:6.2f} s = {mb / t[PHASE_PHOTOS] if t[PHASE_PHOTOS] else 0:6.1f} MB/s"
        )
    print(f"requests: {batches} push batches ({case_bytes:.1f} MB JSON), {len(work.photo_data)} "
          f"photo uploads ({mb:.1f} MB)")  # fmt: skip
    print("\n".join(rows))
    print(
        f"product time spent waiting for the server: cases {waited[PHASE_CASES]:.2f} s, "
        f"photos {waited[PHASE_PHOTOS]:.2f} s (the rest is the counter's own work)"
    )
    verdicts = []
    for phase in (PHASE_CASES, PHASE_PHOTOS):
        if not base[phase]:
            continue
        ratio = product[phase] / base[phase]
        met = "met" if ratio <= TARGET else "NOT met"
        verdicts.append(f"{phase} {ratio:.2f} (target <= {TARGET:g}: {met})")
    print("ratio product/baseline: " + ", ".join(verdicts))
    # What the target leaves: the floor stores each case as one row and checks nothing.
    print(
        "floor (JSON parse + one row per case in SQLite, one commit per batch, no checks): "
        + ", ".join(
            f"{phase} floor/baseline {least[phase] / base[phase]:.2f}, "
            f"product/floor {product[phase] / least[phase]:.2f}"
            for phase in (PHASE_CASES, PHASE_PHOTOS)
            if base[phase] and least[phase]
        )
    )


def print_cpu(product: CpuMeter, base: CpuMeter, least: CpuMeter) -> None:
    parts = []
    for phase in (PHASE_CASES, PHASE_PHOTOS):
        if phase not in base.server:
            continue
        mine = product.server.get(phase, 0.0) + product.client.get(phase, 0.0)
        theirs = base.server[phase] + base.client[phase]
        floor = least.server.get(phase, 0.0) + least.client.get(phase, 0.0)
        parts.append(
            f"{phase}: product {product.server.get(phase, 0.0):.2f} server + "
            f"{product.client.get(phase, 0.0):.2f} client, baseline {base.server[phase]:.2f} "
            f"server + {base.client[phase]:.2f} client = ratio {mine / theirs:.2f}; "
            f"floor {least.server.get(phase, 0.0):.2f} server + "
            f"{least.client.get(phase, 0.0):.2f} client, product/floor {mine / floor:.2f}"
        )
    print("CPU seconds (process time, less disturbed by a busy machine): " + "; ".join(parts))


if __name__ == "__main__":
    sys.exit(main())
