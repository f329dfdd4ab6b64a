"""A contract line's explicit end (a renewal cuts it at the chain's 3-year limit) and the reason
recorded when the officer keeps it past the limit

Revision ID: e3d7a1c95b28
Revises: 7c3e9a4b0d62
Create Date: 2026-12-01 04:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e3d7a1c95b28"
down_revision = "7c3e9a4b0d62"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("line_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("end_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("past_limit_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("line_items", schema=None) as batch_op:
        batch_op.drop_column("past_limit_reason")
        batch_op.drop_column("end_on")
