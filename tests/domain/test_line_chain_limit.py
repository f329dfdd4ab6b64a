"""The 3-year limit is on the service, so on every line: a renewed line's own year is cut at the
chain's last day, or kept past it only with a reason.

The 洛阳 chain began 2025-05-22, so its last day is 2028-05-21. In year 3 (2027-05-22 .. 2028-05-21)
line 35 goes on from 2027-07-01 (natural end 2028-06-30) and line 40 from 2027-07-27 (natural end
2028-07-26). Days cut, counted by hand from 2028-05-22:
  line 35: 22..31 May = 10, June = 30            → 40
  line 40: 22..31 May = 10, June = 30, 1..26 July = 26 → 66
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period, line_period, term_from
from contractmgr.domain.renewal import chain_limit_end, check_line_within_limit, cut_line_at_limit

LIMIT = date(2028, 5, 21)
YEAR_3 = Period(date(2027, 5, 22), LIMIT)


def test_the_luoyang_chain_ends_on_2028_05_21():
    assert chain_limit_end(date(2025, 5, 22)) == LIMIT


@pytest.mark.parametrize(
    ("seq", "start", "natural_end", "days_cut"),
    [(35, date(2027, 7, 1), date(2028, 6, 30), 40), (40, date(2027, 7, 27), date(2028, 7, 26), 66)],
)
def test_lines_35_and_40_are_cut_at_the_chain_limit(seq, start, natural_end, days_cut):
    cut = cut_line_at_limit(term_from(start, 12), LIMIT, seq=seq)
    assert cut.natural == Period(start, natural_end)
    assert cut.period == Period(start, LIMIT)
    assert cut.days_cut == days_cut and cut.cut


def test_a_line_whose_year_fits_is_not_cut():
    cut = cut_line_at_limit(Period(date(2027, 5, 22), LIMIT), LIMIT, seq=1)
    assert cut.period == cut.natural and cut.days_cut == 0 and not cut.cut


def test_a_line_starting_after_the_limit_is_refused():
    with pytest.raises(RuleViolation) as refused:
        cut_line_at_limit(term_from(date(2028, 5, 22), 12), LIMIT, seq=7)
    assert refused.value.code == "line_past_chain_limit" and refused.value.params["seq"] == 7


def test_a_line_past_the_limit_is_refused_without_a_reason():
    with pytest.raises(RuleViolation) as refused:
        check_line_within_limit(Period(date(2027, 7, 27), date(2028, 7, 26)), LIMIT, "  ", seq=40)
    assert refused.value.code == "line_past_chain_limit"
    assert refused.value.params == {"seq": 40, "end": date(2028, 7, 26), "limit_end": LIMIT, "days_over": 66}


def test_a_line_past_the_limit_is_accepted_with_a_reason_and_one_ending_on_the_limit_without():
    check_line_within_limit(Period(date(2027, 7, 27), date(2028, 7, 26)), LIMIT, "采购人书面同意", seq=40)
    check_line_within_limit(Period(date(2027, 7, 27), LIMIT), LIMIT, None, seq=40)


def test_a_line_period_with_an_explicit_end_says_how_many_days_were_cut():
    view = line_period(
        YEAR_3, own_start=date(2027, 7, 27), start_on_confirmation=False, confirmed_on=None, own_end=LIMIT
    )
    assert view.period == Period(date(2027, 7, 27), LIMIT)
    assert view.days_cut == 66 and not view.ends_after_contract


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 1, 1)),
    limit_offset=st.integers(min_value=0, max_value=400),
    months=st.integers(min_value=1, max_value=24),
)
def test_a_cut_never_ends_after_the_limit_and_loses_exactly_the_days_past_it(start, limit_offset, months):
    limit = start + timedelta(days=limit_offset)
    natural = term_from(start, months)
    cut = cut_line_at_limit(natural, limit, seq=1)
    assert cut.period.start == natural.start and cut.period.end <= limit
    assert cut.period.days + cut.days_cut == natural.days
    check_line_within_limit(cut.period, limit, None, seq=1)  # what the renewal proposes is never refused
