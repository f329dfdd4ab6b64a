"""What an administrator keeps: holiday-calendar overrides and the LPR table."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from contractmgr.extensions import db
from contractmgr.models.types import enum, utcnow


class CalendarYear(db.Model):
    """A year whose official calendar an administrator has entered in full (published each November)."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)


class HolidayOverride(db.Model):
    """A day that is off (holiday) or a working day (调休) whatever the package or the weekday says."""

    __tablename__ = "holiday_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(enum("holiday", "workday", name="override_kind"))
    note: Mapped[str] = mapped_column(sa.String(100), default="")
    #: when a re-entered year left this day out; the row is kept (and comes back if the day is listed again)
    superseded_at: Mapped[datetime | None]


class LprRate(db.Model):
    """一年期贷款市场报价利率 (LPR), in percent per year, from its effective date."""

    __tablename__ = "lpr_rates"
    __table_args__ = (sa.CheckConstraint("one_year_percent > 0", name="rate_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_on: Mapped[date] = mapped_column(unique=True)
    one_year_percent: Mapped[Decimal] = mapped_column(sa.Numeric(6, 3))
