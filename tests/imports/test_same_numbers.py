"""A document whose 备案编号 (a contract) or 招标采购文件编号 (a tender) is already on file says so on the
review page, with a link to the record — not only an identical file is caught."""

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, Tender
from tests.imports.conftest import form_fields, upload


def _review(officer, path):
    response = upload(officer, path)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"], officer.get(response.headers["Location"])


def test_a_contract_with_a_filing_number_already_on_file_links_to_that_contract(officer, contract_docx):
    filed = db.session.scalar(sa.select(Contract).where(Contract.filing_number.is_not(None)))
    review_url, page = _review(officer, contract_docx)
    fields = form_fields(page)
    fields.update(filing_number="洛采公开-2099-1", save="1")
    officer.post(review_url, data=fields)
    assert "已有合同" not in officer.get(review_url).get_data(as_text=True)

    fields.update(filing_number=filed.filing_number)
    officer.post(review_url, data=fields)
    html = officer.get(review_url).get_data(as_text=True)
    assert f"备案编号 {filed.filing_number} 已有合同" in html
    assert f'href="/contracts/{filed.id}"' in html and filed.record_number in html


def test_a_tender_with_a_tender_number_already_on_file_links_to_that_tender(officer, tender_docx):
    tender = db.session.scalar(sa.select(Tender))  # the demo's 安阳 tender, imported from the same data
    tender.procurement_number = "安采招标-2026-08"
    db.session.commit()
    review_url, page = _review(officer, tender_docx)
    assert "已有招标项目" not in page.get_data(as_text=True)
    fields = form_fields(page)
    fields.update(procurement_number="安采招标-2026-08", save="1")
    officer.post(review_url, data=fields)
    html = officer.get(review_url).get_data(as_text=True)
    assert "招标采购文件编号 安采招标-2026-08 已有招标项目" in html
    assert f'href="/tenders/{tender.id}"' in html and tender.record_number in html
