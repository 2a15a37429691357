"""Review: a verdict on leads' annotations; an index for the review list's default order.

Revision ID: 0002_review_verdict
Revises: 0001_central_baseline
Create Date: 2026-11-27 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_review_verdict"
down_revision = "0001_central_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        # Existing notes had no verdict: "" (a plain note), never a guessed one.
        batch_op.add_column(
            sa.Column("verdict", sa.String(length=20), server_default="", nullable=False)
        )
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.create_index(
            "ix_return_case_store_finalised", ["store_code", "finalised_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.drop_index("ix_return_case_store_finalised")
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        batch_op.drop_column("verdict")
