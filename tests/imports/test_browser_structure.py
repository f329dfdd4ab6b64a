"""A contract whose list is a separate Excel file, imported in a real browser: the contract, then its annex
read on the same review screen, then confirmed."""

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord
from tests import corpus
from tests.imports.test_review_structure import _annex_xlsx, _layout
from tests.live_server import sign_in

pytestmark = pytest.mark.browser


def test_the_officer_reads_the_lines_of_a_separate_annex_into_the_review_and_confirms(
    browser_page, demo, tmp_path, jobs_worker
):
    page = browser_page
    sign_in(page, "officer")
    page.goto(page.base + "/imports/")
    page.set_input_files("#file", str(corpus.write_docx(_layout("contract_annex_separate"), tmp_path / "合同.docx")))
    page.click("#upload-form button.primary")
    page.wait_for_url(re.compile(r"/imports/\d+$"), timeout=60000)
    assert page.locator("tr[id^=line-]").count() == 0
    page.fill("#title", "许昌市公安局指挥中心2024年运维项目")  # a correction typed first is kept
    page.set_input_files("#annex", str(_annex_xlsx(tmp_path / "附件.xlsx", ["300000.00", "260000.00"])))
    page.click("#add_annex")
    page.wait_for_selector("#line-1")
    assert "已从《附件.xlsx》读入 2 项" in page.locator(".flash").inner_text()
    assert "《附件.xlsx》" in page.locator("#line-0 small.source").first.inner_text()
    assert page.locator("#title").input_value() == "许昌市公安局指挥中心2024年运维项目"
    page.click("#confirm")
    page.wait_for_url("**/contracts/*")
    db.session.rollback()
    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    contract = db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))
    assert [line.amount for line in contract.lines] == [Decimal("300000.00"), Decimal("260000.00")]
    assert (
        contract.title == "许昌市公安局指挥中心2024年运维项目"
        and record.payload["annexes"][0]["filename"] == "附件.xlsx"
    )
