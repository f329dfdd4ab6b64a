"""Payment milestones (contract 第七条), what each waits for, and the payments made."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.types import Money, Ratio, enum, utcnow

CONDITION_KINDS = ("invoice", "inspection_reports", "acceptance_report", "other")


class PaymentMilestone(db.Model):
    __tablename__ = "payment_milestones"
    __table_args__ = (
        sa.UniqueConstraint("contract_id", "seq"),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
        sa.CheckConstraint("ratio > 0 AND ratio <= 1", name="ratio_in_range"),
        sa.CheckConstraint("due_working_days >= 0", name="days_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"))
    #: 1 for the 70% payment, 2 for the 30% one
    seq: Mapped[int]
    #: share of the contract total (0.70 / 0.30)
    ratio: Mapped[Decimal] = mapped_column(Ratio)
    #: the milestone's amount (largest-remainder split of the total)
    amount: Mapped[Decimal] = mapped_column(Money)
    #: 30个工作日内 — contract 第七条
    due_working_days: Mapped[int] = mapped_column(default=30)
    #: what starts the clock, in the document's words
    trigger: Mapped[str] = mapped_column(sa.Text, default="")
    #: the date the clock started (signing for milestone 1, invoice received after acceptance for milestone 2)
    clock_started_on: Mapped[date | None]
    #: 交付之日: the service this payment pays for was delivered — starts an SME supplier's 30 days
    #: where the payment does not wait for acceptance (《保障中小企业款项支付条例》第九条)
    delivered_on: Mapped[date | None]
    #: the day the purchaser submitted its payment application to the finance department (财政部门), and
    #: the proof: submitted by the due date, the delay is no breach and owes no interest — 洛阳 第十三条 2
    finance_submitted_on: Mapped[date | None]
    finance_submission_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id"), index=True)

    contract: Mapped["Contract"] = relationship(back_populates="milestones")  # noqa: F821
    conditions: Mapped[list["MilestoneCondition"]] = relationship(
        back_populates="milestone", order_by="MilestoneCondition.id"
    )
    payments: Mapped[list["Payment"]] = relationship(back_populates="milestone", order_by="Payment.paid_on")
    finance_submission_file: Mapped["StoredFile | None"] = relationship()  # noqa: F821


class MilestoneCondition(db.Model):
    """One thing a payment waits for: the confirmed invoice, inspection reports, the signed acceptance report."""

    __tablename__ = "milestone_conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(sa.ForeignKey("payment_milestones.id"), index=True)
    kind: Mapped[str] = mapped_column(enum(*CONDITION_KINDS, name="condition_kind"))
    label: Mapped[str] = mapped_column(sa.String(200))
    met_on: Mapped[date | None]
    met_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    met_at: Mapped[datetime | None]

    milestone: Mapped[PaymentMilestone] = relationship(back_populates="conditions")
    met_by: Mapped["User | None"] = relationship()  # noqa: F821


class Payment(db.Model):
    __tablename__ = "payments"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(sa.ForeignKey("payment_milestones.id"), index=True)
    paid_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Money)
    #: 凭证号
    voucher_number: Mapped[str] = mapped_column(sa.String(60))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    milestone: Mapped[PaymentMilestone] = relationship(back_populates="payments")


#: A milestone's standing that does not depend on the day it is read: "paid", "partly_paid", "waiting"
#: (conditions or clock missing), "due". Overdue is the day's question: `overdue_from <= today`.
STORED_KINDS = ("waiting", "due", "partly_paid", "paid")


class MilestoneState(db.Model):
    """A milestone's schedule as lists read it, kept as data (issue 12): computed by
    services.milestone_state from the same rules as the schedule, and refreshed in the transaction of
    every write that changes an input, so the overview, dashboards and deadlines select, sum and page
    in SQL instead of rebuilding every contract's schedule on each visit. Derived data: not audited."""

    __tablename__ = "milestone_states"

    milestone_id: Mapped[int] = mapped_column(
        sa.ForeignKey("payment_milestones.id", ondelete="CASCADE"), primary_key=True
    )
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(enum(*STORED_KINDS, name="milestone_state_kind"))
    #: the due date lists show: the earlier of the contract's and (for an SME vendor) the statute's
    due_on: Mapped[date | None] = mapped_column(index=True)
    #: "2026-07", so month totals group in SQL the same way on both engines
    due_month: Mapped[str | None] = mapped_column(sa.String(7), index=True)
    due_provisional: Mapped[bool] = mapped_column(default=False)
    #: the years the due date was counted through without their official calendar ("2027,2028")
    due_unknown_years: Mapped[str] = mapped_column(sa.String(60), default="")
    #: the first day the milestone counts as overdue (a working day has passed after `due_on`); None
    #: while it cannot be overdue (paid, no due date, conditions missing)
    overdue_from: Mapped[date | None] = mapped_column(index=True)
    #: the day the milestone's working days started counting (services.schedule.clock_start)
    clock_on: Mapped[date | None]
    conditions_met: Mapped[bool] = mapped_column(default=False)
    #: what it waits for: the missing conditions' kinds, and "clock" while the clock has not started
    waiting_for: Mapped[str] = mapped_column(sa.String(200), default="")
    amount: Mapped[Decimal] = mapped_column(Money)
    #: what the deductions took off (its own and carried in), up to the amount
    deducted: Mapped[Decimal] = mapped_column(Money)
    net_amount: Mapped[Decimal] = mapped_column(Money)
    paid_amount: Mapped[Decimal] = mapped_column(Money)
    outstanding: Mapped[Decimal] = mapped_column(Money)
    #: the day of the last payment, once nothing is outstanding
    paid_off_on: Mapped[date | None]
    #: the contract's own due date (第七条's working days), which `due_on` is unless the statute's is earlier
    contract_due_on: Mapped[date | None]
    #: which date `due_on` is: "contract", or the SME clause it comes from ("sme_9", "sme_10")
    due_basis: Mapped[str] = mapped_column(sa.String(10), default="contract")
    #: an SME vendor's statutory clock (《保障中小企业款项支付条例》), once started: what it counts from
    #: (domain.sme.ClockBasis), that day, its period in calendar days and the due date it gives
    sme_basis: Mapped[str | None] = mapped_column(sa.String(30))
    sme_starts_on: Mapped[date | None]
    sme_days: Mapped[int | None]
    sme_due_on: Mapped[date | None]

    milestone: Mapped[PaymentMilestone] = relationship()
    contract: Mapped["Contract"] = relationship()  # noqa: F821
