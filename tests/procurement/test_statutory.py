"""The law's deadlines on the contract page, the dashboard, the deadlines list and the feed, and the
officer's form that records the days they were met.

Dates on the 2025 calendar, counted by hand: Labour Day 1–5 May off (make-up Sun 27 Apr).
Award notice Thu 17 Apr + 30 days = Sat 17 May → Mon 19 May (民法典 第二百零三条). Signed Mon 19 May:
publication within 2 working days → Wed 21 May; filing within 7 → 20, 21, 22, 23, 26, 27, Wed 28 May.
"""

from datetime import date

import sqlalchemy as sa
from icalendar import Calendar

from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, User
from contractmgr.services.calendar import working_calendar
from contractmgr.services.contracts import create_contract
from contractmgr.services.deadlines import deadlines_for, issue_calendar_token
from tests.helpers import csrf_token

DATES = {
    "award_notice_on": "2025-04-17",
    "signed_on": "2025-05-19",
    "published_on": "2025-05-23",
    "publication_url": "https://www.ccgp.gov.cn/cggg/dfgg/htgg/202505/t20250523_1.htm",
    "filed_on": "",
}


def _officer_items(today: date) -> list[tuple[str, date]]:
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    return [(d.kind, d.due_on) for d in deadlines_for(officer, today, working_calendar()) if d.kind.startswith("stat")]


def _record(client, contract_id: int, data: dict):
    page = f"/contracts/{contract_id}"
    token = csrf_token(client.get(page))
    return client.post(f"/procurement/contracts/{contract_id}/statutory", data={"csrf_token": token, **data})


def test_the_officer_records_the_dates_and_the_page_shows_each_deadline_with_its_clause(officer, seed):
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert 'id="statutory"' in page and "法定期限无从计算" in page

    response = _record(officer, seed.id, DATES)
    assert response.status_code == 302 and response.location.endswith(f"/contracts/{seed.id}#statutory")

    db.session.expire_all()
    contract = db.session.get(Contract, seed.id)
    assert (contract.award_notice_on, contract.signed_on, contract.published_on, contract.filed_on) == (
        date(2025, 4, 17),
        date(2025, 5, 19),
        date(2025, 5, 23),
        None,
    )
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    for clause in ("《政府采购法》第四十六条", "《政府采购法实施条例》第五十条", "《政府采购法》第四十七条"):
        assert clause in page
    assert "2025年5月19日" in page and "2025年5月21日" in page and "2025年5月28日" in page
    assert "迟 2 天" in page  # published Fri 23 May, due Wed 21 May
    assert DATES["publication_url"] in page
    changed = db.session.scalars(
        sa.select(AuditEntry.field).where(AuditEntry.entity == "contracts", AuditEntry.entity_id == seed.id)
    ).all()
    assert {"award_notice_on", "signed_on", "published_on", "publication_url"} <= set(changed)


def test_open_deadlines_are_on_the_officers_list_and_feed_until_recorded_and_on_the_dashboard(officer, seed):
    _record(officer, seed.id, {**DATES, "published_on": "", "publication_url": ""})
    assert _officer_items(date(2025, 5, 20)) == [
        ("statutory_publication", date(2025, 5, 21)),
        ("statutory_filing", date(2025, 5, 28)),
    ]
    dashboard = officer.get("/").get_data(as_text=True)
    assert "公告合同（《政府采购法实施条例》第五十条）" in dashboard and "备案" in dashboard

    user = db.session.scalar(sa.select(User).where(User.username == "officer"))
    secret = issue_calendar_token(user)
    db.session.commit()
    feed = Calendar.from_ical(officer.get(f"/calendar/{secret}.ics").data)
    summaries = [str(event["summary"]) for event in feed.walk("VEVENT")]
    assert any("《政府采购法》第四十七条" in s for s in summaries)

    _record(officer, seed.id, {**DATES, "filed_on": "2025-05-27"})
    assert _officer_items(date(2025, 5, 20)) == []
    assert "第五十条）" not in officer.get("/").get_data(as_text=True)


def test_dates_that_cannot_be_are_refused_with_a_sentence_and_nothing_is_written(officer, seed):
    response = _record(officer, seed.id, {**DATES, "published_on": "2025-05-16"})
    assert response.status_code == 422
    assert "早于签订日期" in response.get_data(as_text=True)
    response = _record(officer, seed.id, {**DATES, "publication_url": "not a link"})
    assert response.status_code == 422 and "http" in response.get_data(as_text=True)
    db.session.expire_all()
    contract = db.session.get(Contract, seed.id)
    assert (contract.award_notice_on, contract.signed_on, contract.published_on) == (None, None, None)


def test_only_the_officer_records_them(login, seed):
    vendor = login("vendor")
    token = csrf_token(vendor.get("/deadlines/"))
    response = vendor.post(f"/procurement/contracts/{seed.id}/statutory", data={"csrf_token": token, **DATES})
    assert response.status_code == 403
    assert db.session.get(Contract, seed.id).award_notice_on is None


def test_an_imported_award_notice_date_is_the_day_signing_counts_from(app, demo, contract_data):
    payload = {**contract_data, "award_notice_on": "2025-04-17"}
    contract = create_contract(payload)
    db.session.flush()
    assert contract.award_notice_on == date(2025, 4, 17)
