"""Known errors: things staff can fix, told in plain words (never a traceback).

Anything else that escapes a service is a bug: it is logged with context and
staff see a generic message, while the draft stays saved.
"""

from __future__ import annotations


class UserError(Exception):
    """An error caused by input or circumstances, with a message for staff.

    ``field`` names the input the message belongs next to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(UserError):
    pass


class CaseIsFinal(UserError):
    """A finalised case is a record: it cannot be changed any more."""


class PhotoRejected(UserError):
    """A photo file that cannot be used (unreadable, not an image, too big…)."""
