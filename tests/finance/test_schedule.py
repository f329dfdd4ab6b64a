"""The seed contract's payment schedule: amounts, what each milestone waits for, due dates in working
days, deductions netted and carried, payments and the purchaser's late-payment interest.

Expected figures are worked out by hand in the comments, never with the code under test.
"""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import Contract, LprRate
from contractmgr.services.demo import load_demo
from contractmgr.services.finance import record_payment, tick_condition, untick_condition
from contractmgr.services.penalties import confirm_penalty, propose_penalty
from contractmgr.services.schedule import contract_schedule
from tests.finance.conftest import TODAY, ready, user
from tests.helpers import csrf_token

FIRST, SECOND = Decimal("5789980.00"), Decimal("2481420.00")


def _schedule(contract, today=TODAY):
    db.session.expire_all()
    return contract_schedule(contract, today)


def test_the_seed_schedule_is_5789980_and_2481420_and_waits_for_its_conditions(seed_contract):
    schedule = _schedule(seed_contract)
    first, second = schedule.milestones
    assert (first.milestone.amount, second.milestone.amount) == (FIRST, SECOND)
    assert (first.netted.net, second.netted.net) == (FIRST, SECOND)
    assert [c.condition.kind for c in first.conditions] == ["invoice", "inspection_reports"]
    assert [c.condition.kind for c in second.conditions] == ["invoice", "acceptance_report"]
    # The seed leaves the signing date blank: no clock, no due date, waiting.
    assert first.clock.on is None and first.due is None
    assert first.status.kind == second.status.kind == "waiting"


def test_the_schedule_page_says_what_each_milestone_waits_for(client, login, seed_contract):
    login("finance")
    page = client.get(f"/finance/contracts/{seed_contract.id}").get_data(as_text=True)
    assert "¥5,789,980.00" in page and "¥2,481,420.00" in page
    assert "等待计时起点（合同签订（生效））、采购人确认的发票、各项目巡检报告" in page
    assert "系统中已有巡检记录的项目：0 / 40" in page


def test_ticking_the_checklist_records_who_and_when_and_starting_the_clock_gives_the_due_date(
    client, login, seed_contract
):
    login("finance")
    first = seed_contract.milestones[0]
    url = f"/finance/contracts/{seed_contract.id}/milestones/{first.id}"
    token = csrf_token(client.get(url))
    # Signed (and in force) on Friday 22 May 2026: 30 working days, Dragon Boat Festival (19 June) out → 6 July.
    assert client.post(url + "/clock", data={"csrf_token": token, "started_on": "2026-05-22"}).status_code == 302
    for condition in first.conditions:
        response = client.post(f"{url}/conditions/{condition.id}", data={"csrf_token": token, "met_on": "2026-06-01"})
        assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "2026-06-01 收到，finance 于" in page
    view = _schedule(seed_contract).milestones[0]
    assert view.due.on == date(2026, 7, 6) and not view.due.provisional
    assert all(c.condition.met_by_id == user("finance").id and c.condition.met_at for c in view.conditions)


def test_a_date_in_the_future_is_refused_when_ticking(seed_contract):
    with pytest.raises(RuleViolation) as refused:
        tick_condition(seed_contract.milestones[0].conditions[0], date(2026, 11, 22), by=user("finance"), today=TODAY)
    assert refused.value.code == "date_in_future"


def test_the_second_milestone_clock_starts_at_the_later_of_acceptance_report_and_invoice(seed_contract):
    second = seed_contract.milestones[1]
    invoice, report = second.conditions
    tick_condition(invoice, date(2026, 9, 15), by=user("finance"), today=TODAY)
    tick_condition(report, date(2026, 9, 18), by=user("finance"), today=TODAY)
    view = _schedule(seed_contract).milestones[1]
    # From Friday 18 September 2026: Sunday 20 September make-up (1), 21–24 (5), 25 Mid-Autumn off,
    # 28–30 (8), National Day 1–7 October off, 8–9 (10), Saturday 10 October make-up (11), 12–16 (16),
    # 19–23 (21), 26–30 (26), 2–5 November (30).
    assert (view.clock.on, view.clock.source) == (date(2026, 9, 18), "conditions")
    assert view.due.on == date(2026, 11, 5)


def test_an_overdue_milestone_counts_working_days_past_its_due_date(seed_contract):
    ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    view = _schedule(seed_contract, today=date(2026, 7, 13)).milestones[0]
    # Due Monday 6 July; 7–10 July and Monday 13 July are five working days after it.
    assert view.status.kind == "overdue" and view.status.overdue_working_days == 5


def test_a_deduction_larger_than_its_milestone_takes_it_to_zero_and_carries_the_rest(seed_contract):
    first, second = seed_contract.milestones
    big = propose_penalty(seed_contract, "other", amount=Decimal("6000000.00"), clause="合同第十三条")
    confirm_penalty(big, by=user("officer"), milestone=first)
    small = propose_penalty(
        seed_contract,
        "evaluation",
        amount=Decimal("16542.80"),
        clause="招标文件 五、运维考评",
        inputs={"score": "89", "basis": "from_100"},
    )
    confirm_penalty(small, by=user("officer"), milestone=second)
    db.session.commit()
    one, two = _schedule(seed_contract).milestones
    # 6,000,000.00 against 5,789,980.00: nothing to pay, 210,020.00 carried on.
    assert (one.netted.applied, one.netted.net) == (FIRST, Decimal("0.00"))
    assert one.netted.carried_out == Decimal("210020.00")
    # 2,481,420.00 − 210,020.00 − 16,542.80 = 2,254,857.20
    assert (two.netted.carried_in, two.netted.net) == (Decimal("210020.00"), Decimal("2254857.20"))
    assert one.status.kind == "paid"  # nothing left to pay on it


def test_a_proposed_or_waived_penalty_is_not_netted(seed_contract):
    proposal = propose_penalty(seed_contract, "late_delivery", amount=Decimal("82714.00"), clause="合同第十三条")
    db.session.commit()
    assert _schedule(seed_contract).milestones[0].netted.net == FIRST
    assert proposal.status == "proposed"


def test_the_schedule_page_explains_the_netting_line_by_line(client, login, seed_contract):
    first = seed_contract.milestones[0]
    penalty = propose_penalty(seed_contract, "other", amount=Decimal("6000000.00"), clause="合同第十三条")
    confirm_penalty(penalty, by=user("officer"), milestone=first)
    db.session.commit()
    login("finance")
    page = client.get(f"/finance/contracts/{seed_contract.id}").get_data(as_text=True)
    assert "−¥6,000,000.00" in page and "合同第十三条" in page
    assert "本节点不足抵扣，结转下一节点" in page and "+¥210,020.00" in page
    assert "上一节点结转的扣款" in page and "−¥210,020.00" in page
    assert "全额抵扣，无需支付" in page


def test_partial_payments_add_up_and_more_than_is_owed_is_refused_with_the_excess(seed_contract):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    record_payment(
        first,
        paid_on=date(2026, 6, 30),
        amount=Decimal("4000000.00"),
        voucher_number="记-0601",
        by=user("finance"),
        today=TODAY,
    )
    view = _schedule(seed_contract).milestones[0]
    assert (view.status.kind, view.outstanding) == ("partly_paid", Decimal("1789980.00"))
    with pytest.raises(RuleViolation) as refused:
        record_payment(
            first,
            paid_on=date(2026, 7, 1),
            amount=Decimal("1790000.00"),
            voucher_number="记-0702",
            by=user("finance"),
            today=TODAY,
        )
    assert refused.value.code == "payment_exceeds_outstanding"
    assert refused.value.params["excess"] == Decimal("20.00")
    record_payment(
        first,
        paid_on=date(2026, 7, 1),
        amount=Decimal("1789980.00"),
        voucher_number="记-0702",
        by=user("finance"),
        today=TODAY,
    )
    assert _schedule(seed_contract).milestones[0].status.kind == "paid"


def test_a_tick_cannot_be_taken_back_once_the_milestone_has_a_payment(seed_contract):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    record_payment(
        first,
        paid_on=date(2026, 6, 30),
        amount=Decimal("100.00"),
        voucher_number="记-1",
        by=user("finance"),
        today=TODAY,
    )
    with pytest.raises(RuleViolation) as refused:
        untick_condition(first.conditions[0])
    assert refused.value.code == "condition_after_payment"


# --- late-payment interest (合同第十三条) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "interest"),
    [
        # 5,789,980.00 × 3.00% = 173,699.40 a year; ÷ 360 × 10 days = 4,824.983… → 4,824.98
        (360, Decimal("4824.98")),
        # ÷ 365 × 10 days = 4,758.887… → 4,758.89
        (365, Decimal("4758.89")),
    ],
)
def test_a_payment_ten_days_late_owes_ten_days_of_interest_at_the_daily_lpr(
    seed_contract, lpr_3_percent, basis, interest
):
    seed_contract.interest_day_basis = basis
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    # Due Monday 6 July; paid Thursday 16 July: 7 to 16 July, 10 calendar days of interest.
    record_payment(
        first, paid_on=date(2026, 7, 16), amount=FIRST, voucher_number="记-0716", by=user("finance"), today=TODAY
    )
    db.session.commit()
    (payment,) = _schedule(seed_contract).milestones[0].payments
    assert payment.interest.amount == interest
    assert payment.interest.inputs["days"] == 10 and payment.interest.inputs["day_basis"] == basis


def test_a_payment_on_the_due_date_owes_no_interest(seed_contract, lpr_3_percent):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    record_payment(
        first, paid_on=date(2026, 7, 6), amount=FIRST, voucher_number="记-0706", by=user("finance"), today=TODAY
    )
    (payment,) = _schedule(seed_contract).milestones[0].payments
    assert payment.interest is None


def test_the_milestone_page_shows_the_interest_with_its_day_basis(client, login, seed_contract, lpr_3_percent):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    record_payment(
        first, paid_on=date(2026, 7, 16), amount=FIRST, voucher_number="记-0716", by=user("finance"), today=TODAY
    )
    db.session.commit()
    login("finance")
    page = client.get(f"/finance/contracts/{seed_contract.id}/milestones/{first.id}").get_data(as_text=True)
    assert "¥4,824.98" in page
    assert "2026-07-07 至 2026-07-16 共 10 天" in page and "一年期 LPR 3.00%" in page
    assert "日利率 = 年利率 ÷ 360 天" in page


def test_without_an_lpr_rate_the_page_says_what_is_missing(client, login, app):
    load_demo(lpr_rates=False)  # an installation whose administrator has entered no LPR yet
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LprRate)) == 0
    seed_contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number.is_not(None)))
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    record_payment(
        first, paid_on=date(2026, 7, 16), amount=FIRST, voucher_number="记-0716", by=user("finance"), today=TODAY
    )
    db.session.commit()
    login("finance")
    page = client.get(f"/finance/contracts/{seed_contract.id}/milestones/{first.id}").get_data(as_text=True)
    assert "LPR 利率表中没有 2026年7月7日 当日适用的一年期 LPR" in page


# --- recording payments through the pages, and who may ----------------------------------------


def test_finance_records_a_payment_through_the_form(client, login, seed_contract):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    login("finance")
    url = f"/finance/contracts/{seed_contract.id}/milestones/{first.id}"
    token = csrf_token(client.get(url))
    response = client.post(
        url + "/payments",
        data={"csrf_token": token, "paid_on": "2026-07-01", "amount": "5,789,980.00", "voucher_number": "记-0701"},
    )
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "付款已登记" in page and "记-0701" in page and "按期支付" in page


def test_an_overpayment_through_the_form_is_refused_with_422_and_the_amount_over(client, login, seed_contract):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    login("finance")
    url = f"/finance/contracts/{seed_contract.id}/milestones/{first.id}"
    token = csrf_token(client.get(url))
    response = client.post(
        url + "/payments",
        data={"csrf_token": token, "paid_on": "2026-07-01", "amount": "5789990.00", "voucher_number": "记-0701"},
    )
    assert response.status_code == 422
    assert "多出 ¥10.00" in response.get_data(as_text=True)
    assert _schedule(seed_contract).milestones[0].payments == []


@pytest.mark.parametrize("username", ["officer", "vendor", "admin"])
def test_only_finance_may_record_payments(client, login, seed_contract, username):
    first = seed_contract.milestones[0]
    login(username)
    token = csrf_token(client.get("/"))
    response = client.post(
        f"/finance/contracts/{seed_contract.id}/milestones/{first.id}/payments",
        data={"csrf_token": token, "paid_on": "2026-07-01", "amount": "100.00", "voucher_number": "记-1"},
    )
    assert response.status_code == 403
    assert client.get("/finance/").status_code == 403
    assert _schedule(seed_contract).milestones[0].payments == []


def test_a_milestone_of_another_contract_is_not_found_under_this_one(client, login, seed_contract):
    from tests.factories import make_contract

    other = make_contract(title="另一个合同")
    db.session.commit()
    login("finance")
    response = client.get(f"/finance/contracts/{seed_contract.id}/milestones/{other.milestones[0].id}")
    assert response.status_code == 404


def test_the_contract_page_shows_the_schedule_in_brief(app, seed_contract):
    # Rendered on its own: the contract page includes every area's partial.
    from flask import render_template_string
    from flask_login import login_user

    from contractmgr.services.contracts import view_contract
    from contractmgr.web.finance.panel import finance_panel

    with app.test_request_context():
        officer = user("officer")
        login_user(officer)
        html = render_template_string(
            '{% include "finance/_contract.html" %}',
            view=view_contract(seed_contract, TODAY),
            panels={"finance": finance_panel(seed_contract, officer, TODAY)},
        )
    assert "付款计划" in html and "¥5,789,980.00" in html and "等待" in html
    assert "/finance/contracts/" not in html  # the link is for finance only
