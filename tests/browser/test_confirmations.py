"""Where money or a legal step follows, the browser asks first: dismissing the question leaves the record as
it was; accepting it carries the action out."""

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, Penalty
from contractmgr.services import penalties
from tests.live_server import sign_in

pytestmark = pytest.mark.browser


def test_confirming_a_penalty_asks_with_its_amount_first(demo, browser_page):
    contract = db.session.scalar(sa.select(Contract).where(Contract.filing_number == "洛采公开-2026-54"))
    penalty = penalties.assess_late_delivery(contract, 10)
    db.session.commit()
    page = browser_page
    sign_in(page, "officer")
    page.goto(f"{page.base}/contracts/{contract.id}#penalties")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.locator("#penalties form[action$='/confirm'] button").click()
    page.wait_for_timeout(300)
    assert db.session.get(Penalty, penalty.id).status == "proposed"
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    with page.expect_navigation():
        page.locator("#penalties form[action$='/confirm'] button").click()
    db.session.expire_all()
    assert db.session.get(Penalty, penalty.id).status == "confirmed"
    amount = f"¥{penalty.amount:,.2f}"
    assert len(questions) == 2 and all(amount in q and "确认" in q for q in questions)
