"""Line items (运维项目): the terms a tender item and a contract line share, and the contract line."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.types import Money
from contractmgr.models.users import Organisation
from contractmgr.models.voidable import Voidable

HOURS = sa.Numeric(6, 2)
#: a live line whose year is its own (services.deadlines says the same in its query, for the index to serve it)
OWN_TERM = sa.text("voided_at IS NULL AND (start_on IS NOT NULL OR confirmed_on IS NOT NULL)")


class LineTerms:
    """Columns of one maintained system, as the annex 《运维项目清单明细》 and the tender list it."""

    #: 序号 (also where Word numbered it automatically)
    seq: Mapped[int]
    #: 序号 as printed where it is not a plain number (「一」「1.2」), kept to show the hierarchy
    seq_label: Mapped[str | None] = mapped_column(sa.String(20))
    #: the printed 序号 of the line this one belongs to (1.2 belongs to 1; 1 to 一)
    parent_label: Mapped[str | None] = mapped_column(sa.String(20))
    #: 服务单位 / 使用单位
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    #: 运维项目
    name: Mapped[str] = mapped_column(sa.String(300))
    #: 运维内容及目标
    content: Mapped[str | None] = mapped_column(sa.Text)
    #: 服务要求
    requirements: Mapped[str | None] = mapped_column(sa.Text)
    #: 服务期限 in months (1年 = 12)
    term_months: Mapped[int] = mapped_column(default=12)
    #: the line's own start, e.g. 「1年 (服务期自2026年7月27日起)」 — annex lines 35 and 40
    start_on: Mapped[date | None]
    #: starts 「经采购人和使用单位确认运维开始之日起」 — tender 四、服务期, items 16, 24, 30
    start_on_confirmation: Mapped[bool] = mapped_column(default=False)
    #: the recorded confirmation date that starts such a line
    confirmed_on: Mapped[date | None]
    #: 驻场 staff the line asks for (「需安排2名技术人员驻场」); 0 where none
    onsite_staff: Mapped[int] = mapped_column(default=0)
    #: SLA: service hours as printed, e.g. 7*24h, 5*8h
    service_hours: Mapped[str | None] = mapped_column(sa.String(20))
    #: SLA: response time in hours (响应时间15分钟 = 0.25)
    response_hours: Mapped[Decimal | None] = mapped_column(HOURS)
    #: SLA: on-site arrival in hours
    onsite_hours: Mapped[Decimal | None] = mapped_column(HOURS)
    #: SLA: recovery in hours (simple faults)
    recovery_hours: Mapped[Decimal | None] = mapped_column(HOURS)
    #: 巡检周期 as printed: 每日, 每周, 每月, 4次/月, 每季度 …
    inspection_cycle: Mapped[str | None] = mapped_column(sa.String(100))

    @declared_attr
    def unit(cls) -> Mapped[Organisation]:
        return relationship(Organisation)

    @staticmethod
    def line_constraints() -> tuple:
        return (
            sa.CheckConstraint("seq > 0", name="seq_positive"),
            sa.CheckConstraint("onsite_staff >= 0", name="staff_not_negative"),
            sa.CheckConstraint("term_months > 0", name="term_positive"),
            sa.CheckConstraint("NOT (start_on IS NOT NULL AND start_on_confirmation)", name="one_start_rule"),
            sa.CheckConstraint("confirmed_on IS NULL OR start_on_confirmation", name="confirmation_only_when_awaited"),
        )


class LineItem(LineTerms, Voidable, db.Model):
    """One line of a contract's annex; a line taken out is voided, and kept."""

    __tablename__ = "line_items"
    __table_args__ = (
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
        *Voidable.void_constraints("line_items", "contract_id", "seq"),
        *LineTerms.line_constraints(),
        # the few live lines with a year of their own (an own start, or a recorded confirmation): the acceptance
        # deadlines look for them among a vendor's thousands of lines (services.deadlines._acceptance_earliest)
        sa.Index(
            "ix_line_items_own_term",
            "contract_id",
            sqlite_where=OWN_TERM,
            postgresql_where=OWN_TERM,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    #: 运维资金（元）
    amount: Mapped[Decimal | None] = mapped_column(Money)
    #: an explicit last day of the line's own period: a renewal cuts the line's year at the chain's
    #: 3-year limit (洛阳 line 40 renewed: 2027-07-27 .. 2028-05-21 instead of .. 2028-07-26)
    end_on: Mapped[date | None]
    #: why the officer kept the line's period past the chain's limit (line_past_chain_limit otherwise)
    past_limit_reason: Mapped[str | None] = mapped_column(sa.Text)

    contract: Mapped["Contract"] = relationship(back_populates="lines")  # noqa: F821
