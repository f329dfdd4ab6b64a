"""Jobs: finance's overview workbook as a job (kind export: its parameters and its stored file)

Revision ID: e4a9b2c7d1f3
Revises: e4a9c7b2d5f8
Create Date: 2026-12-01 10:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e4a9b2c7d1f3"
down_revision = "e4a9c7b2d5f8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint(op.f("ck_jobs_job_kind"), type_="check")
        batch.create_check_constraint("job_kind", sa.text("kind IN ('import', 'export')"))
        batch.alter_column("sha256", existing_type=sa.String(length=64), nullable=True)
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("stored_file_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_jobs_stored_file_id"), ["stored_file_id"])
        batch.create_foreign_key(batch.f("fk_jobs_stored_file_id_stored_files"), "stored_files", ["stored_file_id"], ["id"])


def downgrade():
    with op.batch_alter_table("jobs") as batch:
        batch.drop_constraint(batch.f("fk_jobs_stored_file_id_stored_files"), type_="foreignkey")
        batch.drop_index(batch.f("ix_jobs_stored_file_id"))
        batch.drop_column("stored_file_id")
        batch.drop_column("params")
        batch.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
        batch.drop_constraint(op.f("ck_jobs_job_kind"), type_="check")
        batch.create_check_constraint("job_kind", sa.text("kind = 'import'"))
