"""Working days on the PRC calendar: hand-built calendars test the rule, the real package tests the data.

Every expected date below was counted by hand on a paper calendar, not by the code under test.
National Day 2025: Wed 1 – Wed 8 October off, make-up working days Sun 28 September and Sat 11
October. Spring Festival 2026: Sun 15 – Mon 23 February off, make-up working days Sat 14 and Sat
28 February.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractmgr.domain.calendar import DueDate, WorkingCalendar, WorkingDayCount
from contractmgr.services.calendar import build_calendar

NATIONAL_DAY_2025 = WorkingCalendar(
    # Only the weekdays of the holiday matter: 4–5 October are a weekend anyway.
    days_off=frozenset({date(2025, 10, d) for d in (1, 2, 3, 6, 7, 8)}),
    makeup_days=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
    known_years=frozenset({2025}),
)

SPRING_FESTIVAL_2026 = WorkingCalendar(
    days_off=frozenset({date(2026, 1, 1), date(2026, 1, 2)} | {date(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)}),
    makeup_days=frozenset({date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28)}),
    known_years=frozenset({2026}),
)


@pytest.fixture(scope="module")
def package_calendar() -> WorkingCalendar:
    return build_calendar(range(2024, 2028))


# --- the rule, on hand-built calendars -----------------------------------------------------


def test_thirty_working_days_across_national_day_skip_the_holiday_and_count_both_make_up_days():
    # From Mon 15 Sep: 16–19 (4), 22–26 (9), Sun 28 (10), 29–30 (12), 9–10 Oct (14), Sat 11 (15),
    # 13–17 (20), 20–24 (25), 27–31 (30). Monday to Friday alone would give 27 October.
    assert NATIONAL_DAY_2025.add_working_days(date(2025, 9, 15), 30) == DueDate(date(2025, 10, 31), False, ())


def test_working_days_across_spring_festival_2026_count_both_make_up_saturdays():
    # From Tue 20 Jan: 21–23 (3), 26–30 (8), 2–6 Feb (13), 9–13 (18), Sat 14 (19), 24–27 (23),
    # Sat 28 (24), 2–6 Mar (29), Mon 9 Mar (30).
    assert SPRING_FESTIVAL_2026.add_working_days(date(2026, 1, 20), 30).on == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2025, 10, 1), 0, date(2025, 10, 1), id="n=0 gives the start itself, even a holiday"),
        pytest.param(date(2025, 9, 29), 0, date(2025, 9, 29), id="n=0 on a working day"),
        pytest.param(date(2025, 10, 3), 1, date(2025, 10, 9), id="start on a holiday: next working day after it"),
        pytest.param(date(2025, 10, 8), 1, date(2025, 10, 9), id="start on the holiday's last day"),
        pytest.param(date(2025, 9, 30), 1, date(2025, 10, 9), id="start the day before the holiday"),
        pytest.param(date(2025, 9, 27), 1, date(2025, 9, 28), id="Saturday before a make-up Sunday"),
        pytest.param(date(2025, 9, 26), 1, date(2025, 9, 28), id="Friday: the make-up Sunday comes first"),
        pytest.param(date(2025, 9, 28), 1, date(2025, 9, 29), id="start on the make-up Sunday"),
        pytest.param(date(2025, 10, 10), 1, date(2025, 10, 11), id="Friday before a make-up Saturday"),
        pytest.param(date(2025, 10, 11), 1, date(2025, 10, 13), id="start on the make-up Saturday"),
        pytest.param(date(2025, 9, 28), 3, date(2025, 10, 9), id="three working days over the holiday"),
        pytest.param(date(2025, 10, 17), 1, date(2025, 10, 20), id="an ordinary weekend"),
    ],
)
def test_boundary_cases_around_national_day(start, n, expected):
    assert NATIONAL_DAY_2025.add_working_days(start, n).on == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2026, 2, 13), 1, date(2026, 2, 14), id="Friday before the make-up Saturday"),
        pytest.param(date(2026, 2, 14), 1, date(2026, 2, 24), id="make-up Saturday: next is after the holiday"),
        pytest.param(date(2026, 2, 18), 1, date(2026, 2, 24), id="start inside the holiday"),
        pytest.param(date(2026, 2, 27), 1, date(2026, 2, 28), id="the second make-up Saturday"),
        pytest.param(date(2025, 12, 31), 1, date(2026, 1, 4), id="New Year: 1–3 Jan off, make-up Sunday 4 Jan"),
    ],
)
def test_boundary_cases_around_spring_festival(start, n, expected):
    assert SPRING_FESTIVAL_2026.add_working_days(start, n).on == expected


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        NATIONAL_DAY_2025.add_working_days(date(2025, 10, 9), -1)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        pytest.param(date(2025, 9, 30), date(2025, 10, 9), 1, id="over the whole holiday"),
        pytest.param(date(2025, 9, 26), date(2025, 10, 13), 7, id="both make-up days count"),
        pytest.param(date(2025, 10, 1), date(2025, 10, 8), 0, id="inside the holiday"),
        pytest.param(date(2025, 10, 9), date(2025, 10, 9), 0, id="same day"),
        pytest.param(date(2025, 10, 13), date(2025, 10, 9), 0, id="end before start"),
        pytest.param(date(2025, 10, 10), date(2025, 10, 12), 1, id="the end's weekend adds only the make-up day"),
    ],
)
def test_working_days_between_counts_after_start_up_to_and_including_end(start, end, days):
    assert NATIONAL_DAY_2025.working_days_between(start, end) == WorkingDayCount(days, False, ())


def test_a_day_listed_both_off_and_working_is_refused():
    with pytest.raises(ValueError):
        WorkingCalendar(frozenset({date(2025, 10, 1)}), frozenset({date(2025, 10, 1)}), frozenset({2025}))


def test_with_year_replaces_that_year_and_makes_it_known():
    replaced = NATIONAL_DAY_2025.with_year(2025, days_off=[date(2025, 12, 25)], makeup_days=[])
    assert replaced.knows(2025)
    assert replaced.is_working_day(date(2025, 10, 1))  # the old holiday is gone
    assert not replaced.is_working_day(date(2025, 9, 28))  # so is the old make-up Sunday
    assert not replaced.is_working_day(date(2025, 12, 25))


def test_with_year_refuses_days_of_another_year():
    with pytest.raises(ValueError):
        WorkingCalendar().with_year(2027, days_off=[date(2026, 12, 31)], makeup_days=[])


def test_with_day_corrects_one_day_without_making_its_year_known():
    corrected = WorkingCalendar().with_day(date(2027, 1, 1), working=False)
    assert not corrected.is_working_day(date(2027, 1, 1))
    assert not corrected.knows(2027)


# --- years the calendar does not know ------------------------------------------------------


def test_counting_into_an_unknown_year_counts_weekdays_but_says_it_is_provisional(package_calendar):
    # From Tue 1 Dec 2026: December gives 22 (2–4, 7–11, 14–18, 21–25, 28–31), then plain
    # weekdays of 2027: Fri 1 Jan (23), 4–8 (28), 11 (29), 12 (30).
    assert package_calendar.add_working_days(date(2026, 12, 1), 30) == DueDate(date(2027, 1, 12), True, (2027,))


def test_the_unknown_year_becomes_exact_once_an_administrator_enters_it():
    calendar = build_calendar([2026, 2027], overrides=[(date(2027, 1, 1), "holiday")], override_years=[2027])
    # 1 Jan 2027 is now a day off: 4–8 (27), 11–13 (30).
    assert calendar.add_working_days(date(2026, 12, 1), 30) == DueDate(date(2027, 1, 13), False, ())


def test_an_override_without_its_year_applies_but_the_year_stays_unknown():
    calendar = build_calendar([2026, 2027], overrides=[(date(2027, 1, 1), "holiday")])
    assert calendar.add_working_days(date(2026, 12, 1), 30) == DueDate(date(2027, 1, 13), True, (2027,))


def test_a_count_inside_a_known_year_is_exact_even_if_the_calendar_misses_other_years(package_calendar):
    assert package_calendar.add_working_days(date(2026, 3, 2), 5) == DueDate(date(2026, 3, 9), False, ())


def test_overdue_count_into_an_unknown_year_is_provisional(package_calendar):
    # Fri 1 Jan, Mon 4, Tue 5 January 2027, all plain weekdays.
    count = package_calendar.working_days_between(date(2026, 12, 31), date(2027, 1, 5))
    assert count == WorkingDayCount(3, True, (2027,))


def test_a_count_through_several_unknown_years_lists_them_all():
    due = WorkingCalendar().add_working_days(date(2027, 12, 30), 5)
    assert due.unknown_years == (2027, 2028)
    assert due.provisional


# --- the real package ----------------------------------------------------------------------


def test_the_package_knows_2025_and_2026_but_not_2027(package_calendar):
    assert package_calendar.known_years == frozenset({2024, 2025, 2026})


def test_package_national_day_2025_matches_the_state_council_notice(package_calendar):
    off = {date(2025, 10, d) for d in range(1, 9)} | {date(2025, 9, 27)}
    working = {date(2025, 9, 26), date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30)}
    working |= {date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11)}
    assert all(not package_calendar.is_working_day(day) for day in off)
    assert all(package_calendar.is_working_day(day) for day in working)


def test_package_spring_festival_2026_matches_the_state_council_notice(package_calendar):
    off = {date(2026, 2, d) for d in range(15, 24)}
    working = {date(2026, 2, 13), date(2026, 2, 14), date(2026, 2, 24), date(2026, 2, 28)}
    assert all(not package_calendar.is_working_day(day) for day in off)
    assert all(package_calendar.is_working_day(day) for day in working)


def test_the_package_calendar_gives_the_hand_counted_due_dates(package_calendar):
    assert package_calendar.add_working_days(date(2025, 9, 15), 30).on == date(2025, 10, 31)
    assert package_calendar.add_working_days(date(2026, 1, 20), 30).on == date(2026, 3, 9)


def test_2026_has_248_working_days(package_calendar):
    # 261 weekdays, 19 of them holidays, plus 6 make-up weekend days.
    assert package_calendar.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == WorkingDayCount(248)


def test_an_override_workday_beats_the_package_holiday():
    calendar = build_calendar([2025], overrides=[(date(2025, 10, 8), "workday")])
    assert calendar.add_working_days(date(2025, 9, 30), 1).on == date(2025, 10, 8)


def test_an_override_holiday_beats_the_package_make_up_day():
    calendar = build_calendar([2025], overrides=[(date(2025, 10, 11), "holiday")])
    assert calendar.add_working_days(date(2025, 10, 10), 1).on == date(2025, 10, 13)


def test_an_override_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        build_calendar([2025], overrides=[(date(2025, 10, 11), "half-day")])


# --- properties ----------------------------------------------------------------------------

_starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30))
_counts = st.integers(min_value=0, max_value=300)


@settings(max_examples=200)
@given(start=_starts, n=_counts, more=st.integers(min_value=1, max_value=60))
def test_adding_more_working_days_never_gives_an_earlier_date(package_calendar, start, n, more):
    assert package_calendar.add_working_days(start, n).on < package_calendar.add_working_days(start, n + more).on


@settings(max_examples=200)
@given(start=_starts, n=st.integers(min_value=1, max_value=300))
def test_the_result_is_always_a_working_day(package_calendar, start, n):
    assert package_calendar.is_working_day(package_calendar.add_working_days(start, n).on)


@settings(max_examples=200)
@given(start=_starts, n=_counts)
def test_counting_the_days_between_gives_n_back(package_calendar, start, n):
    due = package_calendar.add_working_days(start, n)
    count = package_calendar.working_days_between(start, due.on)
    assert count == WorkingDayCount(n, due.provisional, due.unknown_years)


@settings(max_examples=200)
@given(start=_starts, span=st.integers(min_value=0, max_value=400))
def test_counting_without_walking_agrees_with_walking_day_by_day(package_calendar, start, span):
    end = start + timedelta(days=span)
    walked = sum(package_calendar.is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    assert package_calendar.working_days_between(start, end).days == walked


@settings(max_examples=200)
@given(start=_starts, n=_counts)
def test_a_due_date_is_provisional_exactly_when_the_count_goes_past_2026(package_calendar, start, n):
    due = package_calendar.add_working_days(start, n)
    first_counted = start + timedelta(days=1)
    expected = tuple(range(max(first_counted.year, 2027), due.on.year + 1)) if n else ()
    assert due.unknown_years == expected
    assert due.provisional == bool(expected)
