"""Acceptance deadlines (contract 第十一条); what a failure costs is in test_penalties.py.

Deadlines are counted by hand on the calendar; see the comments.
"""

from datetime import date

import pytest

from contractmgr.domain.acceptance import (
    REQUIRED_MATERIALS,
    check_acceptance_date,
    earliest_acceptance,
    is_late,
    rework_deadline,
    submission_deadline,
)
from contractmgr.domain.calendar import DueDate, WorkingCalendar
from contractmgr.domain.errors import RuleViolation
from contractmgr.services.calendar import build_calendar

NATIONAL_DAY_2025 = WorkingCalendar(
    days_off=frozenset({date(2025, 10, d) for d in (1, 2, 3, 6, 7, 8)}),
    makeup_days=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
    known_years=frozenset({2025}),
)


def test_materials_are_due_15_working_days_after_the_service_year_across_national_day():
    # Year ends Tue 30 Sep: 9–10 Oct (2), Sat 11 (3), 13–17 (8), 20–24 (13), 27–28 (15).
    assert submission_deadline(date(2025, 9, 30), NATIONAL_DAY_2025) == DueDate(date(2025, 10, 28), False, ())


def test_the_seed_contract_deadline_in_2027_is_provisional_until_2027_is_entered():
    # Year ends Fri 21 May 2027: 24–28 May (5), 31 May – 4 Jun (10), 7–11 Jun (15).
    deadline = submission_deadline(date(2027, 5, 21), build_calendar([2026, 2027]))
    assert deadline == DueDate(date(2027, 6, 11), True, (2027,))


def test_the_seed_contract_deadline_is_exact_once_an_administrator_enters_2027():
    # A hypothetical Dragon Boat Festival on Wed 9 June 2027 moves the deadline by one day.
    calendar = build_calendar([2027], overrides=[(date(2027, 6, 9), "holiday")], override_years=[2027])
    assert submission_deadline(date(2027, 5, 21), calendar) == DueDate(date(2027, 6, 14), False, ())


def test_a_line_with_its_own_year_has_its_own_later_deadline():
    # Annex line 40 runs to Mon 26 July 2027: 27–30 Jul (4), 2–6 Aug (9), 9–13 (14), Mon 16 Aug (15).
    calendar = build_calendar([2026, 2027], override_years=[2027])
    assert submission_deadline(date(2027, 7, 26), calendar).on == date(2027, 8, 16)


def test_rework_after_a_failure_in_february_2026_skips_the_spring_festival():
    # Failed Tue 10 Feb: 11–13 (3), Sat 14 (4), 24–27 (8), Sat 28 (9), 2–6 Mar (14), Mon 9 Mar (15).
    assert rework_deadline(date(2026, 2, 10), build_calendar([2026])) == DueDate(date(2026, 3, 9), False, ())


@pytest.mark.parametrize(
    ("submitted_on", "late"),
    [
        pytest.param(date(2025, 10, 27), False, id="the day before"),
        pytest.param(date(2025, 10, 28), False, id="on the deadline"),
        pytest.param(date(2025, 10, 29), True, id="the day after"),
    ],
)
def test_a_submission_is_late_only_after_its_deadline(submitted_on, late):
    assert is_late(submitted_on, DueDate(date(2025, 10, 28))) is late
    assert is_late(submitted_on, date(2025, 10, 28)) is late


def test_a_line_can_be_accepted_from_the_day_after_its_own_year_ends():
    assert earliest_acceptance(date(2027, 7, 26)) == date(2027, 7, 27)
    assert earliest_acceptance(date(2026, 12, 31)) == date(2027, 1, 1)


def test_an_acceptance_before_the_lines_year_ends_is_refused():
    with pytest.raises(RuleViolation) as caught:
        check_acceptance_date(date(2027, 7, 26), date(2027, 7, 26))
    assert caught.value.code == "acceptance_before_service_end"
    assert caught.value.params["earliest"] == date(2027, 7, 27)


def test_an_acceptance_after_the_lines_year_is_allowed():
    check_acceptance_date(date(2027, 7, 27), date(2027, 7, 26))


def test_the_materials_are_the_six_the_contract_lists():
    assert REQUIRED_MATERIALS == (
        "项目清单",
        "运维工作方案及计划",
        "运维团队管理方案",
        "运维应急保障机制",
        "运维服务流程",
        "日常巡检记录",
    )
