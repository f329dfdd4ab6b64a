"""Jobs: attempts and the worker (host:pid), so a job whose worker died is queued again.

Revision ID: c3d8e5f1a2b7
Revises: c8f4a1d6e2b9
"""

import sqlalchemy as sa
from alembic import op

revision = "c3d8e5f1a2b7"
down_revision = "c8f4a1d6e2b9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("worker", sa.String(length=255), nullable=True))


def downgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("worker")
        batch.drop_column("attempts")
