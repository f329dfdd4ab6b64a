"""The administrator manages a user in the browser, as issue 14 asks: sees the last sign-in, changes the
role, revokes the API token and the calendar feed, disables and enables, resets the password (which the
user must replace at the next sign-in); the page's change log shows each change. What the pages show is
asserted, and what the user can then do: a disabled user cannot sign in, a revoked token gets 401."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services.deadlines import issue_calendar_token
from tests.live_server import sign_in

pytestmark = pytest.mark.browser

RESET = "a fresh Passphrase 42"
CHOSEN = "my own Passphrase 7"


def accept_next_question(page) -> list[str]:
    """Accept the confirm dialog the next click raises; returns the list its message is put in."""
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    return questions


def another_browser(chromium, base: str):
    page = chromium.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15000)
    page.base = base
    return page


def try_sign_in(page, username: str, password: str) -> None:
    page.goto(page.base + "/login")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("form button.primary")


def test_the_administrator_manages_a_user_and_every_change_shows(demo, browser_page, chromium):
    officer = db.session.scalar(sa.select(User).where(User.username == "officer"))
    officer_id = officer.id
    api_token = officer.issue_token()
    feed_token = issue_calendar_token(officer)
    db.session.commit()
    page = browser_page
    sign_in(page, "admin")
    page.goto(page.base + "/admin/users")
    row = page.locator(f"#user-{officer_id}")
    manage = page.locator(f"#manage-{officer_id}")
    expect(row).to_contain_text("从未登录")
    expect(row.locator("td").nth(5)).to_have_text("1")
    expect(row.locator("td").nth(6)).to_have_text("已发放")
    api = page.request.get(page.base + "/api/v1/contracts", headers={"Authorization": f"Bearer {api_token}"})
    assert api.status == 200

    # the officer signs in elsewhere: the administrator sees when
    officer_page = another_browser(chromium, page.base)
    sign_in(officer_page, "officer")
    page.reload()
    expect(row).not_to_contain_text("从未登录")
    expect(row.locator("td").nth(4)).to_have_text(re.compile(r"\d{4}"))

    # another role, at once in the officer's open session
    manage.locator("summary").click()
    page.select_option(f"#role-{officer_id}-role", "finance")
    manage.locator("form[action$='/role'] button").click()
    expect(page.locator("p.flash")).to_have_text("用户 officer 的角色已改为财务。")
    expect(row.locator("td").nth(1)).to_have_text("财务")
    assert officer_page.goto(officer_page.base + "/tenders/").status == 403
    manage.locator("summary").click()
    page.select_option(f"#role-{officer_id}-role", "procurement")
    manage.locator("form[action$='/role'] button").click()
    expect(row.locator("td").nth(1)).to_have_text("采购经办人")

    # revoke the API token and the calendar feed (asked first)
    manage.locator("summary").click()
    asked = accept_next_question(page)
    manage.locator("form[action$='/revoke'] button").click()
    expect(page.locator("p.flash")).to_have_text("用户 officer 的 1 个 API 令牌和日历订阅链接已撤销。")
    assert asked and "officer" in asked[0]
    expect(row.locator("td").nth(5)).to_have_text("0")
    expect(row.locator("td").nth(6)).to_have_text("无")
    api = page.request.get(page.base + "/api/v1/contracts", headers={"Authorization": f"Bearer {api_token}"})
    assert api.status == 401
    assert page.request.get(f"{page.base}/calendar/{feed_token}.ics").status == 404

    # disable (asked first): the open session ends and signing in is refused; enable again
    asked = accept_next_question(page)
    row.get_by_role("button", name="停用此用户").click()
    expect(row.locator("td").nth(3)).to_contain_text("停用")
    assert asked and "停用用户 officer" in asked[0]
    officer_page.goto(officer_page.base + "/contracts/")
    assert "/login" in officer_page.url
    refused = another_browser(chromium, page.base)
    try_sign_in(refused, "officer", "officer-demo")
    assert "/login" in refused.url
    expect(refused.locator("main")).to_contain_text("用户名或密码不正确。")
    row.get_by_role("button", name="启用此用户").click()
    expect(row.locator("td").nth(3)).to_contain_text("启用")
    try_sign_in(refused, "officer", "officer-demo")
    assert "/login" not in refused.url

    # reset the password (asked first): the user must choose their own at the next sign-in
    manage.locator("summary").click()
    page.fill(f"#password-{officer_id}-password", RESET)
    asked = accept_next_question(page)
    manage.locator("form[action$='/password'] button").click()
    expect(page.locator("p.flash")).to_contain_text("用户 officer 的密码已重设")
    expect(row.locator("td").nth(3)).to_contain_text("下次登录须修改密码")
    refused.goto(refused.base + "/contracts/")
    assert "/login" in refused.url  # the session opened before the reset has ended
    fresh = another_browser(chromium, page.base)
    try_sign_in(fresh, "officer", RESET)
    assert fresh.url.endswith("/account/password")
    expect(fresh.locator("#must-change")).to_contain_text("管理员已重设您的密码")
    fresh.goto(fresh.base + "/contracts/")
    assert fresh.url.endswith("/account/password")
    fresh.fill("#current_password", RESET)
    fresh.fill("#new_password", CHOSEN)
    fresh.fill("#confirm", CHOSEN)
    with fresh.expect_navigation():
        fresh.click("form button.primary")
    fresh.goto(fresh.base + "/contracts/")
    assert fresh.url.endswith("/contracts/")
    page.reload()
    expect(row.locator("td").nth(3)).not_to_contain_text("下次登录须修改密码")

    # the page's change log lists each change, in words
    changes = page.locator("h2#changes ~ table.audit").first
    for words in (
        "角色 采购经办人 财务",
        "角色 财务 采购经办人",
        "有效 API 令牌 1 0",
        "启用 是 否",
        "启用 否 是",
        "下次登录须修改密码 否 是",
        "下次登录须修改密码 是 否",
    ):
        expect(changes).to_contain_text(words)
    expect(changes.locator("tr", has_text="有效 API 令牌")).to_contain_text("admin")
