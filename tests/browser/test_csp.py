"""The pages run under the Content-Security-Policy without a single violation in Chromium: no inline
script, no inline style, no inline event handler; the scripts they load still work."""

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from tests.live_server import sign_in

pytestmark = pytest.mark.browser

PAGES = {
    "officer": [
        "/",
        "/contracts/",
        "/contracts/{seed}",
        "/tenders/",
        "/imports/",
        "/procurement/contracts/new",
        "/procurement/waiting",
        "/acceptance/contracts/{seed}",
        "/acceptance/",
        "/deadlines/",
        "/account/password",
    ],
    "finance": ["/finance/", "/contracts/{seed}", "/finance/contracts/{seed}"],
    "vendor": ["/", "/contracts/{seed}", "/vendor/contracts/{seed}", "/deadlines/"],
    "admin": ["/admin/users", "/admin/calendar", "/admin/lpr"],
}


@pytest.mark.parametrize("username", PAGES)
def test_no_page_breaks_the_content_security_policy(demo, browser_page, username):
    page = browser_page
    seed = db.session.scalar(sa.select(Contract.id).where(Contract.filing_number.is_not(None)))
    problems = []
    # Chromium reports each blocked script, style or handler as a console error naming the policy.
    page.on(
        "console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, username)
    for path in PAGES[username]:
        response = page.goto(page.base + path.format(seed=seed))
        assert response.status == 200, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    assert problems == [], problems


def test_the_confirmation_script_still_runs_under_the_policy(demo, browser_page):
    """confirm.js is loaded from /static and asks before a step that moves money (dismissed: not sent)."""
    page = browser_page
    seed = db.session.scalar(sa.select(Contract.id).where(Contract.filing_number.is_not(None)))
    sign_in(page, "vendor")
    page.goto(page.base + f"/vendor/contracts/{seed}")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    form = page.locator("form[data-confirm]")
    if form.count() == 0:
        pytest.skip("no confirmable form on this page for the demo data")
    form.first.evaluate("f => f.requestSubmit()")
    assert asked
