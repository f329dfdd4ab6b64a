"""When the purchaser's late-payment interest starts (contract 第十三条, read with 第七条)."""

from datetime import date

from contractmgr.domain.schedule import late_interest_start


def test_a_payment_on_the_due_date_owes_no_interest():
    assert late_interest_start(date(2026, 7, 6), date(2026, 6, 1), date(2026, 7, 6)) is None


def test_a_payment_the_day_after_the_due_date_owes_interest_from_that_day():
    assert late_interest_start(date(2026, 7, 6), date(2026, 6, 1), date(2026, 7, 7)) == date(2026, 7, 7)


def test_interest_waits_for_the_vendor_when_it_applied_after_the_due_date():
    # The invoice came in on 20 July, after the 6 July due date: the purchaser is late from 21 July.
    assert late_interest_start(date(2026, 7, 6), date(2026, 7, 20), date(2026, 7, 31)) == date(2026, 7, 21)


def test_no_interest_without_a_due_date_or_before_the_conditions_are_met():
    assert late_interest_start(None, date(2026, 6, 1), date(2026, 7, 31)) is None
    assert late_interest_start(date(2026, 7, 6), None, date(2026, 7, 31)) is None
