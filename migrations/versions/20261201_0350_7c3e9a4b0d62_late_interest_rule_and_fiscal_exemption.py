"""late-payment interest rule on the contract; the fiscal exemption's submission day and proof on the milestone

Revision ID: 7c3e9a4b0d62
Revises: e3b8d6a1c7f5
Create Date: 2026-12-01 03:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "7c3e9a4b0d62"
down_revision = "e3b8d6a1c7f5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "late_interest_rule",
                sa.Enum("lpr", "none", name="late_interest_rule", native_enum=False, create_constraint=True, length=32),
                nullable=False,
                server_default="lpr",
            )
        )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.alter_column("late_interest_rule", server_default=None)
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finance_submitted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("finance_submission_file_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_payment_milestones_finance_submission_file_id"), ["finance_submission_file_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_payment_milestones_finance_submission_file_id_stored_files"),
            "stored_files",
            ["finance_submission_file_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_payment_milestones_finance_submission_file_id_stored_files"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_payment_milestones_finance_submission_file_id"))
        batch_op.drop_column("finance_submission_file_id")
        batch_op.drop_column("finance_submitted_on")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        # the Enum's CHECK first, by the name the convention gave it: SQLite's batch copy would otherwise keep
        # a CHECK naming a column the new table no longer has ("no such column: late_interest_rule")
        batch_op.drop_constraint(op.f("ck_contracts_late_interest_rule"), type_="check")
        batch_op.drop_column("late_interest_rule")
