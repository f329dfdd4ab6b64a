"""The review of documents that are more than one flat list: a list numbered 一 / 1 / 1.1 with 小计 rows,
a tender in lots, an award notice, a contract whose list is a separate file. Each goes through the
pages as an officer does — upload, review, correct, confirm — and is checked in what was saved."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, Tender
from tests import corpus
from tests.imports.conftest import counts, form_fields, line_field, upload


def _created() -> dict[str, int]:
    """The rows an import may create; the audit log is left out, as a refused review is kept as a draft."""
    return {table: count for table, count in counts().items() if table != "audit_log"}


def _layout(name: str) -> corpus.Doc:
    return next(doc for doc in corpus.documents() if doc.layout == name)


def _review(officer, path):
    response = upload(officer, path)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    review_url = response.headers["Location"]
    return review_url, officer.get(review_url)


@pytest.fixture
def hierarchy_docx(tmp_path):
    return corpus.write_docx(_layout("hierarchical_table"), tmp_path / "郑州政务服务运维合同.docx")


def test_a_numbered_hierarchy_is_shown_checked_and_kept(officer, hierarchy_docx):
    review_url, page = _review(officer, hierarchy_docx)
    html = page.get_data(as_text=True)
    fields = form_fields(page)
    # eight lines (the two 小计 rows and the 合计 row are not lines), each with its printed 序号 and parent
    assert [fields[f"lines-{i}-label"] for i in range(8)] == ["一", "1", "1.1", "1.2", "2", "二", "1", "2"]
    assert [fields[f"lines-{i}-parent"] for i in range(8)] == ["", "一", "1", "1", "一", "", "二", "二"]
    assert 'depth-2">' in html  # 1.1 and 1.2 sit two levels down
    assert '<strong class="money" id="lines-sum">¥650,000.00</strong>' in html  # the top lines only, not 1,670,000

    # a child's amount typed wrong: its parent no longer adds up, shown with the difference, nothing saved
    fields.update({line_field(fields, 3, "amount"): "150500.00", "confirm": "1"})
    before = _created()
    refused = officer.post(review_url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "“1 机房运维”金额260,000.00元，其下各项合计260,500.00元，相差-500.00元。" in text
    assert 'href="#lines-1-amount"' in text
    assert _created() == before

    # corrected: no doubt left, the contract keeps the hierarchy
    fields = form_fields(refused)
    fields.update({line_field(fields, 3, "amount"): "150000.00", "confirm": "1"})
    assert officer.post(review_url, data=fields).status_code == 302
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id.desc()))
    assert [(line.seq_label, line.parent_label) for line in contract.lines] == [
        ("一", None),
        ("1", "一"),
        ("1.1", "1"),
        ("1.2", "1"),
        ("2", "一"),
        ("二", None),
        ("1", "二"),
        ("2", "二"),
    ]
    assert contract.total_amount == Decimal("650000.00")
    shown = officer.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "8 项，合计 ¥650,000.00" in shown and "各行金额合计与合同总金额不符" not in shown
    assert "1.2</small>" not in shown and "1.2 （属 1）" in shown


def test_parents_that_do_not_add_up_to_the_total_need_an_acknowledgement(officer, hierarchy_docx):
    review_url, page = _review(officer, hierarchy_docx)
    fields = form_fields(page)
    # the parent 二 and both its children raised alike: the hierarchy agrees, the total does not
    fields.update(
        {
            line_field(fields, 6, "amount"): "240000.00",
            line_field(fields, 8, "amount"): "150000.00",
            "confirm": "1",
        }
    )
    refused = officer.post(review_url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "相差10,000.00元" in text and "其下各项合计" not in text
    fields = form_fields(refused)
    fields.update(confirm="1", acknowledge_warnings="y")
    assert officer.post(review_url, data=fields).status_code == 302


def test_a_parent_no_line_above_is_printed_as_is_refused_at_that_line(officer, hierarchy_docx):
    review_url, page = _review(officer, hierarchy_docx)
    fields = form_fields(page)
    fields.update({line_field(fields, 3, "parent"): "9", "confirm": "1", "acknowledge_warnings": "y"})
    before = _created()
    refused = officer.post(review_url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "序号 3 的上级序号“9”不是它上方任何一行的原文序号" in text
    assert 'href="#lines-2-parent"' in text and _created() == before


def _annex_xlsx(path, amounts: list[str]):
    """An Excel list of lines alone (运维项目清单), as sent apart from its contract."""
    lines = corpus.simple_lines(amounts)
    doc = corpus.Doc("annex", "a line list alone", "contract", "运维项目清单", lines=lines)
    doc.paragraphs = ["运维项目清单明细"]
    doc.table = corpus.table_of(
        ["序号", "服务单位", "运维项目", "金额（元）"], corpus.line_rows(lines, ["label", "unit", "name", "amount"])
    )
    return corpus.write_xlsx(doc, path)


def _post_annex(officer, review_url, fields, path, name):
    with open(path, "rb") as file:
        data = {**fields, "add_annex": "1", "annex": (file, name)}
        return officer.post(review_url, data=data, content_type="multipart/form-data")


def test_a_contract_without_its_list_gets_its_lines_from_the_annex_file(officer, tmp_path):
    contract_file = corpus.write_docx(_layout("contract_annex_separate"), tmp_path / "许昌公安运维合同.docx")
    review_url, page = _review(officer, contract_file)
    assert "没有运维项目：请至少保留一行。" in page.get_data(as_text=True)
    fields = form_fields(page)
    fields["title"] = "许昌市公安局指挥中心2024年运维项目"  # typed before the annex is read: kept with it

    annex = _annex_xlsx(tmp_path / "annex.xlsx", ["300000.00", "260000.00"])
    added = _post_annex(officer, review_url, fields, annex, "附件 运维项目清单.xlsx")
    assert added.status_code == 302 and added.headers["Location"].endswith("#lines")
    page = officer.get(review_url)
    html = page.get_data(as_text=True)
    assert "已从《附件 运维项目清单.xlsx》读入 2 项" in html
    assert "读自：《附件 运维项目清单.xlsx》" in html  # each line says which file and row it came from
    fields = form_fields(page)
    assert [fields[f"lines-{i}-amount"] for i in range(2)] == ["300000.00", "260000.00"]
    assert fields["title"] == "许昌市公安局指挥中心2024年运维项目"
    record_id = int(review_url.rstrip("/").rsplit("/", 1)[1])
    from contractmgr.models import ImportRecord

    record = db.session.get(ImportRecord, record_id)
    (kept,) = record.payload["annexes"]
    assert officer.get(f"{review_url}/annexes/{kept['sha256']}").data == annex.read_bytes()

    fields.update(confirm="1")
    confirmed = officer.post(review_url, data=fields)
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:3000]
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id.desc()))
    assert [(line.seq, line.amount) for line in contract.lines] == [
        (1, Decimal("300000.00")),
        (2, Decimal("260000.00")),
    ]
    assert contract.total_amount == Decimal("560000.00")


def test_a_second_annex_numbers_on_and_a_file_without_a_list_adds_nothing(officer, tmp_path):
    contract_file = corpus.write_docx(_layout("contract_annex_separate"), tmp_path / "许昌公安运维合同.docx")
    review_url, page = _review(officer, contract_file)
    first = _annex_xlsx(tmp_path / "first.xlsx", ["300000.00"])
    assert _post_annex(officer, review_url, form_fields(page), first, "first.xlsx").status_code == 302
    second = _annex_xlsx(tmp_path / "second.xlsx", ["200000.00", "60000.00"])
    assert (
        _post_annex(officer, review_url, form_fields(officer.get(review_url)), second, "second.xlsx").status_code == 302
    )
    fields = form_fields(officer.get(review_url))
    assert [fields[f"lines-{i}-seq"] for i in range(3)] == ["1", "2", "3"]

    before = _created()
    notice = corpus.write_docx(_layout("award_notice_without_table"), tmp_path / "notice.docx")
    refused = _post_annex(officer, review_url, fields, notice, "中标公告.docx")
    assert refused.status_code == 422
    assert "《中标公告.docx》中没有读到运维项目清单，未添加任何一行" in refused.get_data(as_text=True)
    assert _created() == before and "lines-3-seq" not in form_fields(officer.get(review_url))

    fake = tmp_path / "list.xlsx"
    fake.write_bytes(b"not a spreadsheet at all")
    refused = _post_annex(officer, review_url, fields, fake, "list.xlsx")
    assert refused.status_code in (415, 422) and _created() == before


def test_a_tender_in_lots_becomes_a_tender_with_its_lots(officer, tmp_path):
    review_url, page = _review(officer, corpus.write_docx(_layout("lots_in_a_table"), tmp_path / "lots.docx"))
    html = page.get_data(as_text=True)
    assert "分包（2 个）" in html and "各包预算合计 ¥2,060,000.00" in html
    fields = form_fields(page)
    assert (fields["lots-0-label"], fields["lots-0-name"], fields["lots-0-budget"]) == (
        "1",
        "政务外网运维",
        "1200000.00",
    )
    assert (fields["lots-1-start"], fields["lots-1-end"], fields["lots-1-months"]) == ("2024-09-01", "2025-04-30", "8")

    # a lot's ceiling corrected so the lots no longer add up to the budget: said with the difference
    fields.update({"lots-1-budget": "900000.00", "confirm": "1"})
    before = _created()
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422
    assert "各包预算合计2,100,000.00元，与总预算2,060,000.00元相差40,000.00元。" in refused.get_data(as_text=True)
    assert _created() == before
    fields = form_fields(refused)
    fields.update({"total_amount": "2100000.00", "confirm": "1"})
    confirmed = officer.post(review_url, data=fields)
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:3000]
    tender = db.session.scalar(sa.select(Tender).order_by(Tender.id.desc()))
    assert [(lot.lot_no, lot.name, lot.budget_amount, lot.term_months) for lot in tender.lots] == [
        ("1", "政务外网运维", Decimal("1200000.00"), 8),
        ("2", "数据中心运维", Decimal("900000.00"), 8),
    ]
    assert tender.budget_amount == Decimal("2100000.00") and tender.items == []
    shown = officer.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert 'id="lot-2"' in shown and "数据中心运维" in shown and "¥900,000.00" in shown


def test_a_contract_from_a_document_in_lots_says_which_lot_it_covers(officer, tmp_path):
    review_url, page = _review(officer, corpus.write_docx(_layout("lots_in_prose"), tmp_path / "lots.docx"))
    fields = form_fields(page)
    fields.update(
        kind="contract",
        supplier="河南云帆信息技术有限公司",
        total_amount="180000.00",
        service_start="2024-09-01",
        service_end="2025-08-31",
        lot="9",
    )
    refused = officer.post(review_url, data={**fields, "confirm": "1"})
    assert refused.status_code == 422 and "所选的包“9”不在本页所列各包之中" in refused.get_data(as_text=True)
    annex = _annex_xlsx(tmp_path / "annex.xlsx", ["180000.00"])
    fields["lot"] = "2"
    assert _post_annex(officer, review_url, fields, annex, "annex.xlsx").status_code == 302
    fields = form_fields(officer.get(review_url))
    assert fields["lot"] == "2"
    fields.update(confirm="1")
    confirmed = officer.post(review_url, data=fields)
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:3000]
    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id.desc()))
    assert (contract.lot_no, contract.lot_name, contract.total_amount) == (
        "2",
        "多媒体教室设备运维",
        Decimal("180000.00"),
    )
    assert "包2 多媒体教室设备运维" in officer.get(confirmed.headers["Location"]).get_data(as_text=True)


def test_an_award_notice_records_its_date_on_the_contract_it_belongs_to(officer, tmp_path):
    from datetime import timedelta

    from contractmgr.models import ImportRecord

    contract = db.session.scalar(sa.select(Contract).order_by(Contract.id))
    contract.procurement_number = "ZZDSJ-2024-088"  # the notice's 项目编号
    contract.signed_on = contract.signed_on or contract.start_on - timedelta(days=5)
    db.session.commit()
    contract_id, signed_on, total = contract.id, contract.signed_on, contract.total_amount
    award = contract.chain.original_award_amount

    notice = corpus.write_docx(_layout("award_notice_without_table"), tmp_path / "中标结果公告.docx")
    review_url, page = _review(officer, notice)
    html = page.get_data(as_text=True)
    assert "判断文件类别的依据：「中标（成交）结果公告」" in html
    assert f"{contract.record_number} 《{contract.title}》" in html  # the contract with the same number, offered
    fields = form_fields(page)
    assert fields["kind"] == "award"

    before = _created()
    fields.update(confirm="1")
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422 and "请填写它所属的已有合同的编号" in refused.get_data(as_text=True)
    # a notice sent after the contract was signed cannot be
    fields.update(award_contract=contract.record_number, award_notice_on=(signed_on + timedelta(days=1)).isoformat())
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422 and 'href="#award_notice_on"' in refused.get_data(as_text=True)
    assert _created() == before

    notice_on = signed_on - timedelta(days=10)
    fields.update(award_notice_on=notice_on.isoformat())
    refused = officer.post(review_url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "公告的中标（成交）金额为 ¥4,071,400.00" in text
    fields = form_fields(refused)
    assert fields["award_contract"] == contract.record_number and fields["award_notice_on"] == notice_on.isoformat()
    fields.update(confirm="1", acknowledge_warnings="y")
    confirmed = officer.post(review_url, data=fields)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(f"/contracts/{contract_id}")
    db.session.expire_all()
    contract = db.session.get(Contract, contract_id)
    assert contract.award_notice_on == notice_on
    assert (contract.total_amount, contract.chain.original_award_amount) == (total, award)  # amounts unchanged
    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    assert record.status == "confirmed" and contract.award_notice_import_id == record.id
    assert counts()["contracts"] == before["contracts"] and counts()["tenders"] == before["tenders"]


def test_an_award_notice_confirmed_without_its_contract_creates_nothing(app, tmp_path):
    """The API and the command line confirm through `confirm_import`: an award notice is refused there, not
    made into a tender."""
    from contractmgr.services import imports

    notice = corpus.write_docx(_layout("award_notice_without_table"), tmp_path / "notice.docx")
    record = imports.import_file(notice, "notice.docx", by=None)
    db.session.commit()
    before = _created()
    with pytest.raises(imports.ImportNotReady) as refused:
        imports.confirm_import(record, record.payload, acknowledge_warnings=True)
    assert ("import_kind_award", "kind") in {(p.code, p.target) for p in refused.value.problems}
    db.session.rollback()
    assert _created() == before
