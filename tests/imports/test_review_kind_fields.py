"""A tender's review shows only what a tender has: the supplier, the signing date, the payment
milestones and the renewal chain are a contract's, hidden for a tender and shown when the officer
makes the document a contract (on the page at once, and after saving without the script)."""

import re

import lxml.html
import pytest

from tests.imports.conftest import form_fields, upload
from tests.live_server import sign_in

#: Where each contract-only part is on the page.
CONTRACT_ONLY = {
    "supplier": "//*[@id='supplier']",
    "signed_on": "//*[@id='signed_on']",
    "milestones": "//legend[contains(., '付款节点')]",
    "chain": "//*[@id='chain']",
}


def _hidden(html: str) -> dict[str, bool]:
    """For each contract-only field, whether the page hides it (inside a hidden kind-only part)."""
    page = lxml.html.fromstring(html)
    hidden = {}
    for name, where in CONTRACT_ONLY.items():
        (field,) = page.xpath(where)
        hidden[name] = bool(field.xpath("ancestor::div[contains(@class, 'kind-only')][@hidden]"))
    return hidden


def test_a_tender_review_hides_the_contract_fields_until_it_is_made_a_contract(officer, tender_docx):
    response = upload(officer, tender_docx)
    review_url = response.headers["Location"]
    page = officer.get(review_url)
    html = page.get_data(as_text=True)
    assert "付款节点（合同第七条）" in html  # on the page, for the script to show ...
    assert all(_hidden(html).values())
    fields = form_fields(page)
    fields.update(kind="contract", save="1")
    officer.post(review_url, data=fields)
    html = officer.get(review_url).get_data(as_text=True)
    assert not any(_hidden(html).values())


@pytest.mark.browser
def test_in_the_browser_the_contract_fields_follow_the_kind_chosen(browser_page, demo, tender_docx, jobs_worker):
    page = browser_page
    sign_in(page, "officer")
    page.goto(page.base + "/imports/")
    page.set_input_files("#file", str(tender_docx))
    page.click("#upload-form button.primary")
    page.wait_for_url(re.compile(r"/imports/\d+$"), timeout=60000)
    for selector in ("#supplier", "#signed_on", "#chain", "text=付款节点（合同第七条）"):
        assert not page.locator(selector).is_visible()
    page.select_option("#kind", "contract")
    for selector in ("#supplier", "#signed_on", "#chain", "text=付款节点（合同第七条）"):
        assert page.locator(selector).is_visible()
