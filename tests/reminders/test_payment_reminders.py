"""Finance is reminded of a payment across the 2026 National Day break, counted by hand.

2026: 25 Sep (中秋) and 1–2, 5–7 Oct are off; Sun 20 Sep and Sat 10 Oct are make-up working days.
The 洛阳 contract's first payment, clock started Fri 21 Aug 2026, falls due 30 working days later on
Fri 9 Oct: 24–28 Aug (5), 31 Aug–4 Sep (10), 7–11 (15), 14–18 (20), Sun 20 (21), 21–24 (25), 28–30 (28),
8 Oct (29), 9 Oct (30). Reminders: "7" on Tue 22 Sep (23, 24, 28, 29, 30 Sep, 8, 9 Oct), "3" on Tue 29 Sep
(30 Sep, 8, 9 Oct), "1" on Thu 8 Oct, overdue on the make-up Saturday 10 Oct.
"""

from datetime import date

import pytest

from contractmgr.extensions import db
from contractmgr.services.schedule import contract_schedule
from tests.finance.conftest import ready, seed_contract, user  # noqa: F401 — seed_contract is a fixture
from tests.reminders.conftest import body, send, subject

FINANCE = "finance@example.gov.cn"


@pytest.fixture
def first_payment(seed_contract):  # noqa: F811
    ready(seed_contract.milestones[0], date(2026, 8, 21), date(2026, 8, 21))
    user("finance").email = FINANCE
    db.session.commit()
    assert contract_schedule(seed_contract, date(2026, 9, 1)).milestones[0].status.due_on == date(2026, 10, 9)
    return seed_contract


def test_finance_is_reminded_7_3_and_1_working_days_before_and_on_the_first_overdue_working_day(
    app, smtp, first_payment
):
    for day in ("09-21", "09-22", "09-29", "10-01", "10-07", "10-08", "10-09", "10-10", "10-12"):
        send(app, f"2026-{day}")

    payment_days = {
        subject(m).split("：")[1].split(" ")[0]: body(m) for m in smtp.to(FINANCE) if "支付第 1 笔款" in body(m)
    }
    assert list(payment_days) == ["2026年9月22日", "2026年9月29日", "2026年10月8日", "2026年10月10日"]
    assert "还有 7 个工作日到期" in payment_days["2026年9月22日"]
    assert "还有 3 个工作日到期" in payment_days["2026年9月29日"]
    assert "还有 1 个工作日到期" in payment_days["2026年10月8日"]
    assert "已逾期" in payment_days["2026年10月10日"]
    assert f"/contracts/{first_payment.id}" in payment_days["2026年9月22日"]
