"""Evaluations (考评, tender 五) and penalties (违约金, contract 第十三条): each its own record."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contractmgr.extensions import db
from contractmgr.models.types import Money, enum, utcnow

PENALTY_KINDS = ("late_delivery", "acceptance_failed", "acceptance_failed_again", "evaluation", "other")
PENALTY_STATUSES = ("proposed", "confirmed", "waived")


class Evaluation(db.Model):
    __tablename__ = "evaluations"
    __table_args__ = (
        sa.CheckConstraint("score >= 0 AND score <= 100", name="score_in_range"),
        sa.CheckConstraint("period_start_on <= period_end_on", name="period_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    evaluated_on: Mapped[date]
    period_start_on: Mapped[date]
    period_end_on: Mapped[date]
    #: 百分扣分制 score
    score: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Penalty(db.Model):
    """A penalty or deduction: the clause, its inputs, the amount; proposed, then confirmed or waived."""

    __tablename__ = "penalties"
    __table_args__ = (
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
        sa.CheckConstraint("status <> 'waived' OR waive_reason IS NOT NULL", name="waiver_has_reason"),
        sa.CheckConstraint("known_loss_amount IS NULL OR known_loss_amount >= 0", name="loss_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contracts.id"), index=True)
    kind: Mapped[str] = mapped_column(enum(*PENALTY_KINDS, name="penalty_kind"))
    #: the clause it applies, e.g. 合同第十三条
    clause: Mapped[str] = mapped_column(sa.String(100))
    #: the inputs of the computation (days, attempt, score, basis …), money as decimal strings
    inputs: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    amount: Mapped[Decimal] = mapped_column(Money)
    #: the loss the penalty compensates, as the officer knew it when confirming: a penalty more than
    #: 30% above it is flagged — 《民法典》第五百八十五条
    known_loss_amount: Mapped[Decimal | None] = mapped_column(Money)
    #: the purchaser may terminate (late delivery over 10 days, evaluation under 60)
    may_terminate: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(enum(*PENALTY_STATUSES, name="penalty_status"), default="proposed")
    waive_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: the milestone it is netted against
    milestone_id: Mapped[int | None] = mapped_column(sa.ForeignKey("payment_milestones.id"), index=True)
    evaluation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("evaluations.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(sa.ForeignKey("acceptance_submissions.id"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    contract: Mapped["Contract"] = relationship()  # noqa: F821
    evaluation: Mapped[Evaluation | None] = relationship()
    milestone: Mapped["PaymentMilestone | None"] = relationship()  # noqa: F821
