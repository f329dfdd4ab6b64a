"""Jobs: the page images an upload was made of, and whether its pages are read by OCR.

Revision ID: e4a9c7b2d5f8
Revises: f1d2c3b4a5e6
"""

import sqlalchemy as sa
from alembic import op

revision = "e4a9c7b2d5f8"
down_revision = "f1d2c3b4a5e6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("page_files", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("reads_by_ocr", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("reads_by_ocr")
        batch.drop_column("page_files")
