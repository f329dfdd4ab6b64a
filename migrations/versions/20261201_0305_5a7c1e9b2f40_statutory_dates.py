"""statutory dates on the contract: award notice, publication (with its link), filing

Revision ID: 5a7c1e9b2f40
Revises: c4a9e2f1b6d8
Create Date: 2026-12-01 02:35:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5a7c1e9b2f40"
down_revision = "c4a9e2f1b6d8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("award_notice_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("published_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("publication_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("filed_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_contracts_published_after_signing"), "published_on IS NULL OR signed_on IS NOT NULL"
        )
        batch_op.create_check_constraint(
            op.f("ck_contracts_filed_after_signing"), "filed_on IS NULL OR signed_on IS NOT NULL"
        )


def downgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_contracts_filed_after_signing"), type_="check")
        batch_op.drop_constraint(op.f("ck_contracts_published_after_signing"), type_="check")
        batch_op.drop_column("filed_on")
        batch_op.drop_column("publication_url")
        batch_op.drop_column("published_on")
        batch_op.drop_column("award_notice_on")
