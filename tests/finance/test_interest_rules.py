"""Which rule prices a late payment (the contract's LPR rule, the SME statute's 0.05% a day, or none), and
the 洛阳 contract's fiscal exemption (第十三条 2): a payment application submitted to the finance department
by the due date, with proof, stops the interest and the page says why.

Milestone 1 of the seed contract: clock from signing Fri 22 May 2026, conditions in on 1 June, due Mon
6 July (30 working days); paid Thu 16 July: 7 to 16 July, 10 days of interest on 5,789,980.00.
"""

import io
from datetime import date
from decimal import Decimal

from contractmgr.extensions import db
from contractmgr.models import PaymentMilestone
from contractmgr.services.finance import record_payment
from contractmgr.services.schedule import contract_schedule
from tests.finance.conftest import TODAY, ready, user
from tests.helpers import csrf_token
from tests.supplier.files import pdf_bytes

FIRST = Decimal("5789980.00")


def _paid_late(contract) -> PaymentMilestone:
    first = ready(contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    record_payment(
        first, paid_on=date(2026, 7, 16), amount=FIRST, voucher_number="记-0716", by=user("finance"), today=TODAY
    )
    db.session.commit()
    return first


def _first(contract):
    db.session.expire_all()
    return contract_schedule(contract, TODAY).milestones[0]


def test_the_contracts_own_lpr_rule_applies_where_it_states_one(seed_contract, lpr_3_percent):
    seed_contract.vendor.is_sme = True  # an SME too: the contract's own rule still comes first
    _paid_late(seed_contract)
    view = _first(seed_contract)
    (payment,) = view.payments
    assert view.interest_rule == "contract_lpr" and payment.interest.inputs["rule"] == "contract_lpr"
    assert payment.interest.amount == Decimal("4824.98")  # 5,789,980.00 × 3% × 10 / 360


def test_where_the_contract_states_none_an_sme_gets_five_ten_thousandths_a_day(seed_contract, lpr_3_percent):
    seed_contract.vendor.is_sme = True
    seed_contract.late_interest_rule = "none"
    _paid_late(seed_contract)
    view = _first(seed_contract)
    (payment,) = view.payments
    # 5,789,980.00 × 0.0005 × 10 days = 28,949.90
    assert (view.interest_rule, payment.interest.amount, payment.interest.clause) == (
        "sme_statutory",
        Decimal("28949.90"),
        "sme_17",
    )


def test_where_the_contract_states_none_and_the_vendor_is_not_an_sme_no_interest_is_owed(
    login, seed_contract, lpr_3_percent
):
    seed_contract.late_interest_rule = "none"
    first = _paid_late(seed_contract)
    view = _first(seed_contract)
    assert (view.interest_rule, view.payments[0].interest) == ("none", None)
    page = login("finance").get(f"/finance/contracts/{seed_contract.id}/milestones/{first.id}").get_data(as_text=True)
    assert "供应商不是中小企业，不计逾期利息" in page


def _submit(client, contract, milestone, day: str, proof: bytes | None):
    page = f"/finance/contracts/{contract.id}/milestones/{milestone.id}"
    data = {"csrf_token": csrf_token(client.get(page)), "submitted_on": day}
    if proof is not None:
        data["proof"] = (io.BytesIO(proof), "支付申请.pdf")
    return client.post(f"{page}/finance-submission", data=data, content_type="multipart/form-data")


def test_an_application_submitted_to_the_finance_department_in_time_stops_the_interest(
    login, seed_contract, lpr_3_percent
):
    first = _paid_late(seed_contract)
    finance = login("finance")
    refused = _submit(finance, seed_contract, first, "2026-07-03", None)
    assert refused.status_code == 422 and "证明文件" in refused.get_data(as_text=True)
    assert _first(seed_contract).payments[0].interest is not None

    assert _submit(finance, seed_contract, first, "2026-07-03", pdf_bytes("支付申请")).status_code == 302
    view = _first(seed_contract)
    assert view.exempt and view.payments[0].interest is None
    page = finance.get(f"/finance/contracts/{seed_contract.id}/milestones/{first.id}").get_data(as_text=True)
    assert "不视为违约（合同第十三条 2）" in page and "2026-07-03" in page
    proof = finance.get(f"/finance/contracts/{seed_contract.id}/milestones/{first.id}/finance-submission")
    assert proof.status_code == 200 and proof.data.startswith(b"%PDF")

    # submitted after the due date (Mon 6 July): the exemption does not hold, the interest is back
    assert _submit(finance, seed_contract, first, "2026-07-08", pdf_bytes("支付申请（迟）")).status_code == 302
    view = _first(seed_contract)
    assert not view.exempt and view.payments[0].interest.amount == Decimal("4824.98")
    page = finance.get(f"/finance/contracts/{seed_contract.id}/milestones/{first.id}").get_data(as_text=True)
    assert "不适用合同第十三条 2 的免责" in page


def test_only_finance_sees_the_proof(app, login, seed_contract, lpr_3_percent):
    first = _paid_late(seed_contract)
    _submit(login("finance"), seed_contract, first, "2026-07-03", pdf_bytes("支付申请"))
    vendor = app.test_client()
    token = csrf_token(vendor.get("/login"))
    vendor.post("/login", data={"username": "vendor", "password": "vendor-demo", "csrf_token": token})
    url = f"/finance/contracts/{seed_contract.id}/milestones/{first.id}/finance-submission"
    assert vendor.get(url).status_code == 403
