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
