"""Reminders: users' e-mail address and category opt-outs, and the reminders sent (one per user,
deadline and day), which are also the in-app notices.

Revision ID: a4c7e2d9b315
Revises: c8c5e2157e63
Create Date: 2026-12-01 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a4c7e2d9b315"
down_revision = "c8c5e2157e63"
branch_labels = None
depends_on = None

STATES = ("sending", "sent", "failed", "in_app")


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("reminder_opt_outs", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deadline_key", sa.String(length=120), nullable=False),
        sa.Column("remind_on", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum(*STATES, name="reminder_status", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=op.f("fk_reminders_contract_id_contracts")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_reminders_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint(
            "user_id", "deadline_key", "remind_on", name=op.f("uq_reminders_user_id_deadline_key_remind_on")
        ),
    )
    op.create_index("ix_reminders_user_id_status", "reminders", ["user_id", "status"])
    op.create_index(op.f("ix_reminders_contract_id"), "reminders", ["contract_id"])


def downgrade():
    op.drop_index(op.f("ix_reminders_contract_id"), table_name="reminders")
    op.drop_index("ix_reminders_user_id_status", table_name="reminders")
    op.drop_table("reminders")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("reminder_opt_outs")
        batch.drop_column("email")
