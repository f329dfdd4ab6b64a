"""Vendors' engineers carry phones on site: at 390 px wide no vendor page scrolls sideways (a wide table scrolls
inside its own box)."""

import pytest

from tests.live_server import sign_in

pytestmark = pytest.mark.browser

VENDOR_PAGES = ["/", "/contracts/", "/contracts/{id}", "/vendor/contracts/{id}", "/vendor/contracts/{id}/staff"]
VENDOR_PAGES += ["/vendor/contracts/{id}/inspections", "/deadlines/"]


def test_no_vendor_page_is_wider_than_a_phone(demo, chromium, live_server):
    import sqlalchemy as sa

    from contractmgr.extensions import db
    from contractmgr.models import Contract

    contract_id = db.session.scalar(sa.select(Contract.id).where(Contract.filing_number == "洛采公开-2026-54"))
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.base = live_server
    try:
        sign_in(page, "vendor")
        widths = {}
        for path in VENDOR_PAGES:
            response = page.goto(live_server + path.format(id=contract_id))
            assert response.ok, path
            widths[path] = page.evaluate("document.documentElement.scrollWidth")
        assert widths == dict.fromkeys(VENDOR_PAGES, 390)
    finally:
        context.close()
