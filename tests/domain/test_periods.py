from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import (
    Period,
    check_line_start,
    line_period,
    one_year_from,
    term_from,
)

CONTRACT = Period(date(2026, 5, 22), date(2027, 5, 21))  # contract 第四条


def test_one_year_from_the_seed_start_is_the_contracts_own_period():
    assert one_year_from(date(2026, 5, 22)) == CONTRACT


def test_a_period_counts_both_its_ends():
    assert CONTRACT.days == 365
    assert Period(date(2026, 1, 1), date(2026, 1, 1)).days == 1
    assert one_year_from(date(2027, 5, 22)).days == 366  # through 29 February 2028


def test_a_period_contains_its_first_and_last_day_and_nothing_outside():
    assert CONTRACT.contains(date(2026, 5, 22))
    assert CONTRACT.contains(date(2027, 5, 21))
    assert not CONTRACT.contains(date(2026, 5, 21))
    assert not CONTRACT.contains(date(2027, 5, 22))


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(RuleViolation) as raised:
        Period(date(2026, 5, 22), date(2026, 5, 21))
    assert raised.value.code == "period_ends_before_start"


def test_a_year_from_29_february_ends_on_28_february():
    assert one_year_from(date(2024, 2, 29)) == Period(date(2024, 2, 29), date(2025, 2, 28))


def test_a_year_from_1_march_before_a_leap_day_ends_on_29_february():
    assert one_year_from(date(2027, 3, 1)) == Period(date(2027, 3, 1), date(2028, 2, 29))


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 1), 1, date(2026, 1, 31)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 1), 12, date(2026, 12, 31)),  # the tender's default period
        (date(2026, 5, 22), 36, date(2029, 5, 21)),
        (date(2026, 11, 15), 3, date(2027, 2, 14)),
    ],
)
def test_a_term_ends_the_day_before_its_anniversary(start, months, end):
    assert term_from(start, months) == Period(start, end)


def test_a_term_of_no_months_is_refused():
    with pytest.raises(ValueError):
        term_from(date(2026, 1, 1), 0)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_consecutive_years_leave_no_gap_and_no_overlap(start):
    first = one_year_from(start)
    second = one_year_from(first.end.fromordinal(first.end.toordinal() + 1))
    assert (second.start - first.end).days == 1
    assert 365 <= first.days <= 366


# --- a line's own period ---------------------------------------------------------------------------


def test_a_line_without_its_own_start_shares_the_contract_period():
    line = line_period(CONTRACT, own_start=None, start_on_confirmation=False, confirmed_on=None)
    assert line.period == CONTRACT
    assert line.basis == "contract"
    assert not line.ends_after_contract


def test_line_40_runs_from_27_july_2026_to_26_july_2027_past_the_contract_end():
    line = line_period(CONTRACT, own_start=date(2026, 7, 27), start_on_confirmation=False, confirmed_on=None)
    assert line.period == Period(date(2026, 7, 27), date(2027, 7, 26))
    assert line.basis == "own_start"
    assert line.ends_after_contract
    assert line.days_past_contract_end == 66  # 22 May … 26 July 2027


def test_line_35_runs_from_1_july_2026_to_30_june_2027():
    line = line_period(CONTRACT, own_start=date(2026, 7, 1), start_on_confirmation=False, confirmed_on=None)
    assert line.period == Period(date(2026, 7, 1), date(2027, 6, 30))
    assert line.days_past_contract_end == 40


def test_a_line_that_starts_on_confirmation_waits_until_the_date_is_recorded():
    line = line_period(CONTRACT, own_start=None, start_on_confirmation=True, confirmed_on=None)
    assert line.period is None
    assert line.basis == "waiting_confirmation"
    assert line.waiting_confirmation
    assert line.days_past_contract_end == 0


def test_a_confirmed_line_runs_a_year_from_its_confirmation():
    line = line_period(CONTRACT, own_start=None, start_on_confirmation=True, confirmed_on=date(2026, 6, 10))
    assert line.period == Period(date(2026, 6, 10), date(2027, 6, 9))
    assert line.basis == "confirmed"
    assert line.days_past_contract_end == 19


def test_a_line_term_can_be_shorter_than_a_year():
    line = line_period(
        CONTRACT,
        own_start=date(2026, 6, 1),
        start_on_confirmation=False,
        confirmed_on=None,
        term_months=6,
    )
    assert line.period == Period(date(2026, 6, 1), date(2026, 11, 30))
    assert not line.ends_after_contract


def test_a_line_cannot_start_before_its_contract():
    with pytest.raises(RuleViolation) as raised:
        check_line_start(CONTRACT, date(2026, 5, 20))
    assert raised.value.code == "line_starts_before_contract"
    assert raised.value.params["days_early"] == 2


def test_a_line_may_start_on_the_contracts_first_day():
    check_line_start(CONTRACT, CONTRACT.start)


def test_a_stored_line_that_starts_early_is_still_described_and_flagged():
    line = line_period(CONTRACT, own_start=date(2026, 5, 1), start_on_confirmation=False, confirmed_on=None)
    assert line.starts_before_contract
    assert line.period == Period(date(2026, 5, 1), date(2027, 4, 30))
