"""The lot (包 / 标段) each tender item belongs to, for a tender in lots

Revision ID: d5a9c3e7f214
Revises: e4a9b2c7d1f3
Create Date: 2026-12-01 10:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d5a9c3e7f214"
down_revision = "e4a9b2c7d1f3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tender_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tender_lot_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_tender_items_tender_lot_id"), ["tender_lot_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_tender_items_tender_lot_id_tender_lots"), "tender_lots", ["tender_lot_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("tender_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_tender_items_tender_lot_id_tender_lots"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_tender_items_tender_lot_id"))
        batch_op.drop_column("tender_lot_id")
