"""Lists a page at a time: the contract list, the tenders and /api/v1/contracts, with filters in SQL."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from contractmgr.domain.status import contract_status
from contractmgr.extensions import db
from contractmgr.models import Contract, Tender, User
from contractmgr.services.contracts import status_clause
from contractmgr.services.generate import PASSWORD, generate


@pytest.fixture
def generated(app):
    return generate(40, seed=4)


@pytest.mark.parametrize("today", [date(2014, 3, 1), date(2020, 6, 30), date(2026, 11, 30), date(2027, 1, 1)])
def test_the_status_filter_in_sql_agrees_with_the_domain(generated, today):
    contracts = db.session.scalars(sa.select(Contract)).all()
    contracts[0].terminated_on = contracts[0].start_on  # one terminated contract
    db.session.flush()
    for status in ("upcoming", "active", "ended", "terminated"):
        found = set(db.session.scalars(sa.select(Contract.id).where(status_clause(status, today))))
        expected = {c.id for c in contracts if contract_status(c.start_on, c.end_on, today, c.terminated_on) == status}
        assert found == expected, status


def test_the_contract_list_pages_keep_the_filters(generated, login):
    client = login("gen-officer", PASSWORD)
    first = client.get("/contracts/?per_page=15&q=运维").get_data(as_text=True)
    assert "第 1 / 3 页，共 40 条" in first
    assert 'rel="next" href="/contracts/?per_page=15&amp;q=%E8%BF%90%E7%BB%B4&amp;page=2"' in first
    assert 'rel="prev"' not in first
    last = client.get("/contracts/?per_page=15&q=运维&page=3").get_data(as_text=True)
    assert "第 3 / 3 页，共 40 条" in last and 'rel="next"' not in last
    assert len(re.findall(r'href="/contracts/\d+"', last)) == 10
    assert "共 0 条" not in client.get("/contracts/?page=99").get_data(as_text=True)  # past the end: empty, no error


def test_the_api_pages_follow_next_to_every_contract_once(generated, client):
    user = db.session.scalar(sa.select(User).where(User.username == "gen-officer"))
    headers = {"Authorization": f"Bearer {user.issue_token()}"}
    db.session.commit()
    seen, url = [], "/api/v1/contracts?per_page=7"
    while url:
        answer = client.get(url, headers=headers).json
        assert answer["total"] == 40 and answer["per_page"] == 7
        seen += [c["id"] for c in answer["contracts"]]
        url = answer["next"]
    assert sorted(seen) == seen and len(set(seen)) == 40
    assert client.get("/api/v1/contracts?per_page=100000", headers=headers).json["per_page"] == 200


def test_the_openapi_document_declares_the_page_parameters(client):
    document = client.get("/api/v1/openapi.json").json
    parameters = document["paths"]["/contracts"]["get"]["parameters"]
    assert [(p["name"], p["in"]) for p in parameters] == [("page", "query"), ("per_page", "query")]


def test_the_tenders_list_shows_a_page_with_item_counts(generated, demo, login):
    newest = db.session.scalar(sa.select(Tender).order_by(Tender.id.desc()))
    client = login("gen-officer", PASSWORD)
    page = client.get("/tenders/?per_page=1").get_data(as_text=True)
    assert "第 1 / 2 页，共 2 条" in page
    assert newest.title in page and f'<td class="num">{len(newest.items)}</td>' in page


def test_the_acceptance_list_puts_contracts_awaiting_review_first_on_page_one(generated, login):
    from contractmgr.models import AcceptanceSubmission

    latest = db.session.scalars(
        sa.select(AcceptanceSubmission).join(Contract).order_by(Contract.end_on.desc(), Contract.id.desc())
    ).first()
    latest.decision, latest.decided_by_id, latest.decided_at = None, None, None  # back to awaiting review
    db.session.commit()
    client = login("gen-officer", PASSWORD)
    page = client.get("/acceptance/?per_page=10").get_data(as_text=True)
    assert "第 1 / 4 页，共 40 条" in page
    first_row = re.search(r'href="/acceptance/contracts/(\d+)"', page)
    assert int(first_row.group(1)) == latest.contract_id


@pytest.mark.parametrize(
    ("username", "path"), [("gen-officer", "/acceptance/"), ("gen-finance", "/finance/"), ("gen-officer", "/")]
)
def test_a_page_number_past_any_offset_is_not_a_server_error(generated, login, username, path):
    """A page number larger than the database's integers is no page: the first is shown (as the contract
    list and the search do), not an OFFSET the database refuses."""
    client = login(username, PASSWORD)
    for huge in ("99999999999999999999", "9223372036854775807"):
        response = client.get(f"{path}?page={huge}&per_page=200")
        assert response.status_code == 200, (path, huge)
