"""users.must_change_password: after an administrator resets a password, the user chooses a new one at
the next sign-in, before any other page

Revision ID: 0789ed27b07e
Revises: 4a7c2e9d1f60
Create Date: 2026-12-01 06:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0789ed27b07e"
down_revision = "4a7c2e9d1f60"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
