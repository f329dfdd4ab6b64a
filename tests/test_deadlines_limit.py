"""The deadlines page and feed read the first items by date only (each kind in SQL, in the order of the day
it counts from): the first N must be exactly the first N of the whole list, for every role."""

import pytest
import sqlalchemy as sa

from contractmgr import clock
from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services.calendar import working_calendar
from contractmgr.services.deadlines import deadlines_for
from contractmgr.services.generate import generate


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
