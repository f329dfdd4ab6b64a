"""GET /api/v1/contracts/<id>/schedule: milestones with amount, due date, provisional flag,
conditions, deductions and net, money as decimal strings; valid against the OpenAPI document."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator

from contractmgr.extensions import db
from contractmgr.models import User
from contractmgr.services.finance import record_clock_start, record_payment
from contractmgr.services.penalties import confirm_penalty, propose_penalty
from contractmgr.web.api.openapi import document
from tests.finance.conftest import TODAY, ready, user


@pytest.fixture
def bearer(demo):
    def issue(username: str) -> dict:
        token = db.session.scalar(sa.select(User).where(User.username == username)).issue_token()
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return issue


def _valid(payload) -> None:
    schema = {**document(), "$ref": "#/components/schemas/Schedule"}
    errors = [f"{list(e.path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(payload)]
    assert not errors, errors


def test_the_schedule_comes_with_decimal_strings_due_dates_conditions_and_deductions(
    client, bearer, seed_contract, lpr_3_percent
):
    first = ready(seed_contract.milestones[0], date(2026, 5, 22), date(2026, 6, 1))
    penalty = propose_penalty(seed_contract, "late_delivery", amount=Decimal("82714.00"), clause="合同第十三条")
    confirm_penalty(penalty, by=user("officer"), milestone=first)
    record_payment(
        first,
        paid_on=date(2026, 7, 16),
        amount=Decimal("1000000.00"),
        voucher_number="记-0716",
        by=user("finance"),
        today=TODAY,
    )
    db.session.commit()
    response = client.get(f"/api/v1/contracts/{seed_contract.id}/schedule", headers=bearer("finance"))
    assert response.status_code == 200
    body = response.json
    _valid(body)
    one, two = body["milestones"]
    assert (one["amount"], two["amount"]) == ("5789980.00", "2481420.00")
    assert (one["due_on"], one["provisional"]) == ("2026-07-06", False)
    assert one["clock"] == {"event": "contract_signed", "started_on": "2026-05-22", "source": "recorded"}
    assert [(c["kind"], c["met"], c["met_on"]) for c in one["conditions"]] == [
        ("invoice", True, "2026-06-01"),
        ("inspection_reports", True, "2026-06-01"),
    ]
    assert one["conditions"][1]["lines"] == 40
    assert one["deductions"] == [
        {"penalty_id": penalty.id, "kind": "late_delivery", "clause": "合同第十三条", "amount": "82714.00"}
    ]
    assert (one["net"], one["paid"], one["outstanding"]) == ("5707266.00", "1000000.00", "4707266.00")
    # 1,000,000.00 × 3.00% ÷ 360 × 10 days (7–16 July) = 833.333… → 833.33
    interest = one["payments"][0]["late_interest"]
    assert (interest["amount"], interest["days"], interest["day_basis"]) == ("833.33", 10, 360)
    assert (two["due_on"], two["status"]) == (None, "waiting")


def test_a_due_date_in_an_unknown_year_is_flagged_provisional_with_the_year(client, bearer, seed_contract):
    record_clock_start(seed_contract.milestones[0], date(2026, 12, 15), today=date(2026, 12, 15))
    db.session.commit()
    body = client.get(f"/api/v1/contracts/{seed_contract.id}/schedule", headers=bearer("officer")).json
    _valid(body)
    assert (body["milestones"][0]["due_on"], body["milestones"][0]["provisional"]) == ("2027-01-26", True)
    assert body["milestones"][0]["unknown_years"] == [2027]


@pytest.mark.parametrize(
    ("username", "status"), [("finance", 200), ("officer", 200), ("admin", 200), ("vendor", 200), ("vendor2", 404)]
)
def test_who_may_read_a_schedule(client, bearer, seed_contract, username, status):
    response = client.get(f"/api/v1/contracts/{seed_contract.id}/schedule", headers=bearer(username))
    assert response.status_code == status
    if status == 404:
        assert "milestones" not in response.json


def test_the_path_is_in_the_openapi_document(client):
    assert "/contracts/{contract_id}/schedule" in client.get("/api/v1/openapi.json").json["paths"]
