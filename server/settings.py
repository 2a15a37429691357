"""Server settings: where data lives, which database, and the limits that protect it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from server.database import default_sqlite_url
from server.signal_rules import SignalRules

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # JSON requests (a push batch of 100 cases is ~0.3 MB; 4 MiB leaves room for long texts).
    max_request_bytes: int = 4 * MiB
    max_batch_ops: int = 100
    # A token found valid is believed this long without asking the database again (0: ask
    # every time). Revocation still stops every write at once (each checks again); reads
    # stop within this time.
    token_cache_seconds: float = 5.0
    # The counter re-encodes photos to ~0.3-1 MB JPEGs; anything far bigger is not ours.
    max_photo_bytes: int = 15 * MiB
    max_hashes_per_query: int = 1000
    max_case_ids_per_check: int = 5000
    # Requests handled at once per process; the rest wait queue_wait_seconds, then get 429.
    # Below anyio's 40 worker threads, so health checks still find a thread under overload.
    max_concurrency: int = 32
    queue_wait_seconds: float = 0.5
    retry_after_seconds: int = 2
    pull_page_default: int = 500
    pull_page_max: int = 1000
    # A push holds its device's lease at most this long (a crashed process frees it then).
    push_lease_seconds: int = 120
    # A body that stops moving for this long is dropped (a stalled upload would otherwise
    # hold a concurrency slot for ever); slow but moving uploads are fine.
    stall_seconds: float = 30.0
    # An export reads the matching cases this many at a time (keyset, one short
    # transaction each), so 100k rows never sit in memory at once.
    export_chunk_rows: int = 1000


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str | None = None  # None: the embedded SQLite file in data_dir
    limits: Limits = field(default_factory=Limits)
    signals: SignalRules = field(default_factory=SignalRules)  # server/signal_rules.py

    @property
    def url(self) -> str:
        return self.database_url or default_sqlite_url(self.data_dir)

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"
