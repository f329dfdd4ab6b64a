"""Each user's deadlines, soonest first, and the same list as an iCalendar feed at a secret, revocable URL."""

import hashlib
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services import acceptance
from contractmgr.services.calendar import working_calendar
from contractmgr.services.deadlines import deadlines_for
from tests.factories import make_contract
from tests.supplier.conftest import DEMO_VENDOR, post_form, text_of, upload_all, with_materials
from tests.supplier.test_acceptance import review, submit, upload_everything


def user(name: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == name))


def listed(name: str, today: date):
    return [
        (d.kind, d.due_on, d.ref)
        for d in deadlines_for(user(name), today, working_calendar())
        if d.contract.title == "期限测试"
    ]


@pytest.fixture
def contract(demo):
    contract = make_contract(
        title="期限测试",
        vendor=DEMO_VENDOR,
        total=Decimal("1000000.00"),
        lines=3,
        start=date(2024, 10, 1),
        end=date(2025, 9, 30),
    )
    contract.lines[2].start_on = date(2024, 12, 1)
    with_materials(contract)
    db.session.commit()
    return contract


def test_the_vendor_sees_its_acceptance_deadlines_soonest_first(contract):
    assert listed("vendor", date(2025, 10, 1)) == [
        ("acceptance_submission", date(2025, 10, 28), "contract"),
        ("acceptance_submission", date(2025, 12, 19), "line-3"),
    ]
    assert listed("vendor2", date(2025, 10, 1)) == []


def test_a_failure_turns_the_submission_into_a_rework_deadline_and_the_review_leaves_the_officers_list(contract):
    upload_everything(contract)
    submission = submit(contract, date(2025, 10, 9))
    assert ("acceptance_review", date(2025, 10, 9), f"submission-{submission.id}") in listed(
        "officer", date(2025, 10, 9)
    )
    assert [k for k, _, ref in listed("vendor", date(2025, 10, 9)) if ref == "contract"] == []  # under review
    review(submission, "fail", date(2025, 10, 10))
    # 15 working days from Fri 2025-10-10, the first being Sat 10-11 (a make-up working day of National Day)
    assert ("acceptance_rework", date(2025, 10, 30), "contract") in listed("vendor", date(2025, 10, 10))
    assert not [k for k, _, _ in listed("officer", date(2025, 10, 10)) if k == "acceptance_review"]


def test_the_officer_sees_confirmations_waiting_and_the_renewal_decision_before_the_year_ends(contract):
    line = contract.lines[1]
    line.start_on_confirmation = True
    db.session.commit()
    items = listed("officer", date(2025, 9, 1))
    assert ("line_confirmation", date(2024, 10, 1), "line-2") in items  # waiting since the contract began
    assert ("renewal_decision", date(2025, 9, 30), "") in items
    assert [k for k, _, _ in items] == sorted([k for k, _, _ in items], key=lambda k: k != "line_confirmation")
    assert not [k for k, _, _ in listed("officer", date(2025, 10, 1)) if k == "renewal_decision"]  # the year is over


def test_finance_sees_the_milestones_to_pay_and_the_vendor_the_local_office(contract):
    contract.signed_on = date(2024, 9, 25)
    for condition in contract.milestones[0].conditions:
        condition.met_on = date(2024, 10, 8)
    db.session.commit()
    # 30 working days after 2024-09-25, across National Day 2024 (1–7 Oct off; Sun 29 Sep and Sat 12 Oct worked)
    assert listed("finance", date(2024, 10, 9)) == [("milestone_payment", date(2024, 11, 11), "milestone-1")]
    assert ("local_office", date(2024, 10, 2), "") in listed("vendor", date(2024, 9, 26))
    assert not [k for k, _, _ in listed("vendor", date(2024, 10, 3)) if k == "local_office"]


def test_the_deadlines_page_lists_them_with_links_for_each_side(client_for, ended_contract):
    vendor_page = client_for("vendor").get("/deadlines/")
    assert vendor_page.status_code == 200
    text = text_of(vendor_page)
    assert "提交验收材料" in text and ended_contract.title in text
    assert f'href="/vendor/contracts/{ended_contract.id}#submit"' in vendor_page.get_data(as_text=True)
    upload_all(client_for("vendor"), ended_contract)
    submit(ended_contract, clock.today())
    db.session.commit()
    officer_page = client_for("officer").get("/deadlines/")
    assert "审核验收材料（第 1 次提交）" in text_of(officer_page)
    assert f"/acceptance/contracts/{ended_contract.id}#review-" in officer_page.get_data(as_text=True)


# --- the iCalendar feed ------------------------------------------------------------------------------


def feed_url(client) -> str:
    """Issue a feed URL: shown once, on the answer to the request; only its digest is stored."""
    response = post_form(client, "/deadlines/", "/deadlines/feed", {})
    assert response.status_code == 200
    found = re.search(
        r'<code class="feed">http://localhost(/calendar/([^<]+)\.ics)</code>', response.get_data(as_text=True)
    )
    assert found, "the new URL is on the page"
    url, token = found.groups()
    assert user("vendor").calendar_token_digest == hashlib.sha256(token.encode()).hexdigest()
    later = client.get("/deadlines/").get_data(as_text=True)
    assert token not in later and "只在生成时显示一次" in later
    return url


def test_the_feed_is_valid_icalendar_readable_without_signing_in(app, client_for, ended_contract):
    url = feed_url(client_for("vendor"))
    response = app.test_client().get(url)  # a calendar application: no session, no cookie
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    raw = response.data
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "RFC 5545 folds lines at 75 octets"
    assert b"\n" not in raw.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert events, "the vendor has an acceptance submission due"
    event = next(e for e in events if ended_contract.title in str(e["DESCRIPTION"]))
    assert str(event["SUMMARY"]) == f"{ended_contract.record_number} 提交验收材料"  # the title names the contract
    assert ended_contract.record_number in str(event["DESCRIPTION"])
    scope = acceptance.scopes_of(ended_contract, working_calendar(), clock.today())[0]
    assert event.decoded("DTSTART") == scope.deadline.on  # an all-day date, not a time
    assert event.decoded("DTEND") == scope.deadline.on + timedelta(days=1)
    assert b"DTSTART;VALUE=DATE:" in raw
    assert event["UID"] == f"acceptance_submission-{ended_contract.id}-contract@contractmgr"
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert all("DTSTAMP" in e for e in events)


def test_a_revoked_reissued_or_wrong_feed_url_is_not_found(app, client_for, ended_contract):
    vendor = client_for("vendor")
    old = feed_url(vendor)
    new = feed_url(vendor)  # issuing again replaces the secret
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    assert anonymous.get("/calendar/not-the-token.ics").status_code == 404
    assert post_form(vendor, "/deadlines/", "/deadlines/feed/revoke", {}).status_code == 302
    assert user("vendor").calendar_token_digest is None
    assert anonymous.get(new).status_code == 404
    assert anonymous.get("/deadlines/").status_code == 302  # the page itself still wants a session


def test_a_payment_waiting_for_its_conditions_is_not_overdue_on_any_page(client_for):
    """One source for a milestone's state: the deadlines page says what finance's overview says."""
    contract = make_contract(title="等待条件的合同", lines=2, start=date(2025, 1, 1), end=date(2025, 12, 31))
    contract.signed_on = date(2024, 12, 20)
    db.session.commit()
    finance = client_for("finance")
    page = finance.get("/deadlines/").get_data(as_text=True)
    rows = [row for row in re.findall(r'<tr class="deadline kind-milestone_payment">.*?</tr>', page, re.S)]
    ours = [row for row in rows if "等待条件的合同" in row]
    assert ours  # the first payment: its estimated date long past, but its conditions (invoice, reports) not in
    assert all("等待条件" in text_of_html(row) and "已逾期" not in row and "overdue" not in row for row in ours)
    overview = text_of(finance.get("/finance/"))
    assert "等待条件" in overview and "逾期" not in overview.split("等待条件的合同", 1)[1][:300]


def text_of_html(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))
