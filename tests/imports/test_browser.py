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
