"""A tender in lots keeps which lines belong to which lot: read from the file (a 第一包 row above
its lines, a 包号 column, a table per lot), shown on the review grouped by lot with each lot's sum
against its ceiling, changed by the officer, saved with the tender and shown on its page."""

from decimal import Decimal

import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Tender
from tests import corpus
from tests.imports.conftest import form_fields, upload


def _layout(name: str) -> corpus.Doc:
    return next(doc for doc in corpus.documents() if doc.layout == name)


def test_the_lines_of_each_lot_are_reviewed_moved_and_saved_with_their_lot(officer, tmp_path):
    response = upload(officer, corpus.write_docx(_layout("lot_rows_in_line_table"), tmp_path / "lots.docx"))
    assert response.status_code == 302
    review_url = response.headers["Location"]
    page = officer.get(review_url)
    html = page.get_data(as_text=True)
    fields = form_fields(page)
    assert [fields[f"lines-{i}-lot"] for i in range(5)] == ["1", "1", "2", "2", "2"]
    assert 'id="lot-group-1"' in html and 'id="lot-group-2"' in html
    assert "2 项，合计 ¥500,000.00；预算或最高限价 ¥500,000.00" in html
    assert "3 项，合计 ¥300,000.00；预算或最高限价 ¥300,000.00" in html

    # the officer moves line 2 to 第二包: its lines now exceed its ceiling, said with the difference
    fields.update({"lines-1-lot": "2", "confirm": "1"})
    refused = officer.post(review_url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "第2包“数据中心运维”各项合计620,000.00元，超出该包预算（最高限价）300,000.00元320,000.00元。" in text
    assert "超出 ¥320,000.00" in text

    fields = form_fields(refused)
    assert fields["lines-1-lot"] == "2"
    fields.update({"acknowledge_warnings": "y", "confirm": "1"})
    confirmed = officer.post(review_url, data=fields)
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:3000]
    tender = db.session.scalar(sa.select(Tender).order_by(Tender.id.desc()))
    assert [(lot.lot_no, [item.seq for item in lot.items]) for lot in tender.lots] == [("1", [1]), ("2", [2, 3, 4, 5])]
    assert tender.lots[1].items_amount == Decimal("620000.00")
    assert tender.lots[1].over_budget_by == Decimal("320000.00")

    shown = officer.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert 'id="items-of-lot-2"' in shown and "超出预算或最高限价 ¥320,000.00" in shown
    assert "包1 政务外网运维" in shown and "，合计 ¥180,000.00" in shown


def test_a_line_in_a_lot_that_is_not_on_the_page_is_a_problem(officer, tmp_path):
    response = upload(officer, corpus.write_docx(_layout("lot_column_in_line_table"), tmp_path / "lots.docx"))
    review_url = response.headers["Location"]
    fields = form_fields(officer.get(review_url))
    assert [fields[f"lines-{i}-lot"] for i in range(4)] == ["1", "1", "2", "2"]
    fields.update({"lines-3-lot": "7", "confirm": "1"})
    refused = officer.post(review_url, data=fields)
    assert refused.status_code == 422
    assert "序号 4 所属的包“7”不在本页所列各包之中。" in refused.get_data(as_text=True)


def test_a_contract_above_the_ceiling_of_the_tender_lot_it_covers_is_warned_before_saving(officer, tmp_path):
    from contractmgr.models import Contract, TenderLot
    from tests.imports.test_review_structure import _annex_xlsx, _post_annex

    tender = Tender(
        title="开封市教育局2024年校园信息化运维项目",
        procurement_number="KFJY-2024-071",
        lots=[TenderLot(lot_no="2", name="多媒体教室设备运维", budget_amount=Decimal("150000.00"))],
    )
    db.session.add(tender)
    db.session.commit()
    response = upload(officer, corpus.write_docx(_layout("lots_in_prose"), tmp_path / "lots.docx"))
    review_url = response.headers["Location"]
    fields = form_fields(officer.get(review_url))
    fields.update(
        kind="contract",
        supplier="河南云帆信息技术有限公司",
        total_amount="180000.00",
        service_start="2024-09-01",
        service_end="2025-08-31",
        lot="2",
    )
    annex = _annex_xlsx(tmp_path / "annex.xlsx", ["180000.00"])
    assert _post_annex(officer, review_url, fields, annex, "annex.xlsx").status_code == 302
    fields = form_fields(officer.get(review_url))
    refused = officer.post(review_url, data={**fields, "confirm": "1"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert (
        f"合同总金额 ¥180,000.00 超出招标文件 {tender.record_number} 第 2 包的最高限价（预算） ¥150,000.00，多 ¥30,000.00。"
        in text
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contract).where(Contract.lot_no == "2")) == 0

    # within the ceiling: no such warning
    fields = form_fields(refused)
    fields.update(total_amount="150000.00")
    within = officer.post(review_url, data={**fields, "save": "1"})
    assert "超出招标文件" not in officer.get(review_url).get_data(as_text=True), within.status_code


def test_the_review_heads_each_run_of_lines_in_one_lot_with_that_lot():
    from contractmgr.services.imports import lot_group_heads, lot_totals

    lots = [("1", "政务外网运维", Decimal("500000.00")), ("2", "数据中心运维", None)]
    line_lots = ["1", "1", "2", None, "7", "1"]
    totals = lot_totals(lots, [(lot, Decimal("100.00"), True) for lot in line_lots])
    heads = lot_group_heads(totals, line_lots)
    # a lot not on the page counts as none, as in the totals: lines 4 and 5 are one group
    assert {index: head.total.label for index, head in heads.items()} == {0: "1", 2: "2", 3: None, 5: "1"}
    assert heads[3].total.lines == 2 and heads[0].total.lines == 3
    # lot 1's lines come in two runs: each heading row has its own id, the first the lot's
    assert [head.anchor for head in heads.values()] == [
        "lot-group-1",
        "lot-group-2",
        "lot-group-none",
        "lot-group-1-run-2",
    ]
    assert lot_group_heads(lot_totals([], [(None, Decimal("1.00"), True)]), [None]) == {}
