"""The lots (包 / 标段) of a tender, and the lot a contract covers

Revision ID: b7e3d9a2c4f1
Revises: a4c2e8f1b9d3
Create Date: 2026-12-01 06:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e3d9a2c4f1"
down_revision = "a4c2e8f1b9d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tender_lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tender_id", sa.Integer(), nullable=False),
        sa.Column("lot_no", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("budget_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.CheckConstraint("budget_amount IS NULL OR budget_amount >= 0", name=op.f("ck_tender_lots_budget_not_negative")),
        sa.CheckConstraint("term_months IS NULL OR term_months > 0", name=op.f("ck_tender_lots_term_positive")),
        sa.CheckConstraint(
            "start_on IS NULL OR end_on IS NULL OR start_on <= end_on", name=op.f("ck_tender_lots_period_ordered")
        ),
        sa.ForeignKeyConstraint(["tender_id"], ["tenders.id"], name=op.f("fk_tender_lots_tender_id_tenders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tender_lots")),
        sa.UniqueConstraint("tender_id", "lot_no", name=op.f("uq_tender_lots_tender_id_lot_no")),
    )
    with op.batch_alter_table("tender_lots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tender_lots_tender_id"), ["tender_id"], unique=False)
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lot_no", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("lot_name", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_column("lot_name")
        batch_op.drop_column("lot_no")
    with op.batch_alter_table("tender_lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tender_lots_tender_id"))
    op.drop_table("tender_lots")
