"""The officer imports the 洛阳 renewal (续签) in a browser: the review proposes the chain of its first
year, and the confirmed contract is year 2 with the chain's limit 2028-05-21 — not year 1 to 2029."""

import re
from datetime import date

import pytest

from contractmgr.extensions import db
from tests.factories import make_contract
from tests.live_server import sign_in

pytestmark = pytest.mark.browser


def test_the_imported_renewal_is_proposed_for_its_chain_and_becomes_year_two(
    browser_page, demo, contract_pdf, jobs_worker
):
    make_contract(
        title="洛阳政务信息化运维项目（首年）",
        start=date(2025, 5, 22),
        end=date(2026, 5, 21),
        lines=2,
        procurement_number="洛直政采招标（2025）0060号",
    )
    db.session.commit()
    page = browser_page
    sign_in(page, "officer")
    page.goto(page.base + "/imports/")
    page.set_input_files("#file", str(contract_pdf))
    page.click("#upload-form button.primary")
    page.wait_for_url(re.compile(r"/imports/\d+$"), timeout=60000)
    proposal = page.locator("#chain-section .proposal").inner_text()
    assert "作为《洛阳政务信息化运维项目（首年）》的第 2 年" in proposal and "招标采购文件编号相同" in proposal
    assert page.locator("#chain option:checked").inner_text().startswith("洛阳政务信息化运维项目（首年）")
    page.fill("#filing_number", "洛采公开-2026-99")
    page.check("#acknowledge_warnings")
    page.click("#confirm")
    page.wait_for_url("**/contracts/*")
    assert "第 2 年，总服务周期不超过 3 年（自 2025年5月22日 起）" in page.locator("main").inner_text()
    assert "至 2028年5月21日 止" in page.locator("main").inner_text()
