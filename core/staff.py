"""Staff sign-in with a PIN (offline), lock-out after repeated wrong PINs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import NotFound, UserError
from core.pins import verify_pin
from db.models import Staff

translate = QCoreApplication.translate

MAX_PIN_ATTEMPTS = 5
LOCK_MINUTES = 15
ROLES = ("clerk", "supervisor")


class WrongPin(UserError):
    def __init__(self, message: str, attempts_left: int) -> None:
        super().__init__(message, field="pin")
        self.attempts_left = attempts_left


class AccountLocked(UserError):
    def __init__(self, message: str, until: datetime) -> None:
        super().__init__(message, field="pin")
        self.until = until


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str
    role: str
    store_code: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


def _member(s: Staff) -> StaffMember:
    return StaffMember(id=s.id, name=s.name, role=s.role, store_code=s.store_code)


def check_pin(staff: Staff, pin: str, now: datetime) -> None:
    """Verify a PIN against a staff row in the caller's transaction, counting failures.

    The caller commits, so a failed attempt is counted even though an error is
    raised: catch it, commit, re-raise (see StaffService.sign_in).
    """
    if staff.locked_until is not None and staff.locked_until > now:
        minutes = int((staff.locked_until - now).total_seconds() // 60) + 1
        raise AccountLocked(
            translate(
                "StaffService",
                "Too many wrong PINs: {0}'s account is locked for {1} more minute(s).",
            ).format(staff.name, minutes),
            staff.locked_until,
        )
    if verify_pin(pin, staff.pin_hash):
        staff.failed_pin_attempts = 0
        staff.locked_until = None
        return
    staff.failed_pin_attempts += 1
    left = MAX_PIN_ATTEMPTS - staff.failed_pin_attempts
    if left <= 0:
        staff.failed_pin_attempts = 0
        staff.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        raise AccountLocked(
            translate(
                "StaffService", "Wrong PIN {0} times: the account is locked for {1} minutes."
            ).format(MAX_PIN_ATTEMPTS, LOCK_MINUTES),
            staff.locked_until,
        )
    raise WrongPin(
        translate(
            "StaffService", "Wrong PIN. {0} attempt(s) left before the account locks."
        ).format(left),
        left,
    )


class StaffService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._now = clock

    def list_staff(self, store_code: str) -> list[StaffMember]:
        with self._sessions() as s:
            rows = s.scalars(
                select(Staff)
                .where(Staff.store_code == store_code, Staff.active.is_(True))
                .order_by(Staff.role, Staff.name)
            )
            return [_member(r) for r in rows]

    def sign_in(self, staff_id: str, pin: str) -> StaffMember:
        with self._sessions() as s:
            staff = s.get(Staff, staff_id)
            if staff is None or not staff.active:
                raise NotFound(translate("StaffService", "Choose who you are."), field="staff")
            try:
                check_pin(staff, pin, self._now())
            finally:
                s.commit()  # failed attempts count even when the PIN was wrong
            return _member(staff)
