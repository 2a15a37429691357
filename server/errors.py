"""Error codes and the one error body every endpoint answers with."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException

# Request-level codes (HTTP status in brackets); per-operation reasons live in server.push.
UNAUTHENTICATED = "UNAUTHENTICATED"  # 401: no bearer token
TOKEN_INVALID = "TOKEN_INVALID"  # 401: unknown token
TOKEN_REVOKED = "TOKEN_REVOKED"  # 401: the device was revoked; enrol again
FORBIDDEN = "FORBIDDEN"  # 403: this kind of token may not do that
ENROLMENT_CODE_INVALID = "ENROLMENT_CODE_INVALID"  # 403
ENROLMENT_CODE_USED = "ENROLMENT_CODE_USED"  # 403
ENROLMENT_CODE_EXPIRED = "ENROLMENT_CODE_EXPIRED"  # 403
VERSION_HEADERS_MISSING = "VERSION_HEADERS_MISSING"  # 400
CLIENT_TOO_OLD = "CLIENT_TOO_OLD"  # 426
SERVER_TOO_OLD = "SERVER_TOO_OLD"  # 400
INVALID_REQUEST = "INVALID_REQUEST"  # 400/422: malformed JSON, wrong fields
INVALID_CURSOR = "INVALID_CURSOR"  # 400
MUST_REFETCH = "MUST_REFETCH"  # 410: the cursor belongs to another feed; start again
NOT_FOUND = "NOT_FOUND"  # 404
CONFLICT = "CONFLICT"  # 409: same id, different content
PUSH_IN_PROGRESS = "PUSH_IN_PROGRESS"  # 409: another push of this device is running
REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"  # 413
REQUEST_STALLED = "REQUEST_STALLED"  # 408: no body bytes for too long
BATCH_TOO_LARGE = "BATCH_TOO_LARGE"  # 413
PHOTO_TOO_LARGE = "PHOTO_TOO_LARGE"  # 413
HASH_MISMATCH = "HASH_MISMATCH"  # 422: the bytes do not hash to the name
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"  # 415
OVERLOADED = "OVERLOADED"  # 429, with Retry-After
UNAVAILABLE = "UNAVAILABLE"  # 503: the database is unreachable
INTERNAL = "INTERNAL"  # 500


class ApiError(HTTPException):
    """An answer with a stable machine code and a human message.

    Subclasses Starlette's HTTPException so FastAPI passes it through unchanged even
    when it is raised while the request body is being read.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, **self.extra)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}
