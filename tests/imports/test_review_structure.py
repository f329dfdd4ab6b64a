"""The review of documents that are more than one flat list: a list numbered 一 / 1 / 1.1 with 小计 rows,
a tender in lots, an award notice, a contract whose list is a separate file. Each goes through the
pages as an officer does — upload, review, correct, confirm — and is checked in what was saved."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from tests import corpus
from tests.imports.conftest import counts, form_fields, line_field, upload


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
    before = counts()
    refused = officer.post(review_url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "“1 机房运维”金额260,000.00元，其下各项合计260,500.00元，相差-500.00元。" in text
    assert 'href="#lines-1-amount"' in text
    assert counts() == before

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
    before = counts()
    refused = officer.post(review_url, data=fields)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "序号 3 的上级序号“9”不是它上方任何一行的原文序号" in text
    assert 'href="#lines-2-parent"' in text and counts() == before
