"""The contract a confirmed award notice (中标（成交）公告) recorded its date on

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
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applied_to_contract_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_import_records_applied_to_contract_id"), ["applied_to_contract_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_import_records_applied_to_contract_id_contracts"), "contracts", ["applied_to_contract_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_import_records_applied_to_contract_id_contracts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_import_records_applied_to_contract_id"))
        batch_op.drop_column("applied_to_contract_id")
