"""Penalties and deductions as records: proposed with the clause and inputs, then confirmed or waived.

Every feature that finds a breach (late delivery, failed acceptance, an evaluation under 90)
calls `propose_penalty`; only an officer's `confirm_penalty` makes it a charge that finance
nets against a milestone, or `waive_penalty` sets it aside with a reason.
"""

from datetime import date
from decimal import Decimal

from contractmgr.domain.errors import Conflict, NotFound, RuleViolation
from contractmgr.domain.penalties import PenaltyAssessment, acceptance_failed, late_delivery
from contractmgr.extensions import db
from contractmgr.models import Contract, PaymentMilestone, Penalty, User
from contractmgr.models.types import utcnow
from contractmgr.services.locking import lock


def json_inputs(inputs: dict) -> dict:
    """Inputs as JSON-safe values: money and ratios as decimal strings, dates as ISO."""

    def plain(value):
        if isinstance(value, Decimal):
            return f"{value:f}"
        if isinstance(value, date):
            return value.isoformat()
        return value

    return {key: plain(value) for key, value in inputs.items()}


def propose_penalty(
    contract: Contract,
    kind: str,
    assessment: PenaltyAssessment | None = None,
    *,
    amount: Decimal | None = None,
    clause: str | None = None,
    inputs: dict | None = None,
    may_terminate: bool = False,
    by: User | None = None,
    **links,
) -> Penalty:
    """A proposed penalty (status `proposed`) from a domain assessment, or from explicit figures.
    `links` may name the evaluation, submission or milestone it belongs to."""
    if assessment is not None:
        amount, clause = assessment.amount, assessment.clause
        inputs, may_terminate = assessment.inputs, assessment.may_terminate
    penalty = Penalty(
        contract_id=contract.id,
        kind=kind,
        clause=clause,
        inputs=json_inputs(inputs or {}),
        amount=amount,
        may_terminate=may_terminate,
        proposed_by_id=by.id if by else None,
        **links,
    )
    db.session.add(penalty)
    db.session.flush()
    return penalty


def _decide(penalty: Penalty, status: str, by: User | None, **fields: object) -> None:
    """Confirm or waive a proposal once: its row is locked before its status is read, so a confirmation
    and a waiver at the same moment are decided one after the other and the second is refused
    (a Conflict, 409: 该违约金已处理). `fields` are written with the status (a waiver's reason)."""
    lock(penalty)
    if penalty.status != "proposed":
        raise Conflict("penalty_already_decided", status=penalty.status)
    decided_by_id = by.id if by else None  # read before any change: reading may flush
    with db.session.no_autoflush:
        for name, value in fields.items():
            setattr(penalty, name, value)
        penalty.status = status
        penalty.decided_by_id = decided_by_id
        penalty.decided_at = utcnow()


def confirm_penalty(penalty: Penalty, *, by: User | None, milestone: PaymentMilestone | None = None) -> Penalty:
    """Make a proposal a charge, netted against `milestone` (default: the next one not yet paid)."""
    _decide(penalty, "confirmed", by)
    target = milestone or next_unpaid_milestone(penalty.contract_id)
    penalty.milestone_id = target.id if target else None
    db.session.flush()
    return penalty


def waive_penalty(penalty: Penalty, *, reason: str, by: User | None) -> Penalty:
    if not reason or not reason.strip():
        raise RuleViolation("waiver_needs_reason")
    _decide(penalty, "waived", by, waive_reason=reason.strip())
    db.session.flush()
    return penalty


def next_unpaid_milestone(contract_id: int) -> PaymentMilestone | None:
    """The first milestone of the contract that has not been paid in full."""
    contract = db.session.get(Contract, contract_id)
    for milestone in contract.milestones:
        if sum((p.amount for p in milestone.payments), Decimal(0)) < milestone.amount:
            return milestone
    return None


# --- the officer's assessments (contract 第十三条) ---------------------------------------------------


def assess_late_delivery(contract: Contract, days: int, *, by: User | None = None) -> Penalty:
    """Propose the late-delivery penalty: 1% of the total a day, at most 10%; from day 11 the
    purchaser may terminate."""
    if days < 1:
        raise RuleViolation("days_late_not_positive", days=days)
    return propose_penalty(contract, "late_delivery", late_delivery(contract.total_amount, days), by=by)


def assess_acceptance_failure(
    contract: Contract, attempt: int, *, by: User | None = None, submission_id: int | None = None
) -> Penalty:
    """Propose the failed-acceptance penalty: 5% of the total, 10% when the rework fails again
    (attempt 2 or later, kind `acceptance_failed_again`)."""
    if attempt < 1:
        raise RuleViolation("attempt_not_positive", attempt=attempt)
    assessment = acceptance_failed(contract.total_amount, attempt)
    return propose_penalty(contract, assessment.kind, assessment, by=by, submission_id=submission_id)


def contract_penalty(contract: Contract, penalty_id: int) -> Penalty:
    """The contract's penalty of that id; another contract's is NotFound, never followed."""
    penalty = db.session.get(Penalty, penalty_id)
    if penalty is None or penalty.contract_id != contract.id:
        raise NotFound(f"penalty {penalty_id} of contract {contract.id}")
    return penalty
