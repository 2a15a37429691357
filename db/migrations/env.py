"""Alembic environment: the engine is handed in by db.migrate."""

from __future__ import annotations

from alembic import context

from db.models import Base
from db.types import UTCDateTime


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations stay frozen: they name the plain storage type, not our decorator.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
        render_item=render_item,
    )
    context.run_migrations()
