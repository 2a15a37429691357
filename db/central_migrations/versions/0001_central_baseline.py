"""Central baseline: the whole central schema of the first release.

Revision ID: 0001_central_baseline
Revises:
Create Date: 2026-11-26 03:35:32.428646
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001_central_baseline"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("store_code", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("kind", "entity_id", name=op.f("pk_feed")),
        sa.UniqueConstraint("seq", name=op.f("uq_feed_seq")),
    )
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.create_index("ix_feed_store_seq", ["store_code", "seq"], unique=False)

    op.create_table(
        "feed_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_counter")),
    )
    op.create_table(
        "photo_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_photo_blob")),
    )
    op.create_table(
        "policy",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy")),
    )
    op.create_table(
        "server_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_server_meta")),
    )
    op.create_table(
        "store",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_store")),
    )
    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_region"), ["region"], unique=False)

    op.create_table(
        "sync_operation",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("store_code", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("operation", sa.String(length=30), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_sync_operation")),
    )
    with op.batch_alter_table("sync_operation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sync_operation_device_id"), ["device_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sync_operation_entity_id"), ["entity_id"], unique=False
        )

    op.create_table(
        "device",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("store_code", sa.String(length=16), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("last_app_version", sa.String(length=40), nullable=False),
        sa.Column("last_schema_version", sa.String(length=40), nullable=False),
        sa.Column("push_lease_token", sa.String(length=36), nullable=True),
        sa.Column("push_lease_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_code"], ["store.code"], name=op.f("fk_device_store_code_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_device_token_hash")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_store_code"), ["store_code"], unique=False)

    op.create_table(
        "enrolment_code",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("store_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_code"], ["store.code"], name=op.f("fk_enrolment_code_store_code_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_enrolment_code_code_hash")),
    )
    with op.batch_alter_table("enrolment_code", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrolment_code_store_code"), ["store_code"], unique=False
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
        sa.Column("updated_at", sa.DateTime(), nullable=False),
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
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
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
        sa.Column("order_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        sa.Column("identity_status", sa.String(length=20), nullable=False),
        sa.Column("reason_category", sa.String(length=30), nullable=False),
        sa.Column("resolution", sa.String(length=30), nullable=False),
        sa.Column("refund_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_order.id"], name=op.f("fk_return_case_order_id_sales_order")
        ),
        sa.ForeignKeyConstraint(
            ["store_code"], ["store.code"], name=op.f("fk_return_case_store_code_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_case")),
    )
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_case_case_no"), ["case_no"], unique=False)
        batch_op.create_index(batch_op.f("ix_return_case_order_id"), ["order_id"], unique=False)
        batch_op.create_index(
            "ix_return_case_store_received", ["store_code", "received_at"], unique=False
        )

    op.create_table(
        "annotation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("author_device_id", sa.String(length=36), nullable=False),
        sa.Column("author_name", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["return_case.id"], name=op.f("fk_annotation_case_id_return_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation")),
    )
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_annotation_case_id"), ["case_id"], unique=False)

    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["return_case.id"], name=op.f("fk_audit_event_case_id_return_case")
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
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False),
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

    # The feed counter starts at 0; the epoch names this database's feed, so a cursor
    # from another database (or from before a restore) is recognised as foreign.
    op.bulk_insert(
        sa.table("feed_counter", sa.column("id", sa.Integer), sa.column("last_seq", sa.BigInteger)),
        [{"id": 1, "last_seq": 0}],
    )
    op.bulk_insert(
        sa.table("server_meta", sa.column("key", sa.String), sa.column("value", sa.String)),
        [{"key": "feed_epoch", "value": uuid.uuid4().hex[:12]}],
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
    with op.batch_alter_table("annotation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annotation_case_id"))

    op.drop_table("annotation")
    with op.batch_alter_table("return_case", schema=None) as batch_op:
        batch_op.drop_index("ix_return_case_store_received")
        batch_op.drop_index(batch_op.f("ix_return_case_order_id"))
        batch_op.drop_index(batch_op.f("ix_return_case_case_no"))

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
    with op.batch_alter_table("enrolment_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_code_store_code"))

    op.drop_table("enrolment_code")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_store_code"))

    op.drop_table("device")
    with op.batch_alter_table("sync_operation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_operation_entity_id"))
        batch_op.drop_index(batch_op.f("ix_sync_operation_device_id"))

    op.drop_table("sync_operation")
    with op.batch_alter_table("store", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_region"))

    op.drop_table("store")
    op.drop_table("server_meta")
    op.drop_table("policy")
    op.drop_table("photo_blob")
    op.drop_table("feed_counter")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_store_seq")

    op.drop_table("feed")
