"""How a line's service period carries into the renewal of its contract."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.periods import Period, line_period, renewed_line_start

CONTRACT = Period(date(2026, 5, 22), date(2027, 5, 21))
RENEWAL = Period(date(2027, 5, 22), date(2028, 5, 21))


def _line(**kwargs):
    return line_period(
        CONTRACT,
        own_start=kwargs.get("own_start"),
        start_on_confirmation=kwargs.get("waits", False),
        confirmed_on=kwargs.get("confirmed_on"),
        term_months=kwargs.get("term_months", 12),
    )


def test_line_40_goes_on_from_the_day_after_its_own_year_ends():
    assert renewed_line_start(_line(own_start=date(2026, 7, 27)), RENEWAL) == date(2027, 7, 27)


def test_a_confirmed_line_goes_on_from_the_day_after_its_confirmed_year():
    assert renewed_line_start(_line(waits=True, confirmed_on=date(2026, 9, 1)), RENEWAL) == date(2027, 9, 1)


def test_a_line_on_the_contract_period_shares_the_renewal_period():
    assert renewed_line_start(_line(), RENEWAL) is None


def test_a_line_still_waiting_for_its_confirmation_has_no_start_to_carry():
    assert renewed_line_start(_line(waits=True), RENEWAL) is None


def test_a_short_own_term_that_ended_before_the_renewal_shares_the_renewal_period():
    assert renewed_line_start(_line(own_start=date(2026, 6, 1), term_months=6), RENEWAL) is None


@given(st.dates(min_value=date(2026, 5, 22), max_value=date(2027, 5, 21)))
def test_a_renewed_own_year_follows_the_previous_one_without_gap_or_overlap(own_start):
    previous = _line(own_start=own_start)
    start = renewed_line_start(previous, RENEWAL)
    following = previous.period.end + timedelta(days=1)
    if start is None:  # only a line whose own year is the contract's year shares the renewal's
        assert following == RENEWAL.start
    else:
        assert start == following > RENEWAL.start
