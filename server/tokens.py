"""Bearer tokens and one-time enrolment codes: made here, stored only as hashes."""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_PREFIX = "rdt_"
# No 0/O, 1/I/L, U: codes are read aloud over the phone and typed at the counter.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 12  # 30**12 ≈ 2**59: not guessable within a code's lifetime


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_enrolment_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """Upper case without spaces or dashes, so "abcd efgh-jkmn" matches ABCD-EFGH-JKMN."""
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def code_hash(code: str) -> str:
    return hashlib.sha256(("enrol:" + normalise_code(code)).encode("ascii", "replace")).hexdigest()
