"""The working calendar and the LPR table are read once per request, and an administrator's edit
counts from the next read, even in the same request."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import CalendarYear, HolidayOverride, LprRate
from contractmgr.services.calendar import working_calendar
from contractmgr.services.generate import PASSWORD, generate
from contractmgr.services.schedule import lpr_table
from tests.helpers import statements_run


def test_a_page_over_many_contracts_reads_the_tables_once(app, login):
    generate(20, seed=5)
    client = login("gen-finance", PASSWORD)
    with statements_run() as statements:
        assert client.get("/finance/").status_code == 200  # the overview: a status per milestone of the page
    for table in ("holiday_overrides", "calendar_years"):
        assert sum(f"FROM {table}" in s for s in statements) == 1, table
    # its rows come from the stored states: no schedule is rebuilt, so no interest is priced
    assert not any("FROM lpr_rates" in s for s in statements)


def test_an_edit_in_the_same_request_is_read_at_once(app):
    day = date(2026, 3, 4)  # a Wednesday
    with app.test_request_context():
        assert day not in working_calendar([2026]).days_off
        assert working_calendar([2026]) is working_calendar([2026])  # kept for the request
        rates = len(lpr_table())
        db.session.add(HolidayOverride(day=day, kind="holiday", note=""))
        db.session.add(LprRate(effective_on=date(2026, 2, 20), one_year_percent=Decimal("2.90")))
        db.session.flush()
        assert day in working_calendar([2026]).days_off
        assert len(lpr_table()) == rates + 1
        db.session.add(CalendarYear(year=2031))
        db.session.flush()
        assert 2031 in working_calendar([2026]).known_years


def test_outside_a_request_nothing_is_kept(app):
    day = date(2026, 3, 4)
    assert day not in working_calendar([2026]).days_off
    db.session.execute(sa.insert(HolidayOverride).values(day=day, kind="holiday", note=""))
    assert day in working_calendar([2026]).days_off
