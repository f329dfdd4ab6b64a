"""Finance's overview across contracts: overdue first, filters, totals per month, the SVG chart."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from contractmgr.services.finance import record_payment
from contractmgr.services.overview import export_rows, payment_overview
from contractmgr.services.schedule import contract_schedule
from contractmgr.texts.finance import status_text
from contractmgr.texts.statutory import due_basis_text
from tests.factories import make_contract
from tests.finance.conftest import TODAY, ready, user
from tests.helpers import csrf_token

#: every contract (finance sees them all)
ALL = sa.select(Contract)
_NONE = Decimal("0.00")


def _pay(milestone, paid_on: date, amount: Decimal, voucher: str) -> None:
    """Finance records a payment, committed."""
    record_payment(milestone, paid_on=paid_on, amount=amount, voucher_number=voucher, by=user("finance"), today=TODAY)
    db.session.commit()


def _two_contracts(seed_contract):
    """The seed contract with milestone 1 overdue (due 6 July 2026), and a second contract of another
    purchaser whose milestone 1 (due 2 November 2026) was paid in part in October."""
    ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    other = make_contract(
        title="另一运维项目",
        purchaser="安阳市政务服务和大数据管理局",
        vendor="安阳示例信息技术有限公司",
        total=Decimal("1000000.00"),
        lines=2,
    )
    db.session.commit()
    ready(other.milestones[0], date(2026, 9, 15), date(2026, 9, 15))
    _pay(other.milestones[0], date(2026, 10, 20), Decimal("300000.00"), "记-1020")
    return other


def test_overdue_milestones_come_first_then_by_due_date_and_undated_last(seed_contract):
    other = _two_contracts(seed_contract)
    overview = payment_overview(ALL, TODAY)
    order = [(row.contract.id, row.view.milestone.seq, row.status_kind) for row in overview.rows]
    # 6 July (seed, overdue), 2 November (other, partly paid and past due: overdue), then the undated ones.
    assert order[:2] == [(seed_contract.id, 1, "overdue"), (other.id, 1, "overdue")]
    assert {row.view.due for row in overview.rows[2:]} == {None}


def test_filters_by_status_purchaser_vendor_and_month(seed_contract):
    other = _two_contracts(seed_contract)
    contracts = ALL
    assert [r.contract.id for r in payment_overview(contracts, TODAY, purchaser_id=other.purchaser_id).rows] == [
        other.id,
        other.id,
    ]
    assert {r.contract.id for r in payment_overview(contracts, TODAY, vendor_id=seed_contract.vendor_id).rows} == {
        seed_contract.id
    }
    july = payment_overview(contracts, TODAY, month="2026-07").rows
    assert [(r.contract.id, r.view.milestone.seq) for r in july] == [(seed_contract.id, 1)]
    assert len(payment_overview(contracts, TODAY, status="waiting").rows) == 2


def test_month_totals_put_payable_in_the_due_month_and_paid_in_the_payment_month(seed_contract):
    other = _two_contracts(seed_contract)
    months = {m.month: (m.payable, m.paid) for m in payment_overview(ALL, TODAY).months}
    assert months == {
        "2026-07": (Decimal("5789980.00"), Decimal("0.00")),
        "2026-10": (Decimal("0.00"), Decimal("300000.00")),
        "2026-11": (Decimal("700000.00"), Decimal("0.00")),
    }
    # a filter limits the payments counted as it limits the milestones
    seed_only = payment_overview(ALL, TODAY, vendor_id=seed_contract.vendor_id)
    assert {m.month: (m.payable, m.paid) for m in seed_only.months} == {"2026-07": (Decimal("5789980.00"), _NONE)}
    assert (seed_only.payable, seed_only.paid, seed_only.page.total) == (seed_contract.total_amount, _NONE, 2)
    other_only = payment_overview(ALL, TODAY, purchaser_id=other.purchaser_id)
    assert {m.month: m.paid for m in other_only.months} == {"2026-10": Decimal("300000.00"), "2026-11": _NONE}


def test_the_overview_page_shows_the_overdue_milestone_first_and_draws_the_chart(client, login, seed_contract):
    ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    login("finance")
    page = client.get("/finance/").get_data(as_text=True)
    first_row = page.split('<tr class="pay-row')[1]
    assert "pay-row-overdue" in '<tr class="pay-row' + first_row and "逾期" in first_row
    assert "个工作日（应于2026年7月6日支付）" in first_row
    assert "<svg" in page and 'data-month="2026-07"' in page and "¥5,789,980.00" in page
    filtered = client.get("/finance/?status=paid").get_data(as_text=True)
    assert "没有符合条件的付款节点" in filtered
    # the chart, written in Python, speaks the chosen language as the template around it does
    client.post("/language/en", data={"csrf_token": csrf_token(client.get("/finance/")), "next": "/finance/"})
    english = client.get("/finance/").get_data(as_text=True)
    assert "Amounts payable and paid by month" in english and "2026-07 Payable CN¥5,789,980.00" in english


def test_the_chart_has_a_bar_for_every_month_between_the_first_and_the_last(client, login, seed_contract):
    ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    _pay(seed_contract.milestones[0], date(2026, 9, 30), Decimal("1000.00"), "记-1")
    login("finance")
    page = client.get("/finance/").get_data(as_text=True)
    for month in ("2026-07", "2026-08", "2026-09"):
        assert f'data-month="{month}"' in page


def test_totals_cover_every_listed_milestone_and_the_rows_come_a_page_at_a_time(seed_contract):
    other = _two_contracts(seed_contract)
    first = payment_overview(ALL, TODAY, per_page=3)
    second = payment_overview(ALL, TODAY, page=2, per_page=3)
    assert (first.page.total, first.page.pages, len(first.rows), len(second.rows)) == (4, 2, 3, 1)
    assert first.payable == second.payable == seed_contract.total_amount + other.total_amount
    assert first.paid == Decimal("300000.00") and first.overdue_count == 2
    assert first.outstanding == first.payable - first.paid
    listed = [(r.contract.id, r.view.milestone.seq) for r in first.rows + second.rows]
    assert listed == [(r.contract.id, r.view.milestone.seq) for r in payment_overview(ALL, TODAY).rows]


def test_the_export_lists_every_row_once_in_the_pages_order_across_its_chunks(seed_contract):
    """Chunks of 2 over 10 rows: overdue, due on one shared day (ties broken by contract and seq) and
    undated rows, each chunk starting after the last row of the one before."""
    _two_contracts(seed_contract)
    for n in range(3):
        same_day = make_contract(
            title=f"同日到期项目{n}", vendor=f"示例科技{n}有限公司", total=Decimal("500000.00"), lines=1
        )
        db.session.commit()
        ready(same_day.milestones[0], date(2026, 9, 15), date(2026, 9, 15))
    page = [(row.contract.id, row.view.milestone.seq) for row in payment_overview(ALL, TODAY, per_page=100).rows]
    exported = [(row.contract.id, row.view.milestone.seq) for row in export_rows(ALL, TODAY, chunk_size=2)]
    assert len(page) == 10 and exported == page
    assert [(row.contract.id, row.view.milestone.seq) for row in export_rows(ALL, TODAY, chunk_size=5)] == page


def test_the_overview_page_links_to_the_next_page(client, login, seed_contract):
    _two_contracts(seed_contract)
    login("finance")
    page = client.get("/finance/?per_page=2").get_data(as_text=True)
    assert 'rel="next"' in page and "per_page=2" in page and page.count('<tr class="pay-row') == 2


def test_each_row_says_what_the_contracts_schedule_says(seed_contract):
    """The rows are read from the stored states, not from rebuilt schedules: each shows the due date, the
    status and its sentence, the amounts and (an SME vendor's) the due basis the contract's schedule shows,
    for milestones overdue, paid in part, waiting, and due on the statute's earlier date."""
    other = _two_contracts(seed_contract)
    sme = make_contract(title="中小企业项目", vendor="商丘华信软件有限公司", total=Decimal("500000.00"), lines=2)
    sme.vendor.is_sme = True
    sme.acceptance_period_end_on = date(2026, 6, 10)
    db.session.commit()
    ready(sme.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    _pay(sme.milestones[0], date(2026, 7, 1), Decimal("350000.00"), "记-0701")
    db.session.expire_all()

    def shown(view) -> tuple:
        due = (view.due.on, view.due.provisional, view.due.unknown_years) if view.due else None
        basis = due_basis_text(view) if view.sme or view.contract_due else None
        amounts = (view.netted.net, view.paid, view.outstanding)
        return view.milestone.id, due, view.display_kind, status_text(view), view.provisional, amounts, basis

    rows = [shown(row.view) for row in payment_overview(ALL, TODAY).rows]
    scheduled = {
        view.milestone.id: shown(view)
        for contract in (seed_contract, other, sme)
        for view in contract_schedule(db.session.get(Contract, contract.id), TODAY).milestones
    }
    assert len(rows) == len(scheduled) == 6
    assert rows == [scheduled[row[0]] for row in rows]
    kinds = {row[2] for row in rows}
    assert {"overdue", "paid", "waiting"} <= kinds
    assert any(row[6] and "以条例规定为准" in row[6] for row in rows)
