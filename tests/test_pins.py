"""Staff PIN hashing: round trip, wrong and malformed input, salts, PIN format."""

from __future__ import annotations

import base64
import re
import time

import pytest

from core.pins import (
    SCRYPT_N,
    hash_pin,
    is_valid_pin,
    needs_rehash,
    verify_pin,
)

FORMAT = re.compile(r"scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)")


@pytest.fixture(scope="module")
def encoded() -> str:
    return hash_pin("2468")


def test_format(encoded: str) -> None:
    m = FORMAT.fullmatch(encoded)
    assert m is not None
    assert (int(m[1]), int(m[2]), int(m[3])) == (SCRYPT_N, 8, 1)
    assert len(base64.b64decode(m[4])) == 16
    assert len(base64.b64decode(m[5])) == 32


def test_verify_ok_and_wrong(encoded: str) -> None:
    assert verify_pin("2468", encoded)
    assert not verify_pin("2469", encoded)
    assert not verify_pin("", encoded)
    assert not verify_pin("24680", encoded)


def test_same_pin_different_salts(encoded: str) -> None:
    other = hash_pin("2468")
    assert other != encoded
    assert other.split("$")[4] != encoded.split("$")[4]
    assert verify_pin("2468", other)


def test_cheap_cost_still_verifies() -> None:
    cheap = hash_pin("1111", n=2**10)
    assert cheap.startswith("scrypt$1024$8$1$")
    assert verify_pin("1111", cheap)
    assert not verify_pin("9999", cheap)
    assert needs_rehash(cheap)


def test_needs_rehash(encoded: str) -> None:
    assert not needs_rehash(encoded)
    assert needs_rehash("garbage")


def test_hash_pin_rejects_bad_params() -> None:
    with pytest.raises(ValueError):
        hash_pin("1234", n=1000)
    with pytest.raises(ValueError):
        hash_pin("1234", n=2**24)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "scrypt",
        "scrypt$",
        "scrypt$16384$8$1$",
        "scrypt$16384$8$1$AAAA",
        "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$abc$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$-16$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$0$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
        "scrypt$16384$8$1$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$x",
        "scrypt$１６３８４$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    ],
)
def test_malformed_is_false_never_raises(bad: str) -> None:
    assert verify_pin("1234", bad) is False


def test_non_strings_are_false(encoded: str) -> None:
    assert verify_pin("2468", None) is False
    assert verify_pin(None, encoded) is False  # type: ignore[arg-type]
    assert verify_pin("2468", b"scrypt$1") is False  # type: ignore[arg-type]


def test_tampered_huge_cost_is_refused_quickly() -> None:
    # A row edited to ask for gigabytes of memory must not hang the sign-in.
    salt = base64.b64encode(b"\0" * 16).decode()
    digest = base64.b64encode(b"\0" * 32).decode()
    start = time.perf_counter()
    assert not verify_pin("1234", f"scrypt${2**30}$8$1${salt}${digest}")
    assert not verify_pin("1234", f"scrypt$16384$8$100000${salt}${digest}")
    assert time.perf_counter() - start < 0.5


def test_default_cost_is_noticeable_but_quick() -> None:
    start = time.perf_counter()
    hash_pin("1234")
    elapsed = time.perf_counter() - start
    assert 0.01 < elapsed < 1.0


@pytest.mark.parametrize("pin", ["1234", "0000", "12345678", "0077"])
def test_valid_pins(pin: str) -> None:
    assert is_valid_pin(pin)


@pytest.mark.parametrize(
    "pin", ["", "123", "123456789", "12a4", "１２３４", " 1234", "1234 ", "1234\n", "12.4", "٤٤٤٤"]
)
def test_invalid_pins(pin: str) -> None:
    assert not is_valid_pin(pin)
