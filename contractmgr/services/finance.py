"""Finance's actions on the payment schedule: ticking what a payment waits for, recording when its
clock starts, and recording payments. Each flushes; the caller commits (one commit per action).

Refusals are `RuleViolation`s whose codes `contractmgr.web.finance.messages` words.
"""

from datetime import date
from decimal import Decimal

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import MilestoneCondition, Payment, PaymentMilestone, User
from contractmgr.models.types import utcnow
from contractmgr.services.locking import lock
from contractmgr.services.schedule import contract_schedule


def tick_condition(condition: MilestoneCondition, met_on: date, *, by: User, today: date) -> MilestoneCondition:
    """Record that the condition is met (the invoice confirmed, the reports or the signed acceptance
    report received) on `met_on`, by whom and when. A date in the future is refused."""
    if met_on > today:
        raise RuleViolation("date_in_future", day=met_on)
    if condition.met_on is not None:
        raise RuleViolation("condition_already_met", label=condition.label, day=condition.met_on)
    condition.met_on = met_on
    condition.met_by_id = by.id
    condition.met_at = utcnow()
    db.session.flush()
    return condition


def untick_condition(condition: MilestoneCondition) -> MilestoneCondition:
    """Take back a tick made by mistake (the audit log keeps who ticked it and when)."""
    if any(condition.milestone.payments):
        raise RuleViolation("condition_after_payment", label=condition.label)
    condition.met_on = None
    condition.met_by_id = None
    condition.met_at = None
    db.session.flush()
    return condition


def record_clock_start(milestone: PaymentMilestone, started_on: date | None, *, today: date) -> PaymentMilestone:
    """Record the day the milestone's working days start counting (for milestone 1 the day the
    contract was signed and took effect, for milestone 2 the day the purchaser, acceptance passed,
    received the invoice); None clears it so the schedule falls back on the contract's own records."""
    if started_on is not None and started_on > today:
        raise RuleViolation("date_in_future", day=started_on)
    milestone.clock_started_on = started_on
    db.session.flush()
    return milestone


def record_payment(
    milestone: PaymentMilestone, *, paid_on: date, amount: Decimal, voucher_number: str, by: User, today: date
) -> Payment:
    """A payment (or part payment) of the milestone. Refused: a date in the future, an amount that
    is not positive, or more than is still outstanding after deductions (the message says how much).

    The milestone's row is locked before what is outstanding is read, so two payments at once are
    checked one after the other: the second sees the first and is refused if together they pass it."""
    if paid_on > today:
        raise RuleViolation("date_in_future", day=paid_on)
    if amount <= 0:
        raise RuleViolation("payment_not_positive", amount=amount)
    voucher_number = (voucher_number or "").strip()
    if not voucher_number:
        raise RuleViolation("voucher_missing")
    lock(milestone)
    schedule = contract_schedule(milestone.contract, today)
    view = next(m for m in schedule.milestones if m.milestone.id == milestone.id)
    if amount > view.outstanding:
        raise RuleViolation(
            "payment_exceeds_outstanding", amount=amount, outstanding=view.outstanding, excess=amount - view.outstanding
        )
    payment = Payment(
        milestone=milestone, paid_on=paid_on, amount=amount, voucher_number=voucher_number, recorded_by_id=by.id
    )
    db.session.add(payment)
    db.session.flush()
    return payment
