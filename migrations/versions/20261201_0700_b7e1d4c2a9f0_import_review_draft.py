"""the import review's draft: the form as last submitted when it could not be saved

Revision ID: b7e1d4c2a9f0
Revises: 4a7c2e9d1b36
Create Date: 2026-12-01 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e1d4c2a9f0"
down_revision = "4a7c2e9d1b36"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("draft_saved_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("import_records", schema=None) as batch_op:
        batch_op.drop_column("draft_saved_at")
        batch_op.drop_column("draft")
