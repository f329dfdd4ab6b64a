"""In a real browser, as the vendor: several acceptance materials chosen row by row and uploaded with one button
(refused together when one is wrong), on a desktop and on a phone."""

import pytest

from tests.live_server import sign_in
from tests.supplier.files import image_bytes, pdf_bytes

pytestmark = pytest.mark.browser

NAMES = ["项目清单", "运维工作方案及计划", "运维团队管理方案", "运维应急保障机制", "运维服务流程", "日常巡检记录"]


def choose(page, material: str, name: str, content: bytes, mime="application/pdf"):
    row = page.locator(f'tr[data-material="{material}"]')
    row.locator('input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": content})


def test_the_vendor_uploads_six_materials_with_one_click(browser_page, ended_contract):
    page = browser_page
    sign_in(page, "vendor")
    page.goto(f"{page.base}/vendor/contracts/{ended_contract.id}")

    # one wrong file among six: nothing is kept, the wrong one is named in its row, the others' rows stay clean
    for name in NAMES:
        choose(page, name, f"{name}.pdf", pdf_bytes(name))
    choose(page, "运维服务流程", "流程.pdf", image_bytes("PNG"), mime="image/png")
    page.get_by_role("button", name="上传所选文件").click()
    page.wait_for_load_state()
    assert "1 个文件未通过检查，本次没有保存任何文件" in page.locator("form.upload-materials").inner_text()
    assert "「流程.pdf」的内容是 PNG" in page.locator('tr[data-material="运维服务流程"] .error').inner_text()
    assert page.locator('tr[data-material="项目清单"] .error').count() == 0
    assert page.get_by_text("第 1 版").count() == 0

    for name in NAMES:
        choose(page, name, f"{name}.pdf", pdf_bytes(name))
    page.get_by_role("button", name="上传所选文件").click()
    page.wait_for_load_state()
    assert "已上传 6 个文件" in page.locator(".flash").inner_text()
    for name in NAMES:
        assert "第 1 版" in page.locator(f'tr[data-material="{name}"]').inner_text()
    assert "还缺必交材料" not in page.locator("#submit").inner_text()


def test_the_upload_form_fits_a_phone(chromium, live_server, ended_contract):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server
    try:
        sign_in(page, "vendor")
        page.goto(f"{live_server}/vendor/contracts/{ended_contract.id}")
        assert page.evaluate("document.documentElement.scrollWidth") == 390
        choose(page, "项目清单", "项目清单.pdf", pdf_bytes("清单"))
        choose(page, "日常巡检记录", "巡检.pdf", pdf_bytes("巡检"))
        button = page.get_by_role("button", name="上传所选文件")
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        button.click()
        page.wait_for_load_state()
        assert "已上传 2 个文件" in page.locator(".flash").inner_text()
    finally:
        context.close()


def test_the_vendor_imports_the_roster_from_the_template(browser_page, ended_contract, tmp_path):
    from openpyxl import load_workbook

    page = browser_page
    sign_in(page, "vendor")
    page.goto(f"{page.base}/vendor/contracts/{ended_contract.id}/staff")
    section = page.locator("#roster-import")
    with page.expect_download() as download:
        section.get_by_role("link", name="下载名单模板 (.xlsx)").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook["驻场人员"]
    start = ended_contract.start_on
    sheet.append(["李四", "驻场工程师", "1、2", start, None, "123X"])
    sheet.append(["王五", "项目经理", "7", start.isoformat(), None, None])  # the contract has 4 lines
    workbook.save(tmp_path / "wrong.xlsx")

    section.get_by_label("人员名单 (.xlsx)").set_input_files(tmp_path / "wrong.xlsx")
    section.get_by_role("button", name="导入名单").click()
    page.wait_for_load_state()
    errors = page.locator("#roster-import").inner_text()
    assert "名单有 1 处错误，未导入任何人员" in errors and "第 4 行：本合同没有第 7 项运维项目。" in errors
    assert "尚未登记驻场人员" in page.locator("#roster").inner_text()

    sheet["C4"] = "3"
    workbook.save(tmp_path / "right.xlsx")
    page.locator("#roster-import").get_by_label("人员名单 (.xlsx)").set_input_files(tmp_path / "right.xlsx")
    page.locator("#roster-import").get_by_role("button", name="导入名单").click()
    page.wait_for_load_state()
    assert "已从名单导入 2 人：新增 2 人，已登记 0 人；新增 3 条驻场记录" in page.locator(".flash").inner_text()
    roster = page.locator("#roster table.roster tbody tr")
    assert roster.count() == 3
    assert "**************123X" in roster.filter(has_text="李四").first.inner_text()
