from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.periods import Period
from contractmgr.domain.staffing import Assignment, shortfall_days, staffing_on

YEAR = Period(date(2026, 5, 22), date(2027, 5, 21))
# Lines 1, 12 and 13 of the seed annex ask for 2, 5 and 3 people; line 20 for 1.
ASKS = {"line-1": 2, "line-12": 5, "line-13": 3, "line-20": 1}


def _crew(count, line, start=YEAR.start, end=None, prefix="p"):
    return [Assignment(f"{prefix}{i}", line, start, end) for i in range(count)]


def test_the_total_committed_is_the_minimum_when_the_lines_ask_for_fewer():
    status = staffing_on(date(2026, 6, 1), ASKS, [])
    assert status.committed_total == 15  # tender 注3, though the lines ask for 11
    assert status.on_site_total == 0
    assert status.short_by == 15


def test_the_total_committed_is_the_sum_of_the_asks_when_they_pass_the_minimum():
    asks = {f"line-{n}": 2 for n in range(10)}
    assert staffing_on(date(2026, 6, 1), asks, []).committed_total == 20


def test_each_line_shows_its_ask_against_the_people_on_site():
    roster = _crew(2, "line-1", prefix="a") + _crew(4, "line-12", prefix="b")
    status = staffing_on(date(2026, 6, 1), ASKS, roster)
    by_line = {line.line: line for line in status.lines}
    assert (by_line["line-1"].committed, by_line["line-1"].on_site) == (2, 2)
    assert not by_line["line-1"].short
    assert by_line["line-12"].short_by == 1
    assert by_line["line-13"].short_by == 3
    assert [line.line for line in status.short_lines] == ["line-12", "line-13", "line-20"]


def test_people_count_only_between_their_first_and_last_day_on_site():
    roster = [Assignment("wang", "line-1", date(2026, 6, 1), date(2026, 6, 30))]
    assert staffing_on(date(2026, 5, 31), ASKS, roster).on_site_total == 0
    assert staffing_on(date(2026, 6, 1), ASKS, roster).on_site_total == 1
    assert staffing_on(date(2026, 6, 30), ASKS, roster).on_site_total == 1
    assert staffing_on(date(2026, 7, 1), ASKS, roster).on_site_total == 0


def test_an_open_ended_assignment_counts_on_every_day_after_it_starts():
    roster = [("li", "line-20", date(2026, 6, 1), None)]  # plain tuples are accepted
    assert staffing_on(date(2027, 5, 21), ASKS, roster).on_site_total == 1


def test_a_person_on_two_lines_counts_for_each_line_but_once_in_the_total():
    roster = [
        Assignment("zhao", "line-1", YEAR.start),
        Assignment("zhao", "line-20", YEAR.start),
    ]
    status = staffing_on(date(2026, 6, 1), ASKS, roster)
    by_line = {line.line: line.on_site for line in status.lines}
    assert by_line["line-1"] == 1 and by_line["line-20"] == 1
    assert status.on_site_total == 1


def test_a_line_that_asks_for_no_one_still_shows_who_is_on_it():
    status = staffing_on(date(2026, 6, 1), ASKS, [Assignment("qian", "line-7", YEAR.start)])
    line_7 = next(line for line in status.lines if line.line == "line-7")
    assert (line_7.committed, line_7.on_site, line_7.short) == (0, 1, False)


def test_an_assignment_that_ends_before_it_starts_is_refused():
    with pytest.raises(RuleViolation) as raised:
        Assignment("sun", "line-1", date(2026, 6, 2), date(2026, 6, 1))
    assert raised.value.code == "assignment_ends_before_start"


def test_a_full_crew_all_year_has_no_shortfall_days():
    assert shortfall_days(YEAR, ASKS, _crew(15, "line-12")) == []


def test_a_month_one_person_short_shows_each_day_of_that_month():
    roster = _crew(14, "line-12") + [
        Assignment("p14", "line-1", YEAR.start, date(2026, 6, 30)),
        Assignment("p14", "line-1", date(2026, 8, 1), None),
    ]
    days = shortfall_days(YEAR, ASKS, roster)
    assert days[0] == date(2026, 7, 1)
    assert days[-1] == date(2026, 7, 31)
    assert len(days) == 31


def test_overlapping_assignments_of_one_person_do_not_count_twice():
    roster = _crew(14, "line-12") + [
        Assignment("p14", "line-1", YEAR.start, date(2026, 12, 31)),
        Assignment("p14", "line-20", date(2026, 10, 1), None),
    ]
    days = shortfall_days(YEAR, {}, roster + [Assignment("extra", "line-1", date(2027, 1, 1))])
    assert days == []
    assert shortfall_days(YEAR, {"line-x": 16}, roster) == list(YEAR.each_day())


def test_assignments_outside_the_period_do_not_count():
    roster = _crew(15, "line-12", start=date(2025, 1, 1), end=date(2026, 5, 21))
    assert len(shortfall_days(YEAR, ASKS, roster)) == YEAR.days


assignments = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=20),
        st.sampled_from(["line-1", "line-12", "line-13"]),
        st.integers(min_value=-30, max_value=400),
        st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(raw=assignments, minimum=st.integers(min_value=0, max_value=20))
def test_the_sweep_finds_the_same_days_as_asking_day_by_day(raw, minimum):
    roster = [
        Assignment(
            person,
            line,
            YEAR.start + timedelta(days=start),
            None if length is None else YEAR.start + timedelta(days=start + length),
        )
        for person, line, start, length in raw
    ]
    day_by_day = [day for day in YEAR.each_day() if staffing_on(day, ASKS, roster, minimum).short_by > 0]
    assert shortfall_days(YEAR, ASKS, roster, minimum) == day_by_day
