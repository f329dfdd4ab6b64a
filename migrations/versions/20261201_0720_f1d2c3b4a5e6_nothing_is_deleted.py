"""nothing is deleted within 15 years (政府采购法 第四十二条): triggers refuse DELETE on every table but
the exempt ones (contractmgr.retention); lines and acceptance materials are voided with a reason, and a
holiday override left out of a re-entered year is superseded, instead of being removed

A voided line or material keeps its sequence number or name, so the uniqueness of (contract, seq) and
(contract, name) holds among the live rows only: partial unique indexes replace the unique constraints.

Revision ID: f1d2c3b4a5e6
Revises: c3d8e5f1a2b7
Create Date: 2026-12-01 06:10:00
"""

import sqlalchemy as sa
from alembic import op

from contractmgr.retention import guard_deletes, unguard_deletes

revision = "f1d2c3b4a5e6"
down_revision = "c3d8e5f1a2b7"
branch_labels = None
depends_on = None

LIVE = sa.text("voided_at IS NULL")
VOIDABLE = {"line_items": "seq", "acceptance_materials": "name"}


def upgrade():
    for table, key in VOIDABLE.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
            batch_op.create_foreign_key(op.f(f"fk_{table}_voided_by_id_users"), "users", ["voided_by_id"], ["id"])
            batch_op.create_index(batch_op.f(f"ix_{table}_voided_by_id"), ["voided_by_id"], unique=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_contract_id"), ["contract_id"], unique=False)
            batch_op.drop_constraint(f"uq_{table}_contract_id_{key}", type_="unique")
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_void_has_reason"),
                "voided_at IS NULL OR (void_reason IS NOT NULL AND voided_by_id IS NOT NULL)",
            )
        op.create_index(
            f"uq_{table}_contract_id_{key}",
            table,
            ["contract_id", key],
            unique=True,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )
    op.add_column("holiday_overrides", sa.Column("superseded_at", sa.DateTime(), nullable=True))
    guard_deletes(op.get_bind())


def downgrade():
    unguard_deletes(op.get_bind())
    with op.batch_alter_table("holiday_overrides", schema=None) as batch_op:
        batch_op.drop_column("superseded_at")
    for table, key in VOIDABLE.items():
        op.drop_index(f"uq_{table}_contract_id_{key}", table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_void_has_reason"), type_="check")
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_contract_id_{key}"), ["contract_id", key])
            batch_op.drop_index(batch_op.f(f"ix_{table}_contract_id"))
            batch_op.drop_index(batch_op.f(f"ix_{table}_voided_by_id"))
            batch_op.drop_constraint(f"fk_{table}_voided_by_id_users", type_="foreignkey")
            batch_op.drop_column("void_reason")
            batch_op.drop_column("voided_by_id")
            batch_op.drop_column("voided_at")
