"""When the database refuses a write inside an API call, the API still answers JSON: the handler rolls
the session back before it says anything (it used to fail itself on the broken transaction and let
Flask answer its own HTML page)."""

from datetime import date

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import Contract
from tests.conftest import make_app


@pytest.fixture
def production_app(database_uri, tmp_path):
    """The application as served: exceptions are answered, not raised into the test."""
    app = make_app(database_uri, tmp_path / "instance", PROPAGATE_EXCEPTIONS=False, TESTING=False)
    with app.app_context():
        from contractmgr.services.demo import load_demo

        load_demo()
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def _squat_year_three(seed: Contract) -> None:
    """A contract in the seed's chain that already holds year 3 without renewing the seed: the renewal's
    INSERT breaks the database's UNIQUE (chain_id, year_in_chain)."""
    db.session.execute(
        sa.insert(Contract).values(
            chain_id=seed.chain_id,
            year_in_chain=3,
            title="占位",
            total_amount=seed.total_amount,
            start_on=date(2027, 5, 22),
            end_on=date(2027, 5, 22),
            purchaser_id=seed.purchaser_id,
            vendor_id=seed.vendor_id,
            min_onsite_staff=0,
        )
    )
    db.session.commit()


def test_a_constraint_violation_in_an_api_call_is_answered_in_json_and_rolled_back(production_app):
    from contractmgr.models import User

    seed = db.session.scalar(sa.select(Contract).where(Contract.year_in_chain == 2))
    _squat_year_three(seed)
    user = db.session.scalar(sa.select(User).where(User.username == "officer"))
    headers = {"Authorization": f"Bearer {user.issue_token()}"}
    db.session.commit()
    client = production_app.test_client()
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Contract))
    response = client.post(
        f"/api/v1/contracts/{seed.id}/renewals", json={"start": "2027-05-22", "end": "2028-05-21"}, headers=headers
    )
    assert response.status_code >= 400 and response.is_json, response.get_data(as_text=True)[:300]
    assert response.json["error"] and response.json["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Contract)) == before
    # the next call on the same connection pool works
    assert client.get(f"/api/v1/contracts/{seed.id}", headers=headers).status_code == 200
