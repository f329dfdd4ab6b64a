"""A finance user's journey in headless Chromium: open the overview, see the overdue milestone,
record a payment, export the overview to Excel (written by a job worker, then downloaded)."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.finance.conftest import ready
from tests.live_server import sign_in

pytestmark = pytest.mark.browser


def test_finance_sees_an_overdue_milestone_records_the_payment_and_exports(
    seed_contract, lpr_3_percent, browser_page, jobs_worker
):
    # Signed 22 May 2026, invoice and inspection reports in on 1 June: due 6 July 2026, overdue since.
    ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    page = browser_page
    sign_in(page, "finance")
    page.click("header nav >> text=付款计划")
    page.wait_for_url("**/finance/")
    first_row = page.locator("#milestones tbody tr").first
    assert "逾期" in first_row.inner_text() and "应于2026年7月6日支付" in first_row.inner_text()

    first_row.locator("text=第1笔").click()
    page.wait_for_selector("#payment-form")
    assert page.locator("#outstanding").inner_text() == "¥5,789,980.00"
    page.fill("#amount", "5789980.00")
    page.fill("#voucher_number", "记-2026-1121")
    page.once("dialog", lambda dialog: dialog.accept())  # money follows: the browser asks first
    page.click("#payment-form button.primary")
    expect(page.locator(".flash")).to_contain_text("付款已登记")
    page.wait_for_load_state()
    payments = page.locator("#payments").inner_text()
    assert "记-2026-1121" in payments and "一年期 LPR 3.00%" in payments and "÷ 360 天" in payments

    page.click("header nav >> text=付款计划")
    expect(page.locator("#milestones tbody")).to_contain_text("已支付")
    page.click("text=导出 Excel")
    page.wait_for_url("**/finance/exports")
    # The page refreshes itself until the worker has written the file.
    link = page.locator("#exports tbody tr").first.locator("a")
    link.wait_for(timeout=60_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = workbook["付款总览"]
    headers = [cell.value for cell in sheet[1]]
    paid = headers.index("已付金额（元）") + 1
    assert sum(sheet.cell(row, paid).value for row in range(2, sheet.max_row)) == 5789980
