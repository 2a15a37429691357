"""Client-made record ids (RFC 9562 UUIDv7: time-ordered, unique per device)."""

from __future__ import annotations

import uuid_utils


def new_id() -> str:
    return str(uuid_utils.uuid7())
