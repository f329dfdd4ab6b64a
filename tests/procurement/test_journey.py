"""The officer's journey in a real browser: renew the 洛阳 contract, add a supplement, be refused one
over the cap, and find all of it in the contract's audit trail."""

import pytest
from playwright.sync_api import expect

from tests.live_server import sign_in


@pytest.mark.browser
def test_an_officer_renews_adds_a_supplement_is_refused_over_the_cap_and_sees_the_trail(seed, browser_page, tmp_path):
    page = browser_page
    sign_in(page, "officer")
    page.goto(f"{page.base}/contracts/{seed.id}")
    expect(page.locator("#chain").get_by_text("剩余 1 年")).to_be_visible()

    page.get_by_role("link", name="续签", exact=True).click()
    expect(page.locator("#start_on")).to_have_value("2027-05-22")
    expect(page.locator("#end_on")).to_have_value("2028-05-21")
    page.get_by_role("button", name="续签").click()
    page.wait_for_url(lambda url: "/procurement/" not in url)
    expect(page.get_by_text("已续签：续签链第 3 年")).to_be_visible()
    expect(page.locator("#chain").get_by_text("剩余 0 年")).to_be_visible()
    expect(page.get_by_role("link", name="续签", exact=True)).to_have_count(0)  # the chain has no room left

    page.get_by_role("link", name="补充合同", exact=True).click()
    page.fill("#increase", "500000.00")
    page.fill("#reason", "新增两个系统的运维")
    page.get_by_role("button", name="登记补充合同").click()
    expect(page.get_by_text("补充合同第 1 号已登记")).to_be_visible()
    expect(page.locator("#supplements").get_by_text("¥327,140.00")).to_be_visible()

    page.get_by_role("link", name="补充合同", exact=True).click()
    page.fill("#increase", "327140.01")
    page.fill("#reason", "再增加一个系统")
    page.get_by_role("button", name="登记补充合同").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("本次超出 ¥0.01")
    expect(refusal).to_contain_text("尚余 ¥327,140.00")

    page.get_by_role("link", name="返回合同").click()
    page.wait_for_load_state()  # the trail is the page's last section: read it whole
    trail = page.locator("#audit")
    expect(trail.get_by_text("新建 补充合同")).to_have_count(1)  # the refused one left no trace
    expect(trail.get_by_text("新建 合同")).to_have_count(1)
    expect(trail.get_by_text("新建 运维项目 × 40")).to_have_count(1)
    assert trail.get_by_role("cell", name="officer").count() >= 3
    page.screenshot(path=str(tmp_path / "journey.png"), full_page=True)
