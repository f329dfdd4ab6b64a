from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.penalties import (
    acceptance_failed,
    late_delivery,
    late_payment_interest_over,
)

TOTAL = Decimal("8271400.00")


@pytest.mark.parametrize(
    ("days", "amount", "may_terminate"),
    [
        (0, "0.00", False),
        (1, "82714.00", False),
        (3, "248142.00", False),
        (10, "827140.00", False),
        (11, "827140.00", True),  # capped at 10%, and the purchaser may terminate
        (45, "827140.00", True),
    ],
)
def test_late_delivery_costs_one_percent_a_day_up_to_ten_percent(days, amount, may_terminate):
    assessment = late_delivery(TOTAL, days)
    assert assessment.amount == Decimal(amount)
    assert assessment.may_terminate is may_terminate
    assert assessment.clause == "合同第十三条"
    assert assessment.inputs["days"] == days


def test_late_delivery_rounds_to_the_fen_half_up():
    assert late_delivery(Decimal("0.50"), 1).amount == Decimal("0.01")  # 0.005 → 0.01


def test_negative_days_late_are_refused():
    with pytest.raises(ValueError):
        late_delivery(TOTAL, -1)


def test_a_failed_acceptance_costs_five_percent_and_a_second_failure_ten():
    assert acceptance_failed(TOTAL, 1).amount == Decimal("413570.00")
    assert acceptance_failed(TOTAL, 2).amount == Decimal("827140.00")
    assert acceptance_failed(TOTAL, 3).amount == Decimal("827140.00")
    with pytest.raises(ValueError):
        acceptance_failed(TOTAL, 0)


def test_the_first_failure_is_its_own_kind_at_5_percent_under_clause_13():
    first = acceptance_failed(TOTAL, 1)
    assert (first.kind, first.inputs["ratio"], first.clause) == ("acceptance_failed", Decimal("0.05"), "合同第十三条")
    assert first.may_terminate is False


@pytest.mark.parametrize("attempt", [2, 3])
def test_a_failure_of_the_rework_is_reported_as_a_failure_again_at_10_percent(attempt):
    again = acceptance_failed(TOTAL, attempt)
    assert (again.kind, again.inputs["ratio"], again.clause) == (
        "acceptance_failed_again",
        Decimal("0.10"),
        "合同第十三条",
    )


ONE_RATE = [(date(2026, 1, 1), Decimal("3.00"))]


def test_late_payment_interest_at_one_rate_uses_the_annual_percent_over_360_days():
    # 2,481,420.00 × 3.00% ÷ 360 × 30 = 6,203.55 (1 to 30 June: 30 days, both ends owe interest)
    assessment = late_payment_interest_over(Decimal("2481420.00"), date(2027, 6, 1), date(2027, 6, 30), ONE_RATE)
    assert assessment.amount == Decimal("6203.55")
    assert assessment.inputs["days"] == 30
    assert assessment.inputs["day_basis"] == 360
    assert [s.annual_rate for s in assessment.inputs["segments"]] == [Decimal("3.00")]


def test_late_payment_interest_on_a_365_day_basis_is_smaller():
    # 2,481,420.00 × 3.00% ÷ 365 × 30 = 6,118.57 (6118.5698…)
    assessment = late_payment_interest_over(
        Decimal("2481420.00"), date(2027, 6, 1), date(2027, 6, 30), ONE_RATE, day_basis=365
    )
    assert assessment.amount == Decimal("6118.57")


LPR_TABLE = [
    (date(2027, 7, 21), Decimal("2.90")),
    (date(2027, 6, 20), Decimal("3.00")),  # the table may come in any order
    (date(2026, 1, 20), Decimal("3.10")),
]


def test_late_payment_interest_over_a_rate_change_uses_each_days_rate():
    # 1 July … 20 July at 3.00% (20 days), 21 July … 31 August at 2.90% (42 days):
    # 2,481,420 × 0.03 ÷ 360 × 20 = 4,135.70; 2,481,420 × 0.029 ÷ 360 × 42 = 8,395.4705
    assessment = late_payment_interest_over(Decimal("2481420.00"), date(2027, 7, 1), date(2027, 8, 31), LPR_TABLE)
    assert assessment.amount == Decimal("12531.17")
    assert assessment.inputs["days"] == 62
    assert [s.days for s in assessment.inputs["segments"]] == [20, 42]


def test_late_payment_interest_over_one_day_is_that_days_rate():
    assessment = late_payment_interest_over(Decimal("3600000.00"), date(2027, 7, 21), date(2027, 7, 21), LPR_TABLE)
    assert assessment.amount == Decimal("290.00")  # 3,600,000 × 2.90% ÷ 360


def test_late_payment_interest_over_needs_a_rate_in_force_on_the_first_day():
    with pytest.raises(RuleViolation) as raised:
        late_payment_interest_over(Decimal("100.00"), date(2025, 12, 1), date(2026, 2, 1), LPR_TABLE)
    assert raised.value.code == "lpr_rate_missing"
    assert raised.value.params["day"] == date(2025, 12, 1)


def test_two_rates_on_one_date_are_refused():
    with pytest.raises(ValueError):
        late_payment_interest_over(
            Decimal("100.00"),
            date(2027, 1, 1),
            date(2027, 2, 1),
            [(date(2026, 1, 1), Decimal("3.00")), (date(2026, 1, 1), Decimal("3.10"))],
        )


def test_no_days_overdue_is_no_interest():
    assessment = late_payment_interest_over(Decimal("100.00"), date(2027, 1, 2), date(2027, 1, 1), LPR_TABLE)
    assert assessment.amount == Decimal("0.00")


amounts = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n).scaleb(-2))
day_counts = st.integers(min_value=0, max_value=400)


@given(total=amounts, days=day_counts)
def test_late_delivery_never_falls_with_more_days(total, days):
    assert late_delivery(total, days + 1).amount >= late_delivery(total, days).amount
    ten_percent = (total / 10).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert late_delivery(total, days).amount <= ten_percent


@given(amount=amounts, first=st.dates(date(2026, 1, 20), date(2028, 1, 1)), days=day_counts)
def test_late_payment_interest_over_never_falls_with_more_days(amount, first, days):
    end = date.fromordinal(first.toordinal() + days)
    shorter = late_payment_interest_over(amount, first, end, LPR_TABLE)
    next_day = date.fromordinal(end.toordinal() + 1)
    longer = late_payment_interest_over(amount, first, next_day, LPR_TABLE)
    assert longer.amount >= shorter.amount
