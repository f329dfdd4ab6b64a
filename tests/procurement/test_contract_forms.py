"""Entering a contract by hand, correcting it, its line-items editor, a contract from a tender, and
confirmation dates: each form valid, invalid, and refused to the wrong role."""

import re
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import AuditEntry, Contract, LineItem

NEW = "/procurement/contracts/new"
HEADER = {
    "title": "纸质合同运维项目",
    "purchaser": "洛阳市行政审批和政务信息管理局",
    "vendor": "某某科技有限公司",
    "total_amount": "1,200,000.00",
    "start_on": "2026-07-01",
    "end_on": "2027-06-30",
    "min_onsite_staff": "15",
    "evaluation_basis": "from_100",
    "year_in_chain": "1",
}


def _contract(title: str) -> Contract:
    return db.session.scalar(sa.select(Contract).where(Contract.title == title))


def test_a_paper_contract_is_entered_with_its_chain_and_default_milestones(officer, post_form):
    response = post_form(NEW, HEADER)
    assert response.status_code == 302
    contract = _contract("纸质合同运维项目")
    assert response.location.endswith(f"/procurement/contracts/{contract.id}/lines")
    assert contract.total_amount == Decimal("1200000.00") and contract.vendor.name == "某某科技有限公司"
    assert contract.chain.started_on == date(2026, 7, 1) and contract.chain.original_award_amount == Decimal(
        "1200000.00"
    )
    assert [m.amount for m in contract.milestones] == [Decimal("840000.00"), Decimal("360000.00")]


def test_a_paper_renewal_keeps_its_earlier_chain_start_and_award(officer, post_form):
    post_form(NEW, {**HEADER, "chain_started_on": "2025-07-01", "original_award": "1000000", "year_in_chain": "2"})
    contract = _contract("纸质合同运维项目")
    assert (contract.chain.started_on, contract.chain.original_award_amount, contract.year_in_chain) == (
        date(2025, 7, 1),
        Decimal("1000000.00"),
        2,
    )


def test_a_contract_that_ends_before_it_starts_is_refused_with_both_dates(officer, post_form):
    response = post_form(NEW, {**HEADER, "end_on": "2026-06-30"})
    assert response.status_code == 422
    assert "2026年6月30日" in response.get_data(as_text=True) and "早于起日" in response.get_data(as_text=True)
    assert _contract("纸质合同运维项目") is None


@pytest.mark.parametrize(
    ("field", "value"), [("title", ""), ("total_amount", "一百万"), ("total_amount", "-5"), ("start_on", "")]
)
def test_a_contract_form_with_a_missing_or_bad_field_is_shown_again(officer, post_form, field, value):
    response = post_form(NEW, {**HEADER, field: value})
    assert response.status_code == 422
    assert 'class="field has-error"' in response.get_data(as_text=True)
    assert _contract("纸质合同运维项目") is None


@pytest.mark.parametrize("username", ["finance", "vendor", "admin"])
def test_only_the_officer_may_enter_or_edit_contracts(login, post_form, seed, username):
    client = login(username)
    for url in (
        NEW,
        f"/procurement/contracts/{seed.id}/edit",
        f"/procurement/contracts/{seed.id}/lines",
        f"/procurement/contracts/{seed.id}/confirmations",
        "/procurement/waiting",
    ):
        assert client.get(url).status_code == 403, url
    # With a valid CSRF token (from a page this user may see), the guard still refuses.
    assert post_form(f"/contracts/{seed.id}", HEADER, url=NEW).status_code == 403
    assert _contract("纸质合同运维项目") is None


def test_correcting_the_header_is_audited_with_the_old_and_new_value(officer, post_form, seed):
    url = f"/procurement/contracts/{seed.id}/edit"
    response = post_form(
        url,
        {
            "title": seed.title,
            "purchaser": seed.purchaser.name,
            "vendor": seed.vendor.name,
            "total_amount": "8271400.00",
            "start_on": "2026-05-22",
            "end_on": "2027-05-21",
            "filing_number": "洛采公开-2026-54-更正",
            "evaluation_basis": "from_90",
        },
    )
    assert response.status_code == 302
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.field == "filing_number"))
    assert (entry.old_value, entry.new_value, entry.user.username) == (
        "洛采公开-2026-54",
        "洛采公开-2026-54-更正",
        "officer",
    )
    assert seed.evaluation_basis == "from_90"


def test_moving_the_contract_start_past_a_lines_own_start_is_refused(officer, post_form, seed):
    url = f"/procurement/contracts/{seed.id}/edit"
    response = post_form(
        url,
        {
            "title": seed.title,
            "purchaser": seed.purchaser.name,
            "vendor": seed.vendor.name,
            "total_amount": "8271400.00",
            "start_on": "2026-08-01",
            "end_on": "2027-07-31",
        },
    )
    assert response.status_code == 422
    assert "2026年7月1日" in response.get_data(as_text=True)  # line 35 starts 2026-07-01
    db.session.refresh(seed)
    assert seed.start_on == date(2026, 5, 22)


# --- the line-items editor -------------------------------------------------------------------------------


def _rows(contract: Contract) -> dict:
    data = {}
    for index, line in enumerate(contract.lines):
        data |= {
            f"rows-{index}-id": str(line.id),
            f"rows-{index}-seq": str(line.seq),
            f"rows-{index}-unit": line.unit.name,
            f"rows-{index}-name": line.name,
            f"rows-{index}-amount": f"{line.amount:.2f}",
            f"rows-{index}-term_months": str(line.term_months),
            f"rows-{index}-onsite_staff": str(line.onsite_staff),
            f"rows-{index}-start_on": line.start_on.isoformat() if line.start_on else "",
        }
        if line.start_on_confirmation:
            data[f"rows-{index}-start_on_confirmation"] = "y"
    return data


def test_the_editor_shows_all_40_lines_and_blank_rows_to_add(officer, seed):
    page = officer.get(f"/procurement/contracts/{seed.id}/lines").get_data(as_text=True)
    assert 'name="rows-39-name"' in page and 'name="rows-42-name"' in page and 'name="rows-43-name"' not in page
    assert re.search(r'id="rows-40-seq"[^>]*value="41"', page)  # new rows numbered on from the last line


def test_adding_a_line_and_voiding_one_in_one_save(officer, post_form, seed):
    url = f"/procurement/contracts/{seed.id}/lines"
    first = seed.lines[0]
    data = _rows(seed) | {
        "rows-40-seq": "41",
        "rows-40-unit": "洛阳市大数据局",
        "rows-40-name": "新增系统",
        "rows-40-amount": "12,000.00",
        "rows-40-term_months": "12",
        "rows-40-onsite_staff": "0",
        "rows-41-seq": "42",
        "rows-0-remove": "y",
        "void_reason": "该系统已由市里统一运维",
    }  # row 41 is left blank: ignored
    response = post_form(url, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    contract = db.session.get(Contract, seed.id)
    assert len(contract.lines) == 40 and contract.lines[0].seq == 2 and contract.lines[-1].name == "新增系统"
    assert contract.lines[-1].amount == Decimal("12000.00")
    # the voided line is kept, with who, when and why, and the audit log says so
    (voided,) = contract.voided_lines
    assert (voided.id, voided.seq, voided.void_reason) == (first.id, 1, "该系统已由市里统一运维")
    assert voided.voided_by.username == "officer" and voided.voided_at is not None
    assert (
        db.session.scalar(
            sa.select(AuditEntry.new_value).where(
                AuditEntry.entity == "line_items", AuditEntry.entity_id == first.id, AuditEntry.field == "void_reason"
            )
        )
        == "该系统已由市里统一运维"
    )
    # it no longer counts: the contract page sums and lists the live lines, and shows it under 已作废
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "40 项" in page and "已作废的运维项目（1 项" in page and "该系统已由市里统一运维" in page


def test_voiding_a_line_without_a_reason_is_refused_and_nothing_is_saved(officer, post_form, seed):
    response = post_form(f"/procurement/contracts/{seed.id}/lines", _rows(seed) | {"rows-0-remove": "y"})
    assert response.status_code == 422
    assert "作废须写明理由" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Contract, seed.id).lines) == 40 and not db.session.get(Contract, seed.id).voided_lines


def test_a_new_line_may_take_the_number_of_a_voided_one(officer, post_form, seed):
    url = f"/procurement/contracts/{seed.id}/lines"
    last = seed.lines[-1]
    voided = _rows(seed) | {"rows-39-remove": "y", "void_reason": "重复录入"}
    assert post_form(url, voided).status_code == 302
    db.session.expire_all()
    contract = db.session.get(Contract, seed.id)
    again = _rows(contract) | {
        "rows-39-seq": "40",
        "rows-39-unit": last.unit.name,
        "rows-39-name": "重新录入的第40项",
        "rows-39-amount": "1.00",
        "rows-39-term_months": "12",
        "rows-39-onsite_staff": "0",
    }
    assert post_form(url, again).status_code == 302
    db.session.expire_all()
    contract = db.session.get(Contract, seed.id)
    assert contract.lines[-1].name == "重新录入的第40项" and [line.seq for line in contract.voided_lines] == [40]


def test_renumbering_two_lines_swaps_them(officer, post_form, seed):
    data = _rows(seed) | {"rows-0-seq": "2", "rows-1-seq": "1"}
    assert post_form(f"/procurement/contracts/{seed.id}/lines", data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Contract, seed.id).lines[0].name == "民办义务教育学校招生系统维护"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"rows-1-seq": "1"}, "序号 1 重复"),
        ({"rows-2-start_on": "2026-05-01"}, "早于合同服务期起始日"),
        ({"rows-34-start_on_confirmation": "y"}, "只能选一种"),
        ({"rows-3-name": ""}, "此项必填"),
        ({"rows-3-amount": "12.345"}, "两位小数"),
    ],
)
def test_a_bad_row_is_refused_and_nothing_is_saved(officer, post_form, seed, change, says):
    response = post_form(f"/procurement/contracts/{seed.id}/lines", _rows(seed) | change)
    assert response.status_code == 422
    assert says in response.get_data(as_text=True)
    db.session.expire_all()
    assert [line.seq for line in db.session.get(Contract, seed.id).lines] == list(range(1, 41))


def test_a_line_id_of_another_contract_is_refused_not_followed(officer, post_form, seed):
    from tests.factories import make_contract

    other = make_contract(title="别的合同", lines=1)
    db.session.commit()
    data = _rows(seed) | {"rows-0-id": str(other.lines[0].id)}
    response = post_form(f"/procurement/contracts/{seed.id}/lines", data)
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(LineItem, other.lines[0].id).name == "系统1"


def test_add_rows_saves_nothing_and_shows_five_more(officer, post_form, seed):
    response = post_form(
        f"/procurement/contracts/{seed.id}/lines", _rows(seed) | {"add_rows": "1", "rows-0-name": "改了"}
    )
    assert response.status_code == 200
    assert 'name="rows-44-name"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contract, seed.id).lines[0].name != "改了"


# --- from a tender -----------------------------------------------------------------------------------


def test_a_contract_from_the_anyang_tender_takes_its_items_and_rules(officer, post_form, tender):
    url = f"/procurement/tenders/{tender.id}/contract"
    page = officer.get(url).get_data(as_text=True)
    assert 'value="2026-01-01"' in page and 'value="2026-12-31"' in page  # the tender's service period
    amounts = {f"items-{i}-item_id": str(item.id) for i, item in enumerate(tender.items)}
    amounts |= {f"items-{i}-amount": "100000.00" for i in range(30)}
    response = post_form(
        url,
        {
            "title": tender.title,
            "purchaser": "安阳市政务大数据中心",
            "vendor": "安阳示例科技有限公司",
            "start_on": "2026-01-01",
            "end_on": "2026-12-31",
            "evaluation_basis": "from_100",
            **amounts,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    contract = db.session.scalar(sa.select(Contract).where(Contract.tender_id == tender.id))
    assert len(contract.lines) == 30 and contract.total_amount == Decimal("3000000.00")  # the sum, when no total given
    assert [line.seq for line in contract.lines if line.start_on_confirmation] == [16, 24, 30]
    assert contract.min_onsite_staff == 15 and contract.evaluation_deduction_ratio == Decimal("0.002")
    assert contract.lines[0].content == tender.items[0].content


def test_a_contract_from_a_tender_needs_a_vendor_and_some_amount(officer, post_form, tender):
    url = f"/procurement/tenders/{tender.id}/contract"
    response = post_form(
        url,
        {
            "title": tender.title,
            "purchaser": "安阳市政务大数据中心",
            "vendor": "",
            "start_on": "2026-01-01",
            "end_on": "2026-12-31",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "请填写合同总金额，或各项金额" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 1


def test_the_finance_role_cannot_make_a_contract_from_a_tender(login, tender):
    assert login("finance").get(f"/procurement/tenders/{tender.id}/contract").status_code == 403


# --- confirmations --------------------------------------------------------------------------------------


@pytest.fixture
def waiting_line(seed):
    """Line 16 of the seed made to wait for its confirmation (as the 安阳 tender's items 16, 24, 30 do)."""
    line = seed.lines[15]
    line.start_on_confirmation = True
    db.session.commit()
    return line


def test_recording_the_confirmation_starts_the_lines_year(officer, post_form, seed, waiting_line):
    page = f"/procurement/contracts/{seed.id}/confirmations"
    assert "等待确认" in officer.get("/procurement/waiting").get_data(as_text=True)
    response = post_form(
        page,
        {"confirmed_on": "2026-09-01"},
        url=f"/procurement/contracts/{seed.id}/lines/{waiting_line.id}/confirmation",
    )
    assert response.status_code == 302
    db.session.refresh(waiting_line)
    assert waiting_line.confirmed_on == date(2026, 9, 1)
    assert "2026-09-01 — 2027-08-31" in officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    # no contract line waits any more (the 安阳 tender's own items still do, in their own table)
    assert f"/procurement/contracts/{seed.id}/confirmations" not in officer.get("/procurement/waiting").get_data(
        as_text=True
    )


def test_a_confirmation_before_the_contract_starts_is_refused_by_the_days(officer, post_form, seed, waiting_line):
    response = post_form(
        f"/procurement/contracts/{seed.id}/confirmations",
        {"confirmed_on": "2026-05-12"},
        url=f"/procurement/contracts/{seed.id}/lines/{waiting_line.id}/confirmation",
    )
    assert response.status_code == 422
    assert "10 天" in response.get_data(as_text=True)
    db.session.refresh(waiting_line)
    assert waiting_line.confirmed_on is None


def test_a_confirmation_without_a_date_or_for_a_line_that_waits_for_none_is_refused(
    officer, post_form, seed, waiting_line
):
    page = f"/procurement/contracts/{seed.id}/confirmations"
    assert (
        post_form(
            page, {"confirmed_on": ""}, url=f"/procurement/contracts/{seed.id}/lines/{waiting_line.id}/confirmation"
        ).status_code
        == 422
    )
    other = post_form(
        page,
        {"confirmed_on": "2026-09-01"},
        url=f"/procurement/contracts/{seed.id}/lines/{seed.lines[0].id}/confirmation",
    )
    assert other.status_code == 422 and "不是「确认后开始」的项目" in other.get_data(as_text=True)


def test_a_voided_line_no_longer_waits_for_its_start_confirmation_on_the_deadlines(officer, post_form, seed):
    """A voided line counts nowhere: the officer is not asked to confirm when its service starts."""
    waiting = seed.lines[1]
    waiting.start_on, waiting.start_on_confirmation = None, True
    db.session.commit()
    wording = f"确认第 {waiting.seq} 项运维开始日期：{waiting.name}"
    assert wording in officer.get("/deadlines/").get_data(as_text=True)
    data = _rows(seed) | {
        "rows-40-seq": "41",
        "rows-40-unit": waiting.unit.name,
        "rows-40-name": "替代系统",
        "rows-40-amount": f"{waiting.amount:.2f}",
        "rows-40-term_months": "12",
        "rows-40-onsite_staff": "0",
        "rows-1-remove": "y",
        "void_reason": "该系统不再运维",
    }
    response = post_form(f"/procurement/contracts/{seed.id}/lines", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert wording not in officer.get("/deadlines/").get_data(as_text=True)
