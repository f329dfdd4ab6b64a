"""The generator makes realistic data through the services, the same for the same seed."""

import shutil
import uuid
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contractmgr.extensions import db
from contractmgr.models import (
    AcceptanceSubmission,
    Contract,
    Payment,
    PaymentMilestone,
    Penalty,
    SupplementaryContract,
    Tender,
    User,
)
from contractmgr.services.generate import REFERENCE_DAY, generate
from contractmgr.services.schedule import contract_schedule
from tests.conftest import USE_POSTGRES, _pg_admin, _pg_url, make_app


def digest() -> list[tuple]:
    """What the generated data says, without database ids."""
    contracts = db.session.scalars(sa.select(Contract).order_by(Contract.filing_number, Contract.year_in_chain))
    rows = []
    for contract in contracts:
        rows.append(
            (
                contract.title,
                contract.vendor.name,
                contract.total_amount,
                contract.start_on,
                [(line.seq, line.amount, line.unit.name) for line in contract.lines],
                [(m.seq, [(p.paid_on, p.amount) for p in m.payments]) for m in contract.milestones],
            )
        )
    rows.append(tuple(db.session.scalars(sa.select(Penalty.status).order_by(Penalty.amount, Penalty.status))))
    return rows


@pytest.fixture
def second_database_uri(template_db, tmp_path):
    if USE_POSTGRES:
        name = f"cm_test_{uuid.uuid4().hex[:10]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template_db}"')
        yield _pg_url(name)
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "second.sqlite"
        shutil.copy(template_db, path)
        yield f"sqlite:///{path}"


def test_the_same_seed_makes_the_same_data(app, second_database_uri, tmp_path):
    generate(12, seed=7)
    first = digest()
    other = make_app(second_database_uri, tmp_path / "second")
    with other.app_context():
        generate(12, seed=7)
        second = digest()
        db.session.remove()
        db.engine.dispose()
    assert first == second
    generate(12, seed=8)
    assert len(digest()) > len(first)  # another seed adds other contracts


def test_generated_data_looks_like_a_bureaus_years(app):
    made = generate(60, seed=3)
    assert made.contracts == db.session.scalar(sa.select(sa.func.count(Contract.id))) == 60
    contracts = db.session.scalars(sa.select(Contract)).all()
    for contract in contracts:
        assert 10 <= len(contract.lines) <= 40
        assert sum(line.amount for line in contract.lines) == contract.total_amount
        assert contract.end_on <= REFERENCE_DAY.replace(year=REFERENCE_DAY.year + 1)
    assert any(c.year_in_chain > 1 for c in contracts)  # renewals
    assert max(c.year_in_chain for c in contracts) <= 3
    assert db.session.scalar(sa.select(sa.func.count(SupplementaryContract.id))) > 0
    statuses = set(db.session.scalars(sa.select(Penalty.status)))
    assert {"confirmed", "waived"} <= statuses
    decisions = set(db.session.scalars(sa.select(AcceptanceSubmission.decision)))
    assert "pass" in decisions
    assert all(isinstance(p.amount, Decimal) for p in db.session.scalars(sa.select(Payment)))
    assert db.session.scalar(sa.select(sa.func.count(Tender.id))) == made.tenders > 0
    # some milestones paid, some not: the overview has something to show in every column
    paid = {m.id for m in db.session.scalars(sa.select(PaymentMilestone).join(Payment))}
    assert 0 < len(paid) < db.session.scalar(sa.select(sa.func.count(PaymentMilestone.id)))
    # vendors of very different sizes, each with a user to sign in as
    sizes = {name: count for name, (_, count) in made.vendor_users.items()}
    assert sizes["gen-vendor-large"] > sizes["gen-vendor-small"]
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.username.like("gen-%"))) == 6
    # every schedule can be read: nothing generated breaks a rule the pages apply
    for contract in contracts:
        schedule = contract_schedule(contract, date(2026, 12, 1))
        assert schedule.net >= 0
