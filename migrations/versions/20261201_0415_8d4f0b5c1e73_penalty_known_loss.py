"""the loss a penalty compensates, recorded when it is confirmed (民法典 第五百八十五条)

Revision ID: 8d4f0b5c1e73
Revises: e3d7a1c95b28
Create Date: 2026-12-01 04:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "8d4f0b5c1e73"
down_revision = "e3d7a1c95b28"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("penalties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("known_loss_amount", sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_penalties_loss_not_negative"), "known_loss_amount IS NULL OR known_loss_amount >= 0"
        )


def downgrade():
    with op.batch_alter_table("penalties", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_penalties_loss_not_negative"), type_="check")
        batch_op.drop_column("known_loss_amount")
