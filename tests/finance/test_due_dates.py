"""Due dates in working days on the official PRC calendar (合同第七条): across National Day and the
Spring Festival with their make-up working days, and in a year the calendar does not know yet —
flagged as provisional with the reason, then exact once an administrator enters that year.

Every expected date is counted by hand in the comment beside it.
"""

from datetime import date

from contractmgr.extensions import db
from contractmgr.services.finance import record_clock_start
from contractmgr.services.schedule import contract_schedule
from tests.finance.conftest import TODAY
from tests.helpers import csrf_token


def _first_due(contract, clock: date, today: date = TODAY):
    record_clock_start(contract.milestones[0], clock, today=today)
    db.session.commit()
    db.session.expire_all()
    return contract_schedule(contract, today).milestones[0].due


def test_thirty_working_days_across_national_day_2026_skip_the_holiday_and_count_both_make_up_days(seed_contract):
    # From Tuesday 15 September 2026: 16–18 (3), Sunday 20 September make-up (4), 21–24 (8), 25 off,
    # 28–30 (11), 1–7 October off, 8–9 (13), Saturday 10 October make-up (14), 12–16 (19), 19–23 (24),
    # 26–30 (29), Monday 2 November (30).
    due = _first_due(seed_contract, date(2026, 9, 15))
    assert due.on == date(2026, 11, 2) and not due.provisional


def test_thirty_working_days_across_spring_festival_2026_count_both_make_up_saturdays(seed_contract):
    # From Tuesday 10 February 2026: 11–13 (3), Saturday 14 February make-up (4), 16–20 and 23 off,
    # 24–27 (8), Saturday 28 February make-up (9), 2–6 March (14), 9–13 (19), 16–20 (24), 23–27 (29),
    # Monday 30 March (30).
    due = _first_due(seed_contract, date(2026, 2, 10))
    assert due.on == date(2026, 3, 30) and not due.provisional


def test_a_due_date_in_2027_is_provisional_until_an_administrator_enters_2027(client, login, seed_contract):
    # From Tuesday 15 December 2026: 16–18 (3), 21–25 (8), 28–31 (12); 2027 unknown, so weekdays:
    # 1 January (13), 4–8 (18), 11–15 (23), 18–22 (28), 25–26 (30) → Tuesday 26 January 2027, provisional.
    due = _first_due(seed_contract, date(2026, 12, 15), today=date(2026, 12, 15))
    assert (due.on, due.provisional, due.unknown_years) == (date(2027, 1, 26), True, (2027,))

    login("finance")
    response = client.get(f"/finance/contracts/{seed_contract.id}")
    page = response.get_data(as_text=True)
    assert "2027-01-26" in page and "暂定：2027 年的官方节假日安排尚未录入，按周一至周五推算" in page
    client.post("/logout", data={"csrf_token": csrf_token(response)})

    login("admin")
    token = csrf_token(client.get("/admin/calendar"))
    response = client.post(
        "/admin/calendar",
        data={
            "typed-csrf_token": token,
            "typed-year": "2027",
            "typed-holidays": "2027-01-01\n2027-02-06~2027-02-12",
            "typed-workdays": "2027-02-20",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)

    # New Year's Day (Friday 1 January) now off: one working day later, Wednesday 27 January, exact.
    db.session.expire_all()
    due = contract_schedule(seed_contract, date(2026, 12, 15)).milestones[0].due
    assert (due.on, due.provisional) == (date(2027, 1, 27), False)
