"""The calendar feed's secret is stored as its sha256 digest, like API tokens.

Existing secrets are digested here, so feed URLs already subscribed keep working.

Revision ID: b7c1e0a4d2f3
Revises: 8f9b1e459cf4
Create Date: 2026-12-01 02:40:00
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "b7c1e0a4d2f3"
down_revision = "8f9b1e459cf4"
branch_labels = None
depends_on = None

users = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("calendar_token", sa.String),
    sa.column("calendar_token_digest", sa.String),
)


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("calendar_token_digest", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.calendar_token).where(users.c.calendar_token.is_not(None)))
    for user_id, token in rows.all():
        digest = hashlib.sha256(token.encode()).hexdigest()
        connection.execute(users.update().where(users.c.id == user_id).values(calendar_token_digest=digest))
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_calendar_token", type_="unique")
        batch.drop_column("calendar_token")
        batch.create_unique_constraint("uq_users_calendar_token_digest", ["calendar_token_digest"])


def downgrade():
    # A digest cannot be turned back into the secret: every feed URL has to be issued again.
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_calendar_token_digest", type_="unique")
        batch.drop_column("calendar_token_digest")
        batch.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_users_calendar_token", ["calendar_token"])
