"""Fixtures of the officer's work: the 洛阳 seed contract (year 2 of a chain begun 2025-05-22) and clients."""

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract, Tender
from tests.helpers import csrf_token


@pytest.fixture
def seed(demo):
    """The 洛阳 renewal contract of the demo data: ¥8,271,400.00, 40 lines, 2026-05-22 to 2027-05-21."""
    return db.session.scalar(sa.select(Contract).where(Contract.year_in_chain == 2))


@pytest.fixture
def tender(demo):
    """The 安阳 tender: 30 systems of 14 units, items 16, 24 and 30 start on confirmation."""
    return db.session.scalar(sa.select(Tender))


@pytest.fixture
def officer(login, demo):
    return login("officer")


@pytest.fixture
def post_form(client):
    """POST a form the way a browser does: with the CSRF token of the page it sits on."""

    def post(page_url: str, data: dict, url: str | None = None):
        token = csrf_token(client.get(page_url))
        return client.post(url or page_url, data={"csrf_token": token, **data})

    return post


@pytest.fixture
def token(demo):
    """Authorization headers with a fresh bearer token of a demo user."""
    from contractmgr.models import User

    def issue(username: str) -> dict:
        user = db.session.scalar(sa.select(User).where(User.username == username))
        value = user.issue_token()
        db.session.commit()
        return {"Authorization": f"Bearer {value}"}

    return issue
