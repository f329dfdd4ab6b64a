"""Evaluation deductions (tender 五、运维考评): a 100-point score that can reduce a payment.

「百分扣分制」: 90 or more, the period's payment in full; from 60 to under 90, 「每扣1分，扣减总合同价款的2‰」;
under 60, the vendor is treated as unable to serve and the purchaser may terminate.

"Each point deducted" is ambiguous: it can count from 100 (score 85 → 15 points → 3%) or from 90
(score 85 → 5 points → 1%). Neither is picked silently: the basis is stored on the contract (default
"from_100", the literal reading of 百分扣分制), returned with every deduction, and can be changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.money import to_fen

EVALUATION_CLAUSE = "招标文件 五、运维考评"
DEDUCTION_PER_POINT = Decimal("0.002")  # 2‰ of the contract total
FULL_PAYMENT_SCORE = 90
TERMINATION_BELOW_SCORE = 60
MAX_SCORE = 100

EvaluationBasis = Literal["from_100", "from_90"]
_BASIS_START = {"from_100": 100, "from_90": 90}


@dataclass(frozen=True)
class EvaluationAssessment:
    """The deduction one evaluation score leads to, with the basis it was counted on."""

    total: Decimal
    score: Decimal
    basis: EvaluationBasis
    points_deducted: Decimal
    ratio: Decimal
    amount: Decimal
    full_payment: bool
    may_terminate: bool
    clause: str = EVALUATION_CLAUSE


def evaluation_deduction(
    total: Decimal,
    score: Decimal | int,
    basis: EvaluationBasis = "from_100",
    per_point: Decimal = DEDUCTION_PER_POINT,
) -> EvaluationAssessment:
    """The amount deducted from the contract total for an evaluation `score` (0 to 100).

    - 90 or more: full payment, nothing deducted.
    - Below 90: (100 − score) points on basis "from_100", (90 − score) on "from_90"; each point
      deducts 2‰ of the total, rounded to the fen at the end. Half points (85.5) count as halves.
    - Below 60: the deduction is computed the same way (it is still owed if the purchaser keeps the
      vendor on) and `may_terminate` is set; the tender caps nothing there, so neither do we.
    `per_point` is the share of the total each point deducts (2‰ in the tender; a contract may
    state another). Raises RuleViolation("score_out_of_range", score, min=0, max=100) for a score
    outside 0..100.
    """
    if basis not in _BASIS_START:
        raise ValueError(f"unknown evaluation basis {basis!r}; use 'from_100' or 'from_90'")
    if isinstance(score, float):
        raise TypeError("give the score as int or Decimal, not float")
    score = Decimal(score)
    if not 0 <= score <= MAX_SCORE:
        raise RuleViolation("score_out_of_range", score=score, min=0, max=MAX_SCORE)
    full_payment = score >= FULL_PAYMENT_SCORE
    points = Decimal(0) if full_payment else _BASIS_START[basis] - score
    ratio = points * per_point
    return EvaluationAssessment(
        total=total,
        score=score,
        basis=basis,
        points_deducted=points,
        ratio=ratio,
        amount=to_fen(total * ratio),
        full_payment=full_payment,
        may_terminate=score < TERMINATION_BELOW_SCORE,
    )
