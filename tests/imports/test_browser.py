"""The import as the officer does it in a real browser: the page shows the pages read, then the review."""

import re

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, ImportRecord
from tests.live_server import sign_in

pytestmark = pytest.mark.browser


def test_the_officer_uploads_watches_the_pages_being_read_reviews_and_confirms(
    browser_page, demo, contract_pdf, jobs_worker
):
    page = browser_page
    sign_in(page, "officer")
    page.click("nav >> text=导入文件")
    page.set_input_files("#file", str(contract_pdf))
    page.evaluate("""() => { window.seen = [];
        new MutationObserver(() => window.seen.push(document.querySelector('#upload-progress .status').textContent))
          .observe(document.querySelector('#upload-progress .status'), {childList: true, characterData: true}); }""")
    page.click("#upload-form button.primary")
    # A function, not an expression string: Playwright evaluates a string with eval, which the CSP forbids.
    page.wait_for_function("() => window.seen.some(text => /已读取 \\d+ \\/ 18 页|正在核对/.test(text))", timeout=60000)
    page.wait_for_url(re.compile(r"/imports/\d+$"), timeout=60000)
    assert page.locator("tr[id^=line-]").count() == 40
    assert page.locator("#lines-39-start ~ small.warn").inner_text().endswith("（多66天）。")
    page.fill("#filing_number", "洛采公开-2026-54")
    page.check("#acknowledge_warnings")
    page.click("#confirm")
    page.wait_for_url("**/contracts/*")
    assert "已导入" in page.locator(".flash").inner_text()
    db.session.rollback()
    record = db.session.scalar(sa.select(ImportRecord))
    contract = db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))
    assert record.status == "confirmed" and len(contract.lines) == 40


def test_a_scanned_pdf_is_refused_on_the_page_without_leaving_it(browser_page, demo, tmp_path, jobs_worker):
    from tests import documents

    page = browser_page
    sign_in(page, "officer")
    page.goto(page.base + "/imports/")
    page.set_input_files("#file", str(documents.pdf_scanned(tmp_path / "scan.pdf")))
    page.click("#upload-form button.primary")
    page.wait_for_selector("#upload-error:not([hidden])")
    assert "OCR" in page.locator("#upload-error").inner_text()
    assert page.url.endswith("/imports/")


def test_the_officer_imports_a_contract_of_another_layout_seeing_where_each_field_was_read(
    browser_page, demo, tmp_path, jobs_worker
):
    """Not a seed layout: a 协议书 whose table has 计量单位 / 工程量 / 单价 / 合价 and one row whose
    quantity × unit price disagrees with its amount."""
    from decimal import Decimal

    from tests import corpus

    doc = next(doc for doc in corpus.documents() if doc.layout == "unit_price_times_quantity_disagrees")
    page = browser_page
    sign_in(page, "officer")
    page.goto(page.base + "/imports/")
    page.set_input_files("#file", str(corpus.write_pdf(doc, tmp_path / "greening.pdf")))
    page.click("#upload-form button.primary")
    page.wait_for_url(re.compile(r"/imports/\d+$"), timeout=60000)
    assert page.locator("tr[id^=line-]").count() == 3
    assert "把握：高" in page.locator("#supplier ~ small.source").inner_text()
    assert "相差500.00元" in page.locator("#line-1").inner_text()
    assert "低（存疑）" in page.locator("#line-1 small.source.doubtful").first.inner_text()
    for index in range(3):  # the table has no 服务单位 column: the officer names the unit
        page.fill(f"#lines-{index}-unit", "市政务服务中心")
    page.check("#acknowledge_warnings")
    page.click("#confirm")
    page.wait_for_url("**/contracts/*")
    db.session.rollback()
    record = db.session.scalar(sa.select(ImportRecord).order_by(ImportRecord.id.desc()))
    contract = db.session.scalar(sa.select(Contract).where(Contract.import_record_id == record.id))
    assert [line.amount for line in contract.lines] == [Decimal("33800.00"), Decimal("15800.00"), Decimal("14400.00")]
    assert contract.total_amount == Decimal("64000.00")
