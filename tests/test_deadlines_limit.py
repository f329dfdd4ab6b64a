"""The deadlines page and feed read the first items by date only (each kind in SQL, in the order of the day
it counts from): the first N must be exactly the first N of the whole list, for every role."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services import acceptance
from contractmgr.services.access import visible_contracts
from contractmgr.services.calendar import working_calendar
from contractmgr.services.deadlines import deadlines_for
from contractmgr.services.generate import generate


def _user(username):
    return db.session.scalar(sa.select(User).where(User.username == username))


def _key(item):
    return (item.kind, item.due_on, item.contract.id, item.ref, item.provisional, item.waiting, item.params)


@pytest.mark.parametrize("username", ["gen-officer", "gen-finance", "gen-vendor-large"])
def test_the_first_items_are_the_first_of_the_whole_list(app, username):
    generate(12, seed=5)
    user = db.session.scalar(sa.select(User).where(User.username == username))
    today, calendar = clock.today(), working_calendar()
    everything = deadlines_for(user, today, calendar)
    assert everything, "generated data gives every role something to do"
    for limit in (1, 3, len(everything) // 2 or 1, len(everything) + 5):
        first = deadlines_for(user, today, calendar, limit=limit)
        assert [_key(i) for i in first] == [_key(i) for i in everything[:limit]]


def test_the_page_offers_more_when_there_is_more(client, app):
    generate(12, seed=5)
    from tests.test_scale import _signed_in

    officer = _signed_in(app, "gen-officer")
    everything = deadlines_for(
        db.session.scalar(sa.select(User).where(User.username == "gen-officer")), clock.today(), working_calendar()
    )
    page = officer.get("/deadlines/?show=2").get_data(as_text=True)
    assert page.count('<tr class="deadline ') == 2
    assert "show=4" in page and 'rel="next"' in page and len(everything) > 2
    whole = officer.get(f"/deadlines/?show={len(everything)}").get_data(as_text=True)
    assert whole.count('<tr class="deadline ') == len(everything) and 'rel="next"' not in whole


def _vendor_contract(title, start, end, *, line_start=None, line_months=12):
    from tests.factories import make_contract
    from tests.supplier.conftest import DEMO_VENDOR, with_materials

    contract = make_contract(title=title, vendor=DEMO_VENDOR, total=Decimal("300000.00"), lines=3, start=start, end=end)
    if line_start is not None:
        contract.lines[2].start_on, contract.lines[2].term_months = line_start, line_months
    with_materials(contract)
    db.session.flush()
    return contract


def test_a_vendors_first_items_count_lines_of_their_own_year_and_reworks(app, demo):
    """The acceptance items of a vendor are read contract by contract in the order of a bound computed in
    SQL: a line whose own year ends after its contract's (from a month's last day, where the engines add
    months differently) and a scope failed twice must still come in their place among the first N."""
    from tests.supplier.test_acceptance import review, submit, upload_everything

    for month in range(10, 19):  # contracts whose year ends a month apart, around the others' items
        end = date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 15)
        _vendor_contract(f"按月{month}", end.replace(year=end.year - 1) + timedelta(days=1), end)
    own_year = _vendor_contract(
        "自有服务年", date(2024, 9, 1), date(2025, 8, 31), line_start=date(2025, 1, 31), line_months=13
    )
    upload_everything(own_year)
    review(submit(own_year, date(2025, 9, 2)), "pass", date(2025, 9, 5))  # only the line's own year is left
    reworked = _vendor_contract("两次整改", date(2024, 9, 1), date(2025, 8, 31))
    upload_everything(reworked)
    review(submit(reworked, date(2025, 9, 2)), "fail", date(2025, 9, 5))
    review(submit(reworked, date(2025, 9, 10)), "fail", date(2025, 12, 1))
    db.session.commit()

    vendor, today, calendar = _user("vendor"), date(2025, 9, 15), working_calendar()
    expected = sorted(
        (
            (
                "acceptance_submission" if scope.state == "open" else "acceptance_rework",
                scope.deadline.on,
                c.id,
                scope.key,
            )
            for c in db.session.scalars(visible_contracts(vendor))
            if c.terminated_on is None or c.terminated_on > today
            for scope in acceptance.scopes_of(c, calendar, today)
            if scope.state in ("open", "rework")
        ),
        key=lambda item: (item[1], item[2], item[0], item[3]),
    )
    assert ("acceptance_submission", date(2026, 3, 20), own_year.id, "line-3") in expected  # year to 2026-02-28
    assert ("acceptance_rework", date(2025, 12, 22), reworked.id, "contract") in expected  # from the second failure
    everything = [i for i in deadlines_for(vendor, today, calendar) if i.kind.startswith("acceptance")]
    assert [(i.kind, i.due_on, i.contract.id, i.ref) for i in everything] == expected
    for limit in range(1, len(expected) + 2):
        first = [i for i in deadlines_for(vendor, today, calendar, limit=limit) if i.kind.startswith("acceptance")]
        assert [(i.kind, i.due_on, i.contract.id, i.ref) for i in first] == expected[: len(first)]
        assert len(first) >= min(limit, len(expected)) - 1  # at most the one local-office item besides
