"""`flask --app app workdays add DATE N`: the N-th working day after DATE, or provisional and why."""

from datetime import date

from contractmgr.extensions import db
from contractmgr.services.holidays import CalendarEntries, enter_calendar_year


def test_the_tenth_working_day_after_25_september_2026_crosses_national_day(app):
    # 25 September is a holiday: 28–30 (3), 1–7 October off, 8–9 (5), Saturday 10 October make-up (6),
    # 12–15 (10).
    result = app.test_cli_runner().invoke(args=["workdays", "add", "2026-09-25", "10"])
    assert result.exit_code == 0 and result.output.strip() == "2026-10-15"


def test_zero_working_days_is_the_day_itself(app):
    result = app.test_cli_runner().invoke(args=["workdays", "add", "2026-10-01", "0"])
    assert result.output.strip() == "2026-10-01"


def test_a_count_into_2027_says_it_is_provisional_and_which_year_is_missing(app):
    result = app.test_cli_runner().invoke(args=["workdays", "add", "2026-12-15", "30"])
    assert result.exit_code == 0
    assert result.output.startswith("2027-01-26 provisional")
    assert "calendar for 2027 is not known" in result.output


def test_once_2027_is_entered_the_answer_is_exact(app):
    enter_calendar_year(2027, CalendarEntries(holidays={date(2027, 1, 1)}), by=None)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["workdays", "add", "2026-12-15", "30"])
    assert result.output.strip() == "2027-01-27"


def test_a_date_that_cannot_be_read_is_refused(app):
    result = app.test_cli_runner().invoke(args=["workdays", "add", "2026-13-01", "3"])
    assert result.exit_code != 0
