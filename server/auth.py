"""Who is asking: device tokens, enrolment, and the one-push-per-device lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from db.central import Device, EnrolmentCode, Store
from server import errors
from server.database import Database
from server.errors import ApiError
from server.ids import new_id, utcnow
from server.tokens import code_hash, new_token, token_hash
from server.versions import ClientVersions


@dataclass(frozen=True)
class Principal:
    device_id: str
    kind: str  # counter | lead
    name: str
    store_code: str | None  # counters only
    region: str  # a counter's store's region, or the lead's region
    last_seen_at: datetime | None = None

    @property
    def is_counter(self) -> bool:
        return self.kind == "counter"


def lookup_principal(database: Database, token: str) -> Principal | str:
    """The Principal behind ``token``, or the error code (TOKEN_INVALID / TOKEN_REVOKED)."""
    with database.read() as s:
        row = s.execute(
            select(Device, Store.region)
            .outerjoin(Store, Device.store_code == Store.code)
            .where(Device.token_hash == token_hash(token))
        ).first()
        if row is None:
            return errors.TOKEN_INVALID
        device, store_region = row
        if device.revoked_at is not None:
            return errors.TOKEN_REVOKED
        region = device.region if device.kind == "lead" else store_region
        return Principal(
            device_id=device.id,
            kind=device.kind,
            name=device.name,
            store_code=device.store_code,
            region=region or "",
            last_seen_at=device.last_seen_at,
        )


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    token: str
    store: Store
    counter_no: int


def enrol(
    database: Database, code: str, device_name: str, versions: ClientVersions | None = None
) -> Enrolment:
    """Trade a one-time code for a device token bound to the code's store; the versions the
    counter sent are recorded at once (IT's device list shows them before any push)."""
    now = utcnow()
    token = new_token()
    with database.write() as s:
        # FOR UPDATE: two counters typing the same code at once cannot both get a token.
        entry = s.scalar(
            select(EnrolmentCode)
            .where(EnrolmentCode.code_hash == code_hash(code))
            .with_for_update()
        )
        if entry is None:
            raise ApiError(403, errors.ENROLMENT_CODE_INVALID, "This enrolment code is not valid.")
        if entry.used_at is not None:
            raise ApiError(
                403,
                errors.ENROLMENT_CODE_USED,
                "This enrolment code was already used; ask IT for a new one.",
            )
        if entry.expires_at <= now:
            raise ApiError(
                403,
                errors.ENROLMENT_CODE_EXPIRED,
                "This enrolment code has expired; ask IT for a new one.",
            )
        # FOR UPDATE on the store: two of its counters enrolling at once get different numbers.
        store = s.get_one(Store, entry.store_code, with_for_update=True)
        counter_no = 1 + (
            s.scalar(
                select(func.count())
                .select_from(Device)
                .where(Device.store_code == store.code, Device.kind == "counter")
            )
            or 0
        )
        device = Device(
            id=new_id(),
            kind="counter",
            store_code=store.code,
            region=None,
            name=device_name,
            token_hash=token_hash(token),
            created_at=now,
            last_seen_at=now,
            last_app_version=versions.app if versions else "",
            last_schema_version=versions.schema if versions else "",
        )
        s.add(device)
        entry.used_at = now
        entry.device_id = device.id
    return Enrolment(device_id=device.id, token=token, store=store, counter_no=counter_no)


def counter_numbers(s: Session) -> dict[str, int]:
    """Each counter device's number within its store: 1, 2, … in order of enrolment.

    Devices are never deleted (revoking keeps the row), so a number is never given twice
    in a store; it is part of every case number the counter issues.
    """
    rows = s.execute(
        select(Device.id, Device.store_code)
        .where(Device.kind == "counter")
        .order_by(Device.store_code, Device.created_at, Device.id)
    )
    numbers: dict[str, int] = {}
    seen: dict[str | None, int] = {}
    for device_id, store_code in rows:
        seen[store_code] = seen.get(store_code, 0) + 1
        numbers[device_id] = seen[store_code]
    return numbers


REVOKED_MESSAGE = "This device was revoked; enrol it again."


def refuse_if_revoked(s: Session, device_id: str) -> None:
    """401 TOKEN_REVOKED when the device was revoked meanwhile: the gate may have found
    the token in its short cache (server/gate.py), so every write checks again, in its
    own transaction."""
    revoked_at = s.execute(select(Device.revoked_at).where(Device.id == device_id)).first()
    if revoked_at is None or revoked_at[0] is not None:
        raise ApiError(
            401, errors.TOKEN_REVOKED, REVOKED_MESSAGE, headers={"WWW-Authenticate": "Bearer"}
        )


def acquire_push_lease(
    database: Database, device_id: str, seconds: int, versions: ClientVersions | None
) -> str | None:
    """Take the device's push lease; None when another push of this device holds it,
    401 TOKEN_REVOKED when the device was revoked.

    Taken and given back without waiting for the disk (``durable=False``): after a power
    cut it may be lost (nobody holds it then) or still held until it expires.
    """
    now = utcnow()
    lease = new_id()
    values: dict[str, object] = {
        "push_lease_token": lease,
        "push_lease_until": now + timedelta(seconds=seconds),
        "last_seen_at": now,
    }
    if versions is not None:
        values |= {"last_app_version": versions.app, "last_schema_version": versions.schema}
    with database.write(durable=False) as s:
        taken = s.execute(
            update(Device)
            .where(
                Device.id == device_id,
                Device.revoked_at.is_(None),
                or_(Device.push_lease_until.is_(None), Device.push_lease_until < now),
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return lease
        refuse_if_revoked(s, device_id)
        return None


def release_push_lease(database: Database, device_id: str, lease: str) -> None:
    with database.write(durable=False) as s:
        give_back_push_lease(s, device_id, lease)


def give_back_push_lease(s: Session, device_id: str, lease: str) -> None:
    """Release the lease in the caller's transaction (the push's own, when it commits)."""
    s.execute(
        update(Device)
        .where(Device.id == device_id, Device.push_lease_token == lease)
        .values(push_lease_token=None, push_lease_until=None)
        .execution_options(synchronize_session=False)
    )


SEEN_EVERY = timedelta(minutes=5)


def touch_device(database: Database, principal: Principal, versions: ClientVersions | None) -> None:
    """Note when a device was last seen (for IT), at most every few minutes per device."""
    now = utcnow()
    if principal.last_seen_at is not None and now - principal.last_seen_at < SEEN_EVERY:
        return
    values: dict[str, object] = {"last_seen_at": now}
    if versions is not None:
        values |= {"last_app_version": versions.app, "last_schema_version": versions.schema}
    with database.write(durable=False) as s:
        s.execute(
            update(Device)
            .where(Device.id == principal.device_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
