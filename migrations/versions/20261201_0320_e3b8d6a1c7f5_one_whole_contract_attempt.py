"""One attempt n per contract for whole-contract acceptance submissions: a partial unique index on
(contract_id, attempt) WHERE line_item_id IS NULL, which the unique (contract_id, line_item_id, attempt)
misses because NULLs are distinct. Two simultaneous resubmissions no longer make two "attempt 2" rows.

Revision ID: e3b8d6a1c7f5
Revises: 6b2d8f3a9c51
Create Date: 2026-12-01 03:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e3b8d6a1c7f5"
down_revision = "6b2d8f3a9c51"
branch_labels = None
depends_on = None

WHOLE_CONTRACT = sa.text("line_item_id IS NULL")


def upgrade():
    op.create_index(
        "uq_acceptance_submissions_contract_attempt",
        "acceptance_submissions",
        ["contract_id", "attempt"],
        unique=True,
        sqlite_where=WHOLE_CONTRACT,
        postgresql_where=WHOLE_CONTRACT,
    )


def downgrade():
    op.drop_index("uq_acceptance_submissions_contract_attempt", table_name="acceptance_submissions")
