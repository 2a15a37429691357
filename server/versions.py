"""Protocol, app and schema versions: what travels in headers and what this server speaks."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

PROTOCOL_HEADER = "X-ReturnDesk-Protocol"
APP_VERSION_HEADER = "X-ReturnDesk-App-Version"
SCHEMA_VERSION_HEADER = "X-ReturnDesk-Schema-Version"

# The protocol versions this server speaks. Raise MAX when adding a version; raise MIN
# only when no counter in the field speaks the old one any more.
PROTOCOL_MIN = 1
PROTOCOL_MAX = 1
WIRE_VERSIONS = (1,)  # db.wire.WIRE_VERSION values a push may carry

MAX_VERSION_TEXT = 40


def server_version() -> str:
    try:
        return metadata.version("returndesk")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


@dataclass(frozen=True)
class ClientVersions:
    protocol: int
    app: str
    schema: str
