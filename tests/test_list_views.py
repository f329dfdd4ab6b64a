"""A list page reads each contract's lines as plain rows (view_contracts); what it shows must be what the contract
page's view of the same contract says: status, the lines counted, their total and every notice."""

from datetime import date
from decimal import Decimal

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import Contract, Role
from contractmgr.services.contracts import view_contract, view_contracts
from contractmgr.services.voiding import void
from tests.factories import make_contract, make_user


def _as_listed(contract_ids, today):
    db.session.expire_all()
    contracts = [db.session.get(Contract, i) for i in contract_ids]
    return {view.contract.id: view for view in view_contracts(contracts, today)}


def test_a_list_says_of_each_contract_what_its_own_page_says(demo):
    today = clock.today()
    odd = make_contract(title="通知各异的运维项目", lines=4, start=date(2026, 1, 1), end=date(2026, 12, 31))
    first, second, third, fourth = odd.lines
    first.parent_label, second.parent_label = None, None
    third.parent_label = "一"  # a child: its amount is held by its parent, not added again
    second.start_on_confirmation = True  # waits for the purchaser's confirmation
    fourth.start_on, fourth.term_months = date(2026, 6, 1), 12  # runs past the contract's end
    odd.min_onsite_staff = 10  # four lines ask one person each
    void(first, "录入错误", by=make_user("voider", Role.PROCUREMENT))
    db.session.commit()

    ids = db.session.scalars(db.select(Contract.id).order_by(Contract.id)).all()
    listed = _as_listed(ids, today)
    for contract_id in ids:
        own = view_contract(db.session.get(Contract, contract_id), today)
        seen = listed[contract_id]
        assert (seen.status, seen.lines_total, seen.notices) == (own.status, own.lines_total, own.notices)
        assert [v.line.seq for v in seen.lines] == [v.line.seq for v in own.lines]

    notices = {n.code: n.params for n in listed[odd.id].notices}
    assert notices["lines_waiting_confirmation"] == {"seqs": [2]}
    assert notices["line_after_contract_end"]["seq"] == 4
    assert "staff_asked_below_minimum" in notices
    assert len(listed[odd.id].lines) == 3  # the voided line is left out
    assert listed[odd.id].lines_total == second.amount + fourth.amount != odd.total_amount
    assert notices["total_mismatch"] == {"difference": listed[odd.id].lines_total - odd.total_amount}


def test_a_contract_whose_lines_are_all_voided_is_listed_without_them(demo):
    bare = make_contract(title="尚无明细的运维项目", lines=1, total=Decimal("1000.00"))
    void(bare.lines[0], "录入错误", by=make_user("voider", Role.PROCUREMENT))
    db.session.commit()
    view = _as_listed([bare.id], clock.today())[bare.id]
    assert view.lines == [] and view.lines_total == 0
    assert "total_mismatch" not in [n.code for n in view.notices]
    assert view.notices == view_contract(db.session.get(Contract, bare.id), clock.today()).notices
