"""Review at scale: the payload's facts as columns of return_case, and indexes for the list.

The review list (and the dashboard, signals and export built on its filters) asked each
case's JSON payload and audit events whether its SLA was breached, whether it was approved
outside policy or with goodwill, and looked for words in five JSON texts: over a region's
hundreds of thousands of cases that is seconds per page. The answers never change (a
received case is final), so they become columns computed once (db/case_facts.py, the
same function push uses), backfilled here for every case already stored, plus indexes for
the list's default order, its deep pages, the amount order within a reason, the flags, and
(on PostgreSQL, when the pg_trgm extension can be created) substring search.

Revision ID: 0003_case_facts
Revises: 0002_review_verdict
Create Date: 2026-11-28 09:00:00.000000
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

from db.case_facts import facts

revision = "0003_case_facts"
down_revision = "0002_review_verdict"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

BATCH = 2000
FACTS = ("sla_breached", "outside_policy", "goodwill", "search_text")
FLAG_INDEXES = ("sla_breached", "outside_policy", "goodwill")
TRGM_INDEX = "ix_return_case_search_trgm"


def _backfill(conn: sa.Connection) -> int:
    """Every stored case's facts, from its payload, in batches by id (constant memory)."""
    update = sa.text(
        "UPDATE return_case SET sla_breached = :sla_breached, outside_policy = :outside_policy, "
        "goodwill = :goodwill, search_text = :search_text WHERE id = :case_id"
    )
    read = sa.text("SELECT id, payload FROM return_case WHERE id > :last ORDER BY id LIMIT :n")
    last, done = "", 0
    while True:
        rows = conn.execute(read, {"last": last, "n": BATCH}).all()
        if not rows:
            return done
        # PostgreSQL hands JSONB over parsed, SQLite as text: facts() takes either.
        conn.execute(update, [{"case_id": case_id, **facts(payload)} for case_id, payload in rows])
        done += len(rows)
        last = rows[-1][0]
        if done % 100_000 < BATCH:
            log.info("0003: facts of %d cases computed", done)


def _trigram_index(conn: sa.Connection) -> None:
    """GIN trigram index for LIKE '%words%' (PostgreSQL); without pg_trgm, search scans."""
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as exc:
        log.warning("0003: no pg_trgm (%s); search works without its index", exc.orig)
        return
    conn.execute(
        sa.text(f"CREATE INDEX {TRGM_INDEX} ON return_case USING gin (search_text gin_trgm_ops)")
    )


def upgrade() -> None:
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    # Plain ALTERs, no batch: a table copy would cost minutes on a big SQLite database
    # (and its children's foreign keys forbid dropping it). NOT NULL with a default is
    # instant on PostgreSQL and needs no copy on SQLite.
    for name in FACTS[:3]:
        op.add_column(
            "return_case", sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.add_column(
        "return_case", sa.Column("search_text", sa.Text(), server_default="", nullable=False)
    )
    done = _backfill(conn)
    log.info("0003: facts of %d cases computed", done)
    op.create_index("ix_return_case_finalised", "return_case", ["finalised_at", "id", "store_code"])
    op.create_index(
        "ix_return_case_reason_refund",
        "return_case",
        ["reason_category", "refund_cents", "id", "store_code"],
    )
    for flag in FLAG_INDEXES:
        op.create_index(
            f"ix_return_case_{flag}",
            "return_case",
            ["finalised_at", "id", "store_code"],
            postgresql_where=sa.text(flag),
            sqlite_where=sa.text(f"{flag} = 1"),
        )
    op.create_index(
        "ix_return_case_identity_override",
        "return_case",
        ["finalised_at", "id", "store_code"],
        postgresql_where=sa.text("identity_status = 'overridden'"),
        sqlite_where=sa.text("identity_status = 'overridden'"),
    )
    if postgres:
        _trigram_index(conn)
    # The planners learn the new columns and indexes (SQLite has no statistics otherwise,
    # and without them it neither uses the partial indexes nor the newest-first one).
    conn.execute(sa.text("ANALYZE return_case" if postgres else "ANALYZE"))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {TRGM_INDEX}"))
    op.drop_index("ix_return_case_identity_override", "return_case")
    for flag in reversed(FLAG_INDEXES):
        op.drop_index(f"ix_return_case_{flag}", "return_case")
    op.drop_index("ix_return_case_reason_refund", "return_case")
    op.drop_index("ix_return_case_finalised", "return_case")
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        for name in reversed(FACTS):
            batch_op.drop_column(name)
