"""Downloading the documents from the contract page and over the API, with each role's access."""

import json
from decimal import Decimal
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.web.documents.records import DOCX
from tests.exports.records import open_docx, record_submission, record_supplement
from tests.factories import make_contract


@pytest.fixture
def records(demo_contract):
    """The demo contract with a supplement and an acceptance submission, committed."""
    supplement = record_supplement(demo_contract, changes=[(None, "新增系统", Decimal("10000.00"))])
    submission = record_submission(
        demo_contract, files={"项目清单": ["项目清单.pdf"]}, decision="pass", decided_by="officer"
    )
    db.session.commit()
    return demo_contract.id, supplement.id, submission.id


def bearer(username: str) -> dict:
    user = db.session.scalar(sa.select(User).where(User.username == username))
    token = user.issue_token()
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_the_officer_downloads_the_annex_with_its_chinese_file_name(client, login, records):
    contract_id, _, _ = records
    login("officer")
    response = client.get(f"/documents/contracts/{contract_id}/annex.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="contract-{contract_id}-annex.docx"; ')
    assert (
        "filename*=UTF-8''"
        + quote(
            "洛阳市行政审批和政务信息管理局2025年第一批市本级政务信息化运维项目（续签）-运维项目清单明细.docx", safe=""
        )
        in disposition
    )
    assert len(open_docx(response.data).tables[0].rows) == 42


def test_the_contract_page_links_every_document(client, login, records):
    contract_id, supplement_id, submission_id = records
    login("finance")
    page = client.get(f"/contracts/{contract_id}").get_data(as_text=True)
    for url in (
        f"/documents/contracts/{contract_id}/annex.docx",
        f"/documents/contracts/{contract_id}/supplements/{supplement_id}.docx",
        f"/documents/contracts/{contract_id}/acceptance/{submission_id}.docx",
        f"/documents/contracts/{contract_id}/ocds.json",
    ):
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200, url


def test_the_vendor_downloads_the_documents_of_its_own_contract(client, login, records):
    contract_id, supplement_id, submission_id = records
    login("vendor")
    assert client.get(f"/documents/contracts/{contract_id}/annex.docx").status_code == 200
    response = client.get(f"/documents/contracts/{contract_id}/supplements/{supplement_id}.docx")
    assert response.status_code == 200
    assert quote("-补充合同第1号.docx", safe="") in response.headers["Content-Disposition"]
    assert client.get(f"/documents/contracts/{contract_id}/acceptance/{submission_id}.docx").status_code == 200


def test_another_vendor_gets_404_for_every_document_of_the_demo_contract(client, login, records):
    contract_id, supplement_id, submission_id = records
    login("vendor2")
    for url in (
        f"/documents/contracts/{contract_id}/annex.docx",
        f"/documents/contracts/{contract_id}/supplements/{supplement_id}.docx",
        f"/documents/contracts/{contract_id}/acceptance/{submission_id}.docx",
        f"/documents/contracts/{contract_id}/ocds.json",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html"


def test_a_record_under_the_wrong_contract_is_not_found(client, login, records):
    _, supplement_id, submission_id = records
    other = make_contract(title="另一合同")
    db.session.commit()
    login("officer")
    assert client.get(f"/documents/contracts/{other.id}/supplements/{supplement_id}.docx").status_code == 404
    assert client.get(f"/documents/contracts/{other.id}/acceptance/{submission_id}.docx").status_code == 404
    assert client.get("/documents/contracts/999999/annex.docx").status_code == 404


def test_signing_in_is_required(client, records):
    contract_id, _, _ = records
    response = client.get(f"/documents/contracts/{contract_id}/annex.docx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_api_serves_the_annex_the_supplement_and_the_report(client, records):
    contract_id, supplement_id, submission_id = records
    headers = bearer("officer")
    annex = client.get(f"/api/v1/contracts/{contract_id}/annex.docx", headers=headers)
    assert annex.status_code == 200 and annex.mimetype == DOCX
    supplement = client.get(f"/api/v1/supplements/{supplement_id}/document.docx", headers=headers)
    assert supplement.status_code == 200
    assert "补充合同（第1号）" in [p.text for p in open_docx(supplement.data).paragraphs]
    report = client.get(f"/api/v1/acceptance-submissions/{submission_id}/report.docx", headers=headers)
    assert report.status_code == 200
    assert "结论：验收合格。" in "".join(p.text for p in open_docx(report.data).paragraphs)


def test_the_api_serves_ocds_with_money_as_numbers(client, records, ocds_validator):
    contract_id, _, _ = records
    response = client.get(f"/api/v1/contracts/{contract_id}/ocds.json", headers=bearer("finance"))
    assert response.status_code == 200 and response.mimetype == "application/json"
    package = json.loads(response.get_data(as_text=True), parse_float=Decimal)
    assert not list(ocds_validator.iter_errors(package))
    assert package["uri"].endswith(f"/api/v1/contracts/{contract_id}/ocds.json")
    assert package["releases"][0]["contracts"][0]["value"]["amount"] == Decimal("8281400.00")


def test_the_api_answers_404_in_json_to_another_vendor(client, records):
    contract_id, supplement_id, submission_id = records
    headers = bearer("vendor2")
    for url in (
        f"/api/v1/contracts/{contract_id}/annex.docx",
        f"/api/v1/supplements/{supplement_id}/document.docx",
        f"/api/v1/acceptance-submissions/{submission_id}/report.docx",
        f"/api/v1/contracts/{contract_id}/ocds.json",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 404, url
        assert response.json["error"] and response.json["message"]
    assert client.get(f"/api/v1/contracts/{contract_id}/annex.docx", headers=bearer("vendor")).status_code == 200
    assert client.get(f"/api/v1/contracts/{contract_id}/annex.docx").status_code == 401


def test_a_voided_material_is_not_named_missing_in_the_acceptance_report(client, login, records):
    """A required material taken off the list (voided with a reason) is counted nowhere: the report does not
    say the vendor failed to hand it in."""
    from contractmgr.models import AcceptanceMaterial
    from tests.helpers import csrf_token

    contract_id, _, submission_id = records
    flow = db.session.scalar(
        sa.select(AcceptanceMaterial).where(
            AcceptanceMaterial.contract_id == contract_id, AcceptanceMaterial.name == "运维服务流程"
        )
    )
    login("officer")
    page = f"/acceptance/contracts/{contract_id}"
    voided = client.post(
        f"{page}/materials/{flow.id}/void",
        data={"reason": "并入运维工作方案", "csrf_token": csrf_token(client.get(page))},
    )
    assert voided.status_code == 302
    report = client.get(f"/documents/contracts/{contract_id}/acceptance/{submission_id}.docx")
    text = "\n".join(p.text for p in open_docx(report.data).paragraphs)
    assert "未提交的必备材料：" in text and "运维团队管理方案" in text
    assert "运维服务流程" not in text
