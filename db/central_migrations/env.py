"""Alembic environment of the central schema: the connection is handed in by the server."""

from __future__ import annotations

from alembic import context

from db.central import CentralBase

VERSION_TABLE = "central_alembic_version"

config = context.config
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=CentralBase.metadata,
    # Its own version table: a server pointed at a counter's database by mistake finds
    # no revision of ours there instead of mistaking the counter's for its own.
    version_table=VERSION_TABLE,
    render_as_batch=True,  # SQLite cannot ALTER most things in place
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
