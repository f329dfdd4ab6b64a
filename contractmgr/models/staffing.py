"""The on-site staff roster (驻场人员) and inspection records (巡检)."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.types import utcnow


class StaffAssignment(db.Model):
    """A person on site for a contract, on a line, from a date to a date. Personal data kept minimal."""

    __tablename__ = "staff_assignments"
    __table_args__ = (sa.CheckConstraint("on_site_to IS NULL OR on_site_from <= on_site_to", name="period_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    line_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("line_items.id"), index=True)
    person_name: Mapped[str] = mapped_column(sa.String(60))
    staff_role: Mapped[str] = mapped_column(sa.String(60), default="")
    #: only the last four characters of an ID number, if kept at all
    id_last4: Mapped[str | None] = mapped_column(sa.String(4))
    on_site_from: Mapped[date]
    on_site_to: Mapped[date | None]
    #: the Excel roster the row was imported from (services.staff_roster); None when typed in the form
    roster_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    line_item: Mapped["LineItem | None"] = relationship()  # noqa: F821


class Inspection(db.Model):
    """One inspection (巡检) of a line by the vendor."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_item_id: Mapped[int] = mapped_column(sa.ForeignKey("line_items.id"), index=True)
    inspected_on: Mapped[date]
    inspector: Mapped[str] = mapped_column(sa.String(60))
    findings: Mapped[str] = mapped_column(sa.Text, default="")
    stored_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    line_item: Mapped["LineItem"] = relationship()  # noqa: F821
