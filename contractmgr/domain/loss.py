"""A penalty against the loss it compensates — 《民法典》第五百八十五条.

A court may reduce a 违约金 that is excessively higher than the actual loss; the Supreme People's Court's
2023 interpretation of the contract part (第六十五条) takes more than 30% above the loss as excessive. The
system flags such a penalty (a warning, never a refusal): the officer decides.
"""

from __future__ import annotations

from decimal import Decimal

#: 2023 合同编通则解释 第六十五条: 超过造成损失的百分之三十
EXCESS_OVER_LOSS_RATIO = Decimal("0.30")


def exceeds_loss(penalty_amount: Decimal, known_loss: Decimal | None) -> bool:
    """Whether the penalty is more than 30% above the known loss (False when no loss is recorded)."""
    if known_loss is None:
        return False
    return penalty_amount > known_loss * (1 + EXCESS_OVER_LOSS_RATIO)
