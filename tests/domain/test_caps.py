from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.caps import check_supplement, supplement_cap
from contractmgr.domain.errors import RuleViolation

AWARD = Decimal("8271400.00")  # the seed contract's original award


def test_the_cap_is_ten_percent_of_the_original_award():
    status = supplement_cap(AWARD, [])
    assert status.cap == Decimal("827140.00")
    assert status.used == Decimal("0.00")
    assert status.remaining == Decimal("827140.00")


def test_a_supplement_of_exactly_ten_percent_is_accepted_and_leaves_nothing():
    status = check_supplement(AWARD, [], Decimal("827140.00"))
    assert status.used == Decimal("827140.00")
    assert status.remaining == Decimal("0.00")


def test_a_supplement_one_fen_past_ten_percent_is_refused_over_by_one_fen():
    with pytest.raises(RuleViolation) as raised:
        check_supplement(AWARD, [], Decimal("827140.01"))
    assert raised.value.code == "supplement_cap_exceeded"
    assert raised.value.params == {
        "cap": Decimal("827140.00"),
        "used": Decimal("0.00"),
        "remaining": Decimal("827140.00"),
        "over_by": Decimal("0.01"),
        "cap_ratio": Decimal("0.10"),
    }


def test_the_cap_counts_all_supplements_of_the_chain_together():
    agreed = [Decimal("300000.00"), Decimal("400000.00")]
    assert check_supplement(AWARD, agreed, Decimal("127140.00")).remaining == Decimal("0.00")
    with pytest.raises(RuleViolation) as raised:
        check_supplement(AWARD, agreed, Decimal("200000.00"))
    assert raised.value.params["remaining"] == Decimal("127140.00")
    assert raised.value.params["over_by"] == Decimal("72860.00")


def test_a_decrease_does_not_free_cap_for_a_later_increase():
    agreed = [Decimal("827140.00"), Decimal("-100000.00")]
    status = supplement_cap(AWARD, agreed)
    assert status.used == Decimal("827140.00")
    with pytest.raises(RuleViolation):
        check_supplement(AWARD, agreed, Decimal("0.01"))


def test_a_decrease_is_always_accepted_even_with_the_cap_used_up():
    status = check_supplement(AWARD, [Decimal("827140.00")], Decimal("-5000.00"))
    assert status.remaining == Decimal("0.00")


def test_a_cap_that_falls_between_fen_is_rounded_down_so_ten_percent_is_never_passed():
    # 10% of 0.15 is 0.015: 0.02 would be more than 10%.
    assert supplement_cap(Decimal("0.15"), []).cap == Decimal("0.01")


fen = st.integers(min_value=1, max_value=10**12).map(lambda n: Decimal(n).scaleb(-2))


@given(award=fen)
def test_exactly_ten_percent_is_accepted_and_a_fen_more_is_refused_for_any_whole_award(award):
    award = award.quantize(Decimal("0.1"))  # awards in whole 角 have a cap in whole fen
    ten_percent = award / 10
    assert check_supplement(award, [], ten_percent).remaining == 0
    with pytest.raises(RuleViolation) as raised:
        check_supplement(award, [], ten_percent + Decimal("0.01"))
    assert raised.value.params["over_by"] == Decimal("0.01")


def test_the_supplement_of_the_issue_is_refused_by_one_fen_on_the_seed_award():
    with pytest.raises(RuleViolation) as refused:
        check_supplement(AWARD, [], Decimal("827140.01"))
    assert refused.value.params["over_by"] == Decimal("0.01")
    assert refused.value.params["remaining"] == Decimal("827140.00")


def test_a_supplements_lines_add_up_from_before_to_after_and_an_added_line_from_nothing():
    from contractmgr.domain.caps import net_change

    assert net_change([(Decimal("100000.00"), Decimal("150000.00")), (None, Decimal("20000.00"))]) == Decimal(
        "70000.00"
    )


def test_lines_that_disagree_with_the_stated_increase_are_refused_with_the_difference():
    from contractmgr.domain.caps import check_supplement_lines

    assert check_supplement_lines(Decimal("70000.00"), [(None, Decimal("70000.00"))]) == Decimal("70000.00")
    with pytest.raises(RuleViolation) as refused:
        check_supplement_lines(Decimal("70000.00"), [(None, Decimal("69999.99"))])
    assert refused.value.code == "supplement_lines_disagree"
    assert refused.value.params["difference"] == Decimal("-0.01")
