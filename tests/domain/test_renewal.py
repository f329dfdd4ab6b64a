from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period
from contractmgr.domain.renewal import chain_limit_end, chain_status, check_place_in_chain, check_renewal

CHAIN_START = date(2026, 5, 22)
YEAR_1 = Period(date(2026, 5, 22), date(2027, 5, 21))
YEAR_2 = Period(date(2027, 5, 22), date(2028, 5, 21))
YEAR_3 = Period(date(2028, 5, 22), date(2029, 5, 21))


def test_a_chain_begun_22_may_2026_may_run_to_21_may_2029():
    assert chain_limit_end(CHAIN_START) == date(2029, 5, 21)


def test_a_chain_begun_on_29_february_ends_on_28_february_three_years_on():
    assert chain_limit_end(date(2024, 2, 29)) == date(2027, 2, 28)


def test_a_renewal_ending_exactly_three_years_on_is_accepted():
    status = check_renewal(CHAIN_START, YEAR_3, previous_end=YEAR_2.end)
    assert status.latest_end == date(2029, 5, 21)
    assert status.days_left == 0
    assert status.years_used == Decimal("3.00")
    assert status.years_left == Decimal("0.00")


def test_a_renewal_one_day_past_three_years_is_refused_by_one_day():
    with pytest.raises(RuleViolation) as raised:
        check_renewal(CHAIN_START, Period(date(2028, 5, 22), date(2029, 5, 22)), previous_end=YEAR_2.end)
    assert raised.value.code == "renewal_limit_exceeded"
    assert raised.value.params["days_over"] == 1
    assert raised.value.params["limit_end"] == date(2029, 5, 21)


def test_a_fourth_year_is_refused_by_a_whole_year_of_days():
    with pytest.raises(RuleViolation) as raised:
        check_renewal(CHAIN_START, Period(date(2029, 5, 22), date(2030, 5, 21)), previous_end=YEAR_3.end)
    assert raised.value.params["days_over"] == 365


def test_a_gap_between_contracts_does_not_stretch_the_three_years():
    late_renewal = Period(date(2028, 9, 1), date(2029, 8, 31))
    with pytest.raises(RuleViolation) as raised:
        check_renewal(CHAIN_START, late_renewal, previous_end=YEAR_1.end)
    assert raised.value.params["days_over"] == 102  # 22 May … 31 August 2029


def test_a_renewal_that_starts_before_the_previous_contract_ends_is_refused():
    with pytest.raises(RuleViolation) as raised:
        check_renewal(CHAIN_START, Period(date(2027, 5, 20), date(2028, 5, 19)), previous_end=YEAR_1.end)
    assert raised.value.code == "renewal_overlaps"
    assert raised.value.params["days_overlap"] == 2
    assert raised.value.params["previous_end"] == date(2027, 5, 21)


def test_a_renewal_that_starts_the_day_after_the_previous_one_ends_is_accepted():
    status = check_renewal(CHAIN_START, YEAR_2, previous_end=YEAR_1.end)
    assert status.days_used == 731  # 22 May 2026 … 21 May 2028, through 29 February 2028
    assert status.years_used == Decimal("2.00")
    assert status.years_left == Decimal("1.00")


def test_the_status_after_the_first_year_leaves_two_years():
    status = chain_status(CHAIN_START, [YEAR_1])
    assert status.days_used == 365
    assert status.days_left == 731
    assert status.years_used == Decimal("1.00")
    assert status.within_limit


def test_the_status_uses_the_latest_end_of_all_contracts():
    status = chain_status(CHAIN_START, [YEAR_2, YEAR_1])
    assert status.latest_end == YEAR_2.end


def test_a_chain_recorded_past_its_limit_shows_by_how_much():
    status = chain_status(CHAIN_START, [Period(date(2028, 5, 22), date(2029, 6, 1))])
    assert status.days_over == 11
    assert status.days_left == 0
    assert not status.within_limit


def test_a_chain_without_contracts_has_no_status():
    with pytest.raises(ValueError):
        chain_status(CHAIN_START, [])


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    last_year_start_offset=st.integers(min_value=700, max_value=760),
)
def test_three_years_are_accepted_and_one_day_more_is_refused_for_any_start(start, last_year_start_offset):
    # The limit computed independently: the same day three years on (1 March when 29 February
    # has no anniversary), less a day.
    try:
        anniversary = start.replace(year=start.year + 3)
    except ValueError:
        anniversary = date(start.year + 3, 3, 1)
    limit = anniversary - timedelta(days=1)
    renewal_start = start + timedelta(days=last_year_start_offset)
    assert check_renewal(start, Period(renewal_start, limit)).latest_end == limit
    with pytest.raises(RuleViolation) as raised:
        check_renewal(start, Period(renewal_start, limit + timedelta(days=1)))
    assert raised.value.params["days_over"] == 1


def test_a_renewal_that_starts_on_the_day_the_previous_one_ends_overlaps_by_one_day():
    with pytest.raises(RuleViolation) as raised:
        check_renewal(CHAIN_START, Period(date(2027, 5, 21), date(2028, 5, 20)), previous_end=YEAR_1.end)
    assert raised.value.code == "renewal_overlaps"
    assert raised.value.params["days_overlap"] == 1


def test_a_renewal_cannot_start_before_the_chain_does():
    with pytest.raises(RuleViolation) as raised:
        check_renewal(CHAIN_START, Period(date(2026, 5, 1), date(2027, 4, 30)))
    assert raised.value.code == "renewal_overlaps"


def test_a_corrected_period_may_not_run_into_the_renewal_that_follows_it():
    with pytest.raises(RuleViolation) as refused:
        check_place_in_chain(
            date(2025, 5, 22), Period(date(2025, 5, 22), date(2026, 5, 22)), next_start=date(2026, 5, 22)
        )
    assert refused.value.code == "renewal_overlaps" and refused.value.params["days_overlap"] == 1


def test_a_corrected_renewal_may_not_end_past_the_three_years():
    with pytest.raises(RuleViolation) as refused:
        check_place_in_chain(
            date(2025, 5, 22), Period(date(2026, 5, 22), date(2031, 5, 21)), previous_end=date(2026, 5, 21)
        )
    assert refused.value.params["days_over"] == 1095


def test_the_chain_counts_from_its_first_contract_wherever_that_is_moved():
    # the chain now starts 2025-06-01, so its limit is 2028-05-31: a last end of 2028-05-31 fits
    status = check_place_in_chain(
        date(2025, 6, 1),
        Period(date(2025, 6, 1), date(2026, 5, 21)),
        next_start=date(2026, 5, 22),
        latest_end=date(2028, 5, 31),
    )
    assert status.limit_end == date(2028, 5, 31)
    # moved earlier to 2025-05-01, the limit becomes 2028-04-30 and the last renewal overruns it by 31 days
    with pytest.raises(RuleViolation) as refused:
        check_place_in_chain(
            date(2025, 5, 1),
            Period(date(2025, 5, 1), date(2026, 5, 21)),
            next_start=date(2026, 5, 22),
            latest_end=date(2028, 5, 31),
        )
    assert refused.value.code == "renewal_limit_exceeded" and refused.value.params["days_over"] == 31
