"""The counter's local store: data dir layout, backup + migrate on open, demo seeding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.cases import CaseService
from core.changes import ChangeFeed
from core.policy import Policy, load_policy
from core.sync import SyncClient
from db.engine import make_engine, make_session_factory, sqlite_url
from db.migrate import backup_database, head_revision, upgrade
from db.models import Store

DB_NAME = "returndesk.sqlite3"


@dataclass
class CounterStore:
    data_dir: Path
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    def is_empty(self) -> bool:
        with self.sessions() as s:
            return not s.scalar(select(func.count()).select_from(Store))

    def close(self) -> None:
        self.engine.dispose()


def open_counter_store(data_dir: Path) -> CounterStore:
    """Open (creating if needed) the local database: back it up, then migrate it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / DB_NAME
    backup = backup_database(db_path, data_dir / "backups")
    engine = make_engine(sqlite_url(db_path))
    upgrade(engine)
    store = CounterStore(data_dir, engine, make_session_factory(engine), backup)
    store.photos_dir.mkdir(exist_ok=True)
    return store


def connect_existing(data_dir: Path) -> CounterStore:
    """Open the database as it is, for checks: no backup, no migration, no writes."""
    db_path = data_dir / DB_NAME
    if not db_path.is_file():
        raise FileNotFoundError(f"no ReturnDesk database at {db_path}")
    engine = make_engine(sqlite_url(db_path))
    return CounterStore(data_dir, engine, make_session_factory(engine), None)


def seed_demo_if_empty(store: CounterStore, now: datetime | None = None) -> bool:
    from core.demo import seed_demo

    if not store.is_empty():
        return False
    with store.sessions.begin() as s:
        seed_demo(s, now or datetime.now(UTC))
    return True


def app_version() -> str:
    try:
        return version("returndesk")
    except PackageNotFoundError:  # a frozen build without package metadata
        return "0.1.0"


def pulled_policy_path(store: CounterStore) -> Path:
    """Where a policy handed down by the centre is kept (checked before it is written)."""
    return store.data_dir / "policy.toml"


def make_sync_client(store: CounterStore, **options: Any) -> SyncClient:
    return SyncClient(
        store.sessions,
        store.photos_dir,
        app_version=app_version(),
        schema_version=head_revision(),
        policy_path=pulled_policy_path(store),
        **options,
    )


def make_case_service(
    store: CounterStore, policy: Policy | None = None, changes: ChangeFeed | None = None
) -> CaseService:
    return CaseService(store.sessions, store.photos_dir, policy or load_policy(), changes)
