from decimal import Decimal

import pytest

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.evaluation import evaluation_deduction

TOTAL = Decimal("8271400.00")


def test_a_score_of_85_deducts_three_percent_counted_from_100():
    assessment = evaluation_deduction(TOTAL, 85)
    assert assessment.basis == "from_100"
    assert assessment.points_deducted == 15
    assert assessment.ratio == Decimal("0.030")
    assert assessment.amount == Decimal("248142.00")
    assert not assessment.full_payment
    assert not assessment.may_terminate


def test_a_score_of_85_deducts_one_percent_counted_from_90():
    assessment = evaluation_deduction(TOTAL, 85, basis="from_90")
    assert assessment.points_deducted == 5
    assert assessment.amount == Decimal("82714.00")
    assert assessment.basis == "from_90"


@pytest.mark.parametrize("score", [90, 95, 100, Decimal("90.0")])
@pytest.mark.parametrize("basis", ["from_100", "from_90"])
def test_a_score_of_90_or_more_is_paid_in_full(score, basis):
    assessment = evaluation_deduction(TOTAL, score, basis)
    assert assessment.full_payment
    assert assessment.amount == Decimal("0.00")
    assert assessment.points_deducted == 0


def test_a_score_just_under_90_deducts_its_points():
    assessment = evaluation_deduction(TOTAL, Decimal("89.5"))
    assert assessment.points_deducted == Decimal("10.5")
    assert assessment.amount == Decimal("173699.40")  # 8,271,400 × 10.5 × 0.002


@pytest.mark.parametrize(
    ("score", "may_terminate", "amount"),
    [
        (60, False, "661712.00"),  # 40 points × 2‰ = 8%
        (Decimal("59.5"), True, "669983.40"),
        (0, True, "1654280.00"),  # 100 points × 2‰ = 20%
    ],
)
def test_under_60_the_deduction_is_still_computed_and_the_purchaser_may_terminate(score, may_terminate, amount):
    assessment = evaluation_deduction(TOTAL, score)
    assert assessment.may_terminate is may_terminate
    assert assessment.amount == Decimal(amount)


@pytest.mark.parametrize("score", [-1, Decimal("100.5"), 101])
def test_a_score_outside_0_to_100_is_refused(score):
    with pytest.raises(RuleViolation) as raised:
        evaluation_deduction(TOTAL, score)
    assert raised.value.code == "score_out_of_range"
    assert raised.value.params["score"] == score


def test_an_unknown_basis_is_refused():
    with pytest.raises(ValueError):
        evaluation_deduction(TOTAL, 85, basis="from_95")


def test_every_deduction_names_its_clause():
    assert evaluation_deduction(TOTAL, 70).clause == "招标文件 五、运维考评"


def test_a_lower_score_never_deducts_less():
    amounts = [evaluation_deduction(TOTAL, score).amount for score in range(100, -1, -1)]
    assert amounts == sorted(amounts)


def test_a_contract_may_state_its_own_share_per_point():
    assert evaluation_deduction(TOTAL, 85, "from_90", per_point=Decimal("0.001")).amount == Decimal("41357.00")
