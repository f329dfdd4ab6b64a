"""The staff roster (驻场人员): committed against on site, per line and in total, against the contract's
minimum, the days it fell short, and personal data kept minimal and masked."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import AuditEntry, StaffAssignment
from contractmgr.services import staffing
from tests.factories import make_contract
from tests.supplier.conftest import DEMO_VENDOR, post_form, text_of


@pytest.fixture
def january(demo):
    """A one-month contract of three lines asking one person each; the contract's minimum is 4."""
    contract = make_contract(vendor=DEMO_VENDOR, lines=3, start=date(2026, 1, 1), end=date(2026, 1, 31))
    contract.min_onsite_staff = 4
    l1, l2, l3 = contract.lines
    staffing.add_assignment(
        contract,
        person_name="甲",
        staff_role="工程师",
        lines=[l1],
        on_site_from=date(2026, 1, 1),
        on_site_to=date(2026, 1, 31),
    )
    staffing.add_assignment(
        contract, person_name="乙", staff_role="工程师", lines=[l2], on_site_from=date(2026, 1, 1), on_site_to=None
    )
    # 丙 serves two lines at once: one person, counted on each line but once in the total
    staffing.add_assignment(
        contract,
        person_name="丙",
        staff_role="DBA",
        lines=[l1, l3],
        on_site_from=date(2026, 1, 10),
        on_site_to=date(2026, 1, 20),
    )
    staffing.add_assignment(
        contract,
        person_name="丁",
        staff_role="项目经理",
        lines=[],
        on_site_from=date(2026, 1, 15),
        on_site_to=date(2026, 1, 31),
    )
    db.session.commit()
    return contract


def test_the_days_it_fell_short_count_each_person_once(january):
    overview = staffing.staffing_overview(january, date(2026, 1, 31))
    # 1–9: 甲乙 (2); 10–14: 甲乙丙 (3); 15–20: 甲乙丙丁 (4, enough); 21–31: 甲乙丁 (3)
    assert [(run.start, run.end) for run in overview.shortfall] == [
        (date(2026, 1, 1), date(2026, 1, 14)),
        (date(2026, 1, 21), date(2026, 1, 31)),
    ]
    assert overview.shortfall_days == 25


def test_committed_against_on_site_per_line_and_in_total(january):
    overview = staffing.staffing_overview(january, date(2026, 1, 16))
    status = overview.status
    assert (status.committed_total, status.on_site_total, status.short) == (4, 4, False)
    seq = {line.id: line.seq for line in january.lines}
    per_line = {seq.get(ls.line, "合同整体"): (ls.committed, ls.on_site) for ls in status.lines}
    assert per_line == {1: (1, 2), 2: (1, 1), 3: (1, 1), "合同整体": (0, 1)}
    assert overview.shortfall_days == 14  # up to the 16th: only 1–14 were short


def test_without_a_stated_minimum_the_lines_asks_are_the_commitment(january):
    january.min_onsite_staff = None
    db.session.commit()
    overview = staffing.staffing_overview(january, date(2026, 1, 31))
    assert (overview.minimum, overview.status.committed_total) == (None, 3)
    assert overview.shortfall_days == 9  # 1–9 January: only 甲 and 乙


def test_the_demo_contract_states_no_minimum_and_asks_for_26(demo):
    from contractmgr.models import Contract

    contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number == "洛采公开-2026-54"))
    overview = staffing.staffing_overview(contract, date(2026, 6, 1))
    assert (overview.minimum, overview.asked, overview.status.committed_total) == (None, 26, 26)
    assert overview.shortfall_days == 11  # 22 May – 1 June, nobody on the roster yet


def test_an_assignment_cannot_end_before_it_starts(january):
    with pytest.raises(RuleViolation) as refused:
        staffing.add_assignment(
            january,
            person_name="戊",
            staff_role="",
            lines=[],
            on_site_from=date(2026, 1, 10),
            on_site_to=date(2026, 1, 9),
        )
    assert refused.value.code == "assignment_ends_before_start"


def test_only_the_last_four_of_an_id_number_are_kept_and_lists_mask_them(client_for, ended_contract):
    vendor = client_for("vendor")
    page = f"/vendor/contracts/{ended_contract.id}/staff"
    lines = ended_contract.lines
    response = post_form(
        vendor,
        page,
        page,
        {
            "person_name": "赵工",
            "staff_role": "驻场工程师",
            "lines": [str(lines[0].id), str(lines[1].id)],
            "on_site_from": ended_contract.start_on.isoformat(),
            "id_number": "41030219900101123X",
        },
    )
    assert response.status_code == 302, text_of(response)[:400]
    rows = db.session.scalars(sa.select(StaffAssignment)).all()
    assert [(r.line_item_id, r.id_last4) for r in rows] == [(lines[0].id, "123X"), (lines[1].id, "123X")]
    audit = " ".join(e.new_value or "" for e in db.session.scalars(sa.select(AuditEntry)))
    assert "4103021990" not in audit
    for client in (vendor, client_for("officer")):
        path = page if client is vendor else f"/acceptance/contracts/{ended_contract.id}/staff"
        shown = text_of(client.get(path))
        assert "**************123X" in shown and "41030219900101123X" not in shown


def test_the_vendor_ends_an_assignment_and_the_row_stays(client_for, ended_contract):
    vendor = client_for("vendor")
    page = f"/vendor/contracts/{ended_contract.id}/staff"
    post_form(vendor, page, page, {"person_name": "钱工", "on_site_from": ended_contract.start_on.isoformat()})
    row = db.session.scalar(sa.select(StaffAssignment))
    early = post_form(vendor, page, f"{page}/{row.id}/end", {"on_site_to": "2000-01-01"})
    assert early.status_code == 422 and "早于开始日期" in text_of(early)
    assert (
        post_form(vendor, page, f"{page}/{row.id}/end", {"on_site_to": ended_contract.end_on.isoformat()}).status_code
        == 302
    )
    db.session.refresh(row)
    assert row.on_site_to == ended_contract.end_on


def test_the_contract_page_counts_only_the_lines_that_ask_for_staff(demo, client_for):
    from contractmgr.models import Contract

    contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number == "洛采公开-2026-54"))
    asking = sum(1 for line in contract.lines if line.onsite_staff)
    assert asking == 16 and len(contract.lines) == 40  # the seed: 16 of its 40 lines ask for on-site staff
    page = text_of(client_for("officer").get(f"/contracts/{contract.id}"))
    assert f"{asking} 项要求驻场，{asking} 项不足" in page


def _enter_on_page(vendor, contract, name, id_number="", *, lines=(), start=0, end=None):
    """The staff page's form: `name` on `lines` (none: the contract as a whole) from the contract's start
    plus `start` days, to its start plus `end` days (None: open)."""
    page = f"/vendor/contracts/{contract.id}/staff"
    fields = {
        "person_name": name,
        "on_site_from": (contract.start_on + timedelta(days=start)).isoformat(),
        "on_site_to": (contract.start_on + timedelta(days=end)).isoformat() if end is not None else "",
        "id_number": id_number,
        "lines": [str(line.id) for line in lines],
    }
    return post_form(vendor, page, page, fields)


def _add_on_page(vendor, contract, name, id_number="", **when):
    response = _enter_on_page(vendor, contract, name, id_number, **when)
    assert response.status_code == 302, text_of(response)[:400]


def _people(contract):
    db.session.expire_all()
    return sorted(staffing.person_of(a) for a in staffing.assignments_of(contract))


def test_the_page_takes_a_person_entered_with_and_without_the_id_last_four_for_one(client_for, ended_contract):
    vendor = client_for("vendor")
    # three stints one after another (the same 张三 at once would be one record entered twice)
    _add_on_page(vendor, ended_contract, "张三", end=9)
    _add_on_page(vendor, ended_contract, "张三", "410302199001019876", start=10, end=19)
    assert _people(ended_contract) == [("张三", "9876"), ("张三", "9876")]  # the first record got the last four
    _add_on_page(vendor, ended_contract, "张三", start=20)  # entered again without it: the same 张三
    assert _people(ended_contract) == [("张三", "9876")] * 3
    _add_on_page(vendor, ended_contract, "李四", start=20)
    day = ended_contract.start_on + timedelta(days=20)
    assert staffing.staffing_overview(ended_contract, day).status.on_site_total == 2


def test_the_page_leaves_a_name_with_several_id_last_fours_as_several_people(client_for, ended_contract):
    vendor = client_for("vendor")
    _add_on_page(vendor, ended_contract, "李四", "1234")
    _add_on_page(vendor, ended_contract, "李四", "9876")
    _add_on_page(vendor, ended_contract, "李四")  # which 李四 is not known: recorded without a last four
    assert _people(ended_contract) == [("李四", ""), ("李四", "1234"), ("李四", "9876")]


def _day(contract, offset):
    day = contract.start_on + timedelta(days=offset)
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_page_refuses_a_person_already_on_site_on_a_line_and_writes_nothing(client_for, ended_contract):
    vendor = client_for("vendor")
    first, second = ended_contract.lines[:2]
    _add_on_page(vendor, ended_contract, "张三", lines=[first])
    before = _people(ended_contract)
    # entered again from a later day, on the same line and another: neither line is recorded
    again = _enter_on_page(vendor, ended_contract, "张三", lines=[second, first], start=5)
    assert again.status_code == 422
    assert f"张三 已登记在第 {first.seq} 项驻场（{_day(ended_contract, 0)} 起），与所填日期重叠，未重复登记" in text_of(
        again
    )
    assert _people(ended_contract) == before
    # with the ID last four this time: the same 张三 (the only one of the name), and the record is not filled in
    again = _enter_on_page(vendor, ended_contract, "张三", "9876", lines=[first])
    assert again.status_code == 422 and "已登记在第" in text_of(again)
    assert _people(ended_contract) == [("张三", "")]
    # on another line alone at the same time: accepted
    _add_on_page(vendor, ended_contract, "张三", lines=[second])
    assert _people(ended_contract) == [("张三", ""), ("张三", "")]


def test_the_page_refuses_a_person_entered_twice_for_the_contract_as_a_whole(client_for, ended_contract):
    vendor = client_for("vendor")
    _add_on_page(vendor, ended_contract, "王五", "1234", end=30)
    again = _enter_on_page(vendor, ended_contract, "王五", "1234")
    assert again.status_code == 422
    shown = text_of(again)
    assert f"王五 已登记在合同整体驻场（{_day(ended_contract, 0)} 至 {_day(ended_contract, 30)}）" in shown
    assert "请先在名单中填写原记录的结束日期" in shown
    assert _people(ended_contract) == [("王五", "1234")]
    _add_on_page(vendor, ended_contract, "王五", "5678")  # another 王五 (another last four) at the same time
    assert _people(ended_contract) == [("王五", "1234"), ("王五", "5678")]


def test_a_person_who_left_and_came_back_is_a_second_stint(client_for, ended_contract):
    vendor = client_for("vendor")
    line = ended_contract.lines[0]
    _add_on_page(vendor, ended_contract, "赵六", lines=[line], end=30)
    # the last day on site counts: coming back on it overlaps, as does a stint around the first
    assert _enter_on_page(vendor, ended_contract, "赵六", lines=[line], start=30).status_code == 422
    assert _enter_on_page(vendor, ended_contract, "赵六", lines=[line], start=-5, end=0).status_code == 422
    _add_on_page(vendor, ended_contract, "赵六", lines=[line], start=31)
    rows = staffing.assignments_of(ended_contract)
    assert [(r.on_site_from - ended_contract.start_on).days for r in rows] == [0, 31]
    day = ended_contract.start_on + timedelta(days=40)
    assert staffing.staffing_overview(ended_contract, day).status.on_site_total == 1
