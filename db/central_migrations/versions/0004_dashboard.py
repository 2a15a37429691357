"""Dashboard at scale: the goodwill value as a fact column, one covering index.

The dashboard read each goodwill case's JSON payload for its goodwill value and scanned
the table rows (payload and all) for its counts: seconds over a region of 400k cases. The
value becomes a column computed once (db/case_facts.py, as push does), and one index holds
every column the dashboard's grouped pass reads, store first: the region's cases are read
from the index alone. Its first three columns (store, reason, resolution) also answer the
review options (the reasons and resolutions a region's cases use) in a few lookups per store.

Backfill: only cases whose payload holds a non-zero number can have a value other than the
default 0; the database finds those (one pass over the payloads, no rewrite of the others)
and Python computes their value with the same function push uses.

Revision ID: 0004_dashboard
Revises: 0003_case_facts
Create Date: 2026-11-29 09:00:00.000000
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

from db.case_facts import facts

revision = "0004_dashboard"
down_revision = "0003_case_facts"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

BATCH = 2000
INDEX = "ix_return_case_dashboard"
INDEX_COLUMNS = [
    "store_code",
    "reason_category",
    "resolution",
    "finalised_at",
    "refund_cents",
    "identity_status",
    "goodwill",
    "sla_breached",
    "outside_policy",
    "goodwill_cents",
    "id",
]
# Cases whose payload may give a goodwill value other than 0 (facts() decides).
CANDIDATES = {
    "postgresql": (
        "SELECT id FROM return_case "
        "WHERE jsonb_typeof(payload #> '{case,goodwill_cents}') = 'number' "
        "AND (payload #>> '{case,goodwill_cents}')::numeric <> 0"
    ),
    "sqlite": (
        "SELECT id FROM return_case "
        "WHERE json_type(payload, '$.case.goodwill_cents') IN ('integer', 'real') "
        "AND json_extract(payload, '$.case.goodwill_cents') <> 0"
    ),
}


def _backfill(conn: sa.Connection) -> int:
    update = sa.text("UPDATE return_case SET goodwill_cents = :value WHERE id = :case_id")
    read = sa.text("SELECT id, payload FROM return_case WHERE id IN :ids").bindparams(
        sa.bindparam("ids", expanding=True)
    )
    ids = list(conn.scalars(sa.text(CANDIDATES[conn.dialect.name])))
    done = 0
    for start in range(0, len(ids), BATCH):
        rows = conn.execute(read, {"ids": ids[start : start + BATCH]})
        # PostgreSQL hands JSONB over parsed, SQLite as text: facts() takes either.
        values = [{"case_id": i, "value": facts(p)["goodwill_cents"]} for i, p in rows]
        values = [v for v in values if v["value"] != 0]
        if values:
            conn.execute(update, values)
        done += len(values)
    return done


def upgrade() -> None:
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    # A plain ALTER (no table copy); with a constant default it is instant on both.
    op.add_column(
        "return_case",
        sa.Column("goodwill_cents", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    log.info("0004: goodwill values of %d cases stored", _backfill(conn))
    op.create_index(INDEX, "return_case", INDEX_COLUMNS)
    # The planners learn the new index (on SQLite only that index is sampled: seconds).
    conn.execute(sa.text("ANALYZE return_case" if postgres else f"ANALYZE {INDEX}"))


def downgrade() -> None:
    op.drop_index(INDEX, "return_case")
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.drop_column("goodwill_cents")
