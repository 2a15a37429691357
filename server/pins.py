"""Staff PIN hashes in the counter's format (scrypt$n$r$p$salt$hash, see core/pins.py)."""

from __future__ import annotations

import base64
import hashlib
import os
import re

# Same cost and layout as core.pins: the counter verifies these hashes offline with
# core.pins.verify_pin after pulling them, so the two must never drift apart
# (tests/test_server_admin.py checks one against the other).
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
MAX_MEMORY = 64 * 1024 * 1024

PIN_PATTERN = re.compile(r"[0-9]{4,8}")


def is_valid_pin(pin: str) -> bool:
    """4 to 8 ASCII digits, as the counter's sign-in accepts."""
    return PIN_PATTERN.fullmatch(pin) is not None


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(
        pin.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=MAX_MEMORY,
        dklen=HASH_BYTES,
    )
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"
