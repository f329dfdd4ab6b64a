"""The 安阳 tender's items 16, 24 and 30 start on the purchaser's confirmation: the officer records the
date on the tender itself, before any contract is made; /procurement/waiting and the dashboard name
the same waiting items, and a confirmed item leaves both."""

from datetime import date

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, TenderItem
from tests.helpers import csrf_token


def _item(tender, seq):
    return db.session.scalar(sa.select(TenderItem).where(TenderItem.tender_id == tender.id, TenderItem.seq == seq))


def _confirm(client, tender, item, day):
    token = csrf_token(client.get(f"/tenders/{tender.id}"))
    return client.post(
        f"/procurement/tenders/{tender.id}/items/{item.id}/confirmation",
        data={f"item-{item.id}-csrf_token": token, f"item-{item.id}-confirmed_on": day},
    )


def _waiting_seqs(client, tender):
    page = client.get("/procurement/waiting").get_data(as_text=True)
    return sorted(item.seq for item in tender.items if f'id="tender-item-{item.id}"' in page)


def _dashboard_says(client):
    return client.get("/").get_data(as_text=True)


def test_the_waiting_page_and_the_dashboard_name_the_same_tender_items(tender, officer, client):
    assert _waiting_seqs(client, tender) == [16, 24, 30]
    assert "第 16、24、30 项等待确认运维开始日期" in _dashboard_says(client)
    page = client.get(f"/tenders/{tender.id}").get_data(as_text=True)
    assert page.count('class="inline confirm-item"') == 3


def test_an_item_confirmed_on_the_tender_leaves_both_and_is_audited(tender, officer, client):
    item = _item(tender, 16)
    day = tender.service_start_on.isoformat()
    response = _confirm(client, tender, item, day)
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.confirmed_on == tender.service_start_on
    assert _waiting_seqs(client, tender) == [24, 30]
    assert "第 24、30 项等待确认运维开始日期" in _dashboard_says(client)
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.entity == "tender_items", AuditEntry.field == "confirmed_on")
    )
    assert entry is not None and entry.new_value == day


def test_a_date_before_the_tenders_service_start_is_refused_and_nothing_is_written(tender, officer, client):
    item = _item(tender, 24)
    response = _confirm(client, tender, item, "2000-01-01")
    assert response.status_code == 422
    db.session.refresh(item)
    assert item.confirmed_on is None
    assert _waiting_seqs(client, tender) == [16, 24, 30]


def test_an_item_of_another_tender_or_without_a_token_is_refused(tender, officer, client):
    item = _item(tender, 30)
    token = csrf_token(client.get(f"/tenders/{tender.id}"))
    elsewhere = client.post(
        f"/procurement/tenders/{tender.id + 1}/items/{item.id}/confirmation", data={"csrf_token": token}
    )
    assert elsewhere.status_code == 404
    refused = client.post(
        f"/procurement/tenders/{tender.id}/items/{item.id}/confirmation",
        data={f"item-{item.id}-confirmed_on": tender.service_start_on.isoformat()},
    )
    assert refused.status_code in (400, 422)
    db.session.refresh(item)
    assert item.confirmed_on is None


def test_finance_cannot_confirm_a_tender_item(tender, login):
    client = login("finance")
    item = _item(tender, 16)
    token = csrf_token(client.get("/"))
    response = client.post(
        f"/procurement/tenders/{tender.id}/items/{item.id}/confirmation",
        data={f"item-{item.id}-csrf_token": token, f"item-{item.id}-confirmed_on": tender.service_start_on.isoformat()},
    )
    assert response.status_code == 403
    db.session.refresh(item)
    assert item.confirmed_on is None


def test_a_contract_made_from_the_tender_carries_the_confirmed_date(tender, officer, client, post_form):
    item = _item(tender, 16)
    assert _confirm(client, tender, item, "2026-03-01").status_code == 302
    url = f"/procurement/tenders/{tender.id}/contract"
    amounts = {f"items-{i}-item_id": str(it.id) for i, it in enumerate(tender.items)}
    amounts |= {f"items-{i}-amount": "100000.00" for i in range(30)}
    header = {"title": tender.title, "purchaser": "安阳市政务大数据中心", "vendor": "安阳示例科技有限公司"}
    response = post_form(
        url, {**header, "start_on": "2026-01-01", "end_on": "2026-12-31", "evaluation_basis": "from_100", **amounts}
    )
    assert response.status_code == 302
    contract = db.session.scalar(sa.select(Contract).where(Contract.tender_id == tender.id))
    waiting = {line.seq: line.confirmed_on for line in contract.lines if line.start_on_confirmation}
    assert waiting == {16: date(2026, 3, 1), 24: None, 30: None}
    page = client.get("/procurement/waiting").get_data(as_text=True)
    assert f'id="tender-item-{item.id}"' not in page  # confirmed on the tender: waiting nowhere
