"""Ids the server makes (RFC 9562 UUIDv7, like the counter's) and the server's clock."""

from __future__ import annotations

from datetime import UTC, datetime

import uuid_utils


def new_id() -> str:
    return str(uuid_utils.uuid7())


def utcnow() -> datetime:
    return datetime.now(UTC)
