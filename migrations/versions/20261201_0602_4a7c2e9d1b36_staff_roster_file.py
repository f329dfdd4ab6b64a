"""the Excel roster a staff assignment was imported from

Revision ID: 4a7c2e9d1b36
Revises: a4c7e2d9b315
Create Date: 2026-12-01 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "4a7c2e9d1b36"
down_revision = "a4c7e2d9b315"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff_assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roster_file_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_staff_assignments_roster_file_id"), ["roster_file_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_staff_assignments_roster_file_id_stored_files"), "stored_files", ["roster_file_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("staff_assignments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_staff_assignments_roster_file_id_stored_files"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_staff_assignments_roster_file_id"))
        batch_op.drop_column("roster_file_id")
