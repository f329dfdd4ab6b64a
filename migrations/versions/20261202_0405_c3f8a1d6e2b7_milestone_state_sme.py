"""milestone_states keep the contract's own due date and an SME vendor's statutory clock beside the due date,
so the finance overview shows its rows (the due basis of an SME payment included) from the states alone.

Contracts on file: where the vendor is not an SME, the due date is the contract's own (no statute weighs
against it), so the new columns are filled in place. The states of SME vendors' contracts are removed here and
computed again at the end of the upgrade, at head, by migrations/env.py (fill_missing_milestone_states), with
the application's rules: the states are derived data (retention.EXEMPT_TABLES).

Revision ID: c3f8a1d6e2b7
Revises: a9cee11e6165
Create Date: 2026-12-02 04:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c3f8a1d6e2b7"
down_revision = "a9cee11e6165"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("milestone_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contract_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("due_basis", sa.String(length=10), nullable=False, server_default="contract"))
        batch_op.add_column(sa.Column("sme_basis", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("sme_starts_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("sme_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sme_due_on", sa.Date(), nullable=True))
    with op.batch_alter_table("milestone_states", schema=None) as batch_op:
        batch_op.alter_column("due_basis", server_default=None)
    op.execute("UPDATE milestone_states SET contract_due_on = due_on")
    op.get_bind().execute(
        sa.text(
            "DELETE FROM milestone_states WHERE contract_id IN"
            " (SELECT contracts.id FROM contracts JOIN organisations ON organisations.id = contracts.vendor_id"
            "  WHERE organisations.is_sme = :sme)"
        ),
        {"sme": True},
    )


def downgrade():
    with op.batch_alter_table("milestone_states", schema=None) as batch_op:
        batch_op.drop_column("sme_due_on")
        batch_op.drop_column("sme_days")
        batch_op.drop_column("sme_starts_on")
        batch_op.drop_column("sme_basis")
        batch_op.drop_column("due_basis")
        batch_op.drop_column("contract_due_on")
