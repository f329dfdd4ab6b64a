"""Each role signs in through a real browser and sees its own navigation, in Chinese."""

import pytest

from tests.live_server import sign_in

pytestmark = pytest.mark.browser

EXPECTED = {
    "officer": (["看板", "合同", "招标项目"], ["用户与角色", "我的合同"]),
    "finance": (["看板", "合同"], ["招标项目", "用户与角色", "我的合同"]),
    "vendor": (["看板", "我的合同"], ["招标项目", "用户与角色"]),
    "admin": (["看板", "用户与角色"], ["我的合同"]),
}


@pytest.mark.parametrize("username", EXPECTED)
def test_each_role_signs_in_and_sees_its_navigation(demo, browser_page, username):
    page = browser_page
    page.goto(page.base + "/")
    assert "/login" in page.url
    assert page.locator("h1").inner_text() == "登录"
    sign_in(page, username)
    nav = page.locator("header nav").inner_text()
    shown, hidden = EXPECTED[username]
    for label in shown:
        assert label in nav
    for label in hidden:
        assert label not in nav


def test_the_officer_sees_the_demo_contract_on_the_dashboard_in_chinese_formats(demo, browser_page):
    page = browser_page
    sign_in(page, "officer")
    body = page.locator("main").inner_text()
    assert "洛阳市行政审批和政务信息管理局2025年第一批市本级政务信息化运维项目（续签）" in body
    assert "¥8,271,400.00" in body
    assert "2026年5月22日" in body
    assert "安阳市政务大数据中心2025年第一批市本级政务信息化运维项目" in body
    assert "第 16、24、30 项等待确认运维开始日期" in body


@pytest.mark.parametrize(
    ("username", "path", "highlighted"),
    [
        ("officer", "/procurement/contracts/1/renewal", "合同"),
        ("officer", "/procurement/contracts/1/audit", "合同"),
        ("officer", "/procurement/contracts/1/supplements/new", "合同"),
        ("officer", "/procurement/contracts/new", "新建合同"),
        ("officer", "/procurement/waiting", "招标项目"),
        ("admin", "/admin/users", "用户与角色"),
        ("admin", "/admin/calendar", "节假日日历"),
        ("admin", "/admin/lpr", "LPR 利率"),
    ],
)
def test_the_menu_highlights_the_one_section_a_page_belongs_to(demo, browser_page, username, path, highlighted):
    page = browser_page
    sign_in(page, username)
    page.goto(page.base + path)
    assert page.locator("header nav a.active").all_inner_texts() == [highlighted]
