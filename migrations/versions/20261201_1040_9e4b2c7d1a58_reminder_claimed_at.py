"""reminders.claimed_at: when a run took the reminder to send, so a row left "sending" by a crashed run is
taken over by a later run once it is older than services.reminders.STALE_SENDING

Revision ID: 9e4b2c7d1a58
Revises: d5a9c3e7f214
Create Date: 2026-12-01 10:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "9e4b2c7d1a58"
down_revision = "d5a9c3e7f214"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE reminders SET claimed_at = created_at")


def downgrade():
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
