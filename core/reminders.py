"""The "unanswered" reminder: every N minutes a consultation waits for a first response."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.drafts import QueueEntry


def due_reminders(
    entries: list[QueueEntry], now: datetime, every_minutes: int, shown: dict[str, int]
) -> list[QueueEntry]:
    """Consultations whose next reminder is due; updates ``shown`` (case id → rounds).

    A case reminds at 10, 20, 30 … minutes after it came in until someone
    answers it, so nothing is forgotten however busy the counter is.
    """
    due = []
    every = timedelta(minutes=every_minutes)
    for e in entries:
        if e.first_response_at is not None:
            shown.pop(e.id, None)
            continue
        rounds = int((now - e.created_at) / every)
        if rounds > shown.get(e.id, 0):
            shown[e.id] = rounds
            due.append(e)
    return due
