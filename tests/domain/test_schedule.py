"""The payment schedule of contract 第七条: amounts, netting of deductions, due dates and status.

Expected amounts and dates are written out by hand (the contract states 5,789,980.00 and
2,481,420.00 itself); none is computed with the code under test.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.schedule import (
    FIRST_MILESTONE_WORKING_DAYS,
    SECOND_MILESTONE_WORKING_DAYS,
    Deduction,
    MilestoneStatus,
    due_date,
    milestone_amounts,
    milestone_status,
    net_schedule,
    second_milestone_clock_start,
)
from contractmgr.services.calendar import build_calendar

SEED_TOTAL = Decimal("8271400.00")
FIRST = Decimal("5789980.00")
SECOND = Decimal("2481420.00")

NATIONAL_DAY_2025 = WorkingCalendar(
    days_off=frozenset({date(2025, 10, d) for d in (1, 2, 3, 6, 7, 8)}),
    makeup_days=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
    known_years=frozenset({2025}),
)

# --- amounts -------------------------------------------------------------------------------


def test_the_seed_contract_splits_into_the_two_amounts_it_states():
    assert milestone_amounts(SEED_TOTAL) == [FIRST, SECOND]


def test_a_total_that_does_not_split_evenly_gives_the_spare_fen_to_the_largest_remainder():
    # 70% of 100.01 is 70.007, 30% is 30.003: the spare fen goes to the 70% part.
    assert milestone_amounts(Decimal("100.01")) == [Decimal("70.01"), Decimal("30.00")]


def test_three_milestones_add_up_to_the_total_to_the_fen():
    parts = milestone_amounts(Decimal("100.00"), [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")])
    assert parts == [Decimal("34.00"), Decimal("33.00"), Decimal("33.00")]


@pytest.mark.parametrize(
    ("ratios", "found"),
    [
        ((Decimal("0.70"), Decimal("0.20")), Decimal("0.90")),
        ((Decimal("0.70"), Decimal("0.40")), Decimal("1.10")),
        ((), Decimal("0")),
    ],
)
def test_ratios_that_do_not_add_up_to_one_are_refused_with_their_sum(ratios, found):
    with pytest.raises(RuleViolation) as caught:
        milestone_amounts(SEED_TOTAL, ratios)
    assert caught.value.code == "milestone_ratios_not_whole"
    assert caught.value.params["sum"] == found


def test_a_negative_ratio_is_refused_even_when_the_sum_is_one():
    with pytest.raises(RuleViolation) as caught:
        milestone_amounts(SEED_TOTAL, [Decimal("1.10"), Decimal("-0.10")])
    assert caught.value.code == "milestone_ratio_negative"


@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    first_percent=st.integers(min_value=0, max_value=100),
)
def test_milestones_always_add_up_to_the_total(total, first_percent):
    first_ratio = Decimal(first_percent) / 100
    parts = milestone_amounts(total, [first_ratio, 1 - first_ratio])
    assert sum(parts) == total
    assert all(part >= 0 for part in parts)


# --- netting -------------------------------------------------------------------------------

LATE_DELIVERY = Deduction("逾期交付违约金", Decimal("827140.00"), "合同第十三条")


def test_a_deduction_smaller_than_its_milestone_is_taken_off_it():
    first, second = net_schedule([FIRST, SECOND], [[LATE_DELIVERY], []])
    assert first.net == Decimal("4962840.00")
    assert first.applied == Decimal("827140.00")
    assert first.carried_out == Decimal("0.00")
    assert second.carried_in == Decimal("0.00")
    assert second.net == SECOND


def test_a_deduction_larger_than_its_milestone_carries_the_rest_to_the_next_one():
    huge = Deduction("验收不合格违约金", Decimal("6000000.00"), "合同第十三条")
    first, second = net_schedule([FIRST, SECOND], [[huge], []])
    assert first.net == Decimal("0.00")
    assert first.applied == FIRST
    assert first.carried_out == Decimal("210020.00")
    assert second.carried_in == Decimal("210020.00")
    assert second.net == Decimal("2271400.00")
    assert second.unrecovered == Decimal("0.00")


def test_carried_deductions_and_the_next_milestones_own_are_both_taken_off():
    huge = Deduction("验收不合格违约金", Decimal("6000000.00"))
    evaluation = Deduction("考评扣减", Decimal("248142.00"), "招标文件 五、运维考评")
    first, second = net_schedule([FIRST, SECOND], [[huge], [evaluation]])
    assert second.deducted == Decimal("248142.00")
    assert second.applied == Decimal("458162.00")
    assert second.net == Decimal("2023258.00")


def test_what_the_last_milestone_cannot_absorb_stays_visible_as_unrecovered():
    first_deduction = Deduction("违约金", Decimal("7000000.00"))
    second_deduction = Deduction("违约金", Decimal("2000000.00"))
    first, second = net_schedule([FIRST, SECOND], [[first_deduction], [second_deduction]])
    assert first.carried_out == Decimal("1210020.00")
    assert second.net == Decimal("0.00")
    assert second.carried_out == Decimal("0.00")
    assert second.unrecovered == Decimal("728600.00")


def test_a_milestone_keeps_its_own_deductions_listed_for_the_schedule():
    first, _ = net_schedule([FIRST, SECOND], [[LATE_DELIVERY, LATE_DELIVERY], []])
    assert first.deductions == (LATE_DELIVERY, LATE_DELIVERY)
    assert first.deducted == Decimal("1654280.00")


def test_no_deductions_leave_every_milestone_whole():
    netted = net_schedule([FIRST, SECOND], [[], []])
    assert [m.net for m in netted] == [FIRST, SECOND]


def test_a_negative_deduction_is_refused():
    with pytest.raises(RuleViolation) as caught:
        net_schedule([FIRST, SECOND], [[Deduction("退还", Decimal("-1.00"))], []])
    assert caught.value.code == "deduction_negative"


def test_each_milestone_needs_its_own_deduction_list():
    with pytest.raises(ValueError):
        net_schedule([FIRST, SECOND], [[]])


# --- due dates -----------------------------------------------------------------------------


def test_no_due_date_while_the_clock_has_not_started():
    assert due_date(None, 30, NATIONAL_DAY_2025) is None


def test_the_first_milestone_of_the_seed_contract_is_due_on_6_july_2026():
    # Signed Fri 22 May 2026: 25–29 May (5), 1–5 Jun (10), 8–12 (15), 15–18 (19, Fri 19 June is
    # the Dragon Boat Festival), 22–26 (24), 29 Jun – 3 Jul (29), Mon 6 July (30).
    calendar = build_calendar([2026])
    due = due_date(date(2026, 5, 22), FIRST_MILESTONE_WORKING_DAYS, calendar)
    assert due == DueDate(date(2026, 7, 6), False, ())


def test_the_second_milestone_clock_waits_for_both_acceptance_and_invoice():
    assert second_milestone_clock_start(None, date(2025, 9, 1)) is None
    assert second_milestone_clock_start(date(2025, 9, 1), None) is None


def test_an_invoice_received_before_acceptance_passes_starts_the_clock_at_acceptance():
    assert second_milestone_clock_start(date(2025, 9, 15), date(2025, 9, 1)) == date(2025, 9, 15)
    assert second_milestone_clock_start(date(2025, 9, 1), date(2025, 9, 15)) == date(2025, 9, 15)


def test_the_second_milestone_is_due_30_working_days_after_the_invoice_across_national_day():
    clock_start = second_milestone_clock_start(date(2025, 9, 10), date(2025, 9, 15))
    due = due_date(clock_start, SECOND_MILESTONE_WORKING_DAYS, NATIONAL_DAY_2025)
    assert due == DueDate(date(2025, 10, 31), False, ())


def test_a_second_milestone_due_in_an_unknown_year_says_so():
    # The seed contract's year ends 21 May 2027; acceptance and invoice that month, 2027 unknown.
    clock_start = second_milestone_clock_start(date(2027, 5, 28), date(2027, 5, 31))
    due = due_date(clock_start, SECOND_MILESTONE_WORKING_DAYS, build_calendar([2026, 2027]))
    assert due is not None
    assert due.provisional
    assert due.unknown_years == (2027,)


# --- status --------------------------------------------------------------------------------

DUE_30_SEP = DueDate(date(2025, 9, 30))


def _status(due=DUE_30_SEP, paid="0.00", net=FIRST, today=date(2025, 9, 1), conditions_met=True) -> MilestoneStatus:
    return milestone_status(due, Decimal(paid), net, today, NATIONAL_DAY_2025, conditions_met)


def test_a_milestone_whose_conditions_are_not_in_is_waiting_even_with_a_due_date():
    status = _status(conditions_met=False, today=date(2025, 10, 20))
    assert status.kind == "waiting"
    assert status.due_on == date(2025, 9, 30)
    assert status.overdue_working_days == 0


def test_a_milestone_whose_clock_has_not_started_is_waiting():
    assert _status(due=None).kind == "waiting"


def test_a_milestone_is_due_up_to_and_including_its_due_date():
    assert _status(today=date(2025, 9, 1)).kind == "due"
    on_the_day = _status(today=date(2025, 9, 30))
    assert on_the_day.kind == "due"
    assert on_the_day.outstanding == FIRST


def test_overdue_days_skip_the_national_day_holiday():
    # Due Tue 30 Sep; working days after it: Thu 9 and Fri 10 October.
    status = _status(today=date(2025, 10, 10))
    assert status.kind == "overdue"
    assert status.overdue_working_days == 2
    assert not status.provisional


def test_a_milestone_inside_the_holiday_after_its_due_date_is_not_yet_overdue():
    # No working day has passed since the due date: nobody can pay on 1–8 October.
    status = _status(today=date(2025, 10, 8))
    assert status.kind == "due"
    assert status.overdue_working_days == 0


def test_an_overdue_count_into_an_unknown_year_is_provisional():
    status = milestone_status(
        DueDate(date(2026, 12, 31)), Decimal("0.00"), SECOND, date(2027, 1, 5), build_calendar([2026]), True
    )
    assert status.kind == "overdue"
    assert status.overdue_working_days == 3
    assert status.provisional
    assert status.unknown_years == (2027,)


def test_a_provisional_due_date_makes_the_status_provisional():
    status = _status(due=DueDate(date(2027, 1, 12), True, (2027,)), today=date(2026, 12, 1))
    assert status.kind == "due"
    assert status.provisional
    assert status.unknown_years == (2027,)


def test_a_milestone_paid_in_part_says_what_is_still_owed_and_how_late_it_is():
    status = _status(paid="1000000.00", today=date(2025, 10, 10))
    assert status.kind == "partly_paid"
    assert status.outstanding == Decimal("4789980.00")
    assert status.overdue_working_days == 2
    assert status.is_overdue


def test_a_milestone_paid_in_full_is_paid():
    status = _status(paid="5789980.00", today=date(2025, 10, 10))
    assert status.kind == "paid"
    assert status.outstanding == Decimal("0.00")


def test_a_milestone_netted_to_zero_is_settled_as_paid():
    assert _status(net=Decimal("0.00")).kind == "paid"
