"""Renewal, supplementary contracts, evaluations and their basis, penalties with confirm and waive:
each form valid, invalid, and refused to the wrong role; and what each role sees on the contract page."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, Evaluation, Penalty, SupplementaryContract
from contractmgr.services.penalties import assess_late_delivery


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- renewal --------------------------------------------------------------------------------------------


def test_the_renewal_form_proposes_the_next_year_and_renews(officer, post_form, seed):
    url = f"/procurement/contracts/{seed.id}/renewal"
    page = officer.get(url).get_data(as_text=True)
    assert 'value="2027-05-22"' in page and 'value="2028-05-21"' in page
    response = post_form(url, {"start_on": "2027-05-22", "end_on": "2028-05-21", "title": seed.title})
    renewal = db.session.scalar(sa.select(Contract).where(Contract.renews_id == seed.id))
    assert response.status_code == 302 and response.location.endswith(f"/contracts/{renewal.id}")
    assert renewal.year_in_chain == 3 and renewal.total_amount == seed.total_amount
    assert len(renewal.lines) == 40 and len(renewal.milestones) == 2
    shown = officer.get(f"/contracts/{renewal.id}").get_data(as_text=True)
    assert "剩余 0 年" in shown and "第 3 年" in shown


def test_a_renewal_past_three_years_is_refused_with_the_days_over(officer, post_form, seed):
    response = post_form(
        f"/procurement/contracts/{seed.id}/renewal", {"start_on": "2027-05-22", "end_on": "2029-05-21"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "总服务周期累计不超过 3 年" in page and "365 天" in page
    assert _count(Contract) == 1


def test_a_renewal_without_dates_is_shown_again(officer, post_form, seed):
    response = post_form(f"/procurement/contracts/{seed.id}/renewal", {"start_on": "", "end_on": ""})
    assert response.status_code == 422 and _count(Contract) == 1


@pytest.mark.parametrize("username", ["finance", "vendor", "admin"])
def test_only_the_officer_may_renew_or_add_supplements_evaluations_or_penalties(login, seed, username):
    client = login(username)
    for path in ("renewal", "supplements/new", "evaluations/new", "penalties/new", "audit"):
        assert client.get(f"/procurement/contracts/{seed.id}/{path}").status_code == 403, path


# --- supplements ---------------------------------------------------------------------------------------


def test_a_supplement_within_the_cap_is_recorded_and_shown_with_what_is_left(officer, post_form, seed):
    url = f"/procurement/contracts/{seed.id}/supplements/new"
    response = post_form(url, {"increase": "500,000.00", "reason": "新增两个系统", "signed_on": "2026-11-01"})
    assert response.status_code == 302
    (supplement,) = db.session.scalars(sa.select(SupplementaryContract)).all()
    assert supplement.increase_amount == Decimal("500000.00")
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "¥327,140.00" in page and "新增两个系统" in page


def test_a_supplement_over_the_cap_is_refused_by_how_much(officer, post_form, seed):
    response = post_form(
        f"/procurement/contracts/{seed.id}/supplements/new", {"increase": "827140.01", "reason": "超出上限"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "不得超过原中标金额的 10%" in page and "本次超出 ¥0.01" in page
    assert _count(SupplementaryContract) == 0


def test_a_chain_with_its_own_limits_is_held_to_and_quoted_by_them(officer, post_form, seed):
    # The contract may set other limits than 3 years and 10%: the chain's columns are the rule.
    seed.chain.max_years, seed.chain.change_cap_ratio = 4, Decimal("0.05")
    db.session.commit()
    renewal_url = f"/procurement/contracts/{seed.id}/renewal"
    assert "总服务周期累计不超过 4 年" in officer.get(renewal_url).get_data(as_text=True)
    # the chain began 2025-05-22, so its 4 years end 2029-05-21; a renewal to 2029-05-22 is one day over
    refused = post_form(renewal_url, {"start_on": "2027-05-22", "end_on": "2029-05-22"}).get_data(as_text=True)
    assert "总服务周期累计不超过 4 年" in refused and "共 1 天" in refused
    supplement_url = f"/procurement/contracts/{seed.id}/supplements/new"
    assert "不得超过原中标金额的 5%" in officer.get(supplement_url).get_data(as_text=True)
    # 5% of 8,271,400.00 is 413,570.00
    refused = post_form(supplement_url, {"increase": "413570.01", "reason": "超出上限"}).get_data(as_text=True)
    assert "不得超过原中标金额的 5%" in refused and "本次超出 ¥0.01" in refused
    assert "补充合同与 5% 上限" in officer.get(f"/contracts/{seed.id}").get_data(as_text=True)


def test_supplement_lines_must_agree_with_the_stated_increase(officer, post_form, seed):
    response = post_form(
        f"/procurement/contracts/{seed.id}/supplements/new",
        {
            "increase": "60000.00",
            "reason": "调整",
            "changes-0-line": str(seed.lines[0].id),
            "changes-0-amount_after": "300000.00",
        },
    )
    assert response.status_code == 422
    assert "各项变更合计 ¥50,000.00，与填写的增加金额 ¥60,000.00 不符" in response.get_data(as_text=True)
    assert _count(SupplementaryContract) == 0


def test_supplement_lines_alone_give_the_increase(officer, post_form, seed):
    response = post_form(
        f"/procurement/contracts/{seed.id}/supplements/new",
        {
            "reason": "调整",
            "changes-0-line": str(seed.lines[0].id),
            "changes-0-amount_after": "300000.00",
            "changes-1-name": "新增大屏运维",
            "changes-1-unit_name": "洛阳市大数据局",
            "changes-1-amount_after": "20000",
        },
    )
    assert response.status_code == 302
    supplement = db.session.scalar(sa.select(SupplementaryContract))
    assert supplement.increase_amount == Decimal("70000.00")
    assert [c.amount_before for c in supplement.changes] == [Decimal("250000.00"), None]


def test_a_supplement_needs_a_reason_and_lines_of_this_contract(officer, post_form, seed):
    url = f"/procurement/contracts/{seed.id}/supplements/new"
    assert post_form(url, {"increase": "1000.00", "reason": ""}).status_code == 422
    response = post_form(url, {"reason": "x", "changes-0-line": "999999", "changes-0-amount_after": "1.00"})
    assert response.status_code == 422 and "请选择本合同的项目" in response.get_data(as_text=True)
    assert _count(SupplementaryContract) == 0


# --- evaluations and the basis ----------------------------------------------------------------------------


def test_an_evaluation_of_85_proposes_a_deduction_counted_from_100(officer, post_form, seed):
    response = post_form(
        f"/procurement/contracts/{seed.id}/evaluations/new",
        {"score": "85", "evaluated_on": "2026-11-20", "period_start": "2026-05-22", "period_end": "2026-11-20"},
    )
    assert response.status_code == 302
    penalty = db.session.scalar(sa.select(Penalty))
    assert (penalty.kind, penalty.amount, penalty.inputs["basis"]) == ("evaluation", Decimal("248142.00"), "from_100")
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "¥248,142.00" in page and "¥82,714.00" in page  # both bases shown beside each other


def test_changing_the_basis_recounts_the_open_deduction(officer, post_form, seed):
    post_form(
        f"/procurement/contracts/{seed.id}/evaluations/new",
        {"score": "85", "evaluated_on": "2026-11-20", "period_start": "2026-05-22", "period_end": "2026-11-20"},
    )
    response = post_form(
        f"/contracts/{seed.id}",
        {"evaluation_basis": "from_90"},
        url=f"/procurement/contracts/{seed.id}/evaluation-basis",
    )
    assert response.status_code == 302
    penalty = db.session.scalar(sa.select(Penalty))
    db.session.refresh(penalty)
    assert penalty.amount == Decimal("82714.00") and penalty.inputs["basis"] == "from_90"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"score": "101"}, "0 至 100"),
        ({"score": "八十五"}, "「八十五」不是数字"),
        ({"score": "85.555"}, "两位小数"),
        ({"score": "85", "period_start": "2026-11-20", "period_end": "2026-05-22"}, "早于起日"),
    ],
)
def test_a_bad_evaluation_is_refused(officer, post_form, seed, data, says):
    response = post_form(
        f"/procurement/contracts/{seed.id}/evaluations/new",
        {"evaluated_on": "2026-11-20", "period_start": "2026-05-22", "period_end": "2026-11-20", **data},
    )
    assert response.status_code == 422 and says in response.get_data(as_text=True)
    assert _count(Evaluation) == 0


# --- penalties: propose, confirm, waive -------------------------------------------------------------------


def test_eleven_days_late_proposes_ten_percent_with_the_right_to_terminate(officer, post_form, seed):
    response = post_form(f"/procurement/contracts/{seed.id}/penalties/new", {"kind": "late_delivery", "days": "11"})
    assert response.status_code == 302
    penalty = db.session.scalar(sa.select(Penalty))
    assert (penalty.amount, penalty.may_terminate, penalty.status) == (Decimal("827140.00"), True, "proposed")
    page = officer.get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "采购人可解除合同" in page and "逾期天数 11" in page and "合同第十三条" in page


def test_a_second_failed_acceptance_is_its_own_kind(officer, post_form, seed):
    post_form(f"/procurement/contracts/{seed.id}/penalties/new", {"kind": "acceptance_failed", "attempt": "2"})
    assert db.session.scalar(sa.select(Penalty.kind)) == "acceptance_failed_again"


def test_late_delivery_without_days_is_refused(officer, post_form, seed):
    response = post_form(f"/procurement/contracts/{seed.id}/penalties/new", {"kind": "late_delivery", "days": ""})
    assert response.status_code == 422 and "请填写逾期天数" in response.get_data(as_text=True)
    assert _count(Penalty) == 0


@pytest.fixture
def proposed(seed):
    penalty = assess_late_delivery(seed, 3)
    db.session.commit()
    return penalty


def test_confirming_nets_the_penalty_against_the_next_milestone(officer, post_form, seed, proposed):
    response = post_form(
        f"/contracts/{seed.id}", {}, url=f"/procurement/contracts/{seed.id}/penalties/{proposed.id}/confirm"
    )
    assert response.status_code == 302
    db.session.refresh(proposed)
    assert proposed.status == "confirmed" and proposed.milestone_id == seed.milestones[0].id
    assert proposed.decided_by_id is not None
    again = post_form(
        f"/contracts/{seed.id}", {}, url=f"/procurement/contracts/{seed.id}/penalties/{proposed.id}/confirm"
    )
    assert again.status_code == 409 and "已处理" in again.get_data(as_text=True)


def test_waiving_needs_a_reason_and_keeps_it(officer, post_form, seed, proposed):
    url = f"/procurement/contracts/{seed.id}/penalties/{proposed.id}/waive"
    assert post_form(url, {"reason": ""}).status_code == 422
    assert post_form(url, {"reason": "不可抗力，供应商已书面说明"}).status_code == 302
    db.session.refresh(proposed)
    assert (proposed.status, proposed.waive_reason) == ("waived", "不可抗力，供应商已书面说明")


def test_finance_cannot_confirm_or_waive(login, post_form, seed, proposed):
    client = login("finance")
    assert (
        post_form(
            f"/contracts/{seed.id}", {}, url=f"/procurement/contracts/{seed.id}/penalties/{proposed.id}/confirm"
        ).status_code
        == 403
    )
    assert client.get(f"/procurement/contracts/{seed.id}/penalties/{proposed.id}/waive").status_code == 403
    db.session.refresh(proposed)
    assert proposed.status == "proposed"


# --- the contract page by role ------------------------------------------------------------------------


def test_finance_sees_the_work_and_the_trail_but_no_actions(login, seed, proposed):
    page = login("finance").get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "续签链" in page and "修改记录" in page and "逾期交付违约金" in page
    assert "/procurement/" not in page


def test_the_vendor_sees_its_contract_without_the_trail_or_open_proposals(login, seed, proposed):
    page = login("vendor").get(f"/contracts/{seed.id}").get_data(as_text=True)
    assert "续签链" in page and "<svg" in page
    assert "修改记录" not in page and "逾期交付违约金" not in page and "/procurement/" not in page


def test_the_audit_page_lists_every_change_with_its_author(officer, post_form, seed):
    post_form(f"/procurement/contracts/{seed.id}/supplements/new", {"increase": "1000.00", "reason": "小额调整"})
    page = officer.get(f"/procurement/contracts/{seed.id}/audit").get_data(as_text=True)
    assert "新建 补充合同" in page and "officer" in page
