"""The law's deadlines around a contract, counted by hand on the 2026 calendar.

2026 (State Council notice): days off on weekdays 1–2 Jan, 16–20 and 23 Feb (Spring Festival),
6 Apr (清明), 1 and 4–5 May (Labour Day), 19 Jun (端午), 25 Sep (中秋), 1–2 and 5–7 Oct (National Day);
make-up working days Sun 4 Jan, Sat 14 and Sat 28 Feb, Sat 9 May, Sun 20 Sep, Sat 10 Oct.
Every expected date was counted on a paper calendar, not by the code under test.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractmgr.domain.calendar import WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.domain.statutory import (
    StatutoryDates,
    check_statutory_dates,
    filing_due,
    publication_due,
    signing_due,
    statutory_deadlines,
)

CALENDAR_2026 = WorkingCalendar(
    days_off=frozenset(
        {date(2026, 1, 1), date(2026, 1, 2)}
        | {date(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)}
        | {date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 4), date(2026, 5, 5), date(2026, 6, 19)}
        | {date(2026, 9, 25)}
        | {date(2026, 10, d) for d in (1, 2, 5, 6, 7)}
    ),
    makeup_days=frozenset(
        {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20)}
        | {date(2026, 10, 10)}
    ),
    known_years=frozenset({2026}),
)


@pytest.mark.parametrize(
    ("notice", "due", "why"),
    [
        (date(2026, 4, 20), date(2026, 5, 20), "Mon 20 Apr + 30 days is Wed 20 May, a working day"),
        (date(2026, 4, 1), date(2026, 5, 6), "+30 is Fri 1 May (Labour Day); 2–5 May off too: Wed 6 May"),
        (date(2026, 3, 5), date(2026, 4, 7), "+30 is Sat 4 Apr; Sun 5 and Mon 6 Apr (清明) off: Tue 7 Apr"),
        (date(2026, 4, 9), date(2026, 5, 9), "+30 is Sat 9 May, a make-up working day: it stays"),
        (date(2026, 9, 1), date(2026, 10, 8), "+30 is Thu 1 Oct; National Day off to Wed 7 Oct: Thu 8 Oct"),
    ],
)
def test_the_contract_is_signed_within_30_days_of_the_award_notice(notice, due, why):
    assert signing_due(notice, CALENDAR_2026).on == due, why


@pytest.mark.parametrize(
    ("signed", "due", "why"),
    [
        (date(2026, 5, 20), date(2026, 5, 22), "Wed 20 May: Thu 21, Fri 22"),
        (date(2026, 4, 30), date(2026, 5, 7), "Thu 30 Apr: 1–5 May off; Wed 6, Thu 7"),
        (date(2026, 2, 13), date(2026, 2, 24), "Fri 13 Feb: Sat 14 (make-up), then off to Mon 23; Tue 24"),
        (date(2026, 5, 8), date(2026, 5, 11), "Fri 8 May: Sat 9 (make-up), Mon 11"),
    ],
)
def test_the_contract_is_published_within_2_working_days_of_signing(signed, due, why):
    assert publication_due(signed, CALENDAR_2026).on == due, why


@pytest.mark.parametrize(
    ("signed", "due", "why"),
    [
        (date(2026, 5, 20), date(2026, 5, 29), "Wed 20 May: 21, 22, 25, 26, 27, 28, 29"),
        (date(2026, 9, 18), date(2026, 9, 29), "Fri 18 Sep: Sun 20 (make-up), 21–24, Fri 25 off, Mon 28, Tue 29"),
        (date(2026, 9, 30), date(2026, 10, 15), "Wed 30 Sep: off 1–7 Oct; Thu 8, Fri 9, Sat 10 (make-up), 12–15"),
        (date(2026, 6, 15), date(2026, 6, 25), "Mon 15 Jun: 16, 17, 18, Fri 19 off (端午), 22, 23, 24, 25"),
    ],
)
def test_a_copy_is_filed_within_7_working_days_of_signing(signed, due, why):
    assert filing_due(signed, CALENDAR_2026).on == due, why


def test_a_deadline_exists_once_its_starting_day_is_on_file_and_is_done_when_its_day_is_recorded():
    assert statutory_deadlines(StatutoryDates(), CALENDAR_2026) == []
    only_notice = statutory_deadlines(StatutoryDates(award_notice_on=date(2026, 4, 20)), CALENDAR_2026)
    assert [(d.kind, d.clause, d.due.on, d.done) for d in only_notice] == [
        ("signing", "gpl_46", date(2026, 5, 20), False)
    ]
    assert only_notice[0].overdue_on(date(2026, 5, 21)) and not only_notice[0].overdue_on(date(2026, 5, 20))

    dates = StatutoryDates(
        award_notice_on=date(2026, 4, 20),
        signed_on=date(2026, 5, 20),
        published_on=date(2026, 5, 25),
        filed_on=date(2026, 5, 29),
    )
    signing, publication, filing = statutory_deadlines(dates, CALENDAR_2026)
    assert (signing.kind, signing.done_on, signing.late_by_days) == ("signing", date(2026, 5, 20), 0)
    assert (publication.clause, publication.due.on, publication.late_by_days) == (
        "gpl_regulation_50",
        date(2026, 5, 22),
        3,
    )
    assert (filing.clause, filing.due.on, filing.late_by_days, filing.overdue_on(date(2026, 6, 30))) == (
        "gpl_47",
        date(2026, 5, 29),
        0,
        False,
    )


def test_a_deadline_in_a_year_the_calendar_does_not_know_is_provisional():
    due = filing_due(date(2026, 12, 28), CALENDAR_2026)
    # Mon 28 Dec: 29, 30, 31, then 2027 counted Monday to Friday: Fri 1, Mon 4, Tue 5, Wed 6
    assert (due.on, due.provisional, due.unknown_years) == (date(2027, 1, 6), True, (2027,))
    assert signing_due(date(2026, 12, 20), CALENDAR_2026).provisional
    assert not signing_due(date(2026, 4, 20), CALENDAR_2026).provisional


@pytest.mark.parametrize(
    ("dates", "code"),
    [
        (StatutoryDates(award_notice_on=date(2026, 5, 2), signed_on=date(2026, 5, 1)), "signed_before_award_notice"),
        (StatutoryDates(signed_on=date(2026, 5, 20), published_on=date(2026, 5, 19)), "statutory_date_before_signing"),
        (StatutoryDates(filed_on=date(2026, 5, 19)), "statutory_date_needs_signing"),
        (StatutoryDates(signed_on=date(2026, 7, 2)), "statutory_date_in_future"),
    ],
)
def test_dates_that_cannot_be_are_refused(dates, code):
    with pytest.raises(RuleViolation) as refused:
        check_statutory_dates(dates, today=date(2026, 7, 1))
    assert refused.value.code == code


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 11, 30)))
def test_every_due_date_is_a_working_day_and_signing_moves_only_past_days_off(start):
    assert CALENDAR_2026.is_working_day(publication_due(start, CALENDAR_2026).on)
    assert publication_due(start, CALENDAR_2026).on < filing_due(start, CALENDAR_2026).on
    assert CALENDAR_2026.working_days_between(start, filing_due(start, CALENDAR_2026).on).days == 7
    due = signing_due(start, CALENDAR_2026).on
    assert CALENDAR_2026.is_working_day(due)
    skipped = (due - start).days - 30
    assert all(not CALENDAR_2026.is_working_day(start + timedelta(days=30 + i)) for i in range(skipped))
