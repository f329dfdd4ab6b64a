"""When a deadline is reminded, counted by hand on the 2026 calendar (tests/domain/test_statutory.py lists it):
Labour Day leaves Fri 1 May and Mon 4 – Tue 5 May off; Sat 9 May is a make-up working day.

A payment due Wed 13 May: one working day before is Tue 12 May; three are Mon 11, Sat 9 (make-up), Fri 8,
so the "3" reminder goes on Sat 9 May; seven are 12, 11, 9, 8, 7, 6 May and Thu 30 Apr (1–5 May are off),
so the "7" reminder goes on Thu 30 Apr; overdue from Thu 14 May.
"""

from datetime import date

import pytest

from contractmgr.domain.reminders import CATEGORIES, category_of, reminder_stage
from tests.domain.test_statutory import CALENDAR_2026

DUE = date(2026, 5, 13)


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (date(2026, 4, 29), None),
        (date(2026, 4, 30), "7"),
        (date(2026, 5, 1), None),  # Labour Day: nobody reads a digest
        (date(2026, 5, 6), None),
        (date(2026, 5, 8), None),
        (date(2026, 5, 9), "3"),  # the make-up Saturday is a working day
        (date(2026, 5, 11), None),
        (date(2026, 5, 12), "1"),
        (date(2026, 5, 13), None),  # the due day itself: the "1" reminder was yesterday
        (date(2026, 5, 14), "overdue"),
        (date(2026, 5, 15), None),
    ],
)
def test_a_deadline_is_reminded_7_3_and_1_working_days_before_and_once_overdue(today, stage):
    assert reminder_stage(DUE, today, CALENDAR_2026) == stage


def test_a_deadline_on_a_holiday_is_reminded_on_the_last_working_day_before_and_overdue_after_the_break():
    due = date(2026, 5, 2)  # a Saturday inside the Labour Day break (1–5 May)
    stages = {day: reminder_stage(due, day, CALENDAR_2026) for day in (date(2026, 4, d) for d in range(20, 31))}
    stages |= {day: reminder_stage(due, day, CALENDAR_2026) for day in (date(2026, 5, d) for d in range(1, 9))}
    assert {day: stage for day, stage in stages.items() if stage} == {
        date(2026, 4, 21): "7",  # 22, 23, 24, 27, 28, 29, 30 Apr
        date(2026, 4, 27): "3",  # 28, 29, 30 Apr
        date(2026, 4, 29): "1",  # 30 Apr
        date(2026, 5, 6): "overdue",  # the first working day after the break
    }


def test_each_kind_that_falls_due_belongs_to_one_category_and_waiting_kinds_to_none():
    kinds = [kind for group in CATEGORIES.values() for kind in group]
    assert len(kinds) == len(set(kinds))
    assert category_of("milestone_payment") == "payment"
    assert category_of("statutory_filing") == "statutory"
    assert category_of("acceptance_review") is None  # waits for the officer; no day to count to
