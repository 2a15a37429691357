"""`returndesk self-check`: is this counter fit to work? One row per check, for IT's scripts."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import text

from core.counter import DB_NAME, CounterStore, app_version, open_counter_store, pulled_policy_path
from core.devices import CAMERA_NONE, match_camera, match_printer
from core.policy import PolicyError, load_policy
from core.sync import PROTOCOL_VERSION
from db.migrate import current_revision, head_revision
from db.models import SyncState

MIN_FREE_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    required: bool = True  # a failed optional check (e.g. no camera) only informs


@dataclass(frozen=True)
class SelfCheckReport:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok or not c.required for c in self.checks)

    def format(self) -> str:
        width = max(len(c.name) for c in self.checks)
        rows = []
        for c in self.checks:
            mark = "OK  " if c.ok else ("FAIL" if c.required else "note")
            rows.append(f"{mark}  {c.name.ljust(width)}  {c.detail}")
        rows.append("all checks passed" if self.ok else "SELF-CHECK FAILED")
        return "\n".join(rows)


def _database(store: CounterStore) -> Check:
    try:
        with store.engine.begin() as conn:
            conn.execute(text("CREATE TEMP TABLE self_check_probe (x INTEGER)"))
            conn.execute(text("DROP TABLE self_check_probe"))
        rev, head = current_revision(store.engine), head_revision()
        if rev != head:
            return Check("database", False, f"schema {rev}, this app needs {head}")
        return Check("database", True, f"{store.data_dir / DB_NAME} writable, schema {rev}")
    except Exception as exc:  # noqa: BLE001 - every failure is a reportable state here
        return Check("database", False, f"not usable: {exc}")


def _policy(store: CounterStore, explicit: Path | None) -> Check:
    path = explicit or (pulled_policy_path(store) if pulled_policy_path(store).is_file() else None)
    try:
        policy = load_policy(path)
    except PolicyError as exc:
        return Check("policy", False, exc.message)
    return Check(
        "policy",
        True,
        f"{policy.source}: {len(policy.reasons)} reasons, {len(policy.categories)} categories",
    )


def _photo_store(store: CounterStore) -> Check:
    try:
        store.photos_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=store.photos_dir, prefix=".self-check-") as f:
            f.write(b"probe")
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        return Check("photo store", False, f"{store.photos_dir} not writable: {exc.strerror}")
    return Check("photo store", True, f"{store.photos_dir} writable")


@dataclass(frozen=True)
class _Listed:
    id: str
    name: str


def _cameras() -> list[_Listed]:
    from PySide6.QtMultimedia import QMediaDevices

    return [
        _Listed(bytes(c.id().data()).hex(), c.description()) for c in QMediaDevices.videoInputs()
    ]


def camera_check(wanted: str = "", cameras: list[_Listed] | None = None) -> Check:
    """Camera listed or absent, and whether the configured one (``camera =``) is there.

    A counter can work without a camera (photos from files), so this row never fails
    the self-check; it says what staff will get.
    """
    if wanted.strip().casefold() == CAMERA_NONE:
        return Check("camera", True, "turned off (camera = none): staff add photos from files")
    if cameras is None:
        try:
            cameras = _cameras()
        except ImportError as exc:
            return Check("camera", False, f"QtMultimedia unavailable: {exc}", required=False)
    listed = ", ".join(f"{c.name} [{c.id}]" for c in cameras)
    if not cameras:
        missing = (
            f'configured camera "{wanted}" not found, and no other' if wanted else "none found"
        )
        return Check("camera", False, f"{missing}: staff add photos from files", required=False)
    if not wanted:
        return Check("camera", True, f"system default of: {listed}")
    found = match_camera(cameras, wanted)
    if found is None:
        return Check(
            "camera",
            False,
            f'configured camera "{wanted}" not found; the default is used. Found: {listed}',
            required=False,
        )
    return Check("camera", True, f"{found.name} [{found.id}] (configured); found: {listed}")


def _printers() -> tuple[list[str], str]:
    from PySide6.QtPrintSupport import QPrinterInfo

    return list(QPrinterInfo.availablePrinterNames()), QPrinterInfo.defaultPrinterName()


def printer_check(wanted: str = "", printers: tuple[list[str], str] | None = None) -> Check:
    """The receipt printer: the configured one (``printer =``) must exist; else informs.

    A configured printer that the system does not have is a failure: receipts would
    not reach the counter's printer. With none configured, no printer only informs
    (receipts can be saved as PDF).
    """
    try:
        names, default = printers if printers is not None else _printers()
    except ImportError as exc:
        return Check("printer", False, f"QtPrintSupport unavailable: {exc}", required=bool(wanted))
    installed = ", ".join(names) if names else "none"
    if wanted:
        found = match_printer(names, wanted)
        if found is None:
            return Check(
                "printer",
                False,
                f'configured printer "{wanted}" is not installed on this computer '
                f"(installed: {installed}); receipts cannot be printed there",
            )
        return Check("printer", True, f"{found} (configured)")
    if not names:
        return Check(
            "printer",
            False,
            "none installed: receipts can only be saved as PDF",
            required=False,
        )
    if not default:
        return Check("printer", True, f"no system default; staff choose from: {installed}")
    return Check("printer", True, f"system default {default}; installed: {installed}")


def _server(store: CounterStore, timeout: float) -> Check:
    with store.sessions() as s:
        url_row = s.get(SyncState, "server_url")
    if url_row is None:
        return Check("server", False, "not enrolled (returndesk enrol --server URL --code CODE)")
    try:
        response = httpx.get(f"{url_row.value}/v1/version", timeout=timeout)
        info = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return Check("server", False, f"{url_row.value} unreachable: {type(exc).__name__}")
    supported = info.get("protocol", {})
    if not supported.get("min", 0) <= int(PROTOCOL_VERSION) <= supported.get("max", 0):
        return Check(
            "server",
            False,
            f"{url_row.value} speaks protocol {supported}, this app {PROTOCOL_VERSION}",
        )
    return Check(
        "server",
        True,
        f"{url_row.value}: server {info.get('server_version')}, app {app_version()}, "
        f"protocol {PROTOCOL_VERSION}",
    )


def _disk(store: CounterStore) -> Check:
    free = shutil.disk_usage(store.data_dir).free
    detail = f"{free / 1024**3:.1f} GB free in {store.data_dir}"
    return Check("free disk", free >= MIN_FREE_BYTES, detail)


def self_check(
    data_dir: Path,
    policy_path: Path | None = None,
    timeout: float = 5.0,
    *,
    camera: str = "",
    printer: str = "",
) -> SelfCheckReport:
    """Every check; ``camera`` / ``printer`` are the configured ones (desktop/settings.py)."""
    try:
        store = open_counter_store(data_dir)
    except Exception as exc:  # noqa: BLE001
        return SelfCheckReport((Check("database", False, f"cannot open {data_dir}: {exc}"),))
    try:
        return SelfCheckReport(
            (
                _database(store),
                _policy(store, policy_path),
                _photo_store(store),
                camera_check(camera),
                printer_check(printer),
                _server(store, timeout),
                _disk(store),
            )
        )
    finally:
        store.close()
