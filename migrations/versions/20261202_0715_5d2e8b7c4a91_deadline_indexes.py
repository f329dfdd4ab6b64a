"""Partial indexes for the deadlines page: the contracts still to sign, publish or file, in the order of the day
each counts from (the officer's statutory deadlines read the first hundred in that order instead of sorting every
contract), and the live lines with a year of their own (a vendor's acceptance deadlines look for them among its
lines).

Revision ID: 5d2e8b7c4a91
Revises: c3f8a1d6e2b7
Create Date: 2026-12-02 07:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5d2e8b7c4a91"
down_revision = "c3f8a1d6e2b7"
branch_labels = None
depends_on = None

STILL_OPEN = (
    ("ix_contracts_unsigned", "award_notice_on", "signed_on IS NULL"),
    ("ix_contracts_unpublished", "signed_on", "published_on IS NULL"),
    ("ix_contracts_unfiled", "signed_on", "filed_on IS NULL"),
)
OWN_TERM = "voided_at IS NULL AND (start_on IS NOT NULL OR confirmed_on IS NOT NULL)"


def upgrade():
    for name, counts_from, still_open in STILL_OPEN:
        where = sa.text(still_open)
        op.create_index(name, "contracts", [counts_from, "id"], sqlite_where=where, postgresql_where=where)
    where = sa.text(OWN_TERM)
    op.create_index("ix_line_items_own_term", "line_items", ["contract_id"], sqlite_where=where, postgresql_where=where)


def downgrade():
    op.drop_index("ix_line_items_own_term", table_name="line_items")
    for name, _, _ in reversed(STILL_OPEN):
        op.drop_index(name, table_name="contracts")
