"""A contract whose document lists no lots of its own, of a tender in lots on file (the same 招标采购文件编号):
the review offers the tender's lots; the contract is confirmed only with one of them chosen, which gives its
包号 and name, the key to the tender lot and the check of the total against that lot's ceiling."""

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord, Tender
from contractmgr.services.renewals import record_renewal
from tests import corpus, documents
from tests.imports.conftest import counts, form_fields, records_only, upload

TENDER_NUMBER = "NYDSJ-2024-015"  # corpus lot_rows_in_line_table: 包1 ceiling 500,000.00, 包2 300,000.00


def _tender_in_lots(officer, tmp_path) -> Tender:
    doc = next(doc for doc in corpus.documents() if doc.layout == "lot_rows_in_line_table")
    review_url = upload(officer, corpus.write_docx(doc, tmp_path / "tender.docx")).headers["Location"]
    fields = form_fields(officer.get(review_url))
    confirmed = officer.post(review_url, data={**fields, "confirm": "1", "acknowledge_warnings": "y"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:2000]
    tender = db.session.scalar(sa.select(Tender).where(Tender.procurement_number == TENDER_NUMBER))
    assert [(lot.lot_no, lot.budget_amount) for lot in tender.lots] == [
        ("1", Decimal("500000.00")),
        ("2", Decimal("300000.00")),
    ]
    return tender


def test_a_contract_naming_no_lot_chooses_its_tenders_lot_on_the_review(officer, tmp_path, contract_data):
    tender = _tender_in_lots(officer, tmp_path)
    data = documents.with_fields(contract_data, procurement_number=TENDER_NUMBER)
    response = upload(officer, documents.docx_contract(tmp_path / "contract.docx", data))
    review_url = response.headers["Location"]
    page = officer.get(review_url)
    html = page.get_data(as_text=True)
    fields = form_fields(page)
    assert fields["lot"] == ""  # the document names none
    assert f"招标项目 {tender.record_number} 的分包（2 个）" in html
    assert '<option value="1">包1 政务外网运维（最高限价 ¥500,000.00）</option>' in html
    assert '<option value="2">包2 数据中心运维（最高限价 ¥300,000.00）</option>' in html
    before = records_only(counts())

    # confirmed without a lot: refused, with what to do, and nothing written
    refused = officer.post(review_url, data={**fields, "confirm": "1", "acknowledge_warnings": "y"})
    assert refused.status_code == 422
    assert (
        f"招标项目 {tender.record_number}（招标采购文件编号 {TENDER_NUMBER}）分为 2 包：请选择本合同所涉的包。"
        in refused.get_data(as_text=True)
    )
    assert records_only(counts()) == before
    fields = form_fields(refused)
    unknown = officer.post(review_url, data={**fields, "lot": "3", "confirm": "1", "acknowledge_warnings": "y"})
    assert unknown.status_code == 422
    assert "所选的包“3”不在本页所列各包之中。" in unknown.get_data(as_text=True)
    assert records_only(counts()) == before

    # 包2 chosen: the total (8,271,400.00) is above its ceiling, said before anything is saved
    fields["lot"] = "2"
    warned = officer.post(review_url, data={**fields, "confirm": "1"})
    assert warned.status_code == 422
    assert (
        f"合同总金额 ¥8,271,400.00 超出招标文件 {tender.record_number} 第 2 包的最高限价（预算） ¥300,000.00，"
        "多 ¥7,971,400.00。" in warned.get_data(as_text=True)
    )
    assert records_only(counts()) == before

    fields = form_fields(warned)
    assert fields["lot"] == "2"
    confirmed = officer.post(review_url, data={**fields, "confirm": "1", "acknowledge_warnings": "y"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:3000]
    contract = db.session.scalar(sa.select(Contract).where(Contract.procurement_number == TENDER_NUMBER))
    assert (contract.lot_no, contract.lot_name) == ("2", "数据中心运维")
    assert contract.tender_lot_id == tender.lots[1].id
    assert contract.tender_id == tender.id  # the lot on file makes it one of its tender's contracts
    record = db.session.get(ImportRecord, contract.import_record_id)
    assert [w["code"] for w in record.payload["warnings"]].count("contract_over_lot_ceiling") == 1

    shown = officer.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "包2 数据中心运维" in shown
    assert f'href="/tenders/{tender.id}#lot-2">招标项目 {tender.record_number} 的第 2 包</a>' in shown


def test_a_renewal_is_of_the_same_lot_as_the_contract_it_renews(officer, tmp_path, contract_data):
    tender = _tender_in_lots(officer, tmp_path)
    data = documents.with_fields(contract_data, procurement_number=TENDER_NUMBER)
    review_url = upload(officer, documents.docx_contract(tmp_path / "contract.docx", data)).headers["Location"]
    fields = form_fields(officer.get(review_url))
    confirmed = officer.post(review_url, data={**fields, "lot": "1", "confirm": "1", "acknowledge_warnings": "y"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:3000]
    contract = db.session.scalar(sa.select(Contract).where(Contract.procurement_number == TENDER_NUMBER))

    renewal = record_renewal(
        contract, start=contract.end_on + timedelta(days=1), end=contract.end_on + timedelta(days=365)
    )
    db.session.commit()
    assert (renewal.lot_no, renewal.lot_name, renewal.tender_lot_id, renewal.tender_id) == (
        "1",
        "政务外网运维",
        tender.lots[0].id,
        tender.id,
    )
