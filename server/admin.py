"""Administration: stores, staff, enrolment codes, lead tokens, orders, policy, devices."""

from __future__ import annotations

import hashlib
import re
import time
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, text

from db.central import STAFF_ROLES, Device, EnrolmentCode, Policy, Staff, Store
from server import planner_stats
from server.auth import counter_numbers
from server.database import Database
from server.feed import Change, publish, reset_epoch
from server.ids import new_id, utcnow
from server.orders_import import ImportReport, import_orders, read_orders
from server.pins import hash_pin, is_valid_pin
from server.tokens import code_hash, new_enrolment_code, new_token, token_hash

STORE_CODE = re.compile(r"[A-Z0-9]{2,16}")


class AdminError(Exception):
    """A refusal with a plain message for the operator."""


def create_store(database: Database, code: str, name: str, region: str, timezone: str) -> bool:
    """Create the store, or update it; True when it was created."""
    if not STORE_CODE.fullmatch(code):
        raise AdminError("A store code is 2 to 16 capital letters or digits, e.g. SH01.")
    if not name.strip() or not region.strip():
        raise AdminError("A store needs a name and a region.")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise AdminError(f"Unknown time zone {timezone!r} (e.g. Asia/Shanghai).") from None
    now = utcnow()
    with database.write() as s:
        store = s.get(Store, code)
        created = store is None
        if store is None:
            store = Store(code=code, created_at=now)
            s.add(store)
        store.name, store.region, store.timezone, store.updated_at = (
            name.strip(),
            region.strip(),
            timezone,
            now,
        )
        s.flush()
        publish(s, [Change("store", code, code)])
    return created


def create_staff(database: Database, store_code: str, name: str, role: str, pin: str) -> str:
    if role not in STAFF_ROLES:
        raise AdminError(f"Role must be one of {', '.join(STAFF_ROLES)}.")
    if not is_valid_pin(pin):
        raise AdminError("A PIN is 4 to 8 digits.")
    if not name.strip():
        raise AdminError("Staff need a name.")
    pin_hash = hash_pin(pin)  # slow on purpose: outside the transaction
    now = utcnow()
    with database.write() as s:
        if s.get(Store, store_code) is None:
            raise AdminError(f"Unknown store {store_code}.")
        staff = Staff(
            id=new_id(),
            store_code=store_code,
            name=name.strip(),
            role=role,
            pin_hash=pin_hash,
            active=True,
            created_at=now,
            updated_at=now,
        )
        s.add(staff)
        s.flush()
        publish(s, [Change("staff", staff.id, store_code)])
    return staff.id


def set_staff_active(database: Database, staff_id: str, active: bool) -> None:
    with database.write() as s:
        staff = s.get(Staff, staff_id)
        if staff is None:
            raise AdminError(f"Unknown staff id {staff_id}.")
        staff.active = active
        staff.updated_at = utcnow()
        s.flush()
        publish(s, [Change("staff", staff.id, staff.store_code)])


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime


def create_enrolment_code(database: Database, store_code: str, hours: float) -> IssuedCode:
    if not 0 < hours <= 24 * 30:
        raise AdminError("An enrolment code lives between a moment and 30 days.")
    code = new_enrolment_code()
    now = utcnow()
    expires = now + timedelta(hours=hours)
    with database.write() as s:
        if s.get(Store, store_code) is None:
            raise AdminError(f"Unknown store {store_code}.")
        s.add(
            EnrolmentCode(
                id=new_id(),
                code_hash=code_hash(code),
                store_code=store_code,
                created_at=now,
                expires_at=expires,
            )
        )
    return IssuedCode(code, expires)


@dataclass(frozen=True)
class IssuedToken:
    device_id: str
    token: str


def create_lead_token(database: Database, region: str, name: str) -> IssuedToken:
    if not region.strip():
        raise AdminError("A lead token needs a region.")
    token = new_token()
    with database.write() as s:
        if s.scalar(select(Store.code).where(Store.region == region).limit(1)) is None:
            raise AdminError(f"No store is in region {region!r}; create the stores first.")
        device = Device(
            id=new_id(),
            kind="lead",
            store_code=None,
            region=region,
            name=name.strip() or f"lead {region}",
            token_hash=token_hash(token),
            created_at=utcnow(),
        )
        s.add(device)
    return IssuedToken(device.id, token)


def revoke_device(database: Database, device_id: str) -> None:
    with database.write() as s:
        device = s.get(Device, device_id)
        if device is None:
            raise AdminError(f"Unknown device {device_id}.")
        if device.revoked_at is None:
            device.revoked_at = utcnow()


def list_devices(database: Database) -> list[tuple[Device, int | None]]:
    """Every device, oldest first, with its counter number (None for a lead's token)."""
    with database.read() as s:
        numbers = counter_numbers(s)
        devices = s.scalars(select(Device).order_by(Device.created_at))
        return [(d, numbers.get(d.id)) for d in devices]


def import_order_file(database: Database, path: Path) -> ImportReport:
    records = read_orders(path)
    with database.write() as s:
        report = import_orders(s, records)
    planner_stats.refresh_if_stale(database)  # SQLite: the order tables may have grown a lot
    return report


def set_policy(database: Database, path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AdminError(f"{path.name} is not valid TOML: {exc}") from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with database.write() as s:
        policy = s.get(Policy, "global")
        if policy is not None and policy.sha256 == digest:
            return digest
        if policy is None:
            policy = Policy(id="global")
            s.add(policy)
        policy.text, policy.sha256, policy.updated_at = text, digest, utcnow()
        s.flush()
        publish(s, [Change("policy", "global", None)])
    return digest


def analyze(database: Database) -> float:
    """Refresh the query planner's statistics; the seconds it took.

    PostgreSQL's autovacuum does this by itself. An SQLite server refreshes the tables
    that grew by itself (server/planner_stats.py); this analyses every table at once,
    holding the write lock, and records the counts so the server's own check finds them
    fresh.
    """
    started = time.monotonic()
    with database.write() as s:
        s.execute(text("ANALYZE"))
        if not database.is_postgres:  # the server's own check then finds them fresh
            planner_stats.record_counts(s)
    return time.monotonic() - started


def reset_feed(database: Database) -> str:
    with database.write() as s:
        return reset_epoch(s)
