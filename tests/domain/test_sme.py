"""An SME supplier's statutory payment clock (《保障中小企业款项支付条例》第九条、第十条), counted by hand on
the 2026 calendar (see tests/domain/test_statutory.py for its days off and make-up days)."""

from datetime import date

import pytest

from contractmgr.domain.calendar import DueDate
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.sme import earlier, sme_due
from tests.domain.test_statutory import CALENDAR_2026


def due(**kwargs):
    arguments = dict(
        depends_on_acceptance=False, delivered_on=None, accepted_on=None, acceptance_period_end=None, agreed_days=None
    )
    return sme_due(**{**arguments, **kwargs}, calendar=CALENDAR_2026)


def test_a_payment_not_waiting_for_acceptance_is_due_30_days_after_delivery():
    result = due(delivered_on=date(2026, 6, 1))  # Mon 1 Jun + 30 = Wed 1 Jul
    assert (result.basis, result.clause, result.due.on, result.days) == ("delivery", "sme_9", date(2026, 7, 1), 30)
    assert due() is None  # nothing delivered yet: the clock has not started


def test_a_payment_waiting_for_acceptance_counts_from_the_day_it_passed():
    result = due(depends_on_acceptance=True, accepted_on=date(2026, 8, 28), acceptance_period_end=date(2026, 9, 1))
    # Fri 28 Aug + 30 = Sun 27 Sep: a day off, so Mon 28 Sep (民法典 第二百零三条)
    assert (result.basis, result.clause, result.starts_on, result.due.on) == (
        "acceptance",
        "sme_10",
        date(2026, 8, 28),
        date(2026, 9, 28),
    )


@pytest.mark.parametrize("accepted_on", [date(2026, 7, 20), None])
def test_a_purchaser_that_delays_acceptance_starts_the_clock_at_the_end_of_the_agreed_period(accepted_on):
    result = due(depends_on_acceptance=True, accepted_on=accepted_on, acceptance_period_end=date(2026, 6, 10))
    # the agreed period ended Wed 10 Jun; + 30 = Fri 10 Jul
    assert (result.basis, result.starts_on, result.due.on) == (
        "acceptance_period_end",
        date(2026, 6, 10),
        date(2026, 7, 10),
    )


def test_without_acceptance_or_an_agreed_period_the_clock_waits():
    assert due(depends_on_acceptance=True, delivered_on=date(2026, 6, 1)) is None


def test_the_contract_may_agree_up_to_60_days_and_no_more():
    result = due(depends_on_acceptance=True, accepted_on=date(2026, 8, 5), agreed_days=60)
    # Wed 5 Aug + 60 = Sun 4 Oct, inside National Day (off to Wed 7 Oct): Thu 8 Oct
    assert (result.days, result.due.on) == (60, date(2026, 10, 8))
    with pytest.raises(RuleViolation) as refused:
        due(delivered_on=date(2026, 6, 1), agreed_days=90)
    assert refused.value.code == "sme_payment_days_out_of_range"


def test_the_purchaser_must_meet_the_earlier_of_the_contracts_due_date_and_the_statutes():
    statutory = due(depends_on_acceptance=True, accepted_on=date(2026, 8, 28))  # Mon 28 Sep
    # 第七条: 30 working days from Fri 28 Aug: 31 Aug … 24 Sep (20, with Sun 20 Sep), 28–30 Sep (23),
    # 8, 9 Oct, Sat 10 Oct (26), 12–15 Oct (30): Thu 15 Oct
    contract = CALENDAR_2026.add_working_days(date(2026, 8, 28), 30)
    assert contract.on == date(2026, 10, 15)
    assert earlier(contract, statutory) == (statutory.due, "sme_10")
    assert earlier(DueDate(date(2026, 9, 1)), statutory) == (DueDate(date(2026, 9, 1)), "contract")
    assert earlier(contract, None) == (contract, "contract")
    assert earlier(None, statutory) == (statutory.due, "sme_10")
