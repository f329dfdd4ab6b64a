"""Acceptance (contract 第十一条, 第十三条): versions kept, submission once every required material is in,
deadlines in working days, late submissions, and the penalty proposals of the first and second failure."""

import io
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from contractmgr import clock
from contractmgr.domain.errors import RuleViolation
from contractmgr.extensions import db
from contractmgr.models import AcceptanceSubmission, MaterialFile, Penalty, User
from contractmgr.services import acceptance
from contractmgr.services.calendar import working_calendar
from tests.factories import make_contract
from tests.supplier.conftest import (
    DEMO_VENDOR,
    contract_materials,
    post_form,
    text_of,
    upload,
    upload_all,
    with_materials,
)
from tests.supplier.files import docx_bytes, pdf_bytes

TOTAL = Decimal("8271400.00")


def user(name: str) -> User:
    return db.session.scalar(sa.select(User).where(User.username == name))


@pytest.fixture
def national_day_contract(demo):
    """A year that ends on Tue 30 Sep 2025, just before the National Day holiday."""
    contract = make_contract(vendor=DEMO_VENDOR, total=TOTAL, lines=3, start=date(2024, 10, 1), end=date(2025, 9, 30))
    contract.lines[2].start_on = date(2024, 12, 1)  # a line with its own year: to 2025-11-30
    with_materials(contract)
    db.session.commit()
    return contract


def upload_everything(contract, by="vendor"):
    for material in acceptance.materials_of(contract):
        acceptance.upload_material(
            material, FileStorage(io.BytesIO(pdf_bytes(material.name)), f"{material.name}.pdf"), by=user(by)
        )


def submit(contract, on: date, scope="contract"):
    return acceptance.submit_acceptance(contract, scope, by=user("vendor"), today=on, calendar=working_calendar())


def review(submission, decision, on: date, reasons="材料不全"):
    return acceptance.review_submission(
        submission, decision, reasons, by=user("officer"), today=on, calendar=working_calendar()
    )


def test_every_upload_is_kept_as_a_new_version(client_for, ended_contract):
    vendor = client_for("vendor")
    material = contract_materials(ended_contract)[1]
    draft = docx_bytes("初稿")  # a zip: its bytes carry the time it was made, so keep them
    assert upload(vendor, ended_contract, material.id, "方案-初稿.docx", draft).status_code == 302
    assert upload(vendor, ended_contract, material.id, "方案-定稿.pdf", pdf_bytes("定稿")).status_code == 302
    versions = db.session.scalars(
        sa.select(MaterialFile).where(MaterialFile.material_id == material.id).order_by(MaterialFile.version)
    ).all()
    assert [v.version for v in versions] == [1, 2]
    assert [v.stored_file.format for v in versions] == ["docx", "pdf"]
    first = vendor.get(f"/vendor/contracts/{ended_contract.id}/files/{versions[0].id}")
    assert first.data == draft
    assert (
        "filename*=UTF-8''%E8%BF%90%E7%BB%B4%E5%B7%A5%E4%BD%9C%E6%96%B9%E6%A1%88%E5%8F%8A%E8%AE%A1%E5%88%92-v1.docx"
        in first.headers["Content-Disposition"]
    )
    assert vendor.get(f"/vendor/contracts/{ended_contract.id}/files/{versions[1].id}").data == pdf_bytes("定稿")
    page = text_of(vendor.get(f"/vendor/contracts/{ended_contract.id}"))
    assert "第 2 版" in page and "第 1 版" in page


def test_submitting_waits_for_every_required_material(national_day_contract):
    contract = national_day_contract
    materials = acceptance.materials_of(contract)
    acceptance.update_material(materials[-1], name=materials[-1].name, required=False, position=99)
    for material in materials[:4]:
        acceptance.upload_material(material, FileStorage(io.BytesIO(pdf_bytes(material.name)), "a.pdf"), by=None)
    with pytest.raises(RuleViolation) as refused:
        submit(contract, date(2025, 10, 9))
    assert refused.value.code == "acceptance_materials_missing"
    assert refused.value.params["names"] == ["运维服务流程"]  # 日常巡检记录 was made optional
    acceptance.upload_material(materials[4], FileStorage(io.BytesIO(pdf_bytes("流程")), "b.pdf"), by=None)
    submission = submit(contract, date(2025, 10, 9))
    assert sorted(f.material.name for f in submission.files) == sorted(m.name for m in materials[:5])


def test_the_deadline_is_15_working_days_after_the_year_across_national_day(national_day_contract):
    # Year ends Tue 30 Sep 2025; 1–8 Oct off, Sat 11 Oct a make-up day: 9–10 (2), 11 (3), 13–17 (8),
    # 20–24 (13), 27–28 (15).
    scopes = acceptance.scopes_of(national_day_contract, working_calendar(), date(2025, 10, 1))
    assert [s.key for s in scopes] == ["contract", "line-3"]
    assert scopes[0].deadline.on == date(2025, 10, 28) and not scopes[0].deadline.provisional
    # The line with its own year (to Sun 30 Nov 2025) has its own: 1–5 Dec (5), 8–12 (10), 15–19 (15).
    assert scopes[1].service_end == date(2025, 11, 30)
    assert scopes[1].deadline.on == date(2025, 12, 19)


def test_a_submission_on_the_deadline_is_in_time(national_day_contract):
    upload_everything(national_day_contract)
    submission = submit(national_day_contract, date(2025, 10, 28))
    assert (submission.deadline_on, submission.late) == (date(2025, 10, 28), False)
    assert db.session.scalar(sa.select(sa.func.count(Penalty.id))) == 0


def test_a_late_submission_is_marked_late_and_proposes_the_late_delivery_penalty(national_day_contract):
    upload_everything(national_day_contract)
    submission = submit(national_day_contract, date(2025, 10, 31))
    assert submission.late
    penalty = db.session.scalar(sa.select(Penalty))
    assert (penalty.kind, penalty.status, penalty.submission_id) == ("late_delivery", "proposed", submission.id)
    assert penalty.amount == Decimal("248142.00")  # 3 days × 1% of 8,271,400.00
    assert penalty.inputs["days"] == 3 and penalty.inputs["deadline"] == "2025-10-28"
    assert penalty.clause == "合同第十三条"


def test_the_first_failure_proposes_5_percent_and_opens_15_working_days_of_rework(national_day_contract):
    contract = national_day_contract
    upload_everything(contract)
    first = submit(contract, date(2025, 10, 20))
    review(first, "fail", date(2025, 10, 24), reasons="巡检记录缺少9月")
    penalty = db.session.scalar(sa.select(Penalty))
    assert (penalty.kind, penalty.status, penalty.amount) == ("acceptance_failed", "proposed", Decimal("413570.00"))
    assert penalty.submission_id == first.id and penalty.inputs["attempt"] == 1
    scope = acceptance.scopes_of(contract, working_calendar(), date(2025, 10, 24))[0]
    assert scope.state == "rework"
    # rework counts 15 working days from the decision, Fri 2025-10-24: to Fri 2025-11-14
    assert acceptance.decided_on(first) == date(2025, 10, 24)
    assert scope.deadline.on == date(2025, 11, 14)
    assert first.reasons == "巡检记录缺少9月"


def test_the_second_failure_proposes_10_percent_and_a_pass_ends_it(national_day_contract):
    contract = national_day_contract
    upload_everything(contract)
    review(submit(contract, date(2025, 10, 20)), "fail", date(2025, 10, 24))
    second = submit(contract, date(2025, 10, 27))
    assert second.attempt == 2
    review(second, "fail", date(2025, 10, 30), reasons="整改不到位")
    kinds = db.session.execute(sa.select(Penalty.kind, Penalty.amount, Penalty.status).order_by(Penalty.id)).all()
    assert kinds == [
        ("acceptance_failed", Decimal("413570.00"), "proposed"),
        ("acceptance_failed_again", Decimal("827140.00"), "proposed"),
    ]
    third = submit(contract, date(2025, 11, 3))
    review(third, "pass", date(2025, 11, 5), reasons="")
    scope = acceptance.scopes_of(contract, working_calendar(), date(2025, 11, 5))[0]
    assert (scope.state, scope.deadline) == ("passed", None)
    assert db.session.scalar(sa.select(sa.func.count(Penalty.id))) == 2  # a pass proposes nothing
    with pytest.raises(RuleViolation) as again:
        submit(contract, date(2025, 11, 6))
    assert again.value.code == "acceptance_already_passed"


@pytest.mark.parametrize(
    "decision, reasons, on, code",
    [
        ("fail", "  ", date(2025, 10, 24), "acceptance_failure_needs_reasons"),
        ("maybe", "", date(2025, 10, 24), "acceptance_decision_unknown"),
    ],
)
def test_a_review_needs_a_known_decision_and_reasons_for_a_failure(national_day_contract, decision, reasons, on, code):
    upload_everything(national_day_contract)
    submission = submit(national_day_contract, date(2025, 10, 20))
    with pytest.raises(RuleViolation) as refused:
        review(submission, decision, on, reasons=reasons)
    assert refused.value.code == code


def test_a_pass_waits_for_the_end_of_the_service_year_a_failure_does_not(national_day_contract):
    upload_everything(national_day_contract)
    early = submit(national_day_contract, date(2025, 9, 1))  # materials may be handed in early
    assert not early.late
    with pytest.raises(RuleViolation) as refused:
        review(early, "pass", date(2025, 9, 30))
    assert refused.value.code == "acceptance_before_service_end"
    assert refused.value.params["earliest"] == date(2025, 10, 1)
    review(early, "pass", date(2025, 10, 1))


def test_one_attempt_at_a_time_and_each_decided_once(national_day_contract):
    upload_everything(national_day_contract)
    submission = submit(national_day_contract, date(2025, 10, 9))
    with pytest.raises(RuleViolation) as waiting:
        submit(national_day_contract, date(2025, 10, 10))
    assert waiting.value.code == "acceptance_awaiting_review"
    review(submission, "fail", date(2025, 10, 10))
    with pytest.raises(RuleViolation) as twice:
        review(submission, "pass", date(2025, 10, 11))
    assert twice.value.code == "acceptance_already_decided"


def test_a_line_with_its_own_year_is_submitted_and_reviewed_on_its_own(national_day_contract):
    contract = national_day_contract
    upload_everything(contract)
    line_submission = submit(contract, date(2025, 12, 1), scope="line-3")
    assert line_submission.line_item_id == contract.lines[2].id
    assert line_submission.deadline_on == date(2025, 12, 19)
    scopes = {s.key: s.state for s in acceptance.scopes_of(contract, working_calendar(), date(2025, 12, 1))}
    assert scopes == {"contract": "open", "line-3": "under_review"}


def test_the_vendor_submits_from_the_page_and_sees_why_it_cannot_before_everything_is_in(client_for, ended_contract):
    vendor = client_for("vendor")
    page = f"/vendor/contracts/{ended_contract.id}"
    refused = post_form(vendor, page, f"{page}/submissions", {"scope": "contract"})
    assert refused.status_code == 422
    assert "还缺 6 项必交材料" in text_of(refused)
    upload_all(vendor, ended_contract)
    done = post_form(vendor, page, f"{page}/submissions", {"scope": "contract"})
    assert done.status_code == 302
    submission = db.session.scalar(sa.select(AcceptanceSubmission))
    assert (submission.attempt, submission.late, len(submission.files)) == (1, False, 6)


def test_the_officer_fails_from_the_page_with_reasons_required(client_for, ended_contract):
    upload_all(client_for("vendor"), ended_contract)
    submission = submit(ended_contract, clock.today())
    db.session.commit()
    officer = client_for("officer")
    page = f"/acceptance/contracts/{ended_contract.id}"
    action = f"{page}/submissions/{submission.id}/review"
    fields = f"review-{submission.id}-"
    no_reasons = post_form(officer, page, action, {f"{fields}decision": "fail", f"{fields}reasons": ""})
    assert no_reasons.status_code == 422
    assert "不通过时必须写明理由" in text_of(no_reasons)
    assert (
        post_form(
            officer, page, action, {f"{fields}decision": "fail", f"{fields}reasons": "应急预案未签字"}
        ).status_code
        == 302
    )
    vendor_page = text_of(client_for("vendor").get(f"/vendor/contracts/{ended_contract.id}"))
    assert "应急预案未签字" in vendor_page
    assert "验收不合格违约金" in vendor_page and "¥50,000.00" in vendor_page and "待采购人确认" in vendor_page
    assert "整改中" in vendor_page


def test_the_officer_edits_the_list_of_materials(client_for, ended_contract):
    officer = client_for("officer")
    page = f"/acceptance/contracts/{ended_contract.id}"
    assert post_form(officer, page, f"{page}/materials", {"name": "驻场人员考勤表", "required": "y"}).status_code == 302
    taken = post_form(officer, page, f"{page}/materials", {"name": "项目清单", "required": "y"})
    assert taken.status_code == 422 and "已有名为「项目清单」的材料" in text_of(taken)
    materials = {m.name: m for m in acceptance.materials_of(ended_contract)}
    assert materials["驻场人员考勤表"].required and materials["驻场人员考勤表"].position == 6
    flow = materials["运维服务流程"]
    assert (
        post_form(officer, page, f"{page}/materials/{flow.id}", {"name": "运维服务流程", "position": "0"}).status_code
        == 302
    )  # unchecked: optional now
    db.session.refresh(flow)
    assert (flow.required, flow.position) == (False, 0)
    # a material with files stays on the list (files are never deleted) …
    listing = materials["项目清单"]
    upload(client_for("vendor"), ended_contract, listing.id, "清单.pdf", pdf_bytes())
    kept = post_form(officer, page, f"{page}/materials/{listing.id}/void", {"reason": "不再需要"})
    assert kept.status_code == 422 and "文件不删除" in text_of(kept)
    # … one without files is voided, with a reason, and kept
    attendance = materials["驻场人员考勤表"]
    unexplained = post_form(officer, page, f"{page}/materials/{attendance.id}/void", {"reason": " "})
    assert unexplained.status_code == 422 and "作废须写明理由" in text_of(unexplained)
    voided = post_form(officer, page, f"{page}/materials/{attendance.id}/void", {"reason": "考勤已并入月报"})
    assert voided.status_code == 302
    assert "驻场人员考勤表" not in {m.name for m in acceptance.materials_of(ended_contract)}
    assert [(m.name, m.void_reason) for m in acceptance.materials_of(ended_contract, voided=True)] == [
        ("驻场人员考勤表", "考勤已并入月报")
    ]
    shown = text_of(officer.get(page))
    assert "已作废的材料（1）" in shown and "考勤已并入月报" in shown
    # its name is free again for a new material
    assert post_form(officer, page, f"{page}/materials", {"name": "驻场人员考勤表"}).status_code == 302
