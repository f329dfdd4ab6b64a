"""A penalty more than 30% above the loss it compensates is flagged (民法典 第五百八十五条, 2023 解释 第六十五条)."""

from decimal import Decimal

from contractmgr.domain.loss import exceeds_loss


def test_a_penalty_is_flagged_only_when_more_than_30_percent_above_the_known_loss():
    assert not exceeds_loss(Decimal("130.00"), Decimal("100.00"))  # exactly 30% above: not more than
    assert exceeds_loss(Decimal("130.01"), Decimal("100.00"))
    assert not exceeds_loss(Decimal("827140.00"), None)  # no loss on file: nothing to compare
    assert exceeds_loss(Decimal("0.01"), Decimal("0.00"))
