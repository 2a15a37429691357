"""staff lockout, approvals, customer language, goodwill

Revision ID: 0002_approvals
Revises: 0001_baseline
Create Date: 2026-11-26 03:31:16.840287
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_approvals"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approvals", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(
            sa.Column(
                "customer_language", sa.String(length=10), server_default="zh_CN", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("goodwill_cents", sa.Integer(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_pin_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_pin_attempts")

    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.drop_column("goodwill_cents")
        batch_op.drop_column("customer_language")
        batch_op.drop_column("approvals")
