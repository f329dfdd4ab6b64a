"""A line's 序号 as printed (一, 1.2) and its parent's, so a hierarchical list keeps its hierarchy

Revision ID: a4c2e8f1b9d3
Revises: 0789ed27b07e
Create Date: 2026-12-01 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a4c2e8f1b9d3"
down_revision = "0789ed27b07e"
branch_labels = None
depends_on = None

TABLES = ("line_items", "tender_items")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("seq_label", sa.String(length=20), nullable=True))
            batch_op.add_column(sa.Column("parent_label", sa.String(length=20), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("parent_label")
            batch_op.drop_column("seq_label")
