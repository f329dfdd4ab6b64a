"""The append-only audit log: who changed what, when, from which value to which."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.types import enum, utcnow


class AuditEntry(db.Model):
    """One changed field (or one created/deleted record). Rows are never updated or deleted:
    the migration installs triggers that refuse it, on SQLite and on PostgreSQL."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: the contract the change belongs to, so its page can show its trail
    contract_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    #: table name of the changed record, and its id
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(enum("create", "update", "delete", name="audit_action"))
    field: Mapped[str | None] = mapped_column(sa.String(60))
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)

    user: Mapped["User | None"] = relationship()  # noqa: F821
