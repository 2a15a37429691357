"""baseline

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-26 03:02:25.482254
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "outbox",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("operation", sa.String(length=30), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_status"), ["status"], unique=False)

    op.create_table(
        "store",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_store")),
    )
    op.create_table(
        "case_number_counter",
        sa.Column("store_code", sa.String(length=16), nullable=False),
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last_no", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_code"], ["store.code"], name=op.f("fk_case_number_counter_store_code_store")
        ),
        sa.PrimaryKeyConstraint("store_code", "day", name=op.f("pk_case_number_counter")),
    )
    op.create_table(
        "sales_order",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_no", sa.String(length=40), nullable=False),
        sa.Column("store_code", sa.String(length=16), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("customer_name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("payment_method", sa.String(length=20), nullable=False),
        sa.Column("ordered_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_code"], ["store.code"], name=op.f("fk_sales_order_store_code_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sales_order")),
        sa.UniqueConstraint("order_no", name=op.f("uq_sales_order_order_no")),
    )
    with op.batch_alter_table("sales_order", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sales_order_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sales_order_ordered_at"), ["ordered_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sales_order_store_code"), ["store_code"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("store_code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("pin_hash", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_code"], ["store.code"], name=op.f("fk_staff_store_code_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_store_code"), ["store_code"], unique=False)

    op.create_table(
        "order_line",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_order.id"], name=op.f("fk_order_line_order_id_sales_order")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_line")),
        sa.UniqueConstraint("order_id", "line_no", name=op.f("uq_order_line_order_id")),
    )
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_line_order_id"), ["order_id"], unique=False)

    op.create_table(
        "return_case",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_no", sa.String(length=40), nullable=False),
        sa.Column("store_code", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("current_page", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("customer_words", sa.Text(), nullable=False),
        sa.Column("emotion", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        sa.Column("urgent_goods", sa.Boolean(), nullable=False),
        sa.Column("sla_minutes", sa.Integer(), nullable=False),
        sa.Column("first_response_due_at", sa.DateTime(), nullable=False),
        sa.Column("first_response_at", sa.DateTime(), nullable=True),
        sa.Column("requester_name", sa.String(length=100), nullable=False),
        sa.Column("is_proxy", sa.Boolean(), nullable=False),
        sa.Column("proxy_relationship", sa.String(length=100), nullable=False),
        sa.Column("order_no_entered", sa.String(length=60), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("claimed_orderer_name", sa.String(length=100), nullable=False),
        sa.Column("claimed_phone_last4", sa.String(length=4), nullable=False),
        sa.Column("identity_status", sa.String(length=20), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("reason_category", sa.String(length=30), nullable=False),
        sa.Column("stated_reason", sa.Text(), nullable=False),
        sa.Column("real_reason", sa.Text(), nullable=False),
        sa.Column("packaging_kept", sa.Boolean(), nullable=True),
        sa.Column("tags_intact", sa.Boolean(), nullable=True),
        sa.Column("seal_intact", sa.Boolean(), nullable=True),
        sa.Column("signs_of_use", sa.Boolean(), nullable=True),
        sa.Column("condition_notes", sa.Text(), nullable=False),
        sa.Column("resolution", sa.String(length=30), nullable=False),
        sa.Column("refund_cents", sa.Integer(), nullable=False),
        sa.Column("refund_method", sa.String(length=30), nullable=False),
        sa.Column("resolution_notes", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_order.id"], name=op.f("fk_return_case_order_id_sales_order")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_return_case_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["store_code"], ["store.code"], name=op.f("fk_return_case_store_code_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_case")),
        sa.UniqueConstraint("case_no", name=op.f("uq_return_case_case_no")),
    )
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_case_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_return_case_store_code"), ["store_code"], unique=False)

    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["return_case.id"], name=op.f("fk_audit_event_case_id_return_case")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_audit_event_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("case_id", "seq", name=op.f("uq_audit_event_case_id")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_photo",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("original_name", sa.String(length=260), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["return_case.id"], name=op.f("fk_case_photo_case_id_return_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_photo")),
        sa.UniqueConstraint("case_id", "sha256", name=op.f("uq_case_photo_case_id")),
    )
    with op.batch_alter_table("case_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_photo_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_photo_sha256"), ["sha256"], unique=False)

    op.create_table(
        "returned_item",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("order_line_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["return_case.id"], name=op.f("fk_returned_item_case_id_return_case")
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_line.id"],
            name=op.f("fk_returned_item_order_line_id_order_line"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returned_item")),
        sa.UniqueConstraint("case_id", "order_line_id", name=op.f("uq_returned_item_case_id")),
    )
    with op.batch_alter_table("returned_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_returned_item_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_returned_item_order_line_id"), ["order_line_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("returned_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_returned_item_order_line_id"))
        batch_op.drop_index(batch_op.f("ix_returned_item_case_id"))

    op.drop_table("returned_item")
    with op.batch_alter_table("case_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_photo_sha256"))
        batch_op.drop_index(batch_op.f("ix_case_photo_case_id"))

    op.drop_table("case_photo")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_case_id"))

    op.drop_table("audit_event")
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_case_store_code"))
        batch_op.drop_index(batch_op.f("ix_return_case_status"))

    op.drop_table("return_case")
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_line_order_id"))

    op.drop_table("order_line")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_store_code"))

    op.drop_table("staff")
    with op.batch_alter_table("sales_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sales_order_store_code"))
        batch_op.drop_index(batch_op.f("ix_sales_order_ordered_at"))
        batch_op.drop_index(batch_op.f("ix_sales_order_customer_id"))

    op.drop_table("sales_order")
    op.drop_table("case_number_counter")
    op.drop_table("store")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_status"))
        batch_op.drop_index(batch_op.f("ix_outbox_entity_id"))

    op.drop_table("outbox")
