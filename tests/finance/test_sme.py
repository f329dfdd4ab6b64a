"""An SME vendor's statutory payment clock beside the contract's own (《保障中小企业款项支付条例》第九条、第十条):
set by the officer, recorded by finance, shown with both clauses, the earlier one counting.

On the 2026 calendar: acceptance passed Fri 28 Aug. 第七条: 30 working days → Thu 15 Oct (National Day
and 中秋 off, Sun 20 Sep and Sat 10 Oct worked). The statute: 30 days → Sun 27 Sep, a day off, so Mon 28 Sep.
"""

from datetime import date

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from contractmgr.services.finance import tick_condition
from contractmgr.services.schedule import contract_schedule
from tests.factories import make_contract
from tests.finance.conftest import TODAY, user
from tests.helpers import csrf_token

ACCEPTED = date(2026, 8, 28)


def _contract(*, sme: bool, acceptance_period_end=None) -> Contract:
    contract = make_contract(title="中小企业付款测试", start=date(2025, 6, 1), end=date(2026, 5, 31), lines=2)
    contract.vendor.is_sme = sme
    contract.acceptance_period_end_on = acceptance_period_end
    second = contract.milestones[1]
    for condition in second.conditions:
        tick_condition(condition, ACCEPTED, by=user("finance"), today=TODAY)
    db.session.commit()
    return contract


def _sign_in(app, username: str):
    client = app.test_client()
    token = csrf_token(client.get("/login"))
    client.post("/login", data={"username": username, "password": f"{username}-demo", "csrf_token": token})
    return client


def _second(contract: Contract):
    return contract_schedule(contract, TODAY).milestones[1]


def test_an_sme_payment_waiting_for_acceptance_is_due_on_the_earlier_statutory_date(demo):
    view = _second(_contract(sme=True))
    assert view.contract_due.on == date(2026, 10, 15)
    assert (view.sme.basis, view.sme.clause, view.sme.due.on) == ("acceptance", "sme_10", date(2026, 9, 28))
    assert (view.due.on, view.due_basis, view.status.due_on) == (date(2026, 9, 28), "sme_10", date(2026, 9, 28))
    assert view.status.kind == "overdue"


def test_a_vendor_that_is_not_an_sme_keeps_the_contracts_due_date(demo):
    view = _second(_contract(sme=False))
    assert (view.sme, view.due.on, view.due_basis) == (None, date(2026, 10, 15), "contract")


def test_a_purchaser_that_delayed_acceptance_past_the_agreed_period_is_due_30_days_after_it(demo):
    view = _second(_contract(sme=True, acceptance_period_end=date(2026, 6, 10)))
    # accepted 28 Aug, but the agreed period ended Wed 10 Jun: + 30 = Fri 10 Jul
    assert (view.sme.basis, view.sme.starts_on, view.due.on) == (
        "acceptance_period_end",
        date(2026, 6, 10),
        date(2026, 7, 10),
    )


def test_the_officer_sets_the_sme_terms_and_the_pages_show_both_dates_with_their_clauses(app, login, demo):
    contract = _contract(sme=False)
    officer = login("officer")
    page = f"/procurement/contracts/{contract.id}/sme"
    refused = officer.post(
        page, data={"csrf_token": csrf_token(officer.get(page)), "is_sme": "y", "payment_days": "90"}
    )
    assert refused.status_code == 422 and "60" in refused.get_data(as_text=True)
    response = officer.post(
        page,
        data={
            "csrf_token": csrf_token(officer.get(page)),
            "is_sme": "y",
            "industry": "软件和信息服务业",
            "payment_days": "",
            "acceptance_period_end_on": "",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    contract = db.session.get(Contract, contract.id)
    assert (contract.vendor.is_sme, contract.vendor.sme_industry, contract.sme_payment_days) == (
        True,
        "软件和信息服务业",
        None,
    )
    shown = officer.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "供应商为中小企业" in shown and "软件和信息服务业" in shown
    assert "《保障中小企业款项支付条例》第十条 2026-09-28" in shown and "2026-10-15" in shown

    finance = _sign_in(app, "finance")
    schedule = finance.get(f"/finance/contracts/{contract.id}").get_data(as_text=True)
    assert "合同约定 2026-10-15（合同第七条）" in schedule and "以条例规定为准（较早）" in schedule
    # the overview's row, read from the milestone's stored state, says the same
    overview = finance.get(f"/finance/?vendor={contract.vendor_id}").get_data(as_text=True)
    assert "合同约定 2026-10-15（合同第七条）" in overview and "以条例规定为准（较早）" in overview
    assert "《保障中小企业款项支付条例》第十条 2026-09-28" in overview


def test_finance_records_the_delivery_day_that_starts_a_payment_not_waiting_for_acceptance(login, demo):
    contract = _contract(sme=True)
    first = contract.milestones[0]
    finance = login("finance")
    page = f"/finance/contracts/{contract.id}/milestones/{first.id}"
    url = f"{page}/delivery"
    refused = finance.post(url, data={"csrf_token": csrf_token(finance.get(page)), "delivered_on": "2099-01-01"})
    assert refused.status_code == 422
    assert (
        finance.post(url, data={"csrf_token": csrf_token(finance.get(page)), "delivered_on": "2026-06-01"}).status_code
        == 302
    )
    db.session.expire_all()
    view = contract_schedule(db.session.get(Contract, contract.id), TODAY).milestones[0]
    # Mon 1 Jun + 30 = Wed 1 Jul (第九条); the contract's clock has not started (not signed)
    assert (view.sme.basis, view.due.on, view.due_basis) == ("delivery", date(2026, 7, 1), "sme_9")
    assert "《保障中小企业款项支付条例》第九条" in finance.get(page).get_data(as_text=True)
    assert db.session.scalar(sa.select(Contract.id).where(Contract.id == contract.id))
