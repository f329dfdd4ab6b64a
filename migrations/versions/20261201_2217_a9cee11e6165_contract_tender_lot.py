"""contracts.tender_lot_id: the tender lot on file a contract is of, as a key (lot_no / lot_name keep the
document's wording). Contracts on file get it from their lot_no among the lots of their tender (tender_id),
else of the latest tender with their 招标采购文件编号 — the lot services.imports.tender_lot_of finds

Revision ID: a9cee11e6165
Revises: 9e4b2c7d1a58
Create Date: 2026-12-01 22:17:29

"""

import sqlalchemy as sa
from alembic import op

revision = "a9cee11e6165"
down_revision = "9e4b2c7d1a58"
branch_labels = None
depends_on = None

#: the lot of the contract's own tender, else of the latest tender with its number (plain SQL that SQLite and
#: PostgreSQL both run: correlated subqueries, LIMIT in a scalar subquery)
BACKFILL = """
UPDATE contracts SET tender_lot_id = COALESCE(
    (SELECT tender_lots.id FROM tender_lots
      WHERE tender_lots.tender_id = contracts.tender_id AND tender_lots.lot_no = TRIM(contracts.lot_no)),
    (SELECT tender_lots.id FROM tender_lots JOIN tenders ON tenders.id = tender_lots.tender_id
      WHERE tenders.procurement_number = TRIM(contracts.procurement_number)
        AND tender_lots.lot_no = TRIM(contracts.lot_no)
      ORDER BY tenders.id DESC LIMIT 1)
)
WHERE TRIM(COALESCE(contracts.lot_no, '')) <> ''
"""


def upgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tender_lot_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_contracts_tender_lot_id"), ["tender_lot_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_contracts_tender_lot_id_tender_lots"), "tender_lots", ["tender_lot_id"], ["id"]
        )
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_contracts_tender_lot_id_tender_lots"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_contracts_tender_lot_id"))
        batch_op.drop_column("tender_lot_id")
