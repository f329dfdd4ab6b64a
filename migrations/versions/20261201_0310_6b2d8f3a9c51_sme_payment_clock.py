"""SME payment clock: the vendor's 划分行业, the contract's agreed SME payment days and acceptance
period end, the milestone's delivery day

Revision ID: 6b2d8f3a9c51
Revises: 29ab214ab009
Create Date: 2026-12-01 03:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "6b2d8f3a9c51"
down_revision = "29ab214ab009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sme_industry", sa.String(length=100), nullable=True))
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sme_payment_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("acceptance_period_end_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_contracts_sme_days_in_range"), "sme_payment_days IS NULL OR sme_payment_days BETWEEN 1 AND 60"
        )
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivered_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.drop_column("delivered_on")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_contracts_sme_days_in_range"), type_="check")
        batch_op.drop_column("acceptance_period_end_on")
        batch_op.drop_column("sme_payment_days")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("sme_industry")
