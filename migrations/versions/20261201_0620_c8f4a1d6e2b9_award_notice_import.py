"""The imported award notice (中标（成交）公告) that recorded a contract's award notice date

Revision ID: c8f4a1d6e2b9
Revises: b7e3d9a2c4f1
Create Date: 2026-12-01 06:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c8f4a1d6e2b9"
down_revision = "b7e3d9a2c4f1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("award_notice_import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_contracts_award_notice_import_id"), ["award_notice_import_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_contracts_award_notice_import_id_import_records"),
            "import_records",
            ["award_notice_import_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_contracts_award_notice_import_id_import_records"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_contracts_award_notice_import_id"))
        batch_op.drop_column("award_notice_import_id")
