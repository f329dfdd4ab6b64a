"""In a real browser: the vendor uploads and submits, the officer fails it, the vendor reworks and
resubmits, the officer passes it, and both see the whole history."""

import pytest
from playwright.sync_api import expect

from tests.live_server import sign_in
from tests.supplier.files import docx_bytes, pdf_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def officer_page(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server
    yield page
    context.close()


def upload_in_row(page, material: str, name: str, content: bytes, mime="application/pdf"):
    row = page.locator(f'tr[data-material="{material}"]')
    row.locator('input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_role("button", name="上传所选文件").click()
    page.wait_for_load_state()


def test_vendor_and_officer_go_through_a_failure_and_a_pass(browser_page, officer_page, ended_contract):
    vendor = browser_page
    sign_in(vendor, "vendor")
    vendor.goto(f"{vendor.base}/contracts/{ended_contract.id}")
    vendor.locator("#vendor-summary").get_by_role("link", name="验收").click()
    expect(vendor.locator("h1")).to_have_text("验收材料与提交")

    # a file whose name lies is refused, with the reason
    upload_in_row(vendor, "项目清单", "项目清单.xlsx", pdf_bytes("其实是PDF"))
    assert "与文件名不符" in vendor.locator('tr[data-material="项目清单"] .error').inner_text()

    names = ["项目清单", "运维工作方案及计划", "运维团队管理方案", "运维应急保障机制", "运维服务流程", "日常巡检记录"]
    for name in names:
        upload_in_row(vendor, name, f"{name}.pdf", pdf_bytes(name))
        assert "第 1 版" in vendor.locator(f'tr[data-material="{name}"]').inner_text()
    vendor.once("dialog", lambda dialog: dialog.accept())  # a legal step: the browser asks first
    vendor.locator("#scope-contract").get_by_role("button", name="提交验收").click()
    expect(vendor.locator(".flash")).to_contain_text("已提交验收材料（第 1 次）")
    expect(vendor.locator("#scope-contract")).to_contain_text("待审核")

    officer = officer_page
    sign_in(officer, "officer")
    officer.locator("header nav").get_by_role("link", name="验收审核").click()
    officer.get_by_role("link", name=ended_contract.title).click()
    review = officer.locator("section.review")
    expect(review).to_contain_text("第 1 次提交")
    review.get_by_label("不通过").check()
    review.get_by_label("理由").fill("应急保障机制缺少联系人名单")
    officer.once("dialog", lambda dialog: dialog.accept())
    review.get_by_role("button", name="提交审核结论").click()
    expect(officer.locator(".flash")).to_contain_text("已判定不通过")
    officer.wait_for_load_state()
    history = officer.locator("#history").inner_text()
    assert "应急保障机制缺少联系人名单" in history and "验收不合格违约金" in history and "¥50,000.00" in history

    vendor.reload()
    assert "整改中" in vendor.locator("#scope-contract").inner_text()
    assert "应急保障机制缺少联系人名单" in vendor.locator("#history").inner_text()
    upload_in_row(
        vendor,
        "运维应急保障机制",
        "应急保障机制-补充联系人.docx",
        docx_bytes("联系人名单"),
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert "第 2 版" in vendor.locator('tr[data-material="运维应急保障机制"]').inner_text()
    vendor.once("dialog", lambda dialog: dialog.accept())
    vendor.locator("#scope-contract").get_by_role("button", name="重新提交").click()
    expect(vendor.locator(".flash")).to_contain_text("第 2 次")

    officer.reload()
    review = officer.locator("section.review")
    assert "第 2 次提交" in review.inner_text()
    review.get_by_label("通过", exact=True).check()
    officer.once("dialog", lambda dialog: dialog.accept())
    review.get_by_role("button", name="提交审核结论").click()
    expect(officer.locator(".flash")).to_contain_text("验收通过")

    vendor.reload()
    for page in (vendor, officer):
        assert "验收通过" in page.locator("#scope-contract").inner_text()
        rows = page.locator("#history table.submissions tbody tr")
        assert rows.count() == 2
        latest, first = rows.nth(0).inner_text(), rows.nth(1).inner_text()
        assert "通过" in latest and "运维应急保障机制" in latest and "第 2 版" in latest
        assert "不通过" in first and "应急保障机制缺少联系人名单" in first
        assert "待采购人确认" in page.locator("#history table.penalties").inner_text()
