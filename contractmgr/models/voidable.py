"""作废而不删除: the columns of a record that people take out by voiding it (《政府采购法》第四十二条)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

LIVE = sa.text("voided_at IS NULL")


class Voidable:
    """When, by whom and why the record was voided; a voided record is kept, never deleted, and
    drops out of the working lists and sums (services/voiding.py)."""

    #: 作废时间; None while the record is live
    voided_at: Mapped[datetime | None]
    #: 作废人
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: 作废理由 (required with a void)
    void_reason: Mapped[str | None] = mapped_column(sa.Text)

    @declared_attr
    def voided_by(cls) -> Mapped["User | None"]:  # noqa: F821
        return relationship("User")

    @staticmethod
    def void_constraints(table: str, *unique_live: str) -> tuple:
        """A void has its reason and its user; `unique_live` columns are unique among the live rows only
        (a voided record keeps its number or name, which a new record may take)."""
        return (
            sa.Index(
                f"uq_{table}_{'_'.join(unique_live)}",
                *unique_live,
                unique=True,
                sqlite_where=LIVE,
                postgresql_where=LIVE,
            ),
            sa.CheckConstraint(
                "voided_at IS NULL OR (void_reason IS NOT NULL AND voided_by_id IS NOT NULL)", name="void_has_reason"
            ),
        )
