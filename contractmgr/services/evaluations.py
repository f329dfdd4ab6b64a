"""Evaluations (考评, tender 五): record a score; a score under 90 proposes a deduction.

The deduction is the domain's (evaluation.evaluation_deduction), counted on the basis kept on the
contract (from 100 or from 90); the officer may change the basis, which recounts the deductions
not yet decided. A decided one keeps the basis it was decided on, written in its inputs.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.evaluation import EvaluationAssessment, evaluation_deduction
from contractmgr.domain.periods import Period
from contractmgr.extensions import db
from contractmgr.models import Contract, Evaluation, Penalty, User
from contractmgr.models.contracts import EVALUATION_BASES
from contractmgr.services.penalties import json_inputs, propose_penalty


@dataclass(frozen=True)
class EvaluationResult:
    evaluation: Evaluation
    assessment: EvaluationAssessment
    #: the proposed deduction; None when the score is paid in full
    penalty: Penalty | None


def assess_evaluation(contract: Contract, score: Decimal, basis: str | None = None) -> EvaluationAssessment:
    """The deduction a score leads to on this contract (its total, its basis unless another is asked)."""
    return evaluation_deduction(
        contract.total_amount, score, basis or contract.evaluation_basis, per_point=contract.evaluation_deduction_ratio
    )


def _inputs(assessment: EvaluationAssessment) -> dict:
    return {
        "total": assessment.total,
        "score": assessment.score,
        "basis": assessment.basis,
        "points_deducted": assessment.points_deducted,
        "ratio": assessment.ratio,
    }


def record_evaluation(
    contract: Contract,
    *,
    score: Decimal,
    evaluated_on: date,
    period_start: date,
    period_end: date,
    note: str = "",
    by: User | None = None,
) -> EvaluationResult:
    """The evaluation, and the deduction it proposes (kind `evaluation`) when the score is under 90
    — under 60 the proposal carries the purchaser's right to terminate."""
    Period(period_start, period_end)
    assessment = assess_evaluation(contract, score)
    evaluation = Evaluation(
        contract_id=contract.id,
        evaluated_on=evaluated_on,
        period_start_on=period_start,
        period_end_on=period_end,
        score=assessment.score,
        note=note or "",
        created_by_id=by.id if by else None,
    )
    db.session.add(evaluation)
    db.session.flush()
    penalty = None
    if not assessment.full_payment:
        penalty = propose_penalty(
            contract,
            "evaluation",
            amount=assessment.amount,
            clause=assessment.clause,
            inputs=_inputs(assessment),
            may_terminate=assessment.may_terminate,
            by=by,
            evaluation_id=evaluation.id,
        )
    return EvaluationResult(evaluation, assessment, penalty)


def set_evaluation_basis(contract: Contract, basis: str) -> list[Penalty]:
    """Count evaluation points from 100 or from 90 on this contract; the deductions still proposed
    are recounted on the new basis and returned."""
    if basis not in EVALUATION_BASES:
        raise RuleViolation("unknown_evaluation_basis", basis=basis)
    contract.evaluation_basis = basis
    open_deductions = db.session.scalars(
        sa.select(Penalty).where(
            Penalty.contract_id == contract.id,
            Penalty.kind == "evaluation",
            Penalty.status == "proposed",
            Penalty.evaluation_id.is_not(None),
        )
    ).all()
    for penalty in open_deductions:
        assessment = assess_evaluation(contract, penalty.evaluation.score, basis)
        penalty.amount, penalty.inputs = assessment.amount, json_inputs(_inputs(assessment))
        penalty.may_terminate = assessment.may_terminate
    db.session.flush()
    return list(open_deductions)
