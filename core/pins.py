"""Staff PIN hashing with scrypt (stdlib only): hash, verify, validate."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re

# Default cost: about 75 ms per hash on the reference machine (2 cores), so a
# stolen database cannot be brute-forced over the 10**4..10**8 PIN space
# cheaply, while a sign-in at the counter still feels instant.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
SCHEME = "scrypt"

# scrypt needs 128 * r * n bytes (plus a little); refuse stored parameters
# that would need more than this, so a tampered row cannot exhaust memory.
MAX_MEMORY = 64 * 1024 * 1024
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16

PIN_PATTERN = re.compile(r"[0-9]{4,8}")


def is_valid_pin(pin: str) -> bool:
    """True for 4 to 8 ASCII digits (nothing else: no spaces, no full-width digits)."""
    return isinstance(pin, str) and PIN_PATTERN.fullmatch(pin) is not None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=dklen
    )


def _check_params(n: int, r: int, p: int) -> None:
    if n < 2 or n > _MAX_N or n & (n - 1) != 0:
        raise ValueError("scrypt n must be a power of two between 2 and 2**20")
    if not 1 <= r <= _MAX_R or not 1 <= p <= _MAX_P:
        raise ValueError("scrypt r or p out of range")
    if 128 * r * n + 1024 * r * p > MAX_MEMORY:
        raise ValueError("scrypt parameters need too much memory")


def hash_pin(pin: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """Hash a PIN with a fresh random salt: ``scrypt$n$r$p$<salt b64>$<hash b64>``.

    Lower ``n`` only for throw-away data (the demo database); ``needs_rehash``
    reports such hashes so a real sign-in can upgrade them.
    """
    _check_params(n, r, p)
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(pin, salt, n, r, p, HASH_BYTES)
    return f"{SCHEME}${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _parse(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    """Split an encoded hash; raises ValueError (or TypeError) when malformed."""
    scheme, n_s, r_s, p_s, salt_s, hash_s = encoded.split("$")
    if scheme != SCHEME or not all(s.isascii() and s.isdigit() for s in (n_s, r_s, p_s)):
        raise ValueError("not an scrypt PIN hash")
    n, r, p = int(n_s), int(r_s), int(p_s)
    _check_params(n, r, p)
    salt = base64.b64decode(salt_s, validate=True)
    digest = base64.b64decode(hash_s, validate=True)
    if not salt or not 16 <= len(digest) <= 64:
        raise ValueError("bad salt or hash length")
    return n, r, p, salt, digest


def verify_pin(pin: str, encoded: str | None) -> bool:
    """True if ``pin`` matches ``encoded``; False for a wrong PIN or any malformed input."""
    if not isinstance(pin, str) or not isinstance(encoded, str):
        return False
    try:
        n, r, p, salt, expected = _parse(encoded)
        actual = _scrypt(pin, salt, n, r, p, len(expected))
    except (ValueError, TypeError, binascii.Error, MemoryError, UnicodeError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_rehash(encoded: str) -> bool:
    """True if ``encoded`` is malformed or weaker than the current default cost."""
    try:
        n, r, p, _salt, _digest = _parse(encoded)
    except (ValueError, TypeError, binascii.Error, AttributeError):
        return True
    return n < SCRYPT_N or r < SCRYPT_R or p < SCRYPT_P
